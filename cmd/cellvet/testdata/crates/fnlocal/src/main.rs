use rkyv::Archive;

fn main() {
    #[derive(Archive)]
    struct Test {
        int: u8,
        string: String,
    }
    let _ = Test { int: 1, string: String::new() };
}
