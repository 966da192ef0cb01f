//! `reglament ca`: a development certification authority in the national CA's layout, so that a
//! newcomer can make EDS certificates, sign requests and revoke certificates without the real
//! national CA. The CA's root goes into the data directory's trusted roots; restart
//! `reglament serve` after `init` or `revoke` so it reloads them.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{Duration, Utc};
use clap::Subcommand;
use reglament_core::identity::TaxpayerId;
use reglament_core::signature::dev_ca::{CertValidity, Credential, DevCa, KeyAlgorithm};
use reglament_core::signature::{SignedFields, canonical_request};

#[derive(Debug, Subcommand)]
pub enum CaCommand {
    /// Make the development CA and trust it (`<data>/ca/`, `<data>/trust/roots/dev-ca.pem`).
    Init {
        /// rsa2048 or ecdsa-p256.
        #[arg(long, default_value = "ecdsa-p256")]
        algorithm: KeyAlgorithm,
    },
    /// Issue an EDS certificate and key for a person (IIN) or a legal entity's signer (BIN + IIN).
    Issue {
        /// The person's IIN (the signer's, for a legal entity).
        #[arg(long)]
        iin: String,
        /// The legal entity's BIN.
        #[arg(long)]
        bin: Option<String>,
        #[arg(long, default_value = "TEST APPLICANT")]
        name: String,
        /// Days of validity, from now.
        #[arg(long, default_value_t = 3650)]
        days: i64,
        /// Days before now the validity starts (to sign with a past `--as-of` clock).
        #[arg(long, default_value_t = 7300)]
        backdate: i64,
        #[arg(long, default_value = "ecdsa-p256")]
        algorithm: KeyAlgorithm,
        /// Where to write `<id>.cert.pem` and `<id>.key.pem`.
        #[arg(long, default_value = ".")]
        out: PathBuf,
    },
    /// Sign a filing request (JSON) with a certificate and key; prints it with `signature` set.
    Sign {
        #[arg(long)]
        cert: PathBuf,
        #[arg(long)]
        key: PathBuf,
        request: PathBuf,
    },
    /// Revoke a certificate by serial (hex); rewrites the CA's revocation list. A signature made
    /// before the revocation time still holds, so with `serve --as-of` give a matching `--at`.
    Revoke {
        #[arg(long)]
        serial: String,
        /// When the revocation took effect (date or RFC 3339 time; default now).
        #[arg(long, value_parser = super::parse_as_of)]
        at: Option<chrono::DateTime<Utc>>,
    },
}

impl CaCommand {
    pub fn run(self, data: &Path) -> Result<()> {
        match self {
            CaCommand::Init { algorithm } => init(data, algorithm),
            CaCommand::Issue {
                iin,
                bin,
                name,
                days,
                backdate,
                algorithm,
                out,
            } => {
                let ca = load(data)?;
                let iin = TaxpayerId::parse(&iin)
                    .with_context(|| format!("--iin {iin}"))?
                    .to_string();
                let now = Utc::now();
                let validity =
                    CertValidity::new(now - Duration::days(backdate), now + Duration::days(days));
                let (id, credential) = match bin {
                    Some(bin) => {
                        let bin = TaxpayerId::parse(&bin)
                            .with_context(|| format!("--bin {bin}"))?
                            .to_string();
                        (
                            bin.clone(),
                            ca.issue_legal_entity(&bin, &iin, &name, &name, validity, algorithm)?,
                        )
                    }
                    None => (
                        iin.clone(),
                        ca.issue_person(&iin, &name, validity, algorithm)?,
                    ),
                };
                std::fs::create_dir_all(&out)?;
                let cert = out.join(format!("{id}.cert.pem"));
                let key = out.join(format!("{id}.key.pem"));
                std::fs::write(
                    &cert,
                    format!("{}{}", credential.certificate_pem(), credential.chain_pem()),
                )?;
                std::fs::write(&key, credential.private_key_pem())?;
                println!(
                    "certificate {} (serial {}) and key {}",
                    cert.display(),
                    credential.serial(),
                    key.display()
                );
                Ok(())
            }
            CaCommand::Sign { cert, key, request } => sign(&cert, &key, &request),
            CaCommand::Revoke { serial, at } => revoke(data, &serial, at.unwrap_or_else(Utc::now)),
        }
    }
}

