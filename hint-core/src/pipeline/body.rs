//! The body stage: a status that is not a success becomes a typed error (from the start of its
//! body, scrubbed of what the try sent); a success is read into memory within the client's
//! limits, or handed on as a stream. Reading is under the try's timer; a body cut off on the way
//! is a failed try like a broken connection.

use std::sync::Arc;
use std::time::SystemTime;

use bytes::{Bytes, BytesMut};
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::attempt::TryContext;
use super::{Attempt, Clock, Delivered, Pipeline, Reading, TryTimer, before, boxed};
use crate::error::{Error, ErrorKind};
use crate::error_body;
use crate::response::{Response, StreamingResponse, body_read_error};
use crate::retry::{self, Outcome};
use crate::scrub::SentSecrets;
use crate::transport::{HttpResponse, ResponseBody};

/// How much of an error body is read: the start is enough to say what went wrong.
const ERROR_PREFIX_BYTES: usize = 64 * 1024;

impl Pipeline {
    /// The end of a try: the error for a failure status, or the response for the caller.
    pub(super) async fn deliver(
        &self,
        cx: &TryContext<'_>,
        response: &mut HttpResponse,
        secrets: &mut SentSecrets,
        timer: TryTimer,
        clock: &mut Clock<'_>,
    ) -> Attempt {
        let status = response.status();
        if !(200..300).contains(&status) {
            // Boxed: an error answer is the rarer case, and its room and code would otherwise be
            // in every call's future and on its path.
            let err = boxed(|| self.error_from(response, secrets, clock)).await;
            return Attempt::Failed(Outcome::Status(status), err);
        }
        let config = &self.config;
        if cx.reading == Reading::Streaming {
            tracing::debug!(status, "request succeeded; streaming the body");
            return Attempt::Done(Delivered::Streaming(Box::new(StreamingResponse::new(
                std::mem::replace(response, HttpResponse::new(status)),
                config.stall_timeout,
                config.download_deadline,
            ))));
        }
        let headers = std::mem::take(response.headers_mut());
        match read_limited(
            response.body_mut(),
            config.max_response_bytes,
            Some(&self.room),
            clock,
        )
        .await
        {
            Ok(body) => {
                tracing::debug!(status, "request succeeded");
                Attempt::Done(Delivered::Buffered(Response::new(
                    status,
                    headers,
                    body,
                    cx.op.name,
                    cx.request_id,
                    std::mem::take(secrets),
                )))
            }
            Err(Unread::TooLarge(err)) => Attempt::Fatal(err),
            Err(Unread::TimedOut) => Attempt::Failed(Outcome::TimedOut, timer.error()),
            Err(Unread::NoRoom(err)) => Attempt::Failed(Outcome::TimedOut, err),
            Err(Unread::CutOff(err)) if err.kind() == ErrorKind::Timeout => {
                Attempt::Failed(Outcome::TimedOut, err)
            }
            Err(Unread::CutOff(err)) => Attempt::Failed(Outcome::Broken, err),
        }
    }

    /// The error for a non-success answer, its body scrubbed of what the try sent.
    async fn error_from(
        &self,
        response: &mut HttpResponse,
        secrets: &SentSecrets,
        clock: &mut Clock<'_>,
    ) -> Error {
        let status = response.status();
        // What the SDK would wait, not what the server asked for: that may be years.
        let retry_after = response
            .header(RETRY_AFTER)
            .and_then(|v| retry::parse_retry_after(v, SystemTime::now()))
            .map(|wait| wait.min(self.config.retry.max_retry_after()));
        let content_type = response.header(CONTENT_TYPE).map(str::to_owned);
        let body = read_prefix(response.body_mut(), ERROR_PREFIX_BYTES, clock).await;
        let err =
            error_body::from_response(status, content_type.as_deref(), &body, retry_after, secrets);
        tracing::debug!(
            status,
            code = err.code(),
            "the service answered with an error"
        );
        err
    }
}

