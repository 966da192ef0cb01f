//! Refusal messages of act No. 72.
//!
//! **Russian** quotes the act (seed 000, §6–§8 of each regulation and the Annex 1 tables).
//! **Kazakh**: the act has no Kazakh text in the seeds; the Kazakh texts are the project's
//! translation in the official wording of Atyrau's Kazakh regulation of the same template (seed
//! 004). The service-centre operator's login and EDS have no refusal in the text (spec §7 item
//! 8): those two texts are the project's in every language. **English** is the project's.

use reglament_ecology::text::Text;

/// Portal P2 (C1 failed).
pub const AUTH_REFUSED: Text = Text {
    ru: "Отказ в авторизации в связи с имеющимися нарушениями в данных получателя.",
    kk: "Көрсетілетін қызметті алушы деректерінде бұзушылықтардың болуына байланысты ЭҮП авторландырудан бас тарту туралы хабарлама.",
    en: "Login refused because of violations in the applicant's data.",
};

/// Portal P5 (C2 failed).
pub const SIGNATURE_NOT_CONFIRMED: Text = Text {
    ru: "Отказ в запрашиваемой услуге в связи с не подтверждением подлинности ЭЦП получателя.",
    kk: "Көрсетілетін қызметті алушының ЭЦҚ түпнұсқалығының расталмауына байланысты сұрау салынатын қызметтен бас тарту туралы хабарлама.",
    en: "The requested service is refused: the authenticity of the applicant's EDS was not confirmed.",
};

/// Portal and provider P8 (C3 failed); the statement of every motivated refusal of the act.
pub const DATA_VIOLATIONS: Text = Text {
    ru: "Отказ в запрашиваемой услуге в связи с имеющимися нарушениями в данных получателя в ИС ГБД \"Е-лицензирование\".",
    kk: "\"Е-лицензиялау\" АЖ МДҚ-дағы көрсетілетін қызметті алушының деректерінде бұзушылықтардың болуына байланысты сұрау салынған қызметтен бас тарту туралы хабарлама.",
    en: "The requested service is refused because of violations in the applicant's data in the E-licensing system.",
};

/// Provider P2 (C1 failed).
pub const EMPLOYEE_AUTH_REFUSED: Text = Text {
    ru: "Отказ в авторизации в связи с имеющимися нарушениями в данных сотрудника услугодателя.",
    kk: "\"Е-лицензиялау\" МДҚ АЖ-де Қызмет беруші қызметкерінің деректерінде бұзушылықтардың болуына байланысты авторландырудан бас тарту туралы хабарлама.",
    en: "Login refused because of violations in the provider employee's data.",
};

/// Provider P5 and service-centre P4 (the registry lookup failed).
pub const APPLICANT_NOT_FOUND: Text = Text {
    ru: "Невозможно получить данные в связи с отсутствием данных получателя в ГБД ФЛ/ГБД ЮЛ.",
    kk: "ЖТ МДҚ / ЗТ МДҚ-да көрсетілетін қызметті алушы деректерінің болмауына байланысты деректерді алу мүмкін еместігі туралы хабарлама.",
    en: "The applicant's data cannot be obtained: the applicant is not in the state databases of individuals or legal entities.",
};

/// Service-centre P4: the same text as the provider's P5.
pub const CENTRE_APPLICANT_NOT_FOUND: Text = APPLICANT_NOT_FOUND;

/// Service-centre P8 (C2 failed), as Annex 1 Table 3 words it: a motivated refusal.
pub const CENTRE_DATA_VIOLATIONS: Text = Text {
    ru: "Отказ в услуге в связи с имеющимися нарушениями в документах получателя.",
    kk: "Көрсетілетін қызметті алушының құжаттарында бұзушылықтардың болуына байланысты қызметтен бас тарту.",
    en: "The service is refused because of violations in the applicant's documents.",
};

/// The service-centre operator's login refused: no text in the act; the project's.
pub const OPERATOR_AUTH_REFUSED: Text = Text {
    ru: "Отказ в авторизации оператора Центра в ИС ЦОН.",
    kk: "Орталық операторын ХҚКО АЖ-да авторландырудан бас тарту.",
    en: "The service-centre operator's login was refused.",
};

/// The operator's EDS did not pass: no text in the act (P5 has no failure branch); the project's.
pub const OPERATOR_SIGNATURE_NOT_CONFIRMED: Text = Text {
    ru: "Отказ в связи с не подтверждением подлинности ЭЦП оператора Центра.",
    kk: "Орталық операторының ЭЦҚ түпнұсқалығының расталмауына байланысты бас тарту.",
    en: "Refused: the authenticity of the service-centre operator's EDS was not confirmed.",
};

/// The reason of a refusal given without one: condition C3 of the permit.
pub const PERMIT_REQUIREMENTS_NOT_MET: Text = Text {
    ru: "Получатель не соответствует квалификационным требованиям и основаниям для выдачи разрешения.",
    kk: "Көрсетілетін қызметті алушы біліктілік талаптарына және рұқсат беру негіздеріне сәйкес келмейді.",
    en: "The applicant does not meet the qualification requirements and grounds for issuing the permit.",
};
