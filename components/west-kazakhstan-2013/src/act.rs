//! Act No. 72 as data: the emission permit (portal §6, provider §7, service centre §8) and the
//! SEE conclusion (portal §6, provider §7; no service centre), with the process ids of the text
//! and the Annex 1 limits (spec §2.1–§2.5).
//!
//! Decisions (DECISIONS 2, 6, 8; spec §7): routes follow the text, not the "next" cells; the
//! service's term is the A9 "не более 1 месяца", counted from registration, for both services
//! and for a refusal too (the act has no refusal term); the provider's check C3 is one review by
//! a provider employee; a conclusion carries the verdict agreed / not agreed in every channel;
//! the service-centre operator's login (P1) and EDS (P5) have no failure branch in the text and
//! are still checked by the host.

use reglament_ecology::act::{
    Act, CATEGORIES, EVERYONE, Outcome, Refusal, Route, SECONDS_10_15, SECONDS_30_60, SECONDS_60,
    SECONDS_90, Service, StepRule, term,
};
use reglament_ecology::text::Text;
use reglament_ecology::types::{Channel, RefusalCode, RequestKind, Step, Unit};

use crate::messages::*;

const REFUSED_P8: &[Refusal] = &[Refusal {
    code: RefusalCode::Refused,
    process: "P8",
    message: DATA_VIOLATIONS,
}];

const ISSUE: StepRule = StepRule {
    step: Step::Issue,
    processes: &["P9"],
    limit: None,
    refusals: &[],
};

/// §6, the applicant on the portal: P1 → C1 → P3 → P4 → C2 → P6 → P7 → C3 → P9.
const PORTAL: &[StepRule] = &[
    StepRule {
        step: Step::Authorize,
        processes: &["P1", "C1"],
        limit: SECONDS_10_15,
        refusals: &[Refusal {
            code: RefusalCode::AuthRefused,
            process: "P2",
            message: AUTH_REFUSED,
        }],
    },
    StepRule {
        step: Step::SignatureCheck,
        processes: &["P4", "C2", "P6"],
        limit: SECONDS_10_15,
        refusals: &[Refusal {
            code: RefusalCode::SignatureInvalid,
            process: "P5",
            message: SIGNATURE_NOT_CONFIRMED,
        }],
    },
    StepRule {
        step: Step::Register,
        processes: &["P7"],
        limit: SECONDS_90,
        refusals: &[],
    },
    StepRule {
        step: Step::QualificationCheck,
        processes: &["C3"],
        limit: None,
        refusals: REFUSED_P8,
    },
    ISSUE,
];

/// §7, a provider employee: P1 → C1 → P3 → P4 → C2 → P6 → P7 → C3 → P9; nobody signs.
const PROVIDER: &[StepRule] = &[
    StepRule {
        step: Step::Authorize,
        processes: &["P1", "C1", "P3", "P4", "C2"],
        limit: SECONDS_10_15,
        refusals: &[
            Refusal {
                code: RefusalCode::AuthRefused,
                process: "P2",
                message: EMPLOYEE_AUTH_REFUSED,
            },
            Refusal {
                code: RefusalCode::ApplicantNotFound,
                process: "P5",
                message: APPLICANT_NOT_FOUND,
            },
        ],
    },
    StepRule {
        step: Step::Register,
        processes: &["P6", "P7"],
        limit: SECONDS_90,
        refusals: &[],
    },
    StepRule {
        step: Step::QualificationCheck,
        processes: &["C3"],
        limit: None,
        refusals: REFUSED_P8,
    },
    ISSUE,
];

/// §8, a service-centre operator through IS-CON: P1 → P2 → P3 → C1 → P5 (the operator signs
/// with EDS) → P6 → P7 → C2 → P9 (delivered through the operator).
const SERVICE_CENTRE: &[StepRule] = &[
    StepRule {
        step: Step::Authorize,
        processes: &["P1", "P2", "P3", "C1"],
        limit: SECONDS_30_60,
        refusals: &[
            Refusal {
                code: RefusalCode::AuthRefused,
                process: "P1",
                message: OPERATOR_AUTH_REFUSED,
            },
            Refusal {
                code: RefusalCode::ApplicantNotFound,
                process: "P4",
                message: APPLICANT_NOT_FOUND,
            },
        ],
    },
    StepRule {
        step: Step::SignatureCheck,
        processes: &["P5", "P6"],
        limit: SECONDS_30_60,
        refusals: &[Refusal {
            code: RefusalCode::SignatureInvalid,
            process: "P5",
            message: OPERATOR_SIGNATURE_NOT_CONFIRMED,
        }],
    },
    StepRule {
        step: Step::Register,
        processes: &["P7"],
        limit: SECONDS_60,
        refusals: &[],
    },
    StepRule {
        step: Step::QualificationCheck,
        processes: &["C2"],
        limit: None,
        refusals: &[Refusal {
            code: RefusalCode::Refused,
            process: "P8",
            message: CENTRE_DATA_VIOLATIONS,
        }],
    },
    ISSUE,
];

