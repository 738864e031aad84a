//! The request id the SDK sends with every call (`x-request-id`): a random per-process prefix
//! and a counter, unique without a system call per request, and kept inline so that a call does
//! not allocate for it.

use std::fmt;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use bytes::Bytes;
use reqwest::header::HeaderValue;

/// Hex digits of the prefix, the dash, and up to 16 of the counter.
const MAX_LEN: usize = 16 + 1 + 16;

/// One call's request id: `<16 hex digits>-<at least 8 hex digits>`.
#[derive(Clone, Copy)]
pub(crate) struct RequestId {
    text: [u8; MAX_LEN],
    len: u8,
}

impl RequestId {
    /// The next id of this process.
    pub(crate) fn next() -> Self {
        static PREFIX: OnceLock<u64> = OnceLock::new();
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let prefix = *PREFIX.get_or_init(|| {
            let mut bytes = [0u8; 8];
            // Without OS randomness the time still tells processes apart well enough for an id.
            if getrandom::fill(&mut bytes).is_err() {
                let nanos = SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .unwrap_or_default()
                    .as_nanos();
                bytes = (nanos as u64).to_le_bytes();
            }
            u64::from_le_bytes(bytes)
        });
        let mut id = RequestId {
            text: [0; MAX_LEN],
            len: 0,
        };
        // Written by hand: `format!` costs about ten times as much, on every call.
        id.push_hex(prefix, 16);
        id.push(b'-');
        id.push_hex(COUNTER.fetch_add(1, Ordering::Relaxed), 8);
        id
    }

    /// The id as text.
    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII hex digits and a dash are ever written.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    /// The id as the bytes of a header value.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.text[..usize::from(self.len)]
    }

    /// The id as a header value. reqwest copies a request's headers on the way; a value made
    /// from an owner is shared by every copy, where one copied from a slice would be copied
    /// again into a shared buffer at the first of them.
    pub(crate) fn header_value(self) -> HeaderValue {
        HeaderValue::from_maybe_shared(Bytes::from_owner(self))
            // Never taken: only hex digits and a dash are written.
            .unwrap_or_else(|_| HeaderValue::from_static("invalid"))
    }

    fn push(&mut self, byte: u8) {
        self.text[usize::from(self.len)] = byte;
        self.len += 1;
    }

    /// `value` in lowercase hex, at least `min_digits` digits (`{value:0min_digits$x}`).
    fn push_hex(&mut self, value: u64, min_digits: usize) {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let needed = (64 - value.leading_zeros() as usize).div_ceil(4);
        let start = usize::from(self.len);
        let end = start + needed.max(min_digits);
        // Written from the last digit back, four bits at a time.
        let mut rest = value;
        for slot in self.text[start..end].iter_mut().rev() {
            *slot = DIGITS[(rest & 0xf) as usize];
            rest >>= 4;
        }
        self.len = end as u8;
    }
}

impl AsRef<[u8]> for RequestId {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_hex_as_format_writes_them() {
        for value in [0, 1, 0xf, 0x10, 0xdead_beef, 0x1_0000_0000, u64::MAX] {
            for width in [8, 16] {
                let mut id = RequestId {
                    text: [0; MAX_LEN],
                    len: 0,
                };
                id.push_hex(value, width);
                assert_eq!(id.as_str(), format!("{value:0width$x}"));
            }
        }
    }

    #[test]
    fn ids_share_the_process_prefix_and_differ() {
        let (a, b) = (RequestId::next(), RequestId::next());
        assert_ne!(a.as_str(), b.as_str());
        assert_eq!(a.as_str().len(), 25);
        assert_eq!(a.as_str()[..17], b.as_str()[..17], "one prefix per process");
    }
}
