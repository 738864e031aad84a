//! The mock's seed content: illustrative Norwegian documents of each kind, written for tests.
//! They follow hAPI's shapes (ids, links, `data`) as its published API definition and samples
//! show them, not Helsedirektoratet's actual text. The documents are the JSON fixture
//! `fixtures/mock-seed.json` of this crate, in the shape the API answers.
//!
//! Grant deadlines are set relative to the day the mock starts (`idag+30` in the fixture), so
//! "open grants" stay open: two open with dates, one open continuously (`Løpende`), one closed.

use chrono::{Duration, Local};
use serde_json::Value;

use super::MockHapi;
use crate::model::{Infobit, InfobitId};

const SEED: &str = include_str!("../../fixtures/mock-seed.json");

/// The diabetes guideline (retningslinje) with two chapters and three recommendations.
pub const DIABETES_RETNINGSLINJE: &str = "0006-0001-5b0c3f52-7d7e-4b4e-9a51-2f1f0d6a1c01";
/// Chapter «Diagnostikk av diabetes».
pub const KAPITTEL_DIAGNOSTIKK: &str = "0006-0041-9f1e2a10-3c5d-4e8b-8b41-6a0b2c1d7e02";
/// Chapter «Blodsukkersenkende behandling».
pub const KAPITTEL_BEHANDLING: &str = "0006-0041-1d2c3b4a-5e6f-4a7b-9c8d-0e1f2a3b4c03";
/// Recommendation «HbA1c som diagnostisk test».
pub const ANBEFALING_HBA1C: &str = "0006-0002-7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c04";
/// Recommendation «Glukosebelastning ved usikker diagnose».
pub const ANBEFALING_GLUKOSEBELASTNING: &str = "0006-0002-2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d05";
/// Recommendation «Metformin som førstevalg ved diabetes type 2».
pub const ANBEFALING_METFORMIN: &str = "0006-0002-3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e06";
/// The nasjonalt faglig råd on dose-packed medicines, with one chapter and one råd.
pub const FAGLIG_RAD_DOSEPAKKING: &str = "0006-0020-2b3c4d5e-6f70-4a81-9b2c-3d4e5f607182";
/// Råd «Skriftlige rutiner for dosepakkede legemidler» (with `praktisk` and `rasjonale`).
pub const RAD_RUTINER: &str = "0006-0023-5a1c9e20-7b3d-4f61-9c2e-8d4f0a6b1e37";
/// The pakkeforløp for lung cancer.
pub const PAKKEFORLOP_LUNGEKREFT: &str = "0006-0003-4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f07";
/// The circular on the Patient and User Rights Act.
pub const RUNDSKRIV_PASIENTRETTIGHETER: &str = "0006-0011-5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a08";
/// Grant: municipal substance abuse work (open).
pub const TILSKUDD_RUSARBEID: &str = "0006-0030-6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b09";
/// Grant: recruiting GPs (open).
pub const TILSKUDD_FASTLEGER: &str = "0006-0030-7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c10";
/// Grant: voluntary work against loneliness (open continuously).
pub const TILSKUDD_ENSOMHET: &str = "0006-0030-8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d11";
/// Grant: digital home follow-up (closed).
pub const TILSKUDD_HJEMMEOPPFOLGING: &str = "0006-0030-9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e12";
/// A quality indicator with a dataset.
pub const NKI_HJERNESLAG: &str = "0003-0050-0d1e2f3a-4b5c-4d6e-9f7a-8b9c0d1e2f13";
/// A medicine (`legemiddelMerkevareId`).
pub const LEGEMIDDEL_METFORMIN: &str = "ID_3F2504E0-4F89-11D3-9A0C-0305E82C3301";

/// Loads the seed into a mock.
pub(super) fn seed(mock: &MockHapi) {
    let seed: Value = serde_json::from_str(SEED).unwrap_or_else(|e| panic!("seed: {e}"));
    let today = Local::now().naive_local().date();
    let list = |key| seed[key].as_array().cloned().unwrap_or_default();
    for mut item in list("innhold") {
        let frist = &mut item["doc"]["data"]["soknadsfrist"];
        if let Some(days) = frist.as_str().and_then(|f| f.strip_prefix("idag")) {
            let days: i64 = days.parse().unwrap_or_else(|e| panic!("seed: {e}"));
            let day = (today + Duration::days(days)).and_hms_opt(12, 0, 0);
            *frist = day
                .map(|d| hint_core::lenient::format_local_time(&d))
                .into();
        }
        let doc: Infobit = serde_json::from_value(item["doc"].take())
            .unwrap_or_else(|e| panic!("seed document: {e}"));
        match item["parent"].as_str() {
            Some(parent) => drop(mock.seed_barn(&InfobitId(parent.to_owned()), doc)),
            None => mock.seed_infobit(doc),
        }
    }
    list("legemidler")
        .into_iter()
        .for_each(|l| mock.seed_legemiddel(l));
    let nki = seed["nki_data"].as_object().into_iter().flatten();
    nki.for_each(|(id, data)| mock.seed_nki_data(id, data.clone()));
}
