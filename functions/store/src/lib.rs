//! The Store port: everything reglament keeps, as items of one table.
//!
//! The layout is DynamoDB's single-table design (see DESIGN.md, "State"): every item has a
//! partition key `pk` and a sort key `sk`, a JSON object of attributes, and may appear in two
//! secondary indexes through the attributes `gsi1pk`/`gsi1sk` (an applicant's applications) and
//! `gsi2pk`/`gsi2sk` (a provider's open work ordered by due time). A [`Transaction`] applies all its
//! writes or none, each write guarded by its [`Condition`]. Inserted event items (sort key
//! starting with `EVT#`) also go to the ordered [`StreamRecord`] log that drives the steps.
//!
//! Adapters: [`sqlite::SqliteStore`] (embedded, the default) and `dynamodb::DynamoStore` (the
//! cloud, feature `dynamodb`). Both must pass
//! [`conformance`].

pub mod conformance;
#[cfg(feature = "dynamodb")]
pub mod dynamodb;
#[cfg(feature = "sqlite")]
pub mod sqlite;
mod validate;

use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

// The attribute names that put an item into the secondary indexes. An item is in an index when
// it has both of the index's attributes; when present, each must be a non-empty string (as
// DynamoDB requires of index keys), otherwise the write is `StoreError::Invalid`.

/// Partition key attribute of [`Index::Applicant`].
pub const GSI1_PK: &str = "gsi1pk";
/// Sort key attribute of [`Index::Applicant`].
pub const GSI1_SK: &str = "gsi1sk";
/// Partition key attribute of [`Index::Inbox`].
pub const GSI2_PK: &str = "gsi2pk";
/// Sort key attribute of [`Index::Inbox`].
pub const GSI2_SK: &str = "gsi2sk";

/// The most items one transaction may touch, the numbering counter included (DynamoDB's limit
/// for `TransactWriteItems`); more is `StoreError::Invalid` in every adapter.
pub const MAX_TRANSACTION_WRITES: usize = 100;

/// The sort-key prefix of event items: inserting one appends it to the stream.
pub const EVENT_PREFIX: &str = "EVT#";

/// Where an item lives: partition key and sort key. A write needs both non-empty (DynamoDB
/// rejects empty key strings), otherwise it is `StoreError::Invalid`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Key {
    pub pk: String,
    pub sk: String,
}

impl Key {
    pub fn new(pk: impl Into<String>, sk: impl Into<String>) -> Self {
        Key {
            pk: pk.into(),
            sk: sk.into(),
        }
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.pk, self.sk)
    }
}

/// One stored item: its key and a JSON object of attributes (without `pk` and `sk`: a write whose
/// attributes contain either is `StoreError::Invalid`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub key: Key,
    pub attrs: Map<String, Value>,
}

impl Item {
    pub fn new(key: Key, attrs: Map<String, Value>) -> Self {
        Item { key, attrs }
    }

    /// An item from a serialisable value that must be a JSON object.
    pub fn from_value(key: Key, value: &impl Serialize) -> Result<Self, StoreError> {
        match serde_json::to_value(value).map_err(|e| StoreError::Encoding(e.to_string()))? {
            Value::Object(attrs) => Ok(Item { key, attrs }),
            other => Err(StoreError::Encoding(format!(
                "item {key} must be a JSON object, got {other}"
            ))),
        }
    }

    /// The attributes read back as a typed value.
    pub fn to_value<T: for<'de> Deserialize<'de>>(&self) -> Result<T, StoreError> {
        serde_json::from_value(Value::Object(self.attrs.clone()))
            .map_err(|e| StoreError::Encoding(format!("item {}: {e}", self.key)))
    }

    pub fn get(&self, attr: &str) -> Option<&Value> {
        self.attrs.get(attr)
    }
}

/// What must hold of an item for a write to go ahead.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// Always.
    None,
    /// The item does not exist.
    NotExists,
    /// The item exists.
    Exists,
    /// The item exists and its attribute equals the value.
    Equals { attr: String, value: Value },
}

/// One write of a transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// Create or replace the whole item.
    Put { item: Item, condition: Condition },
    /// Remove the item.
    Delete { key: Key, condition: Condition },
    /// Write nothing; only require the condition.
    Check { key: Key, condition: Condition },
}

