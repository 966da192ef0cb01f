//! The result document as a person reads it: one model for every result kind — licence, permit,
//! ecological expertise conclusion, motivated refusal — built from the stored signed
//! [`Document`].
//!
//! The host adds what every document has (number, holder, provider, act, dates, signer); the
//! regional rules' `render` content (see `wit/reglament.wit`) gives the rest, read by these
//! conventions:
//!
//! - `title` `{ru, kk, en}`: the service's name, printed under the document's heading;
//! - `holder` / `applicant` `{id, kind, name}`: the holder's name when the registry had none;
//! - `verdict` `"agreed"` / `"not-agreed"`: an expertise conclusion's verdict;
//! - `statement` `{ru, kk, en}` and `reasons` `[{ru, kk, en}]`: a motivated refusal's text;
//! - `tables` `[{title, columns, rows}]`: tables such as a permit's limits, printed as grids
//!   (`title` and each column a `{ru, kk, en}` or a string, each row a list of strings or numbers);
//!   any other list of objects is printed as a table too, one column per key;
//! - everything else: one labelled line each (a `{ru, kk, en}` value in both languages, a list
//!   joined with commas, a nested object as `key.subkey` lines).
//!
//! The identifying parts the header already shows (`type`, `service`, `kind`, `act`, `provider`,
//! `region`, `application`) are not repeated.

use reglament_core::document::Document;
use reglament_core::rules::Message;
use serde_json::{Map, Value};

use crate::labels;

/// A text in the two languages a document is printed in: Russian and Kazakh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bilingual {
    pub ru: String,
    pub kk: String,
}

impl Bilingual {
    pub fn new(ru: &str, kk: &str) -> Bilingual {
        Bilingual {
            ru: ru.to_owned(),
            kk: kk.to_owned(),
        }
    }

    /// The same text in both languages (a number, a name, an identifier).
    pub fn same(text: &str) -> Bilingual {
        Bilingual::new(text, text)
    }

    /// Read a `{ru, kk, en}` object (or a plain string) from rendered content.
    pub fn parse(value: &Value) -> Option<Bilingual> {
        match value {
            Value::String(text) => Some(Bilingual::same(text)),
            Value::Object(map) => {
                let ru = map.get("ru").and_then(Value::as_str);
                let kk = map.get("kk").and_then(Value::as_str);
                match (ru, kk) {
                    (Some(ru), Some(kk)) => Some(Bilingual::new(ru, kk)),
                    (Some(one), None) | (None, Some(one)) => Some(Bilingual::same(one)),
                    (None, None) => None,
                }
            }
            _ => None,
        }
    }

    /// Both languages as lines; one line when they agree.
    pub fn lines(&self) -> Vec<String> {
        if self.ru == self.kk {
            vec![self.ru.clone()]
        } else {
            vec![self.ru.clone(), self.kk.clone()]
        }
    }

    /// "ru / kk", or the text once when they agree.
    pub fn joined(&self) -> String {
        if self.ru == self.kk {
            self.ru.clone()
        } else {
            format!("{} / {}", self.ru, self.kk)
        }
    }
}

impl From<&Message> for Bilingual {
    fn from(message: &Message) -> Bilingual {
        Bilingual::new(&message.ru, &message.kk)
    }
}

/// Which result a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultKind {
    Licence,
    /// A permit for emissions into the environment.
    Permit,
    /// A state ecological expertise conclusion, with its verdict.
    Conclusion,
    /// A motivated refusal, signed like a positive result.
    Refusal,
}

impl ResultKind {
    /// The kind a stored document names (`type`): "licence", "permit", "conclusion", "refusal".
    pub fn parse(name: &str) -> Option<ResultKind> {
        match name {
            "licence" => Some(ResultKind::Licence),
            "permit" => Some(ResultKind::Permit),
            "conclusion" => Some(ResultKind::Conclusion),
            "refusal" => Some(ResultKind::Refusal),
            _ => None,
        }
    }

    /// The document's heading.
    pub fn heading(self) -> Bilingual {
        labels::heading(self)
    }
}

/// An ecological expertise conclusion's verdict (DECISIONS 6): a `not-agreed` conclusion is an
/// issued result, not a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// согласовывается / келісіледі.
    Agreed,
    /// не согласовывается / келісілмейді.
    NotAgreed,
}

impl Verdict {
    pub fn parse(name: &str) -> Option<Verdict> {
        match name {
            "agreed" => Some(Verdict::Agreed),
            "not-agreed" => Some(Verdict::NotAgreed),
            _ => None,
        }
    }

    pub fn text(self) -> Bilingual {
        match self {
            Verdict::Agreed => Bilingual::new("согласовывается", "келісіледі"),
            Verdict::NotAgreed => Bilingual::new("не согласовывается", "келісілмейді"),
        }
    }
}

/// One labelled line of a document: the label in both languages and the value's lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRow {
    pub label: Bilingual,
    pub value: Vec<String>,
}

