//! The talent bundle of the web app (see `entity::Bundle`).
fn main() {
    echelon_frontend::start::<{ entity::Bundle::Talent as u8 }>();
}
