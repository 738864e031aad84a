//! Norwegian organisation numbers and the `assertion_details` HelseID reads them from.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// A Norwegian organisation number (organisasjonsnummer) from Enhetsregisteret: nine digits whose
/// last digit is a modulus-11 check digit (weights 3, 2, 7, 6, 5, 4, 3, 2; check digit = 11 − sum mod
/// 11, where 11 becomes 0 and 10 is never issued).
///
/// Organisation numbers identify legal entities, not people, so `Display` and `Debug` show the
/// digits. Serde reads and writes the plain string and validates it.
///
/// ```
/// use helseid_auth::Organisasjonsnummer;
///
/// let orgnr: Organisasjonsnummer = "999977774".parse()?;
/// assert_eq!(orgnr.as_str(), "999977774");
/// assert_eq!(orgnr.to_string(), "999977774");
///
/// let err = "123456789".parse::<Organisasjonsnummer>().unwrap_err();
/// assert!(err.to_string().contains("check digit"));
/// # Ok::<(), helseid_auth::InvalidOrganisasjonsnummer>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Organisasjonsnummer([u8; 9]);

/// Why a string is not an [`Organisasjonsnummer`].
///
/// ```
/// use helseid_auth::{InvalidOrganisasjonsnummer, Organisasjonsnummer};
/// assert!(matches!(
///     Organisasjonsnummer::new("12345"),
///     Err(InvalidOrganisasjonsnummer::Format { length: 5 })
/// ));
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidOrganisasjonsnummer {
    /// Not exactly nine ASCII digits.
    #[error(
        "an organisasjonsnummer is exactly 9 digits (0-9), without spaces; got {length} characters"
    )]
    Format {
        /// The number of characters given.
        length: usize,
    },
    /// Nine digits, but the last one is not the modulus-11 check digit.
    #[error(
        "organisasjonsnummer fails the modulus-11 check digit rule (weights 3,2,7,6,5,4,3,2): expected check digit {expected} for {digits}"
    )]
    CheckDigit {
        /// The nine digits given.
        digits: String,
        /// The check digit the first eight digits call for.
        expected: u8,
    },
    /// The first eight digits give the check value 10, which is never issued.
    #[error(
        "organisasjonsnummer fails the modulus-11 check digit rule (weights 3,2,7,6,5,4,3,2): {digits} gives check value 10, which is never issued"
    )]
    NeverIssued {
        /// The nine digits given.
        digits: String,
    },
}

const WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];

impl Organisasjonsnummer {
    /// Parses and validates nine digits with the modulus-11 check digit. Same as [`str::parse`].
    pub fn new(s: &str) -> Result<Self, InvalidOrganisasjonsnummer> {
        let digits = nine_digits(s)?;
        let sum: u32 = digits[..8]
            .iter()
            .zip(WEIGHTS)
            .map(|(d, w)| u32::from(*d - b'0') * w)
            .sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => {
                return Err(InvalidOrganisasjonsnummer::NeverIssued {
                    digits: s.to_owned(),
                });
            }
            c => c as u8,
        };
        if digits[8] - b'0' != check {
            return Err(InvalidOrganisasjonsnummer::CheckDigit {
                digits: s.to_owned(),
                expected: check,
            });
        }
        Ok(Organisasjonsnummer(digits))
    }

    /// Accepts any nine digits without the check-digit rule.
    ///
    /// HelseID's test environment uses synthetic organisation numbers, and some that NHN's own
    /// samples use (the child organisation `999977776`) do not satisfy modulus 11; HelseID itself only
    /// checks that there are nine digits (`HID-1004`). Use this for such test numbers only.
    ///
    /// ```
    /// use helseid_auth::Organisasjonsnummer;
    ///
    /// assert!(Organisasjonsnummer::new("999977776").is_err());
    /// let child = Organisasjonsnummer::new_without_check_digit("999977776")?;
    /// assert_eq!(child.as_str(), "999977776");
    /// # Ok::<(), helseid_auth::InvalidOrganisasjonsnummer>(())
    /// ```
    pub fn new_without_check_digit(s: &str) -> Result<Self, InvalidOrganisasjonsnummer> {
        nine_digits(s).map(Organisasjonsnummer)
    }

    /// The nine digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

fn nine_digits(s: &str) -> Result<[u8; 9], InvalidOrganisasjonsnummer> {
    let bytes = s.as_bytes();
    if bytes.len() != 9 || !bytes.iter().all(u8::is_ascii_digit) {
        return Err(InvalidOrganisasjonsnummer::Format {
            length: s.chars().count(),
        });
    }
    let mut out = [0u8; 9];
    out.copy_from_slice(bytes);
    Ok(out)
}

impl FromStr for Organisasjonsnummer {
    type Err = InvalidOrganisasjonsnummer;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Organisasjonsnummer::new(s)
    }
}

impl TryFrom<String> for Organisasjonsnummer {
    type Error = InvalidOrganisasjonsnummer;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Organisasjonsnummer::new(&s)
    }
}

impl TryFrom<&str> for Organisasjonsnummer {
    type Error = InvalidOrganisasjonsnummer;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Organisasjonsnummer::new(s)
    }
}

