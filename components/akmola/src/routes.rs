//! The routes of the two channels the act has (§6 through the portal, §7 through the provider),
//! as host steps with the regulation's process ids, the annex tables' time limits and each step's
//! refusals (DECISIONS 1–2). The act has no service-centre channel.
//!
//! The routes are identical for the five services except S4 (legal entities only): its registry
//! refusal names GBD-UL only, and its portal login also refuses an individual.
//!
//! Process ids: `P`*n* is "процесс *n*" (the same number as the annex row "№ действия"), `C`*n* is
//! "условие *n*" of the same channel. The tables' "next action" cells are not used (DECISIONS 1).
//!
//! Time limits are the "Сроки исполнения" cells as printed, a range kept as low/high; "1,5 мин"
//! is recorded as 90 seconds. A step covering several processes carries the limit of its first
//! process, except `register`, which carries the "15 рабочих дней" of the registration itself
//! (portal P9, provider P7): the term the service's deadline counts from (DECISIONS 8). The
//! limits of the other processes a step covers are named on the step. Defects of the tables,
//! handled as the spec recommends:
//! - S5 (veterinary) Annex 1 Table 2 rows 5–9 are a copy of Table 1 rows 6–11: the provider
//!   route of S5 uses the S1–S4 row values, identical in the four (spec §3.2, §8 item 13).
//! - Provider P5 (a message, 1.5 min) and P6 (scanning, 10–15 s) look swapped, but all five acts
//!   print them so: the printed values are kept (spec §8 item 12). Neither is a step's limit here.
//! - Portal P8 "next" is "-" and provider P6/P7 "next" cells are wrong: the text's order is used.

use crate::messages;
use crate::service::LicenceService;
use crate::types::{
    Channel, Limit, Message, RefusalCode, RefusalRule, Route, Step, StepRule, Unit,
};

/// "10 – 15 сек": portal P1 (login), P6 (choice of the EDS certificate); provider P1 (login).
const TEN_TO_FIFTEEN_SECONDS: Limit = Limit {
    low: 10,
    high: 15,
    unit: Unit::Seconds,
};

/// "1,5 мин": portal P4 (payment).
const NINETY_SECONDS: Limit = Limit {
    low: 90,
    high: 90,
    unit: Unit::Seconds,
};

/// "15 рабочих дней": portal P9, provider P7 (registration and processing in IS-EL).
const FIFTEEN_WORKING_DAYS: Limit = Limit {
    low: 15,
    high: 15,
    unit: Unit::WorkingDays,
};

/// Both routes of a service: the portal first, then the provider.
pub fn routes(service: LicenceService) -> Vec<Route> {
    vec![portal(service), provider(service)]
}

/// §6, the applicant on the portal: P1 → C1 → P3 → P4 → C2 → P6 → C3 → P8 → P9 → C4 → P11.
///
/// P3 (choosing the service and filling in the form, 1.5 min) is the filing itself: the host's
/// submission, before any step, so no step covers it.
pub fn portal(service: LicenceService) -> Route {
    Route {
        channel: Channel::Portal,
        steps: vec![
            // Login by EDS certificate and password, checked by IIN/BIN (S4: BIN) and password.
            // The refusal message P2 itself is printed "20 сек".
            step(
                Step::Authorize,
                &["P1", "C1"],
                Some(TEN_TO_FIFTEEN_SECONDS),
                portal_login_refusals(service),
            ),
            // Payment through the payment gateway, checked in IS-EL. Limit: P4 ("1,5 мин").
            step(
                Step::PaymentCheck,
                &["P4", "C2"],
                Some(NINETY_SECONDS),
                vec![refusal(
                    RefusalCode::NotPaid,
                    "P5",
                    messages::NOT_PAID.message(),
                )],
            ),
            // Choice of the certificate (P6), its check (C3) and the signing (P8, printed
            // "1,5 мин").
            step(
                Step::SignatureCheck,
                &["P6", "C3", "P8"],
                Some(TEN_TO_FIFTEEN_SECONDS),
                vec![refusal(
                    RefusalCode::SignatureInvalid,
                    "P7",
                    messages::SIGNATURE_NOT_CONFIRMED.message(),
                )],
            ),
            registration(&["P9"]),
            qualification("C4", "P10"),
            step(Step::Issue, &["P11"], None, Vec::new()),
        ],
        // The act counts its 15 working days from registration and names no hand-over.
        skip_acceptance_day: false,
        hand_over_before: None,
    }
}