fn ca_dir(data: &Path) -> PathBuf {
    data.join("ca")
}

fn init(data: &Path, algorithm: KeyAlgorithm) -> Result<()> {
    let dir = ca_dir(data);
    if dir.join("ca.cert.pem").exists() {
        bail!(
            "a development CA exists already in {}; remove that directory to make a new one",
            dir.display()
        );
    }
    std::fs::create_dir_all(&dir)?;
    std::fs::create_dir_all(data.join("trust/roots"))?;
    let start = Utc::now() - Duration::days(365 * 20);
    let ca = DevCa::generate(
        "reglament development CA",
        algorithm,
        CertValidity::days_from(start, 365 * 40),
    )?;
    let pem = ca.to_pem()?;
    std::fs::write(dir.join("ca.cert.pem"), &pem.certificate_pem)?;
    std::fs::write(dir.join("ca.key.pem"), &pem.private_key_pem)?;
    std::fs::write(data.join("trust/roots/dev-ca.pem"), &pem.certificate_pem)?;
    println!(
        "development CA in {}; trusted as {}",
        dir.display(),
        data.join("trust/roots/dev-ca.pem").display()
    );
    Ok(())
}

fn load(data: &Path) -> Result<DevCa> {
    let dir = ca_dir(data);
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name)).with_context(|| {
            format!(
                "read {} (run `reglament ca init` first)",
                dir.join(name).display()
            )
        })
    };
    Ok(DevCa::from_pem(
        &read("ca.cert.pem")?,
        &read("ca.key.pem")?,
    )?)
}

fn sign(cert: &Path, key: &Path, request: &Path) -> Result<()> {
    let credential = Credential::from_pem(
        &std::fs::read_to_string(cert).with_context(|| format!("read {}", cert.display()))?,
        &std::fs::read_to_string(key).with_context(|| format!("read {}", key.display()))?,
    )?;
    let text =
        std::fs::read_to_string(request).with_context(|| format!("read {}", request.display()))?;
    let mut body: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not JSON", request.display()))?;
    let text_of = |field: &str| body.get(field).and_then(|v| v.as_str()).map(String::from);
    let fields = SignedFields {
        region: text_of("region").context("the request has no \"region\"")?,
        service: text_of("service").context("the request has no \"service\"")?,
        kind: text_of("kind").context("the request has no \"kind\"")?,
        applicant: text_of("applicant").context("the request has no \"applicant\"")?,
        category: text_of("category"),
        form: body
            .get("form")
            .cloned()
            .context("the request has no \"form\"")?,
        documents: serde_json::from_value(
            body.get("documents")
                .cloned()
                .unwrap_or_else(|| serde_json::json!([])),
        )
        .context("\"documents\" must be a list of strings")?,
    };
    let signed = credential.signed_request(&canonical_request(&fields));
    body["signature"] = serde_json::to_value(signed)?;
    println!("{}", serde_json::to_string_pretty(&body)?);
    Ok(())
}

fn revoke(data: &Path, serial: &str, at: chrono::DateTime<Utc>) -> Result<()> {
    let ca = load(data)?;
    let list = ca_dir(data).join("revoked.txt");
    let mut revoked = std::fs::read_to_string(&list).unwrap_or_default();
    let now = Utc::now().min(at);
    revoked.push_str(&format!("{serial} {}\n", at.to_rfc3339()));
    let entries: Vec<(String, chrono::DateTime<Utc>)> = revoked
        .lines()
        .filter_map(|l| l.split_once(' '))
        .filter_map(|(s, t)| {
            chrono::DateTime::parse_from_rfc3339(t)
                .ok()
                .map(|t| (s.to_string(), t.with_timezone(&Utc)))
        })
        .collect();
    let refs: Vec<(&str, chrono::DateTime<Utc>)> =
        entries.iter().map(|(s, t)| (s.as_str(), *t)).collect();
    let crl = ca.crl(&refs, now, now + Duration::days(30))?;
    std::fs::create_dir_all(data.join("trust/crls"))?;
    std::fs::write(data.join("trust/crls/dev-ca.pem"), crl)?;
    std::fs::write(&list, revoked)?;
    println!(
        "revoked {serial}; restart `reglament serve` to load {}",
        data.join("trust/crls/dev-ca.pem").display()
    );
    Ok(())
}
