//! The provider's internal procedure of act No. 263 (§5–§6 of each regulation; DECISIONS 11) as
//! staff tasks, one at a time, each for one role with its limit, each answer recorded with who
//! gave it:
//!
//! 1. office `register` → `registered` (20 minutes): the documents registered, sent to the head;
//! 2. head `assign` → `assigned` (2 hours): reviewed, sent to the responsible executor;
//! 3. executor `check-completeness` → `complete` | `incomplete` (permit: min(4 working days, the
//!    category term) = 4; expertise: 2 working days; from registration). `incomplete` goes
//!    straight to the head's signature and ends in the motivated refusal WP4/WE4 (`incomplete`);
//! 4. permit: executor `prepare` → `permit` | `refusal` (categories II and III 9 working days,
//!    IV 4, re-issue 14 calendar days; from registration);
//!    expertise: executor `examine` → `no-remarks` | `remarks` (within 14 working days for
//!    category II, 6 for III and IV, from registration). With remarks the applicant is sent them
//!    through the portal and has 4 (II) / 2 (III, IV) working days from then to correct them
//!    (the host records `corrected` or `correction-expired`); then executor `prepare` →
//!    `prepared` | `refusal` (29 working days for II, 14 for III and IV). One round of remarks;
//!    the clock does not pause (DECISIONS 8). `prepared`: no remarks, or remarks corrected in
//!    time → positive conclusion (`agreed`); not corrected in time → negative (`not-agreed`).
//!    `refusal`: the motivated refusal P8 instead of a conclusion — §3 makes it a result of the
//!    service (Standard p. 10 grounds), §6(3) has the executor prepare "the conclusion or the
//!    motivated refusal" (сараптама қорытындысын немесе бас тарту туралы уәжді жауапты
//!    дайындау), and §8 C3 (requirements and grounds for the conclusion) fails with P8;
//! 5. head `sign` → `signed` (no limit in the act: the service's term);
//! 6. office `register-outgoing` → `registered` (no limit): the result goes to the applicant's
//!    personal cabinet: the permit, the conclusion, or the motivated refusal.
//!
//! An answer out of turn or of another role changes nothing (the host also refuses it).

use reglament_ecology::act::{Act, Outcome, term};
use reglament_ecology::text::{Text, reasons_or};
use reglament_ecology::types::{
    Application, Conclusion, Decision, Message, RemarksRequest, RequestKind, StaffAction,
    StaffTask, Term, Unit, Verdict,
};

use crate::messages::{
    CONCLUSION_REQUIREMENTS_NOT_MET, INCOMPLETE, REMARKS_NOT_CORRECTED, REQUIREMENTS_NOT_MET,
};

/// Where the procedure stands, read from the staff actions in order.
#[derive(Debug, Default)]
struct Progress {
    registered: bool,
    assigned: bool,
    /// The completeness check: `Some(reasons)` when incomplete.
    incomplete: Option<Vec<Message>>,
    complete: bool,
    /// The expertise examination: `Some(remarks)`, empty when there were none.
    examined: Option<Vec<Message>>,
    /// After remarks: whether corrected in time.
    corrected: Option<bool>,
    /// The executor's result: the answer and its reasons.
    prepared: Option<(String, Vec<Message>)>,
    signed: bool,
    outgoing: bool,
}

impl Progress {
    fn read(outcome: Outcome, staff: &[StaffAction]) -> Progress {
        let mut p = Progress::default();
        for a in staff {
            match (a.role.as_str(), a.action.as_str()) {
                ("office", "registered") if !p.registered => p.registered = true,
                ("office", "registered") if p.signed => p.outgoing = true,
                ("head", "assigned") if p.registered && !p.assigned => p.assigned = true,
                ("executor", "complete") if p.checking() => p.complete = true,
                ("executor", "incomplete") if p.checking() => {
                    p.incomplete = Some(a.reasons.clone())
                }
                ("executor", "no-remarks" | "remarks")
                    if outcome == Outcome::Conclusion && p.complete && p.examined.is_none() =>
                {
                    p.examined = Some(if a.action == "remarks" {
                        reasons_or(&a.reasons, REMARKS)
                    } else {
                        Vec::new()
                    })
                }
                ("applicant", "corrected") if p.awaiting_correction() => p.corrected = Some(true),
                ("system", "correction-expired") if p.awaiting_correction() => {
                    p.corrected = Some(false)
                }
                ("executor", answer)
                    if p.preparing(outcome) && answers(outcome).contains(&answer) =>
                {
                    p.prepared = Some((answer.to_owned(), a.reasons.clone()))
                }
                ("head", "signed")
                    if (p.prepared.is_some() || p.incomplete.is_some()) && !p.signed =>
                {
                    p.signed = true
                }
                _ => {}
            }
        }
        p
    }

