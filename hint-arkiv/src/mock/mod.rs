//! A stateful fake of HINT Arkiv for your own tests (feature `mock`; use it from
//! `[dev-dependencies]`; the crate README describes it at length).
//!
//! [`MockArkiv`] is a Noark 5 archive in memory behind the API key and HelseID scope
//! ([`routes::DEFAULT_SCOPE`]), with two faces: HINT Arkiv's routes ([`routes::ALL`]) and the
//! Noark 5 tjenestegrensesnitt ([`routes::noark`]). It keeps the archive's rules (`mappeID`,
//! `ETag`/`If-Match`, no closing a sak with open journalposter, files with `sjekksum`, never
//! overwritten), OData paging, Noark's `{"feil": …}` errors, and holds request bodies to
//! [`routes::contract`]. Client, received requests, URL and faults: [`ServiceMock`] (deref).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> hint_core::Result<()> {
//! use hint_arkiv::mock::MockArkiv;
//! use hint_arkiv::{ArkivClientBuilderExt, NoarkOptions, NySaksmappe, SakFilter};
//!
//! let mock = MockArkiv::start().await;
//! let arkiv = mock.client().await?;
//! let sak = arkiv.create_sak(&NySaksmappe::new("Søknad om tilskudd – Frisklivssentralen i Bodø")).await?;
//! assert!(sak.mappe_id.is_some());
//! assert_eq!(mock.saker().len(), 5);
//! let all = arkiv.list_saker(&SakFilter::new().page_size(2))?.collect_all().await?;
//! assert_eq!(all.len(), 5);
//!
//! // The same archive through the Noark 5 face.
//! let noark = mock.client_builder().await.noark(NoarkOptions::default()).build()?;
//! assert_eq!(noark.get_sak(sak.id()?).await?.tittel, sak.tittel);
//!
//! // Faults go through the test kit underneath.
//! mock.server().inject(hint_core::mock::Fault::status(503));
//! assert_eq!(arkiv.get_sak(sak.id()?).await?.tittel, sak.tittel);
//! # Ok(()) }
//! ```

mod handlers;
mod state;

use hint_core::mock::{MockBuilder, MockServer, Reply, ServiceMock, Shared, StartMock};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

pub use hint_core::mock::MOCK_API_KEY;

use crate::client::ArkivClient;
use crate::dokument::{Dokumentbeskrivelse, Dokumentobjekt, NyDokumentbeskrivelse};
use crate::journalpost::{Journalpost, NyJournalpost};
use crate::kode::Kodeliste;
use crate::routes::{self, noark::Kind};
use crate::sak::{NySaksmappe, Saksmappe};
use crate::wire::SystemId;
use state::State;

/// The seed: four grant cases as the JSON a client sends (saksmapper with their journalposter,
/// and each journalpost's `dokumentbeskrivelser`, which get [`SAMPLE_PDF`] as their file).
pub const EXAMPLES: &str = include_str!("examples.json");

/// A tiny valid PDF used by [`MockArkiv::seed_examples`] and the examples.
pub const SAMPLE_PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/// A running fake of HINT Arkiv. See the [module docs](self).
#[derive(Debug)]
pub struct MockArkiv {
    mock: ServiceMock<ArkivClient>,
    state: Shared<State>,
}

hint_core::service_mock!(MockArkiv: ArkivClient);

/// Options for [`MockArkiv`]: `.empty()`, `.server(..)`. Start with [`MockArkiv::builder`].
pub type MockArkivBuilder = MockBuilder<MockArkiv>;

impl StartMock for MockArkiv {
    async fn start_on(server: MockServer, empty: bool) -> Self {
        let state = Shared::new(State::new(server.uri().to_string()));
        let router = handlers::router(state.clone());
        router.scopes().require_all(&[routes::DEFAULT_SCOPE]);
        router.mount(&server).await;
        let mock = MockArkiv {
            mock: ServiceMock::new(server),
            state,
        };
        if !empty {
            mock.seed_examples();
        }
        mock
    }
}

/// An entity the archive holds, read with the SDK's types (the mock's own inspection).
fn read<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value)
        .unwrap_or_else(|e| panic!("the mock archive holds an entity the SDK cannot read: {e}"))
}

/// A seed the archive refused, as a panic naming what and why.
fn seeding<T>(what: &str, done: Result<T, Reply>) -> T {
    let why = |e: Reply| String::from_utf8_lossy(e.body()).into_owned();
    done.unwrap_or_else(|e| panic!("seeding {what} failed: {}", why(e)))
}

