use rkyv::Archive as RkyvArchive;
use rkyv::{Deserialize as RkyvDeserialize, Serialize as RkyvSerialize};

#[derive(Debug, Clone, RkyvArchive, RkyvSerialize, RkyvDeserialize)]
pub struct Block {
    pub height: u64,
    pub hash: [u8; 32],
    pub txs: Vec<Tx>,
}

#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize)]
pub struct Tx {
    pub nonce: u64,
    pub payload: Vec<u8>,
}
