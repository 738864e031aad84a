//! Korrespondanseparter: who sent or received a journalpost (person, enhet or intern).
//!
//! Noark 5 creates each kind through its own relation (`ny-korrespondansepartperson|enhet|intern`).
//! HINT Arkiv embeds them in the journalpost; this SDK sends and reads them as three lists,
//! `korrespondansepartPerson`, `korrespondansepartEnhet` and `korrespondansepartIntern` (see
//! [`crate::routes`] for why the contract is modelled).
//!
//! Persons are personal data: [`KorrespondansepartPerson`]'s `Debug` shows no name, address or
//! number.

use std::fmt;

use hint_core::Error;
use hint_core::ident::{Fodselsnummer, Received};
use serde::{Deserialize, Serialize};

use crate::kode::{Kode, Korrespondanseparttype, Land};
use crate::links::{Extra, Links};
use crate::wire::SystemId;

pub use hint_core::helseid_auth::Organisasjonsnummer;

/// A postal address (`EnkelAdresse`).
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EnkelAdresse {
    /// `adresselinje1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adresselinje1: Option<String>,
    /// `adresselinje2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adresselinje2: Option<String>,
    /// `adresselinje3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adresselinje3: Option<String>,
    /// `postnr`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postnr: Option<String>,
    /// `poststed` [1..1].
    #[serde(default)]
    pub poststed: String,
    /// `landkode` (code list `Land`, ISO 3166 alpha-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landkode: Option<Kode<Land>>,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl fmt::Debug for EnkelAdresse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EnkelAdresse(***)")
    }
}

impl EnkelAdresse {
    /// An address line, postnummer and poststed.
    pub fn new(
        adresselinje1: impl Into<String>,
        postnr: impl Into<String>,
        poststed: impl Into<String>,
    ) -> Self {
        EnkelAdresse {
            adresselinje1: Some(adresselinje1.into()),
            postnr: Some(postnr.into()),
            poststed: poststed.into(),
            landkode: Some(Kode::new(Land::Norge)),
            ..EnkelAdresse::default()
        }
    }
}

/// Contact details (`kontaktinformasjon`).
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Kontaktinformasjon {
    /// `epostadresse`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epostadresse: Option<String>,
    /// `mobiltelefon`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobiltelefon: Option<String>,
    /// `telefon`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telefon: Option<String>,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl fmt::Debug for Kontaktinformasjon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Kontaktinformasjon(***)")
    }
}

impl Kontaktinformasjon {
    /// Contact details with an e-mail address.
    pub fn epost(epostadresse: impl Into<String>) -> Self {
        Kontaktinformasjon {
            epostadresse: Some(epostadresse.into()),
            ..Kontaktinformasjon::default()
        }
    }
}

/// A person's identifier (`personidentifikator`): a fødselsnummer or a D-nummer. Read
/// leniently: a number that fails its control digits is kept as sent and flagged
/// ([`Received::Invalid`]), so one wrong number never makes the journalpost unreadable; the client
/// refuses to *send* one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Personidentifikator {
    /// `foedselsnummer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foedselsnummer: Option<Received<Fodselsnummer>>,
    /// `dNummer`.
    #[serde(rename = "dNummer", default, skip_serializing_if = "Option::is_none")]
    pub d_nummer: Option<Received<Fodselsnummer>>,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A person as korrespondansepart (`KorrespondansepartPerson`).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct KorrespondansepartPerson {
    /// `systemID`, assigned by the archive (absent on create).
    #[serde(rename = "systemID", default, skip_serializing_if = "Option::is_none")]
    pub system_id: Option<SystemId>,
    /// `korrespondanseparttype` [1..1].
    pub korrespondanseparttype: Kode<Korrespondanseparttype>,
    /// `navn` [1..1].
    #[serde(default)]
    pub navn: String,
    /// `personidentifikator` [0..*].
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "hint_core::lenient::null_default"
    )]
    pub personidentifikator: Vec<Personidentifikator>,
    /// `postadresse`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postadresse: Option<EnkelAdresse>,
    /// `bostedsadresse`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bostedsadresse: Option<EnkelAdresse>,
    /// `kontaktinformasjon`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kontaktinformasjon: Option<Kontaktinformasjon>,
    /// `virksomhetsspesifikkeMetadata` [0..1]: the organisation's own fields, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virksomhetsspesifikke_metadata: Option<Extra>,
    /// `_links` (on what the archive returns).
    #[serde(rename = "_links", default, skip_serializing_if = "Links::is_empty")]
    pub links: Links,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl fmt::Debug for KorrespondansepartPerson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Name, address and national identity number are personal data.
        f.debug_struct("KorrespondansepartPerson")
            .field("system_id", &self.system_id)
            .field("korrespondanseparttype", &self.korrespondanseparttype.kode)
            .field("navn", &"***")
            .field("personidentifikator", &self.personidentifikator.len())
            .finish_non_exhaustive()
    }
}

