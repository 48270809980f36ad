// Discriminants: implicit, explicit, constant expressions.
const BASE: i32 = 100;
const STEP: i32 = BASE / 10;

#[derive(Archive)]
enum Implicit { A, B, C }

#[derive(Archive)]
enum Explicit { A = 5, B, C = 0x10, D, E = 0b11, F = 0o7 + 1_00 }

#[derive(Archive)]
#[repr(i8)]
enum Signed { Min = -128, Neg = -1, Zero, Max = 127 }

#[derive(Archive)]
#[repr(i32)]
enum Computed {
    A = BASE,
    B = BASE + STEP,
    C = (BASE - 1) * 2,
    D = 1 << 4,
    E = 0xff & 0x0f | 0x100,
    F = -(3 + 4),
    G = !0,
    H = 7 % 4 ^ 1,
    I = 256 >> 2,
    J = crate::BASE + 1i32,
}

#[derive(Archive)]
#[repr(u8)]
enum Bytes { A = 254, B, Data(u8) = 3, Bits = !0x0fu8 }

#[derive(Archive)]
#[repr(i64)]
enum Wide { Min = -9223372036854775808, Max = 9223372036854775807 }

#[derive(Archive)]
enum NegDefault { A = -5, B, C }