/// §7, a provider employee for an applicant with paper documents:
/// P1 → C1 → P3 → P4 → C2 → P6 → P7 → C3 → P9. No payment and no signing of the request.
pub fn provider(service: LicenceService) -> Route {
    Route {
        channel: Channel::Provider,
        steps: vec![
            // The employee's login (P1, C1; a bad one is refused with P2), the form (P3, "1,5
            // мин") and the registry lookup of the applicant in GBD-FL/GBD-UL (S4: GBD-UL only)
            // (P4, "1,5 мин"; C2; not found is refused with P5).
            step(
                Step::Authorize,
                &["P1", "C1", "P3", "P4", "C2"],
                Some(TEN_TO_FIFTEEN_SECONDS),
                vec![
                    refusal(
                        RefusalCode::AuthRefused,
                        "P2",
                        messages::EMPLOYEE_AUTH_REFUSED.message(),
                    ),
                    refusal(
                        RefusalCode::ApplicantNotFound,
                        "P5",
                        messages::applicant_not_found(service),
                    ),
                ],
            ),
            // Scanning the paper documents (P6) and registering the request (P7).
            registration(&["P6", "P7"]),
            qualification("C3", "P8"),
            step(Step::Issue, &["P9"], None, Vec::new()),
        ],
        skip_acceptance_day: false,
        hand_over_before: None,
    }
}

/// Registration in IS-EL with a number, then processing: 15 working days, and no refusal. The
/// act names no completeness check at registration (see [`crate::completeness`]).
fn registration(processes: &[&str]) -> StepRule {
    step(
        Step::Register,
        processes,
        Some(FIFTEEN_WORKING_DAYS),
        Vec::new(),
    )
}

/// The provider's check of the qualification requirements and grounds (`condition`), refused by
/// the motivated refusal `process`. The condition has no time of its own: it falls inside the 15
/// working days of registration.
fn qualification(condition: &str, process: &str) -> StepRule {
    step(
        Step::QualificationCheck,
        &[condition],
        None,
        vec![refusal(
            RefusalCode::Refused,
            process,
            messages::DATA_VIOLATIONS.message(),
        )],
    )
}

/// The refusals of the portal login (C1): P2. For S4 the login is by BIN, so an individual cannot
/// pass it either: the host refuses a kind of applicant the service does not admit with
/// `applicant-not-found` (DECISIONS 3), formed here by the same P2 (the portal channel of the act
/// has no registry lookup of its own). The host adds the precise reason to the statement.
fn portal_login_refusals(service: LicenceService) -> Vec<RefusalRule> {
    let mut refusals = vec![refusal(
        RefusalCode::AuthRefused,
        "P2",
        messages::AUTH_REFUSED.message(),
    )];
    if service.legal_entities_only() {
        refusals.push(refusal(
            RefusalCode::ApplicantNotFound,
            "P2",
            messages::AUTH_REFUSED.message(),
        ));
    }
    refusals
}

/// One step of a route.
fn step(
    step: Step,
    processes: &[&str],
    limit: Option<Limit>,
    refusals: Vec<RefusalRule>,
) -> StepRule {
    StepRule {
        step,
        processes: processes.iter().map(|&id| id.to_owned()).collect(),
        limit,
        refusals,
    }
}

/// A step's refusal: its code, the process that forms it and its message.
fn refusal(code: RefusalCode, process: &str, message: Message) -> RefusalRule {
    RefusalRule {
        code,
        process: process.to_owned(),
        message,
    }
}

