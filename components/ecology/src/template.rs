//! The routes of the 2013 e-service regulation template, which the acts of Almaty (No. 1/226),
//! West Kazakhstan (No. 72) and Atyrau (No. 194) share word for word (spec §2; DECISIONS 2):
//!
//! - **portal** (applicant): P1 → C1 (refused by P2) → P3 → P4 → C2 (refused by P5) → P6 → P7 →
//!   C3 (refused by P8) → P9: authorize [P1, C1] 10–15 s, signature-check [P4, C2, P6] 10–15 s,
//!   register [P7], qualification-check [C3], issue [P9];
//! - **provider** (employee; nobody signs): P1 → C1 (P2) → P3 → P4 → C2 (P5) → P6 → P7 → C3 (P8)
//!   → P9: authorize [P1, C1, P3, P4, C2] 10–15 s, register [P6, P7], qualification-check [C3],
//!   issue [P9];
//! - **service centre** (operator, who signs with EDS): P1 → P2 → P3 → C1 (P4) → P5 → P6 → P7 →
//!   C2 (P8) → P9: authorize [P1, P2, P3, C1] 30 s–1 min, signature-check [P5, P6] 30 s–1 min,
//!   register [P7], qualification-check [C2], issue [P9]. The operator's login (P1) and EDS
//!   (P5) have no failure branch in the text: the host checks them and refuses by P1 / P5.
//!
//! The limits of the register steps differ (Atyrau's tables are truncated before them) and so may
//! the refusal of registration (Almaty checks its document lists there): [`e_service_routes!`]
//! takes both. Each act's `messages` module names the refusal texts: `AUTH_REFUSED`,
//! `SIGNATURE_NOT_CONFIRMED`, `DATA_VIOLATIONS`, `EMPLOYEE_AUTH_REFUSED`, `APPLICANT_NOT_FOUND`,
//! `OPERATOR_AUTH_REFUSED`, `CENTRE_APPLICANT_NOT_FOUND`, `OPERATOR_SIGNATURE_NOT_CONFIRMED`,
//! `CENTRE_DATA_VIOLATIONS`.

/// Defines, in the module where it is called, the steps of the template's three routes —
/// `PORTAL`, `PROVIDER`, `SERVICE_CENTRE` — and the routes `ALL_CHANNELS` (the three) and
/// `PORTAL_AND_PROVIDER`, with the refusal texts of `crate::messages`:
///
/// ```ignore
/// reglament_ecology::e_service_routes!(register: SECONDS_90, centre_register: SECONDS_60,
///                                      register_refusals: &[]);
/// ```
// `crate::messages` is meant: the calling act's own refusal texts.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! e_service_routes {
    (register: $register:expr, centre_register: $centre:expr, register_refusals: $refusals:expr) => {
        use $crate::act::{Refusal, Route, SECONDS_10_15, SECONDS_30_60, StepRule};
        use $crate::types::{Channel, RefusalCode, Step};

        const ISSUE: StepRule = StepRule {
            step: Step::Issue,
            processes: &["P9"],
            limit: None,
            refusals: &[],
        };

        const CHECK: StepRule = StepRule {
            step: Step::QualificationCheck,
            processes: &["C3"],
            limit: None,
            refusals: &[Refusal {
                code: RefusalCode::Refused,
                process: "P8",
                message: crate::messages::DATA_VIOLATIONS,
            }],
        };

        /// The applicant on the portal.
        pub const PORTAL: &[StepRule] = &[
            StepRule {
                step: Step::Authorize,
                processes: &["P1", "C1"],
                limit: SECONDS_10_15,
                refusals: &[Refusal {
                    code: RefusalCode::AuthRefused,
                    process: "P2",
                    message: crate::messages::AUTH_REFUSED,
                }],
            },
            StepRule {
                step: Step::SignatureCheck,
                processes: &["P4", "C2", "P6"],
                limit: SECONDS_10_15,
                refusals: &[Refusal {
                    code: RefusalCode::SignatureInvalid,
                    process: "P5",
                    message: crate::messages::SIGNATURE_NOT_CONFIRMED,
                }],
            },
            StepRule {
                step: Step::Register,
                processes: &["P7"],
                limit: $register,
                refusals: $refusals,
            },
            CHECK,
            ISSUE,
        ];

        /// A provider employee for an applicant with paper documents; nobody signs.
        pub const PROVIDER: &[StepRule] = &[
            StepRule {
                step: Step::Authorize,
                processes: &["P1", "C1", "P3", "P4", "C2"],
                limit: SECONDS_10_15,
                refusals: &[
                    Refusal {
                        code: RefusalCode::AuthRefused,
                        process: "P2",
                        message: crate::messages::EMPLOYEE_AUTH_REFUSED,
                    },
                    Refusal {
                        code: RefusalCode::ApplicantNotFound,
                        process: "P5",
                        message: crate::messages::APPLICANT_NOT_FOUND,
                    },
                ],
            },
            StepRule {
                step: Step::Register,
                processes: &["P6", "P7"],
                limit: $register,
                refusals: $refusals,
            },
            CHECK,
            ISSUE,
        ];

        /// A service-centre operator, who signs the request with the operator's own EDS.
        pub const SERVICE_CENTRE: &[StepRule] = &[
            StepRule {
                step: Step::Authorize,
                processes: &["P1", "P2", "P3", "C1"],
                limit: SECONDS_30_60,
                refusals: &[
                    Refusal {
                        code: RefusalCode::AuthRefused,
                        process: "P1",
                        message: crate::messages::OPERATOR_AUTH_REFUSED,
                    },
                    Refusal {
                        code: RefusalCode::ApplicantNotFound,
                        process: "P4",
                        message: crate::messages::CENTRE_APPLICANT_NOT_FOUND,
                    },
                ],
            },
            StepRule {
                step: Step::SignatureCheck,
                processes: &["P5", "P6"],
                limit: SECONDS_30_60,
                refusals: &[Refusal {
                    code: RefusalCode::SignatureInvalid,
                    process: "P5",
                    message: crate::messages::OPERATOR_SIGNATURE_NOT_CONFIRMED,
                }],
            },
            StepRule {
                step: Step::Register,
                processes: &["P7"],
                limit: $centre,
                refusals: $refusals,
            },
            StepRule {
                step: Step::QualificationCheck,
                processes: &["C2"],
                limit: None,
                refusals: &[Refusal {
                    code: RefusalCode::Refused,
                    process: "P8",
                    message: crate::messages::CENTRE_DATA_VIOLATIONS,
                }],
            },
            ISSUE,
        ];

        /// Portal, provider and service centre.
        pub const ALL_CHANNELS: &[Route] = &[
            Route {
                channel: Channel::Portal,
                steps: PORTAL,
            },
            Route {
                channel: Channel::Provider,
                steps: PROVIDER,
            },
            Route {
                channel: Channel::ServiceCenter,
                steps: SERVICE_CENTRE,
            },
        ];

        /// Portal and provider (no service centre).
        pub const PORTAL_AND_PROVIDER: &[Route] = &[
            Route {
                channel: Channel::Portal,
                steps: PORTAL,
            },
            Route {
                channel: Channel::Provider,
                steps: PROVIDER,
            },
        ];
    };
}
