//! The mock's seed catalogue: twelve realistic (invented) tools covering every fagområde,
//! målgruppe, language, formål, innholdstype and behandlerinnsyn (`seed.json`, in the API's wire
//! form), pictures as real PNG bytes, and the citizens and practitioners below.

use serde_json::Value;
use uuid::Uuid;

use crate::verktoy::Verktoy;

/// A 2×2 PNG picture (the mock's `Bilde`).
pub const PNG_BILDE: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xfd, 0xd4, 0x9a,
    0x73, 0x00, 0x00, 0x00, 0x14, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x60, 0x88, 0x5e, 0x55,
    0xb1, 0xef, 0x19, 0x03, 0x08, 0x47, 0xaf, 0x02, 0x00, 0x29, 0xac, 0x06, 0x43, 0x77, 0x1e, 0x69,
    0xa7, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// A 1×1 PNG icon (the mock's `Ikon`).
pub const PNG_IKON: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x78, 0xcc, 0x26, 0x0c,
    0x00, 0x02, 0xcc, 0x00, 0xfd, 0xf3, 0xb7, 0xc8, 0x2f, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];

/// The seed's "Søvnskolen" (the id is the API documentation's own prescription example).
pub const SOVNSKOLEN: Uuid = Uuid::from_u128(0x68ce99fd_6243_4ab0_b5bc_3ca81dbd53ba);
/// The seed's "Bra mat for bedre helse" (the id is the API documentation's metadata example).
pub const BRA_MAT: Uuid = Uuid::from_u128(0x08ead360_0d65_448c_ba9e_8a08f0921c90);
/// The seed's guidance service (the id is the API documentation's example).
pub const VEILEDNINGSTJENESTE: Uuid = Uuid::from_u128(0x3fa85f64_5717_4562_b3fc_2c963f66afa6);

/// A synthetic (Tenor) citizen who is digitally active.
pub const INNBYGGER_FNR: &str = "05896310056";
/// A second synthetic citizen who is digitally active.
pub const INNBYGGER_2_FNR: &str = "01899010031";
/// A synthetic citizen who is not digitally active (prescribing gives `VER-000228`).
pub const IKKE_DIGITALT_AKTIV_FNR: &str = "24088010007";
/// A practitioner in the mock's health personnel register.
pub const BEHANDLER_HPR: &str = "9144889";
/// The name of [`BEHANDLER_HPR`].
pub const BEHANDLER_HPR_NAVN: &str = "Ingrid Hansen";
/// A second practitioner in the register.
pub const BEHANDLER_2_HPR: &str = "4512389";
/// The name of [`BEHANDLER_2_HPR`].
pub const BEHANDLER_2_HPR_NAVN: &str = "Lars Johansen";
/// A synthetic practitioner fødselsnummer (for `BehandlerFnr`).
pub const BEHANDLER_FNR: &str = "12877210047";

/// The seed tools and whether each is open without login. `seed.json` marks the second with
/// `KunAnonymTilgang`, which the API does not return in a tool's metadata.
pub(crate) fn catalogue() -> Vec<(Verktoy, bool)> {
    let tools: Vec<Value> = serde_json::from_str(include_str!("seed.json"))
        .unwrap_or_else(|e| panic!("the seed catalogue: {e}"));
    tools
        .into_iter()
        .map(|mut tool| {
            let anonym = tool
                .as_object_mut()
                .and_then(|t| t.remove("KunAnonymTilgang"));
            let verktoy =
                serde_json::from_value(tool).unwrap_or_else(|e| panic!("a seed tool: {e}"));
            (verktoy, anonym == Some(Value::Bool(true)))
        })
        .collect()
}