/// The regulation process that forms the motivated refusal on a channel: P10 on the portal, P8
/// through the provider.
pub fn motivated_refusal_process(channel: Channel) -> &'static str {
    match channel {
        Channel::Provider => "P8",
        Channel::Portal | Channel::ServiceCenter => "P10",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A step as (step, processes, limit, [(refusal code, process)]).
    type Summary = (Step, Vec<String>, Option<Limit>, Vec<(RefusalCode, String)>);

    fn summary(route: &Route) -> Vec<Summary> {
        route
            .steps
            .iter()
            .map(|rule| {
                let refusals = rule
                    .refusals
                    .iter()
                    .map(|r| (r.code, r.process.clone()))
                    .collect();
                (rule.step, rule.processes.clone(), rule.limit, refusals)
            })
            .collect()
    }

    fn ids(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| id.to_string()).collect()
    }

    fn refused(code: RefusalCode, process: &str) -> Vec<(RefusalCode, String)> {
        vec![(code, process.to_owned())]
    }

    const SECONDS_10_15: Option<Limit> = Some(Limit {
        low: 10,
        high: 15,
        unit: Unit::Seconds,
    });
    const WORKING_DAYS_15: Option<Limit> = Some(Limit {
        low: 15,
        high: 15,
        unit: Unit::WorkingDays,
    });

    #[test]
    fn portal_route_follows_section_6() {
        let route = portal(LicenceService::PesticideSale);
        assert_eq!(route.channel, Channel::Portal);
        assert_eq!(
            summary(&route),
            vec![
                (
                    Step::Authorize,
                    ids(&["P1", "C1"]),
                    SECONDS_10_15,
                    refused(RefusalCode::AuthRefused, "P2")
                ),
                (
                    Step::PaymentCheck,
                    ids(&["P4", "C2"]),
                    Some(Limit {
                        low: 90,
                        high: 90,
                        unit: Unit::Seconds
                    }),
                    refused(RefusalCode::NotPaid, "P5"),
                ),
                (
                    Step::SignatureCheck,
                    ids(&["P6", "C3", "P8"]),
                    SECONDS_10_15,
                    refused(RefusalCode::SignatureInvalid, "P7")
                ),
                (Step::Register, ids(&["P9"]), WORKING_DAYS_15, vec![]),
                (
                    Step::QualificationCheck,
                    ids(&["C4"]),
                    None,
                    refused(RefusalCode::Refused, "P10")
                ),
                (Step::Issue, ids(&["P11"]), None, vec![]),
            ]
        );
    }

    #[test]
    fn provider_route_follows_section_7() {
        let route = provider(LicenceService::Veterinary);
        assert_eq!(route.channel, Channel::Provider);
        assert_eq!(
            summary(&route),
            vec![
                (
                    Step::Authorize,
                    ids(&["P1", "C1", "P3", "P4", "C2"]),
                    SECONDS_10_15,
                    vec![
                        (RefusalCode::AuthRefused, "P2".into()),
                        (RefusalCode::ApplicantNotFound, "P5".into())
                    ],
                ),
                (Step::Register, ids(&["P6", "P7"]), WORKING_DAYS_15, vec![]),
                (
                    Step::QualificationCheck,
                    ids(&["C3"]),
                    None,
                    refused(RefusalCode::Refused, "P8")
                ),
                (Step::Issue, ids(&["P9"]), None, vec![]),
            ]
        );
    }

    #[test]
    fn grain_warehouse_portal_login_can_refuse_an_individual() {
        let route = portal(LicenceService::GrainWarehouse);
        let codes: Vec<_> = route.steps[0]
            .refusals
            .iter()
            .map(|r| (r.code, r.process.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                (RefusalCode::AuthRefused, "P2"),
                (RefusalCode::ApplicantNotFound, "P2")
            ]
        );
        let lookup = &provider(LicenceService::GrainWarehouse).steps[0].refusals[1];
        assert!(lookup.message.ru.ends_with("в ГБД ЮЛ."));
    }

    #[test]
    fn every_refusal_has_text_in_three_languages_and_one_rule_per_code() {
        for service in LicenceService::ALL {
            for route in routes(service) {
                for step in &route.steps {
                    let mut codes: Vec<_> = step.refusals.iter().map(|r| r.code).collect();
                    codes.dedup();
                    assert_eq!(codes.len(), step.refusals.len());
                    for m in step.refusals.iter().map(|r| &r.message) {
                        assert!(!m.ru.is_empty() && !m.kk.is_empty() && !m.en.is_empty());
                    }
                }
            }
        }
    }
}
