//! hapi-content (work in progress).
