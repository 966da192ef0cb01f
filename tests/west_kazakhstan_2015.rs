//! West Kazakhstan 2015 (resolution No. 263): the provider's staff workflow (office → head →
//! executor → head → office) for the emission permit (issue and re-issue) and the expertise
//! conclusion to each end — the result, the executor's motivated refusal, incomplete documents —
//! with the category terms and the remarks loop both ways; the due time of every task, across a weekend,
//! New Year and Nauryz; the inbox sorted by due time and the overdue sweep; and the two versions
//! of the region's rules in time.

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Utc};
use reglament_core::account::Role;
use reglament_tests::Harness;
use reglament_tests::ecology::{
    answer, answer_ok, assert_end, bin, end_of_day, events, filing, open_task, portal_token, signer,
};
use serde_json::{Value, json};

/// Monday 02.11.2015, 10:00 in Oral (UTC+5), while the act was in force.
const MONDAY: &str = "2015-11-02T10:00:00+05:00";
const REGION: &str = "west-kazakhstan";
const ROUTE: [&str; 5] = [
    "authorize",
    "signature-check",
    "register",
    "qualification-check",
    "issue",
];

/// The provider's staff: office, head, executor.
struct Provider {
    office: String,
    head: String,
    executor: String,
}

impl Provider {
    async fn of(h: &Harness) -> Provider {
        Provider {
            office: h.staff("office.wko", REGION, &[Role::Office], None).await,
            head: h.staff("head.wko", REGION, &[Role::Head], None).await,
            executor: h
                .staff("executor.wko", REGION, &[Role::Executor], None)
                .await,
        }
    }

    /// Log everyone in again (after the clock moved past their sessions).
    async fn again(h: &Harness) -> Provider {
        Provider {
            office: h.token("office.wko").await,
            head: h.token("head.wko").await,
            executor: h.token("executor.wko").await,
        }
    }

    fn token(&self, role: &str) -> &str {
        match role {
            "office" => &self.office,
            "head" => &self.head,
            _ => &self.executor,
        }
    }
}

/// File on the portal (the only channel) and wait for the office's task; answers (token, id).
async fn file(h: &Harness, service: &str, kind: &str, category: &str, n: u32) -> (String, String) {
    file_body(
        h,
        filing(REGION, service, kind, &bin(n), category, &["application"]),
    )
    .await
}

async fn file_body(h: &Harness, mut body: Value) -> (String, String) {
    let applicant = body["applicant"].as_str().unwrap().to_string();
    let token = portal_token(h, &applicant).await;
    Harness::sign(&mut body, &signer(h, &applicant));
    let id = h.file_ok(&token, body).await;
    let view = h.settle(&token, &id).await;
    assert_eq!(view["status"], "waiting", "{view}");
    (token, id)
}

/// Answer the task the application waits for, checking it is `(role, action, due)`; answers the
/// settled view.
async fn step(
    h: &Harness,
    p: &Provider,
    token: &str,
    id: &str,
    expected: (&str, &str, &str),
    answer_with: &str,
    reasons: &[&str],
) -> Value {
    let view = h.status(token, id).await;
    let (role, action, due) = open_task(&view);
    assert_eq!(
        (role.as_str(), action.as_str(), due.as_str()),
        expected,
        "{view}"
    );
    answer_ok(h, p.token(&role), id, answer_with, reasons).await;
    h.settle(token, id).await
}

/// The intake: the office registers, the head assigns, the executor checks completeness (due
/// at the end of `completeness_day`) and answers `check`.
async fn intake(
    h: &Harness,
    p: &Provider,
    token: &str,
    id: &str,
    completeness_day: &str,
    check: &str,
    reasons: &[&str],
) -> Value {
    step(
        h,
        p,
        token,
        id,
        ("office", "register", OFFICE_DUE),
        "registered",
        &[],
    )
    .await;
    step(
        h,
        p,
        token,
        id,
        ("head", "assign", HEAD_DUE),
        "assigned",
        &[],
    )
    .await;
    let due = day(completeness_day);
    let expected = ("executor", "check-completeness", due.as_str());
    step(h, p, token, id, expected, check, reasons).await
}

/// The head signs and the office registers the outgoing document, each due with the term.
async fn sign_and_send(h: &Harness, p: &Provider, token: &str, id: &str, term: &str) -> Value {
    step(h, p, token, id, ("head", "sign", term), "signed", &[]).await;
    step(
        h,
        p,
        token,
        id,
        ("office", "register-outgoing", term),
        "registered",
        &[],
    )
    .await
}

