//! The request form of each service and `check-form`.
//!
//! The act publishes its forms on www.elicense.kz (§8) and they are not in the seed, so these
//! schemas are the project's: small and plausible, holding what the licence and the
//! qualification check ([`crate::qualification`]) need. A form is a JSON object; fields not
//! listed are ignored; `null` counts as absent. Types: *text* = non-empty string, *number* =
//! number > 0, *flag* = `true`/`false` (a declaration; `false` is well-formed and is judged by
//! the qualification check, not here), *one of* = one of the listed strings, *list of* =
//! non-empty array of the listed strings.
//!
//! **Issue**, every service:
//! - `applicant_name` (text): the individual's full name or the legal entity's name.
//! - `activity_region` (one of `akmola`): the provider licenses activity in Akmola region only,
//!   so a form for another region is turned back at filing rather than refused 15 days later.
//! - `activity_address` (text): where the licensed activity is carried out.
//!
//! plus, per service:
//! - **`pesticide-production`**: `specialist` ([specialist](SPECIALIST)), `production_site`
//!   ([premises](PREMISES): `area_m2`, `sanitary_conclusion`), `laboratory` (flag: a
//!   quality-control laboratory for the pesticides produced).
//! - **`pesticide-sale`**: `specialist`, `storage` ([premises](PREMISES): the pesticide store).
//! - **`pesticide-application`**: `specialist`, `storage` ([premises](PREMISES)), `methods`
//!   (list of `aerosol`, `fumigation`), `equipment` (flag: special equipment for those methods).
//! - **`grain-warehouse`**: `warehouse` (object: `capacity_tonnes` number, `owned` flag — held in
//!   ownership), `laboratory` (flag: a grain-quality laboratory).
//! - **`veterinary`**: `specialist` (the diploma is the veterinary education diploma),
//!   `premises` ([premises](PREMISES), `sanitary_conclusion` being the veterinary-sanitary one).
//!
//! The two shared objects:
//! - *specialist*: `full_name` (text), `education` (one of `higher`, `secondary-vocational`,
//!   `other`), `speciality` (one of `chemistry`, `agrochemistry`, `plant-protection`, `agronomy`,
//!   `veterinary-medicine`, `veterinary-sanitation`, `other`), `diploma_number` (text);
//! - *premises*: `area_m2` (number), `sanitary_conclusion` (flag).
//!
//! For example, a grain warehouse licence:
//!
//! ```json
//! { "applicant_name": "ТОО «Астық-Кокшетау»", "activity_region": "akmola",
//!   "activity_address": "г. Кокшетау, ул. Элеваторная, 5",
//!   "warehouse": { "capacity_tonnes": 12000, "owned": true }, "laboratory": true }
//! ```
//!
//! **Re-issue** (every service): `licence_number` (text: the licence held), `reason` (text: the
//! ground for re-issue, e.g. a change of name or a reorganisation), `applicant_name` (text,
//! optional: the name the re-issued licence carries).
//!
//! **Duplicate** (every service): `licence_number` (text), `applicant_name` (text, optional).

use crate::form::Form;
use crate::messages::{self, Text};
use crate::schema::{Field, Kind, check_fields};
use crate::service::{self, LicenceService};
use crate::types::{Application, Channel, Message, RequestKind};

/// Levels of education a specialist may declare.
pub const EDUCATION_LEVELS: &[&str] = &["higher", "secondary-vocational", "other"];

/// Specialities a specialist may declare (by diploma); the qualification check says which one
/// each service needs. `other` is well-formed and fails the qualification check.
pub const SPECIALITIES: &[&str] = &[
    "chemistry",
    "agrochemistry",
    "plant-protection",
    "agronomy",
    "veterinary-medicine",
    "veterinary-sanitation",
    "other",
];

/// Ways to apply pesticides the S3 licence covers.
pub const METHODS: &[&str] = &["aerosol", "fumigation"];

/// The region code the provider licenses activity in.
pub const AKMOLA: &str = "akmola";

