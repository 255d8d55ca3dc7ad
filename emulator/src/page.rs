//! `GET /`: a "Data Sync" page like ACO's own: counts per entity and source / price book, last
//! update, rejected items, and an overall status.

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::State;
use axum::response::Html;

use crate::entity::Entity;
use crate::inspect::counts;
use crate::state::{lock, AppState};

/// Metadata ACO requires for every catalog source (contract §3.4).
const SYSTEM_ATTRIBUTES: [&str; 5] = ["sku", "name", "description", "shortDescription", "price"];

/// "No data", "Healthy" (data and no rejection since the last accepted request) or "Errors".
pub fn status(app: &AppState) -> (&'static str, u64) {
    let stats = lock(&app.stats);
    let status = match (stats.last_accepted_ms, stats.last_rejected_ms) {
        (None, _) => "No data",
        (Some(ok), Some(bad)) if bad >= ok => "Errors",
        _ => "Healthy",
    };
    (status, stats.rejected_items)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub async fn data_sync(State(app): State<Arc<AppState>>) -> Html<String> {
    let (status, rejected) = status(&app);
    let counts = counts(&app);
    let mut html = String::from(
        "<!doctype html><html><head><meta charset=utf-8><title>ACO emulator — Data Sync</title>\
         <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}\
         td,th{border:1px solid #ccc;padding:4px 10px;text-align:left}.Healthy{color:green}.Errors{color:#b00}</style>\
         </head><body><h1>Data Sync</h1>",
    );
    let _ = write!(html, "<p>Tenant <b>{}</b> — status: <b class=\"{status}\">{status}</b>, rejected items: {rejected}</p>", escape(&app.config.tenant));
    html.push_str("<table><tr><th>Data</th><th>Source / price book</th><th>Items</th><th>Last update (UTC ms)</th></tr>");
    let store = lock(&app.store);
    for entity in Entity::ALL {
        let updated = store.updated_ms(entity).map_or_else(|| "—".to_owned(), |t| t.to_string());
        let groups = counts.get(entity.name()).cloned().unwrap_or_default();
        if groups.is_empty() {
            let _ = write!(html, "<tr><td>{}</td><td>—</td><td>0</td><td>{updated}</td></tr>", entity.name());
        }
        for (group, n) in groups {
            let _ = write!(html, "<tr><td>{}</td><td>{}</td><td>{n}</td><td>{updated}</td></tr>", entity.name(), escape(&group));
        }
    }
    html.push_str("</table>");
    // Warn about sources that lack the metadata ACO requires for them.
    let locales = counts.get("products").map(|g| g.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
    for locale in locales {
        let missing: Vec<&str> = SYSTEM_ATTRIBUTES
            .into_iter()
            .filter(|code| !store.contains(Entity::ProductMetadata, &format!("{locale}\u{1f}{code}")))
            .collect();
        if !missing.is_empty() {
            let _ = write!(html, "<p class=Errors>Source {}: no attribute metadata for {}</p>", escape(&locale), missing.join(", "));
        }
    }
    drop(store);
    html.push_str("<h2>Last requests</h2><table><tr><th>id</th><th>method</th><th>path</th><th>status</th><th>items</th><th>ms</th><th>error</th></tr>");
    for e in lock(&app.log).iter().rev().take(20) {
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.1}</td><td>{}</td></tr>",
            e.request_id, e.method, escape(&e.path), e.status, e.items, e.latency_ms, escape(e.error.as_deref().unwrap_or(""))
        );
    }
    html.push_str("</table><p>JSON: <a href=/_emulator/counts>counts</a> · <a href=/_emulator/requests>requests</a> · <a href=/_emulator/stats>stats</a> · <a href=/_emulator/faults>faults</a></p></body></html>");
    Html(html)
}
