//! Act No. 263 as data: both services on the portal only (§1–§2, §8), the portal steps with the
//! process ids of §8 (the act gives them no time limits), and the provider's staff workflow
//! inside the provider's check C3 ([`crate::workflow`]; spec §2.B–§2.C: WP2–WP7 for the permit,
//! WE2–WE9 for the expertise).
//!
//! Decisions (DECISIONS 2, 8, 11; spec §7): one electronic intake, the portal; the office
//! registers the e-application inside the workflow; the executor's deadlines are the service's
//! terms, counted from registration; incomplete documents end in the motivated refusal WP4 /
//! WE4 (`incomplete`; the permit regulation has no explicit branch and mirrors the expertise
//! one), the executor's refusal of a permit or of a conclusion (§6(3) of each) in P8; both
//! services are free of charge.

use reglament_ecology::act::{
    Act, CATEGORIES, EVERYONE, Outcome, Refusal, Route, Service, StepRule,
};
use reglament_ecology::text::Text;
use reglament_ecology::types::{Channel, RefusalCode, RequestKind, Step};

use crate::messages::*;

const LOGIN: StepRule = StepRule {
    step: Step::Authorize,
    processes: &["P1", "C1"],
    limit: None,
    refusals: &[Refusal {
        code: RefusalCode::AuthRefused,
        process: "P2",
        message: AUTH_REFUSED,
    }],
};

const SIGNATURE: StepRule = StepRule {
    step: Step::SignatureCheck,
    processes: &["P4", "C2", "P6"],
    limit: None,
    refusals: &[Refusal {
        code: RefusalCode::SignatureInvalid,
        process: "P5",
        message: SIGNATURE_NOT_CONFIRMED,
    }],
};

const REGISTER: StepRule = StepRule {
    step: Step::Register,
    processes: &["P7"],
    limit: None,
    refusals: &[],
};

const ISSUE: StepRule = StepRule {
    step: Step::Issue,
    processes: &["P9"],
    limit: None,
    refusals: &[],
};

/// The permit: P1 → C1 → P3 → P4 → C2 → P6 → P7 → C3 (WP2–WP7) → P9.
const PERMIT_PORTAL: &[StepRule] = &[
    LOGIN,
    SIGNATURE,
    REGISTER,
    StepRule {
        step: Step::QualificationCheck,
        processes: &["C3", "WP2", "WP3", "WP4", "WP5", "WP6", "WP7"],
        limit: None,
        refusals: &[
            Refusal {
                code: RefusalCode::Incomplete,
                process: "WP4",
                message: INCOMPLETE,
            },
            Refusal {
                code: RefusalCode::Refused,
                process: "P8",
                message: DATA_DEFICIENCIES,
            },
        ],
    },
    ISSUE,
];

/// The expertise: P1 → C1 → P3 → P4 → C2 → P6 → P7 → C3 (WE2–WE9) → P9.
const EXPERTISE_PORTAL: &[StepRule] = &[
    LOGIN,
    SIGNATURE,
    REGISTER,
    StepRule {
        step: Step::QualificationCheck,
        processes: &["C3", "WE2", "WE3", "WE4", "WE5", "WE6", "WE7", "WE8", "WE9"],
        limit: None,
        refusals: &[
            Refusal {
                code: RefusalCode::Incomplete,
                process: "WE4",
                message: INCOMPLETE,
            },
            Refusal {
                code: RefusalCode::Refused,
                process: "P8",
                message: DATA_DEFICIENCIES,
            },
        ],
    },
    ISSUE,
];

/// The act.
pub static WKO_2015: Act = Act {
    region: "west-kazakhstan",
    act: Text {
        ru: "Постановление акимата Западно-Казахстанской области от 14 сентября 2015 года № 263 \
             «Об утверждении регламентов государственных услуг в сфере охраны окружающей среды» \
             (в редакции постановления № 143 2016 года)",
        kk: "Батыс Қазақстан облысы әкімдігінің 2015 жылғы 14 қыркүйектегі № 263 «Қоршаған ортаны \
             қорғау саласындағы мемлекеттік көрсетілетін қызметтер регламенттерін бекіту туралы» \
             қаулысы (2016 жылғы № 143 қаулының редакциясында)",
        en: "West Kazakhstan akimat resolution No. 263 of 14.09.2015 on the state service \
             regulations in environmental protection (as amended by No. 143 of 2016)",
    },
    // From state registration (15.10.2015) until the repealing resolution No. 74 of 20.04.2020.
    in_force_from: "2015-10-15",
    in_force_until: Some("2020-04-20"),
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
                kk: "ІІ, ІІІ және IV санаттардағы объектілер үшін қоршаған ортаға эмиссияға \
                     рұқсат беру",
                en: "Issuing permits for emissions into the environment for category II, III and \
                     IV objects",
            },
            outcome: Outcome::Permit,
            kinds: &[RequestKind::Issue, RequestKind::Reissue],
            applicants: EVERYONE,
            categories: CATEGORIES,
            routes: &[Route {
                channel: Channel::Portal,
                steps: PERMIT_PORTAL,
            }],
        },
        Service {
            id: "ecological-expertise",
            title: Text {
                ru: "Выдача заключения государственной экологической экспертизы для объектов II, \
                     III и IV категорий",
                kk: "ІІ, ІІІ және IV санаттардағы объектілер үшін мемлекеттік экологиялық \
                     сараптама қорытындысын беру",
                en: "Issuing the state ecological expertise conclusion for category II, III and \
                     IV objects",
            },
            outcome: Outcome::Conclusion,
            kinds: &[RequestKind::Issue],
            applicants: EVERYONE,
            categories: CATEGORIES,
            routes: &[Route {
                channel: Channel::Portal,
                steps: EXPERTISE_PORTAL,
            }],
        },
    ],
    term: crate::workflow::service_term,
    decide: crate::workflow::decide,
    review_limit: |_| None,
    documents: None,
    refusal_statement: DATA_DEFICIENCIES,
    requirements_not_met: REQUIREMENTS_NOT_MET,
    service_centre_term: None,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portal_only_from_the_fifteenth_of_october_2015() {
        let regulation = WKO_2015.regulation();
        assert_eq!(regulation.region, "west-kazakhstan");
        assert_eq!(regulation.in_force_from, "2015-10-15");
        for service in &regulation.services {
            assert_eq!(service.routes.len(), 1);
            assert_eq!(service.routes[0].channel, Channel::Portal);
            let check = &service.routes[0].steps[3];
            assert_eq!(check.refusals[0].code, RefusalCode::Incomplete);
        }
    }
}
