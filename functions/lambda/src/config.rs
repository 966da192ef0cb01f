//! A function's configuration, from its environment.
//!
//! | variable | meaning |
//! |---|---|
//! | `REGLAMENT_TABLE` | the DynamoDB table |
//! | `REGLAMENT_DATA` | where rule artifacts, keys, trusted roots and secrets are: a directory, or `s3://bucket[/prefix]` |
//! | `REGLAMENT_AS_OF` | optional: the day the clock shows (`2013-02-11`), for trying regulations no longer in force |
//! | `REGLAMENT_RULES_REFRESH_MS` | optional: the most milliseconds between two looks at the rules registry (default 5000) |
//!
//! Plus the AWS SDK's own: `AWS_REGION`, credentials, and `AWS_ENDPOINT_URL` for an emulator.

use chrono::{NaiveDate, Utc};

use crate::data::DataLocation;

/// The environment variable naming the data location.
pub const DATA_ENV: &str = "REGLAMENT_DATA";
/// The environment variable setting the clock's day.
pub const AS_OF_ENV: &str = "REGLAMENT_AS_OF";
/// The environment variable setting how often a function looks for newly activated rules.
pub const RULES_REFRESH_ENV: &str = "REGLAMENT_RULES_REFRESH_MS";

/// Why the configuration is unusable.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} is not set; {1}")]
    Missing(&'static str, &'static str),
    #[error("{var}={value:?}: {why}")]
    Invalid {
        var: &'static str,
        value: String,
        why: String,
    },
}

/// A function's configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub table: String,
    pub data: DataLocation,
    /// The day the clock shows instead of today, keeping the time of day.
    pub as_of: Option<NaiveDate>,
    /// The most time between two looks at the rules registry.
    pub rules_refresh: std::time::Duration,
}

impl Config {
    /// The configuration from the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::parse(|name| std::env::var(name).ok())
    }

    /// The configuration from a lookup of variables.
    pub fn parse(var: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let table = var(reglament_store::dynamodb::TABLE_ENV).ok_or(ConfigError::Missing(
            reglament_store::dynamodb::TABLE_ENV,
            "set it to the name of the reglament table",
        ))?;
        let data = var(DATA_ENV).ok_or(ConfigError::Missing(
            DATA_ENV,
            "set it to the data directory or s3://bucket/prefix of the rule artifacts",
        ))?;
        let data = DataLocation::parse(&data).map_err(|why| ConfigError::Invalid {
            var: DATA_ENV,
            value: data.clone(),
            why,
        })?;
        let as_of = var(AS_OF_ENV)
            .filter(|v| !v.is_empty())
            .map(|v| {
                NaiveDate::parse_from_str(&v, "%Y-%m-%d").map_err(|e| ConfigError::Invalid {
                    var: AS_OF_ENV,
                    value: v.clone(),
                    why: format!("{e}; give a date like 2013-02-11"),
                })
            })
            .transpose()?;
        let rules_refresh = var(RULES_REFRESH_ENV)
            .filter(|v| !v.is_empty())
            .map(|v| {
                v.parse::<u64>()
                    .map(std::time::Duration::from_millis)
                    .map_err(|e| ConfigError::Invalid {
                        var: RULES_REFRESH_ENV,
                        value: v.clone(),
                        why: format!("{e}; give whole milliseconds, e.g. 5000"),
                    })
            })
            .transpose()?
            .unwrap_or(crate::refresh::DEFAULT_EVERY);
        Ok(Config {
            table,
            data,
            as_of,
            rules_refresh,
        })
    }

    /// The clock: the machine's, or shifted by whole days to `as_of`, so that every function
    /// started with the same `as_of` shows the same time.
    pub fn clock(&self) -> std::sync::Arc<dyn reglament_core::clock::Clock> {
        use reglament_core::clock::{ShiftedClock, SystemClock};
        match self.as_of {
            None => std::sync::Arc::new(SystemClock),
            Some(day) => {
                let now = Utc::now();
                let shift = day - now.date_naive();
                std::sync::Arc::new(ShiftedClock::starting_at(now + shift))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn parse(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::parse(|name| vars.get(name).cloned())
    }

    #[test]
    fn reads_table_data_and_day() {
        let config = parse(&[
            ("REGLAMENT_TABLE", "reglament-akmola"),
            ("REGLAMENT_DATA", "s3://rules-bucket/akmola"),
            ("REGLAMENT_AS_OF", "2013-02-11"),
        ])
        .unwrap();
        assert_eq!(config.table, "reglament-akmola");
        assert_eq!(
            config.data,
            DataLocation::S3 {
                bucket: "rules-bucket".into(),
                prefix: "akmola/".into()
            }
        );
        assert_eq!(config.clock().now().date_naive().to_string(), "2013-02-11");
        assert_eq!(config.rules_refresh, crate::refresh::DEFAULT_EVERY);
        let fast = parse(&[
            ("REGLAMENT_TABLE", "t"),
            ("REGLAMENT_DATA", "/d"),
            ("REGLAMENT_RULES_REFRESH_MS", "250"),
        ])
        .unwrap();
        assert_eq!(fast.rules_refresh, std::time::Duration::from_millis(250));
    }

    #[test]
    fn says_what_is_missing_or_wrong() {
        let err = parse(&[("REGLAMENT_DATA", "/tmp")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("REGLAMENT_TABLE"), "{err}");
        let err = parse(&[
            ("REGLAMENT_TABLE", "t"),
            ("REGLAMENT_DATA", "/d"),
            ("REGLAMENT_AS_OF", "11.02.2013"),
        ])
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("REGLAMENT_AS_OF") && err.contains("2013-02-11"),
            "{err}"
        );
        let err = parse(&[
            ("REGLAMENT_TABLE", "t"),
            ("REGLAMENT_DATA", "/d"),
            ("REGLAMENT_RULES_REFRESH_MS", "5s"),
        ])
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("REGLAMENT_RULES_REFRESH_MS") && err.contains("5000"),
            "{err}"
        );
    }
}