impl MockArkiv {
    /// How many items a list page holds at most (default 25).
    pub fn set_page_size(&self, size: usize) {
        self.state.lock().page_size = size.max(1);
    }

    /// Marks a code outdated (`utdatert`): the archive then refuses it on anything created or
    /// changed, and lists it with `utdatert` in `metadata/{kodeliste}`.
    pub fn mark_utdatert<T: Kodeliste>(&self, code: T) {
        let key = (T::KODELISTE.to_owned(), code.as_str().to_owned());
        self.state.lock().utdatert.insert(key);
    }

    // ---- Seeding ----------------------------------------------------------------------------

    /// Adds an arkivdel (the archive starts with one, where saksmapper go unless told otherwise).
    pub fn seed_arkivdel(&self, tittel: &str) -> SystemId {
        let value =
            json!({"tittel": tittel, "arkivdelstatus": {"kode": "A", "kodenavn": "Aktiv periode"}});
        SystemId::new(self.state.lock().insert(Kind::Arkivdel, None, value))
    }

    /// Adds a klasse (`klasseID`, `tittel`) that saksmapper can be filed in.
    pub fn seed_klasse(&self, klasse_id: &str, tittel: &str) -> SystemId {
        let value = json!({"klasseID": klasse_id, "tittel": tittel});
        SystemId::new(self.state.lock().insert(Kind::Klasse, None, value))
    }

    /// Adds a sak as if created through the API. Panics on input the archive would refuse.
    pub fn seed_sak(&self, sak: &NySaksmappe) -> Saksmappe {
        self.seeded(Kind::Saksmappe, &self.seed(Kind::Saksmappe, None, sak))
    }

    /// Adds a journalpost to a sak. Panics on input the archive would refuse.
    pub fn seed_journalpost(&self, sak: &SystemId, journalpost: &NyJournalpost) -> Journalpost {
        let id = self.seed(Kind::Journalpost, Some(sak.as_str()), journalpost);
        self.seeded(Kind::Journalpost, &id)
    }

    /// Adds a dokumentbeskrivelse with one file to a journalpost (in its first dokumentobjekt,
    /// made if it lists none). Panics on input the archive would refuse.
    pub fn seed_dokumentbeskrivelse(
        &self,
        journalpost: &SystemId,
        dokument: &NyDokumentbeskrivelse,
        bytes: &[u8],
        mime_type: &str,
    ) -> (Dokumentbeskrivelse, Dokumentobjekt) {
        let (db, objekt) = self.seed_with_fil(journalpost.as_str(), dokument, bytes, mime_type);
        let objekt = self.seeded(Kind::Dokumentobjekt, &objekt);
        (self.seeded(Kind::Dokumentbeskrivelse, &db), objekt)
    }

    /// A dokumentbeskrivelse with the file in its first dokumentobjekt; their `systemID`s.
    fn seed_with_fil<B: Serialize>(
        &self,
        jp: &str,
        dokument: &B,
        bytes: &[u8],
        mime: &str,
    ) -> (String, String) {
        let beskrivelse = self.seed(Kind::Dokumentbeskrivelse, Some(jp), dokument);
        let mut state = self.state.lock();
        let objekter = state.all(Kind::Dokumentobjekt, Some(&beskrivelse));
        let objekt = match objekter.first().map(|o| o.id.clone()) {
            Some(first) => Ok(first),
            None => state.create(Kind::Dokumentobjekt, Some(&beskrivelse), Map::new(), true),
        };
        let stored =
            objekt.and_then(|o| state.store_file(&o, bytes.to_vec(), mime, None).map(|()| o));
        (beskrivelse, seeding("a file", stored))
    }

    /// Creates an entity as the HINT routes would; its `systemID`.
    fn seed<B: Serialize>(&self, kind: Kind, parent: Option<&str>, body: &B) -> String {
        let Ok(Value::Object(map)) = serde_json::to_value(body) else {
            panic!("a model serialized to something other than a JSON object")
        };
        let created = self.state.lock().create(kind, parent, map, true);
        seeding(&format!("a {kind:?}"), created)
    }

    fn seeded<T: DeserializeOwned>(&self, kind: Kind, id: &str) -> T {
        self.one(kind, id)
            .unwrap_or_else(|| panic!("the seeded {kind:?} is gone"))
    }

