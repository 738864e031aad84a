//! Every route, operation name, header and media type of the HINT Arkiv contract, in one place.
//!
//! Helsedirektoratet's API document for HINT Arkiv (`API–HINT-ARKIV.pdf`) is not public. This
//! contract is modelled from the **Noark 5 tjenestegrensesnitt v1.1** (Arkivverket, 2023): field
//! names, code lists, occurrences, file transfer, ETag and errors; with the **Microsoft REST API
//! guidelines** HINT says it follows for the shape of the routes (plural resource collections,
//! PATCH as JSON merge patch, `If-Match`). If the real service differs, this file (and the serde
//! names in the model modules) is the only place to change.
//!
//! Each route is a [`Route`]: the operation name traces and errors show, the method, and the path
//! template under the base URL; [`ALL`] is the table the mock serves. Two operations share a
//! route where the service has one path for both ([`UPDATE_SAK`] and [`CLOSE_SAK`],
//! [`UPLOAD_FIL`] and [`START_OPPLASTING`]); [`UPLOAD_DEL`] goes to the `Location` the archive
//! gives. In Noark mode ([`crate::Protocol::Noark`]) the same operations go to hrefs the archive
//! gives ([`NOARK_HREF`]), under the same operation names.

use hint_core::Route;

// ---- Routes ---------------------------------------------------------------------------------

/// Create a saksmappe: `POST saker` (the archive decides where it is filed).
pub const CREATE_SAK: Route = Route::post("Arkiv.createSak", "saker");
/// Create a saksmappe filed in an arkivdel (a new sak with [`crate::Plassering::Arkivdel`]).
pub const CREATE_SAK_I_ARKIVDEL: Route =
    Route::post("Arkiv.createSak", "arkivdeler/{systemID}/saker");
/// Create a saksmappe filed in a klasse (a new sak with [`crate::Plassering::Klasse`]).
pub const CREATE_SAK_I_KLASSE: Route = Route::post("Arkiv.createSak", "klasser/{systemID}/saker");
/// List or search saksmapper: `GET saker?$filter=&$top=&$skip=&$orderby=`.
pub const LIST_SAKER: Route = Route::get("Arkiv.listSaker", "saker");
/// Get a saksmappe.
pub const GET_SAK: Route = Route::get("Arkiv.getSak", "saker/{systemID}");
/// Change a saksmappe (merge patch).
pub const UPDATE_SAK: Route = Route::patch("Arkiv.updateSak", "saker/{systemID}");
/// Close a saksmappe (merge patch of `saksstatus` to `A`; the same route as [`UPDATE_SAK`]).
pub const CLOSE_SAK: Route = UPDATE_SAK.named("Arkiv.closeSak");
/// Create a journalpost in a saksmappe.
pub const CREATE_JOURNALPOST: Route =
    Route::post("Arkiv.createJournalpost", "saker/{systemID}/journalposter");
/// List the journalposter of a saksmappe.
pub const LIST_JOURNALPOSTER: Route =
    Route::get("Arkiv.listJournalposter", "saker/{systemID}/journalposter");
/// Get a journalpost.
pub const GET_JOURNALPOST: Route = Route::get("Arkiv.getJournalpost", "journalposter/{systemID}");
/// Change a journalpost (merge patch).
pub const UPDATE_JOURNALPOST: Route =
    Route::patch("Arkiv.updateJournalpost", "journalposter/{systemID}");
/// Change a journalpost's `journalstatus` (the same route as [`UPDATE_JOURNALPOST`]).
pub const SET_JOURNALSTATUS: Route = UPDATE_JOURNALPOST.named("Arkiv.setJournalstatus");
/// Create a dokumentbeskrivelse (with its dokumentobjekter) on a journalpost.
pub const CREATE_DOKUMENTBESKRIVELSE: Route = Route::post(
    "Arkiv.createDokumentbeskrivelse",
    "journalposter/{systemID}/dokumentbeskrivelser",
);
/// List the dokumentbeskrivelser of a journalpost.
pub const LIST_DOKUMENTBESKRIVELSER: Route = Route::get(
    "Arkiv.listDokumentbeskrivelser",
    "journalposter/{systemID}/dokumentbeskrivelser",
);
/// Get a dokumentbeskrivelse.
pub const GET_DOKUMENTBESKRIVELSE: Route = Route::get(
    "Arkiv.getDokumentbeskrivelse",
    "dokumentbeskrivelser/{systemID}",
);
/// Create a dokumentobjekt on a dokumentbeskrivelse.
pub const CREATE_DOKUMENTOBJEKT: Route = Route::post(
    "Arkiv.createDokumentobjekt",
    "dokumentbeskrivelser/{systemID}/dokumentobjekter",
);
/// List the dokumentobjekter of a dokumentbeskrivelse.
pub const LIST_DOKUMENTOBJEKTER: Route = Route::get(
    "Arkiv.listDokumentobjekter",
    "dokumentbeskrivelser/{systemID}/dokumentobjekter",
);
/// Get a dokumentobjekt.
pub const GET_DOKUMENTOBJEKT: Route =
    Route::get("Arkiv.getDokumentobjekt", "dokumentobjekter/{systemID}");
