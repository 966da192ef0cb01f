//! The component's bindings, generated from `wit/reglament.wit` (world `regional-rules`), and
//! the conversions between them and the domain types of `reglament_core::rules`, which mirror the
//! WIT one to one.

use reglament_core::rules as core;

wasmtime::component::bindgen!({
    path: "../../wit",
    world: "regional-rules",
});

use self::kz::reglament::types as wit;

pub(crate) use self::RegionalRulesPre as BindingsPre;

impl From<wit::Channel> for core::Channel {
    fn from(c: wit::Channel) -> Self {
        match c {
            wit::Channel::Portal => core::Channel::Portal,
            wit::Channel::Provider => core::Channel::Provider,
            wit::Channel::ServiceCenter => core::Channel::ServiceCenter,
        }
    }
}

impl From<core::Channel> for wit::Channel {
    fn from(c: core::Channel) -> Self {
        match c {
            core::Channel::Portal => wit::Channel::Portal,
            core::Channel::Provider => wit::Channel::Provider,
            core::Channel::ServiceCenter => wit::Channel::ServiceCenter,
        }
    }
}

impl From<wit::Step> for core::Step {
    fn from(s: wit::Step) -> Self {
        match s {
            wit::Step::Authorize => core::Step::Authorize,
            wit::Step::PaymentCheck => core::Step::PaymentCheck,
            wit::Step::SignatureCheck => core::Step::SignatureCheck,
            wit::Step::Register => core::Step::Register,
            wit::Step::QualificationCheck => core::Step::QualificationCheck,
            wit::Step::Issue => core::Step::Issue,
        }
    }
}

impl From<wit::RequestKind> for core::RequestKind {
    fn from(k: wit::RequestKind) -> Self {
        match k {
            wit::RequestKind::Issue => core::RequestKind::Issue,
            wit::RequestKind::Reissue => core::RequestKind::Reissue,
            wit::RequestKind::Duplicate => core::RequestKind::Duplicate,
            wit::RequestKind::Preliminary => core::RequestKind::Preliminary,
            wit::RequestKind::Main => core::RequestKind::Main,
            wit::RequestKind::Repeat => core::RequestKind::Repeat,
        }
    }
}

impl From<core::RequestKind> for wit::RequestKind {
    fn from(k: core::RequestKind) -> Self {
        match k {
            core::RequestKind::Issue => wit::RequestKind::Issue,
            core::RequestKind::Reissue => wit::RequestKind::Reissue,
            core::RequestKind::Duplicate => wit::RequestKind::Duplicate,
            core::RequestKind::Preliminary => wit::RequestKind::Preliminary,
            core::RequestKind::Main => wit::RequestKind::Main,
            core::RequestKind::Repeat => wit::RequestKind::Repeat,
        }
    }
}

impl From<wit::ApplicantKind> for core::ApplicantKind {
    fn from(k: wit::ApplicantKind) -> Self {
        match k {
            wit::ApplicantKind::Individual => core::ApplicantKind::Individual,
            wit::ApplicantKind::LegalEntity => core::ApplicantKind::LegalEntity,
        }
    }
}

impl From<core::ApplicantKind> for wit::ApplicantKind {
    fn from(k: core::ApplicantKind) -> Self {
        match k {
            core::ApplicantKind::Individual => wit::ApplicantKind::Individual,
            core::ApplicantKind::LegalEntity => wit::ApplicantKind::LegalEntity,
        }
    }
}

impl From<wit::Unit> for core::Unit {
    fn from(u: wit::Unit) -> Self {
        match u {
            wit::Unit::Seconds => core::Unit::Seconds,
            wit::Unit::Minutes => core::Unit::Minutes,
            wit::Unit::Hours => core::Unit::Hours,
            wit::Unit::WorkingDays => core::Unit::WorkingDays,
            wit::Unit::CalendarDays => core::Unit::CalendarDays,
            wit::Unit::Months => core::Unit::Months,
        }
    }
}

impl From<core::Unit> for wit::Unit {
    fn from(u: core::Unit) -> Self {
        match u {
            core::Unit::Seconds => wit::Unit::Seconds,
            core::Unit::Minutes => wit::Unit::Minutes,
            core::Unit::Hours => wit::Unit::Hours,
            core::Unit::WorkingDays => wit::Unit::WorkingDays,
            core::Unit::CalendarDays => wit::Unit::CalendarDays,
            core::Unit::Months => wit::Unit::Months,
        }
    }
}

impl From<wit::Term> for core::Term {
    fn from(t: wit::Term) -> Self {
        core::Term {
            amount: t.amount,
            unit: t.unit.into(),
        }
    }
}

impl From<core::Term> for wit::Term {
    fn from(t: core::Term) -> Self {
        wit::Term {
            amount: t.amount,
            unit: t.unit.into(),
        }
    }
}

