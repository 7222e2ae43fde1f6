//! The 我的梯队 bundle of the web app (see `entity::Bundle`).
fn main() {
    echelon_frontend::start::<{ entity::Bundle::MyTalent as u8 }>();
}
