//! The provider's qualification check — portal condition C4, provider condition C3: "проверка
//! услугодателем соответствия потребителя квалификационным требованиям и основаниям для выдачи
//! лицензии" — and `decide`.
//!
//! The act names the check but not the requirements (they are in the licensing legislation, not
//! in the seed; spec §4.1). The requirements below are the project's, plausible and small, one
//! per declaration of the form ([`crate::forms`]):
//!
//! | service | requirements |
//! |---|---|
//! | `pesticide-production` | specialist with higher education in chemistry, agrochemistry or plant protection; production premises with a sanitary-epidemiological conclusion; a quality-control laboratory |
//! | `pesticide-sale` | specialist with higher or secondary vocational education in plant protection, agronomy or agrochemistry; a pesticide store with a sanitary-epidemiological conclusion |
//! | `pesticide-application` | the same specialist and store; special equipment for aerosol and fumigation application |
//! | `grain-warehouse` | a warehouse in the applicant's ownership; capacity of at least [`GRAIN_WAREHOUSE_MIN_CAPACITY_TONNES`]; a grain-quality laboratory |
//! | `veterinary` | specialist with higher or secondary vocational veterinary education (diploma); premises with a veterinary-sanitary conclusion |
//!
//! The decision ([`decide`]):
//! 1. Re-issue and duplicate: approve. The host has already found the held licence in its registry
//!    (DECISIONS 5), and the act's check is about issuing a licence.
//! 2. Issue filed by a provider employee (or, not provided by the act, by a service-centre
//!    operator): the scanned paper documents are for a person to verify. The latest staff action
//!    "approve" approves, "refuse" refuses with the staff member's reasons (a generic reason if
//!    none is given). Until one of them exists: `review`, one task for any staff member of the
//!    provider.
//! 3. Issue filed on the portal: every requirement the form declares met → approve; otherwise
//!    refuse, one reason per requirement not met.

use crate::form::Form;
use crate::messages::{self, Text, message};
use crate::service::LicenceService;
use crate::types::{Application, Channel, Decision, Message, RequestKind, StaffAction, StaffTask};

/// The least capacity of a grain warehouse, in tonnes. An assumption of the project, to be
/// confirmed against the qualification requirements in force in 2012.
pub const GRAIN_WAREHOUSE_MIN_CAPACITY_TONNES: f64 = 1_000.0;

/// The staff role a review task goes to: any staff member of the provider.
pub const REVIEW_ROLE: &str = "provider";

/// The action a review task expects of the staff.
pub const REVIEW: &str = "review";

/// The staff action that approves an application under review.
pub const APPROVE: &str = "approve";

/// The staff action that refuses an application under review, with its reasons.
pub const REFUSE: &str = "refuse";

/// One qualification requirement: what it asks, and the form declarations that meet it.
#[derive(Debug, Clone, Copy)]
pub struct Requirement {
    /// What the requirement asks, as a phrase ("a specialist with …").
    pub description: Text,
    conditions: &'static [Condition],
}

