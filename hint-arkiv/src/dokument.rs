//! Dokumenter: dokumentbeskrivelser, dokumentobjekter, and their files streamed up and down.
//!
//! A document in Noark 5 is a `Dokumentbeskrivelse` (title, role in the journalpost) with one or
//! more `Dokumentobjekt` (one per version and variant), each pointing at one file. Files are
//! binary resources of their own (`…/referanseFil`):
//!
//! - **Upload** ([`ArkivClient::upload_file`], [`ArkivClient::upload_reader`]) streams the body
//!   and computes its SHA-256 on the way; the archive's `sjekksum` must match, or the call fails
//!   with [`ErrorKind::Checksum`]. Files above
//!   [`Upload::single_request_limit`] go in chunks as Noark 5 describes (`X-Upload-Content-Length`,
//!   then `PUT` with `Content-Range` per chunk); each chunk is retried on its own.
//! - **Download** ([`ArkivClient::download_to_file`], [`ArkivClient::download_to_writer`])
//!   streams to disk or any writer and checks the SHA-256 and size against the dokumentobjekt. A
//!   file download is written under a temporary name and renamed only when it checks out.
//!
//! Memory stays flat: a file is read and written a buffer at a time (64 KiB), never whole. Only
//! chunked uploads from a reader (which cannot be read twice) keep one chunk in memory, so a retry
//! can send it again.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use aws_lc_rs::digest;
use bytes::{Bytes, BytesMut};
use hint_core::{Body, ByteStream, Error, ErrorKind, Pager, Result, Url};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncSeekExt, AsyncWrite, AsyncWriteExt};

use crate::client::{ArkivClient, noark_body};
use crate::kode::Variantformat;
use crate::links::rel;
use crate::routes;
use crate::wire::{Etag, SystemId, non_blank};

pub use crate::dokumentbeskrivelse::{Dokumentbeskrivelse, NyDokumentbeskrivelse};
pub use crate::dokumentobjekt::{Dokumentobjekt, NyDokumentobjekt};

/// The only checksum algorithm Noark 5 allows.
pub const SJEKKSUM_ALGORITME: &str = "SHA-256";

const READ_BUFFER: usize = 64 * 1024;

/// How to upload a file.
///
/// ```
/// use hint_arkiv::Upload;
/// let upload = Upload::new("application/pdf").filnavn("soknad.pdf").chunk_size(16 * 1024 * 1024);
/// # let _ = upload;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Upload {
    /// The file's media type, sent as `Content-Type` (the archive checks it against a declared
    /// `mimeType`).
    pub mime_type: String,
    /// The file name, sent in `Content-Disposition`.
    pub filnavn: Option<String>,
    /// Files larger than this go in chunks (default 64 MiB; Noark's default `bulkgrense` is 150 MiB).
    pub single_request_limit: u64,
    /// The size of each chunk (default 8 MiB).
    pub chunk_size: u64,
}

impl Upload {
    /// An upload of this media type.
    pub fn new(mime_type: impl Into<String>) -> Self {
        Upload {
            mime_type: mime_type.into(),
            filnavn: None,
            single_request_limit: 64 * 1024 * 1024,
            chunk_size: 8 * 1024 * 1024,
        }
    }

    /// Sets the file name.
    pub fn filnavn(mut self, v: impl Into<String>) -> Self {
        self.filnavn = Some(v.into());
        self
    }

    /// Sets the size above which files go in chunks.
    pub fn single_request_limit(mut self, bytes: u64) -> Self {
        self.single_request_limit = bytes;
        self
    }

    /// Sets the chunk size.
    pub fn chunk_size(mut self, bytes: u64) -> Self {
        self.chunk_size = bytes;
        self
    }

    fn validate(&self) -> Result<()> {
        check_mime("mimeType", &self.mime_type)?;
        if let Some(f) = &self.filnavn {
            non_blank("filnavn", f)?;
        }
        if self.chunk_size == 0 {
            return Err(Error::invalid_input(
                "chunk_size",
                "must be at least 1 byte",
            ));
        }
        Ok(())
    }
}

