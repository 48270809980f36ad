#[derive(Archive)]
pub(crate) struct A {
    pub a: u8,
    pub(crate) b: u8,
    pub(self) c: u8,
    pub(super) d: u8,
    pub(in crate::x) e: u8,
    f: u8,
}

#[derive(Archive)]
pub(super) struct T(pub (u8, u16), pub(crate) u32, pub(in super) [u8; 2], pub (u8));

#[derive(Archive)]
pub(in crate::schema) enum E { A { pub_field: u8 } }
