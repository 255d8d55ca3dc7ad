//! `aco-emulator`: prints its base URL on the first stdout line, serves until SIGTERM or Ctrl-C,
//! then saves `--state` and exits 0.

use std::io::Write;

use aco_emulator::{Config, Emulator};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    let config = match Config::from_args(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.is_empty() { 0 } else { 2 };
            let mut err = std::io::stderr();
            if !e.is_empty() {
                let _ = writeln!(err, "aco-emulator: {e}");
            }
            let _ = writeln!(err, "{}", Config::USAGE);
            std::process::exit(code);
        }
    };
    let emulator = match Emulator::start(config).await {
        Ok(e) => e,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "aco-emulator: cannot start: {e}");
            std::process::exit(1);
        }
    };
    // Listening for SIGTERM before the URL is out: a caller may stop it as soon as it has the URL.
    let stop = stop_signal();
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{}", emulator.url());
    let _ = out.flush();
    stop.await;
    if let Err(e) = emulator.stop().await {
        let _ = writeln!(std::io::stderr(), "aco-emulator: {e}");
        std::process::exit(1);
    }
}

/// SIGTERM or Ctrl-C; the SIGTERM handler is installed when this is called, not when first awaited.
fn stop_signal() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{signal, SignalKind};
    let term = signal(SignalKind::terminate());
    async move {
        match term {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
}
