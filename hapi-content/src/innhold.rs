//! Content: documents of every type by id and by listing, formats, navigation by links, search,
//! recommendations and changes.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use hint_core::{Error, ErrorKind, Operation, Pager, Result, Url};
use serde_json::{Map, Value};

use crate::client::{HAPI_HOSTS, HapiClient, Marked, checked_id};
use crate::format::{self, Document, Format};
use crate::model::{InfoType, Infobit, InfobitId, Kodeverk, Link};
use crate::routes::{self, ContentKind, Paging, query};

/// Filters for [`HapiClient::list_innhold`]: `/innhold` filtered by type, code or target group,
/// or one content type's own route ([`InnholdFilter::kind`]: `/retningslinjer`, `/rapporter`, …).
///
/// `/innhold` is not paged: it answers the whole matching set at once (thousands of documents
/// for a broad filter), so narrow it. Of the content types' routes some page with `skip`/`take`
/// ([`ContentKind::paging`]), [`InnholdFilter::page_size`] at a time; the others answer at once.
///
/// ```
/// use hapi_content::{ContentKind, InfoType, InnholdFilter, Kodeverk};
/// let filter = InnholdFilter::new()
///     .info_type(InfoType::Anbefaling)
///     .code("ICPC-2", "T90"); // sent as kodeverk=ICPC2, the spelling the API answers
/// let rapporter = InnholdFilter::new().kind(ContentKind::Rapporter).page_size(50);
/// # let _ = (filter, rapporter);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct InnholdFilter {
    /// `infoTyper`: the technical types to include.
    pub info_typer: Vec<InfoType>,
    /// `kodeverk` + `kode`: a code in a code system.
    pub code: Option<(Kodeverk, String)>,
    /// `maalGruppe`: target groups.
    pub maalgrupper: Vec<String>,
    /// One content type's own route instead of `/innhold`.
    pub kind: Option<ContentKind>,
    /// `take` on the routes paged with `skip`/`take` (default [`crate::DEFAULT_TAKE`]).
    pub page_size: Option<u32>,
}

impl InnholdFilter {
    /// No filter (every document: large).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a technical type.
    pub fn info_type(mut self, info_type: InfoType) -> Self {
        self.info_typer.push(info_type);
        self
    }

    /// Documents coded with `kode` in `kodeverk` (spellings such as `ICPC-2` are normalised).
    pub fn code(mut self, kodeverk: impl Into<Kodeverk>, kode: impl Into<String>) -> Self {
        self.code = Some((kodeverk.into(), kode.into()));
        self
    }

    /// Adds a target group.
    pub fn maalgruppe(mut self, maalgruppe: impl Into<String>) -> Self {
        self.maalgrupper.push(maalgruppe.into());
        self
    }

    /// Every document of one content type, from its own route (`/retningslinjer`, …). The
    /// `/innhold` filters do not apply there and are refused with it.
    pub fn kind(mut self, kind: ContentKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// How many documents per page on the routes paged with `skip`/`take` (at least 1); routes
    /// that are not paged answer everything at once and ignore it.
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    fn take(&self) -> Result<u32> {
        match self.page_size {
            Some(0) => Err(Error::invalid_input(query::TAKE, "must be at least 1")),
            size => Ok(size.unwrap_or(crate::client::DEFAULT_TAKE)),
        }
    }

    fn to_operation(&self) -> Result<Operation> {
        if let Some(kind) = self.kind {
            let field = if !self.info_typer.is_empty() {
                Some(query::INFO_TYPER)
            } else if self.code.is_some() {
                Some(query::KODEVERK)
            } else if !self.maalgrupper.is_empty() {
                Some(query::MAAL_GRUPPE)
            } else {
                None
            };
            if let Some(field) = field {
                return Err(Error::invalid_input(
                    field,
                    format!("is a filter of /innhold, not of /{}", kind.path()),
                ));
            }
            return Ok(kind.list_route().op().accept("application/json"));
        }
        let mut op = routes::INNHOLD.op().accept("application/json");
        if !self.info_typer.is_empty() {
            op = op.query(
                query::INFO_TYPER,
                join(
                    self.info_typer.iter().map(InfoType::as_str),
                    query::INFO_TYPER,
                )?,
            );
        }
        if let Some((kodeverk, kode)) = &self.code {
            op = code_query(op, kodeverk, kode)?;
        }
        if !self.maalgrupper.is_empty() {
            op = op.query(
                query::MAAL_GRUPPE,
                join(
                    self.maalgrupper.iter().map(String::as_str),
                    query::MAAL_GRUPPE,
                )?,
            );
        }
        Ok(op)
    }
}

/// `kodeverk` and `kode`, both checked.
fn code_query(op: Operation, kodeverk: &Kodeverk, kode: &str) -> Result<Operation> {
    if kodeverk.as_str().trim().is_empty() {
        return Err(Error::invalid_input(query::KODEVERK, "must not be empty"));
    }
    let kode = kode.trim();
    if kode.is_empty() {
        return Err(Error::invalid_input(
            query::KODE,
            "must not be empty when kodeverk is given",
        ));
    }
    Ok(op
        .query(query::KODEVERK, kodeverk.as_str())
        .query(query::KODE, kode))
}

fn join<'a>(values: impl Iterator<Item = &'a str>, field: &str) -> Result<String> {
    let values: Vec<&str> = values.map(str::trim).collect();
    if values.iter().any(|v| v.is_empty() || v.contains(',')) {
        return Err(Error::invalid_input(
            field,
            "values must be non-empty and must not contain `,` (the list is comma-separated)",
        ));
    }
    Ok(values.join(","))
}

