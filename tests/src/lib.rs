//! The scenario harness: an embedded reglament on a temporary data directory with a clock the
//! test moves, a development CA the system trusts, and helpers that speak to the API exactly as
//! a client would (the axum router called in-process). The bundled components are compiled once
//! per test binary, into a template data directory each harness copies.

pub mod lambda_service;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use reglament::embedded::{Options, System};
use reglament_core::account::{self, Account, Role};
use reglament_core::clock::ManualClock;
use reglament_core::identity::TaxpayerId;
use reglament_core::population::{self, RegistryEntry};
use reglament_core::runner::{RunnerOptions, StepTimings};
use reglament_core::signature::dev_ca::{CertValidity, Credential, DevCa, KeyAlgorithm};
use reglament_core::signature::{SignedFields, canonical_request};
use reglament_core::token::hmac_hex;
use serde_json::{Value, json};
use tower::ServiceExt;

pub mod ecology;
pub mod rogue;

pub const PASSWORD: &str = "correct horse battery";

/// A running embedded system under test.
pub struct Harness {
    pub system: System,
    pub clock: Arc<ManualClock>,
    pub ca: DevCa,
    router: axum::Router,
    runner: std::sync::Mutex<Runner>,
    _dir: tempfile::TempDir,
}

/// The embedded runner of a harness: its options, how to stop it, and its task (none while
/// paused, or when something else runs the steps).
struct Runner {
    options: RunnerOptions,
    stop: tokio::sync::watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Runner {
    /// Start the system's runner with `options`.
    fn start(system: &System, options: RunnerOptions) -> Runner {
        let (stop, task) = system.start_runner(options.clone(), Arc::new(StepTimings::default()));
        Runner {
            options,
            stop,
            task: Some(task),
        }
    }
}

impl Harness {
    /// Start at `now` (RFC 3339) with the bundled components published and the runner running.
    pub async fn start(now: &str) -> Harness {
        Self::start_with(now, RunnerOptions::default()).await
    }

    pub async fn start_with(now: &str, runner: RunnerOptions) -> Harness {
        let (dir, ca, clock, options) = Self::prepare(now).await;
        let system = System::open(options)
            .await
            .expect("open the embedded system");
        let runner = Runner::start(&system, runner);
        Harness::assemble(system, clock, ca, runner, dir)
    }

    /// Start at `now` with the state in `store` (the bundled components published into it) and
    /// no runner: something else runs the steps (the step functions, woken by the stream).
    pub async fn start_on(now: &str, store: Arc<dyn reglament_store::Store>) -> Harness {
        let (dir, ca, clock, mut options) = Self::prepare(now).await;
        // The template's store has the components; this one gets them from its artifacts.
        options.publish_bundled = true;
        let system = System::open_on(options, store)
            .await
            .expect("open the system on the given store");
        let runner = Runner {
            options: RunnerOptions::default(),
            stop: tokio::sync::watch::channel(false).0,
            task: None,
        };
        Harness::assemble(system, clock, ca, runner, dir)
    }

    fn assemble(
        system: System,
        clock: Arc<ManualClock>,
        ca: DevCa,
        runner: Runner,
        dir: tempfile::TempDir,
    ) -> Harness {
        Harness {
            router: system.router(),
            system,
            clock,
            ca,
            runner: std::sync::Mutex::new(runner),
            _dir: dir,
        }
    }

    /// A copy of the template data directory (the test CA trusted, the bundled components
    /// compiled), the clock at `now`, and the options to open it.
    async fn prepare(now: &str) -> (tempfile::TempDir, DevCa, Arc<ManualClock>, Options) {
        let dir = tempfile::tempdir().expect("temp dir");
        let now: DateTime<Utc> = DateTime::parse_from_rfc3339(now)
            .expect("RFC 3339 start")
            .with_timezone(&Utc);
        let ca = test_ca();
        copy_dir(template().await, dir.path());
        let clock = Arc::new(ManualClock::at(now));
        let options = Options {
            data_dir: dir.path().to_path_buf(),
            clock: clock.clone(),
            settings: Default::default(),
            publish_bundled: false,
        };
        (dir, ca, clock, options)
    }

