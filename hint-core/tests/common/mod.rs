//! A tiny service definition the core's tests build clients for.

#![allow(dead_code)]

use hint_core::{Client, Service, ServiceInfo};

/// A service for tests.
#[derive(Debug, Clone)]
pub struct TestService(pub Client);

impl Service for TestService {
    const INFO: ServiceInfo = ServiceInfo {
        crate_name: "test-service",
        version: "9.9.9",
        test_url: "https://test.example.no/api/",
        production_url: "https://example.no/api/",
        default_scopes: &["nhn:test/api"],
    };

    fn from_core(core: Client) -> Self {
        TestService(core)
    }
}
