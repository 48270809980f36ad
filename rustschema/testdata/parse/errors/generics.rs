#[derive(Archive)]
struct S<T> { a: T } // ERROR "generic type definitions are not supported: struct S<T>"
#[derive(Archive)]
struct L<'a, T>(&'a T); // ERROR "generic type definitions are not supported: struct L<'a, T> \(only lifetime parameters are\)"
#[derive(Archive)]
enum E<T: Clone, const N: usize> { A(T) } // ERROR "generic type definitions are not supported: enum E<T: Clone, const N: usize>"
#[derive(Archive)]
struct W where u8: Copy { a: u8 } // ERROR "where clauses are not supported: struct W where u8: Copy"
#[derive(Archive)]
struct W2(u8) where u8: Copy; // ERROR "where clauses are not supported: struct W2 where u8: Copy"
#[derive(Archive)]
struct N<T: Fn(u8) -> Vec<Vec<u8>>> { a: u8 } // ERROR `generic type definitions are not supported: struct N<T: Fn\(u8\) -> Vec<Vec<u8>>>`
#[derive(Archive)]
struct W3 where F: Fn(u8) -> u8 { a: u8 } // ERROR `where clauses are not supported: struct W3 where F: Fn\(u8\) -> u8$`
