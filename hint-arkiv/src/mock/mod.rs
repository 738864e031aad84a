//! A stateful fake of HINT Arkiv for your own tests (feature `mock`; use it from
//! `[dev-dependencies]`).
//!
//! [`MockArkiv`] is a Noark 5 archive in memory behind the same gateway as the real service: it
//! demands the API key and HelseID DPoP tokens, and keeps the archive's rules:
//!
//! - `mappeID` is `saksaar/sakssekvensnummer` (`2025/1`, `2025/2`, …); `journalpostnummer` counts
//!   within the sak and `registreringsID` is `mappeID-journalpostnummer`;
//! - every entity has a version: responses carry `ETag: "n"`, changes need a matching `If-Match`
//!   (412 when stale, 428 when missing);
//! - a sak cannot be closed (`saksstatus` `A`) while any journalpost in it is open (not `J`, `E`,
//!   `A` or `U`) → 409; a closed sak takes no new journalposter; an archived journalpost cannot
//!   change;
//! - a journalpost needs at least one korrespondansepart; codes marked outdated
//!   ([`MockArkiv::mark_utdatert`]) are refused;
//! - files are stored with their SHA-256 `sjekksum` and `filstoerrelse`, uploaded whole or in
//!   chunks (`X-Upload-Content-Length` + `Content-Range`), never overwritten;
//! - a POST with an `Idempotency-Key` it has seen returns the first answer again, so a retried
//!   create never makes two;
//! - lists page with OData `$top`/`$skip` and a `_links.next` link; `$filter` understands
//!   `field eq 'v'`, `contains(field,'v')` and `and`; `$orderby` one field `asc`/`desc`;
//! - errors are Noark's `{"feil": {"kode", "beskrivelse"}}`;
//! - request bodies are held to the wire contract as JSON (the standard's field names, codes as
//!   objects, datetimes with offsets), never by decoding them with this crate's models.
//!
//! It has two faces on one archive: HINT Arkiv's routes ([`MockArkiv::client`]) and the Noark 5
//! tjenestegrensesnitt ([`MockArkiv::noark_client`]): a root whose `_links` lead to
//! `arkivstruktur` and `sakarkiv`, `ny-*` templates, korrespondanseparter and dokumentobjekter
//! as entities of their own, files under each dokumentobjekt's `fil` link. What one face creates
//! the other reads.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> hint_core::Result<()> {
//! use hint_arkiv::mock::MockArkiv;
//! use hint_arkiv::{NySaksmappe, SakQuery};
//!
//! let mock = MockArkiv::start().await;
//! mock.seed_examples();
//! let arkiv = mock.client().await?;
//!
//! let sak = arkiv.create_sak(&NySaksmappe::new("Søknad om tilskudd – Frisklivssentralen i Bodø")).await?;
//! assert!(sak.mappe_id.is_some());
//! assert_eq!(mock.saker().len(), 5);
//! let all = arkiv.list_saker(&SakQuery::new()).collect_all().await?;
//! assert_eq!(all.len(), 5);
//!
//! // Faults go through the test kit underneath.
//! mock.server().inject(hint_core::mock::Fault::status(503));
//! assert_eq!(arkiv.get_sak(sak.id()?).await?.tittel, sak.tittel);
//! # Ok(()) }
//! ```

mod contract;
mod files;
mod noark;
mod query;
mod state;

use std::sync::{Arc, Mutex, MutexGuard};

use hint_core::mock::wiremock::{self, Mock, Request, Respond, ResponseTemplate};
use hint_core::mock::{MockServer, MockServerBuilder};
use serde_json::Value;

use crate::client::ArkivClient;
use crate::dokument::{Dokumentbeskrivelse, Dokumentobjekt, NyDokumentbeskrivelse};
use crate::journalpost::{Journalpost, NyJournalpost};
use crate::kode::{
    Journalposttype, Journalstatus, Kode, Kodeliste, Korrespondanseparttype,
    TilknyttetRegistreringSom,
};
use crate::korrespondansepart::{
    KorrespondansepartEnhet, KorrespondansepartIntern, KorrespondansepartPerson,
};
use crate::protocol::{ArkivClientBuilderExt, NoarkOptions};
use crate::sak::{NySaksmappe, Saksmappe};
use crate::wire::SystemId;

use state::{Answer, Body, Req, State};

/// The API key the mock demands unless started with [`MockArkiv::start_with`].
pub const MOCK_API_KEY: &str = "mock-arkiv-key";

