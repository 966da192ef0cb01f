//! The limits an emission permit sets, year by year, in tonnes.
//!
//! The permit's output form (Atyrau Annex 5; Almaty Annex 7 with its appendices 1–4) sets four
//! limits, each "не более … тонн" for up to five years: pollutant emissions (annex 1 of the
//! permit), pollutant discharges (annex 2), placement of production and consumption waste
//! (annex 3) and placement of sulphur (annex 4). The applicant requests them in the application
//! (Almaty Annex 3, item 3 «Запрашиваемые лимиты»); the approved permit carries them.
//!
//! In the request form they are the optional field `limits`, an object of the limits requested,
//! each a `{year: tonnes}` object: `{"emissions": {"2014": 14.25, "2015": 13.5}, "waste":
//! {"2014": 310}}`. In the permit each becomes a table `{title, columns: [year, tonnes], rows}`.

use serde_json::{Map, Value, json};

use crate::form::Form;
use crate::text::{Text, localized, message};
use crate::types::Message;

/// One limit of the permit form: its key in the request form and its table's title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitKind {
    pub key: &'static str,
    pub title: Text,
}

/// The four limits of the permit form, in its order.
pub const KINDS: [LimitKind; 4] = [
    LimitKind {
        key: "emissions",
        title: Text {
            ru: "Лимиты выбросов загрязняющих веществ (приложение 1)",
            kk: "Ластаушы заттардың шығарындылары (1-қосымша)",
            en: "Pollutant emission limits (annex 1)",
        },
    },
    LimitKind {
        key: "discharges",
        title: Text {
            ru: "Лимиты сбросов загрязняющих веществ (приложение 2)",
            kk: "Ластаушы заттардың төгінділері (2-қосымша)",
            en: "Pollutant discharge limits (annex 2)",
        },
    },
    LimitKind {
        key: "waste",
        title: Text {
            ru: "Лимиты на размещение отходов производства и потребления (приложение 3)",
            kk: "Өндіріс және тұтыныс қалдықтарын орналастыру (3-қосымша)",
            en: "Production and consumption waste placement limits (annex 3)",
        },
    },
    LimitKind {
        key: "sulphur",
        title: Text {
            ru: "Лимиты на размещение серы (приложение 4)",
            kk: "Күкірт орналастыру (4-қосымша)",
            en: "Sulphur placement limits (annex 4)",
        },
    },
];

/// The form has five year rows for each limit.
pub const MAX_YEARS: usize = 5;

const YEAR: Text = Text {
    ru: "Год",
    kk: "Жыл",
    en: "Year",
};

const TONNES: Text = Text {
    ru: "Не более, тонн",
    kk: "Аспайтын көлемі, тонна",
    en: "At most, tonnes",
};

/// The limits a request asks for: each kind given, with its (year, tonnes) rows in year order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Limits(Vec<(LimitKind, Vec<(String, Value)>)>);

impl Limits {
    /// The form's `limits`, or one message per problem; no limits when the field is absent.
    pub fn parse(form: &Form) -> Result<Limits, Vec<Message>> {
        let Some(given) = form.value("limits") else {
            return Ok(Limits::default());
        };
        let Some(given) = given.as_object() else {
            return Err(vec![not_an_object("limits")]);
        };
        let mut problems: Vec<Message> = given
            .keys()
            .filter(|key| !KINDS.iter().any(|kind| kind.key == key.as_str()))
            .map(|key| unknown_kind(key))
            .collect();
        let mut limits = Vec::new();
        for kind in KINDS {
            let Some(years) = given.get(kind.key) else {
                continue;
            };
            match years_of(kind.key, years) {
                Ok(rows) => limits.push((kind, rows)),
                Err(found) => problems.extend(found),
            }
        }
        if problems.is_empty() {
            Ok(Limits(limits))
        } else {
            Err(problems)
        }
    }

    /// The permit's tables, one per limit given: `[{title, columns, rows}]`.
    pub fn tables(&self) -> Value {
        Value::Array(
            self.0
                .iter()
                .map(|(kind, rows)| {
                    json!({
                        "title": localized(kind.title.message()),
                        "columns": [localized(YEAR.message()), localized(TONNES.message())],
                        "rows": rows.iter().map(|(year, tonnes)| json!([year, tonnes])).collect::<Vec<_>>(),
                    })
                })
                .collect(),
        )
    }

