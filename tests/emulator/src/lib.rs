//! The local AWS emulator for tests: moto's server (DynamoDB, DynamoDB Streams, S3), run by
//! `infra/local/emulator.py` on a free loopback port.
//!
//! moto comes from a Python venv: `REGLAMENT_VENV` if set, otherwise `.venv` at the top of the
//! workspace, created and filled with `moto[server]==5.2.5` on first use. The server is one per
//! test process ([`Emulator::shared`]); it stops when the process ends, because it stops when its
//! standard input closes.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};

use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;

/// The moto release the tests run against.
pub const MOTO: &str = "moto[server]==5.2.5";

/// Why the emulator could not be started.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    #[error("{doing}: {source}")]
    Io {
        doing: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Failed(String),
}

/// A running emulator.
pub struct Emulator {
    endpoint: String,
    /// Held open: the server stops when it closes.
    _stdin: Mutex<ChildStdin>,
    _child: Mutex<Child>,
}

impl Emulator {
    /// The emulator of this test process, started on first use.
    pub fn shared() -> &'static Emulator {
        static SHARED: OnceLock<Emulator> = OnceLock::new();
        SHARED.get_or_init(|| match Emulator::start() {
            Ok(emulator) => emulator,
            Err(e) => panic!("start the AWS emulator: {e}"),
        })
    }

    /// Starts a new emulator on a free loopback port.
    pub fn start() -> Result<Emulator, EmulatorError> {
        let python = python()?;
        let script = workspace().join("infra/local/emulator.py");
        let mut child = Command::new(&python)
            .arg(&script)
            .args(["--host", "127.0.0.1", "--port", "0", "--until-stdin-closes"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|source| EmulatorError::Io {
                doing: format!("run {} {}", python.display(), script.display()),
                source,
            })?;
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|source| EmulatorError::Io {
                doing: "read the emulator's address".into(),
                source,
            })?;
        let Some(endpoint) = line.trim().strip_prefix("listening on ") else {
            let _ = child.kill();
            return Err(EmulatorError::Failed(format!(
                "the emulator did not start (it said {line:?}); run {} {} to see why",
                python.display(),
                script.display()
            )));
        };
        let stdin = child.stdin.take().expect("piped stdin");
        Ok(Emulator {
            endpoint: endpoint.to_owned(),
            _stdin: Mutex::new(stdin),
            _child: Mutex::new(child),
        })
    }

    /// The emulator's URL, e.g. `http://127.0.0.1:41234`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// An AWS configuration that talks to the emulator, with test credentials.
    pub fn sdk_config(&self) -> aws_config::SdkConfig {
        aws_config::SdkConfig::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .endpoint_url(&self.endpoint)
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                "testing", "testing", None, None, "emulator",
            )))
            .build()
    }

    /// The environment a process needs to talk to the emulator.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ENDPOINT_URL", self.endpoint.clone()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_ACCESS_KEY_ID", "testing".into()),
            ("AWS_SECRET_ACCESS_KEY", "testing".into()),
        ]
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Ok(child) = self._child.get_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The top of the workspace.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the emulator crate is two levels below the workspace")
        .to_path_buf()
}

/// The venv's Python with moto installed, installing it on first use.
pub fn python() -> Result<PathBuf, EmulatorError> {
    static INSTALL: Mutex<()> = Mutex::new(());
    let _once = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let venv = std::env::var_os("REGLAMENT_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join(".venv"));
    let python = venv.join("bin/python");
    let installed = python.exists()
        && Command::new(&python)
            .args([
                "-c",
                "import moto, sys; sys.exit(moto.__version__ != '5.2.5')",
            ])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if installed {
        return Ok(python);
    }
    if !python.exists() {
        run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    }
    run(Command::new(&python).args(["-m", "pip", "install", "--quiet", MOTO]))?;
    Ok(python)
}

fn run(command: &mut Command) -> Result<(), EmulatorError> {
    let shown = format!("{command:?}");
    let status = command.status().map_err(|source| EmulatorError::Io {
        doing: shown.clone(),
        source,
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(EmulatorError::Failed(format!("{shown} failed: {status}")))
    }
}