impl Write {
    pub fn key(&self) -> &Key {
        match self {
            Write::Put { item, .. } => &item.key,
            Write::Delete { key, .. } | Write::Check { key, .. } => key,
        }
    }
}

/// Allocation of the next number of a counter inside a transaction: the counter item's
/// attribute `value` (a non-negative integer, 0 when the item or attribute is missing) goes up by
/// one, its other attributes are kept, and `fill` makes the transaction's further writes from the
/// allocated number. If the transaction fails, the number is not used.
///
/// The filled writes follow the transaction's own writes: in
/// [`StoreError::ConditionFailed`] the filled write `i` has index `writes.len() + i`. Neither the
/// transaction's writes nor the filled ones may touch the counter item itself.
pub struct Numbering {
    pub counter: Key,
    pub fill: Box<dyn Fn(u64) -> Vec<Write> + Send + Sync>,
}

impl std::fmt::Debug for Numbering {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Numbering")
            .field("counter", &self.counter)
            .finish_non_exhaustive()
    }
}

/// Writes applied all together or not at all. It must touch at least one item (a write or a
/// numbering), each item at most once, and at most [`MAX_TRANSACTION_WRITES`] items; otherwise
/// it is `StoreError::Invalid`.
#[derive(Debug, Default)]
pub struct Transaction {
    pub writes: Vec<Write>,
    pub numbering: Option<Numbering>,
}

impl Transaction {
    pub fn new(writes: Vec<Write>) -> Self {
        Transaction {
            writes,
            numbering: None,
        }
    }

    pub fn with_numbering(mut self, numbering: Numbering) -> Self {
        self.numbering = Some(numbering);
        self
    }
}

/// What a committed transaction reports back.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Committed {
    /// The number allocated by the transaction's [`Numbering`], if it had one.
    pub number: Option<u64>,
}

/// A secondary index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Index {
    /// `gsi1pk` / `gsi1sk`: an applicant's applications.
    Applicant,
    /// `gsi2pk` / `gsi2sk`: a provider's open work by due time.
    Inbox,
}

/// A record of the event stream: an inserted event item and its position in the log.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamRecord {
    /// Strictly increasing position; the next read continues after it.
    pub position: u64,
    pub item: Item,
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A write's condition did not hold; nothing of the transaction was applied. `index` is the
    /// write's position in `Transaction::writes`, followed by the numbering's filled writes.
    #[error("condition failed on {key} (write {index} of the transaction); nothing was written")]
    ConditionFailed { index: usize, key: Key },
    /// The transaction itself is malformed (e.g. two writes to one item).
    #[error("invalid transaction: {0}")]
    Invalid(String),
    /// An item could not be encoded or decoded.
    #[error("item encoding: {0}")]
    Encoding(String),
    /// The storage backend failed; the operation may be retried.
    #[error("storage backend: {0}")]
    Backend(String),
}

/// The Store port.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// One item, if it exists.
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError>;

    /// Several items at once, in the order of `keys` (`None` where an item does not exist); the
    /// keys must be distinct. An adapter may read them in one round trip; this default reads them
    /// one by one.
    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        let mut items = Vec::with_capacity(keys.len());
        for key in keys {
            items.push(self.get(key).await?);
        }
        Ok(items)
    }

    /// Items of a partition whose sort key starts with `sk_prefix`, in sort-key order.
    async fn query(&self, pk: &str, sk_prefix: &str) -> Result<Vec<Item>, StoreError>;

    /// Items of an index partition, in index sort-key order, at most `limit`.
    async fn query_index(
        &self,
        index: Index,
        pk: &str,
        limit: usize,
    ) -> Result<Vec<Item>, StoreError>;

    /// Apply the transaction atomically and durably. On success every write is applied and
    /// durable; on failure none is. A transaction whose future is dropped after it was handed to
    /// the backend may still commit.
    async fn transact(&self, tx: Transaction) -> Result<Committed, StoreError>;

    /// Stream records after `after`, at most `limit`, oldest first. When there are none, waits
    /// up to `wait` for one to be committed.
    async fn stream(
        &self,
        after: u64,
        limit: usize,
        wait: Duration,
    ) -> Result<Vec<StreamRecord>, StoreError>;
}
