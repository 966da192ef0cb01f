//! Test fixtures shared by the modules' unit tests (applications and complete forms), and the
//! test that no input makes any export panic — a panic in the component is a trap.

use crate::service::LicenceService;
use crate::types::{ApplicantKind, Application, Channel, RequestKind};

/// An application of the service and kind with this form, filed by a legal entity on the portal.
pub fn application(service: &str, kind: RequestKind, form: &str) -> Application {
    Application {
        id: "app-1".into(),
        service: service.into(),
        kind,
        channel: Channel::Portal,
        applicant: "120340005678".into(),
        applicant_kind: ApplicantKind::LegalEntity,
        category: None,
        filed_on: "2012-12-03".into(),
        form: form.into(),
        documents: vec!["scan".into()],
    }
}

/// Remarks with no text and a two-working-day correction term.
pub fn remarks() -> crate::types::RemarksRequest {
    crate::types::RemarksRequest {
        remarks: Vec::new(),
        correction: crate::types::Term {
            amount: 2,
            unit: crate::types::Unit::WorkingDays,
        },
    }
}

/// A specialist with higher education in plant protection.
pub const SPECIALIST_JSON: &str = r#"{"full_name":"Иванов И.И.","education":"higher","speciality":"plant-protection","diploma_number":"ЖБ 0012345"}"#;

/// A complete issue form of the service with this specialist, every other declaration meeting
/// the qualification requirements.
pub fn issue_form_with(service: LicenceService, specialist: &str) -> String {
    let common = r#""applicant_name":"ТОО «Агро»","activity_region":"akmola","activity_address":"г. Кокшетау, ул. Абая, 1""#;
    let premises = r#"{"area_m2":120.5,"sanitary_conclusion":true}"#;
    let specific = match service {
        LicenceService::PesticideProduction => {
            format!(r#""specialist":{specialist},"production_site":{premises},"laboratory":true"#)
        }
        LicenceService::PesticideSale => {
            format!(r#""specialist":{specialist},"storage":{premises}"#)
        }
        LicenceService::PesticideApplication => format!(
            r#""specialist":{specialist},"storage":{premises},"methods":["aerosol","fumigation"],"equipment":true"#
        ),
        LicenceService::GrainWarehouse => {
            r#""warehouse":{"capacity_tonnes":5000,"owned":true},"laboratory":true"#.to_owned()
        }
        LicenceService::Veterinary => format!(r#""specialist":{specialist},"premises":{premises}"#),
    };
    format!("{{{common},{specific}}}")
}

/// A complete issue form of the service, its specialist fit for the service.
pub fn issue_form(service: LicenceService) -> String {
    let specialist = match service {
        LicenceService::Veterinary => SPECIALIST_JSON
            .replace("plant-protection", "veterinary-medicine")
            .replace("higher", "secondary-vocational"),
        _ => SPECIALIST_JSON.to_owned(),
    };
    issue_form_with(service, &specialist)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Decision, Message, StaffAction};
    use crate::{completeness, fees, forms, qualification, regulation, result};

    const KINDS: [RequestKind; 6] = [
        RequestKind::Issue,
        RequestKind::Reissue,
        RequestKind::Duplicate,
        RequestKind::Preliminary,
        RequestKind::Main,
        RequestKind::Repeat,
    ];

    fn odd_forms() -> Vec<String> {
        let mut forms: Vec<String> = [
            "",
            "{",
            "null",
            "[]",
            "{}",
            "\u{0}",
            r#"{"specialist": 5, "warehouse": [], "methods": "aerosol", "laboratory": null}"#,
            r#"{"warehouse": {"capacity_tonnes": 1e308, "owned": "yes"}, "methods": [null, {}]}"#,
            r#"{"specialist": {"education": ["higher"], "speciality": 7}, "premises": {"area_m2": -0}}"#,
            r#"{"licence_number": "", "reason": {}, "applicant_name": false}"#,
        ]
        .map(str::to_owned)
        .to_vec();
        forms.push(format!("{}1{}", "[".repeat(5_000), "]".repeat(5_000)));
        forms.push(format!("{}{}", r#"{"a":"#.repeat(200), "}".repeat(200)));
        forms.extend(LicenceService::ALL.map(issue_form));
        forms
    }

    fn staff(action: &str, reasons: Vec<Message>) -> StaffAction {
        StaffAction {
            role: "executor".into(),
            login: "x".into(),
            action: action.into(),
            reasons,
            at: String::new(),
        }
    }

    /// Every service id (and two unknown ones) × kind × odd form × channel; the applicant is an
    /// individual through the provider and a legal entity otherwise.
    fn odd_applications() -> Vec<Application> {
        let services = LicenceService::ALL.map(LicenceService::id);
        let services = services.iter().copied().chain(["", "Veterinary"]);
        let forms = odd_forms();
        let mut apps = Vec::new();
        for service in services {
            for kind in KINDS {
                for form in &forms {
                    for channel in [Channel::Portal, Channel::Provider, Channel::ServiceCenter] {
                        let mut app = application(service, kind, form);
                        app.channel = channel;
                        if channel == Channel::Provider {
                            app.applicant_kind = ApplicantKind::Individual;
                        }
                        apps.push(app);
                    }
                }
            }
        }
        apps
    }

    #[test]
    fn no_input_makes_any_export_panic() {
        let histories = [
            vec![],
            vec![staff("approve", vec![])],
            vec![staff("refuse", vec![])],
            vec![staff(
                "",
                vec![Message {
                    ru: String::new(),
                    kk: String::new(),
                    en: String::new(),
                }],
            )],
        ];
        let outcomes = [
            Decision::Refuse(vec![]),
            Decision::Review(vec![]),
            Decision::Remarks(remarks()),
        ];
        let _ = regulation::regulation();
        for kind in KINDS {
            let _ = fees::fee("veterinary", kind);
        }
        for app in odd_applications() {
            let _ = forms::check_form(&app);
            let _ = completeness::check_completeness(&app);
            let _ = regulation::term(&app);
            let decisions = histories
                .iter()
                .map(|history| qualification::decide(&app, history));
            for outcome in decisions.chain(outcomes.iter().cloned()) {
                let content = result::render(&app, &outcome);
                assert!(
                    serde_json::from_str::<serde_json::Value>(&content)
                        .is_ok_and(|c| c.is_object())
                );
            }
        }
    }
}