/// A stateful fake of HINT Arkiv. See the [module docs](self).
pub struct MockArkiv {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl std::fmt::Debug for MockArkiv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockArkiv")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

struct Responder {
    state: Arc<Mutex<State>>,
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let segments = request
            .url
            .path_segments()
            .map(|s| s.filter(|s| !s.is_empty()).map(percent_decode).collect())
            .unwrap_or_default();
        let req = Req {
            method: request.method.as_str(),
            segments,
            query: request.url.query_pairs().into_owned().collect(),
            header: &header,
            body: &request.body,
        };
        let answer = lock(&self.state).handle(&req);
        to_template(answer)
    }
}

fn to_template(answer: Answer) -> ResponseTemplate {
    let mut t = ResponseTemplate::new(answer.status);
    for (name, value) in &answer.headers {
        t = t.insert_header(name.as_str(), value.as_str());
    }
    match answer.body {
        Body::None => t,
        Body::Json(v) => t.set_body_raw(
            serde_json::to_vec(&v).unwrap_or_default(),
            crate::routes::MEDIA_NOARK,
        ),
        Body::Raw { bytes, mime } => t.set_body_raw(bytes, &mime),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

fn from_value<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value)
        .unwrap_or_else(|e| panic!("the mock archive holds an entity the SDK cannot read: {e}"))
}

fn seed<T: serde::de::DeserializeOwned>(result: Result<Value, Answer>, what: &str) -> T {
    match result {
        Ok(v) => from_value(v),
        Err(answer) => panic!("seeding {what} failed: {:?}", answer.body),
    }
}

impl MockArkiv {
    /// Starts the mock archive, demanding [`MOCK_API_KEY`] and HelseID DPoP tokens.
    pub async fn start() -> MockArkiv {
        Self::start_with(MockServer::builder().api_key(MOCK_API_KEY).helseid()).await
    }

    /// Starts the mock archive on a test-kit server set up your way (another API key, no HelseID).
    pub async fn start_with(builder: MockServerBuilder) -> MockArkiv {
        let server = builder.start().await;
        let state = Arc::new(Mutex::new(State::new(server.uri().to_string())));
        server
            .mount(
                Mock::given(wiremock::matchers::any())
                    .respond_with(Responder {
                        state: state.clone(),
                    })
                    .with_priority(10)
                    .named("HINT Arkiv (stateful Noark 5 fake)"),
            )
            .await;
        MockArkiv { server, state }
    }

    /// A client wired to the mock (base URL, API key, HelseID, quick retries).
    pub async fn client(&self) -> hint_core::Result<ArkivClient> {
        self.client_builder().await.build()
    }

    /// A client builder wired to the mock, to change settings before building.
    pub async fn client_builder(&self) -> hint_core::ClientBuilder<ArkivClient> {
        self.server.client_builder::<ArkivClient>().await
    }

    /// A client wired to the mock that speaks the Noark 5 tjenestegrensesnitt (the mock's Noark
    /// face: root `_links`, `ny-*` templates, separate entities), with default [`NoarkOptions`].
    pub async fn noark_client(&self) -> hint_core::Result<ArkivClient> {
        self.noark_client_builder(NoarkOptions::default())
            .await
            .build()
    }

    /// A client builder wired to the mock's Noark face with these options.
    pub async fn noark_client_builder(
        &self,
        options: NoarkOptions,
    ) -> hint_core::ClientBuilder<ArkivClient> {
        self.client_builder().await.noark(options)
    }

    /// The test-kit server underneath: inject faults, read the received requests.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    // ---- Settings ---------------------------------------------------------------------------

    /// How many items a list page holds at most (default 25).
    pub fn set_page_size(&self, size: usize) {
        lock(&self.state).page_size = size.max(1);
    }

    /// Marks a code outdated (`utdatert`): the archive then refuses it on anything created or
    /// changed, and lists it with `utdatert` in `metadata/{kodeliste}`.
    pub fn mark_utdatert<T: Kodeliste>(&self, code: T) {
        lock(&self.state)
            .utdatert
            .insert((T::KODELISTE.to_owned(), code.as_str().to_owned()));
    }

    // ---- Seeding ----------------------------------------------------------------------------

    /// Adds an arkivdel (the mock starts with one, where saksmapper go unless told otherwise).
    pub fn seed_arkivdel(&self, tittel: &str) -> SystemId {
        SystemId::new(lock(&self.state).add_arkivdel(tittel))
    }

    /// Adds a klasse (`klasseID`, `tittel`) that saksmapper can be filed in.
    pub fn seed_klasse(&self, klasse_id: &str, tittel: &str) -> SystemId {
        SystemId::new(lock(&self.state).add_klasse(klasse_id, tittel))
    }

    /// The arkivdeler, in creation order.
    pub fn arkivdeler(&self) -> Vec<crate::Arkivdel> {
        lock(&self.state)
            .arkivdeler
            .all()
            .into_iter()
            .map(|e| from_value(e.value.clone()))
            .collect()
    }