/// The executor prepares the result (`answer`), then the head signs and the office sends it.
async fn prepare_and_send(
    h: &Harness,
    p: &Provider,
    (token, id): (&str, &str),
    term: &str,
    answer: &str,
    reasons: &[&str],
) -> Value {
    step(
        h,
        p,
        token,
        id,
        ("executor", "prepare", term),
        answer,
        reasons,
    )
    .await;
    sign_and_send(h, p, token, id, term).await
}

/// 20 minutes and 2 hours after the filing at 10:00 (UTC+5).
const OFFICE_DUE: &str = "2015-11-02T05:20:00.000Z";
const HEAD_DUE: &str = "2015-11-02T07:00:00.000Z";

fn day(date: &str) -> String {
    end_of_day(date, 5)
}

#[tokio::test]
async fn permits_walk_the_staff_workflow_to_each_end() {
    let h = Harness::start(MONDAY).await;
    let p = Provider::of(&h).await;
    // (kind, category, completeness, executor's answer, term's last day, end)
    let cases = [
        ("issue", "II", "complete", "permit", "2015-11-13", "permit"),
        (
            "issue",
            "III",
            "complete",
            "refusal",
            "2015-11-13",
            "refused",
        ),
        ("issue", "IV", "complete", "permit", "2015-11-06", "permit"),
        ("issue", "II", "incomplete", "", "2015-11-13", "incomplete"),
    ];
    let mut permit_of_ii = String::new();
    for (i, (kind, category, check, prepared, term_day, end)) in cases.into_iter().enumerate() {
        let (token, id) = file(&h, "emission-permit", kind, category, 100 + i as u32).await;
        let term = day(term_day);
        let reasons: &[&str] = if check == "incomplete" {
            &["Нет программы производственного экологического контроля"]
        } else {
            &[]
        };
        intake(&h, &p, &token, &id, "2015-11-06", check, reasons).await;
        if check == "complete" {
            let reasons: &[&str] = if prepared == "refusal" {
                &["Условия природопользования не соответствуют ст. 73 Кодекса"]
            } else {
                &[]
            };
            step(
                &h,
                &p,
                &token,
                &id,
                ("executor", "prepare", &term),
                prepared,
                reasons,
            )
            .await;
        }
        let view = sign_and_send(&h, &p, &token, &id, &term).await;
        assert_eq!(view["due"], term, "{kind} {category}");
        match end {
            "permit" => assert_permit_end(&view, "permit", None),
            "refused" => assert_permit_end(&view, "refused", None),
            _ => assert_permit_end(&view, "incomplete", Some("программы")),
        }
        // Each answer is recorded with who gave it, in the workflow's order.
        let roles: Vec<&str> = events(&view, "staff")
            .iter()
            .map(|e| e["detail"]["staff_action"]["role"].as_str().unwrap())
            .collect();
        let expected: &[&str] = if check == "complete" {
            &["office", "head", "executor", "executor", "head", "office"]
        } else {
            &["office", "head", "executor", "head", "office"]
        };
        assert_eq!(roles, expected);
        assert_eq!(events(&view, "staff")[1]["actor"], "head.wko");
        if i == 0 {
            permit_of_ii = view["result"]["number"].as_str().unwrap().to_string();
        }
    }
    // Re-issue of the category II permit: 14 calendar days from registration, to each end:
    // documents incomplete (WP4), the executor's motivated refusal (P8), the re-issued permit.
    let term = day("2015-11-16");
    for end in ["incomplete", "refused", "permit"] {
        let mut body = filing(REGION, "emission-permit", "reissue", &bin(100), "II", &[]);
        body["form"]["licence_number"] = json!(permit_of_ii);
        let (token, id) = file_body(&h, body).await;
        let view = match end {
            "incomplete" => {
                let reasons = ["Нет документа об изменении наименования"];
                intake(&h, &p, &token, &id, "2015-11-06", "incomplete", &reasons).await;
                sign_and_send(&h, &p, &token, &id, &term).await
            }
            _ => {
                intake(&h, &p, &token, &id, "2015-11-06", "complete", &[]).await;
                let (answer, reasons): (&str, &[&str]) = match end {
                    "refused" => ("refusal", &["Условия природопользования не изменились"]),
                    _ => ("permit", &[]),
                };
                prepare_and_send(&h, &p, (&token, &id), &term, answer, reasons).await
            }
        };
        assert_eq!(view["due"], term, "re-issue to {end}");
        match end {
            "incomplete" => assert_permit_end(&view, "incomplete", Some("наименования")),
            "refused" => assert_permit_end(&view, "refused", Some("не изменились")),
            _ => {
                assert_permit_end(&view, "permit", None);
                assert_eq!(view["result"]["refers_to"], permit_of_ii.as_str());
            }
        }
    }
}

