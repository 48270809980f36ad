//! The exchange's answers. The Go market cell (examples/market/gocell)
//! answers the same way, so that a trader sees one behaviour from either.

use crate::schema::{ArchivedOrder, ArchivedRequest, ArchivedSide, MarketMsg, Quote, DEPTH};
use rkyv::rancor::Error;
use rkyv::util::AlignedVec;

/// Shown in every quote: which cell answered.
pub const VENUE: &str = "XNYS via the Rust exchange";

/// The largest order the exchange accepts.
pub const MAX_QTY: u32 = 10_000;

/// Validates the archived request in payload (rkyv's checked access) and
/// returns the archived reply.
pub fn answer(payload: &[u8]) -> Result<AlignedVec, Error> {
    // rkyv reads the archive in place: copy it to 16-byte-aligned memory.
    let mut buf = AlignedVec::<16>::with_capacity(payload.len());
    buf.extend_from_slice(payload);
    let reply = match rkyv::access::<ArchivedRequest, Error>(&buf)? {
        ArchivedRequest::Quote(q) => {
            MarketMsg::Quote(quote(q.symbol.as_str(), q.depth.to_native()))
        }
        ArchivedRequest::Place(o) => place(o),
    };
    rkyv::to_bytes::<Error>(&reply)
}

/// A deterministic book: prices from the symbol's bytes, sizes by level.
pub fn quote(symbol: &str, depth: u16) -> Quote {
    let h: u32 = symbol.bytes().map(u32::from).sum();
    let bid = 100.0 + f64::from(h % 400) * 0.25;
    let mut bid_sizes = [0u32; DEPTH];
    for (i, s) in bid_sizes.iter_mut().enumerate().take(usize::from(depth)) {
        *s = 100 * (DEPTH - i) as u32;
    }
    Quote {
        bid,
        ask: bid + 0.25,
        bid_sizes,
        venue: VENUE.to_string(),
    }
}

fn place(o: &ArchivedOrder) -> MarketMsg {
    let qty = o.qty.to_native();
    let limit = o.limit.as_ref().map(|l| l.to_native());
    let accepted = qty > 0 && qty <= MAX_QTY && limit.is_none_or(|l| l > 0.0);
    let side = match o.side {
        ArchivedSide::Buy => "buy",
        ArchivedSide::Sell => "sell",
    };
    let price = limit.map_or("market".to_string(), |l| format!("{l:.2}"));
    let tags: Vec<&str> = o.tags.iter().map(|t| t.as_str()).collect();
    let verb = if accepted { "accepted" } else { "rejected" };
    MarketMsg::OrderAck {
        id: o.id.to_native(),
        accepted,
        note: format!("{verb}: {side} {qty} @ {price} [{}]", tags.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{ArchivedMarketMsg, Order, QuoteRequest, Request, Side};

    fn call(req: &Request) -> MarketMsg {
        let bytes = rkyv::to_bytes::<Error>(req).unwrap();
        let reply = answer(&bytes).unwrap();
        rkyv::deserialize::<MarketMsg, Error>(
            rkyv::access::<ArchivedMarketMsg, Error>(&reply).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn quotes() {
        let got = call(&Request::Quote(QuoteRequest {
            symbol: "ACME.XNYS".into(),
            depth: 2,
        }));
        // 'A'+'C'+'M'+'E'+'.'+'X'+'N'+'Y'+'S' = 662; 662 % 400 = 262.
        let want = Quote {
            bid: 165.5,
            ask: 165.75,
            bid_sizes: [400, 300, 0, 0],
            venue: VENUE.into(),
        };
        assert_eq!(got, MarketMsg::Quote(want));
    }

    #[test]
    fn orders() {
        let cases = [
            (
                7,
                Side::Buy,
                5,
                Some(101.5),
                vec!["desk-7/alice", "strategy:mean-reversion"],
                true,
                "accepted: buy 5 @ 101.50 [desk-7/alice, strategy:mean-reversion]",
            ),
            (
                8,
                Side::Sell,
                20_000,
                None,
                vec![],
                false,
                "rejected: sell 20000 @ market []",
            ),
            (
                9,
                Side::Buy,
                1,
                Some(-1.0),
                vec!["x"],
                false,
                "rejected: buy 1 @ -1.00 [x]",
            ),
        ];
        for (id, side, qty, limit, tags, accepted, note) in cases {
            let tags = tags.into_iter().map(String::from).collect();
            let got = call(&Request::Place(Order {
                id,
                side,
                qty,
                limit,
                tags,
            }));
            assert_eq!(
                got,
                MarketMsg::OrderAck {
                    id,
                    accepted,
                    note: note.into()
                }
            );
        }
    }

    #[test]
    fn refuses_garbage() {
        assert!(answer(&[1, 2, 3]).is_err());
        let mut bytes = rkyv::to_bytes::<Error>(&Request::Quote(QuoteRequest {
            symbol: "A".into(),
            depth: 1,
        }))
        .unwrap()
        .to_vec();
        let last = bytes.len() - 48;
        bytes[last] = 9; // no such variant
        assert!(answer(&bytes).is_err());
    }
}