/// What a download wrote.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Download {
    /// The dokumentobjekt the file belongs to.
    pub dokumentobjekt: Dokumentobjekt,
    /// Bytes written.
    pub bytes: u64,
    /// The SHA-256 of what was written, lower-case hex (equal to the archive's `sjekksum`).
    pub sjekksum: String,
}

pub(crate) fn check_mime(field: &str, mime: &str) -> Result<()> {
    let m = mime.trim();
    let ok = m
        .split_once('/')
        .is_some_and(|(t, s)| !t.is_empty() && !s.is_empty())
        && m.bytes().all(|b| b.is_ascii_graphic() || b == b' ');
    if !ok {
        return Err(Error::invalid_input(
            field,
            "must be a media type such as application/pdf",
        ));
    }
    Ok(())
}

// ---- Hashing while streaming ------------------------------------------------------------------

/// A SHA-256 fed by position: bytes before `upto` were hashed already and are skipped when a
/// retry sends them again, so the digest covers every byte exactly once.
struct HashState {
    ctx: digest::Context,
    upto: u64,
}

type SharedHash = Arc<Mutex<HashState>>;

fn new_hash() -> SharedHash {
    Arc::new(Mutex::new(HashState {
        ctx: digest::Context::new(&digest::SHA256),
        upto: 0,
    }))
}

fn feed(hash: &SharedHash, pos: u64, bytes: &[u8]) -> io::Result<()> {
    let mut h = hash.lock().unwrap_or_else(|e| e.into_inner());
    let end = pos + bytes.len() as u64;
    if end <= h.upto {
        return Ok(());
    }
    if pos > h.upto {
        return Err(io::Error::other(
            "internal error: bytes were skipped while computing the checksum",
        ));
    }
    let skip = (h.upto - pos) as usize;
    h.ctx.update(&bytes[skip..]);
    h.upto = end;
    Ok(())
}

fn finish(hash: &SharedHash) -> (String, u64) {
    let h = hash.lock().unwrap_or_else(|e| e.into_inner());
    (hex(h.ctx.clone().finish().as_ref()), h.upto)
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// Computes the SHA-256 of bytes as Noark writes it (lower-case hex), for tests and mocks.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(digest::digest(&digest::SHA256, bytes).as_ref())
}

type BoxReader = Box<dyn AsyncRead + Send + Unpin>;

struct Segment {
    reader: Option<BoxReader>,
    open: Option<PathBuf>,
    pos: u64,
    left: Option<u64>,
    hash: SharedHash,
}

/// Streams `len` bytes (all, when `None`) from a reader or a file at `start`, hashing them.
fn segment_stream(segment: Segment) -> ByteStream {
    Box::pin(futures_util::stream::unfold(
        Some(segment),
        |state| async move {
            let mut st = state?;
            match read_next(&mut st).await {
                Ok(Some(bytes)) => Some((Ok(bytes), Some(st))),
                Ok(None) => None,
                Err(e) => Some((Err(e), None)),
            }
        },
    ))
}

async fn read_next(st: &mut Segment) -> io::Result<Option<Bytes>> {
    if st.reader.is_none() {
        let Some(path) = st.open.take() else {
            return Ok(None);
        };
        let mut file = tokio::fs::File::open(&path).await?;
        file.seek(io::SeekFrom::Start(st.pos)).await?;
        st.reader = Some(Box::new(file));
    }
    let want = match st.left {
        Some(0) => return Ok(None),
        Some(left) => left.min(READ_BUFFER as u64) as usize,
        None => READ_BUFFER,
    };
    let Some(reader) = st.reader.as_mut() else {
        return Ok(None);
    };
    let mut buf = BytesMut::with_capacity(want);
    let mut total = 0;
    // Fill the buffer (short reads are common) so chunks stay a sensible size.
    while total < want {
        let n = reader
            .as_mut()
            .take((want - total) as u64)
            .read_buf(&mut buf)
            .await?;
        if n == 0 {
            break;
        }
        total += n;
    }
    if total == 0 {
        if st.left.is_some_and(|l| l > 0) {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the file ended before its announced length; was it changed during the upload?",
            ));
        }
        return Ok(None);
    }
    let bytes = buf.freeze();
    feed(&st.hash, st.pos, &bytes)?;
    st.pos += total as u64;
    if let Some(left) = st.left.as_mut() {
        *left -= total as u64;
    }
    Ok(Some(bytes))
}

