//! Streaming (child process): one large document uploaded and downloaded through hint-arkiv and
//! through hand-written streaming reqwest. Both sides do the same work: read the file in 64 KiB
//! pieces and hash it with SHA-256 while sending, compare with the server's `sjekksum`; download
//! the body, hash it and write it into `tokio::io::sink()` (so disk speed does not blur the
//! comparison), compare with the metadata's `sjekksum`. Peak memory is the whole process's
//! `VmHWM`, reset before each phase.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_lc_rs::digest;
use hint_arkiv::{ArkivClient, SystemId, Upload};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::server::{BLOCK, block, hex};
use crate::{BoxError, Row, Settings, Verdict, median, mem};

/// The target for the SDK's peak memory.
const PEAK_TARGET_MIB: f64 = 64.0;

/// Row 6.
pub fn run(settings: &Settings, port: u16) -> Result<Vec<Row>, BoxError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?
        .block_on(measure(settings, port))
}

/// Seconds and peak MiB of each run of a phase.
#[derive(Default)]
struct Phase {
    seconds: Vec<f64>,
    peaks: Vec<Option<f64>>,
}

impl Phase {
    async fn time<F: Future<Output = Result<(), BoxError>>>(
        &mut self,
        f: F,
    ) -> Result<(), BoxError> {
        let reset = mem::reset_peak();
        let started = Instant::now();
        f.await?;
        self.seconds.push(started.elapsed().as_secs_f64());
        self.peaks.push(mem::peak_mib().filter(|_| reset));
        Ok(())
    }

    fn rate(&self, mib: usize) -> f64 {
        mib as f64 / median(self.seconds.clone())
    }

    /// The highest peak of all runs.
    fn peak(&self) -> Option<f64> {
        self.peaks
            .iter()
            .copied()
            .collect::<Option<Vec<f64>>>()
            .map(|v| v.into_iter().fold(0.0, f64::max))
    }
}

fn rows_for(
    what: &str,
    mib: usize,
    rounds: usize,
    sdk: &Phase,
    raw: &Phase,
    label: &str,
) -> [Row; 2] {
    let size = if mib.is_multiple_of(1024) {
        format!("{} GiB", mib / 1024)
    } else {
        format!("{mib} MiB")
    };
    let (s, r) = (sdk.rate(mib), raw.rate(mib));
    // Throughput ratio: the median of each round's ratio (the two ran back to back, so a change in
    // the machine's load between rounds cancels out).
    let paired = crate::paired_ratio(&raw.seconds, &sdk.seconds);
    let peak = match (sdk.peak(), raw.peak()) {
        (Some(s), Some(r)) => Row {
            name: format!("stream {size} {what}: client process peak RSS (max of {rounds})"),
            sdk: format!("{s:.1} MiB"),
            baseline: format!("{r:.1} MiB (reqwest)"),
            ratio: Some(s / r),
            target: format!("SDK ≤ {PEAK_TARGET_MIB:.0} MiB"),
            verdict: Verdict::of(s <= PEAK_TARGET_MIB),
        },
        _ => Row {
            name: format!("stream {size} {what}: client process peak RSS"),
            sdk: "n/a".into(),
            baseline: "n/a".into(),
            ratio: None,
            target: format!("SDK ≤ {PEAK_TARGET_MIB:.0} MiB"),
            verdict: Verdict::NotAvailable,
        },
    };
    [
        Row {
            name: format!("stream {size} {what}{label}: throughput (median of {rounds} rounds)"),
            sdk: format!("{s:.0} MiB/s"),
            baseline: format!("{r:.0} MiB/s (reqwest)"),
            ratio: Some(paired),
            target: "≥ 0.8".into(),
            verdict: Verdict::of(paired >= 0.8),
        },
        peak,
    ]
}

