//! West Kazakhstan 2013 (resolution No. 72): every path of the emission permit (portal, provider,
//! service centre) and of the expertise conclusion (portal, provider; verdict agreed or not
//! agreed) through the API, with the month's term.

use reglament_tests::Harness;
use reglament_tests::ecology::{
    Channel, EMISSIONS_PATHS, End, Scenario, Staff, end_of_day, events, run,
};

/// Monday 01.07.2013, 09:00 in Oral (UTC+5), while the act was in force.
const MONDAY: &str = "2013-07-01T09:00:00+05:00";

#[tokio::test]
async fn every_path_of_both_services() {
    let h = Harness::start(MONDAY).await;
    let staff = Staff::of(&h, "west-kazakhstan").await;
    let permit = EMISSIONS_PATHS.map(|(c, e)| ("emission-permit", c, e));
    let expertise = [
        (Channel::Portal, End::Conclusion("agreed")),
        (Channel::Portal, End::Conclusion("not-agreed")),
        (Channel::Portal, End::Refused),
        (Channel::Portal, End::AuthRefused),
        (Channel::Portal, End::BadSignature),
        (Channel::Provider, End::Conclusion("agreed")),
        (Channel::Provider, End::Conclusion("not-agreed")),
        (Channel::Provider, End::Refused),
        (Channel::Provider, End::AuthRefused),
        (Channel::Provider, End::NotFound),
    ]
    .map(|(c, e)| ("ecological-expertise", c, e));
    for (i, (service, channel, end)) in permit.into_iter().chain(expertise).enumerate() {
        let scenario = Scenario {
            region: "west-kazakhstan",
            service,
            kind: "issue",
            category: ["II", "III", "IV"][i % 3],
            channel,
            documents: vec!["application"],
            end,
        };
        let view = run(&h, &staff, &scenario, 200 + i as u32).await;
        if matches!(end, End::Permit | End::Conclusion(_) | End::Refused) {
            // 1 month from registration; the act gives the review no limit of its own, so the
            // employee's task is due with the term.
            assert_eq!(view["due"], end_of_day("2013-08-01", 5), "{scenario:?}");
            let review = events(&view, "qualification-check")[0];
            assert_eq!(review["outcome"], "waiting", "{view}");
            assert_eq!(review["due"], end_of_day("2013-08-01", 5), "{scenario:?}");
            let filed = events(&view, "filing")[0];
            assert!(
                filed["detail"]["act"]["ru"]
                    .as_str()
                    .is_some_and(|a| a.contains("№ 72")),
                "the history names the act: {filed}"
            );
        }
    }
}

#[tokio::test]
async fn expertise_has_no_service_centre() {
    let h = Harness::start(MONDAY).await;
    let staff = Staff::of(&h, "west-kazakhstan").await;
    let applicant = reglament_tests::ecology::bin(300);
    h.registry(&[&applicant]).await;
    let mut body = reglament_tests::ecology::filing(
        "west-kazakhstan",
        "ecological-expertise",
        "issue",
        &applicant,
        "II",
        &[],
    );
    Harness::sign(&mut body, &h.person(&staff.operator_iin));
    let (status, answer) = h.file(&staff.operator, body).await;
    assert_eq!(status, axum::http::StatusCode::FORBIDDEN, "{answer}");
}
