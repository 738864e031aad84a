//! What the server holds: its public URL, the one mock HelseID, the service mocks (swapped as a
//! whole on reset) and the test client.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use helseid_auth::mock::MockHelseId;
use helseid_auth::{Algorithm, SigningKey};
use serde_json::{Value, json};
use url::Url;

use crate::router::{CONTROL_PREFIX, HELSEID_PREFIX};
use crate::services::{API_KEY, Name, Services};

/// The client id of the test client (the written key, or the keys of `--jwks`).
pub const CLIENT_ID: &str = "hint-mock-client";

/// How the test client's keys came about.
#[derive(Debug, Clone)]
pub enum ClientKeys {
    /// A new ES256 key; its private JWK (with the client id) is in this file.
    Written(PathBuf),
    /// The public keys of the caller's JWKS file.
    Jwks(PathBuf),
}

/// The server's state. See the [module docs](self).
pub struct App {
    /// The URL clients reach the router at, ending with `/`.
    pub public: Url,
    /// The mock HelseID every service trusts.
    pub helseid: Arc<MockHelseId>,
    /// The test client's keys.
    pub client: ClientKeys,
    services: RwLock<Arc<Services>>,
}

impl App {
    /// Starts the mock HelseID and the services for clients reaching the router at `public`,
    /// and registers the test client: the public keys in `jwks`, or a new key whose private JWK
    /// is written to `client_file`.
    pub async fn start(
        public: Url,
        jwks: Option<&Path>,
        client_file: &Path,
    ) -> Result<App, String> {
        let issuer = public
            .join(HELSEID_PREFIX.trim_start_matches('/'))
            .map_err(|e| format!("the issuer URL: {e}"))?;
        let helseid = Arc::new(MockHelseId::start_with_issuer(issuer).await);
        let client = match jwks {
            Some(path) => {
                for jwk in read_jwks(path)? {
                    helseid.register_client(CLIENT_ID, jwk);
                }
                ClientKeys::Jwks(path.to_owned())
            }
            None => {
                write_client(&helseid, client_file)?;
                ClientKeys::Written(client_file.to_owned())
            }
        };
        let services = Services::start(&public, &helseid).await;
        Ok(App {
            public,
            helseid,
            client,
            services: RwLock::new(Arc::new(services)),
        })
    }

    /// The running services (hold the `Arc` while a request is in flight).
    pub fn services(&self) -> Arc<Services> {
        self.services
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Replaces every service with a fresh, freshly seeded one: state, faults and received
    /// requests are gone. The HelseID and its clients stay, so tokens stay valid.
    pub async fn reset(&self) {
        let fresh = Arc::new(Services::start(&self.public, &self.helseid).await);
        *self.services.write().unwrap_or_else(|e| e.into_inner()) = fresh;
    }

    /// The public path prefixes the router serves.
    pub fn prefixes(&self) -> Vec<String> {
        let mut out = vec![format!("{HELSEID_PREFIX}/"), format!("{CONTROL_PREFIX}/")];
        out.extend(Name::ALL.iter().map(|n| n.prefix().0.to_owned()));
        out
    }

    /// Everything a client needs, as the control API's `GET /_control/` returns it.
    pub fn info(&self) -> Value {
        let services = self.services();
        let mut list = serde_json::Map::new();
        for name in Name::ALL {
            list.insert(
                name.as_str().to_owned(),
                json!({
                    "title": name.title(),
                    "base_url": services.base_url(name).as_str(),
                    "scopes": name.scopes(),
                    "api_key": name != Name::Verktoy,
                }),
            );
        }
        let (key_source, file) = match &self.client {
            ClientKeys::Written(p) => ("written", p.display().to_string()),
            ClientKeys::Jwks(p) => ("jwks", p.display().to_string()),
        };
        json!({
            "helseid": {
                "issuer": self.helseid.issuer().as_str(),
                "token_endpoint": self.helseid.token_endpoint().as_str(),
                "discovery": format!("{}/.well-known/openid-configuration", self.helseid.issuer().as_str().trim_end_matches('/')),
            },
            "api_key": API_KEY,
            "api_key_header": hint_core::DEFAULT_API_KEY_HEADER,
            "client": { "client_id": CLIENT_ID, "keys": key_source, "file": file },
            "services": list,
            "control": format!("{}{}/", self.public, &CONTROL_PREFIX[1..]),
        })
    }
}

/// Reads a JWKS (`{"keys": [...]}`) of public keys.
fn read_jwks(path: &Path) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("--jwks: cannot read {}: {e}", path.display()))?;
    let jwks: Value = serde_json::from_str(&text)
        .map_err(|e| format!("--jwks: {} is not JSON: {e}", path.display()))?;
    let keys = jwks
        .get("keys")
        .and_then(Value::as_array)
        .filter(|k| !k.is_empty())
        .ok_or_else(|| {
            format!(
                "--jwks: {} must be a JWKS: {{\"keys\": [<public JWK>, …]}}",
                path.display()
            )
        })?;
    for (i, key) in keys.iter().enumerate() {
        if !key.get("kty").is_some_and(Value::is_string) {
            return Err(format!("--jwks: keys[{i}] has no kty"));
        }
        if has_private_members(key) {
            return Err(format!(
                "--jwks: keys[{i}] holds private key members; register public keys only"
            ));
        }
    }
    Ok(keys.clone())
}

/// `true` when a JWK holds private key members (RSA and EC private parts, a symmetric `k`):
/// the server registers public keys only.
pub fn has_private_members(jwk: &Value) -> bool {
    ["d", "p", "q", "dp", "dq", "qi", "oth", "k"]
        .iter()
        .any(|m| jwk.get(*m).is_some())
}

/// Makes a new ES256 key, registers it for [`CLIENT_ID`], and writes
/// `{"client_id", "issuer", "jwk": <private JWK>}` to `path` (readable by the owner only).
fn write_client(helseid: &MockHelseId, path: &Path) -> Result<(), String> {
    let key = SigningKey::generate(Algorithm::ES256)
        .map_err(|e| format!("generating the test client's key: {e}"))?
        .with_kid("hint-mock-client-key");
    let private = key
        .to_private_jwk_json()
        .map_err(|e| format!("exporting the test client's key: {e}"))?;
    let jwk: Value = serde_json::from_str(private.expose_secret())
        .map_err(|e| format!("exporting the test client's key: {e}"))?;
    helseid.register_client(CLIENT_ID, key.public_jwk());
    let file = json!({
        "client_id": CLIENT_ID,
        "issuer": helseid.issuer().as_str(),
        "jwk": jwk,
    });
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    }
    write_private(path, &serde_json::to_vec_pretty(&file).unwrap_or_default())
        .map_err(|e| format!("writing the test client to {}: {e}", path.display()))
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}
