//! The mock's seed catalogue: twelve realistic (invented) tools covering every fagområde,
//! målgruppe, language, formål, innholdstype and behandlerinnsyn (`seed.json`, in the API's wire
//! form), pictures as real PNG bytes, and the citizens and practitioners below.

use serde_json::Value;
use uuid::Uuid;

use crate::verktoy::Verktoy;

/// A 2×2 PNG picture (the mock's `Bilde`).
pub const PNG_BILDE: &[u8] = include_bytes!("bilde.png");

/// A 1×1 PNG icon (the mock's `Ikon`).
pub const PNG_IKON: &[u8] = include_bytes!("ikon.png");

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

/// The seed tools and whether each is open without login: `seed.json` marks that with
/// `KunAnonymTilgang`, which the API does not return in a tool's metadata.
pub(crate) fn catalogue() -> Vec<(Verktoy, bool)> {
    let tools: Vec<Value> = serde_json::from_str(include_str!("seed.json"))
        .unwrap_or_else(|e| panic!("the seed catalogue: {e}"));
    let tool = |mut tool: Value| {
        let anonym = tool
            .as_object_mut()
            .and_then(|t| t.remove("KunAnonymTilgang"));
        let verktoy = serde_json::from_value(tool).unwrap_or_else(|e| panic!("a seed tool: {e}"));
        (verktoy, anonym == Some(Value::Bool(true)))
    };
    tools.into_iter().map(tool).collect()
}
