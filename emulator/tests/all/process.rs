//! The `aco-emulator` binary: URL on the first stdout line, graceful SIGTERM, state across restarts.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::json;

use crate::common::{product, token, TENANT};

/// The running binary, killed if a failed assertion leaves it running (it would hold the test's output open).
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(state: &std::path::Path) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aco-emulator"))
        .args(["--listen", "127.0.0.1:0", "--tenant", TENANT, "--client-id", "cid", "--client-secret", "sec"])
        .arg("--state")
        .arg(state)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let stdout = child.stdout.take().unwrap();
    let child = Running(child);
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line.trim().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    (child, url)
}

fn terminate(child: &mut Running) {
    let status = Command::new("kill").args(["-TERM", &child.0.id().to_string()]).status().unwrap();
    assert!(status.success());
    assert!(child.0.wait().unwrap().success(), "SIGTERM must stop it cleanly");
}

#[tokio::test]
async fn binary_prints_its_url_stops_on_sigterm_and_keeps_state_across_restarts() {
    let dir = std::env::temp_dir().join(format!("aco-emulator-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let http = reqwest::Client::new();

    let (mut child, url) = spawn(&state);
    let t = token(&http, &url, "cid", "sec").await;
    let res = http.post(format!("{url}/{TENANT}/v1/catalog/products")).bearer_auth(&t).json(&json!([product("kept", "en")])).send().await.unwrap();
    assert_eq!(res.status(), 200);
    terminate(&mut child);

    let (mut child, url) = spawn(&state);
    let res = http.get(format!("{url}/_emulator/product?locale=en&sku=kept")).send().await.unwrap();
    assert_eq!(res.status(), 200, "the product survived the restart");
    terminate(&mut child);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_flags_exit_2_with_usage() {
    let out = Command::new(env!("CARGO_BIN_EXE_aco-emulator")).args(["--tenant", "t"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--client-id is required") && err.contains("usage:"), "{err}");
}