/// Upload a whole file in one request (Noark rel `arkivstruktur/fil/`, href `…/referanseFil`).
pub const UPLOAD_FIL: Route = Route::post(
    "Arkiv.uploadFil",
    "dokumentobjekter/{systemID}/referanseFil",
);
/// Start a chunked upload (the same route as [`UPLOAD_FIL`], with the upload headers).
pub const START_OPPLASTING: Route = UPLOAD_FIL.named("Arkiv.startOpplasting");
/// Upload one chunk. The SDK follows the server's `Location`; this is where the mock sends it.
pub const UPLOAD_DEL: Route = Route::put("Arkiv.uploadDel", "opplastinger/{id}");
/// Download a file.
pub const DOWNLOAD_FIL: Route = Route::get(
    "Arkiv.downloadFil",
    "dokumentobjekter/{systemID}/referanseFil",
);
/// Get a code list with its values (Noark `metadata/{kodeliste}`).
pub const GET_KODELISTE: Route = Route::get("Arkiv.getKodeliste", "metadata/{kodeliste}");

/// Every route of HINT Arkiv's contract (the mock serves exactly these, and its Noark face).
pub const ALL: &[Route] = &[
    CREATE_SAK,
    CREATE_SAK_I_ARKIVDEL,
    CREATE_SAK_I_KLASSE,
    LIST_SAKER,
    GET_SAK,
    UPDATE_SAK,
    CLOSE_SAK,
    CREATE_JOURNALPOST,
    LIST_JOURNALPOSTER,
    GET_JOURNALPOST,
    UPDATE_JOURNALPOST,
    SET_JOURNALSTATUS,
    CREATE_DOKUMENTBESKRIVELSE,
    LIST_DOKUMENTBESKRIVELSER,
    GET_DOKUMENTBESKRIVELSE,
    CREATE_DOKUMENTOBJEKT,
    LIST_DOKUMENTOBJEKTER,
    GET_DOKUMENTOBJEKT,
    UPLOAD_FIL,
    START_OPPLASTING,
    UPLOAD_DEL,
    DOWNLOAD_FIL,
    GET_KODELISTE,
];

/// Noark mode: every request goes to an href the archive gave, shown in traces as this template
/// (with the operation's own name).
pub const NOARK_HREF: &str = "{href}";

/// Noark mode: the calls that have no HINT route. Every other call keeps its HINT route's name
/// and goes to an href the archive gave ([`NOARK_HREF`]).
pub const NOARK: &[Route] = &[NOARK_ENTRY, CREATE_KORRESPONDANSEPART];
/// Noark mode: read the root and the package entry points.
pub const NOARK_ENTRY: Route = Route::get("Arkiv.noarkEntry", NOARK_HREF);
/// Noark mode: add a korrespondansepart to a journalpost.
pub const CREATE_KORRESPONDANSEPART: Route =
    Route::post("Arkiv.createKorrespondansepart", NOARK_HREF);

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

// ---- OData query parameters and preferences ----------------------------------------------------

/// OData query parameters (Noark 5 lists).
pub mod query {
    /// OData filter.
    pub const FILTER: &str = "$filter";
    /// OData: at most this many items in all.
    pub const TOP: &str = "$top";
    /// OData: skip this many items.
    pub const SKIP: &str = "$skip";
    /// OData: sort order.
    pub const ORDERBY: &str = "$orderby";
}

/// The request header a list's page size is asked for in (OData 4.0 `Prefer`).
pub const HEADER_PREFER: &str = "Prefer";
/// The `Prefer` value that asks for at most this many items per page (followed by the number).
pub const PREFER_MAX_PAGE_SIZE: &str = "odata.maxpagesize=";

// ---- HelseID ---------------------------------------------------------------------------------

/// The HelseID scope the client asks for by default. **Assumption**: Helsedirektoratet issues the
/// real scope with the API access; override it per client with a [`HelseIdCredential`](::hint_core::HelseIdCredential)
/// of your own if it differs.
pub const DEFAULT_SCOPE: &str = "nhn:hint/arkiv";