// ---- Operations ---------------------------------------------------------------------------------

enum Source {
    File(PathBuf),
    Reader(BoxReader),
}

impl ArkivClient {
    /// Creates a dokumentbeskrivelse (with the dokumentobjekter it lists) on a journalpost. Retries
    /// reuse one idempotency key.
    pub async fn create_dokumentbeskrivelse(
        &self,
        journalpost: &SystemId,
        dokument: &NyDokumentbeskrivelse,
    ) -> Result<Dokumentbeskrivelse> {
        dokument.validate()?;
        if self.noark_options().is_some() {
            return self
                .noark_create_dokumentbeskrivelse(journalpost, dokument)
                .await;
        }
        let op = routes::CREATE_DOKUMENTBESKRIVELSE
            .op()
            .path_param("systemID", journalpost)
            .body(noark_body(dokument)?)
            .idempotency_key(None);
        self.send_entity(op).await
    }

    /// Gets a dokumentbeskrivelse with its dokumentobjekter.
    pub async fn get_dokumentbeskrivelse(
        &self,
        system_id: &SystemId,
    ) -> Result<Dokumentbeskrivelse> {
        if self.noark_options().is_some() {
            let name = routes::GET_DOKUMENTBESKRIVELSE.name;
            return self.n_find(name, rel::DOKUMENTBESKRIVELSE, system_id).await;
        }
        let op = routes::GET_DOKUMENTBESKRIVELSE
            .op()
            .path_param("systemID", system_id);
        self.send_entity(op).await
    }

    /// Lists the dokumentbeskrivelser of a journalpost (a blank id is refused before any request).
    pub fn list_dokumentbeskrivelser(
        &self,
        journalpost: &SystemId,
    ) -> Result<Pager<Dokumentbeskrivelse>> {
        non_blank("systemID", journalpost.as_str())?;
        if self.noark_options().is_some() {
            return self.noark_children::<crate::Journalpost, _>(
                routes::LIST_DOKUMENTBESKRIVELSER.name,
                rel::JOURNALPOST,
                journalpost,
                rel::DOKUMENTBESKRIVELSE,
            );
        }
        Ok(self.pager(
            routes::LIST_DOKUMENTBESKRIVELSER
                .op()
                .path_param("systemID", journalpost),
        ))
    }

    /// Adds a dokumentobjekt (a new version or variant) to a dokumentbeskrivelse.
    pub async fn create_dokumentobjekt(
        &self,
        dokumentbeskrivelse: &SystemId,
        objekt: &NyDokumentobjekt,
    ) -> Result<Dokumentobjekt> {
        objekt.validate("")?;
        if self.noark_options().is_some() {
            let name = routes::CREATE_DOKUMENTOBJEKT.name;
            let parent: Dokumentbeskrivelse = self
                .n_find(name, rel::DOKUMENTBESKRIVELSE, dokumentbeskrivelse)
                .await?;
            return self
                .n_create(name, &parent.links, rel::NY_DOKUMENTOBJEKT, objekt)
                .await;
        }
        let op = routes::CREATE_DOKUMENTOBJEKT
            .op()
            .path_param("systemID", dokumentbeskrivelse)
            .body(noark_body(objekt)?)
            .idempotency_key(None);
        self.send_entity(op).await
    }

