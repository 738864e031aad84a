//! The fault matrix's adapter for `hint-arkiv`: its mock, its read and create operations, and
//! where their requests go.

use super::*;
use hint_arkiv::mock::MockArkiv;
use hint_arkiv::{
    ArkivClient, Journalposttype, KorrespondansepartEnhet, Korrespondanseparttype, NyJournalpost,
    NySaksmappe, Saksstatus, SystemId,
};

pub struct Arkiv {
    mock: MockArkiv,
    client: ArkivClient,
    sak: SystemId,
}

impl Harness for Arkiv {
    const NAME: &'static str = "hint-arkiv";
    const CREATES: &'static [&'static str] = &["create_sak", "create_journalpost"];

    async fn start(cfg: Cfg) -> Self {
        let mock = MockArkiv::builder().empty().start().await;
        let sak = mock
            .seed_sak(
                &NySaksmappe::new("Søknad om tilskudd – Frisklivssentralen i Bodø")
                    .beskrivelse("Søknad for 2026")
                    .administrativ_enhet("Avdeling for tilskudd"),
            )
            .system_id
            .unwrap_or_else(|| panic!("the mock gave the sak no systemID"));
        let client = configure(mock.client_builder().await, cfg)
            .build()
            .unwrap_or_else(|e| panic!("arkiv client: {e}"));
        Arkiv { mock, client, sak }
    }

    fn server(&self) -> &MockServer {
        self.mock.server()
    }

    fn route(&self, op: Op) -> Route {
        let (method, path_contains) = match op {
            Op::Read => ("GET", format!("/saker/{}", self.sak.as_str())),
            Op::Create(0) => ("POST", "/saker".to_owned()),
            Op::Create(_) => ("POST", "/journalposter".to_owned()),
        };
        Route {
            method,
            path_contains,
        }
    }

    async fn call(&self, op: Op) -> Result<Option<View>, Error> {
        match op {
            Op::Read => {
                let sak = self.client.get_sak(&self.sak).await?;
                Ok(Some(View {
                    id: sak
                        .system_id
                        .map(|i| i.as_str().to_owned())
                        .unwrap_or_default(),
                    enum_value: sak.saksstatus.map(|s| {
                        let unknown = matches!(s.kode, Saksstatus::Unknown(_));
                        (s.kode.as_str().to_owned(), unknown)
                    }),
                    optional: sak.beskrivelse,
                }))
            }
            Op::Create(0) => {
                self.client
                    .create_sak(&NySaksmappe::new("Klage på vedtak om tilskudd"))
                    .await?;
                Ok(None)
            }
            Op::Create(_) => {
                let jp =
                    NyJournalpost::new("Innkommet søknad", Journalposttype::InngaaendeDokument)
                        .korrespondansepart(KorrespondansepartEnhet::new(
                            Korrespondanseparttype::Avsender,
                            "Bodø kommune",
                        ));
                self.client.create_journalpost(&self.sak, &jp).await?;
                Ok(None)
            }
        }
    }

    fn entities(&self, create: usize) -> usize {
        match create {
            0 => self.mock.saker().len(),
            _ => self.mock.journalpost_count(),
        }
    }

    async fn raw_read(&self) -> Value {
        let op = hint_core::Operation::get("Faults.rawSak", "saker/{id}")
            .path_param("id", self.sak.as_str());
        self.client
            .core()
            .send(op)
            .await
            .and_then(|r| r.json())
            .unwrap_or_else(|e| panic!("raw sak: {e}"))
    }

    fn shape() -> Shape {
        Shape {
            unknown_enum: Some(("/saksstatus/kode", json!("X-ny-status"))),
            optional: "/beskrivelse",
        }
    }
}
