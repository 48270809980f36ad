pub mod msg {
    use rkyv::Archive;

    #[derive(Archive)]
    pub struct Header {
        pub stamp: super::time::Stamp,
        pub frame_id: String,
    }
}

pub mod time;
