//! Where a function finds its files: the precompiled rule artifacts (`rules/rules/<digest>.cwasm`),
//! the providers' signing keys (`keys/<region>.pem`), trusted roots and revocation lists
//! (`trust/roots/*.pem`, `trust/crls/*.pem`) and the API's secrets (`secrets/*.key`) — the layout
//! of the embedded data directory, so that a directory prepared by `reglament` serves as is.
//!
//! Locally it is that directory; in the cloud an S3 bucket (and prefix) holding the same files,
//! which a function copies to `/tmp` at cold start, only the parts it needs.

use std::path::{Path, PathBuf};

use aws_sdk_s3::Client;

/// Where the files are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataLocation {
    Dir(PathBuf),
    /// `prefix` is empty or ends with `/`.
    S3 {
        bucket: String,
        prefix: String,
    },
}

/// Why the files could not be had.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("{doing}: {message}")]
    S3 { doing: String, message: String },
    #[error("{doing}: {source}")]
    Io {
        doing: String,
        source: std::io::Error,
    },
}

impl DataLocation {
    /// `s3://bucket[/prefix]` or a directory path.
    pub fn parse(text: &str) -> Result<DataLocation, String> {
        let Some(rest) = text.strip_prefix("s3://") else {
            if text.is_empty() {
                return Err("an empty path; give a directory or s3://bucket/prefix".into());
            }
            return Ok(DataLocation::Dir(PathBuf::from(text)));
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err("no bucket after s3://".into());
        }
        let prefix = prefix.trim_matches('/');
        let prefix = if prefix.is_empty() {
            String::new()
        } else {
            format!("{prefix}/")
        };
        Ok(DataLocation::S3 {
            bucket: bucket.to_owned(),
            prefix,
        })
    }

    /// A local directory holding `parts` (sub-directories such as `rules`, `keys`): the
    /// directory itself, or `local` after copying those parts of the bucket into it.
    pub async fn materialize(
        &self,
        config: &aws_config::SdkConfig,
        parts: &[&str],
        local: &Path,
    ) -> Result<PathBuf, DataError> {
        match self {
            DataLocation::Dir(dir) => Ok(dir.clone()),
            DataLocation::S3 { bucket, prefix } => {
                if local.exists() {
                    std::fs::remove_dir_all(local).map_err(|source| DataError::Io {
                        doing: format!("clear {}", local.display()),
                        source,
                    })?;
                }
                let client = s3_client(config);
                for part in parts {
                    let from = format!("{prefix}{part}/");
                    copy_prefix(&client, bucket, &from, prefix, local, false).await?;
                }
                Ok(local.to_path_buf())
            }
        }
    }

    /// Copy the files of `part` that `local` (the result of [`DataLocation::materialize`])
    /// lacks — new rule artifacts — leaving those it has. A directory has them all already.
    pub async fn fetch_new(
        &self,
        config: &aws_config::SdkConfig,
        part: &str,
        local: &Path,
    ) -> Result<(), DataError> {
        match self {
            DataLocation::Dir(_) => Ok(()),
            DataLocation::S3 { bucket, prefix } => {
                let from = format!("{prefix}{part}/");
                copy_prefix(&s3_client(config), bucket, &from, prefix, local, true).await
            }
        }
    }
}

/// An S3 client; path-style addressing when an endpoint is set (an emulator).
pub fn s3_client(config: &aws_config::SdkConfig) -> Client {
    let s3 = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(config.endpoint_url().is_some())
        .build();
    Client::from_conf(s3)
}

/// Copies every object under `prefix` to `local`, named by its key without `strip` (with
/// `only_missing`, only those `local` lacks). A file appears whole: it is written aside and
/// renamed.
#[tracing::instrument(skip(client, local))]
async fn copy_prefix(
    client: &Client,
    bucket: &str,
    prefix: &str,
    strip: &str,
    local: &Path,
    only_missing: bool,
) -> Result<(), DataError> {
    let mut token: Option<String> = None;
    loop {
        let page = client
            .list_objects_v2()
            .bucket(bucket)
            .prefix(prefix)
            .set_continuation_token(token.take())
            .send()
            .await
            .map_err(|e| DataError::S3 {
                doing: format!("list s3://{bucket}/{prefix}"),
                message: aws_sdk_s3::error::DisplayErrorContext(&e).to_string(),
            })?;
        for object in page.contents() {
            let Some(key) = object.key() else { continue };
            let relative = key.strip_prefix(strip).unwrap_or(key);
            if relative.ends_with('/') || relative.split('/').any(|p| p == ".." || p.is_empty()) {
                continue;
            }
            // A component's source (`rules/<digest>.wasm`) serves only a build that compiles.
            if relative.ends_with(".wasm") {
                continue;
            }
            let path = local.join(relative);
            if only_missing && path.exists() {
                continue;
            }
            let body = client
                .get_object()
                .bucket(bucket)
                .key(key)
                .send()
                .await
                .map_err(|e| DataError::S3 {
                    doing: format!("get s3://{bucket}/{key}"),
                    message: aws_sdk_s3::error::DisplayErrorContext(&e).to_string(),
                })?
                .body
                .collect()
                .await
                .map_err(|e| DataError::S3 {
                    doing: format!("read s3://{bucket}/{key}"),
                    message: e.to_string(),
                })?
                .into_bytes();
            let io = |doing: String| move |source| DataError::Io { doing, source };
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(io(format!("create {}", dir.display())))?;
            }
            let aside = path.with_extension("part");
            std::fs::write(&aside, &body).map_err(io(format!("write {}", aside.display())))?;
            std::fs::rename(&aside, &path).map_err(io(format!("rename to {}", path.display())))?;
        }
        match page.next_continuation_token() {
            Some(next) => token = Some(next.to_owned()),
            None => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_buckets_and_directories() {
        assert_eq!(
            DataLocation::parse("s3://b").unwrap(),
            DataLocation::S3 {
                bucket: "b".into(),
                prefix: String::new()
            }
        );
        assert_eq!(
            DataLocation::parse("s3://b/x/y/").unwrap(),
            DataLocation::S3 {
                bucket: "b".into(),
                prefix: "x/y/".into()
            }
        );
        assert_eq!(
            DataLocation::parse("./local").unwrap(),
            DataLocation::Dir("./local".into())
        );
        assert!(DataLocation::parse("s3:///x").is_err());
        assert!(DataLocation::parse("").is_err());
    }
}
