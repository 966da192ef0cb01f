//! The cloud adapter of the [`Store`] port: one DynamoDB table in the single-table layout of
//! DESIGN.md ("State").
//!
//! - Items are the table's items: keys `pk`/`sk`, attributes as DynamoDB document types
//!   (module `attribute`); the indexes are the global secondary indexes `gsi1` and `gsi2`,
//!   sparse (an item without both index attributes is not in the index), projecting whole items.
//! - A [`Transaction`] is one `TransactWriteItems` request, each write guarded by its condition
//!   expression; a numbering is a guarded update of its counter in the same request (module
//!   `transact`).
//! - Reads of the table are strongly consistent; reads of an index are eventually consistent.
//! - The stream is the table's DynamoDB stream of new images (module `stream`).
//!
//! [`DynamoStore::from_env`] configures the client the AWS way (region, credentials, and
//! `AWS_ENDPOINT_URL` for an emulator); [`create_table`] makes the table where no template did.

mod attribute;
mod error;
mod expression;
mod reads;
mod stream;
mod table;
mod transact;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use tokio::sync::Mutex;

pub use self::stream::RETAINED;
use self::stream::StreamReader;
pub use self::table::{create_table, index_name};
use crate::{Committed, Index, Item, Key, Store, StoreError, StreamRecord, Transaction, validate};

/// The environment variable that names the table.
pub const TABLE_ENV: &str = "REGLAMENT_TABLE";

/// The store in one DynamoDB table.
pub struct DynamoStore {
    client: aws_sdk_dynamodb::Client,
    streams: aws_sdk_dynamodbstreams::Client,
    table: String,
    stream: Mutex<StreamReader>,
    /// Per numbering counter, the lock its numberings take turns on.
    counters: std::sync::Mutex<HashMap<Key, Arc<Mutex<()>>>>,
}

impl DynamoStore {
    /// The store in `table`, through clients made from one AWS configuration.
    pub fn new(config: &aws_config::SdkConfig, table: impl Into<String>) -> DynamoStore {
        DynamoStore {
            client: aws_sdk_dynamodb::Client::new(config),
            streams: aws_sdk_dynamodbstreams::Client::new(config),
            table: table.into(),
            stream: Mutex::new(StreamReader::default()),
            counters: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// The store in the table named by `REGLAMENT_TABLE`, configured from the environment
    /// (`AWS_REGION`, credentials, `AWS_ENDPOINT_URL` for an emulator).
    pub async fn from_env() -> Result<DynamoStore, StoreError> {
        let table = std::env::var(TABLE_ENV).map_err(|_| {
            StoreError::Invalid(format!(
                "{TABLE_ENV} is not set; set it to the name of the reglament table"
            ))
        })?;
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        Ok(DynamoStore::new(&config, table))
    }

    /// The table's name.
    pub fn table(&self) -> &str {
        &self.table
    }

    /// The DynamoDB client, for creating the table.
    pub fn client(&self) -> &aws_sdk_dynamodb::Client {
        &self.client
    }
}

#[async_trait]
impl Store for DynamoStore {
    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        self.get_item(key).await
    }

    #[tracing::instrument(skip_all, fields(table = %self.table, keys = keys.len()))]
    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        self.get_items(keys).await
    }

    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn query(&self, pk: &str, sk_prefix: &str) -> Result<Vec<Item>, StoreError> {
        self.query_prefix(pk, sk_prefix).await
    }

    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn query_index(
        &self,
        index: Index,
        pk: &str,
        limit: usize,
    ) -> Result<Vec<Item>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        self.query_index_partition(index, pk, limit).await
    }

    #[tracing::instrument(skip_all, fields(table = %self.table, writes = tx.writes.len()))]
    async fn transact(&self, tx: Transaction) -> Result<Committed, StoreError> {
        validate::check_transaction(&tx)?;
        self.transact_items(tx).await
    }

    #[tracing::instrument(skip(self), fields(table = %self.table))]
    async fn stream(
        &self,
        after: u64,
        limit: usize,
        wait: Duration,
    ) -> Result<Vec<StreamRecord>, StoreError> {
        self.read_stream(after, limit, wait).await
    }
}