impl From<Organisasjonsnummer> for String {
    fn from(o: Organisasjonsnummer) -> String {
        o.as_str().to_owned()
    }
}

impl AsRef<str> for Organisasjonsnummer {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Organisasjonsnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Organisasjonsnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Organisasjonsnummer({})", self.as_str())
    }
}

/// OID of Enhetsregisteret, the system for a single-tenant client's child organisation.
pub const ENHETSREGISTERET_SYSTEM: &str = "urn:oid:2.16.578.1.12.4.1.4.101";
/// The system for a multi-tenant client's `NO:ORGNR:<parent>:<child>` value (ISO 6523).
pub const ISO_6523_SYSTEM: &str = "urn:oid:1.0.6523";

/// The organisation numbers a client claims to act for, sent to HelseID as `assertion_details`
/// (`type: helseid_authorization`) in the client assertion.
///
/// * A **single-tenant** client gets its parent organisation in the token automatically and only
///   sends a child organisation (underenhet).
/// * A **multi-tenant** client (one client for many customers, typical for SaaS) sends the parent
///   organisation it acts for, and optionally a child organisation of that parent.
///
/// ```
/// use helseid_auth::{OrganizationNumbers, Organisasjonsnummer};
///
/// let parent: Organisasjonsnummer = "999977774".parse()?;
/// let orgs = OrganizationNumbers::multi_tenant(parent);
/// let details = orgs.assertion_details();
/// assert_eq!(details["type"], "helseid_authorization");
/// assert_eq!(
///     details["practitioner_role"]["organization"]["identifier"]["value"],
///     "NO:ORGNR:999977774:"
/// );
/// # Ok::<(), helseid_auth::InvalidOrganisasjonsnummer>(())
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OrganizationNumbers {
    /// A single-tenant client acting for a child organisation (underenhet) of its own legal entity.
    SingleTenant {
        /// The child organisation.
        child: Organisasjonsnummer,
    },
    /// A multi-tenant client acting for a customer's legal entity (parent) and optionally one of its
    /// child organisations.
    MultiTenant {
        /// The customer's legal entity.
        parent: Organisasjonsnummer,
        /// A child organisation of `parent`.
        child: Option<Organisasjonsnummer>,
    },
}

impl OrganizationNumbers {
    /// A single-tenant client acting for one of its child organisations.
    pub fn single_tenant_child(child: Organisasjonsnummer) -> Self {
        OrganizationNumbers::SingleTenant { child }
    }

    /// A multi-tenant client acting for `parent`.
    pub fn multi_tenant(parent: Organisasjonsnummer) -> Self {
        OrganizationNumbers::MultiTenant {
            parent,
            child: None,
        }
    }

    /// A multi-tenant client acting for `child`, a child organisation of `parent`.
    pub fn multi_tenant_with_child(
        parent: Organisasjonsnummer,
        child: Organisasjonsnummer,
    ) -> Self {
        OrganizationNumbers::MultiTenant {
            parent,
            child: Some(child),
        }
    }

    /// The parent organisation, when one is sent.
    pub fn parent(&self) -> Option<&Organisasjonsnummer> {
        match self {
            OrganizationNumbers::SingleTenant { .. } => None,
            OrganizationNumbers::MultiTenant { parent, .. } => Some(parent),
        }
    }

    /// The child organisation, when one is sent.
    pub fn child(&self) -> Option<&Organisasjonsnummer> {
        match self {
            OrganizationNumbers::SingleTenant { child } => Some(child),
            OrganizationNumbers::MultiTenant { child, .. } => child.as_ref(),
        }
    }

    /// The `assertion_details` object for the client assertion.
    ///
    /// A multi-tenant parent without a child is sent as `NO:ORGNR:<parent>:` (trailing colon), as
    /// NHN's .NET library does; the documented format is `NO:ORGNR:[parent]:[child]`.
    pub fn assertion_details(&self) -> Value {
        let (system, value) = match self {
            OrganizationNumbers::SingleTenant { child } => {
                (ENHETSREGISTERET_SYSTEM, child.as_str().to_owned())
            }
            OrganizationNumbers::MultiTenant { parent, child } => (
                ISO_6523_SYSTEM,
                format!(
                    "NO:ORGNR:{}:{}",
                    parent.as_str(),
                    child
                        .as_ref()
                        .map(Organisasjonsnummer::as_str)
                        .unwrap_or("")
                ),
            ),
        };
        json!({
            "type": "helseid_authorization",
            "practitioner_role": {
                "organization": {
                    "identifier": { "system": system, "type": "ENH", "value": value }
                }
            }
        })
    }

    /// A stable text for cache keys.
    pub(crate) fn cache_key(&self) -> String {
        match self {
            OrganizationNumbers::SingleTenant { child } => format!("s:{child}"),
            OrganizationNumbers::MultiTenant { parent, child } => format!(
                "m:{parent}:{}",
                child
                    .as_ref()
                    .map(Organisasjonsnummer::as_str)
                    .unwrap_or("")
            ),
        }
    }
}
