//! Every route, operation name, header and media type of the HINT Arkiv contract, in one place.
//!
//! Helsedirektoratet's API document for HINT Arkiv (`API–HINT-ARKIV.pdf`) is not public. This
//! contract is modelled from the **Noark 5 tjenestegrensesnitt v1.1** (Arkivverket, 2023): field
//! names, code lists, occurrences, file transfer, ETag and errors; with the **Microsoft REST API
//! guidelines** HINT says it follows for the shape of the routes (plural resource collections,
//! PATCH as JSON merge patch, `If-Match`). If the real service differs, this file (and the serde
//! names in the model modules) is the only place to change.
//!
//! | Operation | Method | Route (relative to the base URL) |
//! |---|---|---|
//! | [`CREATE_SAK`] | POST | [`SAKER`], or [`ARKIVDEL_SAKER`] / [`KLASSE_SAKER`] to file it there |
//! | [`LIST_SAKER`] | GET | [`SAKER`] (`$filter`, `$top`, `$skip`, `$orderby`) |
//! | [`GET_SAK`] / [`UPDATE_SAK`] / [`CLOSE_SAK`] | GET / PATCH / PATCH | [`SAK`] |
//! | [`CREATE_JOURNALPOST`] / [`LIST_JOURNALPOSTER`] | POST / GET | [`SAK_JOURNALPOSTER`] |
//! | [`GET_JOURNALPOST`] / [`UPDATE_JOURNALPOST`] / [`SET_JOURNALSTATUS`] | GET / PATCH / PATCH | [`JOURNALPOST`] |
//! | [`CREATE_DOKUMENTBESKRIVELSE`] / [`LIST_DOKUMENTBESKRIVELSER`] | POST / GET | [`JOURNALPOST_DOKUMENTBESKRIVELSER`] |
//! | [`GET_DOKUMENTBESKRIVELSE`] | GET | [`DOKUMENTBESKRIVELSE`] |
//! | [`CREATE_DOKUMENTOBJEKT`] / [`LIST_DOKUMENTOBJEKTER`] | POST / GET | [`DOKUMENTBESKRIVELSE_DOKUMENTOBJEKTER`] |
//! | [`GET_DOKUMENTOBJEKT`] | GET | [`DOKUMENTOBJEKT`] |
//! | [`UPLOAD_FIL`] / [`START_OPPLASTING`] / [`DOWNLOAD_FIL`] | POST / POST / GET | [`DOKUMENTOBJEKT_FIL`] |
//! | [`UPLOAD_DEL`] | PUT | the `Location` of [`START_OPPLASTING`] (by default [`OPPLASTING`]) |
//! | [`GET_KODELISTE`] | GET | [`KODELISTE`] |

// ---- Routes -------------------------------------------------------------------------------

/// Collection of saksmapper.
pub const SAKER: &str = "saker";
/// Collection of saksmapper filed in one arkivdel (a new sak with [`crate::Plassering::Arkivdel`]).
pub const ARKIVDEL_SAKER: &str = "arkivdeler/{systemID}/saker";
/// Collection of saksmapper filed in one klasse (a new sak with [`crate::Plassering::Klasse`]).
pub const KLASSE_SAKER: &str = "klasser/{systemID}/saker";
/// One saksmappe.
pub const SAK: &str = "saker/{systemID}";
/// The journalposter of a saksmappe.
pub const SAK_JOURNALPOSTER: &str = "saker/{systemID}/journalposter";
/// One journalpost.
pub const JOURNALPOST: &str = "journalposter/{systemID}";
/// The dokumentbeskrivelser of a journalpost.
pub const JOURNALPOST_DOKUMENTBESKRIVELSER: &str = "journalposter/{systemID}/dokumentbeskrivelser";
/// One dokumentbeskrivelse.
pub const DOKUMENTBESKRIVELSE: &str = "dokumentbeskrivelser/{systemID}";
/// The dokumentobjekter of a dokumentbeskrivelse.
pub const DOKUMENTBESKRIVELSE_DOKUMENTOBJEKTER: &str =
    "dokumentbeskrivelser/{systemID}/dokumentobjekter";
/// One dokumentobjekt.
pub const DOKUMENTOBJEKT: &str = "dokumentobjekter/{systemID}";
/// The file of a dokumentobjekt (Noark rel `arkivstruktur/fil/`, href `…/referanseFil`).
pub const DOKUMENTOBJEKT_FIL: &str = "dokumentobjekter/{systemID}/referanseFil";
/// A chunked upload session (the SDK follows the server's `Location`; this is the mock's).
pub const OPPLASTING: &str = "opplastinger/{id}";
/// A code list with its values (Noark `metadata/{kodeliste}`).
pub const KODELISTE: &str = "metadata/{kodeliste}";

/// Noark mode: every request goes to an href the archive gave (in traces as this template).
pub const NOARK_HREF: &str = "{href}";

// ---- Operation names (traces and errors) ---------------------------------------------------

