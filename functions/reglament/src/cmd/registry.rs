//! `reglament registry import`: load the state registries from a file.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Subcommand;
use reglament_core::population;

#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Import `IIN-or-BIN;name` lines (`#` comments). Every line is checked first; a bad line
    /// imports nothing.
    Import { file: PathBuf },
}

impl RegistryCommand {
    pub async fn run(self, data: &Path) -> Result<()> {
        let RegistryCommand::Import { file } = self;
        let text =
            std::fs::read_to_string(&file).with_context(|| format!("read {}", file.display()))?;
        let entries = population::parse(&text).with_context(|| format!("{}", file.display()))?;
        let system = super::open_admin(data).await?;
        let n = population::import(system.ctx.store.as_ref(), &entries).await?;
        println!("imported {n} registry entries from {}", file.display());
        Ok(())
    }
}
