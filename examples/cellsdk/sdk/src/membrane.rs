//! The server side of a cell: the socket layout and the request/reply
//! framing of cell-sdk 0.4.1's `Membrane::bind`.
//!
//! Socket layout (NAME is the cell's name):
//! - the listener: `$CWD/.cell/io/in` (a stale file there is removed first);
//! - `$HOME/.cell/io/NAME.sock` → that socket (symlink);
//! - `$CWD/.cell/neighbors/NAME/tx` → that socket (symlink).
//!
//! Once listening it prints `ready NAME` on stdout.
//!
//! Request frame: u32 LE length L, then L bytes: a 24-byte header (ignored),
//! a channel byte, and the payload — the rkyv 0.7 archive of the whole request
//! enum, root at the end. Frames with L < 25 are logged and skipped; frames
//! on a channel other than 0 are skipped. Neither gets a reply.
//!
//! Reply: u32 LE length, then the bytes (no header, no channel byte):
//! - payload fails validation: the archive of [`ErrorResponse`] (code 500);
//! - handler `Err(e)`: the UTF-8 text `Handler error: {e}` (not an archive);
//! - handler `Ok(resp)`: `rkyv::to_bytes::<_, 1024>(&resp)`.
//!
//! Like the real SDK it allocates the L bytes a frame announces without any
//! limit. One exception, a test tripwire that the real SDK does not have:
//! L == 0xFFFFFFFF (what a cellvet schema request looks like when read as a
//! length) prints `tripwire: 4 GiB frame requested` on stderr and closes the
//! connection without allocating.
//!
//! Test hook, also not in the real SDK: with `CELL_TEST_SWAP_TAG=A:B` (two u8
//! numbers) a handler reply whose archived root starts with the tag byte A is
//! sent with that byte replaced by B — a reply carrying the wrong response
//! variant, for testing that clients refuse it.

use std::future::Future;
use std::io::{self, Write};
use std::mem::size_of;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use rkyv::ser::serializers::AllocSerializer;
use rkyv::validation::validators::DefaultValidator;
use rkyv::{AlignedVec, Archive, CheckBytes};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{UnixListener, UnixStream};

use crate::ErrorResponse;

/// Bytes of the (ignored) header before the channel byte.
const HEADER_LEN: usize = 24;
/// The channel of application requests.
const APP_CHANNEL: u8 = 0;
/// A frame length that is really a cellvet schema request (0xFFFFFFFF).
const TRIPWIRE_LEN: u32 = u32::MAX;
/// The environment variable of the tag-swap test hook.
const SWAP_TAG_ENV: &str = "CELL_TEST_SWAP_TAG";

/// The membrane of a cell: binds its socket and serves requests.
pub struct Membrane;

/// A tag-swap hook: replies whose root tag byte is `from` carry `to` instead.
#[derive(Clone, Copy, Debug)]
struct TagSwap {
    from: u8,
    to: u8,
}

impl Membrane {
    /// Binds the cell NAME's socket (layout in the module docs) and serves
    /// every connection in its own task until the process ends. The three
    /// `Option<()>` stand for the real SDK's optional arguments, which
    /// `#[handler]`'s `serve` always passes as `None`.
    pub async fn bind<F, Req, Resp>(
        name: &str,
        handler: F,
        _: Option<()>,
        _: Option<()>,
        _: Option<()>,
    ) -> anyhow::Result<()>
    where
        F: for<'a> Fn(
                &'a Req::Archived,
            ) -> Pin<Box<dyn Future<Output = anyhow::Result<Resp>> + Send + 'a>>
            + Send
            + Sync
            + Clone
            + 'static,
        Req: Archive + 'static,
        for<'a> Req::Archived: CheckBytes<DefaultValidator<'a>> + Send + Sync + 'static,
        Resp: rkyv::Serialize<AllocSerializer<1024>> + Send + 'static,
    {
        let swap = tag_swap_from_env()?;
        let cwd = std::env::current_dir()?;
        let io_dir = cwd.join(".cell").join("io");
        std::fs::create_dir_all(&io_dir)?;
        let socket = io_dir.join("in");
        remove_if_present(&socket)?;
        let listener = UnixListener::bind(&socket)?;

        let home = std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
            .ok_or_else(|| anyhow::anyhow!("HOME is not set"))?;
        let home_io = home.join(".cell").join("io");
        std::fs::create_dir_all(&home_io)?;
        relink(&socket, &home_io.join(format!("{name}.sock")))?;

        let neighbor = cwd.join(".cell").join("neighbors").join(name);
        std::fs::create_dir_all(&neighbor)?;
        relink(&socket, &neighbor.join("tx"))?;

        {
            let mut out = io::stdout().lock();
            writeln!(out, "ready {name}")?;
            out.flush()?;
        }

        let name: Arc<str> = Arc::from(name);
        loop {
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                Err(e) => {
                    eprintln!("[{name}] accept: {e}");
                    continue;
                }
            };
            let handler = handler.clone();
            let name = Arc::clone(&name);
            tokio::spawn(async move {
                if let Err(e) = serve_connection::<F, Req, Resp>(stream, handler, &name, swap).await {
                    eprintln!("[{name}] connection: {e}");
                }
            });
        }
    }
}