/// The act.
pub static WKO_2013: Act = Act {
    region: "west-kazakhstan",
    act: Text {
        ru: "Постановление акимата Западно-Казахстанской области от 20 мая 2013 года № 72 «Об \
             утверждении регламентов электронных государственных услуг в сфере охраны \
             окружающей среды Западно-Казахстанской области»",
        kk: "Батыс Қазақстан облысы әкімдігінің 2013 жылғы 20 мамырдағы № 72 «Батыс Қазақстан \
             облысының қоршаған ортаны қорғау саласындағы электрондық мемлекеттік қызметтер \
             регламенттерін бекіту туралы» қаулысы",
        en: "West Kazakhstan akimat resolution No. 72 of 20.05.2013 on the e-service regulations \
             in environmental protection",
    },
    // From state registration (28.06.2013) until the repealing resolution No. 1 of 15.01.2014.
    in_force_from: "2013-06-28",
    in_force_until: Some("2014-01-15"),
    time_zone: "Asia/Oral",
    provider: Text {
        ru: "ГУ «Управление природных ресурсов и регулирования природопользования \
             Западно-Казахстанской области»",
        kk: "«Батыс Қазақстан облысының табиғи ресурстар және табиғат пайдалануды реттеу \
             басқармасы» ММ",
        en: "State institution \"Department of Natural Resources and Nature-Use Regulation of \
             West Kazakhstan Region\"",
    },
    services: &[
        Service {
            id: "emission-permit",
            title: Text {
                ru: "Выдача разрешений на эмиссии в окружающую среду для объектов II, III и IV \
                     категорий",
                kk: "II, III және IV санаттағы объектілер үшін қоршаған ортаға эмиссияға рұқсат \
                     беру",
                en: "Issuing permits for emissions into the environment for category II, III and \
                     IV objects",
            },
            outcome: Outcome::Permit,
            kinds: &[RequestKind::Issue],
            applicants: EVERYONE,
            categories: CATEGORIES,
            routes: &[
                Route {
                    channel: Channel::Portal,
                    steps: PORTAL,
                },
                Route {
                    channel: Channel::Provider,
                    steps: PROVIDER,
                },
                Route {
                    channel: Channel::ServiceCenter,
                    steps: SERVICE_CENTRE,
                },
            ],
        },
        Service {
            id: "ecological-expertise",
            title: Text {
                ru: "Выдача заключений государственной экологической экспертизы для объектов II, \
                     III и IV категорий",
                kk: "II, III және IV санаттағы объектілер үшін мемлекеттік экологиялық сараптама \
                     қорытындысын беру",
                en: "Issuing state ecological expertise conclusions for category II, III and IV \
                     objects",
            },
            outcome: Outcome::Conclusion,
            kinds: &[RequestKind::Issue],
            applicants: EVERYONE,
            categories: CATEGORIES,
            routes: &[
                Route {
                    channel: Channel::Portal,
                    steps: PORTAL,
                },
                Route {
                    channel: Channel::Provider,
                    steps: PROVIDER,
                },
            ],
        },
    ],
    term: |_| term(1, Unit::Months),
    decide: reglament_ecology::review::decide,
    review_limit: |_| None,
    documents: None,
    refusal_statement: DATA_VIOLATIONS,
    requirements_not_met: PERMIT_REQUIREMENTS_NOT_MET,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emissions_have_three_channels_and_expertise_two() {
        let regulation = WKO_2013.regulation();
        assert_eq!(regulation.region, "west-kazakhstan");
        assert_eq!(regulation.in_force_until.as_deref(), Some("2014-01-15"));
        let channels = |i: usize| -> Vec<Channel> {
            regulation.services[i]
                .routes
                .iter()
                .map(|r| r.channel)
                .collect()
        };
        assert_eq!(
            channels(0),
            [Channel::Portal, Channel::Provider, Channel::ServiceCenter]
        );
        assert_eq!(channels(1), [Channel::Portal, Channel::Provider]);
        assert_eq!(regulation.services[1].result, "conclusion");
        let portal = &regulation.services[0].routes[0];
        let steps: Vec<_> = portal.steps.iter().map(|s| s.step).collect();
        assert_eq!(
            steps,
            [
                Step::Authorize,
                Step::SignatureCheck,
                Step::Register,
                Step::QualificationCheck,
                Step::Issue
            ]
        );
    }
}
