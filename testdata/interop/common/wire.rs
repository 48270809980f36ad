// The framing and the schema request of docs/protocol.md, as a Rust cell
// implements them (§8 there): a frame is a u32 little-endian length and
// that many payload bytes; the length 0xFFFFFFFF starts a control frame,
// whose only kind is the schema request (`CELLSCHQ`, a u16 version, a u16
// flags word), answered with the `CELLSCHR` reply.
use std::io::{self, Read, Write};

/// The reserved length word that starts a control frame.
pub const CONTROL: u32 = 0xFFFF_FFFF;
/// The cell's own frame limit, the Go runtime's default (16 MiB).
pub const MAX_MESSAGE: u32 = 16 << 20;
/// The schema request, version 1, flags 0 (protocol.md §2).
pub const SCHEMA_REQUEST: [u8; 16] = *b"\xff\xff\xff\xffCELLSCHQ\x01\x00\x00\x00";
/// The largest schema reply payload a client accepts (protocol.md §3).
pub const MAX_SCHEMA_REPLY: u32 = 1 << 20;

/// One frame read where a length word is expected.
pub enum Frame {
    /// A message payload.
    Message(Vec<u8>),
    /// A control frame: the 12 bytes after the control word.
    Control([u8; 12]),
}

fn header(name: &str, status: u8) -> Vec<u8> {
    assert!(!name.is_empty() && name.len() <= 128, "cell name of {} bytes", name.len());
    let mut p = Vec::with_capacity(64);
    p.extend_from_slice(b"CELLSCHR");
    p.extend_from_slice(&1u16.to_le_bytes());
    p.push(status);
    p.push(name.len() as u8);
    p.extend_from_slice(name.as_bytes());
    p
}

fn framed(payload: Vec<u8>) -> Vec<u8> {
    let mut f = (payload.len() as u32).to_le_bytes().to_vec();
    f.extend(payload);
    f
}

/// The schema reply frame of cell `name` archiving with `profile`
/// (protocol.md §3.3) for the canonical text `canon`, hashed here.
pub fn schema_reply(name: &str, profile: [u8; 4], canon: &[u8]) -> Vec<u8> {
    let mut p = header(name, 0);
    p.extend_from_slice(&profile);
    p.extend_from_slice(blake3::hash(canon).as_bytes());
    p.extend_from_slice(&(canon.len() as u32).to_le_bytes());
    p.extend_from_slice(canon);
    assert!(p.len() as u32 <= MAX_SCHEMA_REPLY, "canonical text too long for a schema reply");
    framed(p)
}

/// An error reply frame (protocol.md §3.2).
pub fn error_reply(name: &str, code: u16, msg: &str) -> Vec<u8> {
    let mut p = header(name, 1);
    p.extend_from_slice(&code.to_le_bytes());
    p.extend_from_slice(&(msg.len() as u16).to_le_bytes());
    p.extend_from_slice(msg.as_bytes());
    framed(p)
}

/// Reads one frame; None at a clean end of the stream (EOF before a
/// length word). A message longer than `max` is an error, checked before
/// anything is allocated.
pub fn read_frame(r: &mut impl Read, max: u32) -> io::Result<Option<Frame>> {
    let mut len = [0u8; 4];
    match r.read(&mut len[..1])? {
        0 => return Ok(None),
        _ => r.read_exact(&mut len[1..])?,
    }
    let len = u32::from_le_bytes(len);
    if len == CONTROL {
        let mut rest = [0u8; 12];
        r.read_exact(&mut rest)?;
        return Ok(Some(Frame::Control(rest)));
    }
    if len > max {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("frame of {len} bytes exceeds the limit of {max}")));
    }
    let mut payload = vec![0u8; len as usize];
    r.read_exact(&mut payload)?;
    Ok(Some(Frame::Message(payload)))
}

/// Writes one message frame in one write.
pub fn write_frame(w: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    let mut f = Vec::with_capacity(4 + payload.len());
    f.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    f.extend_from_slice(payload);
    w.write_all(&f)
}

/// What a schema request's 12 bytes after the control word ask for: Ok for
/// a valid version-1 (or later) request, else the error code and message
/// of protocol.md §3.4.
pub fn check_schema_request(rest: &[u8; 12]) -> Result<(), (u16, &'static str)> {
    if &rest[..8] != b"CELLSCHQ" {
        return Err((4, "not a schema request"));
    }
    if u16::from_le_bytes([rest[8], rest[9]]) == 0 {
        return Err((1, "protocol version 0 is not spoken"));
    }
    Ok(())
}

/// A decoded schema reply of status 0.
pub struct SchemaReply {
    pub name: String,
    pub profile: [u8; 4],
    pub digest: [u8; 32],
    pub canon: Vec<u8>,
}

fn take<'a>(p: &mut &'a [u8], n: usize, what: &str) -> Result<&'a [u8], String> {
    if p.len() < n {
        return Err(format!("schema reply truncated in the {what}"));
    }
    let (head, rest) = p.split_at(n);
    *p = rest;
    Ok(head)
}

/// Sends the schema request on `conn` and decodes the reply, checking it
/// as protocol.md §4.1 says (magic, version, status, exact length, the
/// digest against the text).
pub fn request_schema(conn: &mut (impl Read + Write)) -> Result<SchemaReply, String> {
    conn.write_all(&SCHEMA_REQUEST).map_err(|e| format!("sending the schema request: {e}"))?;
    let payload = match read_frame(conn, MAX_SCHEMA_REPLY).map_err(|e| format!("reading the schema reply: {e}"))? {
        Some(Frame::Message(p)) => p,
        Some(Frame::Control(_)) => return Err("the schema reply starts with the control word".into()),
        None => return Err("the peer closed the connection without a schema reply".into()),
    };
    let mut p = &payload[..];
    if take(&mut p, 8, "magic")? != b"CELLSCHR" {
        return Err("schema reply: bad magic".into());
    }
    let head = take(&mut p, 4, "header")?;
    if head[..3] != [1, 0, 0] {
        return Err(format!("schema reply: version {} status {} (want version 1, status 0)", u16::from_le_bytes([head[0], head[1]]), head[2]));
    }
    let name = String::from_utf8(take(&mut p, head[3] as usize, "name")?.to_vec()).map_err(|_| "schema reply: name not UTF-8")?;
    let profile: [u8; 4] = take(&mut p, 4, "profile")?.try_into().unwrap();
    let digest: [u8; 32] = take(&mut p, 32, "digest")?.try_into().unwrap();
    let t = u32::from_le_bytes(take(&mut p, 4, "text length")?.try_into().unwrap()) as usize;
    let canon = take(&mut p, t, "canonical text")?.to_vec();
    if !p.is_empty() {
        return Err(format!("schema reply: {} trailing bytes", p.len()));
    }
    if blake3::hash(&canon).as_bytes() != &digest {
        return Err("schema reply: the digest is not the BLAKE3 of the canonical text".into());
    }
    Ok(SchemaReply { name, profile, digest, canon })
}
