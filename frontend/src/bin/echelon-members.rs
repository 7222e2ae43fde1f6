//! The members bundle of the web app (see `entity::Bundle`).
fn main() {
    echelon_frontend::start::<{ entity::Bundle::Members as u8 }>();
}
