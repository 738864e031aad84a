//! Faults the test kit can inject. See [`Fault`].

use std::time::Duration;

/// A fault for the next matching request(s). Build one, optionally narrow it with
/// [`Fault::on`] and [`Fault::times`], and hand it to [`super::MockServer::inject`].
///
/// ```
/// use std::time::Duration;
/// use hint_core::mock::Fault;
/// let throttled = Fault::status(429).retry_after(Duration::from_secs(1)).times(2);
/// let lost = Fault::drop_after_commit().on("POST", "/utbetalinger");
/// # let _ = (throttled, lost);
/// ```
#[derive(Debug, Clone)]
pub struct Fault {
    pub(crate) action: FaultAction,
    pub(crate) method: Option<String>,
    pub(crate) path_contains: Option<String>,
    pub(crate) times: u32,
}

#[derive(Debug, Clone)]
pub(crate) enum FaultAction {
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    Delay(Duration),
    DropBeforeCommit,
    DropAfterCommit,
    TruncateBody,
    ReplaceBody {
        content_type: String,
        body: Vec<u8>,
    },
}

impl Fault {
    fn new(action: FaultAction) -> Self {
        Fault {
            action,
            method: None,
            path_contains: None,
            times: 1,
        }
    }

    /// Answer with this status (an empty body); the service never sees the request.
    pub fn status(status: u16) -> Self {
        Fault::new(FaultAction::Respond {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        })
    }

    /// Add `Retry-After` in whole seconds to a [`Fault::status`] answer.
    pub fn retry_after(self, wait: Duration) -> Self {
        self.with_header("retry-after", &wait.as_secs().to_string())
    }

    /// Add a header to a [`Fault::status`] answer.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let FaultAction::Respond { headers, .. } = &mut self.action {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// Give a [`Fault::status`] answer a JSON body.
    pub fn with_json(mut self, body: &serde_json::Value) -> Self {
        if let FaultAction::Respond {
            headers, body: b, ..
        } = &mut self.action
        {
            headers.push(("content-type".to_owned(), "application/json".to_owned()));
            *b = body.to_string().into_bytes();
        }
        self
    }

    /// Forward the request, but only after `delay` (use it with a short request timeout).
    pub fn delay(delay: Duration) -> Self {
        Fault::new(FaultAction::Delay(delay))
    }

    /// Close the connection without forwarding: the service never acts, the client gets no answer.
    pub fn drop_before_commit() -> Self {
        Fault::new(FaultAction::DropBeforeCommit)
    }

    /// Forward the request, let the service act on it, then close the connection without its
    /// answer: the response is lost after the service committed.
    pub fn drop_after_commit() -> Self {
        Fault::new(FaultAction::DropAfterCommit)
    }

    /// Forward the request and cut the answer off halfway through its body.
    pub fn truncate_body() -> Self {
        Fault::new(FaultAction::TruncateBody)
    }

    /// Forward the request and replace the answer's body (malformed JSON, a wrong content type,
    /// an oversized body), keeping its status.
    pub fn replace_body(content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Fault::new(FaultAction::ReplaceBody {
            content_type: content_type.to_owned(),
            body: body.into(),
        })
    }

    /// Only requests with this method whose path (with query) contains `path_contains`.
    pub fn on(mut self, method: &str, path_contains: &str) -> Self {
        self.method = Some(method.to_ascii_uppercase());
        self.path_contains = Some(path_contains.to_owned());
        self
    }

    /// Apply to this many matching requests (default 1).
    pub fn times(mut self, times: u32) -> Self {
        self.times = times.max(1);
        self
    }

    pub(crate) fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self
                .path_contains
                .as_deref()
                .is_none_or(|p| path.contains(p))
    }
}
