//! `hint-mock`: the mock HelseID and the five HINT service mocks (Arkiv, Økonomi, Budsjett, hAPI,
//! Verktøy) as one standalone server on one port, with a JSON control API, for tests written in
//! any language. See `README.md`.
//!
//! Each service is the crate's own `mock` (`MockArkiv`, `MockOkonomi`, …) started in-process on
//! a loopback port and told the public URL it is reached at; one router on the public port
//! forwards by path prefix. They all trust one `MockHelseId`, whose issuer is the public
//! `/helseid` URL, so assertions, DPoP `htu` and token issuers agree with what the client uses.

mod app;
mod args;
mod control;
mod http;
mod router;
mod services;

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use tokio::net::TcpListener;
use url::Url;

use app::{App, CLIENT_ID, ClientKeys};
use args::{Args, Command};
use services::{API_KEY, Name};

fn main() -> ExitCode {
    let started = Instant::now();
    let args = match args::parse(std::env::args().skip(1)) {
        Ok(Command::Run(args)) => args,
        Ok(Command::Help) => {
            say(args::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("hint-mock: {message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("hint-mock: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(Box::pin(run(args, started))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("hint-mock: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args, started: Instant) -> Result<(), String> {
    let listener = TcpListener::bind(SocketAddr::new(args.bind, args.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", args.bind, args.port))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("the listening address: {e}"))?;
    let public = public_url(&args, local)?;
    let client_file = std::env::temp_dir()
        .join(format!("hint-mock-{}", std::process::id()))
        .join("client.json");
    let app = Arc::new(App::start(public.clone(), args.jwks.as_deref(), &client_file).await?);
    print_endpoints(&app, local);
    say(&format!(
        "ready: {} (started in {} ms)",
        public.as_str().trim_end_matches('/'),
        started.elapsed().as_millis()
    ));
    router::serve(listener, app).await;
    Ok(())
}

/// `--public-url`, or what the listening address gives: a wildcard address (`0.0.0.0`, `::`)
/// is reached on loopback from this machine.
fn public_url(args: &Args, local: SocketAddr) -> Result<Url, String> {
    let mut url = match &args.public_url {
        Some(url) => url.clone(),
        None => {
            let host = match local.ip() {
                ip if ip.is_unspecified() => "127.0.0.1".to_owned(),
                std::net::IpAddr::V6(ip) => format!("[{ip}]"),
                ip => ip.to_string(),
            };
            Url::parse(&format!("http://{host}:{}/", local.port()))
                .map_err(|e| format!("the public URL: {e}"))?
        }
    };
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

fn print_endpoints(app: &App, local: SocketAddr) {
    let services = app.services();
    let mut lines = vec![
        format!(
            "hint-mock {} listening on {local}",
            env!("CARGO_PKG_VERSION")
        ),
        format!("HelseID issuer:      {}", app.helseid.issuer()),
        format!("  token endpoint:    {}", app.helseid.token_endpoint()),
    ];
    for name in Name::ALL {
        let scopes = name.scopes();
        let auth = if scopes.is_empty() {
            "API key".to_owned()
        } else if name == Name::Verktoy {
            format!("HelseID token, scopes {}", scopes.join(" "))
        } else {
            format!("API key + HelseID DPoP token, scope {}", scopes.join(" "))
        };
        lines.push(format!(
            "{:<21}{}  ({auth})",
            format!("{} base URL:", name.as_str()),
            services.base_url(name)
        ));
    }
    lines.push(format!(
        "API key:             {API_KEY}  (header {})",
        hint_core::DEFAULT_API_KEY_HEADER
    ));
    lines.push(match &app.client {
        ClientKeys::Written(path) => format!(
            "test client:         {CLIENT_ID}, private JWK in {}",
            path.display()
        ),
        ClientKeys::Jwks(path) => format!(
            "test client:         {CLIENT_ID}, your keys from {}",
            path.display()
        ),
    });
    lines.push(format!("control API:         {}_control/", app.public));
    say(&lines.join("\n"));
}

/// Prints to stdout: the endpoints and the ready line are this program's interface.
#[allow(clippy::print_stdout)]
fn say(text: &str) {
    println!("{text}");
}
