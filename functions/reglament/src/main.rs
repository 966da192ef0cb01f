//! `reglament`: runs Kazakhstan's e-government services as each region's regulation prescribes.

use clap::Parser;

/// mimalloc: the steps allocate many small JSON values from several threads at once, where it
/// measured clearly faster than the system allocator (docs/BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = reglament::cli::Cli::parse();
    reglament::cli::init_tracing(cli.json_logs);
    reglament::cli::run(cli).await
}
