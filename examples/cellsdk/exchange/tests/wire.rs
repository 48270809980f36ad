//! Starts the built `exchange` binary with HOME and the working directory
//! in a temp dir and talks to it with hand-built frames: u32 LE length, a
//! 24-byte header (byte 16 = 64), channel 0, the rkyv archive of an
//! ExchangeProtocol value.

use std::fs;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::mem::size_of;
use std::os::unix::fs::FileTypeExt;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use cell_sdk::ErrorResponse;
use exchange_cell::schema::*;
use rkyv::AlignedVec;

const WAIT: Duration = Duration::from_secs(10);

/// A running cell in its own temp dir; killed and cleaned up on drop.
struct Cell {
    child: Child,
    root: PathBuf,
    home: PathBuf,
    work: PathBuf,
    name: String,
    stderr: Receiver<String>,
}

impl Cell {
    fn start(name: Option<&str>, env: &[(&str, &str)]) -> Cell {
        static SEQ: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "cellsdk-exchange-{}-{}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = fs::remove_dir_all(&root);
        let home = root.join("home");
        let work = root.join("work");
        fs::create_dir_all(&home).unwrap();
        fs::create_dir_all(&work).unwrap();

        let mut cmd = Command::new(env!("CARGO_BIN_EXE_exchange"));
        cmd.current_dir(&work)
            .env("HOME", &home)
            .env_remove("CELL_TEST_SWAP_TAG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(name) = name {
            cmd.arg(name);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start the exchange binary");
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        let name = name.unwrap_or("exchange").to_string();
        let cell = Cell {
            child,
            root,
            home,
            work,
            name,
            stderr,
        };
        let line = stdout.recv_timeout(WAIT).expect("the cell prints a ready line");
        assert_eq!(line, format!("ready {}", cell.name));
        cell
    }

    fn home_socket(&self) -> PathBuf {
        self.home.join(".cell/io").join(format!("{}.sock", self.name))
    }

    fn connect(&self) -> Conn {
        Conn::open(&self.home_socket())
    }

    /// Waits for a stderr line containing text.
    fn expect_stderr(&self, text: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stderr.recv_timeout(left) {
                Ok(line) if line.contains(text) => return,
                Ok(_) => continue,
                Err(_) => panic!("no stderr line containing {text:?}"),
            }
        }
    }
}

impl Drop for Cell {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.root);
    }
}

fn lines<R: Read + Send + 'static>(r: R) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(r).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// One connection to a cell.
struct Conn(UnixStream);

impl Conn {
    fn open(path: &Path) -> Conn {
        let s = UnixStream::connect(path).unwrap_or_else(|e| panic!("connect {}: {e}", path.display()));
        s.set_read_timeout(Some(WAIT)).unwrap();
        Conn(s)
    }

    /// Sends u32 LE len(body), then body.
    fn send_frame(&mut self, body: &[u8]) {
        let mut out = (body.len() as u32).to_le_bytes().to_vec();
        out.extend_from_slice(body);
        self.0.write_all(&out).unwrap();
    }

    /// Sends header + channel + payload as one frame.
    fn send_payload(&mut self, channel: u8, payload: &[u8]) {
        let mut body = vec![0u8; 24];
        body[16] = 64;
        body.push(channel);
        body.extend_from_slice(payload);
        self.send_frame(&body);
    }

    fn read_reply(&mut self) -> Vec<u8> {
        let mut len = [0u8; 4];
        self.0.read_exact(&mut len).expect("reply length");
        let mut reply = vec![0u8; u32::from_le_bytes(len) as usize];
        self.0.read_exact(&mut reply).expect("reply bytes");
        reply
    }

    fn call_raw(&mut self, req: &ExchangeProtocol) -> Vec<u8> {
        self.send_payload(0, &archive(req));
        self.read_reply()
    }

    fn call(&mut self, req: &ExchangeProtocol) -> ExchangeResponse {
        decode(&self.call_raw(req))
    }

