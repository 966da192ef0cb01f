//! `reglament serve`: the API and every step on the embedded store, in one process.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use clap::Args;
use reglament_core::Settings;
use reglament_core::rules::RulesSource;
use reglament_core::runner::{RunnerOptions, StepTimings};

use crate::embedded::{Options, System};

#[derive(Debug, Args)]
pub struct Serve {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Run the clock from this date (or RFC 3339 time) instead of today. The regulations were in
    /// force in 2012–2020: e.g. `--as-of 2013-02-11` for Akmola's 2012 act.
    #[arg(long, value_parser = super::parse_as_of)]
    pub as_of: Option<DateTime<Utc>>,
    /// Steps running at once (most of them wait for their commit's fsync).
    #[arg(long, default_value_t = 4096)]
    pub concurrency: usize,
    /// How often to look for rules published or activated by `reglament rules` (milliseconds);
    /// a change is in service within this plus the time to load it.
    #[arg(long, default_value_t = 250, value_parser = clap::value_parser!(u64).range(10..=60_000))]
    pub rules_refresh_ms: u64,
    /// Where the public reaches this API: the base of the verification URL in the QR code of
    /// every result document. Default: `http://<listen>`.
    #[arg(long, env = "REGLAMENT_PUBLIC_URL")]
    pub public_url: Option<String>,
}

impl Serve {
    pub async fn run(self, data: &Path) -> Result<()> {
        let system = System::open(Options {
            data_dir: data.to_path_buf(),
            clock: super::clock(self.as_of),
            settings: Settings {
                public_url: self
                    .public_url
                    .clone()
                    .unwrap_or_else(|| format!("http://{}", self.listen)),
                ..Default::default()
            },
            publish_bundled: true,
        })
        .await?;
        for version in system.rules.catalogue() {
            let r = version.regulation();
            tracing::info!(region = %r.region, act = %r.act.en, digest = %version.digest(), "rules in force {}..{}", r.in_force_from, r.in_force_until.as_deref().unwrap_or(""));
        }
        let options = RunnerOptions {
            concurrency: self.concurrency,
            ..Default::default()
        };
        let (stop, runner) = system.start_runner(options, Arc::new(StepTimings::default()));
        let (stop_watch, watch) =
            system.watch_rules(std::time::Duration::from_millis(self.rules_refresh_ms));
        let listener = tokio::net::TcpListener::bind(self.listen)
            .await
            .with_context(|| format!("listen on {}", self.listen))?;
        let now = system.ctx.clock.now();
        println!(
            "reglament listening on http://{} (data in {}, clock at {})",
            listener.local_addr()?,
            data.display(),
            now.to_rfc3339()
        );
        axum::serve(listener, system.router())
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        let _ = stop.send(true);
        let _ = stop_watch.send(true);
        let _ = runner.await;
        let _ = watch.await;
        println!("reglament stopped");
        Ok(())
    }
}