/// A table of a document, such as a permit's emission limits by year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub title: Bilingual,
    pub columns: Vec<Bilingual>,
    pub rows: Vec<Vec<String>>,
}

/// Who signed: the provider's authorised person, by the provider's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub provider: Bilingual,
    pub algorithm: String,
    pub key_id: String,
}

/// A result document as it is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultDocument {
    pub kind: ResultKind,
    /// The service's name, as the rules render it.
    pub title: Option<Bilingual>,
    pub number: String,
    pub provider: Bilingual,
    /// Date and time of issue as printed, e.g. "11.02.2013 03:05 UTC".
    pub issued: String,
    /// The host's lines: holder, registration, application, request kind, act.
    pub header: Vec<FieldRow>,
    /// The rules' lines.
    pub fields: Vec<FieldRow>,
    pub tables: Vec<Table>,
    pub verdict: Option<Verdict>,
    /// A motivated refusal's statement and reasons.
    pub statement: Option<Bilingual>,
    pub reasons: Vec<Bilingual>,
    pub signer: Option<Signer>,
    /// SHA-256 of the signed content (what the signature covers).
    pub content_hash: String,
}

/// Why a stored document cannot be printed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error(
        "document {number} has type {kind:?}; a result is a licence, permit, conclusion or refusal"
    )]
    UnknownKind { number: String, kind: String },
    #[error(
        "conclusion {number} has no verdict: its content needs \"verdict\": \"agreed\" or \"not-agreed\""
    )]
    NoVerdict { number: String },
    #[error("document {number}: {problem}")]
    Content { number: String, problem: String },
}

/// Content keys the header shows already, or that are read into their own parts.
const READ_KEYS: [&str; 13] = [
    "type",
    "service",
    "kind",
    "act",
    "provider",
    "region",
    "application",
    "title",
    "holder",
    "applicant",
    "verdict",
    "statement",
    "reasons",
];

impl ResultDocument {
    /// The printed form of a stored document.
    pub fn from_document(document: &Document) -> Result<ResultDocument, ModelError> {
        let kind = ResultKind::parse(&document.kind).ok_or_else(|| ModelError::UnknownKind {
            number: document.number.clone(),
            kind: document.kind.clone(),
        })?;
        let empty = Map::new();
        let content = document.content.as_object().unwrap_or(&empty);
        let verdict = match content.get("verdict") {
            Some(Value::String(name)) => {
                Some(Verdict::parse(name).ok_or_else(|| ModelError::Content {
                    number: document.number.clone(),
                    problem: format!("verdict {name:?} is neither \"agreed\" nor \"not-agreed\""),
                })?)
            }
            Some(other) => {
                return Err(ModelError::Content {
                    number: document.number.clone(),
                    problem: format!("verdict must be a string, found {other}"),
                });
            }
            None => None,
        };
        if kind == ResultKind::Conclusion && verdict.is_none() {
            return Err(ModelError::NoVerdict {
                number: document.number.clone(),
            });
        }
        let mut fields = Vec::new();
        let mut tables = Vec::new();
        for (key, value) in content {
            if READ_KEYS.contains(&key.as_str()) {
                continue;
            }
            if key == "tables" {
                for table in value.as_array().into_iter().flatten() {
                    tables.push(explicit_table(&document.number, table)?);
                }
                continue;
            }
            if let Some(table) = listed_table(key, value) {
                tables.push(table);
                continue;
            }
            field_rows(key, value, &mut fields);
        }
        Ok(ResultDocument {
            kind,
            title: content.get("title").and_then(Bilingual::parse),
            number: document.number.clone(),
            provider: Bilingual::from(&document.provider),
            issued: printed_time(&document.issued_at),
            header: header(document, content),
            fields,
            tables,
            verdict,
            statement: content.get("statement").and_then(Bilingual::parse),
            reasons: content
                .get("reasons")
                .and_then(Value::as_array)
                .map(|reasons| reasons.iter().filter_map(Bilingual::parse).collect())
                .unwrap_or_default(),
            signer: document.signature.as_ref().map(|s| Signer {
                provider: Bilingual::from(&document.provider),
                algorithm: s.algorithm.clone(),
                key_id: s.key_id.clone(),
            }),
            content_hash: document.content_hash(),
        })
    }
}

