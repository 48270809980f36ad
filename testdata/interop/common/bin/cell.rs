// An interop cell: serves the framing of docs/protocol.md on a Unix socket,
// answers schema requests with the canonical text of a file, and answers
// each message (validated with rkyv's checked access; an invalid one closes
// the connection) with the transformation of common/values.rs.
//
//   cell NAME SOCKET CANON_FILE ping|order
//   cell --print-schema     the schema.rs text this binary was built from
//
// It prints "ready" on stdout once it listens, and one line on stderr per
// schema request ("schema request"), per message ("message N bytes") and
// per refused message ("invalid request: ..."), for the Go tests.
use interop::values::{self, Wire};
use interop::wire::{self, Frame};
use interop::schema::{Order, Ping};
use std::io::Write;
use std::os::unix::net::{UnixListener, UnixStream};
use std::process::exit;
use std::sync::Arc;

type Handler = fn(&[u8]) -> Result<Vec<u8>, String>;

fn ping(payload: &[u8]) -> Result<Vec<u8>, String> {
    Ok(values::pong(&Ping::decode(payload)?).encode())
}

fn order(payload: &[u8]) -> Result<Vec<u8>, String> {
    Ok(values::answer(&Order::decode(payload)?).encode())
}

fn serve_conn(conn: &mut UnixStream, name: &str, reply: &[u8], handle: Handler) -> Result<(), String> {
    loop {
        let frame = match wire::read_frame(conn, wire::MAX_MESSAGE).map_err(|e| format!("reading a frame: {e}"))? {
            None => return Ok(()),
            Some(f) => f,
        };
        let out = match frame {
            Frame::Control(rest) => match wire::check_schema_request(&rest) {
                Ok(()) => {
                    eprintln!("schema request");
                    reply.to_vec()
                }
                Err((code, msg)) => {
                    let _ = conn.write_all(&wire::error_reply(name, code, msg));
                    return Err(format!("bad schema request: {msg}"));
                }
            },
            Frame::Message(payload) => {
                eprintln!("message {} bytes", payload.len());
                let resp = handle(&payload).map_err(|e| format!("invalid request: {e}"))?;
                let mut f = (resp.len() as u32).to_le_bytes().to_vec();
                f.extend(resp);
                f
            }
        };
        conn.write_all(&out).map_err(|e| format!("writing: {e}"))?;
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() == 1 && args[0] == "--print-schema" {
        print!("{}", interop::SCHEMA_RS);
        return;
    }
    if args.len() != 4 {
        eprintln!("usage: cell NAME SOCKET CANON_FILE ping|order | cell --print-schema");
        exit(2);
    }
    let handle: Handler = match args[3].as_str() {
        "ping" => ping,
        "order" => order,
        other => {
            eprintln!("cell: unknown message kind {other:?} (want ping or order)");
            exit(2);
        }
    };
    if args[0].is_empty() || args[0].len() > 128 {
        eprintln!("cell: a cell name is 1 to 128 bytes (docs/protocol.md §5), got {:?}", args[0]);
        exit(2);
    }
    let canon = std::fs::read(&args[2]).unwrap_or_else(|e| {
        eprintln!("cell: reading {}: {e}", args[2]);
        exit(1);
    });
    let name: Arc<str> = args[0].as_str().into();
    let reply: Arc<[u8]> = wire::schema_reply(&name, interop::PROFILE, &canon).into();
    let _ = std::fs::remove_file(&args[1]);
    let listener = UnixListener::bind(&args[1]).unwrap_or_else(|e| {
        eprintln!("cell: listening on {}: {e}", args[1]);
        exit(1);
    });
    println!("ready");
    std::io::stdout().flush().expect("stdout");
    for conn in listener.incoming() {
        let conn = match conn {
            Ok(c) => c,
            Err(e) => {
                eprintln!("cell: accept: {e}");
                continue;
            }
        };
        let (name, reply) = (name.clone(), reply.clone());
        std::thread::spawn(move || {
            let mut conn = conn;
            // Logged before the connection closes, so that a peer seeing the
            // close finds the reason in the log.
            if let Err(e) = serve_conn(&mut conn, &name, &reply, handle) {
                eprintln!("{e}; closing the connection");
            }
        });
    }
}
