//! Organisation numbers and `assertion_details`.

use helseid_auth::{InvalidOrganisasjonsnummer, Organisasjonsnummer, OrganizationNumbers};
use proptest::prelude::*;
use serde_json::json;

#[test]
fn valid_and_invalid_numbers() {
    for valid in ["123456785", "999977774", "974760673", "983544622"] {
        let o: Organisasjonsnummer = valid.parse().unwrap();
        assert_eq!(o.as_str(), valid);
        assert_eq!(o.to_string(), valid);
        assert_eq!(format!("{o:?}"), format!("Organisasjonsnummer({valid})"));
    }
    // NHN's sample child organisation fails modulus 11 (check digit 4, not 6).
    assert_eq!(
        "999977776".parse::<Organisasjonsnummer>().unwrap_err(),
        InvalidOrganisasjonsnummer::CheckDigit {
            digits: "999977776".into(),
            expected: 4
        }
    );
    assert!(Organisasjonsnummer::new_without_check_digit("999977776").is_ok());
    assert!(Organisasjonsnummer::new_without_check_digit("99997777").is_err());

    let err = "123456789".parse::<Organisasjonsnummer>().unwrap_err();
    assert!(err.to_string().contains("modulus-11"), "{err}");
    assert!(err.to_string().contains("3,2,7,6,5,4,3,2"), "{err}");
    for bad in [
        "",
        "12345678",
        "1234567850",
        "12345678a",
        " 23456785",
        "１２３４５６７８５",
    ] {
        let err = bad.parse::<Organisasjonsnummer>().unwrap_err();
        assert!(
            matches!(err, InvalidOrganisasjonsnummer::Format { .. }),
            "{bad}"
        );
        assert!(err.to_string().contains("9 digits"));
    }
    // Check value 10 is never issued: 00000001x → sum 2·1 = 2 … find one.
    let never = (0..100_000_000u32)
        .map(|n| format!("{n:08}"))
        .find(|s| {
            let w = [3, 2, 7, 6, 5, 4, 3, 2];
            let sum: u32 = s.bytes().zip(w).map(|(b, w)| u32::from(b - b'0') * w).sum();
            11 - sum % 11 == 10
        })
        .unwrap();
    for d in 0..10 {
        let err = format!("{never}{d}")
            .parse::<Organisasjonsnummer>()
            .unwrap_err();
        assert!(matches!(
            err,
            InvalidOrganisasjonsnummer::NeverIssued { .. }
        ));
    }
}

#[test]
fn serde_is_a_validated_string() {
    let o: Organisasjonsnummer = serde_json::from_str("\"999977774\"").unwrap();
    assert_eq!(serde_json::to_string(&o).unwrap(), "\"999977774\"");
    assert!(serde_json::from_str::<Organisasjonsnummer>("\"123456789\"").is_err());
    assert!(serde_json::from_str::<Organisasjonsnummer>("999977774").is_err());
}

#[test]
fn assertion_details_shapes() {
    let parent: Organisasjonsnummer = "999977774".parse().unwrap();
    let child: Organisasjonsnummer = "123456785".parse().unwrap();
    assert_eq!(
        OrganizationNumbers::single_tenant_child(child).assertion_details(),
        json!({"type": "helseid_authorization", "practitioner_role": {"organization": {"identifier": {
            "system": "urn:oid:2.16.578.1.12.4.1.4.101", "type": "ENH", "value": "123456785"}}}})
    );
    assert_eq!(
        OrganizationNumbers::multi_tenant_with_child(parent, child).assertion_details(),
        json!({"type": "helseid_authorization", "practitioner_role": {"organization": {"identifier": {
            "system": "urn:oid:1.0.6523", "type": "ENH", "value": "NO:ORGNR:999977774:123456785"}}}})
    );
    let multi = OrganizationNumbers::multi_tenant(parent);
    assert_eq!(
        multi.assertion_details()["practitioner_role"]["organization"]["identifier"]["value"],
        "NO:ORGNR:999977774:"
    );
    assert_eq!(multi.parent(), Some(&parent));
    assert_eq!(multi.child(), None);
}

fn check_digit(first8: &str) -> Option<u8> {
    let w = [3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = first8
        .bytes()
        .zip(w)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        c => Some(c as u8),
    }
}

proptest! {
    #[test]
    fn exactly_one_check_digit_is_valid(first8 in "[0-9]{8}") {
        let valid: Vec<u8> = (0..10u8)
            .filter(|d| format!("{first8}{d}").parse::<Organisasjonsnummer>().is_ok())
            .collect();
        match check_digit(&first8) {
            Some(c) => prop_assert_eq!(valid, vec![c]),
            None => prop_assert!(valid.is_empty()),
        }
    }

    #[test]
    fn round_trips_through_display_and_serde(first8 in "[0-9]{8}") {
        if let Some(c) = check_digit(&first8) {
            let s = format!("{first8}{c}");
            let o: Organisasjonsnummer = s.parse().unwrap();
            prop_assert_eq!(o.to_string(), s.clone());
            let back: Organisasjonsnummer = serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
            prop_assert_eq!(back, o);
        }
    }
}