    /// Gets a dokumentobjekt.
    pub async fn get_dokumentobjekt(&self, system_id: &SystemId) -> Result<Dokumentobjekt> {
        if self.noark_options().is_some() {
            let name = routes::GET_DOKUMENTOBJEKT.name;
            return self.n_find(name, rel::DOKUMENTOBJEKT, system_id).await;
        }
        let op = routes::GET_DOKUMENTOBJEKT
            .op()
            .path_param("systemID", system_id);
        self.send_entity(op).await
    }

    /// Lists the dokumentobjekter of a dokumentbeskrivelse (a blank id is refused before any
    /// request).
    pub fn list_dokumentobjekter(
        &self,
        dokumentbeskrivelse: &SystemId,
    ) -> Result<Pager<Dokumentobjekt>> {
        non_blank("systemID", dokumentbeskrivelse.as_str())?;
        if self.noark_options().is_some() {
            return self.noark_children::<Dokumentbeskrivelse, _>(
                routes::LIST_DOKUMENTOBJEKTER.name,
                rel::DOKUMENTBESKRIVELSE,
                dokumentbeskrivelse,
                rel::DOKUMENTOBJEKT,
            );
        }
        Ok(self.pager(
            routes::LIST_DOKUMENTOBJEKTER
                .op()
                .path_param("systemID", dokumentbeskrivelse),
        ))
    }

    /// Registers a file as a new document on a journalpost in one call: creates the
    /// dokumentbeskrivelse with one dokumentobjekt (variant `P` unless `dokument` lists one;
    /// `mimeType` and `filnavn` taken from `upload`), then uploads the file.
    pub async fn create_dokumentbeskrivelse_from_file(
        &self,
        journalpost: &SystemId,
        dokument: NyDokumentbeskrivelse,
        path: impl AsRef<Path>,
        upload: &Upload,
    ) -> Result<(Dokumentbeskrivelse, Dokumentobjekt)> {
        let path = path.as_ref();
        upload.validate()?;
        let mut dokument = dokument;
        if dokument.dokumentobjekt.is_empty() {
            let mut objekt = NyDokumentobjekt::new(Variantformat::Produksjonsformat)
                .mime_type(upload.mime_type.clone());
            objekt.filnavn = upload.filnavn.clone().or_else(|| file_name(path));
            dokument = dokument.dokumentobjekt(objekt);
        }
        let mut beskrivelse = self
            .create_dokumentbeskrivelse(journalpost, &dokument)
            .await?;
        let objekt_id = beskrivelse
            .dokumentobjekt
            .first()
            .and_then(|o| o.system_id.clone())
            .ok_or_else(|| {
                Error::with_kind(
                    ErrorKind::Decode,
                    "the archive returned the dokumentbeskrivelse without its dokumentobjekt",
                )
            })?;
        let objekt = self.upload_file(&objekt_id, path, upload).await?;
        if let Some(slot) = beskrivelse
            .dokumentobjekt
            .iter_mut()
            .find(|o| o.system_id == objekt.system_id)
        {
            *slot = objekt.clone();
        }
        Ok((beskrivelse, objekt))
    }

    /// Uploads a file to a dokumentobjekt, streaming it from disk (reopened for each retry; a
    /// 1 GiB file is never held in memory). The SHA-256 is computed on the way and must equal the
    /// archive's `sjekksum`. Files above [`Upload::single_request_limit`] go in chunks.
    pub async fn upload_file(
        &self,
        dokumentobjekt: &SystemId,
        path: impl AsRef<Path>,
        upload: &Upload,
    ) -> Result<Dokumentobjekt> {
        let path = path.as_ref();
        upload.validate()?;
        let length = tokio::fs::metadata(path)
            .await
            .map_err(|e| {
                Error::with_kind(
                    ErrorKind::Io,
                    format!("cannot read the file to upload: {e}"),
                )
            })?
            .len();
        let mut upload = upload.clone();
        if upload.filnavn.is_none() {
            upload.filnavn = file_name(path);
        }
        self.upload(
            dokumentobjekt,
            Source::File(path.to_owned()),
            Some(length),
            &upload,
        )
        .await
    }

