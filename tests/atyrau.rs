//! Atyrau 2013 (resolution No. 194): every path of the emission permit's three routes — portal,
//! provider, service centre (the operator signs with EDS) — through the API, and the month's
//! term.

use reglament_tests::Harness;
use reglament_tests::ecology::{
    Channel, EMISSIONS_PATHS, End, Scenario, Staff, end_of_day, events, run,
};

/// Monday 01.07.2013, 09:00 in Atyrau (UTC+5), while the act was in force.
const MONDAY: &str = "2013-07-01T09:00:00+05:00";

#[tokio::test]
async fn every_path_of_every_channel() {
    let h = Harness::start(MONDAY).await;
    let staff = Staff::of(&h, "atyrau").await;
    let cases = EMISSIONS_PATHS;
    for (i, (channel, end)) in cases.into_iter().enumerate() {
        let scenario = Scenario {
            region: "atyrau",
            service: "emission-permit",
            kind: "issue",
            category: ["II", "III", "IV"][i % 3],
            channel,
            documents: vec!["application"],
            end,
        };
        let view = run(&h, &staff, &scenario, 100 + i as u32).await;
        if matches!(end, End::Permit | End::Refused) {
            // No overall term in the act: 1 month from registration (DECISIONS 8); the review
            // has no limit of its own, so the employee's task is due with the term.
            assert_eq!(view["due"], end_of_day("2013-08-01", 5), "{scenario:?}");
            let review = events(&view, "qualification-check")[0];
            assert_eq!(review["outcome"], "waiting", "{view}");
            assert_eq!(review["due"], end_of_day("2013-08-01", 5), "{scenario:?}");
            assert!(
                view["registration_number"]
                    .as_str()
                    .is_some_and(|n| n.starts_with("atyrau-2013-"))
            );
        }
        if channel == Channel::ServiceCenter && end == End::Permit {
            // The operator's EDS is the one checked.
            let check = events(&view, "signature-check")[0];
            assert_eq!(check["detail"]["signer"]["iin"], staff.operator_iin);
            assert_eq!(check["processes"], serde_json::json!(["P5", "P6"]));
        }
    }
}
