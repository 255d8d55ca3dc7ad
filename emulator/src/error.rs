//! Every error answer of the emulator, in the contract's shapes: 400 carries `errors[]` of
//! `{itemIndex, code, message, value}`; 401/403 carry `{title, status (a string), errorCode, message}`.
//! The contract gives no shape for 404/413/415/429/5xx; they use the 401/403 shape.

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
    /// Any other status with the title/errorCode shape.
    Status { status: StatusCode, error_code: &'static str, message: String, retry_after: Option<u64> },
}

impl ApiError {
    pub fn body(message: impl Into<String>) -> Self {
        ApiError::Validation { message: message.into(), errors: Vec::new() }
    }
    pub fn status(status: StatusCode, error_code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Status { status, error_code, message: message.into(), retry_after: None }
    }
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::status(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", message)
    }
    pub fn rate_limited(retry_after_secs: u64, message: impl Into<String>) -> Self {
        ApiError::Status {
            status: StatusCode::TOO_MANY_REQUESTS,
            error_code: "TOO_MANY_REQUESTS",
            message: message.into(),
            retry_after: Some(retry_after_secs),
        }
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
                (status, axum::Json(json!({ "status": "REJECTED", "message": message, "errors": errors })))
                    .into_response()
            }
            ApiError::Status { status, error_code, message, retry_after } => {
                let body = json!({
                    "title": status.canonical_reason().unwrap_or("Error"),
                    "status": status.as_u16().to_string(),
                    "errorCode": error_code,
                    "message": message,
                });
                let mut response = (status, axum::Json(body)).into_response();
                if let Some(secs) = retry_after {
                    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
                }
                response
            }
        }
    }
}