    fn checking(&self) -> bool {
        self.assigned && !self.complete && self.incomplete.is_none()
    }

    fn awaiting_correction(&self) -> bool {
        self.examined.as_ref().is_some_and(|r| !r.is_empty()) && self.corrected.is_none()
    }

    fn preparing(&self, outcome: Outcome) -> bool {
        self.prepared.is_none()
            && match outcome {
                Outcome::Permit => self.complete,
                Outcome::Conclusion => {
                    self.examined.as_ref().is_some_and(|r| r.is_empty()) || self.corrected.is_some()
                }
            }
    }
}

/// The executor's answers when preparing the result.
fn answers(outcome: Outcome) -> &'static [&'static str] {
    match outcome {
        Outcome::Permit => &["permit", "refusal"],
        Outcome::Conclusion => &["prepared", "refusal"],
    }
}

/// Remarks sent without text.
const REMARKS: Text = Text {
    ru: "Имеются замечания по содержанию представленных документов.",
    kk: "Ұсынылған құжаттардың мазмұны бойынша ескертулер бар.",
    en: "There are remarks on the content of the documents.",
};

/// Whether the object is of category II (the longer terms).
fn category_two(app: &Application) -> bool {
    app.category.as_deref() == Some("II")
}

/// The executor's term for the result, from registration: the service's term.
pub fn service_term(app: &Application) -> Term {
    match (app.service.as_str(), app.kind) {
        ("emission-permit", RequestKind::Reissue) => term(14, Unit::CalendarDays),
        ("emission-permit", _) if app.category.as_deref() == Some("IV") => {
            term(4, Unit::WorkingDays)
        }
        ("emission-permit", _) => term(9, Unit::WorkingDays),
        _ if category_two(app) => term(29, Unit::WorkingDays),
        _ => term(14, Unit::WorkingDays),
    }
}

/// The completeness check's term: min(4 working days, the category term) for a permit — 4
/// working days, which no category term undercuts (IV: 4; re-issue: 14 calendar days) — and 2
/// working days for an expertise.
pub fn completeness_term(outcome: Outcome) -> Term {
    match outcome {
        Outcome::Permit => term(4, Unit::WorkingDays),
        Outcome::Conclusion => term(2, Unit::WorkingDays),
    }
}

/// `decide`.
pub fn decide(act: &'static Act, app: &Application, staff: &[StaffAction]) -> Decision {
    let outcome = act
        .service(&app.service)
        .map_or(Outcome::Permit, |s| s.outcome);
    let p = Progress::read(outcome, staff);
    let two = category_two(app);
    if p.outgoing {
        return result(outcome, &p);
    }
    if p.signed {
        return task(
            "office",
            "register-outgoing",
            OUTGOING,
            None,
            false,
            &["registered"],
        );
    }
    if p.prepared.is_some() || p.incomplete.is_some() {
        return task("head", "sign", SIGN, None, false, &["signed"]);
    }
    if !p.registered {
        return task(
            "office",
            "register",
            REGISTER,
            Some(term(20, Unit::Minutes)),
            false,
            &["registered"],
        );
    }
    if !p.assigned {
        return task(
            "head",
            "assign",
            ASSIGN,
            Some(term(2, Unit::Hours)),
            false,
            &["assigned"],
        );
    }
    if !p.complete {
        return task(
            "executor",
            "check-completeness",
            CHECK,
            Some(completeness_term(outcome)),
            true,
            &["complete", "incomplete"],
        );
    }
    match outcome {
        Outcome::Permit => task(
            "executor",
            "prepare",
            PREPARE_PERMIT,
            Some(service_term(app)),
            true,
            answers(outcome),
        ),
        Outcome::Conclusion => match &p.examined {
            None => task(
                "executor",
                "examine",
                EXAMINE,
                Some(term(if two { 14 } else { 6 }, Unit::WorkingDays)),
                true,
                &["no-remarks", "remarks"],
            ),
            Some(remarks) if !remarks.is_empty() && p.corrected.is_none() => {
                Decision::Remarks(RemarksRequest {
                    remarks: remarks.clone(),
                    correction: term(if two { 4 } else { 2 }, Unit::WorkingDays),
                })
            }
            Some(_) => task(
                "executor",
                "prepare",
                PREPARE_CONCLUSION,
                Some(service_term(app)),
                true,
                answers(outcome),
            ),
        },
    }
}