impl KorrespondansepartPerson {
    /// A person with a role and a name.
    pub fn new(
        korrespondanseparttype: impl Into<Kode<Korrespondanseparttype>>,
        navn: impl Into<String>,
    ) -> Self {
        KorrespondansepartPerson {
            system_id: None,
            korrespondanseparttype: korrespondanseparttype.into(),
            navn: navn.into(),
            personidentifikator: Vec::new(),
            postadresse: None,
            bostedsadresse: None,
            kontaktinformasjon: None,
            virksomhetsspesifikke_metadata: None,
            links: Links::new(),
            extra: Extra::new(),
        }
    }

    /// Adds a fødselsnummer (already validated by its type).
    pub fn foedselsnummer(mut self, fnr: Fodselsnummer) -> Self {
        self.personidentifikator.push(Personidentifikator {
            foedselsnummer: Some(Received::Valid(fnr)),
            d_nummer: None,
            extra: Extra::new(),
        });
        self
    }

    /// Parses and adds a fødselsnummer; an invalid one is refused with the field and rule (the
    /// digits are never repeated).
    pub fn parse_foedselsnummer(self, fnr: &str) -> hint_core::Result<Self> {
        let fnr = Fodselsnummer::parse(fnr).map_err(|e| {
            Error::invalid_input(
                "korrespondansepartPerson.personidentifikator.foedselsnummer",
                e.to_string(),
            )
        })?;
        Ok(self.foedselsnummer(fnr))
    }

    /// Sets `postadresse`.
    pub fn postadresse(mut self, adresse: EnkelAdresse) -> Self {
        self.postadresse = Some(adresse);
        self
    }

    /// Sets `kontaktinformasjon`.
    pub fn kontaktinformasjon(mut self, kontakt: Kontaktinformasjon) -> Self {
        self.kontaktinformasjon = Some(kontakt);
        self
    }

    fn validate(&self, i: usize) -> hint_core::Result<()> {
        let field = |f: &str| format!("korrespondansepartPerson[{i}].{f}");
        self.korrespondanseparttype
            .check(&field("korrespondanseparttype"))?;
        crate::wire::non_blank(&field("navn"), &self.navn)?;
        for id in &self.personidentifikator {
            for (name, value) in [
                ("foedselsnummer", &id.foedselsnummer),
                ("dNummer", &id.d_nummer),
            ] {
                if let Some(Received::Invalid(bad)) = value {
                    return Err(Error::invalid_input(
                        field(&format!("personidentifikator.{name}")),
                        format!("is not valid: {}", bad.reason()),
                    ));
                }
            }
        }
        for adresse in [&self.postadresse, &self.bostedsadresse]
            .into_iter()
            .flatten()
        {
            crate::wire::non_blank(&field("postadresse.poststed"), &adresse.poststed)?;
        }
        Ok(())
    }
}

/// An organisation as korrespondansepart (`KorrespondansepartEnhet`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct KorrespondansepartEnhet {
    /// `systemID`, assigned by the archive (absent on create).
    #[serde(rename = "systemID", default, skip_serializing_if = "Option::is_none")]
    pub system_id: Option<SystemId>,
    /// `korrespondanseparttype` [1..1].
    pub korrespondanseparttype: Kode<Korrespondanseparttype>,
    /// `navn` [1..1].
    #[serde(default)]
    pub navn: String,
    /// `enhetsidentifikator`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enhetsidentifikator: Option<Enhetsidentifikator>,
    /// `forretningsadresse`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forretningsadresse: Option<EnkelAdresse>,
    /// `postadresse`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postadresse: Option<EnkelAdresse>,
    /// `kontaktinformasjon`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kontaktinformasjon: Option<Kontaktinformasjon>,
    /// `kontaktperson`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kontaktperson: Option<String>,
    /// `virksomhetsspesifikkeMetadata` [0..1]: the organisation's own fields, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virksomhetsspesifikke_metadata: Option<Extra>,
    /// `_links` (on what the archive returns).
    #[serde(rename = "_links", default, skip_serializing_if = "Links::is_empty")]
    pub links: Links,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An organisation's identifier (`enhetsidentifikator`), read leniently like