/// Search mode for [`SokFilter`] and [`crate::ProduktSokFilter`] (`SearchMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SearchMode {
    /// Any term may match.
    #[default]
    Any,
    /// All terms must match.
    All,
}

impl SearchMode {
    pub(crate) fn wire(self) -> &'static str {
        match self {
            SearchMode::All => "All",
            SearchMode::Any => "Any",
        }
    }
}

/// Query syntax for [`SokFilter`] and [`crate::ProduktSokFilter`] (`QueryType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum QueryType {
    /// Simple syntax.
    #[default]
    Simple,
    /// Full (Lucene) syntax.
    Full,
}

impl QueryType {
    pub(crate) fn wire(self) -> &'static str {
        match self {
            QueryType::Full => "Full",
            QueryType::Simple => "Simple",
        }
    }
}

/// A search for [`HapiClient::search_innhold`] (`/sok/infobit`).
///
/// ```
/// use hapi_content::{InfoType, SokFilter};
/// let filter = SokFilter::new("diabetes").only(&InfoType::Anbefaling);
/// # let _ = filter;
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SokFilter {
    /// `QueryText`.
    pub text: String,
    /// `Filter`: an OData filter such as `infoType eq 'retningslinje'`.
    pub filter: Option<String>,
    /// `SearchMode`.
    pub mode: Option<SearchMode>,
    /// `QueryType`.
    pub query_type: Option<QueryType>,
    /// `getFullInfobits`: whole documents instead of hits.
    pub full_infobits: Option<bool>,
}

impl SokFilter {
    /// A search for `text`.
    pub fn new(text: impl Into<String>) -> Self {
        SokFilter {
            text: text.into(),
            filter: None,
            mode: None,
            query_type: None,
            full_infobits: None,
        }
    }

    /// Only documents of one technical type (builds the OData filter).
    pub fn only(mut self, info_type: &InfoType) -> Self {
        self.filter = Some(format!(
            "infoType eq '{}'",
            info_type.as_str().replace('\'', "''")
        ));
        self
    }

    /// A raw OData filter.
    pub fn filter(mut self, filter: impl Into<String>) -> Self {
        self.filter = Some(filter.into());
        self
    }

    /// Search mode.
    pub fn mode(mut self, mode: SearchMode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// Query syntax.
    pub fn query_type(mut self, query_type: QueryType) -> Self {
        self.query_type = Some(query_type);
        self
    }

    /// Whole documents instead of hits.
    pub fn full_infobits(mut self, full: bool) -> Self {
        self.full_infobits = Some(full);
        self
    }
}

/// Filters for [`HapiClient::list_anbefalinger`] (`/anbefalinger`).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct AnbefalingFilter {
    /// `kodeverk` + `kode`.
    pub code: Option<(Kodeverk, String)>,
    /// `anbefalingstype`, such as `sykmeldingslengde`.
    pub anbefalingstype: Option<String>,
}

impl AnbefalingFilter {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Recommendations coded with `kode` in `kodeverk` (normalised spelling).
    pub fn code(mut self, kodeverk: impl Into<Kodeverk>, kode: impl Into<String>) -> Self {
        self.code = Some((kodeverk.into(), kode.into()));
        self
    }

    /// One recommendation type.
    pub fn anbefalingstype(mut self, anbefalingstype: impl Into<String>) -> Self {
        self.anbefalingstype = Some(anbefalingstype.into());
        self
    }
}

