//! The host's wording on a printed document: headings, line labels and request kinds in Russian
//! and Kazakh. What a regulation says (the service's name, the activity, a refusal's reasons) comes
//! from the rules' rendered content, never from here.

use reglament_core::identity::TaxpayerId;
use reglament_core::rules::ApplicantKind;

use crate::model::{Bilingual, ResultKind};

/// A fixed label in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    pub ru: &'static str,
    pub kk: &'static str,
}

impl Label {
    pub fn bilingual(&self) -> Bilingual {
        Bilingual::new(self.ru, self.kk)
    }
}

pub const HOLDER: Label = Label {
    ru: "Владелец",
    kk: "Иесі",
};
pub const REGISTRATION: Label = Label {
    ru: "Регистрационный номер заявления",
    kk: "Өтініштің тіркеу нөмірі",
};
pub const APPLICATION: Label = Label {
    ru: "Заявление",
    kk: "Өтініш",
};
pub const REQUEST_KIND: Label = Label {
    ru: "Вид обращения",
    kk: "Өтініш түрі",
};
pub const REFERS_TO: Label = Label {
    ru: "Относится к документу",
    kk: "Қатысты құжат",
};
pub const ACT: Label = Label {
    ru: "Регламент",
    kk: "Регламент",
};
pub const NUMBER: Label = Label {
    ru: "Номер",
    kk: "Нөмірі",
};
pub const ISSUED: Label = Label {
    ru: "Дата выдачи",
    kk: "Берілген күні",
};
pub const VERDICT: Label = Label {
    ru: "Вывод",
    kk: "Қорытынды",
};
pub const REASONS: Label = Label {
    ru: "Причины отказа",
    kk: "Бас тарту себептері",
};
pub const SIGNED: Label = Label {
    ru: "Электронный документ подписан ЭЦП уполномоченного лица услугодателя",
    kk: "Электрондық құжатқа көрсетілетін қызметті берушінің уәкілетті тұлғасының ЭЦҚ-сы қойылған",
};
pub const KEY: Label = Label {
    ru: "Ключ",
    kk: "Кілт",
};
pub const CONTENT_HASH: Label = Label {
    ru: "SHA-256 содержимого",
    kk: "Мазмұнның SHA-256",
};
pub const VERIFY: Label = Label {
    ru: "Проверить подлинность",
    kk: "Түпнұсқалығын тексеру",
};

/// The heading of each result kind.
pub fn heading(kind: ResultKind) -> Bilingual {
    match kind {
        ResultKind::Licence => Bilingual::new("ЛИЦЕНЗИЯ", "ЛИЦЕНЗИЯ"),
        ResultKind::Permit => Bilingual::new(
            "РАЗРЕШЕНИЕ НА ЭМИССИИ В ОКРУЖАЮЩУЮ СРЕДУ",
            "ҚОРШАҒАН ОРТАҒА ЭМИССИЯҒА РҰҚСАТ",
        ),
        ResultKind::Conclusion => Bilingual::new(
            "ЗАКЛЮЧЕНИЕ ГОСУДАРСТВЕННОЙ ЭКОЛОГИЧЕСКОЙ ЭКСПЕРТИЗЫ",
            "МЕМЛЕКЕТТІК ЭКОЛОГИЯЛЫҚ САРАПТАМАНЫҢ ҚОРЫТЫНДЫСЫ",
        ),
        ResultKind::Refusal => Bilingual::new("МОТИВИРОВАННЫЙ ОТКАЗ", "ДӘЛЕЛДІ БАС ТАРТУ"),
    }
}

/// A request kind (`wit` `request-kind`) in both languages.
pub fn request_kind(name: &str) -> Bilingual {
    match name {
        "issue" => Bilingual::new("выдача", "беру"),
        "reissue" => Bilingual::new("переоформление", "қайта ресімдеу"),
        "duplicate" => Bilingual::new("выдача дубликата", "телнұсқа беру"),
        "preliminary" => Bilingual::new("предварительная экспертиза", "алдын ала сараптама"),
        "main" => Bilingual::new("основная экспертиза", "негізгі сараптама"),
        "repeat" => Bilingual::new("повторная экспертиза", "қайталама сараптама"),
        other => Bilingual::same(other),
    }
}

/// "ИИН" for a person, "БИН" for a legal entity (as the number itself says).
pub fn id_kind(id: &str) -> &'static str {
    match TaxpayerId::parse(id).map(|id| id.kind()) {
        Ok(ApplicantKind::LegalEntity) => "БИН / БСН",
        _ => "ИИН / ЖСН",
    }
}

/// The label of a content key: known keys in both languages, others as the key reads.
pub fn field(key: &str) -> Bilingual {
    let last = key.rsplit('.').next().unwrap_or(key);
    let (ru, kk) = match last {
        "activity" => ("Вид деятельности", "Қызмет түрі"),
        "place_of_activity" => (
            "Место осуществления деятельности",
            "Қызметті жүзеге асыру орны",
        ),
        "methods" => ("Способы", "Тәсілдері"),
        "referenced_licence" => ("Лицензия, к которой относится", "Қатысты лицензия"),
        "process" => ("Процесс регламента", "Регламент процесі"),
        "category" => ("Категория объекта", "Объект санаты"),
        "object" | "facility" => ("Объект", "Объект"),
        "project" => ("Проект", "Жоба"),
        "address" | "location" => ("Местонахождение", "Орналасқан жері"),
        "valid_from" => ("Действительно с", "Жарамды мерзімі басталуы"),
        "valid_until" => ("Действительно по", "Жарамдылық мерзімі аяқталуы"),
        "conditions" => ("Условия природопользования", "Табиғат пайдалану шарттары"),
        "remarks" => ("Замечания", "Ескертулер"),
        "year" => ("Год", "Жыл"),
        "substance" => ("Вещество", "Зат"),
        "tonnes" => ("тонн", "тонна"),
        "limits" => ("Лимиты", "Лимиттер"),
        _ => {
            let plain = key.replace(['_', '.'], " ");
            return Bilingual::same(&plain);
        }
    };
    Bilingual::new(ru, kk)
}
