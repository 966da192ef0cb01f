//! `reglament-local`: prepare the emulator and relay its stream to the functions.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use reglament_local::invoke::Invoker;
use reglament_local::relay::{self, RelayOptions};
use reglament_store::dynamodb::DynamoStore;

/// The local Lambda run of reglament, against a DynamoDB/S3 emulator (`AWS_ENDPOINT_URL`).
#[derive(Debug, Parser)]
#[command(name = "reglament-local", version)]
struct Cli {
    /// The table.
    #[arg(
        long,
        global = true,
        env = "REGLAMENT_TABLE",
        default_value = "reglament"
    )]
    table: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the table, publish the bundled rules, make keys and secrets (and fill a bucket).
    Setup {
        /// The data directory the functions read (`REGLAMENT_DATA` of the functions).
        #[arg(long, env = "REGLAMENT_DATA", default_value = "local")]
        data: PathBuf,
        /// Also copy the files into this S3 bucket.
        #[arg(long)]
        bucket: Option<String>,
    },
    /// Relay the table's stream to the step functions.
    Relay {
        /// Where the Lambda Invoke API is served (`cargo lambda watch`).
        #[arg(long, default_value = "http://127.0.0.1:9000")]
        functions: String,
        /// Attempts per record before giving up on it.
        #[arg(long, default_value_t = 5)]
        attempts: u32,
        /// Deliver every event this many times (1 as in AWS).
        #[arg(long, default_value_t = 1)]
        repeat: u32,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber_init();
    let cli = Cli::parse();
    let aws = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    match cli.command {
        Command::Setup { data, bucket } => {
            reglament_local::setup::setup(&aws, &cli.table, &data, bucket.as_deref()).await?;
            println!(
                "table {} ready; rules published; files in {}",
                cli.table,
                data.display()
            );
        }
        Command::Relay {
            functions,
            attempts,
            repeat,
        } => {
            let store = Arc::new(DynamoStore::new(&aws, &cli.table));
            let (stop_tx, stop) = tokio::sync::watch::channel(false);
            tokio::spawn(async move {
                let _ = tokio::signal::ctrl_c().await;
                let _ = stop_tx.send(true);
            });
            let options = RelayOptions {
                attempts,
                repeat,
                ..RelayOptions::default()
            };
            let stats =
                relay::run(store, Invoker::new(&functions), &cli.table, options, stop).await?;
            println!(
                "relayed {} deliveries, abandoned {}",
                stats.delivered, stats.abandoned
            );
        }
    }
    Ok(())
}

fn tracing_subscriber_init() {
    reglament::cli::init_tracing(false);
}
