//! Refusal messages of act No. 194.
//!
//! **Kazakh** quotes the act (seed 004, the only language of the seed), with the PDF's
//! letter-spacing removed. **Russian** is the project's translation, in the wording of the Russian
//! e-service regulations of the same template (WKO No. 72 of 2013, seed 000). The service-centre
//! operator's login and EDS have no refusal in the text (spec §7 item 17): those two texts are the
//! project's in every language. **English** is the project's.

use reglament_ecology::text::Text;

/// Portal P2 (C1 failed).
pub const AUTH_REFUSED: Text = Text {
    ru: "Отказ в авторизации на ПЭП в связи с имеющимися нарушениями в данных получателя услуги.",
    kk: "Көрсетілетін қызметті алушы деректерінде бұзушылықтардың болуына байланысты ЭҮП авторландырудан бас тарту туралы хабарлама.",
    en: "Portal login refused because of violations in the applicant's data.",
};

/// Portal P5 (C2 failed).
pub const SIGNATURE_NOT_CONFIRMED: Text = Text {
    ru: "Отказ в запрашиваемой услуге в связи с не подтверждением подлинности ЭЦП получателя услуги.",
    kk: "Көрсетілетін қызметті алушының ЭЦҚ түпнұсқалығының расталмауына байланысты сұрау салынатын қызметтен бас тарту туралы хабарлама.",
    en: "The requested service is refused: the authenticity of the applicant's EDS was not confirmed.",
};

/// Portal P8 (C3 failed); the statement of every motivated refusal of the act.
pub const DATA_VIOLATIONS: Text = Text {
    ru: "Отказ в запрашиваемой услуге в связи с имеющимися нарушениями в данных получателя услуги в ИС ГБД «Е-лицензирование».",
    kk: "\"Е-лицензиялау\" АЖ МДҚ-дағы көрсетілетін қызметті алушының деректерінде бұзушылықтардың болуына байланысты сұрау салынған қызметтен бас тарту туралы хабарлама.",
    en: "The requested service is refused because of violations in the applicant's data in the E-licensing system.",
};

/// Provider P2 (C1 failed).
pub const EMPLOYEE_AUTH_REFUSED: Text = Text {
    ru: "Отказ в авторизации в ИС ГБД «Е-лицензирование» в связи с имеющимися нарушениями в данных сотрудника услугодателя.",
    kk: "\"Е-лицензиялау\" МДҚ АЖ-де Қызмет беруші қызметкерінің деректерінде бұзушылықтардың болуына байланысты авторландырудан бас тарту туралы хабарлама.",
    en: "Login to the E-licensing system refused because of violations in the provider employee's data.",
};

/// Provider P5 (C2 failed).
pub const APPLICANT_NOT_FOUND: Text = Text {
    ru: "Невозможно получить данные в связи с отсутствием данных получателя услуги в ГБД ФЛ, ГБД ЮЛ.",
    kk: "ЖТ МДҚ, ЗТ МДҚ көрсетілетін қызметті алушы деректерінің болмауымен байланысты деректерді алу мүмкін еместігі туралы хабарлама.",
    en: "The applicant's data cannot be obtained: the applicant is not in the state databases of individuals or legal entities.",
};

/// Service-centre P4 (C1 failed).
pub const CENTRE_APPLICANT_NOT_FOUND: Text = Text {
    ru: "Невозможно получить данные в связи с отсутствием данных получателя услуги в ГБД ФЛ/ГБД ЮЛ.",
    kk: "ЖТ МДҚ / ЗТ МДҚ-да көрсетілетін қызметті алушы деректерінің болмауына байланысты деректерді алу мүмкін еместігі туралы хабарлама.",
    en: "The applicant's data cannot be obtained: the applicant is not in the state databases of individuals or legal entities.",
};

/// Service-centre P8 (C2 failed).
pub const CENTRE_DATA_VIOLATIONS: Text = Text {
    ru: "Отказ в оказании запрашиваемой услуги в связи с имеющимися нарушениями в данных получателя услуги в ИС ГБД «Е-лицензирование».",
    kk: "\"Е-лицензиялау\" МДҚ АЖ-да көрсетілетін қызметті алушы деректерінде бұзушылықтардың болуымен байланысты сұрау салынатын қызметті көрсетуден бас тарту туралы хабарлама.",
    en: "The requested service is refused because of violations in the applicant's data in the E-licensing system.",
};

/// The service-centre operator's login refused: no text in the act (P1 has no failure branch);
/// the project's, in every language.
pub const OPERATOR_AUTH_REFUSED: Text = Text {
    ru: "Отказ в авторизации оператора Центра в АРМ ИС ЦОН.",
    kk: "Орталық операторын ХҚКО АЖ АЖО-да авторландырудан бас тарту.",
    en: "The service-centre operator's login was refused.",
};

/// The operator's EDS over the request did not pass: no text in the act (P5 has no failure
/// branch); the project's, in every language.
pub const OPERATOR_SIGNATURE_NOT_CONFIRMED: Text = Text {
    ru: "Отказ в связи с не подтверждением подлинности ЭЦП оператора Центра.",
    kk: "Орталық операторының ЭЦҚ түпнұсқалығының расталмауына байланысты бас тарту.",
    en: "Refused: the authenticity of the service-centre operator's EDS was not confirmed.",
};

/// The reason of a refusal given without one: condition C3 itself.
pub const REQUIREMENTS_NOT_MET: Text = Text {
    ru: "Получатель услуги не соответствует требованиям и основаниям для выдачи разрешения.",
    kk: "Көрсетілетін қызметті алушы рұқсат беру үшін талаптарға және негіздерге сәйкес келмейді.",
    en: "The applicant does not meet the requirements and grounds for issuing the permit.",
};
