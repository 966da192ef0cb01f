//! The state registries of individuals (ГБД ФЛ) and legal entities (ГБД ЮЛ), as far as the
//! provider channel asks them: does this IIN/BIN exist, and under what name.
//!
//! Kept as `GBD#<IIN/BIN> / META` items, loadable from a file (`reglament registry import`).

use reglament_store::{Condition, Item, Key, Store, StoreError, Transaction, Write};
use serde::{Deserialize, Serialize};

use crate::identity::TaxpayerId;
use crate::rules::ApplicantKind;

/// A person or legal entity known to the state registries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistryEntry {
    pub id: String,
    pub kind: ApplicantKind,
    pub name: String,
}

pub fn entry_key(id: &str) -> Key {
    Key::new(format!("GBD#{id}"), "META")
}

/// Look an IIN/BIN up in the registries.
pub async fn lookup(store: &dyn Store, id: &str) -> Result<Option<RegistryEntry>, StoreError> {
    match store.get(&entry_key(id)).await? {
        Some(item) => item.to_value().map(Some),
        None => Ok(None),
    }
}

/// Why a registry file could not be imported. Nothing of the file is imported then.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("line {line}: {reason}")]
    Line { line: usize, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Parse a registry file: one entry a line, `IIN-or-BIN;name` (`#` starts a comment), each
/// number once. Every line is checked before anything is stored.
pub fn parse(text: &str) -> Result<Vec<RegistryEntry>, ImportError> {
    let mut entries = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |reason: String| ImportError::Line {
            line: index + 1,
            reason,
        };
        let (id, name) = line
            .split_once(';')
            .ok_or_else(|| bad("expected `IIN-or-BIN;name`".to_string()))?;
        let id = TaxpayerId::parse(id.trim()).map_err(|e| bad(e.to_string()))?;
        let name = name.trim();
        if name.is_empty() {
            return Err(bad("the name is empty".to_string()));
        }
        if let Some(first) = seen.insert(id.to_string(), index + 1) {
            return Err(bad(format!(
                "{id} is listed already on line {first}; keep one line per IIN/BIN"
            )));
        }
        entries.push(RegistryEntry {
            id: id.to_string(),
            kind: id.kind(),
            name: name.to_string(),
        });
    }
    Ok(entries)
}

/// Store entries (replacing existing ones with the same number), in transactions of 50.
pub async fn import(store: &dyn Store, entries: &[RegistryEntry]) -> Result<usize, ImportError> {
    for chunk in entries.chunks(50) {
        let writes = chunk
            .iter()
            .map(|e| {
                Ok(Write::Put {
                    item: Item::from_value(entry_key(&e.id), e)?,
                    condition: Condition::None,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        store.transact(Transaction::new(writes)).await?;
    }
    Ok(entries.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registry_file_is_checked_line_by_line() {
        let a = TaxpayerId::individual_for_tests(1).unwrap();
        let b = TaxpayerId::legal_entity_for_tests(1).unwrap();
        let entries = parse(&format!("# people\n{a};Иванов\n\n{b};ТОО «Агро»\n")).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].kind, ApplicantKind::LegalEntity);
        let line = |text: &str| match parse(text) {
            Err(ImportError::Line { line, .. }) => line,
            other => panic!("expected a line error, got {other:?}"),
        };
        assert_eq!(line(&format!("{a};x\n123;y\n")), 2);
        assert_eq!(line(&format!("{a}\n")), 1);
        assert_eq!(line(&format!("{a};\n")), 1);
        assert_eq!(line(&format!("{a};x\n{b};y\n{a};z\n")), 3);
    }
}
