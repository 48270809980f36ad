#[derive(Archive)]
struct A { x: u8, y: u8, x: u16 } // ERROR `field x is already declared \(at 2:12\)`
struct A; // ERROR `the name A is defined multiple times \(first at 2:8\)`
type A = u8; // ERROR "the name A is defined multiple times"
const C: usize = 1;
const C: usize = 2; // ERROR "the constant C is defined multiple times"
#[derive(Archive)]
enum E { V, W, V(u8) } // ERROR `variant V is defined multiple times in enum E \(first at 8:10\)`
#[derive(Archive)]
struct T(u8, u8);