/// The specialist the activity employs (object): `full_name` (text), `education` (one of
/// [`EDUCATION_LEVELS`]), `speciality` (one of [`SPECIALITIES`]), `diploma_number` (text).
pub const SPECIALIST: &[Field] = &[
    Field::required(
        "full_name",
        label(
            "Ф.И.О. специалиста",
            "Маманның Т.А.Ә.",
            "Specialist's full name",
        ),
        Kind::Text,
    ),
    Field::required(
        "education",
        label("Уровень образования", "Білім деңгейі", "Level of education"),
        Kind::OneOf(EDUCATION_LEVELS),
    ),
    Field::required(
        "speciality",
        label(
            "Специальность по диплому",
            "Диплом бойынша мамандығы",
            "Speciality by diploma",
        ),
        Kind::OneOf(SPECIALITIES),
    ),
    Field::required(
        "diploma_number",
        label("Номер диплома", "Дипломның нөмірі", "Diploma number"),
        Kind::Text,
    ),
];

/// Premises of the activity (object): `area_m2` (number), `sanitary_conclusion` (flag: a
/// sanitary-epidemiological conclusion that the premises meet the sanitary rules is held).
pub const PREMISES: &[Field] = &[
    Field::required(
        "area_m2",
        label("Площадь, м²", "Ауданы, м²", "Area, m²"),
        Kind::PositiveNumber,
    ),
    Field::required(
        "sanitary_conclusion",
        label(
            "Наличие санитарно-эпидемиологического заключения",
            "Санитариялық-эпидемиологиялық қорытындының болуы",
            "Sanitary-epidemiological conclusion held",
        ),
        Kind::Flag,
    ),
];

/// Veterinary premises: as [`PREMISES`], the conclusion being the veterinary-sanitary one.
const VETERINARY_PREMISES: &[Field] = &[
    PREMISES[0],
    Field::required(
        "sanitary_conclusion",
        label(
            "Наличие ветеринарно-санитарного заключения",
            "Ветеринариялық-санитариялық қорытындының болуы",
            "Veterinary-sanitary conclusion held",
        ),
        Kind::Flag,
    ),
];

/// The grain warehouse (object): `capacity_tonnes` (number), `owned` (flag).
const WAREHOUSE: &[Field] = &[
    Field::required(
        "capacity_tonnes",
        label(
            "Вместимость, тонн",
            "Сыйымдылығы, тонна",
            "Capacity, tonnes",
        ),
        Kind::PositiveNumber,
    ),
    Field::required(
        "owned",
        label(
            "Склад принадлежит потребителю на праве собственности",
            "Қойма көрсетілетін қызметті алушыға меншік құқығымен тиесілі",
            "Warehouse owned by the applicant",
        ),
        Kind::Flag,
    ),
];

const APPLICANT_NAME: Field = Field::required(
    "applicant_name",
    label(
        "Наименование или Ф.И.О. потребителя",
        "Көрсетілетін қызметті алушының атауы немесе Т.А.Ә.",
        "Applicant's name",
    ),
    Kind::Text,
);
const ACTIVITY_REGION: Field = Field::required(
    "activity_region",
    label(
        "Область осуществления деятельности",
        "Қызметті жүзеге асыру облысы",
        "Region of the activity",
    ),
    Kind::OneOf(&[AKMOLA]),
);
const ACTIVITY_ADDRESS: Field = Field::required(
    "activity_address",
    label(
        "Адрес места осуществления деятельности",
        "Қызметті жүзеге асыру орнының мекенжайы",
        "Address of the activity",
    ),
    Kind::Text,
);
const SPECIALIST_FIELD: Field = Field::required(
    "specialist",
    label("Специалист", "Маман", "Specialist"),
    Kind::Object(SPECIALIST),
);
const VETERINARY_SPECIALIST_FIELD: Field = Field::required(
    "specialist",
    label(
        "Специалист с ветеринарным образованием",
        "Ветеринариялық білімі бар маман",
        "Specialist with veterinary education",
    ),
    Kind::Object(SPECIALIST),
);
const PESTICIDE_STORAGE: Field = Field::required(
    "storage",
    label(
        "Склад для хранения пестицидов",
        "Пестицидтерді сақтауға арналған қойма",
        "Pesticide storage",
    ),
    Kind::Object(PREMISES),
);
const LICENCE_NUMBER: Field = Field::required(
    "licence_number",
    label("Номер лицензии", "Лицензияның нөмірі", "Licence number"),
    Kind::Text,
);
const REISSUE_REASON: Field = Field::required(
    "reason",
    label(
        "Основание переоформления",
        "Қайта ресімдеу негізі",
        "Ground for re-issue",
    ),
    Kind::Text,
);
const NEW_APPLICANT_NAME: Field = Field {
    required: false,
    ..APPLICANT_NAME
};

