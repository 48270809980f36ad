#!/usr/bin/env run-cargo-script
// A shebang line is skipped like rustc does.
#[derive(Archive)]
struct S(u8);
