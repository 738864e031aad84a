//! Files uploaded whole or in chunks, as the Noark 5 tjenestegrensesnitt describes it (after
//! Google's resumable uploads): a `POST` with `X-Upload-Content-Length` and
//! `X-Upload-Content-Type` opens a session at a `Location`; each `PUT` there carries
//! `Content-Range: first-last/total` (a `bytes ` prefix is accepted); a chunk already received
//! (a retry) is acknowledged again; the last one completes the file. A `POST` without those
//! headers is the whole file. The file name comes from `Content-Disposition` (RFC 6266,
//! `filename*=UTF-8''…` preferred).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use hint_core::Route;
//! use hint_core::mock::upload::{ChunkedUploads, Uploaded};
//! use hint_core::mock::{ErrorShape, MockServer, Reply, Router, Shared};
//!
//! const UPLOAD: Route = Route::post("Arkiv.uploadFil", "filer/{id}");
//! const CHUNK: Route = Route::put("Arkiv.uploadDel", "opplastinger/{id}");
//! let state = Shared::new((ChunkedUploads::<String>::default(), Vec::new()));
//! let done = |file: hint_core::mock::upload::UploadedFile<String>, files: &mut Vec<_>| {
//!     files.push((file.target, file.bytes, file.filename));
//!     Reply::empty(201)
//! };
//! let server = MockServer::start().await;
//! Router::new(state.clone(), ErrorShape::Noark)
//!     .route(UPLOAD, move |req, (uploads, files)| {
//!         match uploads.start(req, req.param("id").to_owned(), "opplastinger/")? {
//!             Uploaded::Reply(reply) => Ok(reply),
//!             Uploaded::File(file) => Ok(done(file, files)),
//!         }
//!     })
//!     .route(CHUNK, move |req, (uploads, files)| match uploads.chunk(req, req.param("id"))? {
//!         Uploaded::Reply(reply) => Ok(reply),
//!         Uploaded::File(file) => Ok(done(file, files)),
//!     })
//!     .mount(&server)
//!     .await;
//! let http = reqwest::Client::new();
//! let start = http.post(server.uri().join("filer/f1").unwrap())
//!     .header("x-upload-content-length", "4")
//!     .header("x-upload-content-type", "text/plain")
//!     .header("content-disposition", "attachment; filename*=UTF-8''s%C3%B8knad.txt")
//!     .send().await.unwrap();
//! let location = start.headers()["location"].to_str().unwrap().to_owned();
//! for (range, body) in [("0-1/4", "ab"), ("2-3/4", "cd")] {
//!     let put = http.put(server.uri().join(&location).unwrap()).header("content-range", range);
//!     put.body(body).send().await.unwrap();
//! }
//! let files = &state.lock().1;
//! assert_eq!(files[0], ("f1".to_owned(), b"abcd".to_vec(), Some("søknad.txt".to_owned())));
//! # }
//! ```

use std::collections::HashMap;
use std::fmt;

use super::{MockRequest, Reply};

/// A file complete: carried whole, or its last chunk taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile<T> {
    /// What the upload was started for (the mock's own key: a document's id, say).
    pub target: T,
    /// The file.
    pub bytes: Vec<u8>,
    /// Its media type (`Content-Type`, or `X-Upload-Content-Type` of a chunked upload), without
    /// parameters; `application/octet-stream` when the request gave none.
    pub media_type: String,
    /// Its name, from `Content-Disposition`.
    pub filename: Option<String>,
}

/// What a request to an upload route comes to.
#[derive(Debug)]
pub enum Uploaded<T> {
    /// A session opened or a chunk taken: answer this.
    Reply(Reply),
    /// The whole file: store it and answer.
    File(UploadedFile<T>),
}

/// The chunked uploads under way; keep one in the mock's state.
pub struct ChunkedUploads<T> {
    sessions: HashMap<String, (u64, String, UploadedFile<T>)>,
}

impl<T> Default for ChunkedUploads<T> {
    fn default() -> Self {
        ChunkedUploads {
            sessions: HashMap::new(),
        }
    }
}

impl<T> fmt::Debug for ChunkedUploads<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChunkedUploads")
            .field("sessions", &self.sessions.len())
            .finish()
    }
}