    /// Uploads from any reader. With `length` known and above
    /// [`Upload::single_request_limit`] it goes in chunks, one chunk in memory at a time so each
    /// can be retried; otherwise it streams in one request that cannot be retried once the body
    /// has started (a reader cannot be read twice).
    pub async fn upload_reader<R>(
        &self,
        dokumentobjekt: &SystemId,
        reader: R,
        length: Option<u64>,
        upload: &Upload,
    ) -> Result<Dokumentobjekt>
    where
        R: AsyncRead + Send + Unpin + 'static,
    {
        upload.validate()?;
        self.upload(
            dokumentobjekt,
            Source::Reader(Box::new(reader)),
            length,
            upload,
        )
        .await
    }

    async fn upload(
        &self,
        id: &SystemId,
        source: Source,
        length: Option<u64>,
        upload: &Upload,
    ) -> Result<Dokumentobjekt> {
        let hash = new_hash();
        let objekt = match length {
            Some(total) if total > upload.single_request_limit => {
                self.upload_chunked(id, source, total, upload, &hash)
                    .await?
            }
            _ => {
                let body = match source {
                    Source::File(path) => {
                        let hash = hash.clone();
                        let factory = Arc::new(move || {
                            segment_stream(Segment {
                                reader: None,
                                open: Some(path.clone()),
                                pos: 0,
                                left: length,
                                hash: hash.clone(),
                            })
                        });
                        Body::replayable(upload.mime_type.clone(), length, factory)
                    }
                    Source::Reader(reader) => Body::one_shot(
                        upload.mime_type.clone(),
                        length,
                        segment_stream(Segment {
                            reader: Some(reader),
                            open: None,
                            pos: 0,
                            left: length,
                            hash: hash.clone(),
                        }),
                    ),
                };
                let mut op = self
                    .file_target(routes::UPLOAD_FIL.op(), id)
                    .await?
                    .body(body)
                    .idempotency_key(None);
                if let Some(name) = &upload.filnavn {
                    op = op.header(
                        routes::HEADER_CONTENT_DISPOSITION,
                        &content_disposition(name),
                    )?;
                }
                self.send_entity::<Dokumentobjekt>(op).await?
            }
        };
        let (sjekksum, hashed) = finish(&hash);
        verify(&objekt, &sjekksum, hashed, length)?;
        Ok(objekt)
    }

