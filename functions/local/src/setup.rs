//! Prepares the emulator for the functions: the table, the published rules, and the files.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use reglament::embedded::{Options, System};
use reglament_core::clock::SystemClock;
use reglament_store::dynamodb::{DynamoStore, create_table};

/// The parts of the data directory the functions read.
pub const PARTS: [&str; 4] = ["rules", "keys", "trust", "secrets"];

/// Creates the table, publishes and activates the bundled rule components into it (their
/// artifacts under `data`), makes the providers' keys and the API's secrets in `data`, and, with
/// a bucket, copies those files into it. Running it again changes nothing.
pub async fn setup(
    aws: &aws_config::SdkConfig,
    table: &str,
    data: &Path,
    bucket: Option<&str>,
) -> Result<()> {
    let store = DynamoStore::new(aws, table);
    create_table(store.client(), table)
        .await
        .with_context(|| format!("create the table {table}"))?;
    let system = System::open_on(
        Options {
            data_dir: data.to_path_buf(),
            clock: Arc::new(SystemClock),
            settings: Default::default(),
            publish_bundled: true,
        },
        Arc::new(store),
    )
    .await?;
    for version in system.rules.published() {
        tracing::info!(region = %version.region, digest = %version.digest, "published");
    }
    if let Some(bucket) = bucket {
        upload(aws, bucket, data).await?;
    }
    Ok(())
}

/// Copies the functions' parts of the data directory into the bucket (created if missing).
pub async fn upload(aws: &aws_config::SdkConfig, bucket: &str, data: &Path) -> Result<()> {
    let s3 = reglament_lambda::data::s3_client(aws);
    if s3.head_bucket().bucket(bucket).send().await.is_err() {
        s3.create_bucket()
            .bucket(bucket)
            .send()
            .await
            .with_context(|| format!("create the bucket {bucket}"))?;
    }
    for part in PARTS {
        for file in files(&data.join(part))? {
            let key = file
                .strip_prefix(data)
                .unwrap_or(&file)
                .to_string_lossy()
                .into_owned();
            let body = std::fs::read(&file).with_context(|| format!("read {}", file.display()))?;
            s3.put_object()
                .bucket(bucket)
                .key(&key)
                .body(body.into())
                .send()
                .await
                .with_context(|| format!("put s3://{bucket}/{key}"))?;
        }
    }
    Ok(())
}

/// Every file under `dir`.
fn files(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(out);
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(files(&path)?);
        } else {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}
