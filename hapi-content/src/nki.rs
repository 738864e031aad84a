//! National quality indicators (nasjonale kvalitetsindikatorer, NKI): the indicators are
//! documents ([`crate::ContentKind::Kvalitetsindikatorer`]); their datasets come from
//! `/kvalitetsindikatorer/{id}/data`.

use hint_core::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::{HapiClient, Marked, checked_id};
use crate::model::{InfobitId, Origin};
use crate::routes;

/// An indicator's dataset: column names and rows (objects or arrays, as the API gives them).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NkiDataset {
    /// Column names.
    #[serde(
        rename = "ColumnNames",
        default,
        deserialize_with = "hint_core::lenient::string_list"
    )]
    pub column_names: Vec<String>,
    /// Rows.
    #[serde(
        rename = "AttachmentDataRows",
        default,
        deserialize_with = "hint_core::lenient::null_default"
    )]
    pub rows: Vec<Value>,
    /// Fields not modelled, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Marked for NkiDataset {
    fn marked(self, _origin: Origin) -> Self {
        self
    }
}

impl NkiDataset {
    /// A cell by row index and column name (rows as objects or as arrays in column order).
    pub fn cell(&self, row: usize, column: &str) -> Option<&Value> {
        match self.rows.get(row)? {
            Value::Object(map) => map.get(column),
            Value::Array(cells) => cells.get(self.column_names.iter().position(|c| c == column)?),
            _ => None,
        }
    }
}

/// The formats an indicator's dataset comes in (`contentType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NkiFormat {
    /// JSON ([`NkiDataset`]).
    Json,
    /// CSV.
    Csv,
    /// XML.
    Xml,
    /// A Highcharts JavaScript file.
    Highcharts,
}

impl NkiFormat {
    fn content_type(self) -> &'static str {
        match self {
            NkiFormat::Json => "application/json",
            NkiFormat::Csv => "text/csv",
            NkiFormat::Xml => "text/xml",
            NkiFormat::Highcharts => "application/javascript",
        }
    }
}

impl HapiClient {
    /// An indicator's dataset as JSON.
    pub async fn get_kvalitetsindikator_data<I>(&self, id: I) -> Result<NkiDataset>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        let id = checked_id(id)?;
        let op = routes::NKI_DATA
            .op()
            .path_param("id", &id)
            .query(routes::query::CONTENT_TYPE, NkiFormat::Json.content_type())
            .accept("application/json");
        self.fetch_item(op, id.as_str()).await
    }

    /// An indicator's dataset as text in another format (CSV, XML, Highcharts).
    pub async fn get_kvalitetsindikator_data_as<I>(
        &self,
        id: I,
        format: NkiFormat,
    ) -> Result<String>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        let id = checked_id(id)?;
        let name = routes::NKI_DATA.name;
        let op = routes::NKI_DATA
            .op()
            .path_param("id", &id)
            .query(routes::query::CONTENT_TYPE, format.content_type())
            .accept(format.content_type());
        let response = self.send(op).await?;
        if response.status() == 204 || response.is_empty() {
            return Err(crate::client::not_found(
                id.as_str(),
                name,
                response.status(),
            ));
        }
        Ok(response.text())
    }
}