/// A body read into memory, with its share of the client's buffered-bytes limit.
pub(crate) struct Limited {
    pub(crate) bytes: Bytes,
    pub(crate) room: Option<OwnedSemaphorePermit>,
}

/// Why a body was not read.
enum Unread {
    /// Over the limit: refused, not retried.
    TooLarge(Error),
    /// The try's timer ran out while the body was arriving.
    TimedOut,
    /// The client's buffered bodies held its limit for the whole try.
    NoRoom(Error),
    /// The body was cut off.
    CutOff(Error),
}

/// The client-wide limit on bytes held in buffered bodies: a semaphore with one permit per byte.
/// A body reserves its announced length at once, or grows its reservation a piece at a time, and
/// waits (up to the try's timeout) when the client is full.
#[derive(Debug, Clone)]
pub(crate) struct BufferRoom {
    semaphore: Arc<Semaphore>,
    total: usize,
}

impl BufferRoom {
    pub(crate) fn new(total: usize) -> Self {
        // tokio's semaphore holds at most `usize::MAX >> 3` permits.
        let total = total.clamp(1, Semaphore::MAX_PERMITS);
        BufferRoom {
            semaphore: Arc::new(Semaphore::new(total)),
            total,
        }
    }

    pub(crate) fn total(&self) -> usize {
        self.total
    }

    /// Adds `bytes` to `held`, waiting for room until the try's timer runs out.
    async fn reserve(
        &self,
        held: &mut Option<OwnedSemaphorePermit>,
        bytes: usize,
        clock: &mut Clock<'_>,
    ) -> std::result::Result<(), Unread> {
        if bytes == 0 {
            return Ok(());
        }
        let n = u32::try_from(bytes).map_err(|_| Unread::TooLarge(too_large(self.total)))?;
        // Room at once is the usual case: no waiting future for it.
        if let Ok(permit) = self.semaphore.clone().try_acquire_many_owned(n) {
            merge(held, permit);
            return Ok(());
        }
        // Boxed: waiting is rare, and its room would otherwise be in every call's future.
        let wait = Box::pin(self.semaphore.clone().acquire_many_owned(n));
        let permit = match before(clock, wait).await {
            Some(Ok(permit)) => permit,
            // The semaphore is never closed; treat it as full if it were.
            Some(Err(_)) | None => {
                return Err(Unread::NoRoom(Error::with_kind(
                    ErrorKind::Timeout,
                    format!(
                        "waited the whole request timeout for room to read the body: the client's \
                         buffered bodies already hold its limit of {} bytes \
                         (see ClientBuilder::max_buffered_bytes)",
                        self.total
                    ),
                )));
            }
        };
        merge(held, permit);
        Ok(())
    }
}

/// Adds `permit` to the room a body holds.
fn merge(held: &mut Option<OwnedSemaphorePermit>, permit: OwnedSemaphorePermit) {
    match held {
        Some(held) => held.merge(permit),
        None => *held = Some(permit),
    }
}

/// The next piece of a body, before the try's timer runs out.
async fn next_piece(
    body: &mut ResponseBody,
    clock: &mut Clock<'_>,
) -> std::result::Result<Option<Bytes>, Unread> {
    match before(clock, body.chunk()).await {
        Some(piece) => piece.map_err(|e| Unread::CutOff(body_read_error(e))),
        None => Err(Unread::TimedOut),
    }
}