/// A permit application's end on the staff workflow: the `permit`, the executor's motivated
/// refusal (`refused`, P8) or the documents found `incomplete` (WP4), the first reason of a
/// refusal containing `reason` where one is given.
fn assert_permit_end(view: &Value, end: &str, reason: Option<&str>) {
    match end {
        "permit" => assert_end(view, "issued", &ROUTE, None, Some("permit"), None),
        "refused" => assert_end(
            view,
            "refused",
            &ROUTE,
            Some(("refused", "P8")),
            Some("refusal"),
            None,
        ),
        "incomplete" => assert_end(
            view,
            "refused",
            &ROUTE,
            Some(("incomplete", "WP4")),
            Some("refusal"),
            None,
        ),
        other => panic!("no permit end {other}"),
    }
    if let Some(reason) = reason {
        let first = view["refusal"]["reasons"][0]["ru"]
            .as_str()
            .unwrap_or_default();
        assert!(first.contains(reason), "{view}");
    }
}

#[tokio::test]
async fn only_the_tasks_role_may_answer_and_only_with_its_answers() {
    let h = Harness::start(MONDAY).await;
    let p = Provider::of(&h).await;
    let (token, id) = file(&h, "emission-permit", "issue", "II", 200).await;
    let (status, body) = answer(&h, &p.executor, &id, "registered", &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.to_string().contains("office"), "{body}");
    let (status, body) = answer(&h, &p.office, &id, "approve", &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    step(
        &h,
        &p,
        &token,
        &id,
        ("office", "register", OFFICE_DUE),
        "registered",
        &[],
    )
    .await;
    step(
        &h,
        &p,
        &token,
        &id,
        ("head", "assign", HEAD_DUE),
        "assigned",
        &[],
    )
    .await;
    let (status, body) = answer(&h, &p.executor, &id, "incomplete", &[]).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a refusal needs reasons: {body}"
    );
    // The applicant cannot answer a staff task, nor correct without remarks.
    let (status, _) = answer(&h, &token, &id, "complete", &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = correct(&h, &token, &id).await;
    assert_eq!(status, StatusCode::CONFLICT);
}

async fn correct(h: &Harness, token: &str, id: &str) -> (StatusCode, Value) {
    h.call(
        Method::POST,
        &format!("/v1/applications/{id}/corrections"),
        Some(token),
        Some(json!({"note": "План мероприятий дополнен", "documents": ["action-plan"]})),
    )
    .await
}

#[tokio::test]
async fn the_expertise_remarks_loop_both_ways_and_without_remarks() {
    let h = Harness::start(MONDAY).await;
    Provider::of(&h).await;
    // (category, remarks?, corrected in time?, verdict, remarks due, correction due, term)
    let cases = [
        (
            "II",
            true,
            true,
            "agreed",
            "2015-11-20",
            "2015-11-06",
            "2015-12-14",
        ),
        (
            "II",
            true,
            false,
            "not-agreed",
            "2015-11-20",
            "2015-11-06",
            "2015-12-14",
        ),
        (
            "III",
            true,
            true,
            "agreed",
            "2015-11-10",
            "2015-11-04",
            "2015-11-20",
        ),
        (
            "IV",
            true,
            false,
            "not-agreed",
            "2015-11-10",
            "2015-11-04",
            "2015-11-20",
        ),
        ("III", false, true, "agreed", "2015-11-10", "", "2015-11-20"),
    ];
    for (i, (category, remarks, corrected, verdict, remarks_day, fix_day, term_day)) in
        cases.into_iter().enumerate()
    {
        h.clock.set(at(MONDAY));
        let mut p = Provider::again(&h).await;
        let (token, id) = file(
            &h,
            "ecological-expertise",
            "issue",
            category,
            300 + i as u32,
        )
        .await;
        let term = day(term_day);
        intake(&h, &p, &token, &id, "2015-11-04", "complete", &[]).await;
        let examine = ("executor", "examine", day(remarks_day));
        let examine = (examine.0, examine.1, examine.2.as_str());
        if !remarks {
            step(&h, &p, &token, &id, examine, "no-remarks", &[]).await;
        } else {
            let view = step(
                &h,
                &p,
                &token,
                &id,
                examine,
                "remarks",
                &["Нет расчёта рассеивания"],
            )
            .await;
            assert_eq!(view["status"], "waiting");
            assert_eq!(
                view["step_due"],
                day(fix_day),
                "{category}: the correction term"
            );
            let sent = events(&view, "qualification-check")
                .last()
                .copied()
                .unwrap();
            assert_eq!(sent["detail"]["decision"]["decision"], "remarks");
            if corrected {
                let (status, body) = correct(&h, &token, &id).await;
                assert_eq!(status, StatusCode::ACCEPTED, "{body}");
                h.settle(&token, &id).await;
            } else {
                // The term passes: a late correction is refused and the sweep records it.
                h.clock.set(at(MONDAY) + chrono::Duration::days(5));
                let token = portal_token(&h, &bin(300 + i as u32)).await;
                let (status, _) = correct(&h, &token, &id).await;
                assert_eq!(status, StatusCode::CONFLICT);
                reglament_core::wake::sweep(&h.system.ctx, h.clock_now())
                    .await
                    .unwrap();
                p = Provider::again(&h).await;
                let view = h.settle(&token, &id).await;
                let expired = events(&view, "sweep");
                assert_eq!(
                    expired.last().unwrap()["detail"]["staff_action"]["action"],
                    "correction-expired",
                    "{view}"
                );
            }
        }
        let token = portal_token(&h, &bin(300 + i as u32)).await;
        let view = prepare_and_send(&h, &p, (&token, &id), &term, "prepared", &[]).await;
        assert_end(
            &view,
            "issued",
            &ROUTE,
            None,
            Some("conclusion"),
            Some(verdict),
        );
        assert_eq!(view["due"], term);
        if verdict == "not-agreed" {
            assert!(
                view["result"]["content"]["reasons"][1]["ru"]
                    .as_str()
                    .unwrap()
                    .contains("рассеивания"),
                "{view}"
            );
        }
    }
}

#[tokio::test]
async fn the_executor_may_prepare_a_motivated_refusal_of_the_expertise() {
    // §6(3): the executor prepares "the conclusion or the motivated refusal"; C3 fails with P8.
    // (category, remarks first?, remarks due, term)
    let cases = [
        ("II", false, "2015-11-20", "2015-12-14"),
        ("III", true, "2015-11-10", "2015-11-20"),
    ];
    let h = Harness::start(MONDAY).await;
    let p = Provider::of(&h).await;
    for (i, (category, remarks, remarks_day, term_day)) in cases.into_iter().enumerate() {
        let n = 450 + i as u32;
        let (token, id) = file(&h, "ecological-expertise", "issue", category, n).await;
        intake(&h, &p, &token, &id, "2015-11-04", "complete", &[]).await;
        let examine_due = day(remarks_day);
        let examine = ("executor", "examine", examine_due.as_str());
        if remarks {
            let reasons = ["Нет расчёта рассеивания"];
            step(&h, &p, &token, &id, examine, "remarks", &reasons).await;
            let (status, body) = correct(&h, &token, &id).await;
            assert_eq!(status, StatusCode::ACCEPTED, "{body}");
            h.settle(&token, &id).await;
        } else {
            step(&h, &p, &token, &id, examine, "no-remarks", &[]).await;
        }
        let term = day(term_day);
        let reasons = ["Объект размещается в водоохранной зоне"];
        let view = prepare_and_send(&h, &p, (&token, &id), &term, "refusal", &reasons).await;
        assert_end(
            &view,
            "refused",
            &ROUTE,
            Some(("refused", "P8")),
            Some("refusal"),
            None,
        );
        assert_eq!(view["due"], term, "{category}");
        assert_eq!(view["result"]["content"]["process"], "P8");
        assert!(
            view["refusal"]["reasons"][0]["ru"]
                .as_str()
                .unwrap()
                .contains("водоохранной"),
            "{view}"
        );
        // The act's statement of a motivated refusal (P8), in Kazakh and Russian.
        assert!(
            view["refusal"]["message"]["kk"]
                .as_str()
                .unwrap()
                .contains("сұратылатын қызметтен бас тарту"),
            "{view}"
        );
        assert!(
            view["refusal"]["message"]["ru"]
                .as_str()
                .unwrap()
                .contains("Е-лицензирование"),
            "{view}"
        );
        let roles: Vec<&str> = events(&view, "staff")
            .iter()
            .map(|e| e["detail"]["staff_action"]["role"].as_str().unwrap())
            .collect();
        assert_eq!(
            roles,
            [
                "office", "head", "executor", "executor", "executor", "head", "office"
            ]
        );
    }
}

#[tokio::test]
async fn incomplete_expertise_documents_end_in_we4() {
    let h = Harness::start(MONDAY).await;
    let p = Provider::of(&h).await;
    let (token, id) = file(&h, "ecological-expertise", "issue", "II", 400).await;
    intake(
        &h,
        &p,
        &token,
        &id,
        "2015-11-04",
        "incomplete",
        &["Истёк срок согласования"],
    )
    .await;
    let term = day("2015-12-14");
    let view = sign_and_send(&h, &p, &token, &id, &term).await;
    assert_end(
        &view,
        "refused",
        &ROUTE,
        Some(("incomplete", "WE4")),
        Some("refusal"),
        None,
    );
    assert_eq!(view["result"]["content"]["process"], "WE4");
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test]
async fn terms_cross_a_weekend_new_year_and_nauryz() {
    // (filed at, service, category, the service's term, the executor's first term)
    let cases = [
        // Friday 06.11.2015 + 9 working days → Thu 19.11; completeness 4 → Thu 12.11.
        (
            "2015-11-06T10:00:00+05:00",
            "emission-permit",
            "II",
            "2015-11-19",
            "2015-11-12",
        ),
        // Mon 28.12.2015 + 4 working days skips 1–4 January 2016 → Tue 05.01.2016.
        (
            "2015-12-28T10:00:00+05:00",
            "emission-permit",
            "IV",
            "2016-01-05",
            "2016-01-05",
        ),
        // Mon 14.03.2016 + 14 working days skips Nauryz 21–23.03 → Wed 06.04; completeness 2 →
        // Wed 16.03.
        (
            "2016-03-14T10:00:00+05:00",
            "ecological-expertise",
            "III",
            "2016-04-06",
            "2016-03-16",
        ),
    ];
    for (filed, service, category, term, check) in cases {
        let h = Harness::start(filed).await;
        let p = Provider::of(&h).await;
        let (token, id) = file(&h, service, "issue", category, 500).await;
        let view = h.status(&token, &id).await;
        assert_eq!(view["due"], day(term), "{filed}");
        answer_ok(&h, &p.office, &id, "registered", &[]).await;
        answer_ok(&h, &p.head, &id, "assigned", &[]).await;
        let view = h.settle(&token, &id).await;
        let (_, action, due) = open_task(&view);
        assert_eq!(
            (action.as_str(), due),
            ("check-completeness", day(check)),
            "{filed}"
        );
    }
}

#[tokio::test]
async fn the_inbox_is_sorted_by_due_time_and_the_sweep_marks_overdue_once() {
    let h = Harness::start(MONDAY).await;
    let p = Provider::of(&h).await;
    let (first_token, first) = file(&h, "emission-permit", "issue", "II", 600).await;
    h.clock.advance(chrono::Duration::minutes(5));
    let (_, second) = file(&h, "emission-permit", "issue", "III", 601).await;
    // The first goes on to the head (due in 2 hours); the second's office task is due sooner.
    answer_ok(&h, &p.office, &first, "registered", &[]).await;
    // Each role sees the tasks it may answer; a chief of office and head sees both, soonest first.
    let listed = |inbox: &Value| -> Vec<(String, String)> {
        inbox
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["application"].as_str().unwrap().into(),
                    t["action"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let (_, inbox) = h.call(Method::GET, "/v1/inbox", Some(&p.head), None).await;
    assert_eq!(listed(&inbox), [(first.clone(), "assign".to_string())]);
    let (_, inbox) = h
        .call(Method::GET, "/v1/inbox", Some(&p.executor), None)
        .await;
    assert_eq!(inbox, json!([]));
    let chief = h
        .staff("chief.wko", REGION, &[Role::Office, Role::Head], None)
        .await;
    let (status, inbox) = h.call(Method::GET, "/v1/inbox", Some(&chief), None).await;
    assert_eq!(status, StatusCode::OK);
    let listed: Vec<(&str, &str)> = inbox
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["application"].as_str().unwrap(),
                t["action"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [(second.as_str(), "register"), (first.as_str(), "assign")]
    );
    let dues: Vec<&str> = inbox
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["due"].as_str().unwrap())
        .collect();
    assert!(dues[0] < dues[1], "{dues:?}");

    // Past the office's 20 minutes: the second is overdue, the first not yet.
    h.clock.advance(chrono::Duration::minutes(30));
    let ctx = &h.system.ctx;
    reglament_core::wake::sweep(ctx, h.clock_now())
        .await
        .unwrap();
    reglament_core::wake::sweep(ctx, h.clock_now())
        .await
        .unwrap();
    let office = h.token("office.wko").await;
    let view = h.status(&office, &second).await;
    let overdue = events(&view, "sweep");
    assert_eq!(overdue.len(), 1, "marked once: {view}");
    assert_eq!(overdue[0]["outcome"], "overdue");
    assert_eq!(view["overdue"], "2015-11-02T05:25:00.000Z");
    assert_eq!(view["status"], "waiting", "still waiting for the office");
    assert!(events(&h.status(&first_token, &first).await, "sweep").is_empty());
    let chief = h.token("chief.wko").await;
    let (_, inbox) = h.call(Method::GET, "/v1/inbox", Some(&chief), None).await;
    assert_eq!(inbox[0]["overdue"], true);
    assert_eq!(inbox[1]["overdue"], false);
    // Answering the late task clears the mark.
    let view = answer_ok(&h, &office, &second, "registered", &[]).await;
    assert!(view["overdue"].is_null(), "{view}");
}

#[tokio::test]
async fn the_filing_date_chooses_the_act() {
    // The same application: in December 2013 under resolution No. 72 (three channels, one
    // review), in June 2014 under none, in November 2015 under No. 263 (portal, staff workflow).
    let h = Harness::start("2013-12-02T10:00:00+05:00").await;
    let employee = h
        .staff("employee.wko", REGION, &[Role::Employee], None)
        .await;
    let applicant = bin(700);
    h.registry(&[&applicant]).await;
    let body = || {
        filing(
            REGION,
            "emission-permit",
            "issue",
            &applicant,
            "II",
            &["application"],
        )
    };
    let (token, old) = file_body(&h, body()).await;
    let view = h.status(&token, &old).await;
    let act = |view: &Value| {
        events(view, "filing")[0]["detail"]["act"]["ru"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(act(&view).contains("№ 72"), "{view}");
    assert_eq!(view["filed_on"], "2013-12-02");
    assert_eq!(
        open_task(&view).0,
        "employee",
        "one review under the 2013 act"
    );
    let (status, _) = h.file(&employee, body()).await;
    assert_eq!(
        status,
        StatusCode::ACCEPTED,
        "the 2013 act has a provider channel"
    );
    // The December application ends under No. 72: the employee's one review, the permit within
    // 1 month of registration (02.01.2014), the review due with it.
    let view = answer_ok(&h, &employee, &old, "approve", &[]).await;
    assert_end(&view, "issued", &ROUTE, None, Some("permit"), None);
    assert_eq!(view["due"], day("2014-01-02"), "{view}");
    let review = events(&view, "qualification-check")[0];
    assert_eq!(review["due"], day("2014-01-02"), "{view}");
    assert_eq!(
        events(&view, "staff")[0]["detail"]["staff_action"]["role"],
        "employee"
    );
    assert!(
        view["result"]["number"].is_string(),
        "the permit has a number: {view}"
    );

    h.clock.set(at("2014-06-02T10:00:00+05:00"));
    let token = portal_token(&h, &applicant).await;
    let mut between = body();
    Harness::sign(&mut between, &signer(&h, &applicant));
    let (status, answer) = h.file(&token, between).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(message.contains("2014-06-02"), "{message}");
    assert!(
        message.contains("2015-10-15"),
        "names what is covered: {message}"
    );

    h.clock.set(at("2015-11-02T10:00:00+05:00"));
    let (token, new) = file_body(&h, body()).await;
    let view = h.status(&token, &new).await;
    assert!(act(&view).contains("№ 263"), "{view}");
    assert_eq!(
        open_task(&view).0,
        "office",
        "the staff workflow of the 2015 act"
    );
    let old_view = h.status(&token, &old).await;
    assert_ne!(view["rules_digest"], old_view["rules_digest"]);
    assert!(
        act(&old_view).contains("№ 72"),
        "the old application keeps its act"
    );
    let employee = h.token("employee.wko").await;
    let (status, _) = h.file(&employee, body()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the 2015 act is portal only");
}

/// A regulation as (region, first day in force, [(service, [channel])]).
type Listed = (String, String, Vec<(String, Vec<String>)>);

#[tokio::test]
async fn the_catalogue_lists_every_region_act_service_channel_and_route() {
    let h = Harness::start(MONDAY).await;
    let (status, list) = h.call(Method::GET, "/v1/regulations", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let summary: Vec<Listed> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let services = r["services"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    let channels = s["routes"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|route| {
                            assert!(!route["steps"].as_array().unwrap().is_empty());
                            route["channel"].as_str().unwrap().to_string()
                        })
                        .collect();
                    (s["id"].as_str().unwrap().to_string(), channels)
                })
                .collect();
            (
                r["region"].as_str().unwrap().to_string(),
                r["in_force_from"].as_str().unwrap().to_string(),
                services,
            )
        })
        .collect();
    let all = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let three = all(&["portal", "provider", "service-center"]);
    let two = all(&["portal", "provider"]);
    let portal = all(&["portal"]);
    let akmola: Vec<(String, Vec<String>)> = [
        "pesticide-production",
        "pesticide-sale",
        "pesticide-application",
        "grain-warehouse",
        "veterinary",
    ]
    .iter()
    .map(|s| (s.to_string(), two.clone()))
    .collect();
    let ecology = |permit: &Vec<String>, expertise: &Vec<String>| {
        vec![
            ("emission-permit".to_string(), permit.clone()),
            ("ecological-expertise".to_string(), expertise.clone()),
        ]
    };
    assert_eq!(
        summary,
        vec![
            ("akmola".into(), "2012-11-05".into(), akmola),
            ("almaty".into(), "2013-04-23".into(), ecology(&three, &two)),
            (
                "atyrau".into(),
                "2013-06-27".into(),
                vec![("emission-permit".into(), three.clone())]
            ),
            (
                "west-kazakhstan".into(),
                "2013-06-28".into(),
                ecology(&three, &two)
            ),
            (
                "west-kazakhstan".into(),
                "2015-10-15".into(),
                ecology(&portal, &portal)
            ),
        ]
    );
    let wko_2015 = &list[4];
    assert!(wko_2015["act"]["ru"].as_str().unwrap().contains("№ 263"));
    let check = &wko_2015["services"][1]["routes"][0]["steps"][3];
    assert_eq!(check["step"], "qualification-check");
    assert_eq!(check["refusals"][0]["process"], "WE4");
}

#[tokio::test]
async fn early_refusals_on_the_portal() {
    let h = Harness::start(MONDAY).await;
    for (i, service) in ["emission-permit", "ecological-expertise"]
        .into_iter()
        .enumerate()
    {
        // A login that is not the applicant's: P2. A request signed by someone else: P5.
        let applicant = bin(800 + i as u32);
        let stranger = portal_token(&h, &bin(810 + i as u32)).await;
        let mut body = filing(REGION, service, "issue", &applicant, "II", &["application"]);
        Harness::sign(&mut body, &signer(&h, &applicant));
        let id = h.file_ok(&stranger, body).await;
        let view = h.settle(&stranger, &id).await;
        assert_end(
            &view,
            "refused",
            &["authorize"],
            Some(("auth-refused", "P2")),
            None,
            None,
        );

        let token = portal_token(&h, &applicant).await;
        let mut body = filing(REGION, service, "issue", &applicant, "II", &["application"]);
        Harness::sign(
            &mut body,
            &h.person(&reglament_tests::ecology::iin(820 + i as u32)),
        );
        let id = h.file_ok(&token, body).await;
        let view = h.settle(&token, &id).await;
        assert_end(
            &view,
            "refused",
            &["authorize", "signature-check"],
            Some(("signature-invalid", "P5")),
            None,
            None,
        );
        assert!(
            view["refusal"]["message"]["kk"]
                .as_str()
                .unwrap()
                .contains("түпнұсқалығының расталмауына"),
            "the act's Kazakh text: {view}"
        );
    }
}