/// S1 issue form.
const PESTICIDE_PRODUCTION: &[Field] = &[
    APPLICANT_NAME,
    ACTIVITY_REGION,
    ACTIVITY_ADDRESS,
    SPECIALIST_FIELD,
    Field::required(
        "production_site",
        label(
            "Производственное помещение",
            "Өндірістік үй-жай",
            "Production premises",
        ),
        Kind::Object(PREMISES),
    ),
    Field::required(
        "laboratory",
        label(
            "Наличие лаборатории контроля качества",
            "Сапаны бақылау зертханасының болуы",
            "Quality-control laboratory held",
        ),
        Kind::Flag,
    ),
];

/// S2 issue form.
const PESTICIDE_SALE: &[Field] = &[
    APPLICANT_NAME,
    ACTIVITY_REGION,
    ACTIVITY_ADDRESS,
    SPECIALIST_FIELD,
    PESTICIDE_STORAGE,
];

/// S3 issue form.
const PESTICIDE_APPLICATION: &[Field] = &[
    APPLICANT_NAME,
    ACTIVITY_REGION,
    ACTIVITY_ADDRESS,
    SPECIALIST_FIELD,
    PESTICIDE_STORAGE,
    Field::required(
        "methods",
        label(
            "Способы применения",
            "Қолдану тәсілдері",
            "Application methods",
        ),
        Kind::ListOf(METHODS),
    ),
    Field::required(
        "equipment",
        label(
            "Наличие специальной техники",
            "Арнайы техниканың болуы",
            "Special equipment held",
        ),
        Kind::Flag,
    ),
];

/// S4 issue form.
const GRAIN_WAREHOUSE: &[Field] = &[
    APPLICANT_NAME,
    ACTIVITY_REGION,
    ACTIVITY_ADDRESS,
    Field::required(
        "warehouse",
        label("Зерновой склад", "Астық қоймасы", "Grain warehouse"),
        Kind::Object(WAREHOUSE),
    ),
    Field::required(
        "laboratory",
        label(
            "Наличие лаборатории по определению качества зерна",
            "Астық сапасын анықтау зертханасының болуы",
            "Grain-quality laboratory held",
        ),
        Kind::Flag,
    ),
];

/// S5 issue form.
const VETERINARY: &[Field] = &[
    APPLICANT_NAME,
    ACTIVITY_REGION,
    ACTIVITY_ADDRESS,
    VETERINARY_SPECIALIST_FIELD,
    Field::required(
        "premises",
        label(
            "Помещение для ветеринарной деятельности",
            "Ветеринариялық қызметке арналған үй-жай",
            "Premises for veterinary activity",
        ),
        Kind::Object(VETERINARY_PREMISES),
    ),
];

/// Re-issue form, every service.
const REISSUE: &[Field] = &[LICENCE_NUMBER, REISSUE_REASON, NEW_APPLICANT_NAME];

/// Duplicate form, every service.
const DUPLICATE: &[Field] = &[LICENCE_NUMBER, NEW_APPLICANT_NAME];

/// The fields of a service's form for a request kind; empty for a kind the act does not provide.
pub fn schema(service: LicenceService, kind: RequestKind) -> &'static [Field] {
    match kind {
        RequestKind::Issue => match service {
            LicenceService::PesticideProduction => PESTICIDE_PRODUCTION,
            LicenceService::PesticideSale => PESTICIDE_SALE,
            LicenceService::PesticideApplication => PESTICIDE_APPLICATION,
            LicenceService::GrainWarehouse => GRAIN_WAREHOUSE,
            LicenceService::Veterinary => VETERINARY,
        },
        RequestKind::Reissue => REISSUE,
        RequestKind::Duplicate => DUPLICATE,
        RequestKind::Preliminary | RequestKind::Main | RequestKind::Repeat => &[],
    }
}

