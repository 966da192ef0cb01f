//! `reglament bench`: file N Akmola portal applications through the whole route in one process
//! — filing, payment callback, authorize, payment check, signature check, register,
//! qualification check, issue — on the embedded store with every commit durable, and print
//! applications per second and p50/p99 per step.

use std::collections::HashSet;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use chrono::{DateTime, Utc};
use clap::Args;
use http_body_util::BodyExt;
use reglament_core::account::{self, Account};
use reglament_core::clock::ShiftedClock;
use reglament_core::identity::TaxpayerId;
use reglament_core::rules::RequestKind;
use reglament_core::runner::{RunnerOptions, StepTimings, quantile};
use reglament_core::signature::dev_ca::{CertValidity, DevCa, KeyAlgorithm};
use reglament_core::signature::{SignedFields, canonical_request};
use reglament_core::steps;
use reglament_core::token::hmac_hex;
use serde_json::{Value, json};
use tokio::sync::Semaphore;
use tower::ServiceExt;

use reglament_store::sqlite::SqliteOptions;

use crate::embedded::{Options, System};

#[derive(Debug, Args)]
pub struct Bench {
    /// Applications to file.
    #[arg(long, default_value_t = 5000)]
    pub applications: usize,
    /// Filings in flight at once (clients).
    #[arg(long, default_value_t = 1024)]
    pub clients: usize,
    /// Steps running at once in the runner.
    #[arg(long, default_value_t = 4096)]
    pub concurrency: usize,
    /// Portal applicant accounts to spread the filings over.
    #[arg(long, default_value_t = 16)]
    pub applicants: usize,
    /// Akmola service to file for.
    #[arg(long, default_value = "veterinary")]
    pub service: String,
    /// Make every fsync of the store last at least this many milliseconds, to measure a disk
    /// slower than this one (the durability thread waits out the rest of a faster fsync).
    #[arg(long, default_value_t = 0.0, value_name = "MS")]
    pub fsync_ms: f64,
    /// Keep the run's fresh data directory (removed afterwards by default) and print its path.
    #[arg(long)]
    pub keep: bool,
}

const START: &str = "2013-02-11T09:00:00+06:00";
const PASSWORD: &str = "bench password";

