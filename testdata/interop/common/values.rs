// The sample messages and the cell's transformation, on the native Rust
// types: the same in both rkyv versions, and mirrored by the Go tests
// (internal/interop), which send these samples, serve the same
// transformation and compare the golden files with these values. A change
// here needs the same change there.
use crate::schema::{Event, Leg, Order, Ping, Pong, Venue};

/// A root message type carried in frames: encoded and decoded with the
/// crate's rkyv (src/lib.rs), decoding through rkyv's validated access.
pub trait Wire: Sized {
    fn encode(&self) -> Vec<u8>;
    fn decode(bytes: &[u8]) -> Result<Self, String>;
}

/// The cell's answer to a Ping.
pub fn pong(p: &Ping) -> Pong {
    Pong {
        seq: p.seq.wrapping_add(1),
        sum: p.value * 2.0,
        count: p.count.wrapping_mul(3),
        code: p.code ^ 0xffff,
        ok: !p.flag,
        tag: p.tag.wrapping_add(1),
    }
}

fn answer_leg(l: &Leg) -> Leg {
    Leg { symbol: format!("{}!", l.symbol), qty: l.qty.wrapping_add(1) }
}

/// The cell's answer to an Order: every field changes, so a reply that
/// merely echoes the request (or drops a field) is caught.
pub fn answer(o: &Order) -> Order {
    Order {
        id: o.id.wrapping_add(1),
        account: format!("{}/ack", o.account),
        legs: o.legs.iter().rev().map(answer_leg).collect(),
        limit: match o.limit {
            None => Some(None),
            Some(None) => None,
            Some(Some(x)) => Some(Some(x.wrapping_add(1))),
        },
        note: o.note.as_ref().map(|n| format!("{n}+")),
        parent: o.parent.as_ref().map(|l| Box::new(answer_leg(l))),
        venue: Box::new(Venue { name: format!("{}.", o.venue.name), mic: o.venue.mic.map(|b| b ^ 0x20) }),
        event: match &o.event {
            Event::Halt => Event::Fill(0, "halted".into()),
            Event::Fill(n, s) => Event::Cancel { reason: s.clone(), code: *n as u16 },
            Event::Cancel { .. } => Event::Halt,
        },
    }
}

pub fn ping_samples() -> Vec<Ping> {
    vec![
        Ping { seq: 1, value: 1.5, count: 7, code: 0x1234, flag: true, tag: 9 },
        Ping { seq: u64::MAX, value: -0.25, count: u32::MAX, code: 0, flag: false, tag: 255 },
    ]
}

// qty.into(): the drifted schema widens Leg::qty to u64.
#[allow(clippy::useless_conversion)]
fn leg(symbol: &str, qty: u32) -> Leg {
    Leg { symbol: symbol.into(), qty: qty.into() }
}

/// Strings around both inline limits (7 bytes in 0.7, 8 in 0.8) and far
/// beyond them, empty ones and non-ASCII UTF-8; every option state; every
/// enum variant.
pub fn order_samples() -> Vec<Order> {
    vec![
        Order {
            id: 42,
            account: "desk-7/alice@example.com".into(),
            legs: vec![leg("AAPL", 5), leg("a much longer symbol than any inline form", 7), leg("", 0)],
            limit: Some(Some(1250)),
            note: Some("Zürich→東京, a note longer than eight bytes".into()),
            parent: Some(Box::new(leg("PARENT-01", 3))),
            venue: Box::new(Venue { name: "XNAS".into(), mic: *b"XNAS" }),
            event: Event::Fill(17, "partial fill of the order".into()),
        },
        Order {
            id: 0,
            account: "1234567".into(),
            legs: vec![],
            limit: None,
            note: None,
            parent: None,
            venue: Box::new(Venue { name: "12345678".into(), mic: [0, 1, 2, 3] }),
            event: Event::Halt,
        },
        Order {
            id: u64::MAX,
            account: "12345678".into(),
            legs: vec![leg("123456789", u32::MAX)],
            limit: Some(None),
            note: Some(String::new()),
            parent: None,
            venue: Box::new(Venue { name: String::new(), mic: *b"abcd" }),
            event: Event::Cancel { reason: "risk limit exceeded by the account".into(), code: 503 },
        },
    ]
}