    /// Seeds what [`MockArkiv::start`] seeds ([`EXAMPLES`], in the wire form a client sends):
    /// three grant applications from municipalities, each with an incoming journalpost and a
    /// PDF ([`SAMPLE_PDF`]), and a complaint from a person with an open (reserved) answer.
    /// Returns the saker.
    pub fn seed_examples(&self) -> Vec<Saksmappe> {
        let cases: Vec<Value> =
            serde_json::from_str(EXAMPLES).unwrap_or_else(|e| panic!("examples.json: {e}"));
        let mut saker = Vec::new();
        for case in &cases {
            let sak = self.seed(Kind::Saksmappe, None, &case["sak"]);
            for jp in case["journalposter"].as_array().into_iter().flatten() {
                let mut jp = jp.as_object().cloned().unwrap_or_default();
                let dokumenter = jp.remove("dokumentbeskrivelser").unwrap_or_default();
                let jp = self.seed(Kind::Journalpost, Some(&sak), &jp);
                for dokument in dokumenter.as_array().into_iter().flatten() {
                    self.seed_with_fil(&jp, dokument, SAMPLE_PDF, "application/pdf");
                }
            }
            saker.push(self.seeded(Kind::Saksmappe, &sak));
        }
        saker
    }

    // ---- What the archive holds -------------------------------------------------------------

    fn entities<T: DeserializeOwned>(&self, kind: Kind, parent: Option<&SystemId>) -> Vec<T> {
        let state = self.state.lock();
        let all = state.all(kind, parent.map(SystemId::as_str));
        all.into_iter().map(|e| read(state.hint(e))).collect()
    }

    fn one<T: DeserializeOwned>(&self, kind: Kind, id: &str) -> Option<T> {
        let state = self.state.lock();
        state.get(kind, id).ok().map(|e| read(state.hint(e)))
    }

    /// The arkivdeler, in creation order.
    pub fn arkivdeler(&self) -> Vec<crate::Arkivdel> {
        self.entities(Kind::Arkivdel, None)
    }

    /// Every sak, in creation order.
    pub fn saker(&self) -> Vec<Saksmappe> {
        self.entities(Kind::Saksmappe, None)
    }

    /// A sak as stored now.
    pub fn sak(&self, id: &SystemId) -> Option<Saksmappe> {
        self.one(Kind::Saksmappe, id.as_str())
    }

    /// The arkivdel or klasse a sak was filed in through the API, if one was named.
    pub fn sak_plassering(&self, sak: &SystemId) -> Option<SystemId> {
        let state = self.state.lock();
        let sak = state.get(Kind::Saksmappe, sak.as_str()).ok()?;
        sak.parent.clone().map(SystemId::new)
    }

    /// The journalposter of a sak, in journalpostnummer order.
    pub fn journalposter(&self, sak: &SystemId) -> Vec<Journalpost> {
        self.entities(Kind::Journalpost, Some(sak))
    }

    /// How many journalposter the archive holds in all.
    pub fn journalpost_count(&self) -> usize {
        self.state.lock().all(Kind::Journalpost, None).len()
    }

    /// How many dokumentbeskrivelser the archive holds in all.
    pub fn dokumentbeskrivelse_count(&self) -> usize {
        self.state.lock().all(Kind::Dokumentbeskrivelse, None).len()
    }

    /// A dokumentbeskrivelse with its dokumentobjekter, as stored now.
    pub fn dokumentbeskrivelse(&self, id: &SystemId) -> Option<Dokumentbeskrivelse> {
        self.one(Kind::Dokumentbeskrivelse, id.as_str())
    }

    /// The bytes of a dokumentobjekt's file (`fil`).
    pub fn fil(&self, dokumentobjekt: &SystemId) -> Option<Vec<u8>> {
        let state = self.state.lock();
        let file = state.files.get(dokumentobjekt.as_str());
        file.map(|(bytes, _)| bytes.clone())
    }

    /// Replaces a stored file's bytes without updating its `sjekksum`, as storage corruption
    /// would: a download must then fail its check. Returns whether the file existed.
    pub fn corrupt_fil(&self, dokumentobjekt: &SystemId, bytes: &[u8]) -> bool {
        let mut state = self.state.lock();
        let file = state.files.get_mut(dokumentobjekt.as_str());
        file.map(|(stored, _)| *stored = bytes.to_vec()).is_some()
    }
}
