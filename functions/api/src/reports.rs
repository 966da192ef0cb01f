//! `GET /v1/reports/indicators?region=&service=&from=&to=`: the quality and accessibility
//! indicators of a region's services — the survey's answers and the share of applications
//! finished within their term — in a period of finish dates (ISO dates, both included, UTC).
//!
//! Who reads it: the head of the region's provider (the report measures the provider's work,
//! and the head answers for it) and administrators, for any region.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use reglament_core::account::{Account, Role};
use reglament_core::indicators::{self, Period, ServiceIndicators};
use serde::Serialize;
use tracing::instrument;

use crate::caller::Caller;
use crate::error::ApiError;
use crate::state::ApiState;

/// The report.
#[derive(Debug, Serialize)]
pub struct IndicatorsReport {
    pub region: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub services: Vec<ServiceIndicators>,
}

/// Whether the account may read a region's indicators.
pub fn may_report(caller: &Account, region: &str) -> bool {
    caller.has_role(Role::Admin)
        || (caller.has_role(Role::Head) && caller.region.as_deref() == Some(region))
}

fn date(query: &HashMap<String, String>, field: &str) -> Result<Option<NaiveDate>, ApiError> {
    match query.get(field).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                ApiError::field(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    field,
                    format!("{field}: {text:?} is not a date; give it as YYYY-MM-DD"),
                )
            }),
    }
}

#[instrument(skip_all, fields(caller = %caller.login))]
pub async fn indicators(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<IndicatorsReport>, ApiError> {
    let region = query
        .get("region")
        .filter(|r| !r.is_empty())
        .ok_or_else(|| {
            ApiError::field(
                StatusCode::BAD_REQUEST,
                "region",
                "region: name the region, e.g. `?region=akmola`",
            )
        })?;
    if !may_report(&caller, region) {
        return Err(ApiError::forbidden(format!(
            "{} may not read the indicators of {region}: the head of its provider or an administrator may",
            caller.login
        )));
    }
    let mut services: Vec<String> = Vec::new();
    for version in state.ctx.rules.catalogue() {
        let regulation = version.regulation();
        if regulation.region != *region {
            continue;
        }
        for service in &regulation.services {
            if !services.contains(&service.id) {
                services.push(service.id.clone());
            }
        }
    }
    if services.is_empty() {
        return Err(ApiError::field(
            StatusCode::UNPROCESSABLE_ENTITY,
            "region",
            format!("region: no rules are published for {region:?}; see GET /v1/regulations"),
        ));
    }
    if let Some(service) = query.get("service").filter(|s| !s.is_empty()) {
        if !services.contains(service) {
            return Err(ApiError::field(
                StatusCode::UNPROCESSABLE_ENTITY,
                "service",
                format!(
                    "service: {region} has no service {service:?}; it has {}",
                    services.join(", ")
                ),
            ));
        }
        services = vec![service.clone()];
    }
    let period = Period {
        from: date(&query, "from")?,
        to: date(&query, "to")?,
    };
    if let (Some(from), Some(to)) = (period.from, period.to)
        && from > to
    {
        return Err(ApiError::field(
            StatusCode::UNPROCESSABLE_ENTITY,
            "from",
            format!("from: {from} is after to ({to})"),
        ));
    }
    let services = indicators::report(state.ctx.store.as_ref(), region, &services, period).await?;
    Ok(Json(IndicatorsReport {
        region: region.clone(),
        from: period.from,
        to: period.to,
        services,
    }))
}
