//! The admin bundle of the web app (see `entity::Bundle`).
fn main() {
    echelon_frontend::start::<{ entity::Bundle::Admin as u8 }>();
}
