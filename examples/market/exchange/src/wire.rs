//! The cell framing and the schema request (docs/protocol.md §1-§4, §8).

use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;
use std::time::Duration;

/// The canonical text of src/schema.rs, made by `cellvet fp --canon` at
/// build time: the schema reply carries it byte for byte.
pub static CANON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/schema.cfp"));

/// The BLAKE3-256 digest of CANON, 64 hex digits (`cellvet fp --digest`).
pub static DIGEST_HEX: &str = include_str!(concat!(env!("OUT_DIR"), "/schema.digest"));

/// The largest request payload the exchange reads (the runtime's default).
pub const MAX_MESSAGE: u32 = 16 << 20;

/// How long the rest of a frame may take once its length word has come,
/// and a reply to be written (docs/protocol.md §6, the request timeout): a
/// peer that stops mid-frame cannot hold the connection's thread.
pub const FRAME_TIMEOUT: Duration = Duration::from_secs(10);

const CONTROL: u32 = 0xFFFF_FFFF;
const REQUEST_MAGIC: &[u8; 8] = b"CELLSCHQ";
const REPLY_MAGIC: &[u8; 8] = b"CELLSCHR";
/// rkyv 0.8, 32-bit pointers, little-endian, aligned: the rkyv features
/// this crate is built with, and the profile line of CANON.
const PROFILE: [u8; 4] = [8, 32, 0, 0];

/// One frame read from a connection.
pub enum Frame {
    /// A message payload.
    Message(Vec<u8>),
    /// A schema request, already answered.
    Schema,
}

/// The reply to every schema request: encoded once at start-up.
pub struct Responder {
    name: String,
    schema_reply: Vec<u8>,
}

impl Responder {
    pub fn new(name: &str) -> Responder {
        let digest = decode_hex(DIGEST_HEX.trim()).expect("build.rs wrote a bad digest");
        let mut p = header(name, 0);
        p.extend(PROFILE);
        p.extend(digest);
        p.extend((CANON.len() as u32).to_le_bytes());
        p.extend(CANON);
        Responder {
            name: name.to_string(),
            schema_reply: frame(&p),
        }
    }

    /// Reads the next frame: a message, or a schema request that it answers.
    /// Ok(None) is the peer closing the connection between frames. Between
    /// frames it waits as long as the peer keeps the connection; within a
    /// frame, FRAME_TIMEOUT.
    pub fn read_frame(&self, conn: &mut UnixStream) -> io::Result<Option<Frame>> {
        conn.set_read_timeout(None)?;
        let mut len = [0u8; 4];
        match conn.read_exact(&mut len) {
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
            r => r?,
        }
        conn.set_read_timeout(Some(FRAME_TIMEOUT))?;
        conn.set_write_timeout(Some(FRAME_TIMEOUT))?;
        let len = u32::from_le_bytes(len);
        if len == CONTROL {
            self.answer_control(conn)?;
            return Ok(Some(Frame::Schema));
        }
        if len > MAX_MESSAGE {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("request of {len} bytes exceeds the {MAX_MESSAGE}-byte limit"),
            ));
        }
        let mut msg = vec![0u8; len as usize];
        conn.read_exact(&mut msg)?;
        Ok(Some(Frame::Message(msg)))
    }

    fn answer_control(&self, conn: &mut UnixStream) -> io::Result<()> {
        let mut req = [0u8; 12];
        conn.read_exact(&mut req)?;
        let version = u16::from_le_bytes([req[8], req[9]]);
        let refusal = if &req[..8] != REQUEST_MAGIC {
            Some((4, "not a schema request"))
        } else if version == 0 {
            Some((1, "this cell speaks schema protocol version 1"))
        } else {
            None
        };
        if let Some((code, msg)) = refusal {
            let mut p = header(&self.name, 1);
            p.extend((code as u16).to_le_bytes());
            p.extend((msg.len() as u16).to_le_bytes());
            p.extend(msg.as_bytes());
            conn.write_all(&frame(&p))?;
            return Err(io::Error::new(io::ErrorKind::InvalidData, msg));
        }
        conn.write_all(&self.schema_reply)
    }
}

/// The 12-byte reply header and the cell's name.
fn header(name: &str, status: u8) -> Vec<u8> {
    let mut p = Vec::with_capacity(64 + CANON.len());
    p.extend(REPLY_MAGIC);
    p.extend(1u16.to_le_bytes());
    p.push(status);
    p.push(name.len() as u8);
    p.extend(name.as_bytes());
    p
}

/// A payload with its u32 little-endian length word.
pub fn frame(payload: &[u8]) -> Vec<u8> {
    let mut f = Vec::with_capacity(4 + payload.len());
    f.extend((payload.len() as u32).to_le_bytes());
    f.extend(payload);
    f
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}