/// `check-form`: whether an application can be filed. One message per problem; empty when the
/// form is acceptable. Besides the form's fields it turns back what the act does not provide: an
/// unknown service, a request kind other than issue / re-issue / duplicate, and the
/// service-centre channel. Whether the applicant kind is admitted (S4: legal entities only) is
/// left to the host's authorize step, which refuses it with `applicant-not-found` (DECISIONS 3).
pub fn check_form(app: &Application) -> Vec<Message> {
    let Some(service) = LicenceService::from_id(&app.service) else {
        return vec![messages::unknown_service(&app.service)];
    };
    let mut problems = Vec::new();
    if !service::provides(app.kind) {
        problems.push(messages::kind_not_provided(app.kind));
    }
    if app.channel == Channel::ServiceCenter {
        problems.push(messages::CHANNEL_NOT_PROVIDED.message());
    }
    match Form::parse(&app.form) {
        Ok(form) => check_fields(schema(service, app.kind), form.fields(), "", &mut problems),
        Err(error) => problems.push(error.message()),
    }
    problems
}

/// A field label.
const fn label(ru: &'static str, kk: &'static str, en: &'static str) -> Text {
    Text { ru, kk, en }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{application, issue_form};

    fn problems_en(service: &str, kind: RequestKind, form: &str) -> Vec<String> {
        check_form(&application(service, kind, form))
            .into_iter()
            .map(|m| m.en)
            .collect()
    }

    #[test]
    fn complete_issue_forms_are_acceptable() {
        for service in LicenceService::ALL {
            assert_eq!(
                problems_en(service.id(), RequestKind::Issue, &issue_form(service)),
                Vec::<String>::new(),
                "{service:?}"
            );
        }
    }

    #[test]
    fn reissue_needs_the_licence_and_a_reason_duplicate_the_licence() {
        assert_eq!(
            problems_en("veterinary", RequestKind::Reissue, "{}"),
            [
                "The field \"Licence number\" (licence_number) is missing.",
                "The field \"Ground for re-issue\" (reason) is missing.",
            ]
        );
        assert!(
            problems_en(
                "veterinary",
                RequestKind::Reissue,
                r#"{"licence_number":"12000345","reason":"смена наименования"}"#
            )
            .is_empty()
        );
        assert!(
            problems_en(
                "grain-warehouse",
                RequestKind::Duplicate,
                r#"{"licence_number":"12000345"}"#
            )
            .is_empty()
        );
    }

    #[test]
    fn every_problem_is_one_message_naming_its_field() {
        let form = r#"{"applicant_name":"","activity_region":"astana","activity_address":"Кокшетау",
                      "warehouse":{"capacity_tonnes":-1},"laboratory":"yes"}"#;
        assert_eq!(
            problems_en("grain-warehouse", RequestKind::Issue, form),
            [
                "The field \"Applicant's name\" (applicant_name) must be a non-empty text.",
                "The field \"Region of the activity\" (activity_region) must be one of: akmola.",
                "The field \"Capacity, tonnes\" (warehouse.capacity_tonnes) must be a positive number.",
                "The field \"Warehouse owned by the applicant\" (warehouse.owned) is missing.",
                "The field \"Grain-quality laboratory held\" (laboratory) must be true or false.",
            ]
        );
        let ru = check_form(&application("grain-warehouse", RequestKind::Issue, form));
        assert_eq!(
            ru[3].ru,
            "Не заполнено поле «Склад принадлежит потребителю на праве собственности» (warehouse.owned)."
        );
    }

    #[test]
    fn a_malformed_form_is_one_message_not_a_trap() {
        for form in [
            "",
            "{",
            "null",
            "[]",
            "\"text\"",
            "{\"a\":1e999999}",
            &"[".repeat(10_000),
        ] {
            let problems = check_form(&application("pesticide-sale", RequestKind::Issue, form));
            assert_eq!(problems.len(), 1, "{form:.20}");
        }
    }

    #[test]
    fn what_the_act_does_not_provide_is_turned_back() {
        let unknown = problems_en("emission-permit", RequestKind::Issue, "{}");
        assert_eq!(unknown.len(), 1);
        assert!(unknown[0].contains("emission-permit"));
        let kind = problems_en("veterinary", RequestKind::Main, "{}");
        assert_eq!(kind.len(), 1);
        assert!(kind[0].contains("\"main\""));
        let mut app = application(
            "veterinary",
            RequestKind::Duplicate,
            r#"{"licence_number":"1"}"#,
        );
        app.channel = Channel::ServiceCenter;
        assert_eq!(check_form(&app), [messages::CHANNEL_NOT_PROVIDED.message()]);
    }
}
