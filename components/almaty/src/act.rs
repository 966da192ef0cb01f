//! Act No. 1/226 as data: the emission permit (portal para 18, provider para 19, and the service
//! centre of para 1, 11, 13–15) and the SEE conclusion (portal para 18, provider para 19), with
//! the process ids of the text and the Annex 6 / Annex 5 limits (spec §2.6–§2.10).
//!
//! Decisions (DECISIONS 2, 6, 8; spec §7):
//! - Registration (P7) checks the para 11 documents ([`crate::documents`]): a missing one is the
//!   `incomplete` motivated refusal P8 on the para 16 (1) ground.
//! - The provider's check C3 is one review by a provider employee.
//! - Terms from registration: emissions — the permit or its re-issue 1 month, a motivated
//!   refusal 15 calendar days (the review is due by then: after it only the permit can be on
//!   time); expertise — preliminary 5 working days, main 1 month, repeat 10 working days.
//! - **Assumption**: the service-centre channel of emissions has no e-flow in the act (spec
//!   §2.8, §7 item 18); it reuses the WKO emissions service-centre flow (the CON operator
//!   scans, signs with EDS and sends through ShEP), with that flow's process ids. Expertise has no
//!   service centre.
//! - At the service centre (para 8(5), 8(6)) the day of acceptance is not counted in the term,
//!   and the provider hands the result to the centre one day before the term ends: the
//!   applicant's deadline is a day later than on the other channels, the provider's steps are due
//!   a day before it ([`SERVICE_CENTRE_TERM`]).

use reglament_ecology::act::{
    Act, CATEGORIES, ECOLOGICAL_EXPERTISE, EMISSION_PERMIT, EVERYONE, Outcome, Service,
    ServiceCentreTerm, term,
};
use reglament_ecology::text::Text;
use reglament_ecology::types::{Application, RequestKind, Term, Unit};

use crate::messages::{DATA_VIOLATIONS, REQUIREMENTS_NOT_MET};

/// The emissions routes: the template's (para 18 portal, para 19 provider, the service centre on
/// the WKO flow); registration "1,5 мин" (the centre's "1 мин") refuses incomplete materials.
pub mod emissions {
    use reglament_ecology::act::{SECONDS_60, SECONDS_90};
    reglament_ecology::e_service_routes!(
        register: SECONDS_90,
        centre_register: SECONDS_60,
        register_refusals: &[Refusal {
            code: RefusalCode::Incomplete,
            process: "P8",
            message: crate::messages::EMISSIONS_INCOMPLETE,
        }]
    );
}

/// The expertise routes: the template's portal and provider; registration refuses a request
/// without every para 11 document.
pub mod expertise {
    use reglament_ecology::act::{SECONDS_60, SECONDS_90};
    reglament_ecology::e_service_routes!(
        register: SECONDS_90,
        centre_register: SECONDS_60,
        register_refusals: &[Refusal {
            code: RefusalCode::Incomplete,
            process: "P8",
            message: crate::messages::EXPERTISE_INCOMPLETE,
        }]
    );
}

/// The overall term from registration (para 8; A9).
pub fn service_term(app: &Application) -> Term {
    match app.kind {
        RequestKind::Preliminary => term(5, Unit::WorkingDays),
        RequestKind::Repeat => term(10, Unit::WorkingDays),
        _ => term(1, Unit::Months),
    }
}

/// The emissions refusal term: "мотивированный отказ – не более 15 календарных дней" (A9). The
/// review of emissions is due by then; expertise has no refusal term.
pub fn refusal_term(app: &Application) -> Option<Term> {
    (app.service == "emission-permit").then_some(term(15, Unit::CalendarDays))
}

/// Para 8(5): "в Центре день приема не входит в срок оказания государственной услуги"; para
/// 8(6): "услугодатель орган представляет результат оказания государственной услуги в Центры за
/// день до окончания срока оказания государственной услуги".
pub const SERVICE_CENTRE_TERM: ServiceCentreTerm = ServiceCentreTerm {
    skip_acceptance_day: true,
    hand_over_before: Some(term(1, Unit::CalendarDays)),
};

