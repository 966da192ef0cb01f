//! An act as data: what a regional rule component declares, and everything the exports compute
//! from.

use crate::text::Text;
use crate::types::{
    ApplicantKind, Application, Channel, Decision, Limit, RefusalCode, RequestKind, StaffAction,
    Step, Term, Unit,
};

/// One regulation (or the act approving two): the services, routes, terms and workflow.
#[derive(Debug)]
pub struct Act {
    /// The region the component is published for.
    pub region: &'static str,
    /// The approving act.
    pub act: Text,
    /// First day in force (ISO date).
    pub in_force_from: &'static str,
    /// Last day in force (ISO date).
    pub in_force_until: Option<&'static str>,
    /// IANA time zone of the region.
    pub time_zone: &'static str,
    /// The service provider (услугодатель).
    pub provider: Text,
    pub services: &'static [Service],
    /// The overall term of an application, counted from registration.
    pub term: fn(&Application) -> Term,
    /// The provider's check (condition C3) given what staff did so far: [`crate::review::decide`]
    /// for one review, or the act's own staff workflow.
    pub decide: fn(&'static Act, &Application, &[StaffAction]) -> Decision,
    /// When the review task is due, counted from registration; `None` for the service's term.
    pub review_limit: fn(&Application) -> Option<Term>,
    /// The documents a request must carry, checked at registration; `None` when the act lists
    /// none (they are in the Standard, not in the act).
    pub documents: Option<fn(&Application) -> Vec<Document>>,
    /// The statement of a motivated refusal (the act's P8 message).
    pub refusal_statement: Text,
    /// The reason given when staff refuse without one: the condition C3 itself.
    pub requirements_not_met: Text,
    /// How the term counts on the service-centre channel, when the act says (Almaty para 8(5),
    /// 8(6)); `None` counts it as on the other channels.
    pub service_centre_term: Option<ServiceCentreTerm>,
}

/// How an act counts the term of an application accepted at a service centre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceCentreTerm {
    /// The day of acceptance is not counted in the term.
    pub skip_acceptance_day: bool,
    /// The provider hands the result to the service centre this long before the term ends.
    pub hand_over_before: Option<Term>,
}

/// What a service gives the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// An emission permit (or its re-issue).
    Permit,
    /// An SEE conclusion with the verdict agreed / not agreed.
    Conclusion,
}

impl Outcome {
    /// The WIT `result` name.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Permit => "permit",
            Outcome::Conclusion => "conclusion",
        }
    }
}

/// One e-service of the act.
#[derive(Debug)]
pub struct Service {
    pub id: &'static str,
    pub title: Text,
    pub outcome: Outcome,
    pub kinds: &'static [RequestKind],
    pub applicants: &'static [ApplicantKind],
    pub categories: &'static [&'static str],
    pub routes: &'static [Route],
}

/// One channel's route.
#[derive(Debug)]
pub struct Route {
    pub channel: Channel,
    pub steps: &'static [StepRule],
}

/// One step of a route: the processes it covers, the annex table's limit, its refusals.
#[derive(Debug)]
pub struct StepRule {
    pub step: Step,
    pub processes: &'static [&'static str],
    pub limit: Option<Limit>,
    pub refusals: &'static [Refusal],
}

/// A refusal a step gives: its code, the process that forms it, the act's message.
#[derive(Debug)]
pub struct Refusal {
    pub code: RefusalCode,
    pub process: &'static str,
    pub message: Text,
}

/// A document a request must carry: the kind the filing names, and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Document {
    pub kind: &'static str,
    pub name: Text,
}

/// The service categories of these acts: objects of categories II, III and IV.
pub const CATEGORIES: &[&str] = &["II", "III", "IV"];

/// Individuals and legal entities.
pub const EVERYONE: &[ApplicantKind] = &[ApplicantKind::Individual, ApplicantKind::LegalEntity];

/// A limit of exactly `amount` units.
pub const fn exactly(amount: u32, unit: Unit) -> Option<Limit> {
    Some(Limit {
        low: amount,
        high: amount,
        unit,
    })
}

/// A limit printed as a range, e.g. "10–15 сек".
pub const fn range(low: u32, high: u32, unit: Unit) -> Option<Limit> {
    Some(Limit { low, high, unit })
}

/// A term.
pub const fn term(amount: u32, unit: Unit) -> Term {
    Term { amount, unit }
}

impl Act {
    /// The service with this id.
    pub fn service(&'static self, id: &str) -> Option<&'static Service> {
        self.services.iter().find(|s| s.id == id)
    }
}

impl Service {
    /// The route of a channel.
    pub fn route(&self, channel: Channel) -> Option<&'static Route> {
        self.routes.iter().find(|r| r.channel == channel)
    }
}

impl Route {
    /// The process that forms a refusal with `code` on this route, if any step gives it.
    pub fn refusal_process(&self, code: RefusalCode) -> Option<&'static str> {
        self.steps
            .iter()
            .flat_map(|s| s.refusals.iter())
            .find(|r| r.code == code)
            .map(|r| r.process)
    }
}

/// "10–15 сек" (login, choice of the EDS certificate).
pub const SECONDS_10_15: Option<Limit> = range(10, 15, Unit::Seconds);
/// "30 сек – 1 мин" (the service-centre operator's login and signing).
pub const SECONDS_30_60: Option<Limit> = range(30, 60, Unit::Seconds);
/// "1 мин" (registration of the operator's e-document).
pub const SECONDS_60: Option<Limit> = exactly(60, Unit::Seconds);
/// "1,5 мин" (registration in IS-EL).
pub const SECONDS_90: Option<Limit> = exactly(90, Unit::Seconds);

/// "Выдача разрешений на эмиссии в окружающую среду для объектов II, III и IV категорий", as
/// the Russian regulations of 2013 (Almaty, WKO) name the service; Kazakh: the project's
/// translation in the wording of the Kazakh regulations (seeds 003, 004).
pub const EMISSION_PERMIT: Text = Text {
    ru: "Выдача разрешений на эмиссии в окружающую среду для объектов II, III и IV категорий",
    kk: "II, III және IV санаттағы объектілер үшін қоршаған ортаға эмиссияға рұқсат беру",
    en: "Issuing permits for emissions into the environment for category II, III and IV objects",
};

/// "Выдача заключений государственной экологической экспертизы для объектов II, III и IV
/// категорий", as the Russian regulations of 2013 name the service.
pub const ECOLOGICAL_EXPERTISE: Text = Text {
    ru: "Выдача заключений государственной экологической экспертизы для объектов II, III и IV \
         категорий",
    kk: "II, III және IV санаттағы объектілер үшін мемлекеттік экологиялық сараптама \
         қорытындысын беру",
    en: "Issuing state ecological expertise conclusions for category II, III and IV objects",
};

/// An application for the unit tests of the components: a legal entity's request of the service
/// and kind for an object of `category`, filed on the portal on 02.11.2015 with an empty form and
/// no documents.
pub fn sample_application(service: &str, kind: RequestKind, category: &str) -> Application {
    Application {
        id: "a".into(),
        service: service.into(),
        kind,
        channel: Channel::Portal,
        applicant: "120340005678".into(),
        applicant_kind: ApplicantKind::LegalEntity,
        category: Some(category.into()),
        filed_on: "2015-11-02".into(),
        form: "{}".into(),
        documents: Vec::new(),
    }
}
