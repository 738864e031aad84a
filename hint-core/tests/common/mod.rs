//! A tiny service definition the core's tests build clients for.

#![allow(dead_code)]

use hint_core::{Client, Service, ServiceInfo};

/// A service for tests.
#[derive(Debug, Clone)]
pub struct TestService(pub Client);

impl Service for TestService {
    const INFO: ServiceInfo = ServiceInfo::new(
        "test-service",
        "9.9.9",
        "https://test.example.no/api/",
        "https://example.no/api/",
    )
    .default_scopes(&["nhn:test/api"]);

    fn from_core(core: Client) -> Self {
        TestService(core)
    }
}