/// [`Personidentifikator`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Enhetsidentifikator {
    /// `organisasjonsnummer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisasjonsnummer: Option<Received<Organisasjonsnummer>>,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl KorrespondansepartEnhet {
    /// An organisation with a role and a name.
    pub fn new(
        korrespondanseparttype: impl Into<Kode<Korrespondanseparttype>>,
        navn: impl Into<String>,
    ) -> Self {
        KorrespondansepartEnhet {
            system_id: None,
            korrespondanseparttype: korrespondanseparttype.into(),
            navn: navn.into(),
            enhetsidentifikator: None,
            forretningsadresse: None,
            postadresse: None,
            kontaktinformasjon: None,
            kontaktperson: None,
            virksomhetsspesifikke_metadata: None,
            links: Links::new(),
            extra: Extra::new(),
        }
    }

    /// Sets the organisasjonsnummer (already validated by its type).
    pub fn organisasjonsnummer(mut self, orgnr: Organisasjonsnummer) -> Self {
        self.enhetsidentifikator = Some(Enhetsidentifikator {
            organisasjonsnummer: Some(Received::Valid(orgnr)),
            extra: Extra::new(),
        });
        self
    }

    /// Parses and sets the organisasjonsnummer; an invalid one is refused with the field and rule.
    pub fn parse_organisasjonsnummer(self, orgnr: &str) -> hint_core::Result<Self> {
        let orgnr = Organisasjonsnummer::new(orgnr.trim()).map_err(|e| {
            Error::invalid_input(
                "korrespondansepartEnhet.enhetsidentifikator.organisasjonsnummer",
                e.to_string(),
            )
        })?;
        Ok(self.organisasjonsnummer(orgnr))
    }

    /// Sets `postadresse`.
    pub fn postadresse(mut self, adresse: EnkelAdresse) -> Self {
        self.postadresse = Some(adresse);
        self
    }

    /// Sets `kontaktperson`.
    pub fn kontaktperson(mut self, navn: impl Into<String>) -> Self {
        self.kontaktperson = Some(navn.into());
        self
    }

    /// Sets `kontaktinformasjon`.
    pub fn kontaktinformasjon(mut self, kontakt: Kontaktinformasjon) -> Self {
        self.kontaktinformasjon = Some(kontakt);
        self
    }

    fn validate(&self, i: usize) -> hint_core::Result<()> {
        let field = |f: &str| format!("korrespondansepartEnhet[{i}].{f}");
        self.korrespondanseparttype
            .check(&field("korrespondanseparttype"))?;
        crate::wire::non_blank(&field("navn"), &self.navn)?;
        if let Some(Enhetsidentifikator {
            organisasjonsnummer: Some(Received::Invalid(bad)),
            ..
        }) = &self.enhetsidentifikator
        {
            return Err(Error::invalid_input(
                field("enhetsidentifikator.organisasjonsnummer"),
                format!("is not valid: {}", bad.reason()),
            ));
        }
        Ok(())
    }
}

/// An internal unit or case officer as korrespondansepart (`KorrespondansepartIntern`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct KorrespondansepartIntern {
    /// `systemID`, assigned by the archive (absent on create).
    #[serde(rename = "systemID", default, skip_serializing_if = "Option::is_none")]
    pub system_id: Option<SystemId>,
    /// `korrespondanseparttype` [1..1].
    pub korrespondanseparttype: Kode<Korrespondanseparttype>,
    /// `administrativEnhet`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub administrativ_enhet: Option<String>,
    /// `referanseAdministrativEnhet` [0..1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_administrativ_enhet: Option<SystemId>,
    /// `saksbehandler`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saksbehandler: Option<String>,
    /// `referanseSaksbehandler` [0..1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_saksbehandler: Option<SystemId>,
    /// `virksomhetsspesifikkeMetadata` [0..1]: the organisation's own fields, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virksomhetsspesifikke_metadata: Option<Extra>,
    /// `_links` (on what the archive returns).
    #[serde(rename = "_links", default, skip_serializing_if = "Links::is_empty")]
    pub links: Links,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl KorrespondansepartIntern {
    /// An internal party; set [`administrativ_enhet`](Self::administrativ_enhet) and/or
    /// [`saksbehandler`](Self::saksbehandler).
    pub fn new(korrespondanseparttype: impl Into<Kode<Korrespondanseparttype>>) -> Self {
        KorrespondansepartIntern {
            system_id: None,
            korrespondanseparttype: korrespondanseparttype.into(),
            administrativ_enhet: None,
            referanse_administrativ_enhet: None,
            saksbehandler: None,
            referanse_saksbehandler: None,
            virksomhetsspesifikke_metadata: None,
            links: Links::new(),
            extra: Extra::new(),
        }
    }

    /// Sets `administrativEnhet`.
    pub fn administrativ_enhet(mut self, enhet: impl Into<String>) -> Self {
        self.administrativ_enhet = Some(enhet.into());
        self
    }

    /// Sets `saksbehandler`.
    pub fn saksbehandler(mut self, saksbehandler: impl Into<String>) -> Self {
        self.saksbehandler = Some(saksbehandler.into());
        self
    }

    fn validate(&self, i: usize) -> hint_core::Result<()> {
        let field = |f: &str| format!("korrespondansepartIntern[{i}].{f}");
        self.korrespondanseparttype
            .check(&field("korrespondanseparttype"))?;
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
        if blank(&self.administrativ_enhet) && blank(&self.saksbehandler) {
            return Err(Error::invalid_input(
                field("administrativEnhet"),
                "administrativEnhet or saksbehandler must be given",
            ));
        }
        Ok(())
    }
}