    /// The data directory the system runs on.
    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    /// Call the API; answers the status and the JSON body (Null when empty).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => request
                .header("content-type", "application/json")
                .body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        }
        .expect("request");
        self.send(request).await
    }

    pub async fn send(&self, request: Request<Body>) -> (StatusCode, Value) {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router answers");
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        let value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        (status, value)
    }

    pub async fn login(&self, login: &str, password: &str) -> (StatusCode, Value) {
        self.call(
            Method::POST,
            "/v1/sessions",
            None,
            Some(json!({ "login": login, "password": password })),
        )
        .await
    }

    /// Log in again (e.g. after moving the clock past the session's end); answers the token.
    pub async fn token(&self, login: &str) -> String {
        let (status, body) = self.login(login, PASSWORD).await;
        assert_eq!(status, StatusCode::CREATED, "login {login}: {body}");
        body["token"].as_str().expect("token").to_string()
    }

    /// A portal applicant account; answers its token.
    pub async fn applicant(&self, id: &str) -> String {
        let id = TaxpayerId::parse(id).expect("valid IIN/BIN");
        let account = Account::applicant(&id, "Test Applicant", PASSWORD).unwrap();
        account::create(self.system.ctx.store.as_ref(), &account)
            .await
            .unwrap();
        self.token(&id.to_string()).await
    }

    /// A staff account of `region` with `roles`; answers its token.
    pub async fn staff(
        &self,
        login: &str,
        region: &str,
        roles: &[Role],
        iin: Option<&str>,
    ) -> String {
        let iin = iin.map(|i| TaxpayerId::parse(i).expect("valid IIN"));
        let account = Account::staff(
            login,
            "Test Staff",
            region,
            roles.to_vec(),
            iin.as_ref(),
            PASSWORD,
        )
        .unwrap();
        account::create(self.system.ctx.store.as_ref(), &account)
            .await
            .unwrap();
        self.token(login).await
    }

    /// Put people and legal entities in the state registries.
    pub async fn registry(&self, ids: &[&str]) {
        let entries: Vec<RegistryEntry> = ids
            .iter()
            .map(|id| {
                let id = TaxpayerId::parse(id).unwrap();
                RegistryEntry {
                    id: id.to_string(),
                    kind: id.kind(),
                    name: format!("Registry entry {id}"),
                }
            })
            .collect();
        population::import(self.system.ctx.store.as_ref(), &entries)
            .await
            .unwrap();
    }

    /// A person's EDS credential from the test CA.
    pub fn person(&self, iin: &str) -> Credential {
        let now = self.clock_now();
        self.ca
            .issue_person(
                iin,
                "TEST PERSON",
                CertValidity::new(
                    now - chrono::Duration::days(30),
                    now + chrono::Duration::days(365),
                ),
                KeyAlgorithm::EcdsaP256,
            )
            .expect("issue a person's certificate")
    }

    /// A legal entity's EDS credential (BIN, signed by the person with `iin`).
    pub fn legal_entity(&self, bin: &str, iin: &str) -> Credential {
        let now = self.clock_now();
        self.ca
            .issue_legal_entity(
                bin,
                iin,
                "TEST SIGNER",
                "TEST LLP",
                CertValidity::new(
                    now - chrono::Duration::days(30),
                    now + chrono::Duration::days(365),
                ),
                KeyAlgorithm::EcdsaP256,
            )
            .expect("issue a legal entity's certificate")
    }

    pub fn clock_now(&self) -> DateTime<Utc> {
        use reglament_core::clock::Clock;
        self.clock.now()
    }

    /// Sign a filing body with a credential (adds its `signature`).
    pub fn sign(body: &mut Value, credential: &Credential) {
        let fields = SignedFields {
            region: body["region"].as_str().unwrap_or_default().to_string(),
            service: body["service"].as_str().unwrap_or_default().to_string(),
            kind: body["kind"].as_str().unwrap_or_default().to_string(),
            applicant: body["applicant"].as_str().unwrap_or_default().to_string(),
            category: body["category"].as_str().map(String::from),
            form: body["form"].clone(),
            documents: body["documents"]
                .as_array()
                .map(|d| {
                    d.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
        };
        let signed = credential.signed_request(&canonical_request(&fields));
        body["signature"] = serde_json::to_value(signed).unwrap();
    }

    /// File an application; answers the status and body.
    pub async fn file(&self, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, "/v1/applications", Some(token), Some(body))
            .await
    }

    /// File and expect acceptance; answers the id.
    pub async fn file_ok(&self, token: &str, body: Value) -> String {
        let (status, answer) = self.file(token, body).await;
        assert_eq!(status, StatusCode::ACCEPTED, "filing refused: {answer}");
        answer["id"].as_str().unwrap().to_string()
    }

    /// The payment gateway's callback.
    pub async fn pay(
        &self,
        application: &str,
        payment_id: &str,
        amount: u64,
        status: &str,
    ) -> (StatusCode, Value) {
        let body = json!({
            "payment_id": payment_id, "application": application, "amount": amount,
            "status": status, "paid_at": reglament_core::transition::timestamp(self.clock_now()),
        })
        .to_string();
        let mac = hmac_hex(&self.system.gateway_secret, body.as_bytes());
        let request = Request::builder()
            .method(Method::POST)
            .uri("/v1/payments")
            .header("content-type", "application/json")
            .header("x-signature", mac)
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// The application as its reader sees it.
    pub async fn status(&self, token: &str, id: &str) -> Value {
        let (status, body) = self
            .call(
                Method::GET,
                &format!("/v1/applications/{id}"),
                Some(token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "status of {id}: {body}");
        body
    }

    /// Wait until the application is no longer in progress (waiting, issued or refused).
    pub async fn settle(&self, token: &str, id: &str) -> Value {
        for _ in 0..400 {
            let body = self.status(token, id).await;
            if body["status"] != "in-progress" {
                return body;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!(
            "application {id} did not settle: {}",
            self.status(token, id).await
        );
    }

    /// The fee of a service and kind, as the rules in force answer it.
    pub fn fee(
        &self,
        region: &str,
        service: &str,
        kind: reglament_core::rules::RequestKind,
    ) -> Option<u64> {
        let date = self.clock_now().date_naive().to_string();
        self.system
            .ctx
            .rules
            .in_force(region, &date)
            .unwrap()
            .fee(service, kind)
            .unwrap()
    }
}

impl Harness {
    /// Stop, add a revocation list to the trusted ones, and start again on the same data.
    pub async fn restart_with_crl(&mut self, crl: &str) {
        self.pause().await;
        let dir = self._dir.path().to_path_buf();
        std::fs::write(dir.join("trust/crls/test-crl.pem"), crl).expect("write the CRL");
        let system = System::open(Options {
            data_dir: dir,
            clock: self.clock.clone(),
            settings: Default::default(),
            publish_bundled: true,
        })
        .await
        .expect("reopen the embedded system");
        self.router = system.router();
        *self.runner.lock().unwrap() = Runner::start(&system, RunnerOptions::default());
        self.system = system;
    }

    /// Stop the runner and wait until the steps it had under way are done: until [`resume`]
    /// nothing runs, so a test can change the world between a filing and its first step.
    ///
    /// [`resume`]: Harness::resume
    pub async fn pause(&self) {
        let task = {
            let mut runner = self.runner.lock().unwrap();
            let _ = runner.stop.send(true);
            runner.task.take()
        };
        if let Some(task) = task {
            task.await.expect("the runner stops");
        }
    }

    /// Start the runner again after [`pause`]: it goes on from its saved position.
    ///
    /// [`pause`]: Harness::pause
    pub fn resume(&self) {
        let mut runner = self.runner.lock().unwrap();
        assert!(runner.task.is_none(), "the runner is running");
        *runner = Runner::start(&self.system, runner.options.clone());
    }

    /// Block an account (a staff member dismissed, say): it can no longer log in or call, and a
    /// step that checks it finds it inactive.
    pub async fn block(&self, login: &str) {
        let store = self.system.ctx.store.as_ref();
        let mut blocked = account::load(store, login)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no account {login}"));
        blocked.active = false;
        let item =
            reglament_store::Item::from_value(account::account_key(login), &blocked).unwrap();
        let write = reglament_store::Write::Put {
            item,
            condition: reglament_store::Condition::Exists,
        };
        store
            .transact(reglament_store::Transaction::new(vec![write]))
            .await
            .unwrap();
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = self
            .runner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .stop
            .send(true);
    }
}

/// A data directory with the test CA trusted and the bundled components published (compiled)
/// once per test binary; every harness starts from a copy of it, loading the precompiled
/// components instead of compiling them again.
async fn template() -> &'static std::path::Path {
    static TEMPLATE: tokio::sync::OnceCell<tempfile::TempDir> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let dir = tempfile::tempdir().expect("temp dir");
            std::fs::create_dir_all(dir.path().join("trust/roots")).unwrap();
            std::fs::write(
                dir.path().join("trust/roots/test-ca.pem"),
                test_ca().certificate_pem(),
            )
            .unwrap();
            let system = System::open(Options {
                data_dir: dir.path().to_path_buf(),
                clock: Arc::new(ManualClock::at(Utc::now())),
                settings: Default::default(),
                publish_bundled: true,
            })
            .await
            .expect("publish the bundled components");
            // Closing the system closes the store: its files are complete to copy.
            drop(system);
            dir
        })
        .await
        .path()
}

/// Copy a directory tree.
fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("create the data directory");
    for entry in std::fs::read_dir(from).expect("read the template") {
        let entry = entry.expect("template entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a template file");
        }
    }
}

