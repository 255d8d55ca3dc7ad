//! The two GraphQL endpoints: `POST /{tenant}/admin/graphql` (catalog views and policies, IMS
//! bearer required) and `POST /{tenant}/graphql` (the storefront's Merchandising API, no auth, per
//! catalog view from the `AC-*` headers). Errors come back GraphQL-shaped, HTTP 200:
//! `errors[{message, path, extensions.classification: "ValidationError"}]`, and every answer carries
//! `extensions.request-id`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::error::ApiError;
use crate::graphql::{self, Field, Operation};
use crate::state::{lock, now_ms, AppState, LogEntry};
use crate::storefront;

fn operation(body: &[u8]) -> Result<Operation, String> {
    let request: Value = serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    let query = request.get("query").and_then(Value::as_str).ok_or("the body has no query")?;
    let variables = request.get("variables").and_then(Value::as_object).cloned().unwrap_or_default();
    graphql::parse(query, &variables).map_err(|e| format!("Invalid Syntax: {e}"))
}

fn error(message: &str, path: Option<&str>) -> Value {
    json!({ "message": message, "path": path.map(|p| vec![p]), "extensions": { "classification": "ValidationError" } })
}

/// Runs each top-level field; a failing one is `null` in `data` with its error.
fn execute(body: &[u8], request_id: &str, mut resolve: impl FnMut(&Operation, &Field) -> Result<Value, String>) -> Value {
    let op = match operation(body) {
        Ok(op) => op,
        Err(e) => return json!({ "errors": [error(&e, None)], "data": null, "extensions": { "request-id": request_id } }),
    };
    let mut data = Map::new();
    let mut errors = Vec::new();
    for field in &op.fields {
        match resolve(&op, field) {
            Ok(v) => {
                data.insert(field.key().to_owned(), graphql::project(&v, &field.selection));
            }
            Err(e) => {
                errors.push(error(&e, Some(field.key())));
                data.insert(field.key().to_owned(), Value::Null);
            }
        }
    }
    match errors.is_empty() {
        true => json!({ "data": data, "extensions": { "request-id": request_id } }),
        false => json!({ "errors": errors, "data": data, "extensions": { "request-id": request_id } }),
    }
}

fn respond(app: &AppState, tenant: &str, path: &str, request_id: String, response: Response) -> Response {
    let mut response = response;
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", v);
    }
    app.record(LogEntry { request_id, at_ms: now_ms(), method: Method::POST.to_string(), path: format!("/{tenant}{path}"), status: response.status().as_u16(), items: 0, latency_ms: 0.0, error: None });
    response
}

pub async fn admin(State(app): State<Arc<AppState>>, Path(tenant): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let request_id = app.next_request_id();
    let checked = lock(&app.tokens).check(&headers, &tenant);
    let response = if let Err(e) = checked {
        e.into_response()
    } else if lock(&app.faults).refuse_admin {
        ApiError::status(StatusCode::FORBIDDEN, "FORBIDDEN", "this tenant has no access to the admin API").into_response()
    } else {
        let store = lock(&app.store);
        let mut views = lock(&app.views);
        let answer = execute(&body, &request_id, |op, field| {
            let mutating = field.name.starts_with("create") || field.name.starts_with("update") || field.name.starts_with("delete");
            if mutating != op.mutation {
                return Err(format!("{} must be sent as a {}", field.name, if mutating { "mutation" } else { "query" }));
            }
            views.resolve(&store, field, now_ms())
        });
        Json(answer).into_response()
    };
    respond(&app, &tenant, "/admin/graphql", request_id, response)
}

pub async fn storefront(State(app): State<Arc<AppState>>, Path(tenant): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let request_id = app.next_request_id();
    let response = if tenant != app.config.tenant {
        ApiError::status(StatusCode::NOT_FOUND, "NOT_FOUND", format!("no tenant {tenant}")).into_response()
    } else {
        let store = lock(&app.store);
        let views = lock(&app.views);
        let answer = match storefront::Context::new(&store, &views, &headers) {
            Err(e) => json!({ "errors": [error(&e, None)], "data": null, "extensions": { "request-id": request_id } }),
            Ok(context) => execute(&body, &request_id, |op, field| if op.mutation { Err("the storefront API has no mutations".into()) } else { context.resolve(field) }),
        };
        Json(answer).into_response()
    };
    respond(&app, &tenant, "/graphql", request_id, response)
}