/// Any korrespondansepart, for [`crate::NyJournalpost::korrespondansepart`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Korrespondansepart {
    /// A person.
    Person(KorrespondansepartPerson),
    /// An organisation.
    Enhet(KorrespondansepartEnhet),
    /// An internal unit or officer.
    Intern(KorrespondansepartIntern),
}

impl From<KorrespondansepartPerson> for Korrespondansepart {
    fn from(p: KorrespondansepartPerson) -> Self {
        Korrespondansepart::Person(p)
    }
}

impl From<KorrespondansepartEnhet> for Korrespondansepart {
    fn from(p: KorrespondansepartEnhet) -> Self {
        Korrespondansepart::Enhet(p)
    }
}

impl From<KorrespondansepartIntern> for Korrespondansepart {
    fn from(p: KorrespondansepartIntern) -> Self {
        Korrespondansepart::Intern(p)
    }
}

/// The three lists as they travel on a journalpost.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Korrespondanseparter {
    /// `korrespondansepartPerson`.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "hint_core::lenient::null_default"
    )]
    pub korrespondansepart_person: Vec<KorrespondansepartPerson>,
    /// `korrespondansepartEnhet`.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "hint_core::lenient::null_default"
    )]
    pub korrespondansepart_enhet: Vec<KorrespondansepartEnhet>,
    /// `korrespondansepartIntern`.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "hint_core::lenient::null_default"
    )]
    pub korrespondansepart_intern: Vec<KorrespondansepartIntern>,
}

impl Korrespondanseparter {
    /// How many there are in all.
    pub fn len(&self) -> usize {
        self.korrespondansepart_person.len()
            + self.korrespondansepart_enhet.len()
            + self.korrespondansepart_intern.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(crate) fn push(&mut self, part: Korrespondansepart) {
        match part {
            Korrespondansepart::Person(p) => self.korrespondansepart_person.push(p),
            Korrespondansepart::Enhet(p) => self.korrespondansepart_enhet.push(p),
            Korrespondansepart::Intern(p) => self.korrespondansepart_intern.push(p),
        }
    }

    /// Adds a korrespondansepart read from a Noark list, by its kind: the relation it is linked
    /// under, else the fields only one kind has.
    pub(crate) fn push_value(&mut self, part: serde_json::Value) -> hint_core::Result<()> {
        let links: Links = serde_json::from_value(part["_links"].clone()).unwrap_or_default();
        let has = |field: &str| part.get(field).is_some();
        let decode = |e: serde_json::Error| {
            Error::with_kind(
                hint_core::ErrorKind::Decode,
                // Not the serde message: it may quote the (personal) data.
                format!(
                    "a korrespondansepart the archive listed cannot be read ({:?} error)",
                    e.classify()
                ),
            )
        };
        if links
            .get(crate::links::rel::KORRESPONDANSEPARTINTERN)
            .is_some()
            || has("saksbehandler")
            || has("administrativEnhet")
        {
            self.korrespondansepart_intern
                .push(serde_json::from_value(part).map_err(decode)?);
        } else if links
            .get(crate::links::rel::KORRESPONDANSEPARTENHET)
            .is_some()
            || has("enhetsidentifikator")
            || has("kontaktperson")
            || has("forretningsadresse")
        {
            self.korrespondansepart_enhet
                .push(serde_json::from_value(part).map_err(decode)?);
        } else {
            self.korrespondansepart_person
                .push(serde_json::from_value(part).map_err(decode)?);
        }
        Ok(())
    }

    pub(crate) fn validate(&self) -> hint_core::Result<()> {
        if self.is_empty() {
            return Err(Error::invalid_input(
                "korrespondansepart",
                "a journalpost needs at least one korrespondansepart (person, enhet or intern): the sender of an incoming document, the receiver of an outgoing one",
            ));
        }
        for (i, p) in self.korrespondansepart_person.iter().enumerate() {
            p.validate(i)?;
        }
        for (i, p) in self.korrespondansepart_enhet.iter().enumerate() {
            p.validate(i)?;
        }
        for (i, p) in self.korrespondansepart_intern.iter().enumerate() {
            p.validate(i)?;
        }
        Ok(())
    }
}