/// The result once the office registered the outgoing document.
fn result(outcome: Outcome, p: &Progress) -> Decision {
    if let Some(reasons) = &p.incomplete {
        return Decision::Incomplete(reasons_or(reasons, INCOMPLETE));
    }
    match (outcome, &p.prepared) {
        (Outcome::Permit, Some((answer, _))) if answer == "permit" => Decision::Approve,
        (Outcome::Permit, Some((_, reasons))) => {
            Decision::Refuse(reasons_or(reasons, REQUIREMENTS_NOT_MET))
        }
        (Outcome::Permit, None) => Decision::Refuse(vec![REQUIREMENTS_NOT_MET.message()]),
        (Outcome::Conclusion, Some((answer, reasons))) if answer == "refusal" => {
            Decision::Refuse(reasons_or(reasons, CONCLUSION_REQUIREMENTS_NOT_MET))
        }
        (Outcome::Conclusion, _) if p.corrected == Some(false) => {
            let mut reasons = vec![REMARKS_NOT_CORRECTED.message()];
            reasons.extend(p.examined.clone().unwrap_or_default());
            Decision::Conclude(Conclusion {
                verdict: Verdict::NotAgreed,
                reasons,
            })
        }
        (Outcome::Conclusion, _) => Decision::Conclude(Conclusion {
            verdict: Verdict::Agreed,
            reasons: Vec::new(),
        }),
    }
}

fn task(
    role: &str,
    action: &str,
    instruction: Text,
    limit: Option<Term>,
    from_registration: bool,
    outcomes: &[&str],
) -> Decision {
    Decision::Review(vec![StaffTask {
        role: role.to_owned(),
        action: action.to_owned(),
        instruction: instruction.message(),
        limit,
        outcomes: outcomes.iter().map(|o| (*o).to_owned()).collect(),
        from_registration,
    }])
}

