//! The `market` cell: listens on $CELL_SOCKET_DIR/market.sock (/tmp/cell
//! when unset), answers schema requests and, for every request frame, one
//! reply frame. Stops on SIGTERM/SIGINT by the default action (the socket
//! file is replaced at the next start).

use market_exchange::exchange;
use market_exchange::wire::{frame, Frame, Responder};
use std::io::{self, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::{env, fs, thread};

const NAME: &str = "market";

fn main() {
    if let Err(e) = run() {
        eprintln!("market-exchange: {e}");
        std::process::exit(1);
    }
}

fn run() -> io::Result<()> {
    let dir = match env::var("CELL_SOCKET_DIR") {
        Ok(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from("/tmp/cell"),
    };
    fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{NAME}.sock"));
    let listener = listen(&path)?;
    let responder = Arc::new(Responder::new(NAME));
    println!("market-exchange: serving cell {NAME} on {}", path.display());
    io::stdout().flush()?;
    for conn in listener.incoming() {
        let conn = match conn {
            Ok(c) => c,
            Err(e) => {
                eprintln!("market-exchange: accept: {e}");
                continue;
            }
        };
        let responder = Arc::clone(&responder);
        thread::spawn(move || {
            if let Err(e) = serve(&responder, conn) {
                eprintln!("market-exchange: connection: {e}");
            }
        });
    }
    Ok(())
}

/// Binds path, replacing the socket of a stopped process but never one a
/// process still serves, nor a file that is not a socket.
fn listen(path: &Path) -> io::Result<UnixListener> {
    use std::os::unix::fs::FileTypeExt;
    if let Ok(meta) = fs::symlink_metadata(path) {
        if !meta.file_type().is_socket() {
            return Err(io::Error::other(format!(
                "{} exists and is not a socket",
                path.display()
            )));
        }
        if UnixStream::connect(path).is_ok() {
            return Err(io::Error::other(format!(
                "a process already serves {}",
                path.display()
            )));
        }
        fs::remove_file(path)?;
    }
    UnixListener::bind(path)
}

/// Serves one connection: any number of frames, one after the other.
fn serve(responder: &Responder, mut conn: UnixStream) -> io::Result<()> {
    while let Some(f) = responder.read_frame(&mut conn)? {
        let Frame::Message(payload) = f else { continue };
        let reply = exchange::answer(&payload).map_err(|e| {
            io::Error::new(io::ErrorKind::InvalidData, format!("invalid request: {e}"))
        })?;
        conn.write_all(&frame(&reply))?;
    }
    Ok(())
}
