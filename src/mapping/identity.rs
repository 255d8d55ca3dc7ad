//! Stable identities and change hashes. A feed id is the SHA-1 of the item's identity fields (what
//! ACO keys it by), so the same item always lands in the same feed-table row; the hash is the SHA-1
//! of its serialized payload, which is deterministic, so "unchanged" is a string compare.
//! (RustCrypto's SHA-1 uses the CPU's SHA extensions where present: hashing is a hot path.)

use std::fmt;

use serde::{Serialize, Serializer};
use sha1::{Digest, Sha1};

/// A SHA-1 as 40 lowercase hex digits, kept inline: every mapped item has two (its feed id and its
/// payload hash), and two heap strings per item were a measurable share of the price mapping.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sha1Hex([u8; 40]);

impl Sha1Hex {
    pub fn of(bytes: &[u8]) -> Sha1Hex {
        Sha1Hex::from_digest(&Sha1::digest(bytes))
    }

    fn from_digest(digest: &[u8]) -> Sha1Hex {
        let mut out = [b'0'; 40];
        for (pair, b) in out.chunks_exact_mut(2).zip(digest) {
            for (slot, nibble) in pair.iter_mut().zip([b >> 4, b & 15]) {
                *slot = if nibble < 10 { b'0' + nibble } else { b'a' - 10 + nibble };
            }
        }
        Sha1Hex(out)
    }

    pub fn as_str(&self) -> &str {
        // always ASCII hex digits: the fallback is never taken
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for Sha1Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Sha1Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl Serialize for Sha1Hex {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// SHA-1 of the identity parts, joined by U+001F (cannot occur in SKUs or codes as sent).
pub fn feed_id(parts: &[&str]) -> Sha1Hex {
    let mut sha = Sha1::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            sha.update("\u{1f}");
        }
        sha.update(part);
    }
    Sha1Hex::from_digest(&sha.finalize())
}

pub fn sha1_hex(bytes: &[u8]) -> String {
    Sha1Hex::of(bytes).as_str().to_owned()
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