/// Noark mode: read the root and the package entry points.
pub const NOARK_ENTRY: &str = "Arkiv.noarkEntry";
/// Noark mode: add a korrespondansepart to a journalpost.
pub const CREATE_KORRESPONDANSEPART: &str = "Arkiv.createKorrespondansepart";

/// Create a saksmappe.
pub const CREATE_SAK: &str = "Arkiv.createSak";
/// Get a saksmappe.
pub const GET_SAK: &str = "Arkiv.getSak";
/// Change a saksmappe (merge patch).
pub const UPDATE_SAK: &str = "Arkiv.updateSak";
/// Close a saksmappe (merge patch of `saksstatus` to `A`).
pub const CLOSE_SAK: &str = "Arkiv.closeSak";
/// List or search saksmapper.
pub const LIST_SAKER: &str = "Arkiv.listSaker";
/// Create a journalpost in a saksmappe.
pub const CREATE_JOURNALPOST: &str = "Arkiv.createJournalpost";
/// Get a journalpost.
pub const GET_JOURNALPOST: &str = "Arkiv.getJournalpost";
/// Change a journalpost (merge patch).
pub const UPDATE_JOURNALPOST: &str = "Arkiv.updateJournalpost";
/// Change a journalpost's `journalstatus`.
pub const SET_JOURNALSTATUS: &str = "Arkiv.setJournalstatus";
/// List the journalposter of a saksmappe.
pub const LIST_JOURNALPOSTER: &str = "Arkiv.listJournalposter";
/// Create a dokumentbeskrivelse (with its dokumentobjekter) on a journalpost.
pub const CREATE_DOKUMENTBESKRIVELSE: &str = "Arkiv.createDokumentbeskrivelse";
/// Get a dokumentbeskrivelse.
pub const GET_DOKUMENTBESKRIVELSE: &str = "Arkiv.getDokumentbeskrivelse";
/// List the dokumentbeskrivelser of a journalpost.
pub const LIST_DOKUMENTBESKRIVELSER: &str = "Arkiv.listDokumentbeskrivelser";
/// Create a dokumentobjekt on a dokumentbeskrivelse.
pub const CREATE_DOKUMENTOBJEKT: &str = "Arkiv.createDokumentobjekt";
/// Get a dokumentobjekt.
pub const GET_DOKUMENTOBJEKT: &str = "Arkiv.getDokumentobjekt";
/// List the dokumentobjekter of a dokumentbeskrivelse.
pub const LIST_DOKUMENTOBJEKTER: &str = "Arkiv.listDokumentobjekter";
/// Upload a whole file in one request.
pub const UPLOAD_FIL: &str = "Arkiv.uploadFil";
/// Start a chunked upload.
pub const START_OPPLASTING: &str = "Arkiv.startOpplasting";
/// Upload one chunk.
pub const UPLOAD_DEL: &str = "Arkiv.uploadDel";
/// Download a file.
pub const DOWNLOAD_FIL: &str = "Arkiv.downloadFil";
/// Get a code list.
pub const GET_KODELISTE: &str = "Arkiv.getKodeliste";

// ---- Media types and headers ---------------------------------------------------------------

/// The Noark 5 JSON media type (requests and responses).
pub const MEDIA_NOARK: &str = "application/vnd.noark5+json";
/// JSON merge patch (RFC 7396), for PATCH.
pub const MEDIA_MERGE_PATCH: &str = "application/merge-patch+json";
/// Starts a chunked upload: the file's media type.
pub const HEADER_UPLOAD_CONTENT_TYPE: &str = "X-Upload-Content-Type";
/// Starts a chunked upload: the file's total size in bytes.
pub const HEADER_UPLOAD_CONTENT_LENGTH: &str = "X-Upload-Content-Length";
/// A chunk's place in the file: `<first>-<last>/<total>` (no `bytes ` prefix, as in Noark).
pub const HEADER_CONTENT_RANGE: &str = "Content-Range";
/// Where the next chunk of an upload goes.
pub const HEADER_LOCATION: &str = "Location";
/// The file name of an upload (`attachment; filename*=UTF-8''…`).
pub const HEADER_CONTENT_DISPOSITION: &str = "Content-Disposition";

// ---- OData query parameters -----------------------------------------------------------------

/// OData filter.
pub const QUERY_FILTER: &str = "$filter";
/// OData: at most this many items in all.
pub const QUERY_TOP: &str = "$top";
/// OData: skip this many items.
pub const QUERY_SKIP: &str = "$skip";
/// OData: sort order.
pub const QUERY_ORDERBY: &str = "$orderby";

// ---- HelseID ---------------------------------------------------------------------------------

/// The HelseID scope the client asks for by default. **Assumption**: Helsedirektoratet issues the
/// real scope with the API access; override it per client with a [`HelseIdCredential`](::hint_core::HelseIdCredential)
/// of your own if it differs.
pub const DEFAULT_SCOPE: &str = "nhn:hint/arkiv";
