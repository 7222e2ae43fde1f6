//! The real `echelon` binary as a process of its own, for the tests that kill or stop it and for
//! the bench's cold start and memory figures.
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Starts `bin serve` on the database at `url`, on a port of its choosing, with `workers` HTTP
/// workers (0: one per core) and the demo center seeded if `demo`. Returns once the server has
/// logged the port it listens on, with that port.
pub fn serve(bin: &Path, url: &str, demo: bool, workers: usize) -> (Child, u16) {
    serve_with(bin, url, demo, workers, &[])
}

/// [`serve`] with more environment for the server.
pub fn serve_with(
    bin: &Path,
    url: &str,
    demo: bool,
    workers: usize,
    env: &[(&str, &str)],
) -> (Child, u16) {
    let mut cmd = Command::new(bin);
    cmd.arg("serve");
    if demo {
        cmd.arg("--demo");
    }
    let mut child = cmd
        .env("ECHELON_DATABASE_URL", url)
        .env("ECHELON_LISTEN", "127.0.0.1:0")
        .env("ECHELON_LOG_JSON", "true")
        .env("ECHELON_STATIC_DIR", "/nonexistent")
        .env("ECHELON_WORKERS", workers.to_string())
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| {
            let v: Value = serde_json::from_str(&l).ok()?;
            (v["fields"]["message"] == "listening")
                .then(|| v["fields"]["port"].as_u64())
                .flatten()
        })
        .expect("the server logs its port") as u16;
    // Keep reading, so a full pipe never blocks the server's logging.
    std::thread::spawn(move || for _ in lines {});
    (child, port)
}

/// Sends SIGTERM, the graceful stop.
pub fn terminate(child: &Child) {
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
}

/// Stops the server gracefully and waits for it to exit.
pub fn stop(mut child: Child) {
    terminate(&child);
    let _ = child.wait();
}

/// A loopback port free at the moment of asking, for a peer server that cannot report its own.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
