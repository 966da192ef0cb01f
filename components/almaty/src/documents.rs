//! The documents of para 11 of each regulation, per object category and request kind, checked at
//! registration (`check-completeness`; a missing one is the `incomplete` motivated refusal P8,
//! on the para 16 (1) ground). A filing names its documents by kind:
//!
//! **Emission permit** (para 11):
//! - category II: `application` (Annex 3), `expertise-conclusion` (the SEE conclusion on the
//!   project with the emission standards), `action-plan` (environmental protection action plan),
//!   `public-hearing-protocol`, `control-programme` (production environmental control);
//! - category III: as II, without the public hearing protocol;
//! - category IV: `application`, `emission-standards` (justified by calculation or
//!   instrumental methods);
//! - re-issue, any category: `application`, `registration-certificate` (state registration or
//!   re-registration of the legal entity).
//!
//! **Expertise** (para 11), by the object of the expertise (`object_type` of the form):
//! - a project: `application` (Annex 2), `project-documentation` (with the EIA materials),
//!   `environmental-consequences` (statement of environmental consequences),
//!   `public-opinion` (results of accounting for public opinion), `approvals` (approvals of the
//!   bodies concerned), `emission-standards-draft`;
//! - a regional programme (category II only): `application`, `regional-programme-draft`,
//!   `environmental-consequences`, `public-opinion`, `approvals`;
//! - a draft normative legal act (category II only): `application`, `legal-act-draft`;
//! - a repeat expertise also: `previous-conclusions` (copies of the conclusions issued before).
//!
//! The paper (provider, service centre) and portal lists of para 11 name the same documents;
//! only their form differs (paper copy, e-document signed with EDS, electronic copy), which the
//! host does not see.

use reglament_ecology::act::Document;
use reglament_ecology::form::Form;
use reglament_ecology::forms::object_type;
use reglament_ecology::text::Text;
use reglament_ecology::types::{Application, RequestKind};

const fn doc(kind: &'static str, ru: &'static str, kk: &'static str, en: &'static str) -> Document {
    Document {
        kind,
        name: Text { ru, kk, en },
    }
}

const APPLICATION: Document = doc("application", "заявление", "өтініш", "the application");
const EXPERTISE_CONCLUSION: Document = doc(
    "expertise-conclusion",
    "копия заключения государственной экологической экспертизы",
    "мемлекеттік экологиялық сараптама қорытындысының көшірмесі",
    "a copy of the state ecological expertise conclusion",
);
const ACTION_PLAN: Document = doc(
    "action-plan",
    "план мероприятий по охране окружающей среды",
    "қоршаған ортаны қорғау жөніндегі іс-шаралар жоспары",
    "the environmental protection action plan",
);
const PUBLIC_HEARING: Document = doc(
    "public-hearing-protocol",
    "протокол публичных слушаний",
    "жария тыңдаулар хаттамасы",
    "the public hearing protocol",
);
const CONTROL_PROGRAMME: Document = doc(
    "control-programme",
    "программа производственного экологического контроля",
    "өндірістік экологиялық бақылау бағдарламасы",
    "the production environmental control programme",
);
const EMISSION_STANDARDS: Document = doc(
    "emission-standards",
    "нормативы эмиссий, установленные и обоснованные расчетным или инструментальным путем",
    "есептік немесе аспаптық жолмен белгіленген және негізделген эмиссия нормативтері",
    "emission standards established and justified by calculation or instruments",
);
const REGISTRATION_CERTIFICATE: Document = doc(
    "registration-certificate",
    "свидетельство о государственной регистрации (перерегистрации) юридического лица",
    "заңды тұлғаны мемлекеттік тіркеу (қайта тіркеу) туралы куәлік",
    "the certificate of state registration (re-registration) of the legal entity",
);
const PROJECT_DOCUMENTATION: Document = doc(
    "project-documentation",
    "предпроектная и проектная документация с материалами оценки воздействия на окружающую среду",
    "қоршаған ортаға әсерін бағалау материалдары бар жоба алдындағы және жобалық құжаттама",
    "pre-project and project documentation with the environmental impact assessment",
);
const CONSEQUENCES: Document = doc(
    "environmental-consequences",
    "заявление об экологических последствиях намечаемой деятельности",
    "жоспарланған қызметтің экологиялық салдары туралы өтініш",
    "the statement of environmental consequences of the planned activity",
);
const PUBLIC_OPINION: Document = doc(
    "public-opinion",
    "результаты учета общественного мнения",
    "қоғамдық пікірді есепке алу нәтижелері",
    "the results of accounting for public opinion",
);
const APPROVALS: Document = doc(
    "approvals",
    "материалы согласований заинтересованных органов",
    "мүдделі органдардың келісу материалдары",
    "the approvals of the bodies concerned",
);
const STANDARDS_DRAFT: Document = doc(
    "emission-standards-draft",
    "проект нормативов эмиссий",
    "эмиссия нормативтерінің жобасы",
    "the draft emission standards",
);
const PROGRAMME_DRAFT: Document = doc(
    "regional-programme-draft",
    "проект региональной программы с материалами оценки воздействия на окружающую среду",
    "қоршаған ортаға әсерін бағалау материалдары бар өңірлік бағдарлама жобасы",
    "the draft regional programme with the environmental impact assessment",
);
const LEGAL_ACT_DRAFT: Document = doc(
    "legal-act-draft",
    "проект нормативного правового акта",
    "нормативтік құқықтық акт жобасы",
    "the draft normative legal act",
);
const PREVIOUS_CONCLUSIONS: Document = doc(
    "previous-conclusions",
    "копии ранее выданных заключений государственной экологической экспертизы",
    "бұрын берілген мемлекеттік экологиялық сараптама қорытындыларының көшірмелері",
    "copies of the state ecological expertise conclusions issued before",
);