/// What [`HapiClient::list_endringer`] asks `/GetChanges` for: documents changed since a time,
/// optionally of one producer.
///
/// ```
/// use hapi_content::{EndringFilter, parse_local_time};
/// let since = parse_local_time("2025-01-01T00:00:00").unwrap();
/// let filter = EndringFilter::new(since).producer_id("0006");
/// # let _ = filter;
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EndringFilter {
    /// `since`: changed at or after this local time.
    pub since: NaiveDateTime,
    /// `producerId`: four digits (`0006` is Helsedirektoratet's CMS).
    pub producer_id: Option<String>,
}

impl EndringFilter {
    /// Documents changed since `since`.
    pub fn new(since: NaiveDateTime) -> Self {
        EndringFilter {
            since,
            producer_id: None,
        }
    }

    /// Only one producer's documents (four digits, such as `0006`).
    pub fn producer_id(mut self, producer_id: impl Into<String>) -> Self {
        self.producer_id = Some(producer_id.into());
        self
    }
}

/// A change from [`HapiClient::list_endringer`]. The API does not document the shape: the fields are
/// kept as sent, with accessors for the id and time under the names seen in practice.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Endring(pub Map<String, Value>);

impl Endring {
    /// The changed document's id.
    pub fn id(&self) -> Option<&str> {
        ["id", "Id", "infobitId", "InfobitId", "infoId"]
            .iter()
            .find_map(|k| self.0.get(*k)?.as_str())
    }

    /// When it changed.
    pub fn tidspunkt(&self) -> Option<NaiveDateTime> {
        [
            "endret",
            "sistEndret",
            "tidspunkt",
            "endringstidspunkt",
            "sistOppdatert",
            "changed",
            "timestamp",
        ]
        .iter()
        .find_map(|k| hint_core::lenient::parse_local_time(self.0.get(*k)?.as_str()?))
    }
}

/// One node of a walked document tree ([`HapiClient::walk`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TreeNode {
    /// 0 for the start, 1 for its children, …
    pub depth: usize,
    /// The document.
    pub infobit: Infobit,
}

/// The most documents [`HapiClient::walk`] fetches.
pub const WALK_LIMIT: usize = 5_000;

impl HapiClient {
    /// Documents, as a pager: from `/innhold` filtered (one page: the API answers the whole set,
    /// and `skip`/`take` there give a 500), or from one content type's route
    /// ([`InnholdFilter::kind`]), paged with `skip`/`take` where the route is. The filter is
    /// checked first; nothing is sent for a bad one.
    pub fn list_innhold(&self, filter: &InnholdFilter) -> Result<Pager<Infobit>> {
        let take = filter.take()?;
        let op = filter.to_operation()?;
        Ok(match filter.kind.map(ContentKind::paging) {
            Some(Paging::SkipTake) => self.skip_take::<Infobit>(op, take),
            _ => self.single_page::<Infobit>(op),
        })
    }