    /// The arkivdel or klasse a sak was filed in through the API, if one was named.
    pub fn sak_plassering(&self, sak: &SystemId) -> Option<SystemId> {
        lock(&self.state)
            .saker
            .items
            .get(sak.as_str())
            .and_then(|e| e.parent.clone())
            .map(SystemId::new)
    }

    /// Adds a sak as if created through the API. Panics on input the archive would refuse.
    pub fn seed_sak(&self, sak: &NySaksmappe) -> Saksmappe {
        let value = serde_json::to_value(sak).unwrap_or_default();
        let Value::Object(map) = value else {
            unreachable_object()
        };
        seed(lock(&self.state).create_sak(map, None), "a sak")
    }

    /// Adds a journalpost to a sak. Panics on input the archive would refuse.
    pub fn seed_journalpost(&self, sak: &SystemId, journalpost: &NyJournalpost) -> Journalpost {
        let value = serde_json::to_value(journalpost).unwrap_or_default();
        let Value::Object(map) = value else {
            unreachable_object()
        };
        seed(
            lock(&self.state).create_journalpost(sak.as_str(), map),
            "a journalpost",
        )
    }

    /// Adds a document with one file to a journalpost. Panics on input the archive would refuse.
    pub fn seed_document(
        &self,
        journalpost: &SystemId,
        dokument: &NyDokumentbeskrivelse,
        bytes: &[u8],
        mime_type: &str,
    ) -> (Dokumentbeskrivelse, Dokumentobjekt) {
        let value = serde_json::to_value(dokument).unwrap_or_default();
        let Value::Object(map) = value else {
            unreachable_object()
        };
        let mut state = lock(&self.state);
        let beskrivelse: Dokumentbeskrivelse = seed(
            state.create_dokumentbeskrivelse(journalpost.as_str(), map),
            "a dokumentbeskrivelse",
        );
        let objekt_id = match beskrivelse.dokumentobjekt.first() {
            Some(o) => seeded_id(&o.system_id).clone(),
            None => {
                let objekt: Dokumentobjekt = seed(
                    state.create_dokumentobjekt(
                        seeded_id(&beskrivelse.system_id).as_str(),
                        serde_json::Map::new(),
                    ),
                    "a dokumentobjekt",
                );
                seeded_id(&objekt.system_id).clone()
            }
        };
        let answer = match state.store_file(
            objekt_id.as_str(),
            bytes.to_vec(),
            mime_type.to_owned(),
            None,
        ) {
            Ok(a) => a,
            Err(a) => panic!("seeding a file failed: {:?}", a.body),
        };
        let objekt: Dokumentobjekt = match answer.body {
            Body::Json(v) => from_value(v),
            _ => panic!("seeding a file gave no dokumentobjekt"),
        };
        drop(state);
        let beskrivelse = self
            .dokumentbeskrivelse(seeded_id(&beskrivelse.system_id))
            .unwrap_or(beskrivelse);
        (beskrivelse, objekt)
    }

