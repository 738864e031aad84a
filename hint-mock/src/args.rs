//! The command line, parsed by hand: four flags do not need an argument-parsing crate.

use std::net::IpAddr;
use std::path::PathBuf;

use url::Url;

/// The port when `--port` is not given.
pub const DEFAULT_PORT: u16 = 8410;

/// What `--help` prints.
pub const USAGE: &str = "\
hint-mock: the mock HelseID and the HINT service mocks on one port, for tests in any language

USAGE:
    hint-mock [--bind <address>] [--port <port>] [--jwks <file>] [--public-url <url>]

OPTIONS:
    --bind <address>    the address to listen on (default 127.0.0.1; 0.0.0.0 in a container)
    --port <port>       the port to listen on (default 8410; 0 picks a free one)
    --jwks <file>       register the public keys in this JWKS for the test client instead of
                        writing a new private key
    --public-url <url>  the origin clients reach the server at, when it differs from the
                        address it listens on (a container's published port): issuer, base
                        URLs and DPoP htu checks use it
    -h, --help          this text";

/// The parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    /// `--bind`.
    pub bind: IpAddr,
    /// `--port`.
    pub port: u16,
    /// `--jwks`.
    pub jwks: Option<PathBuf>,
    /// `--public-url`.
    pub public_url: Option<Url>,
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Run the server.
    Run(Args),
    /// Print [`USAGE`].
    Help,
}

/// Parses the arguments after the program name. Flags take their value as the next argument or
/// after `=` (`--port 8410`, `--port=8410`). The error names the flag and what is wrong.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut out = Args {
        bind: IpAddr::from([127, 0, 0, 1]),
        port: DEFAULT_PORT,
        jwks: None,
        public_url: None,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        if flag == "-h" || flag == "--help" {
            return Ok(Command::Help);
        }
        if !matches!(
            flag.as_str(),
            "--bind" | "--port" | "--jwks" | "--public-url"
        ) {
            return Err(format!("unknown argument `{arg}` (see --help)"));
        }
        let value = match inline.or_else(|| args.next()) {
            Some(v) if !v.is_empty() => v,
            _ => return Err(format!("{flag} needs a value (see --help)")),
        };
        match flag.as_str() {
            "--bind" => {
                out.bind = value
                    .parse()
                    .map_err(|_| format!("--bind: `{value}` is not an IP address"))?;
            }
            "--port" => {
                out.port = value
                    .parse()
                    .map_err(|_| format!("--port: `{value}` is not a port number (0 to 65535)"))?;
            }
            "--jwks" => out.jwks = Some(PathBuf::from(value)),
            _ => {
                let url = Url::parse(&value)
                    .map_err(|e| format!("--public-url: `{value}` is not a URL ({e})"))?;
                // An origin only: the services' own paths (`/verktoy/v1/`, …) start at its root.
                if !matches!(url.scheme(), "http" | "https")
                    || url.path() != "/"
                    || url.query().is_some()
                    || url.fragment().is_some()
                {
                    return Err(format!(
                        "--public-url: `{value}` must be an http(s) origin such as http://localhost:8410 (no path, query or fragment)"
                    ));
                }
                out.public_url = Some(url);
            }
        }
    }
    Ok(Command::Run(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Args, String> {
        match parse(args.iter().map(|s| s.to_string()))? {
            Command::Run(a) => Ok(a),
            Command::Help => Err("help".into()),
        }
    }

    #[test]
    fn defaults_are_loopback_and_the_default_port() {
        let a = run(&[]).unwrap();
        assert_eq!(a.bind.to_string(), "127.0.0.1");
        assert_eq!(a.port, DEFAULT_PORT);
        assert_eq!(a.jwks, None);
    }

    #[test]
    fn flags_take_a_separate_or_inline_value() {
        let a = run(&["--bind", "0.0.0.0", "--port=0", "--jwks", "keys.json"]).unwrap();
        assert_eq!(a.bind.to_string(), "0.0.0.0");
        assert_eq!(a.port, 0);
        assert_eq!(a.jwks, Some(PathBuf::from("keys.json")));
        let a = run(&["--public-url", "http://mock:8410/"]).unwrap();
        assert_eq!(a.public_url.unwrap().as_str(), "http://mock:8410/");
    }

    #[test]
    fn errors_name_the_flag() {
        assert!(run(&["--port", "http"]).unwrap_err().starts_with("--port:"));
        assert!(
            run(&["--port", "70000"])
                .unwrap_err()
                .starts_with("--port:")
        );
        assert!(
            run(&["--bind", "localhost"])
                .unwrap_err()
                .starts_with("--bind:")
        );
        assert!(
            run(&["--port"])
                .unwrap_err()
                .starts_with("--port needs a value")
        );
        assert!(
            run(&["--jwks="])
                .unwrap_err()
                .starts_with("--jwks needs a value")
        );
        assert!(
            run(&["--verbose"])
                .unwrap_err()
                .contains("unknown argument `--verbose`")
        );
        assert!(
            run(&["--public-url", "ftp://x/"])
                .unwrap_err()
                .starts_with("--public-url:")
        );
        assert_eq!(parse(["-h".to_string()]), Ok(Command::Help));
    }
}
