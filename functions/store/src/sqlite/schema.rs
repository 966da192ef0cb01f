//! The database file: how connections are opened and the versioned schema.
//!
//! The schema version lives in SQLite's `user_version`; `MIGRATIONS[i]` takes a database from
//! version `i` to `i + 1`. A later change appends a migration, never edits one.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::StoreError;

/// Version 1: the items table with its two sparse index projections, and the event stream.
const V1: &str = "
CREATE TABLE items (
    pk     TEXT NOT NULL,
    sk     TEXT NOT NULL,
    attrs  TEXT NOT NULL,
    gsi1pk TEXT,
    gsi1sk TEXT,
    gsi2pk TEXT,
    gsi2sk TEXT,
    PRIMARY KEY (pk, sk)
) WITHOUT ROWID;
CREATE INDEX items_gsi1 ON items (gsi1pk, gsi1sk) WHERE gsi1pk IS NOT NULL;
CREATE INDEX items_gsi2 ON items (gsi2pk, gsi2sk) WHERE gsi2pk IS NOT NULL;
CREATE TABLE stream (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    pk       TEXT NOT NULL,
    sk       TEXT NOT NULL,
    attrs    TEXT NOT NULL
);
";

const MIGRATIONS: &[&str] = &[V1];

/// How long a connection waits for a lock held by another connection before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Statements a connection keeps prepared (the writer uses about a dozen).
const STATEMENT_CACHE: usize = 32;

/// The writer's tuning, after WAL and `synchronous=NORMAL`:
/// - a 256 MiB page cache and the file mapped into memory, so the pages a batch touches are rarely
///   read back from the file (application ids are random, so inserts land all over the B-tree);
/// - the savepoints' sub-journal in memory rather than in a temp file;
/// - checkpoints belong to the background checkpointer; the writer checkpoints itself only when
///   the WAL reaches 16 384 pages (64 MiB), a valve that lets the WAL reset under sustained load;
/// - after a reset, a WAL file larger than 64 MiB is truncated back to that size.
const WRITER_TUNING: &str = "
PRAGMA cache_size = -262144;
PRAGMA mmap_size = 1073741824;
PRAGMA temp_store = MEMORY;
PRAGMA wal_autocheckpoint = 16384;
PRAGMA journal_size_limit = 67108864;
";

/// Opens the connection that writes: creates the file if needed, switches it to WAL with
/// `synchronous=NORMAL` and migrates the schema. A commit then returns before its WAL frames
/// are on disk: the durability thread ([`super::durability`]) fsyncs them before anyone is told
/// the commit happened.
pub(super) fn open_writer(path: &Path) -> Result<Connection, StoreError> {
    let conn = open(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
    )?;
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .map_err(|e| fail(path, "switch to WAL mode", e))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Backend(format!(
            "{}: journal mode is {mode} after asking for WAL; the file system may not support WAL",
            path.display()
        )));
    }
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(|e| fail(path, "set synchronous=NORMAL", e))?;
    conn.execute_batch(WRITER_TUNING)
        .map_err(|e| fail(path, "tune the writer connection", e))?;
    migrate(path, &conn)?;
    Ok(conn)
}

