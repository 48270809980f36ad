// Built twice as crate dup by debuginfo_test.go (with --cfg wide the second
// time): two definitions of dup::ArchivedConflict that disagree.
#[cfg(not(wide))]
pub struct ArchivedConflict {
    pub x: u32,
}

#[cfg(wide)]
pub struct ArchivedConflict {
    pub x: u64,
}
