//! `reglament rules`: publish, list, activate and roll back regional rule versions in the data
//! directory. A running `reglament serve` on the same directory picks a change up within its
//! refresh bound (`--rules-refresh`, at most one second by default), without a restart.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Subcommand;
use reglament_core::rules_admin::{Publication, RulesAdmin, RulesVersion};

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Validate, precompile and record a rule component as a version of a region's rules.
    Publish {
        /// The component (`.wasm`; a wit-bindgen core module is made a component).
        component: PathBuf,
        /// The region it is for; the component's regulation must name it.
        #[arg(long)]
        region: String,
        /// Govern filings only from this day (YYYY-MM-DD), within the act's days in force.
        #[arg(long)]
        in_force_from: Option<String>,
        /// Make it the region's active version at once.
        #[arg(long)]
        activate: bool,
    },
    /// Every published version; `*` marks each region's active one.
    List {
        /// Only this region's versions.
        #[arg(long)]
        region: Option<String>,
    },
    /// Make the published version with this digest its region's active one.
    Activate { digest: String },
    /// Make the version active before the current one active again.
    Rollback {
        #[arg(long)]
        region: String,
    },
}

impl RulesCommand {
    pub async fn run(self, data: &Path) -> Result<()> {
        let system = super::open_admin(data).await?;
        let admin: &dyn RulesAdmin = system.rules.as_ref();
        match self {
            RulesCommand::Publish {
                component,
                region,
                in_force_from,
                activate,
            } => {
                let bytes = std::fs::read(&component)
                    .with_context(|| format!("read {}", component.display()))?;
                let publication = Publication {
                    activate,
                    in_force_from,
                };
                let version = admin
                    .publish(bytes, &region, publication)
                    .await
                    .with_context(|| format!("publish {}", component.display()))?;
                println!("published {}", line(&version));
            }
            RulesCommand::List { region } => {
                let versions: Vec<RulesVersion> = admin
                    .versions()
                    .into_iter()
                    .filter(|v| region.as_deref().is_none_or(|r| r == v.region))
                    .collect();
                if versions.is_empty() {
                    println!("no rules versions are published in {}", data.display());
                }
                for version in versions {
                    println!("{}", line(&version));
                }
            }
            RulesCommand::Activate { digest } => {
                let version = admin.activate(&digest).await?;
                println!("active {}", line(&version));
            }
            RulesCommand::Rollback { region } => {
                let version = admin.rollback(&region).await?;
                println!("rolled back; active {}", line(&version));
            }
        }
        Ok(())
    }
}

/// One version on one line: active mark, region, digest, days in force, act.
fn line(v: &RulesVersion) -> String {
    format!(
        "{} {:<16} {} {}..{} {}",
        if v.active { "*" } else { " " },
        v.region,
        v.digest,
        v.in_force_from,
        v.in_force_until.as_deref().unwrap_or(""),
        v.act.en
    )
}
