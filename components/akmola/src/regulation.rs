//! The act this component carries: Akmola akimat resolution А-11/464 of 28.09.2012, registered by
//! the Justice Department of Akmola region on 05.11.2012 (No. 3481) and repealed by resolution
//! А-5/225 of 03.06.2013. It approves five e-service regulations, one per licence service.

use crate::messages::Text;
use crate::routes;
use crate::service::{self, LicenceService};
use crate::types::{Application, Regulation, Service, Term, Unit};

/// The region this component is published for.
pub const REGION: &str = "akmola";

/// The approving act.
pub const ACT: Text = Text {
    ru: "Постановление акимата Акмолинской области от 28 сентября 2012 года № А-11/464 «Об \
         утверждении регламентов электронных государственных услуг»",
    kk: "Ақмола облысы әкімдігінің 2012 жылғы 28 қыркүйектегі № А-11/464 «Электрондық \
         мемлекеттік қызметтер регламенттерін бекіту туралы» қаулысы",
    en: "Akmola akimat resolution А-11/464 of 28.09.2012 \"On approval of regulations of \
         electronic state services\"",
};

/// First day in force: the day of state registration (item 3 of the resolution). The date of
/// official publication is not in the seed (spec §8 item 34).
pub const IN_FORCE_FROM: &str = "2012-11-05";

/// Last day in force: the date of the repealing resolution А-5/225.
pub const IN_FORCE_UNTIL: &str = "2013-06-03";

/// Akmola region's time zone, for working days and deadlines.
pub const TIME_ZONE: &str = "Asia/Almaty";

/// The service provider (услугодатель) of all five services (§1), veterinary included.
pub const PROVIDER: Text = Text {
    ru: "ГУ «Управление сельского хозяйства Акмолинской области»",
    kk: "«Ақмола облысының ауыл шаруашылығы басқармасы» ММ",
    en: "State institution \"Agriculture Department of Akmola Region\"",
};

/// The overall term of every service and kind, counted from registration: the "15 рабочих дней"
/// of portal P9 / provider P7 (DECISIONS 8). The act gives re-issue and duplicate no other term.
pub const SERVICE_TERM: Term = Term {
    amount: 15,
    unit: Unit::WorkingDays,
};

/// The regulation as the host sees it.
pub fn regulation() -> Regulation {
    Regulation {
        region: REGION.to_owned(),
        act: ACT.message(),
        in_force_from: IN_FORCE_FROM.to_owned(),
        in_force_until: Some(IN_FORCE_UNTIL.to_owned()),
        time_zone: TIME_ZONE.to_owned(),
        provider: PROVIDER.message(),
        services: LicenceService::ALL.into_iter().map(service).collect(),
    }
}

/// The term of an application: the same 15 working days whatever its service and kind.
pub fn term(_app: &Application) -> Term {
    SERVICE_TERM
}

/// One service as the host sees it.
fn service(licence: LicenceService) -> Service {
    Service {
        id: licence.id().to_owned(),
        title: licence.title().message(),
        result: service::RESULT.to_owned(),
        kinds: service::KINDS.to_vec(),
        applicants: licence.applicants(),
        categories: Vec::new(),
        routes: routes::routes(licence),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{ApplicantKind, Channel, RequestKind};

    #[test]
    fn regulation_names_the_act_dates_and_five_services() {
        let regulation = regulation();
        assert_eq!(regulation.region, "akmola");
        assert_eq!(regulation.in_force_from, "2012-11-05");
        assert_eq!(regulation.in_force_until.as_deref(), Some("2013-06-03"));
        assert_eq!(regulation.time_zone, "Asia/Almaty");
        assert!(regulation.act.ru.contains("А-11/464"));
        assert!(
            regulation
                .provider
                .ru
                .contains("Управление сельского хозяйства")
        );
        assert_eq!(regulation.services.len(), 5);
        for service in &regulation.services {
            assert_eq!(service.result, "licence");
            assert_eq!(
                service.kinds,
                [
                    RequestKind::Issue,
                    RequestKind::Reissue,
                    RequestKind::Duplicate
                ]
            );
            assert!(service.categories.is_empty());
            let channels: Vec<_> = service.routes.iter().map(|r| r.channel).collect();
            assert_eq!(channels, [Channel::Portal, Channel::Provider]);
        }
        let grain = regulation
            .services
            .iter()
            .find(|s| s.id == "grain-warehouse");
        assert_eq!(
            grain.map(|s| s.applicants.clone()),
            Some(vec![ApplicantKind::LegalEntity])
        );
    }
}
