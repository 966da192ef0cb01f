//! `authorize`: who filed may file, and the applicant is who the service admits.
//!
//! Portal (C1): the portal account that filed must be active and be the applicant's own
//! (login = IIN/BIN); otherwise `auth-refused` (P2). Provider and service-centre channels: the
//! filing employee or operator must be active staff of the region (C1), and the applicant must be
//! in the state registry of individuals or legal entities (C2); otherwise `applicant-not-found`
//! (P5). A service for legal entities only refuses an individual with `applicant-not-found`
//! (DECISIONS 3).

use chrono::{DateTime, Utc};
use tracing::instrument;

use crate::account::{self, Account, Role};
use crate::application::Application;
use crate::context::Context;
use crate::error::StepError;
use crate::population;
use crate::refusal::{Refusal, message};
use crate::rules::{ApplicantKind, Channel, RefusalCode, RegionRules, Step};
use crate::steps::{pass, refusal_rule, refuse, rule_of};
use crate::transition::Transition;

#[instrument(level = "debug", skip_all, fields(application = %app.id))]
pub async fn run(
    ctx: &Context,
    app: &Application,
    rules: &dyn RegionRules,
    now: DateTime<Utc>,
) -> Result<Transition, StepError> {
    let filer = account::load(ctx.store.as_ref(), &app.filing.filed_by).await?;
    let registry = if app.filing.channel == Channel::Portal {
        None
    } else {
        population::lookup(ctx.store.as_ref(), &app.filing.applicant).await?
    };
    let rule = rule_of(app, rules, Step::Authorize)?;
    match check(app, rules, filer.as_ref(), registry.as_ref()) {
        Ok(()) => {
            let mut t = pass(ctx, app, rules, Step::Authorize, now)?;
            t.actor = app.filing.filed_by.clone();
            if let Some(entry) = registry {
                t.detail = serde_json::json!({ "registry": entry });
            }
            Ok(t)
        }
        Err((code, reason)) => {
            let refusal = Refusal::from_rule(refusal_rule(rule, code)?, vec![reason]);
            let mut t = refuse(app, rules, Step::Authorize, refusal, now)?;
            t.actor = app.filing.filed_by.clone();
            Ok(t)
        }
    }
}

type Failure = (RefusalCode, crate::rules::Message);

/// The checks of C1 and C2, in the regulation's order.
fn check(
    app: &Application,
    rules: &dyn RegionRules,
    filer: Option<&Account>,
    registry: Option<&population::RegistryEntry>,
) -> Result<(), Failure> {
    let filing = &app.filing;
    let Some(filer) = filer.filter(|a| a.active) else {
        return Err((
            RefusalCode::AuthRefused,
            message(
                format!(
                    "Учётная запись {} не найдена или заблокирована",
                    filing.filed_by
                ),
                format!(
                    "{} тіркелгісі табылмады немесе бұғатталған",
                    filing.filed_by
                ),
                format!("account {} does not exist or is blocked", filing.filed_by),
            ),
        ));
    };
    match filing.channel {
        Channel::Portal => {
            if !filer.is_applicant() || filer.taxpayer_id.as_deref() != Some(&filing.applicant) {
                return Err((
                    RefusalCode::AuthRefused,
                    message(
                        format!(
                            "ИИН/БИН заявителя {} не совпадает с логином {}",
                            filing.applicant, filer.login
                        ),
                        format!(
                            "Өтініш берушінің ЖСН/БСН {} логинмен {} сәйкес келмейді",
                            filing.applicant, filer.login
                        ),
                        format!(
                            "the applicant's IIN/BIN {} is not the login {}",
                            filing.applicant, filer.login
                        ),
                    ),
                ));
            }
        }
        Channel::Provider | Channel::ServiceCenter => {
            let role_ok = match filing.channel {
                Channel::Provider => filer.is_staff_of(&filing.region),
                _ => {
                    filer.has_role(Role::Operator)
                        && filer.region.as_deref() == Some(&filing.region)
                }
            };
            if !role_ok {
                return Err((
                    RefusalCode::AuthRefused,
                    message(
                        format!(
                            "Сотрудник {} не уполномочен в регионе {}",
                            filer.login, filing.region
                        ),
                        format!(
                            "{} қызметкерінің {} өңірінде өкілеттігі жоқ",
                            filer.login, filing.region
                        ),
                        format!(
                            "staff member {} is not authorised in region {}",
                            filer.login, filing.region
                        ),
                    ),
                ));
            }
            if registry.is_none() {
                return Err((
                    RefusalCode::ApplicantNotFound,
                    message(
                        format!(
                            "Сведения о заявителе {} отсутствуют в ГБД ФЛ/ГБД ЮЛ",
                            filing.applicant
                        ),
                        format!(
                            "Өтініш беруші {} туралы мәліметтер ЖТ МДҚ/ЗТ МДҚ жоқ",
                            filing.applicant
                        ),
                        format!(
                            "applicant {} is not in the state registry of individuals or legal entities",
                            filing.applicant
                        ),
                    ),
                ));
            }
        }
    }
    admitted(app, rules)
}

/// Whether the service admits this kind of applicant (grain warehouses: legal entities only).
fn admitted(app: &Application, rules: &dyn RegionRules) -> Result<(), Failure> {
    let Some(service) = rules.regulation().service(&app.filing.service) else {
        return Ok(());
    };
    if service.applicants.contains(&app.filing.applicant_kind) {
        return Ok(());
    }
    let (ru, kk, en) = match app.filing.applicant_kind {
        ApplicantKind::Individual => (
            "Услуга оказывается только юридическим лицам (по БИН); указан ИИН физического лица",
            "Қызмет тек заңды тұлғаларға (БСН бойынша) көрсетіледі; жеке тұлғаның ЖСН көрсетілген",
            "the service is for legal entities only (BIN); an individual's IIN was given",
        ),
        ApplicantKind::LegalEntity => (
            "Услуга оказывается только физическим лицам (по ИИН)",
            "Қызмет тек жеке тұлғаларға (ЖСН бойынша) көрсетіледі",
            "the service is for individuals only (IIN)",
        ),
    };
    Err((RefusalCode::ApplicantNotFound, message(ru, kk, en)))
}
