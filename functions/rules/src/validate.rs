//! What publishing requires of the regulation a component answers.

use std::collections::BTreeSet;

use reglament_core::rules::Regulation;

use crate::dates::InForce;

/// Whether `region` is a region id: it goes into store keys (`RULES#<region>`), so lowercase
/// ASCII letters, digits and inner hyphens only.
pub fn is_region_id(region: &str) -> bool {
    !region.is_empty()
        && !region.starts_with('-')
        && !region.ends_with('-')
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Check that `region` is a region id and the regulation is fit to publish for it: it names
/// that region, its dates are ISO dates in order, its time zone is a known IANA zone, and it has
/// services, each with a unique id and at least one route of at least one step. Every problem
/// found is listed.
pub fn check_regulation(regulation: &Regulation, region: &str) -> Result<InForce, String> {
    let mut problems = Vec::new();
    if !is_region_id(region) {
        problems.push(format!(
            "region {region:?} is not a region id (lowercase letters, digits and '-', e.g. \
             \"west-kazakhstan\")"
        ));
    }
    if regulation.region != region {
        problems.push(format!(
            "it carries the rules of region {:?}, not {region:?}; publish it for {:?}",
            regulation.region, regulation.region
        ));
    }
    let in_force = InForce::parse(
        &regulation.in_force_from,
        regulation.in_force_until.as_deref(),
    );
    if let Err(problem) = &in_force {
        problems.push(problem.clone());
    }
    if regulation.time_zone.parse::<chrono_tz::Tz>().is_err() {
        problems.push(format!(
            "time zone {:?} is not an IANA time zone",
            regulation.time_zone
        ));
    }
    if regulation.services.is_empty() {
        problems.push("it has no services".into());
    }
    let mut ids = BTreeSet::new();
    for service in &regulation.services {
        if !ids.insert(service.id.as_str()) {
            problems.push(format!("service {:?} appears twice", service.id));
        }
        if service.routes.is_empty() {
            problems.push(format!("service {:?} has no route", service.id));
        }
        for route in &service.routes {
            if route.steps.is_empty() {
                problems.push(format!(
                    "service {:?}: the {} route has no steps",
                    service.id, route.channel
                ));
            }
        }
    }
    match in_force {
        Ok(in_force) if problems.is_empty() => Ok(in_force),
        _ => Err(problems.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use reglament_core::rules::{Channel, Message, Route, Service, Step, StepRule};

    use super::*;

    fn message() -> Message {
        Message {
            ru: "ru".into(),
            kk: "kk".into(),
            en: "en".into(),
        }
    }

    fn regulation() -> Regulation {
        Regulation {
            region: "akmola".into(),
            act: message(),
            in_force_from: "2012-11-05".into(),
            in_force_until: Some("2013-06-03".into()),
            time_zone: "Asia/Almaty".into(),
            provider: message(),
            services: vec![Service {
                id: "veterinary".into(),
                title: message(),
                result: "licence".into(),
                kinds: vec![],
                applicants: vec![],
                categories: vec![],
                routes: vec![Route {
                    channel: Channel::Portal,
                    steps: vec![StepRule {
                        step: Step::Authorize,
                        processes: vec!["C1".into()],
                        limit: None,
                        refusals: vec![],
                    }],
                    skip_acceptance_day: false,
                    hand_over_before: None,
                }],
            }],
        }
    }

    #[test]
    fn accepts_a_sound_regulation() {
        let in_force = check_regulation(&regulation(), "akmola").expect("sound");
        assert_eq!(in_force.to_string(), "2012-11-05..2013-06-03");
    }

    #[test]
    fn region_ids_are_lowercase_kebab_case() {
        assert!(is_region_id("west-kazakhstan"));
        for bad in ["", "Akmola", "RULES#x", "a b", "-akmola", "akmola-"] {
            assert!(!is_region_id(bad), "{bad:?}");
        }
        let mut regulation = regulation();
        regulation.region = "Akmola".into();
        let err = check_regulation(&regulation, "Akmola").expect_err("not an id");
        assert!(err.contains("is not a region id"), "{err}");
    }

    #[test]
    fn lists_every_problem() {
        let mut bad = regulation();
        bad.in_force_from = "05.11.2012".into();
        bad.time_zone = "Mars/Olympus".into();
        bad.services[0].routes.clear();
        let err = check_regulation(&bad, "almaty").expect_err("bad");
        for expected in [
            "not \"almaty\"",
            "05.11.2012",
            "Mars/Olympus",
            "has no route",
        ] {
            assert!(err.contains(expected), "{expected} missing from: {err}");
        }
    }
}
