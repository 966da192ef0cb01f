//! `reglament account`: portal and staff accounts.

use std::path::Path;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use reglament_core::account::{self, Account, Role};
use reglament_core::identity::TaxpayerId;
use reglament_core::rules::RulesSource;

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// A portal account of an applicant: the login is the IIN/BIN.
    AddApplicant {
        /// IIN or BIN.
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long, env = "REGLAMENT_PASSWORD")]
        password: String,
    },
    /// A staff account of a region's provider or service centre.
    AddStaff {
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        /// Region, e.g. akmola.
        #[arg(long)]
        region: String,
        /// Roles: employee, office, head, executor, operator, admin (repeat or comma-separate).
        #[arg(long, value_delimiter = ',', required = true)]
        role: Vec<String>,
        /// The staff member's own IIN (what their EDS certificate carries).
        #[arg(long)]
        iin: Option<String>,
        #[arg(long, env = "REGLAMENT_PASSWORD")]
        password: String,
    },
}

impl AccountCommand {
    pub async fn run(self, data: &Path) -> Result<()> {
        let system = super::open_admin(data).await?;
        let account = match self {
            AccountCommand::AddApplicant { id, name, password } => {
                let id = TaxpayerId::parse(&id).with_context(|| format!("--id {id}"))?;
                Account::applicant(&id, &name, &password)?
            }
            AccountCommand::AddStaff {
                login,
                name,
                region,
                role,
                iin,
                password,
            } => {
                let roles = role
                    .iter()
                    .map(|r| Role::parse(r.trim()).with_context(|| format!("--role {r}: use employee, office, head, executor, operator or admin")))
                    .collect::<Result<Vec<_>>>()?;
                let iin = iin
                    .map(|i| TaxpayerId::parse(&i).with_context(|| format!("--iin {i}")))
                    .transpose()?;
                if system
                    .rules
                    .catalogue()
                    .iter()
                    .all(|r| r.regulation().region != region)
                    && !system.rules.catalogue().is_empty()
                {
                    bail!(
                        "--region {region}: no rules are published for it (run `reglament serve` once to publish the bundled ones)"
                    );
                }
                Account::staff(&login, &name, &region, roles, iin.as_ref(), &password)?
            }
        };
        account::create(system.ctx.store.as_ref(), &account).await?;
        println!(
            "account {} created ({})",
            account.login,
            account
                .roles
                .iter()
                .map(|r| r.name())
                .collect::<Vec<_>>()
                .join(", ")
        );
        Ok(())
    }
}
