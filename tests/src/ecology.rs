//! What the scenario tests of the ecological regulations (Almaty, West Kazakhstan 2013 and
//! 2015, Atyrau) share: request forms, filing through each channel, answering staff tasks, and
//! reading the history.

use axum::http::{Method, StatusCode};
use reglament_core::account::Role;
use reglament_core::identity::TaxpayerId;
use serde_json::{Value, json};

use crate::{Harness, step_order};

/// An individual's IIN for tests.
pub fn iin(n: u32) -> String {
    TaxpayerId::individual_for_tests(n).unwrap().to_string()
}

/// A legal entity's BIN for tests.
pub fn bin(n: u32) -> String {
    TaxpayerId::legal_entity_for_tests(n).unwrap().to_string()
}

/// A complete request form of the service and kind.
pub fn form(service: &str, kind: &str) -> Value {
    match (service, kind) {
        ("emission-permit", "reissue") => json!({"reason": "смена наименования"}),
        ("emission-permit", _) => json!({
            "applicant_name": "ТОО «Эко»", "object_name": "Котельная №2",
            "object_address": "ул. Заводская, 7",
        }),
        (_, "repeat") => json!({
            "applicant_name": "ТОО «Эко»", "project_name": "Реконструкция котельной",
            "previous_conclusion": "KZ-1",
        }),
        _ => json!({"applicant_name": "ТОО «Эко»", "project_name": "Реконструкция котельной"}),
    }
}

/// A filing body.
pub fn filing(
    region: &str,
    service: &str,
    kind: &str,
    applicant: &str,
    category: &str,
    documents: &[&str],
) -> Value {
    json!({
        "region": region, "service": service, "kind": kind, "applicant": applicant,
        "category": category, "form": form(service, kind), "documents": documents,
    })
}

/// How an application comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Portal,
    Provider,
    ServiceCenter,
}

impl Channel {
    pub fn name(self) -> &'static str {
        match self {
            Channel::Portal => "portal",
            Channel::Provider => "provider",
            Channel::ServiceCenter => "service-center",
        }
    }
}

/// The logins of one region: a provider employee, a service-centre operator (with an IIN and EDS)
/// and a reviewer.
pub struct Staff {
    pub employee: String,
    pub operator: String,
    pub operator_iin: String,
}

impl Staff {
    /// Make the region's staff accounts.
    pub async fn of(h: &Harness, region: &str) -> Staff {
        let operator_iin = iin(9_900);
        Staff {
            employee: h
                .staff(
                    &format!("employee.{region}"),
                    region,
                    &[Role::Employee],
                    None,
                )
                .await,
            operator: h
                .staff(
                    &format!("operator.{region}"),
                    region,
                    &[Role::Operator],
                    Some(&operator_iin),
                )
                .await,
            operator_iin,
        }
    }
}

/// File `body` through `channel` for its applicant: the applicant signs on the portal, the
/// operator in the service centre, nobody through the provider. The applicant is put in the
/// state registry unless `registered` is false. Answers (a token that may read it, the id).
pub async fn file(
    h: &Harness,
    staff: &Staff,
    channel: Channel,
    mut body: Value,
    registered: bool,
) -> (String, String) {
    let applicant = body["applicant"].as_str().unwrap().to_string();
    if registered {
        h.registry(&[&applicant]).await;
    }
    let token = match channel {
        Channel::Portal => {
            let token = portal_token(h, &applicant).await;
            Harness::sign(&mut body, &signer(h, &applicant));
            token
        }
        Channel::Provider => staff.employee.clone(),
        Channel::ServiceCenter => {
            Harness::sign(&mut body, &h.person(&staff.operator_iin));
            staff.operator.clone()
        }
    };
    let id = h.file_ok(&token, body).await;
    (token, id)
}

/// A portal applicant's token, making the account on first use.
pub async fn portal_token(h: &Harness, applicant: &str) -> String {
    let store = h.system.ctx.store.as_ref();
    match reglament_core::account::load(store, applicant)
        .await
        .unwrap()
    {
        Some(_) => h.token(applicant).await,
        None => h.applicant(applicant).await,
    }
}

