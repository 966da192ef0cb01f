//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::cmd;

/// Runs Kazakhstan's e-government services exactly as each region's regulation prescribes.
#[derive(Debug, Parser)]
#[command(name = "reglament", version)]
pub struct Cli {
    /// The data directory: store, published rules, keys, secrets, trust roots.
    #[arg(long, global = true, env = "REGLAMENT_DATA", default_value = "data")]
    pub data: PathBuf,
    /// Log as JSON lines (as in Lambda) instead of text.
    #[arg(long, global = true)]
    pub json_logs: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and run every step on the embedded store (all in one process).
    Serve(cmd::serve::Serve),
    /// Portal and staff accounts.
    #[command(subcommand)]
    Account(cmd::account::AccountCommand),
    /// The state registries of individuals and legal entities (ГБД ФЛ / ГБД ЮЛ).
    #[command(subcommand)]
    Registry(cmd::registry::RegistryCommand),
    /// Regional rule versions: publish, list, activate, roll back (hot swap, no restart).
    #[command(subcommand)]
    Rules(cmd::rules::RulesCommand),
    /// A development certification authority, so that a newcomer can sign requests.
    #[command(subcommand)]
    Ca(cmd::ca::CaCommand),
    /// The payment gateway's side, for trying the payment step by hand.
    #[command(subcommand)]
    Gateway(cmd::gateway::GatewayCommand),
    /// File N applications through the whole route in one process and measure.
    Bench(cmd::bench::Bench),
}

pub fn init_tracing(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,reglament_store=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(c) => c.run(&cli.data).await,
        Command::Account(c) => c.run(&cli.data).await,
        Command::Registry(c) => c.run(&cli.data).await,
        Command::Rules(c) => c.run(&cli.data).await,
        Command::Ca(c) => c.run(&cli.data),
        Command::Gateway(c) => c.run(&cli.data),
        Command::Bench(c) => c.run().await,
    }
}
