//! `build()` refuses a client that lacks what its service needs, before anything is sent.

use hint_core::{Client, ClientBuilder, ErrorKind, Service, ServiceInfo};

#[derive(Debug)]
struct Gateway(#[allow(dead_code)] Client);

impl Service for Gateway {
    const INFO: ServiceInfo = ServiceInfo::new(
        "gateway-service",
        "1.0.0",
        "https://test.example.no/api/",
        "https://example.no/api/",
    )
    .requires_api_key()
    .requires_credential();

    fn from_core(core: Client) -> Self {
        Gateway(core)
    }
}

#[test]
fn a_client_without_the_api_key_is_refused() {
    let err = ClientBuilder::<Gateway>::new()
        .bearer_token("a-token")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains("api_key:"), "{err}");
    assert!(err.to_string().contains("gateway-service"), "{err}");
}

#[test]
fn a_client_without_a_credential_is_refused() {
    let err = ClientBuilder::<Gateway>::new()
        .api_key("a-key")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains("credential:"), "{err}");
}

#[test]
fn a_client_with_both_is_built() {
    assert!(
        ClientBuilder::<Gateway>::new()
            .api_key("a-key")
            .bearer_token("a-token")
            .build()
            .is_ok()
    );
}
