//! `reglament gateway`: what the payment gateway does, for trying the payment step by hand.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Subcommand;
use reglament_core::token::hmac_hex;

#[derive(Debug, Subcommand)]
pub enum GatewayCommand {
    /// Print the X-Signature (hex HMAC-SHA256 with the data directory's gateway secret) of a
    /// callback body file.
    Sign { body: PathBuf },
}

impl GatewayCommand {
    pub fn run(self, data: &Path) -> Result<()> {
        let GatewayCommand::Sign { body } = self;
        let bytes = std::fs::read(&body).with_context(|| format!("read {}", body.display()))?;
        let path = data.join("secrets").join("gateway.key");
        let secret = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "read {} (start `reglament serve` once to create it)",
                path.display()
            )
        })?;
        let secret =
            hex::decode(secret.trim()).with_context(|| format!("{} is not hex", path.display()))?;
        println!("{}", hmac_hex(&secret, &bytes));
        Ok(())
    }
}
