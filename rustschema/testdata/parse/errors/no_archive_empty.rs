// ERROR "^no type in the file derives Archive; a schema needs at least one"
fn main() {}
