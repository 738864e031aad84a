//! The Verktøy API's own error codes.
//!
//! The API answers errors with a code like `VER-000228`. Its JSON shape is not documented, so
//! the SDK (hint-core's error-body reader) finds the code in whatever arrives (`ErrorCode`,
//! `errorCode`, `Code`, a FHIR `OperationOutcome`'s diagnostics, problem details' `detail`, a
//! nested `Errors` list, a bare string, plain text) and keeps it on [`hint_core::Error::code`].
//! [`VerktoyErrorExt::verktoy_code`] turns it into a [`VerktoyErrorCode`]; a code this version of
//! the SDK does not know is kept as [`VerktoyErrorCode::Unknown`].
//!
//! ```
//! use helsenorge_verktoy::{VerktoyErrorCode, VerktoyErrorExt};
//!
//! let err = hint_core::Error::service(400, Some("VER-000228"), "Innbygger er ikke digitalt aktiv");
//! assert_eq!(err.verktoy_code(), Some(VerktoyErrorCode::InnbyggerIkkeDigitaltAktiv));
//! assert_eq!(VerktoyErrorCode::from_code("VER-999999").as_str(), "VER-999999");
//! ```

hint_core::open_enum! {
    /// An error code from the Verktøy API's error table; its documented description is its
    /// [`label`](Self::label) ([`beskrivelse`](Self::beskrivelse)), its status [`http_status`](Self::http_status).
    pub enum VerktoyErrorCode {
        /// `VER-000202` (400): the request was empty.
        RequestErNull => "VER-000202" ("Request er null"),
        /// `VER-000205` (400): the search word is empty.
        SokeordMangler => "VER-000205" ("Søkeord er en tom streng eller null"),
        /// `VER-000254` (400): the search word is shorter than 3 or longer than 256 characters.
        SokeordUgyldigLengde => "VER-000254" ("Søkeordet er enten for kort eller for lang (må være mellom 3-256 tegn)."),
        /// `VK-001126` (404): no tool with that id.
        VerktoyIkkeFunnet => "VK-001126" ("Fant ingen verktøy med angitt id"),
        /// `VK-001206` (400): invalid page size for the tool list.
        UgyldigSidestorrelse => "VK-001206" ("Ugyldig sidestørrelse ved uthenting av verktøyliste"),
        /// `VER-000209` (400): invalid value for an id.
        UgyldigId => "VER-000209" ("Ugyldig verdi for id"),
        /// `VER-000204` (400): an enum value is not defined.
        UdefinertEnumverdi => "VER-000204" ("Verdi for enum er ikke definert"),
        /// `PVF-000239` (400): no health personnel found for the HPR number.
        HelsepersonellIkkeFunnet => "PVF-000239" ("Finner ikke helsepersonellinformasjon for angitt HPR-nummer"),
        /// `VER-000218` (400): the same practitioner already prescribed the tool to the citizen.
        AlleredeForskrevetAvSammeBehandler => "VER-000218" ("Verktøy allerede forskrevet til innbygger av samme behandler"),
        /// `VER-000232` (400): the tool is already prescribed.
        AlleredeForskrevet => "VER-000232" ("Verktøy allerede forskrevet"),
        /// `VER-000228` (400): the citizen is not digitally active on Helsenorge.
        InnbyggerIkkeDigitaltAktiv => "VER-000228" ("Innbygger er ikke digitalt aktiv på helsenorge"),
        /// `VER-000207` (400): no tool with the given tool id (when prescribing).
        VerktoyIdIkkeFunnet => "VER-000207" ("Finner ikke verktøy med angitt verktøy id"),
        /// `PVS-000204` (500): an underlying service failed.
        UnderliggendeTjenesteFeilet => "PVS-000204" ("Feil ved underliggende tjeneste"),
        /// `VER-000260` (400): the tool was not sent by a practitioner.
        IkkeSendtFraBehandler => "VER-000260" ("Verktøyet er ikke sendt fra en behandler"),
        /// `VER-000261` (400): no link between the tool and the citizen.
        IngenKoblingVerktoyInnbygger => "VER-000261" ("Finner ikke kobling mellom verktøy og innbygger"),
    }
}

impl VerktoyErrorCode {
    /// The code for a code string (spaces around it ignored); unknown codes are kept.
    pub fn from_code(code: &str) -> Self {
        Self::from_wire(code.trim())
    }

    /// The HTTP status the API documents for the code.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            VerktoyErrorCode::RequestErNull
            | VerktoyErrorCode::SokeordMangler
            | VerktoyErrorCode::SokeordUgyldigLengde
            | VerktoyErrorCode::UgyldigSidestorrelse
            | VerktoyErrorCode::UgyldigId
            | VerktoyErrorCode::UdefinertEnumverdi
            | VerktoyErrorCode::HelsepersonellIkkeFunnet
            | VerktoyErrorCode::AlleredeForskrevetAvSammeBehandler
            | VerktoyErrorCode::AlleredeForskrevet
            | VerktoyErrorCode::InnbyggerIkkeDigitaltAktiv
            | VerktoyErrorCode::VerktoyIdIkkeFunnet
            | VerktoyErrorCode::IkkeSendtFraBehandler
            | VerktoyErrorCode::IngenKoblingVerktoyInnbygger => Some(400),
            VerktoyErrorCode::VerktoyIkkeFunnet => Some(404),
            VerktoyErrorCode::UnderliggendeTjenesteFeilet => Some(500),
            VerktoyErrorCode::Unknown(_) => None,
        }
    }

    /// The API's description of the code (Norwegian, as documented).
    pub fn beskrivelse(&self) -> Option<&'static str> {
        self.label()
    }
}

/// Reads a [`VerktoyErrorCode`] off a [`hint_core::Error`].
pub trait VerktoyErrorExt {
    /// The Verktøy API's error code, when the service gave one.
    fn verktoy_code(&self) -> Option<VerktoyErrorCode>;
}

impl VerktoyErrorExt for hint_core::Error {
    fn verktoy_code(&self) -> Option<VerktoyErrorCode> {
        self.code().map(VerktoyErrorCode::from_code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips() {
        assert_eq!(VerktoyErrorCode::KNOWN.len(), 15);
        for code in VerktoyErrorCode::KNOWN {
            assert_eq!(&VerktoyErrorCode::from_code(code.as_str()), code);
            assert!(code.http_status().is_some());
            assert!(code.beskrivelse().is_some());
        }
        assert_eq!(VerktoyErrorCode::VerktoyIkkeFunnet.http_status(), Some(404));
        assert_eq!(
            VerktoyErrorCode::UnderliggendeTjenesteFeilet.http_status(),
            Some(500)
        );
        let unknown = VerktoyErrorCode::from_code("EHSEC-110002");
        assert!(unknown.is_unknown());
        assert_eq!(unknown.to_string(), "EHSEC-110002");
    }
}