    /// Asserts nothing arrives within a short while.
    fn expect_silence(&mut self) {
        self.0.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
        let mut b = [0u8; 1];
        match self.0.read(&mut b) {
            Err(e) if e.kind() == ErrorKind::WouldBlock || e.kind() == ErrorKind::TimedOut => {}
            other => panic!("expected no bytes, got {other:?}"),
        }
        self.0.set_read_timeout(Some(WAIT)).unwrap();
    }
}

fn archive(req: &ExchangeProtocol) -> Vec<u8> {
    rkyv::to_bytes::<_, 1024>(req).expect("archive the request").into_vec()
}

fn aligned(bytes: &[u8]) -> AlignedVec {
    let mut a = AlignedVec::with_capacity(bytes.len());
    a.extend_from_slice(bytes);
    a
}

fn decode(bytes: &[u8]) -> ExchangeResponse {
    let buf = aligned(bytes);
    let archived = rkyv::check_archived_root::<ExchangeResponse>(&buf)
        .unwrap_or_else(|e| panic!("reply {bytes:?} is no ExchangeResponse: {e:?}"));
    rkyv::Deserialize::deserialize(archived, &mut rkyv::Infallible).unwrap()
}

fn decode_error(bytes: &[u8]) -> ErrorResponse {
    let buf = aligned(bytes);
    let archived = rkyv::check_archived_root::<ErrorResponse>(&buf)
        .unwrap_or_else(|e| panic!("reply {bytes:?} is no ErrorResponse: {e:?}"));
    rkyv::Deserialize::deserialize(archived, &mut rkyv::Infallible).unwrap()
}

/// The variant's name, for failure messages (the #[handler] enums derive
/// no Debug).
fn variant(r: &ExchangeResponse) -> &'static str {
    match r {
        ExchangeResponse::Ping(_) => "Ping",
        ExchangeResponse::Count(_) => "Count",
        ExchangeResponse::Echo(_) => "Echo",
        ExchangeResponse::Quote(_) => "Quote",
        ExchangeResponse::Sum(_) => "Sum",
        ExchangeResponse::Place(_) => "Place",
        ExchangeResponse::Book(_) => "Book",
        ExchangeResponse::Toggle(_) => "Toggle",
        ExchangeResponse::Fail(_) => "Fail",
    }
}

fn expect_ping(r: ExchangeResponse) -> u64 {
    match r {
        ExchangeResponse::Ping(v) => v,
        other => panic!("want Ping, got {}", variant(&other)),
    }
}

/// Offset of the root object in an archive of an ExchangeResponse.
fn response_root(bytes: &[u8]) -> usize {
    bytes.len() - size_of::<ArchivedExchangeResponse>()
}

