//! Stable identities and change hashes. A feed id is the SHA-1 of the item's identity fields (what
//! ACO keys it by), so the same item always lands in the same feed-table row; the hash is the SHA-1
//! of its serialized payload, which is deterministic, so "unchanged" is a string compare.
//! (RustCrypto's SHA-1 uses the CPU's SHA extensions where present: hashing is a hot path.)

use sha1::{Digest, Sha1};

/// SHA-1 hex of the identity parts, joined by U+001F (cannot occur in SKUs or codes as sent).
pub fn feed_id(parts: &[&str]) -> String {
    sha1_hex(parts.join("\u{1f}").as_bytes())
}

pub fn sha1_hex(bytes: &[u8]) -> String {
    let hex = |nibble: u8| char::from(if nibble < 10 { b'0' + nibble } else { b'a' + nibble - 10 });
    let digest = Sha1::digest(bytes);
    let mut out = String::with_capacity(40);
    for b in digest {
        out.push(hex(b >> 4));
        out.push(hex(b & 15));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinguish_their_parts() {
        assert_eq!(sha1_hex(b"1"), "356a192b7913b04c54574d18c28d46e6395428ab");
        assert_eq!(sha1_hex(b""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(feed_id(&["a", "b"]), feed_id(&["a", "b"]));
        assert_ne!(feed_id(&["ab", "c"]), feed_id(&["a", "bc"]));
    }
}