/// The act.
pub static ALMATY: Act = Act {
    region: "almaty",
    act: Text {
        ru: "Постановление акимата города Алматы от 26 марта 2013 года № 1/226 «Об утверждении \
             регламентов электронных государственных услуг в сфере охраны окружающей среды, \
             оказываемых в городе Алматы» (с изменениями от 05.12.2013 № 4/1047)",
        kk: "Алматы қаласы әкімдігінің 2013 жылғы 26 наурыздағы № 1/226 «Алматы қаласында \
             көрсетілетін қоршаған ортаны қорғау саласындағы электрондық мемлекеттік қызметтер \
             регламенттерін бекіту туралы» қаулысы (2013 жылғы 05.12. № 4/1047 өзгерістерімен)",
        en: "Almaty akimat resolution No. 1/226 of 26.03.2013 on the e-service regulations in \
             environmental protection provided in Almaty (as amended by No. 4/1047 of 05.12.2013)",
    },
    // From state registration (23.04.2013) until the repealing resolution No. 3/553.
    in_force_from: "2013-04-23",
    in_force_until: Some("2014-07-08"),
    time_zone: "Asia/Almaty",
    provider: Text {
        ru: "КГУ «Управление природных ресурсов и регулирования природопользования города \
             Алматы»",
        kk: "«Алматы қаласының табиғи ресурстар және табиғат пайдалануды реттеу басқармасы» КММ",
        en: "Communal state institution \"Department of Natural Resources and Nature-Use \
             Regulation of Almaty\"",
    },
    services: &[
        Service {
            id: "emission-permit",
            title: EMISSION_PERMIT,
            outcome: Outcome::Permit,
            kinds: &[RequestKind::Issue, RequestKind::Reissue],
            applicants: EVERYONE,
            categories: CATEGORIES,
            routes: emissions::ALL_CHANNELS,
        },
        Service {
            id: "ecological-expertise",
            title: ECOLOGICAL_EXPERTISE,
            outcome: Outcome::Conclusion,
            kinds: &[
                RequestKind::Preliminary,
                RequestKind::Main,
                RequestKind::Repeat,
            ],
            applicants: EVERYONE,
            categories: CATEGORIES,
            routes: expertise::PORTAL_AND_PROVIDER,
        },
    ],
    term: service_term,
    decide: reglament_ecology::review::decide,
    review_limit: refusal_term,
    documents: Some(crate::documents::required),
    refusal_statement: DATA_VIOLATIONS,
    requirements_not_met: REQUIREMENTS_NOT_MET,
    service_centre_term: Some(SERVICE_CENTRE_TERM),
};

#[cfg(test)]
mod tests {
    use super::*;
    use reglament_ecology::types::{Channel, Decision, RefusalCode, Step};

    fn app(service: &str, kind: RequestKind) -> Application {
        reglament_ecology::act::sample_application(service, kind, "II")
    }

    #[test]
    fn terms_per_kind_and_the_fifteen_day_refusal_term_of_emissions() {
        let unit = |s: &str, k| {
            let t = ALMATY.term(&app(s, k));
            (t.amount, t.unit)
        };
        assert_eq!(
            unit("emission-permit", RequestKind::Reissue),
            (1, Unit::Months)
        );
        assert_eq!(
            unit("ecological-expertise", RequestKind::Preliminary),
            (5, Unit::WorkingDays)
        );
        assert_eq!(
            unit("ecological-expertise", RequestKind::Main),
            (1, Unit::Months)
        );
        assert_eq!(
            unit("ecological-expertise", RequestKind::Repeat),
            (10, Unit::WorkingDays)
        );
        let Decision::Review(tasks) =
            ALMATY.decide(&app("emission-permit", RequestKind::Issue), &[])
        else {
            panic!("a review")
        };
        assert_eq!(tasks[0].limit, Some(term(15, Unit::CalendarDays)));
        let Decision::Review(tasks) =
            ALMATY.decide(&app("ecological-expertise", RequestKind::Main), &[])
        else {
            panic!("a review")
        };
        assert_eq!(tasks[0].limit, None);
        assert_eq!(tasks[0].outcomes, ["agreed", "not-agreed", "refuse"]);
    }

    #[test]
    fn the_service_centre_is_for_emissions_only_and_registration_can_refuse() {
        let regulation = ALMATY.regulation();
        let channels: Vec<Vec<Channel>> = regulation
            .services
            .iter()
            .map(|s| s.routes.iter().map(|r| r.channel).collect())
            .collect();
        assert_eq!(
            channels,
            [
                vec![Channel::Portal, Channel::Provider, Channel::ServiceCenter],
                vec![Channel::Portal, Channel::Provider]
            ]
        );
        for service in &regulation.services {
            for route in &service.routes {
                let register = route
                    .steps
                    .iter()
                    .find(|s| s.step == Step::Register)
                    .unwrap();
                assert_eq!(register.refusals[0].code, RefusalCode::Incomplete);
                assert_eq!(register.refusals[0].process, "P8");
                // Para 8(5), 8(6): only the service centre counts the term differently.
                let centre = route.channel == Channel::ServiceCenter;
                assert_eq!(route.skip_acceptance_day, centre);
                assert_eq!(
                    route.hand_over_before,
                    centre.then_some(term(1, Unit::CalendarDays))
                );
            }
        }
    }
}
