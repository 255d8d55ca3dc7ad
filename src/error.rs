//! Errors of the core, typed by what a caller can do about them. The PHP binding translates each kind
//! once, at the edge, into an exception class under `Aco\Native\` (see `src/php/exceptions.rs`).

/// A failure of the connector core.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    /// The caller passed a value that can never work (bad config, malformed record). Fix the input.
    #[error("invalid {field}: {reason}")]
    InvalidArgument { field: String, reason: String },
    /// IMS refused the credentials, or the API refused the token (401/403). Fix the configuration.
    #[error("authentication failed: {0}")]
    Auth(String),
    /// The network or the remote service failed (unreachable, TLS, timeout, 5xx); may work later.
    #[error("transport failed: {0}")]
    Transport(String),
    /// The operation failed at run time for another reason; it may succeed later.
    #[error("{0}")]
    Runtime(String),
}

impl Error {
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidArgument { field: field.into(), reason: reason.into() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_argument_message_names_the_field() {
        let e = Error::invalid("region", "must be one of na1, eu1");
        assert_eq!(e.to_string(), "invalid region: must be one of na1, eu1");
    }
}
