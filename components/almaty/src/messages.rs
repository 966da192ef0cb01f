//! Refusal messages of act No. 1/226.
//!
//! **Russian** quotes the act (seed 002, para 18–19 of each regulation and the para 16 refusal
//! grounds), with the PDF's letter-spacing removed. **Kazakh**: the act has no Kazakh text in the
//! seeds; the Kazakh texts are the project's translation in the official wording of the Kazakh
//! regulations of the same period (seeds 003, 004). The service-centre channel has no e-flow in
//! the act (spec §2.8): its operator texts are the project's in every language. **English** is
//! the project's.

use reglament_ecology::text::Text;

/// Portal P2 (C1 failed).
pub const AUTH_REFUSED: Text = Text {
    ru: "Отказ в авторизации в связи с имеющимися нарушениями в данных потребителя.",
    kk: "Көрсетілетін қызметті алушы деректерінде бұзушылықтардың болуына байланысты ЭҮП авторландырудан бас тарту туралы хабарлама.",
    en: "Login refused because of violations in the applicant's data.",
};

/// Portal P5 (C2 failed).
pub const SIGNATURE_NOT_CONFIRMED: Text = Text {
    ru: "Отказ в запрашиваемой услуге в связи с не подтверждением подлинности ЭЦП потребителя.",
    kk: "Көрсетілетін қызметті алушының ЭЦҚ түпнұсқалығының расталмауына байланысты сұрау салынатын қызметтен бас тарту туралы хабарлама.",
    en: "The requested service is refused: the authenticity of the applicant's EDS was not confirmed.",
};

/// P8 (C3 failed); the statement of every motivated refusal of the act.
pub const DATA_VIOLATIONS: Text = Text {
    ru: "Отказ в запрашиваемой услуге в связи с имеющимися нарушениями в данных потребителя в ИС ГБД «Е-лицензирование».",
    kk: "\"Е-лицензиялау\" АЖ МДҚ-дағы көрсетілетін қызметті алушының деректерінде бұзушылықтардың болуына байланысты сұрау салынған қызметтен бас тарту туралы хабарлама.",
    en: "The requested service is refused because of violations in the applicant's data in the E-licensing system.",
};

/// Provider P2 (C1 failed).
pub const EMPLOYEE_AUTH_REFUSED: Text = Text {
    ru: "Отказ в авторизации в связи с имеющимися нарушениями в данных сотрудника услугодателя.",
    kk: "\"Е-лицензиялау\" МДҚ АЖ-де Қызмет беруші қызметкерінің деректерінде бұзушылықтардың болуына байланысты авторландырудан бас тарту туралы хабарлама.",
    en: "Login refused because of violations in the provider employee's data.",
};

/// Provider P5 (C2 failed).
pub const APPLICANT_NOT_FOUND: Text = Text {
    ru: "Невозможно получить данные в связи с отсутствием данных потребителя в ГБД ФЛ, ГБД ЮЛ.",
    kk: "ЖТ МДҚ, ЗТ МДҚ көрсетілетін қызметті алушы деректерінің болмауымен байланысты деректерді алу мүмкін еместігі туралы хабарлама.",
    en: "The applicant's data cannot be obtained: the applicant is not in the state databases of individuals or legal entities.",
};

/// Emissions para 16 (1): the refusal for incomplete materials, given at registration.
pub const EMISSIONS_INCOMPLETE: Text = Text {
    ru: "Неполнота и недостоверность материалов, представленных для получения разрешения.",
    kk: "Рұқсат алу үшін ұсынылған материалдардың толық еместігі және дұрыс еместігі.",
    en: "The materials submitted for the permit are incomplete or unreliable.",
};

/// Expertise para 16 (1): the refusal for documents missing, given at registration.
pub const EXPERTISE_INCOMPLETE: Text = Text {
    ru: "Не представлены все документы, требуемые в соответствии с пунктом 11 настоящего регламента.",
    kk: "Осы регламенттің 11-тармағына сәйкес талап етілетін барлық құжаттар ұсынылмаған.",
    en: "Not all documents required by para 11 of the regulation were submitted.",
};

/// The service centre's motivated refusal: the same text as P8.
pub const CENTRE_DATA_VIOLATIONS: Text = DATA_VIOLATIONS;

/// The service-centre operator's login refused: no e-flow in the act; the project's.
pub const OPERATOR_AUTH_REFUSED: Text = Text {
    ru: "Отказ в авторизации оператора Центра в ИС ЦОН.",
    kk: "Орталық операторын ХҚКО АЖ-да авторландырудан бас тарту.",
    en: "The service-centre operator's login was refused.",
};

/// The applicant missing from the registries at the service centre: the provider's P5 wording.
pub const CENTRE_APPLICANT_NOT_FOUND: Text = APPLICANT_NOT_FOUND;

/// The CON employee's EDS over the e-document (para 11) did not pass: no text; the project's.
pub const OPERATOR_SIGNATURE_NOT_CONFIRMED: Text = Text {
    ru: "Отказ в связи с не подтверждением подлинности ЭЦП работника Центра.",
    kk: "Орталық қызметкерінің ЭЦҚ түпнұсқалығының расталмауына байланысты бас тарту.",
    en: "Refused: the authenticity of the service-centre employee's EDS was not confirmed.",
};

/// The reason of a refusal given without one: condition C3 ("требованиям Стандарта и
/// основаниям для выдачи разрешения").
pub const REQUIREMENTS_NOT_MET: Text = Text {
    ru: "Потребитель не соответствует требованиям Стандарта и основаниям для выдачи разрешения.",
    kk: "Көрсетілетін қызметті алушы Стандарт талаптарына және рұқсат беру негіздеріне сәйкес келмейді.",
    en: "The applicant does not meet the requirements of the Standard and the grounds for issuing the permit.",
};