/// The EDS credential of an applicant: a person's, or a legal entity's signed by a person.
pub fn signer(h: &Harness, applicant: &str) -> reglament_core::signature::dev_ca::Credential {
    if TaxpayerId::parse(applicant).unwrap().kind()
        == reglament_core::rules::ApplicantKind::LegalEntity
    {
        h.legal_entity(applicant, &iin(9_800))
    } else {
        h.person(applicant)
    }
}

/// Answer the open task of an application.
pub async fn answer(
    h: &Harness,
    token: &str,
    id: &str,
    action: &str,
    reasons: &[&str],
) -> (StatusCode, Value) {
    let reasons: Vec<Value> = reasons
        .iter()
        .map(|r| json!({"ru": r, "kk": r, "en": r}))
        .collect();
    h.call(
        Method::POST,
        &format!("/v1/applications/{id}/decisions"),
        Some(token),
        Some(json!({"action": action, "reasons": reasons})),
    )
    .await
}

/// Answer and expect acceptance; then wait for the application to settle.
pub async fn answer_ok(
    h: &Harness,
    token: &str,
    id: &str,
    action: &str,
    reasons: &[&str],
) -> Value {
    let (status, body) = answer(h, token, id, action, reasons).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{action} on {id}: {body}");
    h.settle(token, id).await
}

/// The events of the history made by `step`.
pub fn events<'v>(view: &'v Value, step: &str) -> Vec<&'v Value> {
    view["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["step"] == step)
        .collect()
}

/// The open staff task the last waiting event asked for: (role, action, due).
pub fn open_task(view: &Value) -> (String, String, String) {
    let event = view["history"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|e| e["outcome"] == "waiting")
        .expect("a waiting event");
    let task = &event["detail"]["decision"]["details"][0];
    (
        task["role"].as_str().unwrap_or_default().to_string(),
        task["action"].as_str().unwrap_or_default().to_string(),
        event["due"].as_str().unwrap_or_default().to_string(),
    )
}

/// The end of a local day (UTC+`offset` hours) as the host writes it: `2013-08-01` with offset 5
/// is `2013-08-01T18:59:59.999Z`.
pub fn end_of_day(date: &str, offset: i64) -> String {
    let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let end = day.and_hms_milli_opt(23, 59, 59, 999).unwrap() - chrono::Duration::hours(offset);
    format!("{}Z", end.format("%Y-%m-%dT%H:%M:%S%.3f"))
}

