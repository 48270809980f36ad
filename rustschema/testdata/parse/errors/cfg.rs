// Without a cfg set the schema must not depend on the build. A use, constant or
// alias that no Archive type needs may carry any cfg (see cfg_needed.rs).
#[cfg(feature = "std")]
use std::collections::HashMap;
#[cfg(target_pointer_width = "64")]
const N: usize = 8;
#[cfg(test)]
type T = u8;

#[derive(Archive)]
#[cfg(feature = "x")] // ERROR "#\[cfg\] on an Archive type: the schema depends on the build; read it with the build's cfg set \(--cfg 'feature=\"x\"'\)"
struct A {
    #[cfg(feature = "y")] // ERROR "#\[cfg\] on a field: the schema depends on the build; read it with the build's cfg set \(--cfg 'feature=\"y\"'\)"
    a: u8,
    #[cfg_attr(feature = "y", rkyv(with = Skip))] // ERROR "#\[cfg_attr\] carries the layout attribute `rkyv`"
    b: u8,
    #[cfg_attr(feature = "serde", serde(rename = "c"))]
    c: u8,
}

#[derive(Archive)]
enum E {
    #[cfg(unix)] // ERROR "#\[cfg\] on an enum variant: the schema depends on the build; read it with the build's cfg set \(--cfg 'unix'\)"
    A,
}

#[cfg_attr(feature = "rkyv", derive(Archive))] // ERROR "#\[cfg_attr\] derives Archive: the schema depends on the build; read it with the build's cfg set \(--cfg 'feature=\"rkyv\"'\)"
struct B;

#[derive(Archive)]
#[cfg_attr(all(), repr(C))] // ERROR "#\[cfg_attr\] carries the layout attribute `repr`"
#[cfg_attr(a, cfg_attr(b, archive_attr(repr(C))))] // ERROR "#\[cfg_attr\] carries the layout attribute `archive_attr`"
struct C;

// Skipped items may carry #[cfg]: they never reach the schema.
#[cfg(test)]
mod tests {}
#[cfg(test)]
fn helper() {}
#[cfg(feature = "x")]
struct NotArchived;

// A module under a cfg the cfg set does not decide is refused when it
// holds an Archive type; only #[cfg(test)] modules are skipped.
#[cfg(feature = "x")]
mod gated {
    #[derive(Archive)]
    struct G; // ERROR "Archive type G is in module crate::gated, declared under #\[cfg\(feature = \"x\"\)\] \(at 46:5\): the schema depends on the build"
}
