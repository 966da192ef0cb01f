//! `reglament`: runs Kazakhstan's e-government services as each region's regulation prescribes.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = reglament::cli::Cli::parse();
    reglament::cli::init_tracing(cli.json_logs);
    reglament::cli::run(cli).await
}