const REGISTER: Text = Text {
    ru: "Зарегистрируйте документы, отметьте дату принятия и направьте руководителю (registered).",
    kk: "Құжаттарды тіркеп, қабылданған күнін белгілеңіз және басшыға жолдаңыз (registered).",
    en: "Register the documents, mark the date of acceptance and send them to the head (registered).",
};
const ASSIGN: Text = Text {
    ru: "Рассмотрите документы и направьте ответственному исполнителю (assigned).",
    kk: "Құжаттарды қарап, жауапты орындаушыға жолдаңыз (assigned).",
    en: "Review the documents and send them to the responsible executor (assigned).",
};
const CHECK: Text = Text {
    ru: "Проверьте полноту представленных документов (complete) или откажите в дальнейшем рассмотрении, указав недостающие документы (incomplete).",
    kk: "Ұсынылған құжаттардың толықтығын тексеріңіз (complete) немесе жетіспейтін құжаттарды көрсетіп, әрі қарай қараудан бас тартыңыз (incomplete).",
    en: "Check the documents are complete (complete), or refuse further consideration naming what is missing (incomplete).",
};
const PREPARE_PERMIT: Text = Text {
    ru: "Подготовьте разрешение (permit) или мотивированный отказ с причинами (refusal) и направьте руководителю на подпись.",
    kk: "Рұқсатты (permit) немесе себептері көрсетілген уәжді бас тартуды (refusal) дайындап, басшыға қол қоюға жіберіңіз.",
    en: "Prepare the permit (permit) or a motivated refusal with reasons (refusal) and send it to the head to sign.",
};
const EXAMINE: Text = Text {
    ru: "Рассмотрите содержание документов: без замечаний (no-remarks) или направьте мотивированные замечания через портал (remarks).",
    kk: "Құжаттардың мазмұнын қараңыз: ескертусіз (no-remarks) немесе портал арқылы уәжді ескертулер жолдаңыз (remarks).",
    en: "Examine the documents: no remarks (no-remarks), or send motivated remarks through the portal (remarks).",
};
const PREPARE_CONCLUSION: Text = Text {
    ru: "Подготовьте заключение государственной экологической экспертизы (prepared) или мотивированный отказ с причинами (refusal) и направьте руководителю на подпись.",
    kk: "Мемлекеттік экологиялық сараптама қорытындысын (prepared) немесе себептері көрсетілген уәжді бас тартуды (refusal) дайындап, басшыға қол қоюға жіберіңіз.",
    en: "Prepare the state ecological expertise conclusion (prepared) or a motivated refusal with reasons (refusal) and send it to the head to sign.",
};
const SIGN: Text = Text {
    ru: "Подпишите результат ЭЦП и направьте в канцелярию на регистрацию (signed).",
    kk: "Нәтижеге ЭЦҚ-мен қол қойып, кеңсеге тіркеуге жолдаңыз (signed).",
    en: "Sign the result with EDS and send it to the office for registration (signed).",
};
const OUTGOING: Text = Text {
    ru: "Зарегистрируйте исходящий документ; он будет направлен в личный кабинет услугополучателя (registered).",
    kk: "Шығыс құжатты тіркеңіз; ол көрсетілетін қызметті алушының жеке кабинетіне жолданады (registered).",
    en: "Register the outgoing document; it goes to the applicant's personal cabinet (registered).",
};