#[test]
fn every_method_answers_its_variant() {
    let cell = Cell::start(None, &[]);
    let mut c = cell.connect();

    assert_eq!(expect_ping(c.call(&ExchangeProtocol::Ping {})), 42);

    match c.call(&ExchangeProtocol::Count {}) {
        ExchangeResponse::Count(v) => assert_eq!(v, 7),
        other => panic!("count: {}", variant(&other)),
    }

    let text = "héllo, cell".to_string();
    match c.call(&ExchangeProtocol::Echo { text: text.clone() }) {
        ExchangeResponse::Echo(v) => assert_eq!(v, text),
        other => panic!("echo: {}", variant(&other)),
    }

    match c.call(&ExchangeProtocol::Quote { symbol: "ACME".into(), depth: 300 }) {
        ExchangeResponse::Quote(q) => assert_eq!(
            q,
            Quote { symbol: "ACME".into(), bid: 99.5, ask: 100.25, depth: 300 }
        ),
        other => panic!("quote: {}", variant(&other)),
    }

    match c.call(&ExchangeProtocol::Sum { values: vec![1, 2, u32::MAX] }) {
        ExchangeResponse::Sum(v) => assert_eq!(v, 3 + u64::from(u32::MAX)),
        other => panic!("sum: {}", variant(&other)),
    }
    match c.call(&ExchangeProtocol::Sum { values: vec![] }) {
        ExchangeResponse::Sum(v) => assert_eq!(v, 0),
        other => panic!("sum []: {}", variant(&other)),
    }

    let order = Order {
        id: 9001,
        symbol: "ACME".into(),
        side: Side::Sell,
        qty: 5,
        limit: Some(101.5),
        tags: vec!["a".into(), "b".into()],
    };
    match c.call(&ExchangeProtocol::Place { order }) {
        ExchangeResponse::Place(ack) => assert_eq!(
            ack,
            OrderAck { id: 9001, accepted: true, note: r#"sell ACME x5 ["a", "b"]"#.into() }
        ),
        other => panic!("place: {}", variant(&other)),
    }
    let order = Order {
        id: 1,
        symbol: "XYZ".into(),
        side: Side::Buy,
        qty: 0,
        limit: None,
        tags: vec![],
    };
    match c.call(&ExchangeProtocol::Place { order }) {
        ExchangeResponse::Place(ack) => assert_eq!(
            ack,
            OrderAck { id: 1, accepted: false, note: "buy XYZ x0 []".into() }
        ),
        other => panic!("place qty 0: {}", variant(&other)),
    }

    let levels = vec![
        Level { price: 99.0, qty: 1 },
        Level { price: 100.0, qty: 2 },
        Level { price: 98.5, qty: 3 },
        Level { price: 101.25, qty: 4 },
    ];
    match c.call(&ExchangeProtocol::Book { symbol: "ACME".into(), levels }) {
        ExchangeResponse::Book(b) => assert_eq!(
            b,
            Book {
                symbol: "ACME".into(),
                bids: vec![Level { price: 99.0, qty: 1 }, Level { price: 98.5, qty: 3 }],
                asks: vec![Level { price: 100.0, qty: 2 }, Level { price: 101.25, qty: 4 }],
            }
        ),
        other => panic!("book: {}", variant(&other)),
    }

    for on in [true, false] {
        match c.call(&ExchangeProtocol::Toggle { on }) {
            ExchangeResponse::Toggle(v) => assert_eq!(v, !on),
            other => panic!("toggle: {}", variant(&other)),
        }
    }
}

/// #[handler]'s dispatch (cell-macros 0.4.1) maps the handler's Err to
/// CellError::SerializationFailure before the membrane sees it, so the
/// reply text carries that, not the handler's own message.
#[test]
fn fail_answers_handler_error_text() {
    let cell = Cell::start(None, &[]);
    let mut c = cell.connect();
    let reply = c.call_raw(&ExchangeProtocol::Fail { reason: "no funds".into() });
    assert_eq!(String::from_utf8(reply).unwrap(), "Handler error: SerializationFailure");
    // The connection goes on.
    assert_eq!(expect_ping(c.call(&ExchangeProtocol::Ping {})), 42);
}

#[test]
fn invalid_bytes_answer_error_response() {
    let cell = Cell::start(None, &[]);
    let mut c = cell.connect();

    // Toggle is the 8th method: tag 7, its bool right after the tag.
    let mut payload = archive(&ExchangeProtocol::Toggle { on: true });
    let root = payload.len() - size_of::<ArchivedExchangeProtocol>();
    assert_eq!(payload[root], 7, "Toggle's tag");
    assert_eq!(payload[root + 1], 1, "on = true");
    payload[root + 1] = 2;
    c.send_payload(0, &payload);
    let err = decode_error(&c.read_reply());
    assert_eq!(err.code, 500);
    assert_eq!(err.cell, "exchange");
    assert!(
        err.message.starts_with("Request validation failed: "),
        "message {:?}",
        err.message
    );

    // A tag past the last variant.
    let mut payload = archive(&ExchangeProtocol::Ping {});
    let root = payload.len() - size_of::<ArchivedExchangeProtocol>();
    assert_eq!(payload[root], 0, "Ping's tag");
    payload[root] = 9;
    c.send_payload(0, &payload);
    assert_eq!(decode_error(&c.read_reply()).code, 500);

    // The connection goes on.
    assert_eq!(expect_ping(c.call(&ExchangeProtocol::Ping {})), 42);
}

#[test]
fn short_frames_and_other_channels_get_no_reply() {
    let cell = Cell::start(None, &[]);
    let mut c = cell.connect();
    c.send_frame(&[0u8; 10]);
    c.send_frame(&[]);
    c.send_payload(1, &archive(&ExchangeProtocol::Count {}));
    // The first reply is the ping's: none came for the frames before it.
    assert_eq!(expect_ping(c.call(&ExchangeProtocol::Ping {})), 42);
    c.expect_silence();
    cell.expect_stderr("10 bytes");
}

#[test]
fn socket_layout_and_neighbor_link() {
    let cell = Cell::start(None, &[]);
    let socket = cell.work.join(".cell/io/in");
    assert!(fs::symlink_metadata(&socket).unwrap().file_type().is_socket());
    let tx = cell.work.join(".cell/neighbors/exchange/tx");
    assert_eq!(fs::read_link(&tx).unwrap(), socket);
    assert_eq!(fs::read_link(cell.home_socket()).unwrap(), socket);

    let mut c = Conn::open(&tx);
    assert_eq!(expect_ping(c.call(&ExchangeProtocol::Ping {})), 42);
    // Two connections at once, each served.
    let mut d = cell.connect();
    assert_eq!(expect_ping(d.call(&ExchangeProtocol::Ping {})), 42);
    assert_eq!(expect_ping(c.call(&ExchangeProtocol::Ping {})), 42);
}

#[test]
fn name_from_argv() {
    let cell = Cell::start(Some("bourse"), &[]);
    assert!(cell.work.join(".cell/neighbors/bourse/tx").exists());
    let mut c = cell.connect();
    assert_eq!(expect_ping(c.call(&ExchangeProtocol::Ping {})), 42);
    let mut payload = archive(&ExchangeProtocol::Toggle { on: false });
    let root = payload.len() - size_of::<ArchivedExchangeProtocol>();
    payload[root + 1] = 3;
    c.send_payload(0, &payload);
    assert_eq!(decode_error(&c.read_reply()).cell, "bourse");
}

#[test]
fn swap_tag_hook_changes_the_reply_variant() {
    let cell = Cell::start(None, &[("CELL_TEST_SWAP_TAG", "0:1")]);
    let mut c = cell.connect();
    let reply = c.call_raw(&ExchangeProtocol::Ping {});
    assert_eq!(reply[response_root(&reply)], 1, "ping's reply carries tag 1");
    match decode(&reply) {
        ExchangeResponse::Count(v) => assert_eq!(v, 42),
        other => panic!("want Count(42), got {}", variant(&other)),
    }
    // A reply with another tag is left alone.
    let reply = c.call_raw(&ExchangeProtocol::Count {});
    assert_eq!(reply[response_root(&reply)], 1);
    match decode(&reply) {
        ExchangeResponse::Count(v) => assert_eq!(v, 7),
        other => panic!("count: {}", variant(&other)),
    }
}

#[test]
fn without_the_hook_ping_carries_tag_0() {
    let cell = Cell::start(None, &[]);
    let mut c = cell.connect();
    let reply = c.call_raw(&ExchangeProtocol::Ping {});
    assert_eq!(reply[response_root(&reply)], 0);
}

#[test]
fn tripwire_closes_the_connection() {
    let cell = Cell::start(None, &[]);
    let mut c = cell.connect();
    c.0.write_all(&u32::MAX.to_le_bytes()).unwrap();
    let mut b = [0u8; 1];
    assert_eq!(c.0.read(&mut b).expect("EOF, not a timeout"), 0, "connection closed");
    cell.expect_stderr("tripwire: 4 GiB frame requested");
    // The cell still serves.
    let mut d = cell.connect();
    assert_eq!(expect_ping(d.call(&ExchangeProtocol::Ping {})), 42);
}
