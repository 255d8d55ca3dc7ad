//! What this build is: shown by `Aco\Native\version()`, `php --ri aco` and in support reports.

/// The crate version, which is also the extension version PHP reports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The TLS stack every HTTPS connection of the connector goes through. Certificate verification is
/// always on; there is no switch to turn it off.
pub const TLS_BACKEND: &str = "rustls (webpki roots, certificate verification always on)";

/// `release` or `debug`, plus the target the extension was compiled for, e.g. `release x86_64-linux`.
pub fn build_description() -> String {
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    format!("{profile} {}-{}", std::env::consts::ARCH, std::env::consts::OS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_the_crate_version() {
        assert_eq!(VERSION, env!("CARGO_PKG_VERSION"));
        assert!(VERSION.split('.').count() == 3, "semver expected, got {VERSION}");
    }

    #[test]
    fn build_description_names_profile_and_target() {
        let d = build_description();
        assert!(d.starts_with("debug ") || d.starts_with("release "), "{d}");
        assert!(d.contains(std::env::consts::ARCH), "{d}");
    }
}