    /// Any document by id (`/innhold/{id}`). An unknown id is a not-found error (404, or the
    /// API's 204 / empty answer).
    pub async fn get_innhold<I>(&self, id: I) -> Result<Infobit>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        self.fetch_by_id(routes::INNHOLD_ID, id).await
    }

    /// Any document by id through the generic `/Infobit/{id}` route.
    pub async fn get_infobit<I>(&self, id: I) -> Result<Infobit>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        self.fetch_by_id(routes::INFOBIT_ID, id).await
    }

    /// A document of a content type by id (`/retningslinjer/{id}`, `/tilskudd/{id}`, …).
    pub async fn get_kind<I>(&self, kind: ContentKind, id: I) -> Result<Infobit>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        self.fetch_by_id(kind.get_route(), id).await
    }

    /// A document as Markdown, HTML or JSON text, with its source. Asks the API with `Accept`;
    /// when the API answers JSON instead, renders the format from the document's semantic HTML
    /// (`render_markdown`, [`crate::render_html`]) and says so in the source. Without the
    /// `markdown` feature, a JSON answer to a request for Markdown is a `Config` error.
    pub async fn get_innhold_as<I>(&self, id: I, format: Format) -> Result<Document>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        let id = checked_id(id)?;
        let name = routes::INNHOLD_ID_FORMAT.name;
        let op = routes::INNHOLD_ID_FORMAT
            .op()
            .path_param("id", &id)
            .accept(format.accept());
        let response = self.send(op).await?;
        if response.status() == 204 || response.is_empty() {
            return Err(crate::client::not_found(
                id.as_str(),
                name,
                response.status(),
            ));
        }
        let answered = response.content_type().and_then(Format::from_content_type);
        match answered {
            Some(f) if f == format && f != Format::Json => {
                // The API honoured Accept. The source still comes from the JSON model, which the
                // text formats do not carry; use the headers the mock and API give, else the id.
                let source = match self.get_innhold(&id).await {
                    Ok(doc) => doc.source(),
                    Err(e) if e.is_not_found() => return Err(e),
                    Err(e) => return Err(e),
                };
                Ok(Document {
                    format,
                    body: response.text(),
                    source,
                    rendered_by_sdk: false,
                })
            }
            _ => {
                let value: Value = response.json()?;
                let value = match value {
                    Value::Array(mut items) if items.len() == 1 => items.remove(0),
                    Value::Array(items) if items.is_empty() => {
                        return Err(crate::client::not_found(id.as_str(), name, 200));
                    }
                    other => other,
                };
                let doc: Infobit = response.decode_part(&value)?;
                let doc = doc.marked(self.origin());
                if format == Format::Json {
                    return Ok(Document {
                        format,
                        body: value.to_string(),
                        source: doc.source(),
                        rendered_by_sdk: false,
                    });
                }
                format::render_checked(&doc, format)
            }
        }
    }

    /// A document as Markdown ([`HapiClient::get_innhold_as`] with [`Format::Markdown`]).
    pub async fn get_markdown<I>(&self, id: I) -> Result<Document>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        self.get_innhold_as(id, Format::Markdown).await
    }

    /// A document as HTML ([`HapiClient::get_innhold_as`] with [`Format::Html`]).
    pub async fn get_html<I>(&self, id: I) -> Result<Document>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        self.get_innhold_as(id, Format::Html).await
    }

    /// Follows a link from a document (`links[].href`). Links to another hAPI host (production
    /// links in QA content, say) are re-based onto this client's host; links elsewhere are
    /// refused, so the API key never leaves the API.
    pub async fn follow(&self, link: &Link) -> Result<Infobit> {
        let url = self.resolve_link(&link.href)?;
        let op = routes::FOLLOW
            .op()
            .absolute_url(url)
            .accept("application/json");
        let id = link.target_id().unwrap_or_default().to_owned();
        self.fetch_item(op, &id).await
    }

    /// The children of a document (chapters, recommendations, …), in document order, by its
    /// `barn` links; a child linked more than once is fetched and returned once.
    pub async fn get_barn(&self, doc: &Infobit) -> Result<Vec<Infobit>> {
        let mut out = Vec::new();
        // A document may link the same child more than once (a real rundskriv has 10 `barn`
        // links to 5 documents): each child is fetched and returned once, in first-link order.
        let mut seen: HashSet<&str> = HashSet::new();
        for link in doc.child_links() {
            if !seen.insert(link.target_id().unwrap_or(link.href.as_str())) {
                continue;
            }
            out.push(self.follow(link).await?);
        }
        Ok(out)
    }

    /// The parent of a document, by its `forelder` link.
    pub async fn get_forelder(&self, doc: &Infobit) -> Result<Option<Infobit>> {
        match doc.parent_link() {
            Some(link) => self.follow(link).await.map(Some),
            None => Ok(None),
        }
    }

    /// The top node of a document's publication, by its `root` link.
    pub async fn get_root(&self, doc: &Infobit) -> Result<Option<Infobit>> {
        match doc.root_link() {
            Some(link) => self.follow(link).await.map(Some),
            None => Ok(None),
        }
    }

    /// Walks a document and its descendants depth-first in document order, following `barn`
    /// links down to `max_depth` (0 = the document only). Stops at [`WALK_LIMIT`] documents and
    /// never visits a document twice.
    pub async fn walk(&self, start: &Infobit, max_depth: usize) -> Result<Vec<TreeNode>> {
        let mut out = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        seen.insert(start.id.as_str().to_owned());
        let mut stack: Vec<(usize, Infobit)> = vec![(0, start.clone())];
        while let Some((depth, doc)) = stack.pop() {
            if out.len() >= WALK_LIMIT {
                return Err(Error::with_kind(
                    ErrorKind::Decode,
                    format!("walk: stopped after {WALK_LIMIT} documents"),
                ));
            }
            let links: Vec<Link> = if depth < max_depth {
                doc.child_links().cloned().collect()
            } else {
                Vec::new()
            };
            out.push(TreeNode {
                depth,
                infobit: doc,
            });
            let mut children = Vec::new();
            for link in links {
                if let Some(id) = link.target_id()
                    && !seen.insert(id.to_owned())
                {
                    continue;
                }
                children.push((depth + 1, self.follow(&link).await?));
            }
            stack.extend(children.into_iter().rev());
        }
        Ok(out)
    }

    /// Searches (`/sok/infobit`): the hits in one page.
    pub fn search_innhold(&self, filter: &SokFilter) -> Result<Pager<Infobit>> {
        if filter.text.trim().is_empty() {
            return Err(Error::invalid_input(
                query::SOK_QUERY_TEXT,
                "must not be empty",
            ));
        }
        let op = routes::SOK
            .op()
            .accept("application/json")
            .query(query::SOK_QUERY_TEXT, filter.text.trim())
            .query_opt(query::SOK_FILTER, filter.filter.as_deref())
            .query_opt(query::SEARCH_MODE, filter.mode.map(SearchMode::wire))
            .query_opt(query::QUERY_TYPE, filter.query_type.map(QueryType::wire))
            .query_opt(query::GET_FULL_INFOBITS, filter.full_infobits);
        Ok(self.single_page(op))
    }

    /// Recommendations (`/anbefalinger`), filtered by code or type, in one page.
    pub fn list_anbefalinger(&self, filter: &AnbefalingFilter) -> Result<Pager<Infobit>> {
        let mut op = routes::ANBEFALINGER_QUERY.op().accept("application/json");
        if let Some((kodeverk, kode)) = &filter.code {
            op = code_query(op, kodeverk, kode)?;
        }
        if let Some(t) = &filter.anbefalingstype {
            if t.trim().is_empty() {
                return Err(Error::invalid_input(
                    query::ANBEFALINGSTYPE,
                    "must not be empty",
                ));
            }
            op = op.query(query::ANBEFALINGSTYPE, t.trim());
        }
        Ok(self.single_page(op))
    }

    /// A recommendation by id, with `full=true` for its full structure.
    pub async fn get_anbefaling<I>(&self, id: I, full: bool) -> Result<Infobit>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        let id = checked_id(id)?;
        let op = routes::ANBEFALING_FULL
            .op()
            .path_param("id", &id)
            .query(query::FULL, full)
            .accept("application/json");
        self.fetch_item(op, id.as_str()).await
    }

    /// Ids and change times of documents changed since a time (`/GetChanges`), in one page, for
    /// caches that sync by delta.
    pub fn list_endringer(&self, filter: &EndringFilter) -> Result<Pager<Endring>> {
        if let Some(p) = &filter.producer_id
            && (p.len() != 4 || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(Error::invalid_input(
                query::PRODUCER_ID,
                "must be four digits, such as 0006",
            ));
        }
        let op = routes::GET_CHANGES
            .op()
            .accept("application/json")
            .query(query::SINCE, filter.since.format("%Y-%m-%dT%H:%M:%S"))
            .query_opt(query::PRODUCER_ID, filter.producer_id.as_deref());
        Ok(self.single_page(op))
    }

    /// An attachment's data (`/vedlegg/{id}`), raw, with `contentType` to choose the format.
    pub async fn download_vedlegg<I>(&self, id: I, content_type: Option<&str>) -> Result<Vec<u8>>
    where
        I: TryInto<InfobitId, Error = Error>,
    {
        let id = checked_id(id)?;
        let name = routes::VEDLEGG.name;
        let op = routes::VEDLEGG
            .op()
            .path_param("id", &id)
            .query_opt(query::CONTENT_TYPE, content_type);
        let response = self.send(op).await?;
        if response.status() == 204 {
            return Err(crate::client::not_found(id.as_str(), name, 204));
        }
        Ok(response.body().to_vec())
    }

    fn resolve_link(&self, href: &str) -> Result<Url> {
        let base = self.core().base_url();
        let href = href.trim();
        if href.is_empty() {
            return Err(Error::invalid_input("href", "the link has no target"));
        }
        let url = match Url::parse(href) {
            Ok(url) => url,
            Err(_) => base
                .join(href.trim_start_matches('/'))
                .map_err(|_| Error::invalid_input("href", "is not a URL"))?,
        };
        if url.origin() == base.origin() {
            return Ok(url);
        }
        let host = url.host_str().unwrap_or_default();
        if HAPI_HOSTS.contains(&host) {
            // Same API, other environment: keep the path under /innhold/ and use our host.
            let path = url.path();
            let rest = path
                .strip_prefix("/innhold/")
                .unwrap_or(path.trim_start_matches('/'));
            let mut rebased = base
                .join(rest)
                .map_err(|_| Error::invalid_input("href", "is not a URL"))?;
            rebased.set_query(url.query());
            return Ok(rebased);
        }
        Err(Error::config(format!(
            "refusing to follow a link to {} with the API key; hAPI links stay on {}",
            url.origin().ascii_serialization(),
            base.origin().ascii_serialization()
        )))
    }
}

impl crate::client::Marked for Endring {
    fn marked(self, _origin: crate::model::Origin) -> Self {
        self
    }
}