/// Serves one connection: frame after frame until EOF.
async fn serve_connection<F, Req, Resp>(
    mut stream: UnixStream,
    handler: F,
    name: &str,
    swap: Option<TagSwap>,
) -> io::Result<()>
where
    F: for<'a> Fn(&'a Req::Archived) -> Pin<Box<dyn Future<Output = anyhow::Result<Resp>> + Send + 'a>>
        + Send
        + Sync
        + 'static,
    Req: Archive + 'static,
    for<'a> Req::Archived: CheckBytes<DefaultValidator<'a>> + Send + Sync + 'static,
    Resp: rkyv::Serialize<AllocSerializer<1024>> + Send + 'static,
{
    loop {
        let mut len_bytes = [0u8; 4];
        match stream.read_exact(&mut len_bytes).await {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
        let len = u32::from_le_bytes(len_bytes);
        if len == TRIPWIRE_LEN {
            eprintln!("tripwire: 4 GiB frame requested");
            return Ok(());
        }
        // As the real SDK: the announced length is allocated as is.
        let mut frame = vec![0u8; len as usize];
        stream.read_exact(&mut frame).await?;
        if frame.len() < HEADER_LEN + 1 {
            eprintln!("[{name}] frame of {len} bytes is shorter than header and channel; ignored");
            continue;
        }
        if frame[HEADER_LEN] != APP_CHANNEL {
            continue;
        }

        // An owned, aligned copy of the payload for rkyv.
        let payload = &frame[HEADER_LEN + 1..];
        let mut buf = AlignedVec::with_capacity(payload.len());
        buf.extend_from_slice(payload);

        let checked: Result<&Req::Archived, String> =
            rkyv::check_archived_root::<Req>(&buf).map_err(|err| format!("{err:?}"));
        let reply: Vec<u8> = match checked {
            Err(err) => error_response(500, format!("Request validation failed: {err}"), name),
            Ok(archived) => match handler(archived).await {
                Err(e) => format!("Handler error: {e}").into_bytes(),
                Ok(resp) => {
                    let encoded: Result<AlignedVec, String> =
                        rkyv::to_bytes::<_, 1024>(&resp).map_err(|e| format!("{e:?}"));
                    match encoded {
                        Ok(bytes) => {
                            let mut bytes = bytes.into_vec();
                            if let Some(swap) = swap {
                                swap_root_tag(&mut bytes, size_of::<<Resp as Archive>::Archived>(), swap);
                            }
                            bytes
                        }
                        Err(e) => {
                            eprintln!("[{name}] reply serialization failed: {e}");
                            error_response(500, format!("Response serialization failed: {e}"), name)
                        }
                    }
                }
            },
        };

        let mut out = Vec::with_capacity(4 + reply.len());
        out.extend_from_slice(&(reply.len() as u32).to_le_bytes());
        out.extend_from_slice(&reply);
        stream.write_all(&out).await?;
    }
}

/// The archived [`ErrorResponse`] bytes.
fn error_response(code: u32, message: String, cell: &str) -> Vec<u8> {
    let resp = ErrorResponse {
        code,
        message,
        cell: cell.to_string(),
    };
    match rkyv::to_bytes::<_, 1024>(&resp) {
        Ok(bytes) => bytes.into_vec(),
        Err(e) => {
            eprintln!("[{cell}] ErrorResponse serialization failed: {e:?}");
            Vec::new()
        }
    }
}

/// The test hook: the root object of an archive of `root_size` bytes
/// starts at `len - root_size`; its first byte is the enum's tag.
fn swap_root_tag(bytes: &mut [u8], root_size: usize, swap: TagSwap) {
    if root_size == 0 || bytes.len() < root_size {
        return;
    }
    let at = bytes.len() - root_size;
    if bytes[at] == swap.from {
        bytes[at] = swap.to;
    }
}

/// Reads `CELL_TEST_SWAP_TAG=A:B`; unset or empty means no swap.
fn tag_swap_from_env() -> anyhow::Result<Option<TagSwap>> {
    let value = match std::env::var(SWAP_TAG_ENV) {
        Ok(v) if !v.trim().is_empty() => v,
        _ => return Ok(None),
    };
    let parsed = value
        .split_once(':')
        .and_then(|(a, b)| Some((a.trim().parse::<u8>().ok()?, b.trim().parse::<u8>().ok()?)));
    match parsed {
        Some((from, to)) => Ok(Some(TagSwap { from, to })),
        None => Err(anyhow::anyhow!("{SWAP_TAG_ENV}={value:?}: want A:B, two numbers 0..=255")),
    }
}

/// Removes a file, socket or symlink at path (never a directory).
fn remove_if_present(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if !meta.is_dir() => std::fs::remove_file(path),
        Ok(_) => Err(io::Error::other(format!("{} is a directory", path.display()))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Makes link a symlink to target, replacing whatever stale link is there.
fn relink(target: &Path, link: &Path) -> io::Result<()> {
    remove_if_present(link)?;
    std::os::unix::fs::symlink(target, link)
}
