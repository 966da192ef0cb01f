//! Act No. 194 as data: one service (the emission permit), three channels (§6 portal, §7
//! provider, §15 service centre), their steps with process ids and the Annex 2 limits.
//!
//! Decisions (DECISIONS 2, 8; spec §7):
//! - The portal route has **no payment**: Annex 2 Table 1's payment step (T4/T5) is a template
//!   artefact the text does not have.
//! - The act gives **no overall term**: the service's term is 1 month from registration.
//! - Annex 2's tables are truncated after action 5–7: the steps they do not reach (P6–P9, C3)
//!   have no limit.
//! - The provider's check C3 has no procedure: one review by a provider employee
//!   ([`reglament_ecology::review`]).
//! - The service-centre operator's login (P1) and EDS (P5) have no failure branch in the text; the
//!   host checks both and refuses with the project's texts ([`crate::messages`]).

use reglament_ecology::act::{
    Act, CATEGORIES, EVERYONE, Outcome, Refusal, Route, SECONDS_10_15, SECONDS_30_60, Service,
    StepRule, term,
};
use reglament_ecology::text::Text;
use reglament_ecology::types::{Channel, RefusalCode, RequestKind, Step, Unit};

use crate::messages::*;

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
        limit: None,
        refusals: &[],
    },
    StepRule {
        step: Step::QualificationCheck,
        processes: &["C3"],
        limit: None,
        refusals: &[Refusal {
            code: RefusalCode::Refused,
            process: "P8",
            message: DATA_VIOLATIONS,
        }],
    },
    StepRule {
        step: Step::Issue,
        processes: &["P9"],
        limit: None,
        refusals: &[],
    },
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
        limit: None,
        refusals: &[],
    },
    StepRule {
        step: Step::QualificationCheck,
        processes: &["C3"],
        limit: None,
        refusals: &[Refusal {
            code: RefusalCode::Refused,
            process: "P8",
            message: DATA_VIOLATIONS,
        }],
    },
    StepRule {
        step: Step::Issue,
        processes: &["P9"],
        limit: None,
        refusals: &[],
    },
];

/// §15, a service-centre operator: P1 → P2 → P3 → C1 → P5 (operator's EDS) → P6 → P7 → C2 → P9.
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
                message: CENTRE_APPLICANT_NOT_FOUND,
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
        limit: None,
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
    StepRule {
        step: Step::Issue,
        processes: &["P9"],
        limit: None,
        refusals: &[],
    },
];

/// The act.
pub static ATYRAU: Act = Act {
    region: "atyrau",
    act: Text {
        ru: "Постановление акимата Атырауской области от 31 мая 2013 года № 194 «Об утверждении \
             регламента электронной государственной услуги «Выдача разрешений на эмиссии в \
             окружающую среду для объектов II, III и IV категорий»»",
        kk: "Атырау облысы әкімдігінің 2013 жылғы 31 мамырдағы № 194 «\"II, III және IV санат \
             объектілері үшін қоршаған ортаға эмиссияға рұқсат беру\" электрондық мемлекеттік \
             қызмет көрсету регламентін бекіту туралы» қаулысы",
        en: "Atyrau akimat resolution No. 194 of 31.05.2013 on the e-service regulation \"Issuing \
             permits for emissions into the environment for category II, III and IV objects\"",
    },
    // In force from state registration (27.06.2013) until the repealing resolution No. 213.
    in_force_from: "2013-06-27",
    in_force_until: Some("2014-07-22"),
    time_zone: "Asia/Atyrau",
    provider: Text {
        ru: "ГУ «Управление природных ресурсов и регулирования природопользования Атырауской \
             области»",
        kk: "«Атырау облысының табиғи ресурстар және табиғат пайдалануды реттеу басқармасы» ММ",
        en: "State institution \"Department of Natural Resources and Nature-Use Regulation of \
             Atyrau Region\"",
    },
    services: &[Service {
        id: "emission-permit",
        title: Text {
            ru: "Выдача разрешений на эмиссии в окружающую среду для объектов II, III и IV \
                 категорий",
            kk: "II, III және IV санат объектілері үшін қоршаған ортаға эмиссияға рұқсат беру",
            en: "Issuing permits for emissions into the environment for category II, III and IV \
                 objects",
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
    }],
    term: |_| term(1, Unit::Months),
    decide: reglament_ecology::review::decide,
    review_limit: |_| None,
    documents: None,
    refusal_statement: DATA_VIOLATIONS,
    requirements_not_met: REQUIREMENTS_NOT_MET,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_channels_without_payment_and_a_month_term() {
        let regulation = ATYRAU.regulation();
        assert_eq!(regulation.region, "atyrau");
        assert_eq!(regulation.in_force_from, "2013-06-27");
        let service = &regulation.services[0];
        assert_eq!(service.result, "permit");
        let channels: Vec<_> = service.routes.iter().map(|r| r.channel).collect();
        assert_eq!(
            channels,
            [Channel::Portal, Channel::Provider, Channel::ServiceCenter]
        );
        for route in &service.routes {
            assert!(route.steps.iter().all(|s| s.step != Step::PaymentCheck));
        }
        let centre = &service.routes[2];
        assert_eq!(centre.steps[1].step, Step::SignatureCheck);
        assert_eq!(centre.steps[0].refusals[1].process, "P4");
        assert_eq!(ATYRAU.fee("emission-permit", RequestKind::Issue), None);
    }
}