/// Reads a whole body before the try's timer runs out, refusing more than `limit` bytes, and
/// holding room for it under `room` (waiting for room as long as the timer lets it).
async fn read_limited(
    body: &mut ResponseBody,
    limit: usize,
    room: Option<&BufferRoom>,
    clock: &mut Clock<'_>,
) -> std::result::Result<Limited, Unread> {
    let limit = room.map_or(limit, |r| limit.min(r.total()));
    let too_large = || Unread::TooLarge(too_large(limit));
    let mut held = None;
    let announced = body.len();
    if announced.is_some_and(|len| len > limit as u64) {
        return Err(too_large());
    }
    // An honest length is reserved in one go, so two bodies never hold half their room each.
    if let (Some(room), Some(len)) = (room, announced) {
        room.reserve(&mut held, len as usize, clock).await?;
    }
    let mut reserved = announced.unwrap_or(0) as usize;
    // Most bodies arrive in one piece: hand that piece on without copying.
    let Some(first) = next_piece(body, clock).await? else {
        return Ok(Limited {
            bytes: Bytes::new(),
            room: held,
        });
    };
    if first.len() > limit {
        return Err(too_large());
    }
    grow(room, &mut held, &mut reserved, first.len(), clock).await?;
    let Some(second) = next_piece(body, clock).await? else {
        return Ok(Limited {
            bytes: first,
            room: held,
        });
    };
    let capacity = announced.map_or(first.len() + second.len(), |n| n as usize);
    let mut buf = BytesMut::with_capacity(capacity.min(limit));
    buf.extend_from_slice(&first);
    let sofar = SoFar {
        buf,
        held,
        reserved,
    };
    // Boxed: a body in more pieces is the rarer case, and its room would otherwise be in every
    // call's future.
    boxed(|| read_rest(body, limit, room, clock, sofar, second)).await
}

/// What [`read_limited`] has read and reserved when a second piece comes.
struct SoFar {
    buf: BytesMut,
    held: Option<OwnedSemaphorePermit>,
    reserved: usize,
}

/// The rest of a body that came in more than one piece, from its second piece on.
async fn read_rest(
    body: &mut ResponseBody,
    limit: usize,
    room: Option<&BufferRoom>,
    clock: &mut Clock<'_>,
    sofar: SoFar,
    second: Bytes,
) -> std::result::Result<Limited, Unread> {
    let SoFar {
        mut buf,
        mut held,
        mut reserved,
    } = sofar;
    let mut next = Some(second);
    while let Some(chunk) = next {
        if buf.len() + chunk.len() > limit {
            return Err(Unread::TooLarge(too_large(limit)));
        }
        grow(
            room,
            &mut held,
            &mut reserved,
            buf.len() + chunk.len(),
            clock,
        )
        .await?;
        buf.extend_from_slice(&chunk);
        next = next_piece(body, clock).await?;
    }
    Ok(Limited {
        bytes: buf.freeze(),
        room: held,
    })
}

/// Grows a body's reservation under `room` to `needed` bytes (a body without an announced
/// length, or one longer than announced).
async fn grow(
    room: Option<&BufferRoom>,
    held: &mut Option<OwnedSemaphorePermit>,
    reserved: &mut usize,
    needed: usize,
    clock: &mut Clock<'_>,
) -> std::result::Result<(), Unread> {
    if let Some(room) = room
        && needed > *reserved
    {
        room.reserve(held, needed - *reserved, clock).await?;
        *reserved = needed;
    }
    Ok(())
}

/// Reads at most the first `limit` bytes of a body, before the try's timer runs out, and stops:
/// for error bodies, where the start is enough to say what went wrong and the rest need not be
/// waited for.
async fn read_prefix(body: &mut ResponseBody, limit: usize, clock: &mut Clock<'_>) -> Bytes {
    let mut buf = BytesMut::new();
    while buf.len() < limit {
        match next_piece(body, clock).await {
            Ok(Some(chunk)) => {
                let take = chunk.len().min(limit - buf.len());
                buf.extend_from_slice(&chunk[..take]);
            }
            // A broken or slow error body is no reason to lose the status: keep what came.
            Ok(None) | Err(_) => break,
        }
    }
    buf.freeze()
}

fn too_large(limit: usize) -> Error {
    Error::with_kind(
        ErrorKind::BodyTooLarge,
        format!(
            "the response body is larger than the limit of {limit} bytes (see ClientBuilder::max_response_bytes)"
        ),
    )
}
