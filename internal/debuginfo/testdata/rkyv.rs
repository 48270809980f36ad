// A crate named rkyv for debuginfo_test.go: library types named like
// schema types.
pub struct ArchivedUnit {
    pub x: u32,
}