/// The refusal of a view: (code, process).
pub fn refusal(view: &Value) -> (String, String) {
    (
        view["refusal"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        view["refusal"]["process"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

/// Check a terminal view: its status, step order, refusal (code, process) if any, result type
/// and verdict if any.
pub fn assert_end(
    view: &Value,
    status: &str,
    steps: &[&str],
    refused: Option<(&str, &str)>,
    result: Option<&str>,
    verdict: Option<&str>,
) {
    assert_eq!(view["status"], status, "{view}");
    assert_eq!(step_order(view), steps, "{view}");
    match refused {
        Some((code, process)) => {
            assert_eq!(
                refusal(view),
                (code.to_string(), process.to_string()),
                "{view}"
            );
            for lang in ["ru", "kk", "en"] {
                assert!(
                    !view["refusal"]["message"][lang]
                        .as_str()
                        .unwrap_or_default()
                        .is_empty(),
                    "refusal message in {lang}: {view}"
                );
            }
        }
        None => assert!(view["refusal"].is_null(), "{view}"),
    }
    assert_eq!(view["result"]["type"].as_str(), result, "{view}");
    if result.is_some() {
        assert!(view["result"]["signature"]["value"].is_string(), "{view}");
    }
    assert_eq!(view["verdict"].as_str(), verdict, "{view}");
    if let Some(verdict) = verdict {
        assert_eq!(view["result"]["content"]["verdict"], verdict, "{view}");
    }
}

/// How a scenario ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The employee approves: the permit is issued.
    Permit,
    /// The employee answers "agreed" / "not-agreed": the conclusion is issued with that verdict.
    Conclusion(&'static str),
    /// The employee refuses: the motivated refusal P8.
    Refused,
    /// Registration finds documents missing: the motivated refusal `incomplete`.
    Incomplete,
    /// The login is refused (C1), `auth-refused`: on the portal the login is not the
    /// applicant's (P2); through the provider (P2) or the service centre (P1) the staff member who
    /// filed was blocked before the authorization ran.
    AuthRefused,
    /// The applicant is not in the state registry: `applicant-not-found`.
    NotFound,
    /// The request is not signed by whom it must be: `signature-invalid`.
    BadSignature,
}

/// One scenario of a review-based region (Almaty, West Kazakhstan 2013, Atyrau).
#[derive(Debug, Clone)]
pub struct Scenario {
    pub region: &'static str,
    pub service: &'static str,
    pub kind: &'static str,
    pub category: &'static str,
    pub channel: Channel,
    pub documents: Vec<&'static str>,
    pub end: End,
}

/// The host steps of a channel's route in the review-based regions.
pub fn route(channel: Channel) -> Vec<&'static str> {
    match channel {
        Channel::Provider => vec!["authorize", "register", "qualification-check", "issue"],
        _ => vec![
            "authorize",
            "signature-check",
            "register",
            "qualification-check",
            "issue",
        ],
    }
}

/// Run a scenario with applicant number `n` and check where it ends: status, step order,
/// refusal code and process, result and verdict. Answers the final view.
pub async fn run(h: &Harness, staff: &Staff, s: &Scenario, n: u32) -> Value {
    let applicant = bin(n);
    let body = filing(
        s.region,
        s.service,
        s.kind,
        &applicant,
        s.category,
        &s.documents,
    );
    let full = route(s.channel);
    let label = format!("{:?}", s);
    let view = match s.end {
        End::AuthRefused if s.channel != Channel::Portal => {
            let (token, id) = file_and_block(h, s.channel, body, n).await;
            let view = h.settle(&staff.employee, &id).await;
            let (status, _) = h
                .call(Method::GET, "/v1/applications", Some(&token), None)
                .await;
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{label}: the blocked login is refused at the door too"
            );
            let reason = view["refusal"]["reasons"][0]["en"]
                .as_str()
                .unwrap_or_default();
            assert!(reason.contains("blocked"), "{label}: {view}");
            // The act's own text of the staff member's refused login.
            let whose = match s.channel {
                Channel::Provider => "сотрудника услугодателя",
                _ => "оператора Центра",
            };
            let message = view["refusal"]["message"]["ru"]
                .as_str()
                .unwrap_or_default();
            assert!(message.contains(whose), "{label}: {view}");
            view
        }
        End::AuthRefused => {
            let token = h.applicant(&bin(n + 50_000)).await;
            let mut body = body;
            Harness::sign(&mut body, &signer(h, &applicant));
            let id = h.file_ok(&token, body).await;
            h.settle(&token, &id).await
        }
        End::NotFound => {
            let (token, id) = file(h, staff, s.channel, body, false).await;
            h.settle(&token, &id).await
        }
        End::BadSignature => {
            // Signed by a stranger, not by the applicant (portal) or the operator (centre).
            h.registry(&[&applicant]).await;
            let mut body = body;
            Harness::sign(&mut body, &h.person(&iin(n + 60_000)));
            let token = match s.channel {
                Channel::ServiceCenter => staff.operator.clone(),
                _ => portal_token(h, &applicant).await,
            };
            let id = h.file_ok(&token, body).await;
            h.settle(&token, &id).await
        }
        End::Incomplete => {
            let (token, id) = file(h, staff, s.channel, body, true).await;
            h.settle(&token, &id).await
        }
        End::Permit | End::Conclusion(_) | End::Refused => {
            let (token, id) = file(h, staff, s.channel, body, true).await;
            let waiting = h.settle(&token, &id).await;
            assert_eq!(waiting["status"], "waiting", "{label}: {waiting}");
            assert_eq!(waiting["step"], "qualification-check", "{label}");
            let (role, action, _) = open_task(&waiting);
            assert_eq!((role.as_str(), action.as_str()), ("employee", "review"));
            let (answer_with, reasons): (&str, &[&str]) = match s.end {
                End::Permit => ("approve", &[]),
                End::Conclusion(verdict) => (verdict, &[]),
                _ => ("refuse", &["Материалы недостоверны"]),
            };
            answer_ok(h, &staff.employee, &id, answer_with, reasons).await;
            h.settle(&token, &id).await
        }
    };
    let signing = full.contains(&"signature-check");
    let (status, steps, refused, result, verdict): (_, Vec<&str>, _, _, _) = match s.end {
        End::Permit => ("issued", full.clone(), None, Some("permit"), None),
        End::Conclusion(v) => ("issued", full.clone(), None, Some("conclusion"), Some(v)),
        End::Refused => (
            "refused",
            full.clone(),
            Some(("refused", "P8")),
            Some("refusal"),
            None,
        ),
        End::Incomplete => (
            "refused",
            full.iter()
                .copied()
                .filter(|s| *s != "qualification-check")
                .collect(),
            Some(("incomplete", "P8")),
            Some("refusal"),
            None,
        ),
        End::AuthRefused => (
            "refused",
            vec!["authorize"],
            Some((
                "auth-refused",
                if s.channel == Channel::ServiceCenter {
                    "P1"
                } else {
                    "P2"
                },
            )),
            None,
            None,
        ),
        End::NotFound => (
            "refused",
            vec!["authorize"],
            Some((
                "applicant-not-found",
                if s.channel == Channel::ServiceCenter {
                    "P4"
                } else {
                    "P5"
                },
            )),
            None,
            None,
        ),
        End::BadSignature => {
            assert!(signing, "{label}: no signature on this route");
            (
                "refused",
                vec!["authorize", "signature-check"],
                Some(("signature-invalid", "P5")),
                None,
                None,
            )
        }
    };
    assert_end(&view, status, &steps, refused, result, verdict);
    assert_eq!(view["channel"], s.channel.name(), "{label}");
    view
}

/// File `body` through the provider or the service centre as a staff member of its own, made
/// for applicant number `n`, and block that staff member before the authorization runs (the
/// runner is paused meanwhile). Answers (the blocked staff member's token, the id).
async fn file_and_block(
    h: &Harness,
    channel: Channel,
    mut body: Value,
    n: u32,
) -> (String, String) {
    let region = body["region"].as_str().unwrap().to_string();
    h.registry(&[body["applicant"].as_str().unwrap()]).await;
    let (login, token) = match channel {
        Channel::Provider => {
            let login = format!("employee.{region}.{n}");
            let token = h.staff(&login, &region, &[Role::Employee], None).await;
            (login, token)
        }
        _ => {
            let login = format!("operator.{region}.{n}");
            let operator = iin(n + 70_000);
            let token = h
                .staff(&login, &region, &[Role::Operator], Some(&operator))
                .await;
            Harness::sign(&mut body, &h.person(&operator));
            (login, token)
        }
    };
    h.pause().await;
    let id = h.file_ok(&token, body).await;
    h.block(&login).await;
    h.resume();
    (token, id)
}

/// Every path of an emission permit on the 2013 template's three channels (Atyrau, WKO 2013):
/// each channel to the permit and to the motivated refusal, and each early refusal it can give.
pub const EMISSIONS_PATHS: [(Channel, End); 13] = [
    (Channel::Portal, End::Permit),
    (Channel::Portal, End::Refused),
    (Channel::Portal, End::AuthRefused),
    (Channel::Portal, End::BadSignature),
    (Channel::Provider, End::Permit),
    (Channel::Provider, End::Refused),
    (Channel::Provider, End::AuthRefused),
    (Channel::Provider, End::NotFound),
    (Channel::ServiceCenter, End::Permit),
    (Channel::ServiceCenter, End::Refused),
    (Channel::ServiceCenter, End::AuthRefused),
    (Channel::ServiceCenter, End::NotFound),
    (Channel::ServiceCenter, End::BadSignature),
];