impl From<wit::Limit> for core::Limit {
    fn from(l: wit::Limit) -> Self {
        core::Limit {
            low: l.low,
            high: l.high,
            unit: l.unit.into(),
        }
    }
}

impl From<wit::Message> for core::Message {
    fn from(m: wit::Message) -> Self {
        core::Message {
            ru: m.ru,
            kk: m.kk,
            en: m.en,
        }
    }
}

impl From<&core::Message> for wit::Message {
    fn from(m: &core::Message) -> Self {
        wit::Message {
            ru: m.ru.clone(),
            kk: m.kk.clone(),
            en: m.en.clone(),
        }
    }
}

impl From<wit::RefusalCode> for core::RefusalCode {
    fn from(c: wit::RefusalCode) -> Self {
        match c {
            wit::RefusalCode::AuthRefused => core::RefusalCode::AuthRefused,
            wit::RefusalCode::ApplicantNotFound => core::RefusalCode::ApplicantNotFound,
            wit::RefusalCode::NotPaid => core::RefusalCode::NotPaid,
            wit::RefusalCode::SignatureInvalid => core::RefusalCode::SignatureInvalid,
            wit::RefusalCode::Incomplete => core::RefusalCode::Incomplete,
            wit::RefusalCode::Refused => core::RefusalCode::Refused,
        }
    }
}

impl From<wit::RefusalRule> for core::RefusalRule {
    fn from(r: wit::RefusalRule) -> Self {
        core::RefusalRule {
            code: r.code.into(),
            process: r.process,
            message: r.message.into(),
        }
    }
}

