// Types declared inside a function are not part of the schema: rkyv's
// examples declare them in fn main. The error says where they are and
// what to do, even when the file has top-level Archive types too.
use rkyv::{Archive, Deserialize, Serialize};

#[derive(Archive)]
pub struct TopLevel(u8);

fn main() {
    #[derive(Archive, Deserialize, Serialize, Debug, PartialEq)] // ERROR "^Archive types are declared inside fn main \(Test, Kind\), where they are not part of the schema; move them to the top level of the schema file$"
    #[rkyv(compare(PartialEq), derive(Debug))]
    struct Test {
        int: u8,
        kind: Kind,
    }

    #[derive(Archive)]
    pub(crate) enum Kind { A }
}

pub async fn handler() {
    #[derive(rkyv::Archive)] // ERROR "^Archive type Reply is declared inside fn handler, where it is not part of the schema; move it to the top level of the schema file$"
    struct Reply;
}

impl TopLevel {
    const fn helper() {
        #[derive(Archive)] // ERROR "^Archive type Local is declared inside fn helper"
        enum Local { X }
    }
}

// Under #[cfg(test)] they are fine.
#[cfg(test)]
fn fixture() {
    #[derive(Archive)]
    struct Fixture;
}
