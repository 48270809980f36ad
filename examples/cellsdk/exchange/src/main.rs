//! The `exchange` cell: serves the schema of src/schema.rs under the cell
//! name argv[1] (default `exchange`); see ../README.md for the socket layout.

use exchange_cell::schema::Exchange;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let name = std::env::args().nth(1).unwrap_or_else(|| "exchange".to_string());
    Exchange.serve(&name).await
}
