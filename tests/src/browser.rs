//! Real headless Chromium for the browser tests: Debian's chromium and chromium-driver, one
//! driver per test in its own process group, killed on drop so a failed test leaves nothing
//! running.
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use thirtyfour::prelude::*;

/// The built web app the browser tests serve (`bash scripts/web.sh` makes it).
pub fn dist_dir() -> PathBuf {
    let dir = std::env::var("ECHELON_TEST_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"));
    for b in entity::Bundle::ALL {
        assert!(
            dir.join(b.index()).is_file(),
            "the web app's {b:?} bundle is not built at {}: run `bash scripts/web.sh` (the test command does)",
            dir.display()
        );
    }
    dir
}

pub enum Viewport {
    /// 390×844 at pixel ratio 3, as a phone.
    Phone,
    /// A 1280×800 window.
    Desktop,
}

pub struct Browser {
    pub driver: WebDriver,
    _driver_process: DriverProcess,
}

/// The chromedriver process group (and the Chromium it started), killed on drop.
struct DriverProcess(Child);

impl Drop for DriverProcess {
    fn drop(&mut self) {
        let pgid = self.0.id();
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .status();
        let _ = self.0.wait();
    }
}

impl Browser {
    pub async fn start(viewport: Viewport) -> Browser {
        use std::os::unix::process::CommandExt;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("chromedriver must be installed (the test command installs chromium-driver)");
        // Wait for the driver to say it listens, reading its own words rather than sleeping.
        let stdout = child.stdout.take().unwrap();
        let process = DriverProcess(child);
        let ready = tokio::task::spawn_blocking(move || {
            let mut lines = BufReader::new(stdout).lines();
            let ok = lines
                .by_ref()
                .map_while(Result::ok)
                .any(|l| l.contains("started successfully"));
            // Keep draining so the driver never blocks on a full pipe.
            std::thread::spawn(move || for _ in lines {});
            ok
        })
        .await
        .unwrap();
        assert!(ready, "chromedriver did not start");
        let mut caps = DesiredCapabilities::chrome();
        for arg in [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--lang=zh-CN",
        ] {
            caps.add_arg(arg).unwrap();
        }
        match viewport {
            Viewport::Desktop => caps.add_arg("--window-size=1280,800").unwrap(),
            Viewport::Phone => caps
                .add_experimental_option(
                    "mobileEmulation",
                    serde_json::json!({ "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 3.0 } }),
                )
                .unwrap(),
        }
        let driver = WebDriver::new(format!("http://127.0.0.1:{port}"), caps)
            .await
            .expect("a Chromium session");
        if let Viewport::Desktop = viewport {
            // A 1280×800 window leaves a smaller page area; the device metrics make the
            // viewport itself 1280×800, as on a desktop screen.
            driver
                .cdp()
                .send_raw(
                    "Emulation.setDeviceMetricsOverride",
                    serde_json::json!({
                        "width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": false
                    }),
                )
                .await
                .expect("desktop viewport");
        }
        Browser {
            driver,
            _driver_process: process,
        }
    }

    /// Opens the login page of the app at `address`, fills in the form and submits it; the
    /// caller waits for whatever it expects to see next.
    pub async fn sign_in(&self, address: &str, login: &str, password: &str) {
        self.driver.goto(format!("{address}/login")).await.unwrap();
        self.fill_sign_in(login, password).await;
    }

    /// Fills in the sign-in form on the page shown (once it is there) and submits it.
    pub async fn fill_sign_in(&self, login: &str, password: &str) {
        let user = self
            .driver
            .query(By::Id("login-user"))
            .first()
            .await
            .unwrap();
        user.send_keys(login).await.unwrap();
        let secret = self.driver.find(By::Id("login-password")).await.unwrap();
        secret.send_keys(password).await.unwrap();
        self.driver
            .find(By::Id("login-submit"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    /// Saves a screenshot under `target/screenshots/`.
    pub async fn screenshot(&self, name: &str) {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        self.driver
            .screenshot(&dir.join(format!("{name}.png")))
            .await
            .unwrap();
    }

    pub async fn quit(self) {
        let Browser {
            driver,
            _driver_process,
        } = self;
        let _ = driver.quit().await;
    }
}
