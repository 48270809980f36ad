use rkyv::Archive;
#[cfg(feature = "std")]
use std::time::Instant;

#[derive(Archive)]
pub struct Sample {
    pub at_ms: u64,
    pub value: f64,
}

#[cfg(feature = "std")]
pub fn now() -> Instant {
    Instant::now()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Archive)]
    struct Fixture {
        a: u8,
    }

    #[test]
    fn sample() {
        let _ = Sample { at_ms: 1, value: 2.0 };
    }
}