/// The documents the application must carry.
pub fn required(app: &Application) -> Vec<Document> {
    let category = app.category.as_deref().unwrap_or_default();
    match (app.service.as_str(), app.kind) {
        ("emission-permit", RequestKind::Reissue) => vec![APPLICATION, REGISTRATION_CERTIFICATE],
        ("emission-permit", _) => match category {
            "II" => vec![
                APPLICATION,
                EXPERTISE_CONCLUSION,
                ACTION_PLAN,
                PUBLIC_HEARING,
                CONTROL_PROGRAMME,
            ],
            "III" => vec![
                APPLICATION,
                EXPERTISE_CONCLUSION,
                ACTION_PLAN,
                CONTROL_PROGRAMME,
            ],
            _ => vec![APPLICATION, EMISSION_STANDARDS],
        },
        ("ecological-expertise", kind) => {
            let form = Form::parse(&app.form).unwrap_or_default();
            let mut documents = match object_type(&form) {
                "regional-programme" => vec![
                    APPLICATION,
                    PROGRAMME_DRAFT,
                    CONSEQUENCES,
                    PUBLIC_OPINION,
                    APPROVALS,
                ],
                "legal-act-draft" => vec![APPLICATION, LEGAL_ACT_DRAFT],
                _ => vec![
                    APPLICATION,
                    PROJECT_DOCUMENTATION,
                    CONSEQUENCES,
                    PUBLIC_OPINION,
                    APPROVALS,
                    STANDARDS_DRAFT,
                ],
            };
            if kind == RequestKind::Repeat {
                documents.push(PREVIOUS_CONCLUSIONS);
            }
            documents
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::act::ALMATY;

    fn app(service: &str, kind: RequestKind, category: &str, documents: &[&str]) -> Application {
        let mut app = reglament_ecology::act::sample_application(service, kind, category);
        app.form = r#"{"object_type":"project"}"#.into();
        app.documents = documents.iter().map(|d| (*d).to_owned()).collect();
        app
    }

    fn kinds(app: &Application) -> Vec<&'static str> {
        required(app).iter().map(|d| d.kind).collect()
    }

    #[test]
    fn emission_lists_differ_by_category_and_for_reissue() {
        let ii = kinds(&app("emission-permit", RequestKind::Issue, "II", &[]));
        let iii = kinds(&app("emission-permit", RequestKind::Issue, "III", &[]));
        assert!(ii.contains(&"public-hearing-protocol"));
        assert!(!iii.contains(&"public-hearing-protocol"));
        assert_eq!(
            kinds(&app("emission-permit", RequestKind::Issue, "IV", &[])),
            ["application", "emission-standards"]
        );
        assert_eq!(
            kinds(&app("emission-permit", RequestKind::Reissue, "II", &[])),
            ["application", "registration-certificate"]
        );
    }

    #[test]
    fn incomplete_names_each_missing_document() {
        let missing = ALMATY.check_completeness(&app(
            "ecological-expertise",
            RequestKind::Repeat,
            "III",
            &["application", "project-documentation"],
        ));
        let en: Vec<_> = missing.iter().map(|m| m.en.as_str()).collect();
        assert_eq!(en.len(), 5);
        assert!(en.iter().any(|m| m.contains("(previous-conclusions)")));
        let full = required(&app("emission-permit", RequestKind::Issue, "IV", &[]))
            .iter()
            .map(|d| d.kind)
            .collect::<Vec<_>>();
        assert!(
            ALMATY
                .check_completeness(&app("emission-permit", RequestKind::Issue, "IV", &full))
                .is_empty()
        );
    }
}
