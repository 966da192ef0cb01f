//! A function's loaded state, made once per cold start and shared by its invocations.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use reglament_core::calendar::Calendar;
use reglament_core::rules::RulesSource;
use reglament_core::{Context, Settings};
use reglament_rules::RulesHost;
use reglament_store::Store;
use reglament_store::dynamodb::DynamoStore;

use crate::config::Config;
use crate::host::load_rules;
use crate::refresh::RulesRefresh;
use crate::trust::{provider_keys, trust_store};

/// Where a function copies the files it needs from S3: a directory of its own process, so that
/// functions sharing a machine (the local run) never read each other's half-written copies.
fn local_copy() -> PathBuf {
    std::env::temp_dir().join(format!("reglament-{}", std::process::id()))
}

/// The parts of the data location every function reads.
pub const PARTS: [&str; 3] = ["rules", "keys", "trust"];

/// A loaded function: the steps' context over DynamoDB, and where its files are.
pub struct Function {
    pub ctx: Context,
    pub rules: Arc<RulesHost>,
    /// Its watch on the rules registry: call [`RulesRefresh::if_due`] before each invocation.
    pub refresh: RulesRefresh,
    /// The local directory of its files (the data directory, or the copy of the bucket).
    pub data: PathBuf,
}

impl Function {
    /// Loads everything from the environment: the table, the files, the rules.
    pub async fn from_env(parts: &[&str]) -> Result<Function> {
        let config = Config::from_env()?;
        let aws = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        Function::load(&config, &aws, parts).await
    }

    /// Loads everything a configuration names, through one AWS configuration.
    #[tracing::instrument(skip(aws))]
    pub async fn load(
        config: &Config,
        aws: &aws_config::SdkConfig,
        parts: &[&str],
    ) -> Result<Function> {
        let data = config
            .data
            .materialize(aws, parts, &local_copy())
            .await
            .context("copy the function's files")?;
        let store: Arc<dyn Store> = Arc::new(DynamoStore::new(aws, &config.table));
        let rules = load_rules(&data, store.clone()).await?;
        let ctx = Context {
            store,
            rules: rules.clone() as Arc<dyn RulesSource>,
            trust: Arc::new(trust_store(&data)?),
            clock: config.clock(),
            calendar: Calendar::kazakhstan(),
            provider_keys: Arc::new(provider_keys(&data)?),
            settings: Settings::default(),
            recent: Default::default(),
        };
        let refresh = RulesRefresh::new(
            rules.clone(),
            config.data.clone(),
            aws.clone(),
            data.clone(),
            config.rules_refresh,
        );
        Ok(Function {
            ctx,
            rules,
            refresh,
            data,
        })
    }
}
