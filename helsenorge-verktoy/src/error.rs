//! The Verktøy API's own error codes.
//!
//! The API answers errors with a code like `VER-000228`. Its JSON shape is not documented, so
//! the SDK (hint-core's error-body reader) finds the code in whatever arrives (`ErrorCode`,
//! `errorCode`, `Code`, a FHIR `OperationOutcome`'s diagnostics, problem details' `detail`, a
//! nested `Errors` list, a bare string, plain text) and keeps it on [`hint_core::Error::code`].
//! `err.code_as::<ErrorCode>()` turns it into an [`ErrorCode`]; a code this version of the SDK
//! does not know is kept as [`ErrorCode::Unknown`].
//!
//! ```
//! use helsenorge_verktoy::ErrorCode;
//!
//! let err = hint_core::Error::service(400, Some("VER-000228"), "Innbygger er ikke digitalt aktiv");
//! assert_eq!(err.code_as::<ErrorCode>(), Some(ErrorCode::InnbyggerIkkeDigitaltAktiv));
//! assert_eq!(ErrorCode::from_code("VER-999999").as_str(), "VER-999999");
//! ```

hint_core::open_enum! {
    /// An error code from the Verktøy API's error table; its documented description is its
    /// [`label`](Self::label) ([`beskrivelse`](Self::beskrivelse)), its status [`http_status`](Self::http_status).
    pub enum ErrorCode (ignore_case) {
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

impl ErrorCode {
    /// The code for a code string (spaces around it ignored); unknown codes are kept.
    pub fn from_code(code: &str) -> Self {
        Self::from_wire(code.trim())
    }

    /// The HTTP status the API documents for the code.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            ErrorCode::RequestErNull
            | ErrorCode::SokeordMangler
            | ErrorCode::SokeordUgyldigLengde
            | ErrorCode::UgyldigSidestorrelse
            | ErrorCode::UgyldigId
            | ErrorCode::UdefinertEnumverdi
            | ErrorCode::HelsepersonellIkkeFunnet
            | ErrorCode::AlleredeForskrevetAvSammeBehandler
            | ErrorCode::AlleredeForskrevet
            | ErrorCode::InnbyggerIkkeDigitaltAktiv
            | ErrorCode::VerktoyIdIkkeFunnet
            | ErrorCode::IkkeSendtFraBehandler
            | ErrorCode::IngenKoblingVerktoyInnbygger => Some(400),
            ErrorCode::VerktoyIkkeFunnet => Some(404),
            ErrorCode::UnderliggendeTjenesteFeilet => Some(500),
            ErrorCode::Unknown(_) => None,
        }
    }

    /// The API's description of the code (Norwegian, as documented).
    pub fn beskrivelse(&self) -> Option<&'static str> {
        self.label()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips() {
        assert_eq!(ErrorCode::KNOWN.len(), 15);
        for code in ErrorCode::KNOWN {
            assert_eq!(&ErrorCode::from_code(code.as_str()), code);
            assert!(code.http_status().is_some());
            assert!(code.beskrivelse().is_some());
        }
        assert_eq!(ErrorCode::VerktoyIkkeFunnet.http_status(), Some(404));
        assert_eq!(
            ErrorCode::UnderliggendeTjenesteFeilet.http_status(),
            Some(500)
        );
        let spaced = hint_core::Error::service(400, Some(" ver-000228 "), "x");
        assert_eq!(
            spaced.code_as::<ErrorCode>(),
            Some(ErrorCode::InnbyggerIkkeDigitaltAktiv)
        );
        let unknown = ErrorCode::from_code("EHSEC-110002");
        assert!(unknown.is_unknown());
        assert_eq!(unknown.to_string(), "EHSEC-110002");
    }
}