/// One declaration of the form a requirement reads.
#[derive(Debug, Clone, Copy)]
enum Condition {
    /// The flag at the path is `true`.
    Declared(&'static str),
    /// The number at the path is at least this.
    AtLeast(&'static str, f64),
    /// The text at the path is one of these.
    OneOf(&'static str, &'static [&'static str]),
}

impl Condition {
    /// Whether the form's declaration satisfies the condition.
    fn holds(self, form: &Form) -> bool {
        match self {
            Condition::Declared(path) => form.flag(path) == Some(true),
            Condition::AtLeast(path, least) => form.number(path).is_some_and(|n| n >= least),
            Condition::OneOf(path, allowed) => {
                form.text(path).is_some_and(|t| allowed.contains(&t))
            }
        }
    }
}

impl Requirement {
    /// Whether the form declares the requirement met.
    pub fn met_by(&self, form: &Form) -> bool {
        self.conditions
            .iter()
            .all(|condition| condition.holds(form))
    }

    /// The reason of a motivated refusal when the requirement is not met.
    pub fn refusal_reason(&self) -> Message {
        let d = self.description;
        message(
            format!("Не выполнено квалификационное требование: {}.", d.ru),
            format!("Біліктілік талабы орындалмаған: {}.", d.kk),
            format!("Qualification requirement not met: {}.", d.en),
        )
    }
}

const HIGHER: &[&str] = &["higher"];
const HIGHER_OR_VOCATIONAL: &[&str] = &["higher", "secondary-vocational"];

const CHEMIST: Requirement = Requirement {
    description: Text {
        ru: "специалист с высшим образованием по специальности «химия», «агрохимия» или «защита \
             растений»",
        kk: "«химия», «агрохимия» немесе «өсімдіктерді қорғау» мамандығы бойынша жоғары білімі \
             бар маман",
        en: "a specialist with higher education in chemistry, agrochemistry or plant protection",
    },
    conditions: &[
        Condition::OneOf("specialist.education", HIGHER),
        Condition::OneOf(
            "specialist.speciality",
            &["chemistry", "agrochemistry", "plant-protection"],
        ),
    ],
};

const AGRONOMIST: Requirement = Requirement {
    description: Text {
        ru: "специалист с высшим или средним профессиональным образованием по специальности \
             «защита растений», «агрономия» или «агрохимия»",
        kk: "«өсімдіктерді қорғау», «агрономия» немесе «агрохимия» мамандығы бойынша жоғары \
             немесе орта кәсіптік білімі бар маман",
        en: "a specialist with higher or secondary vocational education in plant protection, \
             agronomy or agrochemistry",
    },
    conditions: &[
        Condition::OneOf("specialist.education", HIGHER_OR_VOCATIONAL),
        Condition::OneOf(
            "specialist.speciality",
            &["plant-protection", "agronomy", "agrochemistry"],
        ),
    ],
};

const VETERINARIAN: Requirement = Requirement {
    description: Text {
        ru: "специалист с высшим или средним профессиональным ветеринарным образованием, \
             подтверждённым дипломом",
        kk: "дипломмен расталған жоғары немесе орта кәсіптік ветеринариялық білімі бар маман",
        en: "a specialist with higher or secondary vocational veterinary education, confirmed by \
             a diploma",
    },
    conditions: &[
        Condition::OneOf("specialist.education", HIGHER_OR_VOCATIONAL),
        Condition::OneOf(
            "specialist.speciality",
            &["veterinary-medicine", "veterinary-sanitation"],
        ),
    ],
};

const PRODUCTION_SITE: Requirement = Requirement {
    description: Text {
        ru: "производственное помещение, имеющее санитарно-эпидемиологическое заключение",
        kk: "санитариялық-эпидемиологиялық қорытындысы бар өндірістік үй-жай",
        en: "production premises with a sanitary-epidemiological conclusion",
    },
    conditions: &[Condition::Declared("production_site.sanitary_conclusion")],
};

const QUALITY_LABORATORY: Requirement = Requirement {
    description: Text {
        ru: "лаборатория для контроля качества производимых пестицидов",
        kk: "өндірілетін пестицидтердің сапасын бақылауға арналған зертхана",
        en: "a laboratory for quality control of the pesticides produced",
    },
    conditions: &[Condition::Declared("laboratory")],
};

const PESTICIDE_STORE: Requirement = Requirement {
    description: Text {
        ru: "склад для хранения пестицидов, имеющий санитарно-эпидемиологическое заключение",
        kk: "санитариялық-эпидемиологиялық қорытындысы бар пестицидтерді сақтауға арналған қойма",
        en: "a pesticide store with a sanitary-epidemiological conclusion",
    },
    conditions: &[Condition::Declared("storage.sanitary_conclusion")],
};

const APPLICATION_EQUIPMENT: Requirement = Requirement {
    description: Text {
        ru: "специальная техника для применения пестицидов аэрозольным и фумигационным способами",
        kk: "пестицидтерді аэрозольдық және фумигациялық тәсілдермен қолдануға арналған арнайы \
             техника",
        en: "special equipment for applying pesticides by aerosol and fumigation methods",
    },
    conditions: &[Condition::Declared("equipment")],
};

const OWNED_WAREHOUSE: Requirement = Requirement {
    description: Text {
        ru: "зерновой склад, принадлежащий потребителю на праве собственности",
        kk: "көрсетілетін қызметті алушыға меншік құқығымен тиесілі астық қоймасы",
        en: "a grain warehouse owned by the applicant",
    },
    conditions: &[Condition::Declared("warehouse.owned")],
};

const WAREHOUSE_CAPACITY: Requirement = Requirement {
    description: Text {
        ru: "вместимость зернового склада не менее 1 000 тонн",
        kk: "астық қоймасының сыйымдылығы кемінде 1 000 тонна",
        en: "a grain warehouse capacity of at least 1,000 tonnes",
    },
    conditions: &[Condition::AtLeast(
        "warehouse.capacity_tonnes",
        GRAIN_WAREHOUSE_MIN_CAPACITY_TONNES,
    )],
};

const GRAIN_LABORATORY: Requirement = Requirement {
    description: Text {
        ru: "лаборатория для определения качества зерна",
        kk: "астықтың сапасын анықтауға арналған зертхана",
        en: "a laboratory for determining grain quality",
    },
    conditions: &[Condition::Declared("laboratory")],
};

const VETERINARY_PREMISES: Requirement = Requirement {
    description: Text {
        ru: "помещение для ветеринарной деятельности, имеющее ветеринарно-санитарное заключение",
        kk: "ветеринариялық-санитариялық қорытындысы бар ветеринариялық қызметке арналған үй-жай",
        en: "premises for veterinary activity with a veterinary-sanitary conclusion",
    },
    conditions: &[Condition::Declared("premises.sanitary_conclusion")],
};

/// The qualification requirements of a service.
pub fn requirements(service: LicenceService) -> &'static [Requirement] {
    match service {
        LicenceService::PesticideProduction => &[CHEMIST, PRODUCTION_SITE, QUALITY_LABORATORY],
        LicenceService::PesticideSale => &[AGRONOMIST, PESTICIDE_STORE],
        LicenceService::PesticideApplication => {
            &[AGRONOMIST, PESTICIDE_STORE, APPLICATION_EQUIPMENT]
        }
        LicenceService::GrainWarehouse => &[OWNED_WAREHOUSE, WAREHOUSE_CAPACITY, GRAIN_LABORATORY],
        LicenceService::Veterinary => &[VETERINARIAN, VETERINARY_PREMISES],
    }
}

/// The requirements of a service the form does not declare met.
pub fn unmet(service: LicenceService, form: &Form) -> Vec<&'static Requirement> {
    requirements(service)
        .iter()
        .filter(|requirement| !requirement.met_by(form))
        .collect()
}

/// `decide`: the qualification decision, given what staff have done so far (rules in the module
/// documentation).
pub fn decide(app: &Application, staff: &[StaffAction]) -> Decision {
    let Some(service) = LicenceService::from_id(&app.service) else {
        return Decision::Refuse(vec![messages::unknown_service(&app.service)]);
    };
    match app.kind {
        RequestKind::Reissue | RequestKind::Duplicate => Decision::Approve,
        RequestKind::Issue => match app.channel {
            Channel::Portal => check_declarations(service, &app.form),
            Channel::Provider | Channel::ServiceCenter => staff_decision(staff)
                .unwrap_or_else(|| Decision::Review(vec![review_task(service, &app.form)])),
        },
        RequestKind::Preliminary | RequestKind::Main | RequestKind::Repeat => {
            Decision::Refuse(vec![messages::kind_not_provided(app.kind)])
        }
    }
}

/// The portal check: the form's declarations against the service's requirements. A form that
/// cannot be read (check-form would have turned it back) confirms nothing: refused.
fn check_declarations(service: LicenceService, form_json: &str) -> Decision {
    let Ok(form) = Form::parse(form_json) else {
        return Decision::Refuse(vec![FORM_UNREADABLE.message()]);
    };
    let unmet = unmet(service, &form);
    if unmet.is_empty() {
        Decision::Approve
    } else {
        Decision::Refuse(
            unmet
                .iter()
                .map(|requirement| requirement.refusal_reason())
                .collect(),
        )
    }
}

/// The reason when a portal form cannot be read at the qualification check.
const FORM_UNREADABLE: Text = Text {
    ru: "Форма запроса не читается, соответствие квалификационным требованиям не подтверждено.",
    kk: "Сұрау салу нысаны оқылмайды, біліктілік талаптарына сәйкестік расталмады.",
    en: "The request form cannot be read; compliance with the qualification requirements is not \
         confirmed.",
};

/// What the staff decided: the latest "approve" or "refuse" among their actions (the host passes
/// them in the order they happened; other actions do not decide). `None` while nobody decided.
fn staff_decision(staff: &[StaffAction]) -> Option<Decision> {
    staff.iter().rev().find_map(|action| {
        let verb = action.action.trim();
        if verb.eq_ignore_ascii_case(APPROVE) {
            Some(Decision::Approve)
        } else if verb.eq_ignore_ascii_case(REFUSE) {
            Some(Decision::Refuse(staff_reasons(&action.reasons)))
        } else {
            None
        }
    })
}

/// The reasons of a staff refusal, each in three languages; the generic reason if none is given.
fn staff_reasons(given: &[Message]) -> Vec<Message> {
    let reasons: Vec<Message> = given.iter().filter_map(messages::completed).collect();
    if reasons.is_empty() {
        vec![messages::REQUIREMENTS_NOT_MET.message()]
    } else {
        reasons
    }
}

/// The task for the provider's staff: check the scanned documents against the requirements, and
/// what the form itself already declares unmet.
fn review_task(service: LicenceService, form_json: &str) -> StaffTask {
    StaffTask {
        role: REVIEW_ROLE.to_owned(),
        action: REVIEW.to_owned(),
        instruction: review_instruction(service, form_json),
        limit: None,
        outcomes: vec![APPROVE.to_owned(), REFUSE.to_owned()],
        from_registration: false,
    }
}

/// "Check the scanned documents against …; then approve or refuse", listing the requirements.
fn review_instruction(service: LicenceService, form_json: &str) -> Message {
    let all = requirements(service);
    let activity = service.activity();
    let mut instruction = message(
        format!(
            "Сверьте отсканированные документы потребителя с квалификационными требованиями и \
             основаниями для выдачи лицензии ({}): {}. Затем одобрите заявление (approve) или \
             откажите (refuse), указав причины.",
            activity.ru,
            list(all, |d| d.ru)
        ),
        format!(
            "Көрсетілетін қызметті алушының сканерленген құжаттарын біліктілік талаптарымен және \
             лицензия беру негіздерімен салыстырыңыз ({}): {}. Содан кейін өтінішті мақұлдаңыз \
             (approve) немесе себептерін көрсете отырып, бас тартыңыз (refuse).",
            activity.kk,
            list(all, |d| d.kk)
        ),
        format!(
            "Check the applicant's scanned documents against the qualification requirements and \
             the grounds for issuing the licence ({}): {}. Then approve the application or refuse \
             it, giving the reasons.",
            activity.en,
            list(all, |d| d.en)
        ),
    );
    let declared_unmet = Form::parse(form_json)
        .map(|form| unmet(service, &form))
        .unwrap_or_default();
    if !declared_unmet.is_empty() {
        instruction.ru += &format!(
            " По данным формы не выполнено: {}.",
            list(&declared_unmet, |d| d.ru)
        );
        instruction.kk += &format!(
            " Нысан деректері бойынша орындалмаған: {}.",
            list(&declared_unmet, |d| d.kk)
        );
        instruction.en += &format!(
            " According to the form, not met: {}.",
            list(&declared_unmet, |d| d.en)
        );
    }
    instruction
}

/// Requirement descriptions in one language, separated by "; ".
fn list<R: std::borrow::Borrow<Requirement>>(
    requirements: &[R],
    language: fn(Text) -> &'static str,
) -> String {
    requirements
        .iter()
        .map(|requirement| language(requirement.borrow().description))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{SPECIALIST_JSON, application, issue_form, issue_form_with};

    fn staff(action: &str, reasons: Vec<Message>) -> StaffAction {
        StaffAction {
            role: "head".into(),
            login: "head@akmola".into(),
            action: action.into(),
            reasons,
            at: "2012-12-04T10:00:00+06:00".into(),
        }
    }

    fn provider_issue(service: LicenceService) -> Application {
        let mut app = application(service.id(), RequestKind::Issue, &issue_form(service));
        app.channel = Channel::Provider;
        app
    }

    #[test]
    fn portal_issue_meeting_every_requirement_is_approved() {
        for service in LicenceService::ALL {
            let app = application(service.id(), RequestKind::Issue, &issue_form(service));
            assert_eq!(decide(&app, &[]), Decision::Approve, "{service:?}");
        }
    }

    #[test]
    fn portal_issue_is_refused_with_one_reason_per_unmet_requirement() {
        let form = r#"{"applicant_name":"ТОО «Астық»","activity_region":"akmola","activity_address":"Астана",
                      "warehouse":{"capacity_tonnes":800,"owned":false},"laboratory":true}"#;
        let app = application("grain-warehouse", RequestKind::Issue, form);
        let Decision::Refuse(reasons) = decide(&app, &[]) else {
            panic!("refused expected")
        };
        let en: Vec<_> = reasons.iter().map(|r| r.en.as_str()).collect();
        assert_eq!(
            en,
            [
                "Qualification requirement not met: a grain warehouse owned by the applicant.",
                "Qualification requirement not met: a grain warehouse capacity of at least 1,000 tonnes.",
            ]
        );
        assert!(reasons[0].kk.starts_with("Біліктілік талабы орындалмаған"));
    }

    #[test]
    fn the_specialist_must_have_the_services_education() {
        let vet_form = issue_form_with(LicenceService::Veterinary, SPECIALIST_JSON);
        let app = application("veterinary", RequestKind::Issue, &vet_form);
        assert_eq!(
            decide(&app, &[]),
            Decision::Refuse(vec![VETERINARIAN.refusal_reason()])
        );

        let vocational = SPECIALIST_JSON.replace("higher", "secondary-vocational");
        let sale = application(
            "pesticide-sale",
            RequestKind::Issue,
            &issue_form_with(LicenceService::PesticideSale, &vocational),
        );
        assert_eq!(decide(&sale, &[]), Decision::Approve);
        let production = issue_form_with(LicenceService::PesticideProduction, &vocational);
        let production = application("pesticide-production", RequestKind::Issue, &production);
        assert_eq!(
            decide(&production, &[]),
            Decision::Refuse(vec![CHEMIST.refusal_reason()])
        );
    }

    #[test]
    fn the_capacity_text_names_the_constant() {
        assert_eq!(GRAIN_WAREHOUSE_MIN_CAPACITY_TONNES, 1_000.0);
        assert!(WAREHOUSE_CAPACITY.description.ru.contains("1 000 тонн"));
    }

    #[test]
    fn reissue_and_duplicate_are_approved_on_both_channels() {
        for kind in [RequestKind::Reissue, RequestKind::Duplicate] {
            for channel in [Channel::Portal, Channel::Provider] {
                let mut app = application("pesticide-sale", kind, "not json");
                app.channel = channel;
                assert_eq!(decide(&app, &[]), Decision::Approve);
            }
        }
    }

    #[test]
    fn provider_issue_goes_to_review_until_staff_decide() {
        let app = provider_issue(LicenceService::GrainWarehouse);
        let Decision::Review(tasks) = decide(&app, &[]) else {
            panic!("review expected")
        };
        assert_eq!(tasks.len(), 1);
        assert_eq!(
            (
                tasks[0].role.as_str(),
                tasks[0].action.as_str(),
                tasks[0].limit
            ),
            ("provider", "review", None)
        );
        assert!(
            tasks[0]
                .instruction
                .ru
                .contains("лаборатория для определения качества зерна")
        );
        assert!(!tasks[0].instruction.en.contains("According to the form"));

        let comment_only = [staff("comment", vec![])];
        assert!(matches!(decide(&app, &comment_only), Decision::Review(_)));
    }

    #[test]
    fn review_instruction_names_what_the_form_declares_unmet() {
        let mut app = provider_issue(LicenceService::PesticideApplication);
        app.form = app
            .form
            .replace(r#""equipment":true"#, r#""equipment":false"#);
        let Decision::Review(tasks) = decide(&app, &[]) else {
            panic!("review expected")
        };
        assert!(tasks[0].instruction.en.ends_with(
            "According to the form, not met: special equipment for applying pesticides by aerosol and fumigation methods."
        ));
        app.form = "{broken".into();
        assert!(matches!(decide(&app, &[]), Decision::Review(_)));
    }

    #[test]
    fn the_latest_staff_decision_counts() {
        let app = provider_issue(LicenceService::Veterinary);
        let reason = message(
            "Диплом не подтверждён".into(),
            String::new(),
            "Diploma not confirmed".into(),
        );
        let refused_then_approved = [
            staff("refuse", vec![reason.clone()]),
            staff("Approve", vec![]),
        ];
        assert_eq!(decide(&app, &refused_then_approved), Decision::Approve);

        let approved_then_refused = [
            staff("approve", vec![]),
            staff("refuse", vec![reason]),
            staff("comment", vec![]),
        ];
        let Decision::Refuse(reasons) = decide(&app, &approved_then_refused) else {
            panic!("refused expected")
        };
        assert_eq!(reasons.len(), 1);
        assert_eq!(reasons[0].kk, "Диплом не подтверждён");
        assert_eq!(reasons[0].en, "Diploma not confirmed");
    }

    #[test]
    fn a_staff_refusal_without_reasons_gets_the_generic_one() {
        let app = provider_issue(LicenceService::PesticideSale);
        let blank = message(" ".into(), String::new(), String::new());
        assert_eq!(
            decide(&app, &[staff("refuse", vec![blank])]),
            Decision::Refuse(vec![messages::REQUIREMENTS_NOT_MET.message()])
        );
    }

    #[test]
    fn a_portal_form_that_cannot_be_read_is_refused_not_trapped() {
        let app = application("veterinary", RequestKind::Issue, "[]");
        assert_eq!(
            decide(&app, &[]),
            Decision::Refuse(vec![FORM_UNREADABLE.message()])
        );
        let unknown = application("no-such-service", RequestKind::Issue, "{}");
        assert!(matches!(decide(&unknown, &[]), Decision::Refuse(r) if r.len() == 1));
        let main = application("veterinary", RequestKind::Main, "{}");
        assert!(matches!(decide(&main, &[]), Decision::Refuse(r) if r.len() == 1));
    }
}
