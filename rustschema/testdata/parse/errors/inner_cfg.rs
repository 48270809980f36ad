#![cfg(feature = "schema")] // ERROR "#\[cfg\] on the schema file: the schema depends on the build"
#![cfg_attr(feature = "v2", schema_version = 2)] // ERROR "#\[cfg_attr\] carries the layout attribute `schema_version`"
#![cfg_attr(docsrs, feature(doc_cfg))]
#[derive(Archive)]
struct S;
