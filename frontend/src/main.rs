//! The main bundle: 工作台, 我的 and the password page, what opening the app needs (see
//! `entity::Bundle`).
fn main() {
    echelon_frontend::start::<{ entity::Bundle::Main as u8 }>();
}
