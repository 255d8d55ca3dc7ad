//! Stable identities and change hashes. A feed id is the SHA-1 of the item's identity fields (what
//! ACO keys it by), so the same item always lands in the same feed-table row; the hash is the SHA-1
//! of its serialized payload, which is deterministic, so "unchanged" is a string compare.
//! (RustCrypto's SHA-1 uses the CPU's SHA extensions where present: hashing is a hot path.)

use sha1::{Digest, Sha1};

/// SHA-1 hex of the identity parts, joined by U+001F (cannot occur in SKUs or codes as sent).
pub fn feed_id(parts: &[&str]) -> String {
    let mut sha = Sha1::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            sha.update("\u{1f}");
        }
        sha.update(part);
    }
    hex(&sha.finalize())
}

pub fn sha1_hex(bytes: &[u8]) -> String {
    hex(&Sha1::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    let mut out = Vec::with_capacity(2 * digest.len());
    for b in digest {
        for nibble in [b >> 4, b & 15] {
            out.push(if nibble < 10 { b'0' + nibble } else { b'a' - 10 + nibble });
        }
    }
    String::from_utf8(out).unwrap_or_default()
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