/// Opens a connection that only reads (WAL readers never wait for the writer). The file is mapped
/// into memory: a reader's page cache starts cold after every commit, and mapped pages need no
/// copy and no allocation (which SQLite serialises across connections).
pub(super) fn open_reader(path: &Path) -> Result<Connection, StoreError> {
    let conn = open(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    conn.pragma_update(None, "query_only", true)
        .map_err(|e| fail(path, "set query_only", e))?;
    conn.pragma_update(None, "mmap_size", 1i64 << 30)
        .map_err(|e| fail(path, "map the file", e))?;
    Ok(conn)
}

/// Opens the connection of the background checkpointer.
pub(super) fn open_checkpointer(path: &Path) -> Result<Connection, StoreError> {
    open(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
}

fn open(path: &Path, flags: OpenFlags) -> Result<Connection, StoreError> {
    static UNCOUNTED_MEMORY: std::sync::Once = std::sync::Once::new();
    UNCOUNTED_MEMORY.call_once(|| {
        // SQLite counts every allocation under one process-wide mutex unless told not to, and
        // the writer and the readers then queue on it. Only possible before SQLite initializes
        // (the first connection of the process); later it is refused and changes nothing.
        // SAFETY: SQLITE_CONFIG_MEMSTATUS takes one int; no connection is in use in between.
        unsafe {
            rusqlite::ffi::sqlite3_config(
                rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS,
                0 as std::ffi::c_int,
            );
        }
    });
    let flags = flags | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| fail(path, "open", e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| fail(path, "set the busy timeout", e))?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(conn)
}

/// Brings the schema to the latest version, one migration per transaction.
fn migrate(path: &Path, conn: &Connection) -> Result<(), StoreError> {
    let version = schema_version(path, conn)?;
    if version > MIGRATIONS.len() {
        return Err(StoreError::Backend(format!(
            "{}: schema version {version} is newer than this build knows ({}); use a newer reglament",
            path.display(),
            MIGRATIONS.len()
        )));
    }
    for (from, migration) in MIGRATIONS.iter().enumerate().skip(version) {
        let to = from + 1;
        let script = format!("BEGIN IMMEDIATE;\n{migration}\nPRAGMA user_version = {to};\nCOMMIT;");
        if let Err(e) = conn.execute_batch(&script) {
            // Leave no half-applied migration behind; the error already says what failed.
            let _ = conn.execute_batch("ROLLBACK");
            return Err(fail(
                path,
                &format!("migrate the schema from version {from} to {to}"),
                e,
            ));
        }
        tracing::info!(path = %path.display(), from, to, "migrated the store schema");
    }
    Ok(())
}

fn schema_version(path: &Path, conn: &Connection) -> Result<usize, StoreError> {
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|e| fail(path, "read the schema version", e))?;
    usize::try_from(version).map_err(|_| {
        StoreError::Backend(format!(
            "{}: schema version {version} is not valid",
            path.display()
        ))
    })
}

fn fail(path: &Path, what: &str, e: rusqlite::Error) -> StoreError {
    StoreError::Backend(format!("{}: {what}: {e}", path.display()))
}

/// The latest schema version this build writes.
#[cfg(test)]
pub(super) fn latest_version() -> usize {
    MIGRATIONS.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_and_reopens_the_schema() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("store.db");
        let conn = open_writer(&path).expect("first open");
        assert_eq!(
            schema_version(&path, &conn).expect("version"),
            latest_version()
        );
        drop(conn);
        let conn = open_writer(&path).expect("reopen");
        assert_eq!(
            schema_version(&path, &conn).expect("version"),
            latest_version()
        );
        let sync: i64 = conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .expect("pragma");
        assert_eq!(
            sync, 1,
            "synchronous must be NORMAL (the durability thread fsyncs)"
        );
    }

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("store.db");
        let conn = open_writer(&path).expect("first open");
        conn.pragma_update(None, "user_version", 99)
            .expect("bump version");
        drop(conn);
        let err = open_writer(&path).expect_err("newer schema must be refused");
        assert!(err.to_string().contains("newer"), "{err}");
    }

    #[test]
    fn index_queries_use_the_partial_indexes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let conn = open_writer(&dir.path().join("store.db")).expect("open");
        for (sql, index) in [
            (super::super::reads::INDEX_QUERY_GSI1, "items_gsi1"),
            (super::super::reads::INDEX_QUERY_GSI2, "items_gsi2"),
        ] {
            let plan: Vec<String> = conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .expect("prepare")
                .query_map(rusqlite::params!["p", 10], |row| row.get(3))
                .expect("plan")
                .collect::<Result<_, _>>()
                .expect("rows");
            let plan = plan.join("\n");
            assert!(
                plan.contains(index) && !plan.contains("TEMP B-TREE"),
                "{plan}"
            );
        }
    }
}
