//! Almaty 2013 (resolution No. 1/226): every path of the emission permit (issue and re-issue;
//! portal, provider, service centre) and of the expertise conclusion (preliminary, main, repeat;
//! portal, provider), the para 11 document lists per category checked at registration, and the
//! terms: 1 month, the 15 calendar days of a refusal, 5 and 10 working days across Nauryz, New
//! Year and weekends.

use axum::http::StatusCode;
use reglament_tests::Harness;
use reglament_tests::ecology::{
    Channel, End, Scenario, Staff, answer_ok, assert_end, bin, end_of_day, events, file, filing,
    open_task, route, run,
};
use serde_json::json;

/// Monday 01.07.2013, 09:00 in Almaty (UTC+6), while the act was in force.
const MONDAY: &str = "2013-07-01T09:00:00+06:00";

/// Every document para 11 asks for the service, kind and category.
fn documents(service: &str, kind: &str, category: &str) -> Vec<&'static str> {
    match (service, kind, category) {
        ("emission-permit", "reissue", _) => vec!["application", "registration-certificate"],
        ("emission-permit", _, "II") => vec![
            "application",
            "expertise-conclusion",
            "action-plan",
            "public-hearing-protocol",
            "control-programme",
        ],
        ("emission-permit", _, "III") => vec![
            "application",
            "expertise-conclusion",
            "action-plan",
            "control-programme",
        ],
        ("emission-permit", _, _) => vec!["application", "emission-standards"],
        (_, kind, _) => {
            let mut d = vec![
                "application",
                "project-documentation",
                "environmental-consequences",
                "public-opinion",
                "approvals",
                "emission-standards-draft",
            ];
            if kind == "repeat" {
                d.push("previous-conclusions");
            }
            d
        }
    }
}

#[tokio::test]
async fn every_path_of_emissions() {
    let h = Harness::start(MONDAY).await;
    let staff = Staff::of(&h, "almaty").await;
    let cases = [
        (Channel::Portal, End::Permit, "II"),
        (Channel::Portal, End::Refused, "III"),
        (Channel::Portal, End::Incomplete, "II"),
        (Channel::Portal, End::AuthRefused, "IV"),
        (Channel::Portal, End::BadSignature, "IV"),
        (Channel::Provider, End::Permit, "III"),
        (Channel::Provider, End::Refused, "IV"),
        (Channel::Provider, End::Incomplete, "III"),
        (Channel::Provider, End::AuthRefused, "IV"),
        (Channel::Provider, End::NotFound, "II"),
        (Channel::ServiceCenter, End::Permit, "IV"),
        (Channel::ServiceCenter, End::Refused, "II"),
        (Channel::ServiceCenter, End::Incomplete, "IV"),
        (Channel::ServiceCenter, End::AuthRefused, "III"),
        (Channel::ServiceCenter, End::NotFound, "III"),
        (Channel::ServiceCenter, End::BadSignature, "II"),
    ];
    for (i, (channel, end, category)) in cases.into_iter().enumerate() {
        let mut documents = documents("emission-permit", "issue", category);
        if end == End::Incomplete {
            // The last document of the category's list is missing.
            documents.pop();
        }
        let scenario = Scenario {
            region: "almaty",
            service: "emission-permit",
            kind: "issue",
            category,
            channel,
            documents: documents.clone(),
            end,
        };
        let view = run(&h, &staff, &scenario, 400 + i as u32).await;
        match end {
            End::Permit | End::Refused => {
                // The permit within 1 month; the review (a refusal) within 15 calendar days.
                // At the service centre the day of acceptance is not counted (para 8(5)) and the
                // provider hands the result over a day before the term ends (para 8(6)).
                let (due, provider_due) = match channel {
                    Channel::ServiceCenter => ("2013-08-02", "2013-08-01"),
                    _ => ("2013-08-01", "2013-08-01"),
                };
                assert_eq!(view["due"], end_of_day(due, 6), "{scenario:?}");
                let registered = events(&view, "register")[0];
                assert_eq!(registered["due"], end_of_day(provider_due, 6), "{view}");
                assert_eq!(registered["detail"]["due"], end_of_day(due, 6), "{view}");
                let waiting = events(&view, "qualification-check")[0];
                assert_eq!(waiting["due"], end_of_day("2013-07-16", 6));
            }
            End::Incomplete => {
                let reasons = view["refusal"]["reasons"].as_array().unwrap();
                assert_eq!(reasons.len(), 1, "{view}");
                let full = self::documents("emission-permit", "issue", category);
                let missing = full.last().unwrap();
                assert!(
                    reasons[0]["en"].as_str().unwrap().contains(missing),
                    "names {missing}: {view}"
                );
                assert!(
                    view["refusal"]["message"]["ru"]
                        .as_str()
                        .unwrap()
                        .contains("Неполнота")
                );
            }
            _ => {}
        }
    }
}