    /// Whether no limit is given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The rows of one limit: 1 to 5 four-digit years, each a non-negative number of tonnes.
fn years_of(kind: &str, years: &Value) -> Result<Vec<(String, Value)>, Vec<Message>> {
    let field = format!("limits.{kind}");
    let years: &Map<String, Value> = match years.as_object() {
        Some(years) if (1..=MAX_YEARS).contains(&years.len()) => years,
        Some(_) => return Err(vec![year_count(&field)]),
        None => return Err(vec![not_an_object(&field)]),
    };
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for (year, tonnes) in years {
        let field = format!("{field}.{year}");
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            problems.push(bad_year(&field));
        } else if !tonnes.as_f64().is_some_and(|t| t >= 0.0) {
            problems.push(bad_tonnes(&field));
        } else {
            rows.push((year.clone(), tonnes.clone()));
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

fn not_an_object(field: &str) -> Message {
    message(
        format!(
            "Поле {field} должно быть объектом: вид лимита (emissions, discharges, waste, sulphur) → {{год: тонн}}."
        ),
        format!(
            "{field} өрісі объект болуы тиіс: лимит түрі (emissions, discharges, waste, sulphur) → {{жыл: тонна}}."
        ),
        format!(
            "The field {field} must be an object: limit (emissions, discharges, waste, sulphur) → {{year: tonnes}}."
        ),
    )
}

fn unknown_kind(key: &str) -> Message {
    message(
        format!(
            "Лимит «{key}» (limits.{key}) не предусмотрен формой разрешения; допустимы: emissions, discharges, waste, sulphur."
        ),
        format!(
            "«{key}» лимиті (limits.{key}) рұқсат нысанында көзделмеген; рұқсат етілгені: emissions, discharges, waste, sulphur."
        ),
        format!(
            "The limit \"{key}\" (limits.{key}) is not on the permit form; allowed: emissions, discharges, waste, sulphur."
        ),
    )
}

fn year_count(field: &str) -> Message {
    message(
        format!("Поле {field} должно содержать от 1 до {MAX_YEARS} лет."),
        format!("{field} өрісінде 1-ден {MAX_YEARS}-ке дейін жыл болуы тиіс."),
        format!("The field {field} must give 1 to {MAX_YEARS} years."),
    )
}

fn bad_year(field: &str) -> Message {
    message(
        format!("В поле {field} год должен быть записан четырьмя цифрами, например 2014."),
        format!("{field} өрісінде жыл төрт цифрмен жазылуы тиіс, мысалы 2014."),
        format!("In {field} the year must be four digits, such as 2014."),
    )
}

fn bad_tonnes(field: &str) -> Message {
    message(
        format!("Поле {field} должно быть неотрицательным числом тонн."),
        format!("{field} өрісі теріс емес тонна саны болуы тиіс."),
        format!("The field {field} must be a non-negative number of tonnes."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(json: &str) -> Result<Limits, Vec<Message>> {
        Limits::parse(&Form::parse(json).unwrap())
    }

    #[test]
    fn each_limit_given_becomes_a_table_of_years_in_order() {
        let given = limits(
            r#"{"limits": {"waste": {"2015": 300, "2014": 310.5}, "emissions": {"2014": 14.25}}}"#,
        )
        .unwrap();
        let tables = given.tables();
        assert_eq!(tables.as_array().map(Vec::len), Some(2));
        assert_eq!(tables[0]["title"]["kk"], KINDS[0].title.kk);
        assert_eq!(tables[0]["rows"], json!([["2014", 14.25]]));
        assert_eq!(tables[1]["title"]["ru"], KINDS[2].title.ru);
        assert_eq!(tables[1]["rows"], json!([["2014", 310.5], ["2015", 300]]));
        assert_eq!(tables[1]["columns"][1]["ru"], "Не более, тонн");
        assert!(limits("{}").unwrap().is_empty());
    }

    #[test]
    fn every_bad_limit_is_named() {
        let problems = limits(
            r#"{"limits": {"noise": {"2014": 1}, "emissions": {"14": 1, "2015": -2, "2016": "3"}, "waste": {}, "sulphur": [1]}}"#,
        )
        .unwrap_err();
        let en: Vec<&str> = problems.iter().map(|m| m.en.as_str()).collect();
        assert_eq!(en.len(), 6, "{en:?}");
        assert!(en[0].contains("limits.noise"));
        assert!(en[1].contains("limits.emissions.14") && en[1].contains("four digits"));
        assert!(en[2].contains("limits.emissions.2015") && en[2].contains("non-negative"));
        assert!(en[3].contains("limits.emissions.2016"));
        assert!(en[4].contains("limits.waste") && en[4].contains("1 to 5"));
        assert!(en[5].contains("limits.sulphur") && en[5].contains("object"));
        assert_eq!(limits(r#"{"limits": 3}"#).unwrap_err().len(), 1);
        let six =
            r#"{"limits": {"emissions": {"2014":1,"2015":1,"2016":1,"2017":1,"2018":1,"2019":1}}}"#;
        assert!(limits(six).unwrap_err()[0].en.contains("1 to 5"));
    }
}