/// The test CA, made once per test binary (RSA/ECDSA key generation is not free).
pub fn test_ca() -> DevCa {
    static CA: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    let (cert, key) = CA.get_or_init(|| {
        let start = DateTime::parse_from_rfc3339("2010-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let ca = DevCa::generate(
            "reglament test CA",
            KeyAlgorithm::EcdsaP256,
            CertValidity::days_from(start, 365 * 30),
        )
        .expect("CA");
        let pem = ca.to_pem().expect("CA PEM");
        (pem.certificate_pem, pem.private_key_pem)
    });
    DevCa::from_pem(cert, key).expect("CA from PEM")
}

/// The steps of an application's history, in order, without outside events.
pub fn step_order(view: &Value) -> Vec<String> {
    view["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["step"].as_str().unwrap().to_string())
        .filter(|s| {
            !matches!(
                s.as_str(),
                "filing" | "payment-gateway" | "staff" | "sweep" | "applicant"
            )
        })
        .fold(Vec::new(), |mut acc, s| {
            if acc.last() != Some(&s) {
                acc.push(s);
            }
            acc
        })
}

/// The bundled Akmola component with an extra custom section: the same rules, another digest.
pub fn akmola_variant(tag: &str) -> Vec<u8> {
    let (_, bundled) = reglament::bundled::BUNDLED
        .iter()
        .find(|(name, _)| *name == "akmola")
        .expect("akmola is bundled");
    let mut bytes = bundled.to_vec();
    let name = b"reglament-test";
    let mut payload = vec![name.len() as u8];
    payload.extend_from_slice(name);
    payload.extend_from_slice(tag.as_bytes());
    bytes.push(0); // custom section id
    leb128(payload.len(), &mut bytes);
    bytes.extend_from_slice(&payload);
    bytes
}

fn leb128(mut n: usize, out: &mut Vec<u8>) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// The digests named in an application's history.
pub fn history_digests(view: &Value) -> Vec<String> {
    let mut digests: Vec<String> = view["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|e| {
            e["rules_digest"]
                .as_str()
                .expect("each event names its rules")
                .to_string()
        })
        .collect();
    digests.dedup();
    digests
}