/// A complete re-issue of the category IV permit `number` held by applicant 500.
fn reissue(number: &str) -> serde_json::Value {
    let mut body = filing(
        "almaty",
        "emission-permit",
        "reissue",
        &bin(500),
        "IV",
        &documents("emission-permit", "reissue", "IV"),
    );
    body["form"]["licence_number"] = json!(number);
    body
}

#[tokio::test]
async fn permits_are_reissued_on_every_channel_and_the_old_one_superseded() {
    let h = Harness::start(MONDAY).await;
    let staff = Staff::of(&h, "almaty").await;
    let issue = Scenario {
        region: "almaty",
        service: "emission-permit",
        kind: "issue",
        category: "IV",
        channel: Channel::Portal,
        documents: documents("emission-permit", "issue", "IV"),
        end: End::Permit,
    };
    let first = run(&h, &staff, &issue, 500).await;
    let mut held = first["result"]["number"].as_str().unwrap().to_string();
    // Each re-issue names the permit held; a re-issued permit supersedes it. Every channel ends
    // each way: documents missing at registration, the employee's refusal, the permit.
    let cases = [
        (Channel::Provider, End::Incomplete),
        (Channel::Portal, End::Incomplete),
        (Channel::Portal, End::Refused),
        (Channel::Portal, End::Permit),
        (Channel::ServiceCenter, End::Refused),
        (Channel::ServiceCenter, End::Incomplete),
        (Channel::ServiceCenter, End::Permit),
        (Channel::Provider, End::Refused),
        (Channel::Provider, End::Permit),
    ];
    for (channel, end) in cases {
        let label = format!("re-issue {channel:?} {end:?}");
        let mut body = reissue(&held);
        if end == End::Incomplete {
            body["documents"] = json!(["application"]);
        }
        let (token, id) = file(&h, &staff, channel, body, true).await;
        let view = h.settle(&token, &id).await;
        if end == End::Incomplete {
            let steps: Vec<&str> = route(channel)
                .into_iter()
                .filter(|s| *s != "qualification-check")
                .collect();
            assert_end(
                &view,
                "refused",
                &steps,
                Some(("incomplete", "P8")),
                Some("refusal"),
                None,
            );
            assert!(
                view["refusal"]["reasons"][0]["en"]
                    .as_str()
                    .unwrap()
                    .contains("registration-certificate"),
                "{label}: {view}"
            );
            continue;
        }
        assert_eq!(open_task(&view).1, "review", "{label}: {view}");
        let (answer_with, reasons): (&str, &[&str]) = match end {
            End::Permit => ("approve", &[]),
            _ => ("refuse", &["Условия природопользования не изменились"]),
        };
        let view = answer_ok(&h, &staff.employee, &id, answer_with, reasons).await;
        let due = match channel {
            // The acceptance day at the service centre is not counted (para 8(5)).
            Channel::ServiceCenter => "2013-08-02",
            _ => "2013-08-01",
        };
        assert_eq!(view["due"], end_of_day(due, 6), "{label}: 1 month");
        assert_eq!(view["channel"], channel.name(), "{label}");
        if end == End::Refused {
            assert_end(
                &view,
                "refused",
                &route(channel),
                Some(("refused", "P8")),
                Some("refusal"),
                None,
            );
            continue;
        }
        assert_end(&view, "issued", &route(channel), None, Some("permit"), None);
        assert_eq!(view["result"]["refers_to"], held.as_str());
        assert_eq!(
            view["result"]["content"]["referenced_permit"],
            held.as_str()
        );
        let previous = std::mem::replace(
            &mut held,
            view["result"]["number"].as_str().unwrap().to_string(),
        );
        // The superseded permit can no longer be named.
        let token = staff.employee.clone();
        let (status, answer) = h.file(&token, reissue(&previous)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    }
}

#[tokio::test]
async fn expertise_has_no_service_centre() {
    let h = Harness::start(MONDAY).await;
    let staff = Staff::of(&h, "almaty").await;
    let mut body = filing(
        "almaty",
        "ecological-expertise",
        "main",
        &bin(550),
        "II",
        &documents("ecological-expertise", "main", "II"),
    );
    Harness::sign(&mut body, &h.person(&staff.operator_iin));
    let (status, answer) = h.file(&staff.operator, body).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
}

#[tokio::test]
async fn every_path_of_expertise() {
    let h = Harness::start(MONDAY).await;
    let staff = Staff::of(&h, "almaty").await;
    let mut n = 600;
    for kind in ["preliminary", "main", "repeat"] {
        let cases = [
            (Channel::Portal, End::Conclusion("agreed"), "II"),
            (Channel::Portal, End::Conclusion("not-agreed"), "III"),
            (Channel::Portal, End::Refused, "IV"),
            (Channel::Portal, End::Incomplete, "II"),
            (Channel::Portal, End::AuthRefused, "III"),
            (Channel::Portal, End::BadSignature, "IV"),
            (Channel::Provider, End::Conclusion("agreed"), "IV"),
            (Channel::Provider, End::Conclusion("not-agreed"), "II"),
            (Channel::Provider, End::Refused, "III"),
            (Channel::Provider, End::Incomplete, "IV"),
            (Channel::Provider, End::AuthRefused, "III"),
            (Channel::Provider, End::NotFound, "II"),
        ];
        for (channel, end, category) in cases {
            n += 1;
            let mut documents = documents("ecological-expertise", kind, category);
            if end == End::Incomplete {
                documents.retain(|d| *d != "approvals");
            }
            let scenario = Scenario {
                region: "almaty",
                service: "ecological-expertise",
                kind,
                category,
                channel,
                documents,
                end,
            };
            let view = run(&h, &staff, &scenario, n).await;
            if matches!(end, End::Conclusion(_) | End::Refused) {
                // Mon 01.07.2013: 5 working days skip the weekend and Mon 08.07 (Capital Day
                // moved): Tue 09.07; 10 working days: Tue 16.07; 1 month: 01.08.
                let due = match kind {
                    "preliminary" => "2013-07-09",
                    "repeat" => "2013-07-16",
                    _ => "2013-08-01",
                };
                assert_eq!(view["due"], end_of_day(due, 6), "{scenario:?}");
            }
            if end == End::Incomplete {
                assert!(
                    view["refusal"]["reasons"][0]["en"]
                        .as_str()
                        .unwrap()
                        .contains("(approvals)")
                );
            }
        }
    }
}

#[tokio::test]
async fn expertise_terms_cross_nauryz_and_new_year() {
    // (filed at, kind, due): Tue 18.03.2014 + 5 working days skips Nauryz 21–25.03 → Fri 28.03;
    // Fri 27.12.2013 + 10 working days counts the working Saturday 28.12 and skips 1–3 and 7
    // January → Wed 15.01.2014.
    for (at, kind, due) in [
        ("2014-03-18T09:00:00+06:00", "preliminary", "2014-03-28"),
        ("2013-12-27T09:00:00+06:00", "repeat", "2014-01-15"),
    ] {
        let h = Harness::start(at).await;
        let staff = Staff::of(&h, "almaty").await;
        let body = filing(
            "almaty",
            "ecological-expertise",
            kind,
            &bin(700),
            "III",
            &documents("ecological-expertise", kind, "III"),
        );
        let (token, id) = file(&h, &staff, Channel::Provider, body, true).await;
        let waiting = h.settle(&token, &id).await;
        assert_eq!(waiting["due"], end_of_day(due, 6), "{kind}: {waiting}");
        let (_, _, task_due) = open_task(&waiting);
        assert_eq!(
            task_due,
            end_of_day(due, 6),
            "the review is due with the term"
        );
    }
}

#[tokio::test]
async fn regional_programmes_are_category_two_objects() {
    let h = Harness::start(MONDAY).await;
    let staff = Staff::of(&h, "almaty").await;
    let mut body = filing(
        "almaty",
        "ecological-expertise",
        "main",
        &bin(800),
        "II",
        &[
            "application",
            "regional-programme-draft",
            "environmental-consequences",
            "public-opinion",
            "approvals",
        ],
    );
    body["form"]["object_type"] = json!("regional-programme");
    let mut third = body.clone();
    third["category"] = json!("III");
    let (status, answer) = h.file(&staff.employee, third).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert!(answer.to_string().contains("category II"), "{answer}");
    let (token, id) = file(&h, &staff, Channel::Provider, body, true).await;
    h.settle(&token, &id).await;
    let view = answer_ok(&h, &staff.employee, &id, "agreed", &[]).await;
    assert_eq!(view["verdict"], "agreed", "{view}");
    assert_eq!(
        view["result"]["content"]["object_type"],
        "regional-programme"
    );
}
