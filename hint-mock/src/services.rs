//! The five service mocks, each the crate's own `mock` started in-process on its own loopback
//! port and told the public URL the router serves it at, all trusting one mock HelseID.

use std::net::SocketAddr;
use std::sync::Arc;

use hapi_content::mock::MockHapi;
use helseid_auth::mock::MockHelseId;
use helsenorge_verktoy::mock::MockVerktoy;
use hint_arkiv::mock::MockArkiv;
use hint_budsjett::mock::MockBudsjett;
use hint_core::mock::{MockServer, StartMock};
use hint_okonomi::mock::MockOkonomi;
use url::Url;

/// The one API key every service accepts (in [`hint_core::DEFAULT_API_KEY_HEADER`]).
pub const API_KEY: &str = "hint-mock-api-key";

/// A service the server runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    /// HINT Arkiv.
    Arkiv,
    /// HINT Økonomi.
    Okonomi,
    /// HINT Budsjett.
    Budsjett,
    /// hAPI, the content API.
    Hapi,
    /// Helsenorge's Verktøy API.
    Verktoy,
}

impl Name {
    /// Every service, in the order they are printed.
    pub const ALL: [Name; 5] = [
        Name::Arkiv,
        Name::Okonomi,
        Name::Budsjett,
        Name::Hapi,
        Name::Verktoy,
    ];

    /// The name in URLs and the control API.
    pub fn as_str(self) -> &'static str {
        match self {
            Name::Arkiv => "arkiv",
            Name::Okonomi => "okonomi",
            Name::Budsjett => "budsjett",
            Name::Hapi => "hapi",
            Name::Verktoy => "verktoy",
        }
    }

    /// The name people read.
    pub fn title(self) -> &'static str {
        match self {
            Name::Arkiv => "HINT Arkiv",
            Name::Okonomi => "HINT Økonomi",
            Name::Budsjett => "HINT Budsjett",
            Name::Hapi => "hAPI (innhold)",
            Name::Verktoy => "Helsenorge Verktøy",
        }
    }

    /// The service by its [`Name::as_str`].
    pub fn parse(name: &str) -> Option<Name> {
        Name::ALL.into_iter().find(|n| n.as_str() == name)
    }

    /// The public path prefix and whether the router strips it before forwarding. The HINT
    /// services live at the root of their mock, so their prefix is the router's; hAPI and
    /// Verktøy already serve under their real paths (`/innhold/`, `/verktoy/v1/`), which the
    /// router passes through as they are.
    pub fn prefix(self) -> (&'static str, bool) {
        match self {
            Name::Arkiv => ("/arkiv/", true),
            Name::Okonomi => ("/okonomi/", true),
            Name::Budsjett => ("/budsjett/", true),
            Name::Hapi => ("/innhold/", false),
            Name::Verktoy => ("/verktoy/", false),
        }
    }

    /// The HelseID scopes a client asks for to call the service (none: API key only).
    pub fn scopes(self) -> Vec<String> {
        match self {
            Name::Arkiv => vec![hint_arkiv::routes::DEFAULT_SCOPE.to_owned()],
            Name::Okonomi => vec![hint_okonomi::routes::DEFAULT_SCOPE.to_owned()],
            Name::Budsjett => vec![hint_budsjett::routes::DEFAULT_SCOPE.to_owned()],
            Name::Hapi => Vec::new(),
            Name::Verktoy => [
                helsenorge_verktoy::SCOPE_KATALOG_READ,
                helsenorge_verktoy::SCOPE_SEND_TIL_INNBYGGER,
                helsenorge_verktoy::SCOPE_ADMIN_VEILEDNING,
            ]
            .iter()
            .map(|s| format!("{}/{s}", helsenorge_verktoy::DEFAULT_SCOPE_PREFIX))
            .collect(),
        }
    }
}

/// The running service mocks. [`Services::start`] again makes a fresh set (the control API's
/// reset); the HelseID stays.
pub struct Services {
    /// HINT Arkiv.
    pub arkiv: MockArkiv,
    /// HINT Økonomi.
    pub okonomi: MockOkonomi,
    /// HINT Budsjett.
    pub budsjett: MockBudsjett,
    /// hAPI.
    pub hapi: MockHapi,
    /// Verktøy.
    pub verktoy: MockVerktoy,
}

impl Services {
    /// Starts every service, seeded as the crates seed their mocks (Budsjett's budget, hAPI's
    /// content, Verktøy's catalogue, Økonomi's demo ledger; Arkiv starts empty), on `public` (the router's
    /// URL, ending with `/`).
    pub async fn start(public: &Url, helseid: &Arc<MockHelseId>) -> Services {
        let gateway = |name: Name| {
            let (prefix, strip) = name.prefix();
            let url = if strip {
                public.join(prefix.trim_start_matches('/'))
            } else {
                Ok(public.clone())
            };
            let url = url.unwrap_or_else(|e| panic!("the public URL of {}: {e}", name.as_str()));
            MockServer::builder()
                .api_key(API_KEY)
                .helseid_shared(helseid.clone())
                .public_url(url)
        };
        let hapi_server = MockServer::builder()
            .api_key(API_KEY)
            .public_url(public.clone());
        let verktoy_server = MockVerktoy::default_server()
            .helseid_shared(helseid.clone())
            .public_url(public.clone());
        let verktoy = MockVerktoy::builder().server(verktoy_server);
        let (arkiv, okonomi, budsjett, hapi, verktoy) = tokio::join!(
            Box::pin(
                MockArkiv::builder()
                    .empty()
                    .server(gateway(Name::Arkiv))
                    .start()
            ),
            Box::pin(
                MockOkonomi::builder()
                    .server(gateway(Name::Okonomi))
                    .start()
            ),
            Box::pin(
                MockBudsjett::builder()
                    .server(gateway(Name::Budsjett))
                    .start()
            ),
            Box::pin(MockHapi::builder().server(hapi_server).start()),
            Box::pin(verktoy.start()),
        );
        Services {
            arkiv,
            okonomi,
            budsjett,
            hapi,
            verktoy,
        }
    }

    /// The test-kit server under a service: faults, received requests, its loopback address.
    pub fn server(&self, name: Name) -> &MockServer {
        match name {
            Name::Arkiv => self.arkiv.server(),
            Name::Okonomi => self.okonomi.server(),
            Name::Budsjett => self.budsjett.server(),
            Name::Hapi => self.hapi.server(),
            Name::Verktoy => self.verktoy.server(),
        }
    }

    /// The base URL a client of the service uses.
    pub fn base_url(&self, name: Name) -> Url {
        match name {
            Name::Hapi => self.hapi.base_url(),
            Name::Verktoy => self.verktoy.base_url(),
            _ => self.server(name).uri(),
        }
    }

    /// Where the router forwards a request for `target` (path and query): the service's
    /// loopback address and the target it sees, or `None` when no service serves the path.
    pub fn route(&self, target: &str) -> Option<(Name, SocketAddr, String)> {
        Name::ALL.into_iter().find_map(|name| {
            let (prefix, strip) = name.prefix();
            let bare = prefix.trim_end_matches('/');
            let path = target.split('?').next().unwrap_or_default();
            if !(path.starts_with(prefix) || path == bare) {
                return None;
            }
            let forwarded = if strip {
                let rest = &target[bare.len()..];
                if rest.starts_with('/') {
                    rest.to_owned()
                } else {
                    format!("/{rest}")
                }
            } else {
                target.to_owned()
            };
            Some((name, self.server(name).local_addr(), forwarded))
        })
    }
}