impl Bench {
    pub async fn run(self) -> Result<()> {
        if self.applications == 0 || self.clients == 0 || self.applicants == 0 {
            bail!("--applications, --clients and --applicants must be at least 1");
        }
        let sync_floor = Duration::try_from_secs_f64(self.fsync_ms / 1000.0).map_err(|_| {
            anyhow::anyhow!(
                "--fsync-ms must be a number of milliseconds of at least 0, not {}",
                self.fsync_ms
            )
        })?;
        let dir = tempfile_dir()?;
        let start: DateTime<Utc> = DateTime::parse_from_rfc3339(START)?.with_timezone(&Utc);
        let ca = DevCa::generate(
            "bench CA",
            KeyAlgorithm::EcdsaP256,
            CertValidity::days_from(start - chrono::Duration::days(365), 3650),
        )?;
        std::fs::create_dir_all(dir.join("trust/roots"))?;
        std::fs::write(dir.join("trust/roots/bench-ca.pem"), ca.certificate_pem())?;
        let system = System::open_tuned(
            Options {
                data_dir: dir.clone(),
                clock: Arc::new(ShiftedClock::starting_at(start)),
                settings: Default::default(),
                publish_bundled: true,
            },
            SqliteOptions {
                sync_floor,
                ..Default::default()
            },
        )
        .await?;
        let router = system.router();

        eprintln!(
            "preparing {} applicants and {} signed applications…",
            self.applicants, self.applications
        );
        let mut tokens = Vec::new();
        let mut credentials = Vec::new();
        for i in 0..self.applicants {
            let id = TaxpayerId::individual_for_tests(i as u32)?;
            let account = tokio::task::spawn_blocking({
                let id = id.clone();
                move || Account::applicant(&id, "Bench Applicant", PASSWORD)
            })
            .await??;
            account::create(system.ctx.store.as_ref(), &account).await?;
            let (status, body) = call(
                &router,
                Method::POST,
                "/v1/sessions",
                None,
                json!({"login": id.to_string(), "password": PASSWORD}).to_string(),
                None,
            )
            .await?;
            if status != StatusCode::CREATED {
                bail!("bench login failed: {body}");
            }
            tokens.push(body["token"].as_str().unwrap_or_default().to_string());
            credentials.push((
                id.to_string(),
                ca.issue_person(
                    &id.to_string(),
                    "BENCH",
                    CertValidity::days_from(start - chrono::Duration::days(30), 365),
                    KeyAlgorithm::EcdsaP256,
                )?,
            ));
        }
        let fee = {
            let date = start.date_naive().to_string();
            system
                .ctx
                .rules
                .in_force("akmola", &date)?
                .fee(&self.service, RequestKind::Issue)?
                .unwrap_or(0)
        };
        let bodies: Vec<(usize, String)> = (0..self.applications)
            .map(|n| {
                let who = n % self.applicants;
                let (id, credential) = &credentials[who];
                let form = crate::samples::akmola_form(&self.service);
                let fields = SignedFields {
                    region: "akmola".into(),
                    service: self.service.clone(),
                    kind: "issue".into(),
                    applicant: id.clone(),
                    category: None,
                    form: form.clone(),
                    documents: vec![],
                };
                let signature = credential.signed_request(&canonical_request(&fields));
                let body = json!({
                    "region": "akmola", "service": self.service, "kind": "issue", "applicant": id,
                    "form": form, "documents": [], "signature": signature,
                });
                (who, body.to_string())
            })
            .collect();

        let timings = Arc::new(StepTimings::default());
        let (stop, runner) = system.start_runner(
            RunnerOptions {
                concurrency: self.concurrency,
                ..Default::default()
            },
            timings.clone(),
        );
        eprintln!(
            "filing {} applications with {} clients…",
            self.applications, self.clients
        );
        let began = Instant::now();
        let sqlite = system
            .sqlite
            .clone()
            .context("the bench runs on the embedded store")?;
        let writes_before = sqlite.stats();
        let permits = Arc::new(Semaphore::new(self.clients));
        let mut tasks = Vec::with_capacity(bodies.len());
        let gateway = system.gateway_secret.clone();
        for (n, (who, body)) in bodies.into_iter().enumerate() {
            let permit = permits.clone().acquire_owned().await?;
            let (router, token, gateway) = (router.clone(), tokens[who].clone(), gateway.clone());
            tasks.push(tokio::spawn(async move {
                let filed = Instant::now();
                let (status, answer) = call(&router, Method::POST, "/v1/applications", Some(&token), body, None).await?;
                if status != StatusCode::ACCEPTED {
                    bail!("filing refused ({status}): {answer}");
                }
                let filing = filed.elapsed();
                let id = answer["id"].as_str().unwrap_or_default().to_string();
                let payment = json!({"payment_id": format!("bench-{n}"), "application": id, "amount": fee, "status": "paid", "paid_at": START}).to_string();
                let paid = Instant::now();
                let mac = hmac_hex(&gateway, payment.as_bytes());
                let (status, answer) = call(&router, Method::POST, "/v1/payments", None, payment, Some(mac)).await?;
                if status != StatusCode::OK {
                    bail!("payment refused ({status}): {answer}");
                }
                drop(permit);
                Ok((id, filing, paid.elapsed()))
            }));
        }
        let mut pending = HashSet::new();
        let (mut filing, mut paying) = (Vec::new(), Vec::new());
        for task in tasks {
            let (id, f, p) = task.await??;
            pending.insert(id);
            filing.push(f);
            paying.push(p);
        }
        let filed_in = began.elapsed();
        // The runner counts the issue steps it commits; the store is read only to confirm.
        let finished = |timings: &StepTimings| timings.count(reglament_core::rules::Step::Issue);
        let (mut seen, mut progress) = (0, Instant::now());
        while finished(&timings) < self.applications {
            tokio::time::sleep(Duration::from_millis(20)).await;
            if finished(&timings) > seen {
                (seen, progress) = (finished(&timings), Instant::now());
            } else if progress.elapsed() > Duration::from_secs(30) {
                bail!(
                    "no application finished for 30 s; {} of {} reached the issue step",
                    seen,
                    self.applications
                );
            }
        }
        let elapsed = began.elapsed();
        let writes = sqlite.stats();
        let (mut issued, mut other) = (0usize, Vec::new());
        for id in &pending {
            let app = steps::load(system.ctx.store.as_ref(), id)
                .await?
                .context("a filed application is missing")?;
            match app.status {
                reglament_core::application::Status::Issued => issued += 1,
                status => other.push(format!(
                    "{id}: {} {:?}",
                    status.name(),
                    app.refusal.map(|r| r.code)
                )),
            }
        }
        let _ = stop.send(true);
        let _ = runner.await;

        println!(
            "reglament bench: {} Akmola {} portal applications, every commit durable (SQLite WAL, fsynced before it is acknowledged)",
            self.applications, self.service
        );
        if !sync_floor.is_zero() {
            println!(
                "  every fsync made to last at least {} ms (--fsync-ms)",
                self.fsync_ms
            );
        }
        println!("  filed in        {:>8.2} s", filed_in.as_secs_f64());
        println!("  all finished in {:>8.2} s", elapsed.as_secs_f64());
        println!("  issued          {issued} of {}", self.applications);
        println!(
            "  throughput      {:>8.0} issued applications/s",
            issued as f64 / elapsed.as_secs_f64()
        );
        let (transactions, batches) = (
            writes.transactions - writes_before.transactions,
            writes.batches - writes_before.batches,
        );
        println!(
            "  store           {transactions} transactions in {batches} batches ({:.1} per batch)",
            transactions as f64 / batches.max(1) as f64
        );
        println!(
            "  {:<22} {:>8} {:>10} {:>10}",
            "latency", "count", "p50", "p99"
        );
        print_row("filing (API)", &mut filing);
        print_row("payment callback (API)", &mut paying);
        for (step, count, p50, p99) in timings.summary() {
            println!(
                "  {:<22} {:>8} {:>10} {:>10}",
                format!("step {step}"),
                count,
                fmt(p50),
                fmt(p99)
            );
        }
        if !other.is_empty() {
            bail!(
                "{} applications did not end issued, e.g. {}",
                other.len(),
                other[0]
            );
        }
        if self.keep {
            println!("  data kept in {}", dir.display());
        } else {
            let _ = std::fs::remove_dir_all(&dir);
        }
        Ok(())
    }
}

fn print_row(name: &str, samples: &mut [Duration]) {
    samples.sort();
    if let (Some(p50), Some(p99)) = (quantile(samples, 0.5), quantile(samples, 0.99)) {
        println!(
            "  {:<22} {:>8} {:>10} {:>10}",
            name,
            samples.len(),
            fmt(p50),
            fmt(p99)
        );
    }
}

fn fmt(d: Duration) -> String {
    if d.as_millis() >= 10 {
        format!("{} ms", d.as_millis())
    } else {
        format!("{} µs", d.as_micros())
    }
}

fn tempfile_dir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "reglament-bench-{}-{:016x}",
        std::process::id(),
        rand::random::<u64>()
    ));
    std::fs::create_dir_all(&dir).with_context(|| format!("create {}", dir.display()))?;
    Ok(dir)
}

async fn call(
    router: &axum::Router,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: String,
    signature: Option<String>,
) -> Result<(StatusCode, Value)> {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    if let Some(signature) = signature {
        request = request.header("x-signature", signature);
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::from(body))?)
        .await?;
    let status = response.status();
    let bytes = response.into_body().collect().await?.to_bytes();
    Ok((
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    ))
}