    async fn upload_chunked(
        &self,
        id: &SystemId,
        source: Source,
        total: u64,
        upload: &Upload,
        hash: &SharedHash,
    ) -> Result<Dokumentobjekt> {
        let start = routes::START_OPPLASTING.op();
        let mut start = self
            .file_target(start, id)
            .await?
            .header(routes::HEADER_UPLOAD_CONTENT_TYPE, &upload.mime_type)?
            .header(routes::HEADER_UPLOAD_CONTENT_LENGTH, &total.to_string())?
            .body(Body::bytes("application/octet-stream", Bytes::new()))
            .idempotency_key(None);
        if let Some(name) = &upload.filnavn {
            start = start.header(
                routes::HEADER_CONTENT_DISPOSITION,
                &content_disposition(name),
            )?;
        }
        let response = self.core().send(start).await?;
        let mut location = self.location(response.header("location"))?;
        let (path, mut reader) = match source {
            Source::File(path) => (Some(path), None),
            Source::Reader(r) => (None, Some(r)),
        };
        let mut pos = 0u64;
        while pos < total {
            let len = upload.chunk_size.min(total - pos);
            let body = match (&path, reader.as_mut()) {
                (Some(path), _) => {
                    let (path, hash, from) = (path.clone(), hash.clone(), pos);
                    let factory = Arc::new(move || {
                        segment_stream(Segment {
                            reader: None,
                            open: Some(path.clone()),
                            pos: from,
                            left: Some(len),
                            hash: hash.clone(),
                        })
                    });
                    Body::replayable(upload.mime_type.clone(), Some(len), factory)
                }
                (None, Some(r)) => {
                    // A reader cannot be read twice: keep this one chunk so a retry can resend it.
                    let mut buf = Vec::with_capacity(len as usize);
                    r.as_mut()
                        .take(len)
                        .read_to_end(&mut buf)
                        .await
                        .map_err(|e| {
                            Error::with_kind(ErrorKind::Io, format!("reading the upload: {e}"))
                        })?;
                    if (buf.len() as u64) < len {
                        return Err(Error::with_kind(
                            ErrorKind::Io,
                            "the reader ended before the announced length",
                        ));
                    }
                    feed(hash, pos, &buf)?;
                    Body::bytes(upload.mime_type.clone(), buf)
                }
                (None, None) => {
                    return Err(Error::with_kind(
                        ErrorKind::Io,
                        "internal error: no upload source",
                    ));
                }
            };
            let last = pos + len - 1;
            let op = routes::UPLOAD_DEL
                .op()
                .absolute_url(location.clone())
                .header(
                    routes::HEADER_CONTENT_RANGE,
                    &format!("{pos}-{last}/{total}"),
                )?
                .body(body);
            let response = self.core().send(op).await?;
            pos += len;
            if pos >= total {
                if response.status() != 201 && response.is_empty() {
                    return Err(Error::with_kind(
                        ErrorKind::Decode,
                        "the archive did not return the dokumentobjekt after the last chunk",
                    ));
                }
                let mut objekt: Dokumentobjekt = response.json()?;
                if let Some(etag) = response.etag() {
                    objekt.etag = Some(Etag::new(etag));
                }
                return Ok(objekt);
            }
            if let Some(next) = response.header("location") {
                location = self.location(Some(next))?;
            }
        }
        Err(Error::with_kind(
            ErrorKind::Decode,
            "the archive did not finish the upload",
        ))
    }

    /// Resolves a `Location` header against the base URL.
    fn location(&self, header: Option<&str>) -> Result<Url> {
        let value = header.ok_or_else(|| {
            Error::with_kind(
                ErrorKind::Decode,
                "the archive did not say where to upload the chunks (no Location header)",
            )
        })?;
        self.core()
            .base_url()
            .join(value)
            .map_err(|_| Error::with_kind(ErrorKind::Decode, "the upload Location is not a URL"))
    }

    /// Downloads a dokumentobjekt's file into `writer`, streaming, and checks its SHA-256 and size
    /// against the dokumentobjekt. On a mismatch the error is
    /// [`ErrorKind::Checksum`] and what was written must be
    /// discarded (use [`ArkivClient::download_to_file`] to have that done for you).
    pub async fn download_to_writer<W>(
        &self,
        dokumentobjekt: &SystemId,
        writer: &mut W,
    ) -> Result<Download>
    where
        W: AsyncWrite + Unpin + ?Sized,
    {
        let objekt = self.get_dokumentobjekt(dokumentobjekt).await?;
        if objekt.sjekksum.is_none() {
            return Err(Error::with_kind(
                ErrorKind::Checksum,
                "the dokumentobjekt has no sjekksum (no file uploaded yet?), so a download cannot be verified",
            ));
        }
        let op = routes::DOWNLOAD_FIL.op();
        let op = self.file_of(op, dokumentobjekt, &objekt)?.accept("*/*");
        let mut response = self.core().send_streaming(op).await?;
        // Not one byte past the declared size reaches the writer.
        if let Some(size) = objekt.filstoerrelse {
            response = response.limit_len(size)?;
        }
        let mut ctx = digest::Context::new(&digest::SHA256);
        let mut bytes = 0u64;
        while let Some(chunk) = response.chunk().await? {
            ctx.update(&chunk);
            bytes += chunk.len() as u64;
            writer.write_all(&chunk).await.map_err(|e| {
                Error::with_kind(ErrorKind::Io, format!("writing the download: {e}"))
            })?;
        }
        writer
            .flush()
            .await
            .map_err(|e| Error::with_kind(ErrorKind::Io, format!("writing the download: {e}")))?;
        let sjekksum = hex(ctx.finish().as_ref());
        verify(&objekt, &sjekksum, bytes, None)?;
        Ok(Download {
            dokumentobjekt: objekt,
            bytes,
            sjekksum,
        })
    }