/// A staff answer, for tests.
#[cfg(test)]
fn said(role: &str, action: &str) -> StaffAction {
    StaffAction {
        role: role.into(),
        login: role.into(),
        action: action.into(),
        reasons: vec![reglament_ecology::text::message(
            "x".into(),
            "x".into(),
            "x".into(),
        )],
        at: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::act::WKO_2015;

    fn app(service: &str, kind: RequestKind, category: &str) -> Application {
        reglament_ecology::act::sample_application(service, kind, category)
    }

    /// The task the decision asks for: (role, action, limit).
    fn next(app: &Application, staff: &[StaffAction]) -> (String, String, Option<Term>) {
        match decide(&WKO_2015, app, staff) {
            Decision::Review(tasks) => (
                tasks[0].role.clone(),
                tasks[0].action.clone(),
                tasks[0].limit,
            ),
            other => panic!("a task, not {other:?}"),
        }
    }

    #[test]
    fn the_permit_walks_office_head_executor_head_office() {
        let a = app("emission-permit", RequestKind::Issue, "IV");
        let mut staff = Vec::new();
        let steps = [
            (
                "office",
                "register",
                Some(term(20, Unit::Minutes)),
                said("office", "registered"),
            ),
            (
                "head",
                "assign",
                Some(term(2, Unit::Hours)),
                said("head", "assigned"),
            ),
            (
                "executor",
                "check-completeness",
                Some(term(4, Unit::WorkingDays)),
                said("executor", "complete"),
            ),
            (
                "executor",
                "prepare",
                Some(term(4, Unit::WorkingDays)),
                said("executor", "permit"),
            ),
            ("head", "sign", None, said("head", "signed")),
            (
                "office",
                "register-outgoing",
                None,
                said("office", "registered"),
            ),
        ];
        for (role, action, limit, answer) in steps {
            assert_eq!(next(&a, &staff), (role.into(), action.into(), limit));
            // An answer of the wrong role changes nothing.
            staff.push(said("applicant", "registered"));
            staff.push(answer);
        }
        assert_eq!(decide(&WKO_2015, &a, &staff), Decision::Approve);
    }

    #[test]
    fn incomplete_documents_are_signed_and_registered_as_a_refusal() {
        let a = app("ecological-expertise", RequestKind::Issue, "II");
        let staff = [
            said("office", "registered"),
            said("head", "assigned"),
            said("executor", "incomplete"),
            said("head", "signed"),
            said("office", "registered"),
        ];
        assert_eq!(next(&a, &staff[..2]).2, Some(term(2, Unit::WorkingDays)));
        assert_eq!(next(&a, &staff[..3]).1, "sign");
        assert!(matches!(decide(&WKO_2015, &a, &staff), Decision::Incomplete(r) if r[0].en == "x"));
    }

    #[test]
    fn the_remarks_loop_ends_positive_or_negative() {
        for (category, remarks_within, correct_within) in [("II", 14, 4), ("III", 6, 2)] {
            let a = app("ecological-expertise", RequestKind::Issue, category);
            let mut staff = vec![
                said("office", "registered"),
                said("head", "assigned"),
                said("executor", "complete"),
            ];
            assert_eq!(
                next(&a, &staff).2,
                Some(term(remarks_within, Unit::WorkingDays))
            );
            staff.push(said("executor", "remarks"));
            let Decision::Remarks(request) = decide(&WKO_2015, &a, &staff) else {
                panic!("remarks")
            };
            assert_eq!(request.correction, term(correct_within, Unit::WorkingDays));
            for (correction, verdict) in [
                ("corrected", Verdict::Agreed),
                ("correction-expired", Verdict::NotAgreed),
            ] {
                let role = if correction == "corrected" {
                    "applicant"
                } else {
                    "system"
                };
                let mut staff = staff.clone();
                staff.push(said(role, correction));
                assert_eq!(next(&a, &staff).1, "prepare");
                staff.extend([
                    said("executor", "prepared"),
                    said("head", "signed"),
                    said("office", "registered"),
                ]);
                let Decision::Conclude(c) = decide(&WKO_2015, &a, &staff) else {
                    panic!("a conclusion")
                };
                assert_eq!(c.verdict, verdict);
            }
        }
    }

    #[test]
    fn the_executor_may_prepare_a_motivated_refusal_of_a_conclusion() {
        let a = app("ecological-expertise", RequestKind::Issue, "III");
        let intake = [
            said("office", "registered"),
            said("head", "assigned"),
            said("executor", "complete"),
        ];
        for examined in [
            vec![said("executor", "no-remarks")],
            vec![said("executor", "remarks"), said("applicant", "corrected")],
        ] {
            let mut staff = intake.to_vec();
            staff.extend(examined);
            let Decision::Review(tasks) = decide(&WKO_2015, &a, &staff) else {
                panic!("the executor prepares")
            };
            assert_eq!(tasks[0].action, "prepare");
            assert_eq!(tasks[0].outcomes, ["prepared", "refusal"]);
            staff.push(said("executor", "refusal"));
            assert_eq!(next(&a, &staff).1, "sign");
            staff.extend([said("head", "signed"), said("office", "registered")]);
            assert!(matches!(decide(&WKO_2015, &a, &staff), Decision::Refuse(r) if r[0].en == "x"));
        }
        // A refusal given without reasons names C3.
        let mut staff = intake.to_vec();
        staff.push(said("executor", "no-remarks"));
        let mut refusal = said("executor", "refusal");
        refusal.reasons.clear();
        staff.extend([
            refusal,
            said("head", "signed"),
            said("office", "registered"),
        ]);
        assert_eq!(
            decide(&WKO_2015, &a, &staff),
            Decision::Refuse(vec![CONCLUSION_REQUIREMENTS_NOT_MET.message()])
        );
    }

    #[test]
    fn category_terms() {
        let t = |s, k, c| service_term(&app(s, k, c));
        assert_eq!(
            t("emission-permit", RequestKind::Issue, "II"),
            term(9, Unit::WorkingDays)
        );
        assert_eq!(
            t("emission-permit", RequestKind::Issue, "III"),
            term(9, Unit::WorkingDays)
        );
        assert_eq!(
            t("emission-permit", RequestKind::Issue, "IV"),
            term(4, Unit::WorkingDays)
        );
        assert_eq!(
            t("emission-permit", RequestKind::Reissue, "II"),
            term(14, Unit::CalendarDays)
        );
        assert_eq!(
            t("ecological-expertise", RequestKind::Issue, "II"),
            term(29, Unit::WorkingDays)
        );
        assert_eq!(
            t("ecological-expertise", RequestKind::Issue, "IV"),
            term(14, Unit::WorkingDays)
        );
    }
}
