//! The mock's file store: whole and chunked uploads, downloads.

use serde_json::{Value, json};

use super::state::{
    Answer, Body, Req, Res, State, StoredFile, exists, kode_value, new_id, not_found,
};
use crate::dokument::sha256_hex;

#[derive(Debug)]
pub(crate) struct Session {
    /// Started through the Noark routes: the last chunk answers with links.
    noark: bool,
    objekt: String,
    total: u64,
    mime: String,
    filnavn: Option<String>,
    data: Vec<u8>,
}

impl State {
    pub(crate) fn upload(&mut self, id: &str, req: &Req<'_>, noark: bool) -> Res<Answer> {
        exists(&self.dokumentobjekter, id)?;
        if self.files.contains_key(id) {
            return Err(Answer::feil(
                409,
                "the dokumentobjekt already has a file; a file is never overwritten (delete the dokumentobjekt and upload anew)",
            ));
        }
        let filnavn =
            (req.header)("content-disposition").and_then(|d| filename_from_disposition(&d));
        if let Some(total) = (req.header)("x-upload-content-length") {
            let total: u64 = total
                .trim()
                .parse()
                .map_err(|_| Answer::feil(400, "X-Upload-Content-Length must be a number"))?;
            let mime = (req.header)("x-upload-content-type")
                .ok_or_else(|| Answer::feil(400, "X-Upload-Content-Type is required"))?;
            let sid = new_id();
            self.sessions.insert(
                sid.clone(),
                Session {
                    noark,
                    objekt: id.to_owned(),
                    total,
                    mime,
                    filnavn,
                    data: Vec::new(),
                },
            );
            return Ok(Answer {
                status: 200,
                body: Body::None,
                headers: vec![("location".into(), format!("opplastinger/{sid}"))],
            });
        }
        let mime =
            (req.header)("content-type").unwrap_or_else(|| "application/octet-stream".to_owned());
        self.store_file(id, req.body.to_vec(), mime, filnavn)
    }

    pub(crate) fn upload_chunk(&mut self, sid: &str, req: &Req<'_>) -> Res<Answer> {
        let range = (req.header)("content-range")
            .ok_or_else(|| Answer::feil(400, "Content-Range is required"))?;
        let (lo, hi, total) = parse_content_range(&range)
            .ok_or_else(|| Answer::feil(400, "Content-Range must be <first>-<last>/<total>"))?;
        let session = self.sessions.get_mut(sid).ok_or_else(not_found)?;
        if total != session.total || hi < lo || hi - lo + 1 != req.body.len() as u64 {
            return Err(Answer::feil(
                400,
                "Content-Range does not match the session or the body",
            ));
        }
        let have = session.data.len() as u64;
        if lo == have {
            session.data.extend_from_slice(req.body);
        } else if hi >= have {
            return Err(Answer::feil(
                400,
                format!("expected the chunk starting at {have}"),
            ));
        }
        // A chunk we already have (a retry) is acknowledged again.
        if session.data.len() as u64 == session.total {
            let Some(session) = self.sessions.remove(sid) else {
                return Err(not_found());
            };
            let answer =
                self.store_file(&session.objekt, session.data, session.mime, session.filnavn)?;
            return Ok(if session.noark {
                self.n_answer(answer, State::n_objekt)
            } else {
                answer
            });
        }
        let have = session.data.len() as u64;
        Ok(Answer {
            status: 200,
            body: Body::None,
            headers: vec![
                ("range".into(), format!("0-{}", have.saturating_sub(1))),
                ("location".into(), format!("opplastinger/{sid}")),
            ],
        })
    }

    pub(crate) fn store_file(
        &mut self,
        id: &str,
        bytes: Vec<u8>,
        mime: String,
        filnavn: Option<String>,
    ) -> Res<Answer> {
        let entity = self
            .dokumentobjekter
            .items
            .get_mut(id)
            .ok_or_else(not_found)?;
        let mime = mime.split(';').next().unwrap_or_default().trim().to_owned();
        if let Some(declared) = entity.value.get("mimeType").and_then(Value::as_str)
            && !declared.eq_ignore_ascii_case(&mime)
        {
            return Err(Answer::feil(
                400,
                format!("Content-Type {mime} does not match the declared mimeType {declared}"),
            ));
        }
        let sjekksum = sha256_hex(&bytes);
        entity.value["sjekksum"] = json!(sjekksum);
        entity.value["sjekksumAlgoritme"] = json!("SHA-256");
        entity.value["filstoerrelse"] = json!(bytes.len());
        entity.value["mimeType"] = json!(mime);
        entity.value["format"] = if mime == "application/pdf" {
            json!({"kode": "fmt/276", "kodenavn": "PDF 1.7"})
        } else {
            kode_value(&crate::kode::Format::Ukjent)
        };
        entity.value["referanseDokumentfil"] = json!(format!("dokumentobjekter/{id}/referanseFil"));
        if entity.value.get("filnavn").is_none()
            && let Some(name) = filnavn
        {
            entity.value["filnavn"] = json!(name);
        }
        entity.version += 1;
        let answer = Answer::json(201, entity.value.clone()).etag(entity.version);
        self.files.insert(id.to_owned(), StoredFile { bytes, mime });
        Ok(answer)
    }
}

fn parse_content_range(v: &str) -> Option<(u64, u64, u64)> {
    let v = v.trim().trim_start_matches("bytes").trim();
    let (range, total) = v.split_once('/')?;
    let (lo, hi) = range.split_once('-')?;
    Some((
        lo.trim().parse().ok()?,
        hi.trim().parse().ok()?,
        total.trim().parse().ok()?,
    ))
}

fn filename_from_disposition(d: &str) -> Option<String> {
    for part in d.split(';') {
        let part = part.trim();
        if let Some(v) = part.strip_prefix("filename*=UTF-8''") {
            let bytes = v.as_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'%' && i + 2 < bytes.len() {
                    let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
                    out.push(u8::from_str_radix(hex, 16).ok()?);
                    i += 3;
                } else {
                    out.push(bytes[i]);
                    i += 1;
                }
            }
            return String::from_utf8(out).ok();
        }
    }
    d.split(';').find_map(|p| {
        p.trim()
            .strip_prefix("filename=")
            .map(|v| v.trim_matches('"').to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_range_and_disposition() {
        assert_eq!(parse_content_range("0-99/1000"), Some((0, 99, 1000)));
        assert_eq!(
            parse_content_range("bytes 100-199/1000"),
            Some((100, 199, 1000))
        );
        assert_eq!(
            filename_from_disposition(
                "attachment; filename=\"s_knad.pdf\"; filename*=UTF-8''s%C3%B8knad.pdf"
            )
            .as_deref(),
            Some("søknad.pdf")
        );
    }
}
