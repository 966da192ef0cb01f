//! The provider's check (condition C3, "проверка услугодателем соответствия … основаниям для
//! выдачи разрешения / заключения") as one review by a provider employee.
//!
//! The acts of Almaty, WKO 2013 and Atyrau name the check but no internal procedure, and an
//! emission permit or an expertise conclusion cannot be judged from a form: so on every channel a
//! provider employee reviews the documents and answers:
//! - a permit: `approve` (the permit is issued) or `refuse` (a motivated refusal, P8);
//! - a conclusion: `agreed` or `not-agreed` (the conclusion is issued with that verdict, DECISIONS
//!   6) or `refuse` (a motivated refusal, P8).
//!
//! Until an employee has answered, the decision is `review`, one task due by the act's review
//! limit (Almaty emissions: the 15 calendar days of a refusal) or else the service's term.

use crate::act::{Act, Outcome};
use crate::text::{Text, message, reasons_or};
use crate::types::{Application, Conclusion, Decision, Message, StaffAction, StaffTask, Verdict};

/// The staff role that reviews.
pub const REVIEWER: &str = "employee";
/// The review task's action.
pub const REVIEW: &str = "review";
/// A permit is issued.
pub const APPROVE: &str = "approve";
/// A motivated refusal.
pub const REFUSE: &str = "refuse";
/// The conclusion «согласовывается».
pub const AGREED: &str = "agreed";
/// The conclusion «не согласовывается».
pub const NOT_AGREED: &str = "not-agreed";

/// The answers that complete the review of a service.
pub fn answers(outcome: Outcome) -> Vec<String> {
    let answers: &[&str] = match outcome {
        Outcome::Permit => &[APPROVE, REFUSE],
        Outcome::Conclusion => &[AGREED, NOT_AGREED, REFUSE],
    };
    answers.iter().map(|a| (*a).to_owned()).collect()
}

/// `decide` for the acts with one review.
pub fn decide(act: &'static Act, app: &Application, staff: &[StaffAction]) -> Decision {
    let outcome = act
        .service(&app.service)
        .map_or(Outcome::Permit, |s| s.outcome);
    let answer = staff
        .iter()
        .rev()
        .find(|a| a.role == REVIEWER && answers(outcome).contains(&a.action));
    match answer {
        Some(a) => answered(act, outcome, &a.action, &a.reasons),
        None => Decision::Review(vec![StaffTask {
            role: REVIEWER.to_owned(),
            action: REVIEW.to_owned(),
            instruction: instruction(outcome),
            limit: (act.review_limit)(app),
            outcomes: answers(outcome),
            from_registration: true,
        }]),
    }
}

/// The decision an answer gives.
pub fn answered(act: &Act, outcome: Outcome, answer: &str, reasons: &[Message]) -> Decision {
    match (outcome, answer) {
        (Outcome::Permit, APPROVE) => Decision::Approve,
        (Outcome::Conclusion, AGREED) => Decision::Conclude(Conclusion {
            verdict: Verdict::Agreed,
            reasons: reasons.iter().filter_map(crate::text::completed).collect(),
        }),
        (Outcome::Conclusion, NOT_AGREED) => Decision::Conclude(Conclusion {
            verdict: Verdict::NotAgreed,
            reasons: reasons_or(reasons, NOT_AGREED_REASON),
        }),
        _ => Decision::Refuse(reasons_or(reasons, act.requirements_not_met)),
    }
}

/// The reason of a `not-agreed` conclusion given without one.
pub const NOT_AGREED_REASON: Text = Text {
    ru: "Проектная документация не соответствует требованиям экологического законодательства.",
    kk: "Жобалық құжаттама экологиялық заңнама талаптарына сәйкес келмейді.",
    en: "The project documentation does not meet the requirements of environmental legislation.",
};

/// What the reviewer is asked to do.
fn instruction(outcome: Outcome) -> Message {
    match outcome {
        Outcome::Permit => message(
            "Проверьте соответствие потребителя требованиям Стандарта и основаниям для выдачи \
             разрешения; затем выдайте разрешение (approve) или откажите (refuse), указав причины."
                .into(),
            "Көрсетілетін қызметті алушының Стандарт талаптарына және рұқсат беру негіздеріне \
             сәйкестігін тексеріңіз; содан кейін рұқсат беріңіз (approve) немесе себептерін \
             көрсетіп, бас тартыңыз (refuse)."
                .into(),
            "Check the applicant against the Standard and the grounds for issuing the permit; then \
             issue the permit (approve) or refuse with reasons (refuse)."
                .into(),
        ),
        Outcome::Conclusion => message(
            "Проведите экспертизу представленной документации; затем выдайте заключение \
             «согласовывается» (agreed) или «не согласовывается» (not-agreed), либо откажите \
             (refuse), указав причины."
                .into(),
            "Ұсынылған құжаттамаға сараптама жүргізіңіз; содан кейін «келісіледі» (agreed) \
             немесе «келісілмейді» (not-agreed) қорытындысын беріңіз, не себептерін көрсетіп, \
             бас тартыңыз (refuse)."
                .into(),
            "Examine the documentation; then issue the conclusion \"agreed\" or \"not-agreed\", \
             or refuse with reasons (refuse)."
                .into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{ACT, action, application};
    use crate::types::{RequestKind, Unit};

    #[test]
    fn without_an_answer_a_review_is_due_by_the_acts_limit() {
        let app = application("emission-permit", RequestKind::Issue);
        let Decision::Review(tasks) = decide(&ACT, &app, &[]) else {
            panic!("a review")
        };
        assert_eq!(tasks[0].role, "employee");
        assert_eq!(tasks[0].outcomes, ["approve", "refuse"]);
        assert!(tasks[0].from_registration);
        assert_eq!(tasks[0].limit.map(|t| t.unit), Some(Unit::CalendarDays));
    }

    #[test]
    fn answers_give_the_permit_the_verdict_or_the_refusal() {
        let permit = application("emission-permit", RequestKind::Issue);
        assert_eq!(
            decide(&ACT, &permit, &[action("employee", "approve")]),
            Decision::Approve
        );
        let Decision::Refuse(reasons) = decide(&ACT, &permit, &[action("employee", "refuse")])
        else {
            panic!("a refusal")
        };
        assert_eq!(reasons, [ACT.requirements_not_met.message()]);
        let conclusion = application("ecological-expertise", RequestKind::Main);
        let Decision::Conclude(c) = decide(&ACT, &conclusion, &[action("employee", "not-agreed")])
        else {
            panic!("a conclusion")
        };
        assert_eq!(c.verdict, Verdict::NotAgreed);
        assert_eq!(c.reasons.len(), 1);
        // An answer of another role, or one the service does not take, changes nothing.
        assert!(matches!(
            decide(
                &ACT,
                &conclusion,
                &[action("head", "agreed"), action("employee", "approve")]
            ),
            Decision::Review(_)
        ));
    }
}
