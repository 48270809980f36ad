// An interop client: calls a cell (a Go cell.Serve in the tests) with the
// sample messages of common/values.rs, built by rkyv, and checks each reply
// with rkyv's validated access and against the expected transformation.
// First it sends a schema request and checks that the cell serves the
// canonical text of CANON_FILE under NAME with this crate's profile.
//
//   client NAME SOCKET CANON_FILE ping|order
//
// Exits 0 after printing "ok: N calls", else non-zero with the first
// difference.
use interop::values::{self, Wire};
use interop::wire::{self, Frame};
use std::fmt::Debug;
use std::os::unix::net::UnixStream;
use std::process::exit;

fn call<Req: Wire, Resp: Wire + PartialEq + Debug>(conn: &mut UnixStream, req: &Req, want: &Resp) -> Result<(), String> {
    wire::write_frame(conn, &req.encode()).map_err(|e| format!("sending: {e}"))?;
    let payload = match wire::read_frame(conn, wire::MAX_MESSAGE).map_err(|e| format!("reading the reply: {e}"))? {
        Some(Frame::Message(p)) => p,
        Some(Frame::Control(_)) => return Err("the reply is a control frame".into()),
        None => return Err("the cell closed the connection without replying".into()),
    };
    let got = Resp::decode(&payload).map_err(|e| format!("the reply fails rkyv's validation: {e}"))?;
    if &got != want {
        return Err(format!("wrong reply:\n got  {got:?}\n want {want:?}"));
    }
    Ok(())
}

fn check_schema(conn: &mut UnixStream, name: &str, canon: &[u8]) -> Result<(), String> {
    let r = wire::request_schema(conn)?;
    if r.name != name {
        return Err(format!("the cell is named {:?}, want {name:?}", r.name));
    }
    if r.profile != interop::PROFILE {
        return Err(format!("the cell's profile is {:?}, this client archives with {:?}", r.profile, interop::PROFILE));
    }
    if r.canon != canon {
        return Err("the cell serves another canonical text than CANON_FILE".into());
    }
    Ok(())
}

fn run(args: &[String]) -> Result<usize, String> {
    let canon = std::fs::read(&args[2]).map_err(|e| format!("reading {}: {e}", args[2]))?;
    let mut conn = UnixStream::connect(&args[1]).map_err(|e| format!("connecting to {}: {e}", args[1]))?;
    check_schema(&mut conn, &args[0], &canon)?;
    let mut n = 0;
    match args[3].as_str() {
        "ping" => {
            for p in values::ping_samples() {
                call(&mut conn, &p, &values::pong(&p)).map_err(|e| format!("ping {n}: {e}"))?;
                n += 1;
            }
        }
        "order" => {
            for o in values::order_samples() {
                call(&mut conn, &o, &values::answer(&o)).map_err(|e| format!("order {n}: {e}"))?;
                n += 1;
            }
        }
        other => return Err(format!("unknown message kind {other:?} (want ping or order)")),
    }
    // A schema request between messages is answered on the same connection.
    check_schema(&mut conn, &args[0], &canon).map_err(|e| format!("after the messages: {e}"))?;
    Ok(n)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 4 {
        eprintln!("usage: client NAME SOCKET CANON_FILE ping|order");
        exit(2);
    }
    match run(&args) {
        Ok(n) => println!("ok: {n} calls"),
        Err(e) => {
            eprintln!("client: {e}");
            exit(1);
        }
    }
}
