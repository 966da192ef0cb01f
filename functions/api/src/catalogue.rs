//! `GET /v1/regulations` (every region, act, service, channel and route in force or active) and
//! `GET /v1/providers/{region}/key` (the public key that signs a provider's documents).

use axum::Json;
use axum::extract::{Path, State};
use reglament_core::rules::Regulation;
use serde::Serialize;

use crate::error::ApiError;
use crate::state::ApiState;

#[derive(Debug, Serialize)]
pub struct RegulationEntry {
    pub rules_digest: String,
    #[serde(flatten)]
    pub regulation: Regulation,
}

pub async fn regulations(State(state): State<ApiState>) -> Json<Vec<RegulationEntry>> {
    let mut entries: Vec<_> = state
        .ctx
        .rules
        .catalogue()
        .iter()
        .map(|r| RegulationEntry {
            rules_digest: r.digest().to_string(),
            regulation: r.regulation().clone(),
        })
        .collect();
    entries.sort_by(|a, b| {
        (&a.regulation.region, &a.regulation.in_force_from)
            .cmp(&(&b.regulation.region, &b.regulation.in_force_from))
    });
    Json(entries)
}

#[derive(Debug, Serialize)]
pub struct ProviderKeyView {
    pub region: String,
    pub algorithm: &'static str,
    pub key_id: String,
    pub public_key_pem: String,
}

pub async fn provider_key(
    State(state): State<ApiState>,
    Path(region): Path<String>,
) -> Result<Json<ProviderKeyView>, ApiError> {
    let key = state
        .ctx
        .provider_keys
        .get(&region)
        .ok_or_else(|| ApiError::not_found(format!("no provider key for region {region}")))?;
    Ok(Json(ProviderKeyView {
        region,
        algorithm: "Ed25519",
        key_id: key.key_id(),
        public_key_pem: key.public_pem(),
    }))
}