impl From<wit::StepRule> for core::StepRule {
    fn from(r: wit::StepRule) -> Self {
        core::StepRule {
            step: r.step.into(),
            processes: r.processes,
            limit: r.limit.map(Into::into),
            refusals: r.refusals.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<wit::Route> for core::Route {
    fn from(r: wit::Route) -> Self {
        core::Route {
            channel: r.channel.into(),
            steps: r.steps.into_iter().map(Into::into).collect(),
            skip_acceptance_day: r.skip_acceptance_day,
            hand_over_before: r.hand_over_before.map(Into::into),
        }
    }
}

impl From<wit::Service> for core::Service {
    fn from(s: wit::Service) -> Self {
        core::Service {
            id: s.id,
            title: s.title.into(),
            result: s.result,
            kinds: s.kinds.into_iter().map(Into::into).collect(),
            applicants: s.applicants.into_iter().map(Into::into).collect(),
            categories: s.categories,
            routes: s.routes.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<wit::Regulation> for core::Regulation {
    fn from(r: wit::Regulation) -> Self {
        core::Regulation {
            region: r.region,
            act: r.act.into(),
            in_force_from: r.in_force_from,
            in_force_until: r.in_force_until,
            time_zone: r.time_zone,
            provider: r.provider.into(),
            services: r.services.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<&core::RulesApplication> for wit::Application {
    fn from(a: &core::RulesApplication) -> Self {
        wit::Application {
            id: a.id.clone(),
            service: a.service.clone(),
            kind: a.kind.into(),
            channel: a.channel.into(),
            applicant: a.applicant.clone(),
            applicant_kind: a.applicant_kind.into(),
            category: a.category.clone(),
            filed_on: a.filed_on.clone(),
            form: a.form.clone(),
            documents: a.documents.clone(),
        }
    }
}

impl From<&core::StaffAction> for wit::StaffAction {
    fn from(s: &core::StaffAction) -> Self {
        wit::StaffAction {
            role: s.role.clone(),
            login: s.login.clone(),
            action: s.action.clone(),
            reasons: s.reasons.iter().map(Into::into).collect(),
            at: s.at.clone(),
        }
    }
}

impl From<wit::StaffTask> for core::StaffTask {
    fn from(t: wit::StaffTask) -> Self {
        core::StaffTask {
            role: t.role,
            action: t.action,
            instruction: t.instruction.into(),
            limit: t.limit.map(Into::into),
            outcomes: t.outcomes,
            from_registration: t.from_registration,
        }
    }
}

impl From<&core::StaffTask> for wit::StaffTask {
    fn from(t: &core::StaffTask) -> Self {
        wit::StaffTask {
            role: t.role.clone(),
            action: t.action.clone(),
            instruction: (&t.instruction).into(),
            limit: t.limit.map(Into::into),
            outcomes: t.outcomes.clone(),
            from_registration: t.from_registration,
        }
    }
}

impl From<wit::Decision> for core::Decision {
    fn from(d: wit::Decision) -> Self {
        match d {
            wit::Decision::Approve => core::Decision::Approve,
            wit::Decision::Refuse(reasons) => {
                core::Decision::Refuse(reasons.into_iter().map(Into::into).collect())
            }
            wit::Decision::Review(tasks) => {
                core::Decision::Review(tasks.into_iter().map(Into::into).collect())
            }
            wit::Decision::Remarks(request) => core::Decision::Remarks(core::RemarksRequest {
                remarks: request.remarks.into_iter().map(Into::into).collect(),
                correction: request.correction.into(),
            }),
            wit::Decision::Incomplete(missing) => {
                core::Decision::Incomplete(missing.into_iter().map(Into::into).collect())
            }
            wit::Decision::Conclude(conclusion) => core::Decision::Conclude(core::Conclusion {
                verdict: match conclusion.verdict {
                    wit::Verdict::Agreed => core::Verdict::Agreed,
                    wit::Verdict::NotAgreed => core::Verdict::NotAgreed,
                },
                reasons: conclusion.reasons.into_iter().map(Into::into).collect(),
            }),
        }
    }
}

impl From<&core::Decision> for wit::Decision {
    fn from(d: &core::Decision) -> Self {
        match d {
            core::Decision::Approve => wit::Decision::Approve,
            core::Decision::Refuse(reasons) => {
                wit::Decision::Refuse(reasons.iter().map(Into::into).collect())
            }
            core::Decision::Review(tasks) => {
                wit::Decision::Review(tasks.iter().map(Into::into).collect())
            }
            core::Decision::Remarks(request) => wit::Decision::Remarks(wit::RemarksRequest {
                remarks: request.remarks.iter().map(Into::into).collect(),
                correction: request.correction.into(),
            }),
            core::Decision::Incomplete(missing) => {
                wit::Decision::Incomplete(missing.iter().map(Into::into).collect())
            }
            core::Decision::Conclude(conclusion) => wit::Decision::Conclude(wit::Conclusion {
                verdict: match conclusion.verdict {
                    core::Verdict::Agreed => wit::Verdict::Agreed,
                    core::Verdict::NotAgreed => wit::Verdict::NotAgreed,
                },
                reasons: conclusion.reasons.iter().map(Into::into).collect(),
            }),
        }
    }
}

/// Converts in both directions (via the WIT types) without losing anything, for every
/// constructor of every enum the WIT has.
#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> core::Message {
        core::Message {
            ru: format!("{text} ru"),
            kk: format!("{text} kk"),
            en: text.into(),
        }
    }

    #[test]
    fn decisions_round_trip() {
        let decisions = [
            core::Decision::Approve,
            core::Decision::Refuse(vec![message("no")]),
            core::Decision::Review(vec![core::StaffTask {
                role: "head".into(),
                action: "review".into(),
                instruction: message("look"),
                limit: Some(core::Term {
                    amount: 2,
                    unit: core::Unit::Hours,
                }),
                outcomes: vec!["assigned".into()],
                from_registration: true,
            }]),
            core::Decision::Remarks(core::RemarksRequest {
                remarks: vec![message("fix")],
                correction: core::Term {
                    amount: 4,
                    unit: core::Unit::WorkingDays,
                },
            }),
            core::Decision::Incomplete(vec![message("missing")]),
            core::Decision::Conclude(core::Conclusion {
                verdict: core::Verdict::NotAgreed,
                reasons: vec![message("late")],
            }),
            core::Decision::Conclude(core::Conclusion {
                verdict: core::Verdict::Agreed,
                reasons: vec![],
            }),
        ];
        for decision in decisions {
            let back: core::Decision = wit::Decision::from(&decision).into();
            assert_eq!(back, decision);
        }
    }

    #[test]
    fn enums_round_trip() {
        for c in [
            core::Channel::Portal,
            core::Channel::Provider,
            core::Channel::ServiceCenter,
        ] {
            assert_eq!(core::Channel::from(wit::Channel::from(c)), c);
        }
        for k in [
            core::RequestKind::Issue,
            core::RequestKind::Reissue,
            core::RequestKind::Duplicate,
            core::RequestKind::Preliminary,
            core::RequestKind::Main,
            core::RequestKind::Repeat,
        ] {
            assert_eq!(core::RequestKind::from(wit::RequestKind::from(k)), k);
        }
        for k in [
            core::ApplicantKind::Individual,
            core::ApplicantKind::LegalEntity,
        ] {
            assert_eq!(core::ApplicantKind::from(wit::ApplicantKind::from(k)), k);
        }
        for u in [
            core::Unit::Seconds,
            core::Unit::Minutes,
            core::Unit::Hours,
            core::Unit::WorkingDays,
            core::Unit::CalendarDays,
            core::Unit::Months,
        ] {
            assert_eq!(core::Unit::from(wit::Unit::from(u)), u);
        }
    }
}