impl<T> ChunkedUploads<T> {
    /// A `POST` of a file for `target`: the whole file, or the start of a chunked upload,
    /// answered 200 with `Location: {location}{session}` (`location` as the client should read
    /// it: relative to its base URL, say), where each chunk's answer points again.
    pub fn start(
        &mut self,
        req: &MockRequest,
        target: T,
        location: &str,
    ) -> Result<Uploaded<T>, Reply> {
        let filename = req.header("content-disposition").and_then(filename);
        let media = |v: Option<&str>| {
            let v = v.unwrap_or("application/octet-stream");
            v.split(';').next().unwrap_or_default().trim().to_owned()
        };
        let Some(total) = req.header("x-upload-content-length") else {
            let media_type = media(req.header("content-type"));
            let bytes = req.body().to_vec();
            return Ok(Uploaded::File(UploadedFile {
                target,
                bytes,
                media_type,
                filename,
            }));
        };
        let total = total.trim().parse().map_err(|_| {
            req.invalid(
                "X-Upload-Content-Length",
                "X-Upload-Content-Length must be a number",
            )
        })?;
        let Some(media_type) = req.header("x-upload-content-type") else {
            return Err(req.invalid("X-Upload-Content-Type", "X-Upload-Content-Type is required"));
        };
        let media_type = media(Some(media_type));
        let id = uuid::Uuid::new_v4().to_string();
        let file = UploadedFile {
            target,
            bytes: Vec::new(),
            media_type,
            filename,
        };
        let location = format!("{location}{id}");
        self.sessions.insert(id, (total, location.clone(), file));
        Ok(Uploaded::Reply(
            Reply::empty(200).header("location", location),
        ))
    }

    /// A `PUT` of one chunk to session `id` (a 404 if there is none).
    pub fn chunk(&mut self, req: &MockRequest, id: &str) -> Result<Uploaded<T>, Reply> {
        const RANGE: &str = "Content-Range";
        let bad = || req.invalid(RANGE, "Content-Range must be <first>-<last>/<total>");
        let range = req.header(RANGE).ok_or_else(bad)?;
        let range = range.trim().trim_start_matches("bytes").trim();
        let (span, total) = range.split_once('/').ok_or_else(bad)?;
        let (lo, hi) = span.split_once('-').ok_or_else(bad)?;
        let num = |s: &str| s.trim().parse::<u64>().map_err(|_| bad());
        let (lo, hi, total) = (num(lo)?, num(hi)?, num(total)?);
        let missing = || req.error(404, req.codes.not_found, format!("no upload {id}"));
        let (expected, location, file) = self.sessions.get_mut(id).ok_or_else(missing)?;
        let body = req.body();
        if total != *expected || hi < lo || hi - lo + 1 != body.len() as u64 {
            return Err(req.invalid(RANGE, "Content-Range does not fit the upload or the body"));
        }
        let have = file.bytes.len() as u64;
        if lo == have {
            file.bytes.extend_from_slice(body);
        } else if hi >= have {
            return Err(req.invalid(RANGE, format!("expected the chunk starting at {have}")));
        }
        let have = file.bytes.len() as u64;
        if have < total {
            let reply = Reply::empty(200).header("range", format!("0-{}", have.saturating_sub(1)));
            return Ok(Uploaded::Reply(reply.header("location", location.clone())));
        }
        let (_, _, file) = self.sessions.remove(id).ok_or_else(missing)?;
        Ok(Uploaded::File(file))
    }
}

/// The file name of `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266).
fn filename(disposition: &str) -> Option<String> {
    let parts = || disposition.split(';').map(str::trim);
    if let Some(encoded) = parts().find_map(|p| p.strip_prefix("filename*=UTF-8''")) {
        let pair = format!("f={}", encoded.replace('+', "%2B"));
        let mut decoded = url::form_urlencoded::parse(pair.as_bytes());
        return decoded.next().map(|(_, v)| v.into_owned());
    }
    let plain = parts().find_map(|p| p.strip_prefix("filename="));
    plain.map(|v| v.trim_matches('"').to_owned())
}
