// Constants as array lengths, type aliases, Self and recursion through
// indirection.
pub const N: usize = 4;
const M: usize = N * 2 + 1;
const K: usize = (M - 1) / 2;
const L: usize = self::K << 1;
const SHIFTED: u8 = 0xff << 4;
const NAME: &str = "not an integer, never used";
static GLOBAL: u32 = 5;
const _: () = ();
const UNUSED: usize = core::mem::size_of::<u64>();
const FN_LIKE: fn() -> u8 = f;

type Id = u64;
type Ids = Vec<Id>;
type MoreIds = Ids;
type Grid = [[u8; N]; M];
pub(crate) type Node = Box<Tree>;
type Generic<T> = Vec<T>;
type Unused = &'static str;

#[derive(Archive)]
pub struct Buffers {
    a: [u8; N],
    b: [u8; M],
    c: [u16; K],
    d: [u8; L],
    e: [u8; 2 * N + 1],
    f: [u8; 16usize],
    g: [u8; crate::N],
}

#[derive(Archive)]
pub struct Tree {
    id: Id,
    ids: MoreIds,
    grid: Grid,
    left: Option<Node>,
    right: Option<Box<Self>>,
    children: Vec<Tree>,
    by_name: std::collections::BTreeMap<String, Self>,
    forward: Later,
}

#[derive(Archive)]
pub enum Later {
    Leaf,
    Branch(Box<Later>, Box<Tree>),
    List(Vec<Self>),
}

#[derive(Archive)]
pub struct Small { shifted: [u8; 3] }