    /// Downloads a dokumentobjekt's file to `path`, streaming. The file is written under a
    /// temporary name in the same directory and renamed to `path` only when its SHA-256 and size
    /// match; on any failure the temporary file is removed and `path` is left untouched.
    pub async fn download_to_file(
        &self,
        dokumentobjekt: &SystemId,
        path: impl AsRef<Path>,
    ) -> Result<Download> {
        let path = path.as_ref();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| Error::invalid_input("path", "must name a file"))?;
        let temp = path.with_file_name(format!(".{name}.{}.part", uuid::Uuid::new_v4()));
        let file = tokio::fs::File::create(&temp).await.map_err(|e| {
            Error::with_kind(
                ErrorKind::Io,
                format!("cannot create the download file: {e}"),
            )
        })?;
        let mut writer = tokio::io::BufWriter::with_capacity(256 * 1024, file);
        let result = self.download_to_writer(dokumentobjekt, &mut writer).await;
        let result = match result {
            Ok(done) => match finish_file(writer, &temp, path).await {
                Ok(()) => Ok(done),
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        if result.is_err() {
            let _ = tokio::fs::remove_file(&temp).await;
        }
        result
    }
}

async fn finish_file(
    mut writer: tokio::io::BufWriter<tokio::fs::File>,
    temp: &Path,
    path: &Path,
) -> Result<()> {
    let io =
        |e: io::Error| Error::with_kind(ErrorKind::Io, format!("finishing the download file: {e}"));
    writer.flush().await.map_err(io)?;
    let file = writer.into_inner();
    file.sync_all().await.map_err(io)?;
    drop(file);
    tokio::fs::rename(temp, path).await.map_err(io)
}

fn verify(
    objekt: &Dokumentobjekt,
    sjekksum: &str,
    bytes: u64,
    announced: Option<u64>,
) -> Result<()> {
    let Some(expected) = objekt.sjekksum.as_deref() else {
        return Err(Error::with_kind(
            ErrorKind::Checksum,
            "the archive returned no sjekksum, so the file cannot be verified",
        ));
    };
    if let Some(alg) = objekt.sjekksum_algoritme.as_deref()
        && !alg.eq_ignore_ascii_case(SJEKKSUM_ALGORITME)
    {
        return Err(Error::with_kind(
            ErrorKind::Checksum,
            format!("the archive used sjekksumAlgoritme `{alg}`; Noark 5 requires SHA-256"),
        ));
    }
    if !expected.trim().eq_ignore_ascii_case(sjekksum) {
        return Err(Error::with_kind(
            ErrorKind::Checksum,
            format!(
                "SHA-256 of the transferred bytes is {sjekksum}, the archive's sjekksum is {expected}"
            ),
        ));
    }
    if let Some(expected) = objekt.filstoerrelse
        && expected != bytes
    {
        return Err(Error::with_kind(
            ErrorKind::Checksum,
            format!("{bytes} bytes were transferred, the archive's filstoerrelse is {expected}"),
        ));
    }
    if let Some(announced) = announced
        && announced != bytes
    {
        return Err(Error::with_kind(
            ErrorKind::Checksum,
            format!("{bytes} bytes were sent of the {announced} announced"),
        ));
    }
    Ok(())
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name().and_then(|n| n.to_str()).map(str::to_owned)
}

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266).
fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}
