//! A small act for the unit tests of this crate: both services, a portal and a provider route,
//! a document list for emissions and a 15-calendar-day review limit.

use crate::act::{self, Act, CATEGORIES, Document, EVERYONE, Outcome, Refusal, Route, StepRule};
use crate::text::Text;
use crate::types::{
    ApplicantKind, Application, Channel, RefusalCode, RequestKind, StaffAction, Step, Term, Unit,
};

const T: Text = Text {
    ru: "т",
    kk: "т",
    en: "t",
};

const STEPS: &[StepRule] = &[
    StepRule {
        step: Step::Authorize,
        processes: &["P1"],
        limit: None,
        refusals: &[],
    },
    StepRule {
        step: Step::Register,
        processes: &["P7"],
        limit: None,
        refusals: &[Refusal {
            code: RefusalCode::Incomplete,
            process: "P8",
            message: T,
        }],
    },
    StepRule {
        step: Step::QualificationCheck,
        processes: &["C3"],
        limit: None,
        refusals: &[Refusal {
            code: RefusalCode::Refused,
            process: "P8",
            message: T,
        }],
    },
    StepRule {
        step: Step::Issue,
        processes: &["P9"],
        limit: None,
        refusals: &[],
    },
];

const ROUTES: &[Route] = &[
    Route {
        channel: Channel::Portal,
        steps: STEPS,
    },
    Route {
        channel: Channel::Provider,
        steps: STEPS,
    },
];

fn documents(app: &Application) -> Vec<Document> {
    if app.service != "emission-permit" {
        return Vec::new();
    }
    ["application", "action-plan"]
        .into_iter()
        .map(|kind| Document { kind, name: T })
        .collect()
}

/// The test act.
pub static ACT: Act = Act {
    region: "test",
    act: T,
    in_force_from: "2013-01-01",
    in_force_until: None,
    time_zone: "Asia/Almaty",
    provider: T,
    services: &[
        act::Service {
            id: "emission-permit",
            title: T,
            outcome: Outcome::Permit,
            kinds: &[RequestKind::Issue, RequestKind::Reissue],
            applicants: EVERYONE,
            categories: CATEGORIES,
            routes: ROUTES,
        },
        act::Service {
            id: "ecological-expertise",
            title: T,
            outcome: Outcome::Conclusion,
            kinds: &[RequestKind::Main, RequestKind::Repeat],
            applicants: &[ApplicantKind::LegalEntity],
            categories: CATEGORIES,
            routes: ROUTES,
        },
    ],
    term: |_| Term {
        amount: 1,
        unit: Unit::Months,
    },
    decide: crate::review::decide,
    review_limit: |_| Some(act::term(15, Unit::CalendarDays)),
    documents: Some(documents),
    refusal_statement: T,
    requirements_not_met: T,
    service_centre_term: None,
};

/// An application of the service and kind with a complete form, category II, on the portal.
pub fn application(service: &str, kind: RequestKind) -> Application {
    Application {
        id: "app-1".into(),
        service: service.into(),
        kind,
        channel: Channel::Portal,
        applicant: "120340005678".into(),
        applicant_kind: ApplicantKind::LegalEntity,
        category: Some("II".into()),
        filed_on: "2013-06-03".into(),
        form: r#"{"applicant_name":"ТОО «Эко»","object_name":"Котельная","object_address":"г. Алматы","project_name":"Котельная","licence_number":"KZ-1","reason":"смена наименования"}"#.into(),
        documents: vec!["application".into(), "action-plan".into()],
    }
}

/// A staff action of `role` answering `action`, without reasons.
pub fn action(role: &str, action: &str) -> StaffAction {
    StaffAction {
        role: role.into(),
        login: format!("{role}.test"),
        action: action.into(),
        reasons: Vec::new(),
        at: "2013-06-03T10:00:00+06:00".into(),
    }
}
