//! The few DER structures needed to move RSA keys between JWK and aws-lc: PKCS#1 `RSAPrivateKey`
//! (RFC 8017 A.1.2: a SEQUENCE of nine INTEGERs), `RSAPublicKey` (A.1.1: SEQUENCE of n, e) and the
//! PKCS#8 `PrivateKeyInfo` wrapper (RFC 5208 §5). Only definite-length, single-byte tags; no crypto.

use zeroize::Zeroizing;

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const OCTET_STRING: u8 = 0x04;

/// A forward-only reader over DER bytes.
pub(crate) struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader(bytes)
    }

    /// Reads one element with `tag` and returns its contents.
    pub(crate) fn read(&mut self, tag: u8) -> Option<&'a [u8]> {
        let (&t, rest) = self.0.split_first()?;
        if t != tag {
            return None;
        }
        let (&first, rest) = rest.split_first()?;
        let (len, rest) = if first < 0x80 {
            (usize::from(first), rest)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 4 || rest.len() < n {
                return None;
            }
            let len = rest[..n]
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            (len, &rest[n..])
        };
        if rest.len() < len {
            return None;
        }
        let (content, rest) = rest.split_at(len);
        self.0 = rest;
        Some(content)
    }

    /// Reads a non-negative INTEGER and returns its big-endian magnitude without leading zeros.
    pub(crate) fn unsigned_integer(&mut self) -> Option<&'a [u8]> {
        let c = self.read(INTEGER)?;
        if c.first().is_some_and(|b| b & 0x80 != 0) {
            return None; // negative
        }
        let start = c.iter().position(|b| *b != 0).unwrap_or(c.len());
        Some(&c[start..])
    }
}

fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes
            .iter()
            .position(|b| *b != 0)
            .unwrap_or(bytes.len() - 1);
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

fn push_unsigned_integer(out: &mut Vec<u8>, magnitude: &[u8]) {
    let start = magnitude
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(magnitude.len());
    let m = &magnitude[start..];
    let pad = m.first().is_none_or(|b| b & 0x80 != 0);
    out.push(INTEGER);
    push_len(out, m.len() + usize::from(pad));
    if pad {
        out.push(0);
    }
    out.extend_from_slice(m);
}

/// DER `RSAPrivateKey` (two-prime, version 0) from big-endian magnitudes
/// `[n, e, d, p, q, dp, dq, qi]`. The buffer is zeroized on drop and sized up front, so no
/// reallocation leaves copies behind.
pub(crate) fn rsa_private_key(parts: [&[u8]; 8]) -> Zeroizing<Vec<u8>> {
    let body_cap: usize = parts.iter().map(|p| p.len() + 8).sum::<usize>() + 8;
    let mut body = Zeroizing::new(Vec::with_capacity(body_cap));
    push_unsigned_integer(&mut body, &[0]);
    for p in parts {
        push_unsigned_integer(&mut body, p);
    }
    let mut out = Zeroizing::new(Vec::with_capacity(body.len() + 8));
    out.push(SEQUENCE);
    push_len(&mut out, body.len());
    out.extend_from_slice(&body);
    out
}

/// The eight magnitudes `[n, e, d, p, q, dp, dq, qi]` of a PKCS#8-wrapped RSA private key.
pub(crate) fn rsa_private_parts_from_pkcs8(pkcs8: &[u8]) -> Option<[Vec<u8>; 8]> {
    let mut outer = Reader::new(pkcs8);
    let mut info = Reader::new(outer.read(SEQUENCE)?);
    info.read(INTEGER)?; // version
    info.read(SEQUENCE)?; // algorithm identifier
    let private_key = info.read(OCTET_STRING)?;
    let mut key = Reader::new(Reader::new(private_key).read(SEQUENCE)?);
    key.read(INTEGER)?; // version 0 (two-prime)
    let mut parts: [Vec<u8>; 8] = Default::default();
    for p in parts.iter_mut() {
        *p = key.unsigned_integer()?.to_vec();
    }
    Some(parts)
}

/// `(n, e)` of a DER `RSAPublicKey`.
pub(crate) fn rsa_public_parts(pkcs1: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut seq = Reader::new(Reader::new(pkcs1).read(SEQUENCE)?);
    let n = seq.unsigned_integer()?;
    let e = seq.unsigned_integer()?;
    Some((n, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_round_trip() {
        let parts: [&[u8]; 8] = [
            &[0x00, 0x80, 1],
            &[1, 0, 1],
            &[0x7f],
            &[0xff; 200],
            &[0],
            &[1],
            &[2],
            &[3],
        ];
        let der = rsa_private_key(parts);
        let mut r = Reader::new(Reader::new(&der).read(SEQUENCE).unwrap());
        assert_eq!(r.unsigned_integer(), Some(&[][..]));
        assert_eq!(r.unsigned_integer(), Some(&[0x80, 1][..]));
        assert_eq!(r.unsigned_integer(), Some(&[1, 0, 1][..]));
        assert_eq!(r.unsigned_integer(), Some(&[0x7f][..]));
        assert_eq!(r.unsigned_integer(), Some(&[0xff; 200][..]));
        assert_eq!(r.unsigned_integer(), Some(&[][..]));
    }

    #[test]
    fn rejects_truncated_input() {
        assert!(Reader::new(&[0x30, 0x05, 1]).read(SEQUENCE).is_none());
        assert!(Reader::new(&[0x30, 0x82, 1]).read(SEQUENCE).is_none());
        assert!(
            Reader::new(&[0x02, 0x01, 0x80])
                .unsigned_integer()
                .is_none()
        );
    }
}
