//! The nominations bundle of the web app (see `entity::Bundle`).
fn main() {
    echelon_frontend::start::<{ entity::Bundle::Nominations as u8 }>();
}
