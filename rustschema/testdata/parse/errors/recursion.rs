type Al = Option<R8>; // ERROR "recursive type R8 has infinite size: R8 contains R8 by value"

#[derive(Archive)]
struct R1 { a: R1 } // ERROR "recursive type R1 has infinite size: R1 contains R1 by value; insert indirection"
#[derive(Archive)]
struct R2 { a: [R2; 0] } // ERROR "recursive type R2 has infinite size"
#[derive(Archive)]
struct R3 { a: Option<Self> } // ERROR "recursive type R3 has infinite size"
#[derive(Archive)]
struct R4(u8, (u8, R4)); // ERROR "recursive type R4 has infinite size"
#[derive(Archive)]
struct R5 { b: R6 }
#[derive(Archive)]
struct R6 { a: Result<u8, R5> } // ERROR "recursive type R5 has infinite size: R5 contains R6 contains R5 by value"
#[derive(Archive)]
enum R7 { A, B(R7) } // ERROR "recursive type R7 has infinite size"
#[derive(Archive)]
struct R8 { a: Al }
#[derive(Archive)]
struct Fine { a: Box<Fine>, b: Vec<Fine>, c: Option<Box<Fine>>, d: std::marker::PhantomData<Fine>, e: Box<[Fine]> }
