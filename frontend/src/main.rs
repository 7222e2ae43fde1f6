//! The main bundle: the pages every agent opens (see `entity::Bundle`).
fn main() {
    echelon_frontend::start::<{ entity::Bundle::Main as u8 }>();
}
