//! The wire behaviour of hint-core's open enums, in each of their forms.

use hint_core::{OpenEnum, UnknownValue};
use serde_json::json;

hint_core::open_enum! {
    /// Exact strings, with an alias and a label.
    pub enum Status {
        /// Registered.
        Registrert => "registrert" | "REG" ("Registrert"),
        /// Settled.
        Avregnet => "avregnet",
    }
}

hint_core::open_enum! {
    /// Case-insensitive text.
    pub enum Innsyn (ignore_case) {
        /// None.
        Ingen => "Ingen",
        /// Offered.
        Tilbys => "Tilbys i verktøyet" | "Tilbys i verktoyet",
    }
}

hint_core::open_enum! {
    /// Integer ids with names.
    pub enum Dag: id {
        /// Monday.
        Mandag => 1 ("Mandag" | "Monday"),
        /// Sunday.
        Sondag => 7 ("Søndag" | "Sondag"),
    }
}

fn read<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).unwrap()
}

#[test]
fn exact_strings_keep_anything_else_as_sent() {
    assert_eq!(read::<Status>(json!("registrert")), Status::Registrert);
    assert_eq!(read::<Status>(json!("REG")), Status::Registrert);
    assert!(read::<Status>(json!("Registrert")).is_unknown());
    assert_eq!(Status::Registrert.label(), Some("Registrert"));
    assert_eq!(Status::Avregnet.label(), None);
    let spaced = read::<Status>(json!(" avregnet"));
    assert_eq!(spaced.as_str(), " avregnet");
    assert_eq!(serde_json::to_value(&spaced).unwrap(), json!(" avregnet"));
    // A number is kept as a number, and text that looks like one as text.
    let n = read::<Status>(json!(5));
    assert_eq!(serde_json::to_value(&n).unwrap(), json!(5));
    let t = read::<Status>(json!("5"));
    assert_eq!(serde_json::to_value(&t).unwrap(), json!("5"));
    assert!(serde_json::from_value::<Status>(json!({"a": 1})).is_err());
    assert!(serde_json::from_value::<Status>(json!(1.5)).is_err());
}

#[test]
fn ignore_case_trims_and_matches_aliases() {
    assert_eq!(read::<Innsyn>(json!(" ingen ")), Innsyn::Ingen);
    assert_eq!(read::<Innsyn>(json!("TILBYS I VERKTOYET")), Innsyn::Tilbys);
    let other = read::<Innsyn>(json!(" Krever "));
    assert_eq!(serde_json::to_value(&other).unwrap(), json!("Krever"));
    assert_eq!(Innsyn::Tilbys.to_string(), "Tilbys i verktøyet");
}

#[test]
fn ids_read_numbers_text_and_names() {
    assert_eq!(read::<Dag>(json!(7)), Dag::Sondag);
    assert_eq!(read::<Dag>(json!(" 7 ")), Dag::Sondag);
    assert_eq!(read::<Dag>(json!("monday")), Dag::Mandag);
    assert_eq!(serde_json::to_value(Dag::Sondag).unwrap(), json!(7));
    assert_eq!(Dag::Sondag.as_str(), "Søndag");
    assert_eq!(Dag::known("8"), None);
    let unknown = read::<Dag>(json!(8));
    assert_eq!(unknown.id(), Some(8));
    assert_eq!(
        unknown,
        read::<Dag>(json!("8")),
        "a quoted id is the same value"
    );
    assert_eq!(
        serde_json::to_value(read::<Dag>(json!("8"))).unwrap(),
        json!("8")
    );
    let name = read::<Dag>(json!("Fridag"));
    assert_eq!((name.id(), name.as_str()), (None, "Fridag"));
    assert_eq!(serde_json::to_value(&name).unwrap(), json!("Fridag"));
    // Past i64: kept as text.
    let huge = read::<Dag>(json!(u64::MAX));
    assert_eq!(huge.as_str(), u64::MAX.to_string());
}

#[test]
fn generic_code_goes_through_open_enum() {
    fn all_round_trip<T: OpenEnum>() {
        for v in T::KNOWN {
            assert_eq!(&T::from_wire(v.as_str()), v);
            assert!(!v.is_unknown());
        }
    }
    all_round_trip::<Status>();
    all_round_trip::<Innsyn>();
    all_round_trip::<Dag>();
    assert_eq!(
        Status::Unknown(UnknownValue::new("x")),
        Status::from_wire("x")
    );
}
