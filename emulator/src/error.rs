//! Every error answer of the emulator, in the contract's shapes (its responses and their examples):
//! 400 carries `errors[]` of `{itemIndex, code, message, value}`; 401/403 carry `{title, status (a
//! string), error_code, message}`; 429 is `text/html` with `retry-after` (seconds). The contract gives
//! no shape for 404/413/415/5xx; they use the 401/403 shape (a guess, README).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

/// One rejected item of a 400 answer.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ItemError {
    pub item_index: usize,
    /// The field, as a path into the item (`source.locale`, `attributes[2].values`).
    pub code: String,
    pub message: String,
    /// The value sent, as a string (JSON text for non-strings; absent field → "").
    pub value: String,
}

#[derive(Debug)]
pub enum ApiError {
    /// 400: the whole request is rejected; nothing of it was stored.
    Validation { message: String, errors: Vec<ItemError> },
    /// Any other status with the title/error_code shape (429: as text).
    Status { status: StatusCode, title: &'static str, error_code: &'static str, message: String, retry_after: Option<u64> },
}

impl ApiError {
    pub fn body(message: impl Into<String>) -> Self {
        ApiError::Validation { message: message.into(), errors: Vec::new() }
    }
    pub fn status(status: StatusCode, error_code: &'static str, message: impl Into<String>) -> Self {
        let title = status.canonical_reason().unwrap_or("Error");
        ApiError::Status { status, title, error_code, message: message.into(), retry_after: None }
    }
    /// The contract's 401 example: `ErrInvalidOauthToken`, `401013`.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        ApiError::Status { status: StatusCode::UNAUTHORIZED, title: "ErrInvalidOauthToken", error_code: "401013", message: message.into(), retry_after: None }
    }
    /// The contract's 403 example: `ErrMissingOauthToken`, `403010` (ForbiddenResponse: "Verify that
    /// the `Authorization` header is present").
    pub fn missing_token() -> Self {
        ApiError::Status { status: StatusCode::FORBIDDEN, title: "ErrMissingOauthToken", error_code: "403010", message: "Oauth token is missing".into(), retry_after: None }
    }
    pub fn rate_limited(retry_after_secs: u64, message: impl Into<String>) -> Self {
        let status = StatusCode::TOO_MANY_REQUESTS;
        ApiError::Status { status, title: "Too Many Requests", error_code: "429", message: message.into(), retry_after: Some(retry_after_secs) }
    }
    pub fn http_status(&self) -> StatusCode {
        match self {
            ApiError::Validation { .. } => StatusCode::BAD_REQUEST,
            ApiError::Status { status, .. } => *status,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.http_status();
        match self {
            ApiError::Validation { message, errors } => {
                (status, axum::Json(json!({ "status": "FAILED", "message": message, "errors": errors })))
                    .into_response()
            }
            // TooManyRequestsResponse: `text/html;charset=UTF-8`, the wait in `retry-after`
            ApiError::Status { status: StatusCode::TOO_MANY_REQUESTS, title, message, retry_after, .. } => {
                let html = [(header::CONTENT_TYPE, "text/html;charset=UTF-8")];
                let mut response = (status, html, format!("{title}: {message}")).into_response();
                if let Some(secs) = retry_after {
                    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
                }
                response
            }
            ApiError::Status { status, title, error_code, message, retry_after } => {
                let body = json!({ "title": title, "status": status.as_u16().to_string(), "error_code": error_code, "message": message });
                let mut response = (status, axum::Json(body)).into_response();
                if let Some(secs) = retry_after {
                    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
                }
                response
            }
        }
    }
}