async fn measure(settings: &Settings, port: u16) -> Result<Vec<Row>, BoxError> {
    let mib = settings.stream_mib;
    let base = hint_core::Url::parse(&format!("http://127.0.0.1:{port}/"))?;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("stort-dokument.bin");
    {
        let block = block();
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
        for _ in 0..mib {
            file.write_all(&block)?;
        }
        file.flush()?;
    }
    // The loopback server checks no credentials; the builder still wants what HINT demands.
    let sdk = ArkivClient::builder()
        .base_url(base.clone())
        .api_key("bench-key")
        .bearer_token("bench-token")
        .request_timeout(Duration::from_secs(600))
        .build()?;
    let raw = reqwest::Client::new();
    let id = SystemId::new("bench");
    let upload = Upload::new("application/octet-stream");
    let label = if (mib * BLOCK) as u64 > upload.single_request_limit {
        format!(
            " (SDK default: {} MiB chunks; reqwest: 1 request)",
            upload.chunk_size / (1024 * 1024)
        )
    } else {
        " (1 request each)".to_owned()
    };
    let rounds = settings.pick(7, 3);
    let (mut up_sdk, mut up_raw, mut down_sdk, mut down_raw): (Phase, Phase, Phase, Phase) =
        Default::default();
    for round in 0..rounds {
        crate::progress(format!("stream: round {} of {rounds}", round + 1));
        let sdk_first = round % 2 == 0;
        for side in [sdk_first, !sdk_first] {
            if side {
                Phase::time(&mut up_sdk, async {
                    sdk.upload_file(&id, &path, &upload).await?;
                    Ok(())
                })
                .await?;
            } else {
                Phase::time(&mut up_raw, raw_upload(&raw, &base, &path)).await?;
            }
        }
        for side in [sdk_first, !sdk_first] {
            if side {
                Phase::time(&mut down_sdk, async {
                    let mut sink = tokio::io::sink();
                    let got = sdk.download_to_writer(&id, &mut sink).await?;
                    if got.bytes != (mib * BLOCK) as u64 {
                        return Err(format!("the SDK downloaded {} bytes", got.bytes).into());
                    }
                    Ok(())
                })
                .await?;
            } else {
                Phase::time(&mut down_raw, raw_download(&raw, &base)).await?;
            }
        }
    }
    let mut rows = Vec::new();
    rows.extend(rows_for("upload", mib, rounds, &up_sdk, &up_raw, &label));
    rows.extend(rows_for("download", mib, rounds, &down_sdk, &down_raw, ""));
    Ok(rows)
}

async fn raw_upload(
    client: &reqwest::Client,
    base: &hint_core::Url,
    path: &std::path::Path,
) -> Result<(), BoxError> {
    let len = tokio::fs::metadata(path).await?.len();
    let file = tokio::fs::File::open(path).await?;
    let hash = Arc::new(Mutex::new(digest::Context::new(&digest::SHA256)));
    let h = hash.clone();
    let stream = futures_util::stream::unfold(file, move |mut file| {
        let h = h.clone();
        async move {
            let mut buf = bytes::BytesMut::with_capacity(64 * 1024);
            match file.read_buf(&mut buf).await {
                Ok(0) => None,
                Ok(_) => {
                    h.lock().unwrap_or_else(|e| e.into_inner()).update(&buf);
                    Some((Ok::<_, std::io::Error>(buf.freeze()), file))
                }
                Err(e) => Some((Err(e), file)),
            }
        }
    });
    let response = client
        .post(base.join("dokumentobjekter/bench/referanseFil")?)
        .header("content-type", "application/octet-stream")
        .header("content-length", len)
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await?
        .error_for_status()?;
    let json: serde_json::Value = response.json().await?;
    let ours = hex(hash
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .finish()
        .as_ref());
    if json["sjekksum"].as_str() != Some(ours.as_str()) {
        return Err("raw upload: checksum mismatch".into());
    }
    Ok(())
}

async fn raw_download(client: &reqwest::Client, base: &hint_core::Url) -> Result<(), BoxError> {
    let meta: serde_json::Value = client
        .get(base.join("dokumentobjekter/bench")?)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let mut response = client
        .get(base.join("dokumentobjekter/bench/referanseFil")?)
        .send()
        .await?
        .error_for_status()?;
    let mut ctx = digest::Context::new(&digest::SHA256);
    let mut sink = tokio::io::sink();
    while let Some(chunk) = response.chunk().await? {
        ctx.update(&chunk);
        sink.write_all(&chunk).await?;
    }
    if meta["sjekksum"].as_str() != Some(hex(ctx.finish().as_ref()).as_str()) {
        return Err("raw download: checksum mismatch".into());
    }
    Ok(())
}