    /// Seeds four realistic grant cases (tilskudd): three applications from municipalities, each
    /// with an incoming journalpost and a PDF, and a complaint from a person with an open
    /// (reserved) answer. Returns the saker.
    pub fn seed_examples(&self) -> Vec<Saksmappe> {
        let mut saker = Vec::new();
        let cases = [
            (
                "Søknad om tilskudd 2025 – Frisklivssentral Nordre Follo",
                "Nordre Follo kommune",
                "974760673",
                "Avdeling for tilskudd",
            ),
            (
                "Søknad om tilskudd 2025 – Rusforebygging i Tromsø",
                "Tromsø kommune",
                "940101808",
                "Avdeling for tilskudd",
            ),
            (
                "Rapportering 2024 – Aktivitetstilbud for eldre i Bergen",
                "Bergen kommune",
                "964338531",
                "Avdeling for oppfølging",
            ),
        ];
        for (tittel, navn, orgnr, enhet) in cases {
            let sak = self.seed_sak(
                &NySaksmappe::new(tittel)
                    .administrativ_enhet(enhet)
                    .saksansvarlig("Kari Nordmann")
                    .noekkelord("tilskudd"),
            );
            let mut avsender = KorrespondansepartEnhet::new(Korrespondanseparttype::Avsender, navn);
            if let Ok(nr) = orgnr.parse() {
                avsender = avsender.organisasjonsnummer(nr);
            }
            let jp = self.seed_journalpost(
                seeded_id(&sak.system_id),
                &NyJournalpost::new(
                    format!("{tittel} – innkommet søknad"),
                    Journalposttype::InngaaendeDokument,
                )
                .korrespondansepart(avsender)
                .korrespondansepart(
                    KorrespondansepartIntern::new(Korrespondanseparttype::InternMottaker)
                        .administrativ_enhet(enhet)
                        .saksbehandler("Kari Nordmann"),
                ),
            );
            self.seed_document(
                seeded_id(&jp.system_id),
                &NyDokumentbeskrivelse::new(
                    "Søknadsskjema",
                    TilknyttetRegistreringSom::Hoveddokument,
                ),
                SAMPLE_PDF,
                "application/pdf",
            );
            saker.push(sak);
        }
        // One sak with a person as sender and an open (reserved) answer letter.
        let sak = self.seed_sak(
            &NySaksmappe::new("Klage på avslag – tilskudd til frivillige organisasjoner")
                .administrativ_enhet("Avdeling for tilskudd"),
        );
        self.seed_journalpost(
            seeded_id(&sak.system_id),
            &NyJournalpost::new("Klage på vedtak", Journalposttype::InngaaendeDokument)
                .korrespondansepart(KorrespondansepartPerson::new(
                    Korrespondanseparttype::Avsender,
                    "Ola Nordmann",
                )),
        );
        self.seed_journalpost(
            seeded_id(&sak.system_id),
            &NyJournalpost::new("Svar på klage", Journalposttype::UtgaaendeDokument)
                .journalstatus(Kode::new(Journalstatus::Reservert))
                .korrespondansepart(KorrespondansepartPerson::new(
                    Korrespondanseparttype::Mottaker,
                    "Ola Nordmann",
                )),
        );
        saker.push(sak);
        saker
    }

    // ---- Inspection -------------------------------------------------------------------------

    /// Every sak, in creation order.
    pub fn saker(&self) -> Vec<Saksmappe> {
        lock(&self.state)
            .saker
            .all()
            .into_iter()
            .map(|e| from_value(e.value.clone()))
            .collect()
    }

    /// A sak as stored now.
    pub fn sak(&self, id: &SystemId) -> Option<Saksmappe> {
        lock(&self.state)
            .saker
            .items
            .get(id.as_str())
            .map(|e| from_value(e.value.clone()))
    }

    /// The journalposter of a sak, in journalpostnummer order.
    pub fn journalposter(&self, sak: &SystemId) -> Vec<Journalpost> {
        lock(&self.state)
            .journalposter
            .children(sak.as_str())
            .into_iter()
            .map(|e| from_value(e.value.clone()))
            .collect()
    }

    /// How many journalposter the archive holds in all.
    pub fn journalpost_count(&self) -> usize {
        lock(&self.state).journalposter.order.len()
    }

    /// How many dokumentbeskrivelser the archive holds in all.
    pub fn dokumentbeskrivelse_count(&self) -> usize {
        lock(&self.state).dokumentbeskrivelser.order.len()
    }

    /// A dokumentbeskrivelse with its dokumentobjekter, as stored now.
    pub fn dokumentbeskrivelse(&self, id: &SystemId) -> Option<Dokumentbeskrivelse> {
        let state = lock(&self.state);
        let e = state.dokumentbeskrivelser.items.get(id.as_str())?;
        let mut value = e.value.clone();
        value["dokumentobjekt"] = Value::Array(
            state
                .dokumentobjekter
                .children(id.as_str())
                .into_iter()
                .map(|o| o.value.clone())
                .collect(),
        );
        Some(from_value(value))
    }

    /// The bytes of a dokumentobjekt's file.
    pub fn file(&self, dokumentobjekt: &SystemId) -> Option<Vec<u8>> {
        lock(&self.state)
            .files
            .get(dokumentobjekt.as_str())
            .map(|f| f.bytes.clone())
    }

    /// Replaces a stored file's bytes without updating its `sjekksum`, as storage corruption
    /// would: a download must then fail its check. Returns whether the file existed.
    pub fn corrupt_file(&self, dokumentobjekt: &SystemId, bytes: &[u8]) -> bool {
        match lock(&self.state).files.get_mut(dokumentobjekt.as_str()) {
            Some(f) => {
                f.bytes = bytes.to_vec();
                true
            }
            None => false,
        }
    }
}

/// Every entity the mock stores has a `systemID`.
fn seeded_id(id: &Option<SystemId>) -> &SystemId {
    id.as_ref()
        .unwrap_or_else(|| panic!("the mock archive stored an entity without a systemID"))
}

fn unreachable_object() -> ! {
    panic!("a model serialized to something other than a JSON object")
}

/// A tiny valid PDF used by [`MockArkiv::seed_examples`] and the examples.
pub const SAMPLE_PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