/// The host's lines: who holds it, under which registration, for which request, by which act.
fn header(document: &Document, content: &Map<String, Value>) -> Vec<FieldRow> {
    let named = content
        .get("holder")
        .or_else(|| content.get("applicant"))
        .and_then(|h| h.get("name"))
        .and_then(Value::as_str);
    let name = document.holder_name.as_deref().or(named);
    let mut holder = Vec::new();
    if let Some(name) = name {
        holder.push(name.to_owned());
    }
    holder.push(format!(
        "{} {}",
        labels::id_kind(&document.holder),
        document.holder
    ));
    let mut rows = vec![FieldRow {
        label: labels::HOLDER.bilingual(),
        value: holder,
    }];
    if let Some(registration) = &document.registration_number {
        rows.push(FieldRow {
            label: labels::REGISTRATION.bilingual(),
            value: vec![registration.clone()],
        });
    }
    rows.push(FieldRow {
        label: labels::APPLICATION.bilingual(),
        value: vec![document.application.clone()],
    });
    rows.push(FieldRow {
        label: labels::REQUEST_KIND.bilingual(),
        value: labels::request_kind(&document.request_kind).lines(),
    });
    if let Some(refers_to) = &document.refers_to {
        rows.push(FieldRow {
            label: labels::REFERS_TO.bilingual(),
            value: vec![refers_to.clone()],
        });
    }
    rows.push(FieldRow {
        label: labels::ACT.bilingual(),
        value: Bilingual::from(&document.act).lines(),
    });
    rows
}

/// An RFC 3339 time as printed: "11.02.2013 03:05 UTC" (the stored text when it is not one).
fn printed_time(rfc3339: &str) -> String {
    let date = rfc3339.get(..10).unwrap_or(rfc3339);
    let time = rfc3339.get(11..16).unwrap_or("");
    let parts: Vec<&str> = date.split('-').collect();
    match (parts.as_slice(), time.len()) {
        ([y, m, d], 5) => format!("{d}.{m}.{y} {time} UTC"),
        _ => rfc3339.to_owned(),
    }
}

/// A value's text on one line.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(true) => Some("да / иә".to_owned()),
        Value::Bool(false) => Some("нет / жоқ".to_owned()),
        Value::Object(_) => Bilingual::parse(value).map(|b| b.joined()),
        _ => None,
    }
}

/// The lines of one content key: a message in both languages, a list joined, an object
/// flattened.
fn field_rows(key: &str, value: &Value, out: &mut Vec<FieldRow>) {
    let label = labels::field(key);
    match value {
        Value::Null => {}
        Value::Object(map) if is_message(map) => {
            out.extend(Bilingual::parse(value).map(|b| FieldRow {
                label,
                value: b.lines(),
            }))
        }
        Value::Object(map) => {
            for (sub, inner) in map {
                field_rows(&format!("{key}.{sub}"), inner, out);
            }
        }
        Value::Array(items) => {
            let texts: Vec<String> = items.iter().filter_map(scalar).collect();
            if !texts.is_empty() {
                out.push(FieldRow {
                    label,
                    value: vec![texts.join(", ")],
                });
            }
        }
        _ => out.extend(scalar(value).map(|text| FieldRow {
            label,
            value: vec![text],
        })),
    }
}

/// Whether an object is a `{ru, kk, en}` message rather than a record of its own.
fn is_message(map: &Map<String, Value>) -> bool {
    map.keys().all(|k| matches!(k.as_str(), "ru" | "kk" | "en"))
}

/// A table given as `{title, columns, rows}`.
fn explicit_table(number: &str, value: &Value) -> Result<Table, ModelError> {
    let problem = |what: &str| ModelError::Content {
        number: number.to_owned(),
        problem: format!("tables: {what}"),
    };
    let columns: Vec<Bilingual> = value
        .get("columns")
        .and_then(Value::as_array)
        .ok_or_else(|| problem("a table needs \"columns\", a list"))?
        .iter()
        .map(|c| Bilingual::parse(c).ok_or_else(|| problem("a column is a {ru, kk} or a string")))
        .collect::<Result<_, _>>()?;
    let rows = value
        .get("rows")
        .and_then(Value::as_array)
        .ok_or_else(|| problem("a table needs \"rows\", a list of lists"))?
        .iter()
        .map(|row| {
            row.as_array()
                .map(|cells| {
                    cells
                        .iter()
                        .map(|c| scalar(c).unwrap_or_default())
                        .collect()
                })
                .ok_or_else(|| problem("each row is a list of cells"))
        })
        .collect::<Result<Vec<Vec<String>>, _>>()?;
    if rows.iter().any(|row| row.len() != columns.len()) {
        return Err(problem("every row has as many cells as there are columns"));
    }
    Ok(Table {
        title: value
            .get("title")
            .and_then(Bilingual::parse)
            .unwrap_or_else(|| Bilingual::same("")),
        columns,
        rows,
    })
}

/// A list of records printed as a table, one column per key (in the order first seen).
fn listed_table(key: &str, value: &Value) -> Option<Table> {
    let items = value.as_array()?;
    if items.is_empty() || !items.iter().all(Value::is_object) {
        return None;
    }
    let mut keys: Vec<&str> = Vec::new();
    for item in items {
        for k in item.as_object()?.keys() {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
    }
    Some(Table {
        title: labels::field(key),
        columns: keys.iter().map(|k| labels::field(k)).collect(),
        rows: items
            .iter()
            .map(|item| {
                keys.iter()
                    .map(|k| item.get(*k).and_then(scalar).unwrap_or_default())
                    .collect()
            })
            .collect(),
    })
}
