//! A local stand-in for Adobe Commerce Optimizer: the ingestion API (all 20 endpoints of
//! shared/aco-ingestion-api.md) and the IMS token endpoint on one base URL, with strict validation,
//! storage, inspection, rate limits and fault injection. See emulator/README.md.

pub mod admin;
pub mod auth;
pub mod config;
pub mod contract;
pub mod entity;
pub mod error;
pub mod faults;
pub mod graphql;
pub mod graphql_http;
pub mod ingest;
pub mod inspect;
pub mod limits;
pub mod page;
pub mod rules;
pub mod state;
pub mod store;
pub mod storefront;
pub mod validate;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde_json::json;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::Config;
use entity::{Entity, Op};
use error::ApiError;
use state::{lock, AppState};
use store::Store;

/// All routes: IMS, the API under `/{tenantId}`, inspection under `/_emulator`, the page at `/`.
pub fn router(app: Arc<AppState>) -> Router {
    let mut router = Router::new()
        .route("/", get(page::data_sync))
        .route("/ims/token/v3", post(token))
        .route("/_emulator/counts", get(inspect::get_counts))
        .route("/_emulator/items/{entity}", get(inspect::get_items))
        .route("/_emulator/product", get(inspect::get_product))
        .route("/_emulator/price", get(inspect::get_price))
        .route("/_emulator/requests", get(inspect::get_requests))
        .route("/_emulator/stats", get(inspect::get_stats))
        .route("/_emulator/faults", get(inspect::get_faults).put(inspect::put_faults))
        .route("/_emulator/tokens/expire", post(inspect::expire_tokens))
        .route("/_emulator/reset", post(inspect::reset))
        .route("/{tenant}/admin/graphql", post(graphql_http::admin))
        .route("/{tenant}/graphql", post(graphql_http::storefront));
    for entity in Entity::ALL {
        let write = format!("/{{tenant}}{}", entity.path());
        let mut routes = post(move |s, p, m, h, b| ingest::handle(s, p, m, h, b, entity, Op::Create));
        if contract::Contract::get().is_ok_and(|c| c.has(entity, Op::Update)) {
            routes = routes.patch(move |s, p, m, h, b| ingest::handle(s, p, m, h, b, entity, Op::Update));
        }
        router = router
            .route(&write, routes)
            .route(&format!("{write}/delete"), post(move |s, p, m, h, b| ingest::handle(s, p, m, h, b, entity, Op::Delete)));
    }
    router.fallback(not_found).method_not_allowed_fallback(not_allowed).with_state(app)
}

async fn not_found(uri: Uri) -> Response {
    ApiError::status(StatusCode::NOT_FOUND, "NOT_FOUND", format!("no such endpoint: {}", uri.path())).into_response()
}

async fn not_allowed(method: Method, uri: Uri) -> Response {
    ApiError::status(StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", format!("{method} is not supported on {}", uri.path())).into_response()
}

async fn token(State(app): State<Arc<AppState>>, form: Result<Form<HashMap<String, String>>, axum::extract::rejection::FormRejection>) -> Response {
    let Ok(Form(form)) = form else {
        return auth::ImsError(StatusCode::BAD_REQUEST, "invalid_request", "expected an application/x-www-form-urlencoded body").into_response();
    };
    if let Err(e) = auth::check_token_request(&form, &app.config.client_id, &app.config.client_secret) {
        return e.into_response();
    }
    let ttl = app.config.token_ttl;
    let token = lock(&app.tokens).issue(&app.config.tenant, ttl);
    lock(&app.stats).tokens_issued += 1;
    Json(json!({ "access_token": token, "token_type": "bearer", "expires_in": ttl.as_secs() })).into_response()
}

/// A running emulator.
pub struct Emulator {
    addr: SocketAddr,
    state: Arc<AppState>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Emulator {
    /// Binds (port 0 = a free port), loads `--state` if given, and serves in the background.
    pub async fn start(config: Config) -> std::io::Result<Emulator> {
        let store = match &config.state {
            Some(path) if path.exists() => load(path)?,
            _ => Store::default(),
        };
        let listener = tokio::net::TcpListener::bind(config.listen).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(AppState::new(config, store));
        let (stop, stopped) = oneshot::channel::<()>();
        let app = router(state.clone());
        let saver = state.clone();
        let task = tokio::spawn(async move {
            let persist = tokio::spawn(save_while_running(saver.clone()));
            axum::serve(listener, app).with_graceful_shutdown(async { let _ = stopped.await; }).await?;
            persist.abort();
            save(&saver)
        });
        Ok(Emulator { addr, state, stop: Some(stop), task })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn state(&self) -> &Arc<AppState> {
        &self.state
    }

    /// Stops accepting, finishes in-flight requests, saves `--state`.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match (&mut self.task).await {
            Ok(result) => result,
            Err(e) => Err(std::io::Error::other(e)),
        }
    }
}

fn load(path: &Path) -> std::io::Result<Store> {
    let bytes = std::fs::read(path)?;
    serde_json::from_slice(&bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: not an emulator state file: {e}", path.display())))
}

/// Writes the store to `--state` (atomically: temp file + rename) if it changed.
fn save(app: &AppState) -> std::io::Result<()> {
    let Some(path) = &app.config.state else { return Ok(()) };
    if !app.dirty.swap(false, Ordering::AcqRel) {
        return Ok(());
    }
    let bytes = serde_json::to_vec(&*lock(&app.store)).map_err(std::io::Error::other)?;
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// Saves every second while the store changes, so a crash loses at most a second of writes.
async fn save_while_running(app: Arc<AppState>) {
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let app = app.clone();
        let _ = tokio::task::spawn_blocking(move || save(&app)).await;
    }
}
