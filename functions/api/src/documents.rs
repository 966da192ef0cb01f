//! Result documents people hold: `GET /v1/documents/{number}.pdf` (the PDF, for whoever may
//! read the application: its applicant and the provider's staff) and
//! `GET /v1/documents/{number}?holder=<IIN/BIN>` (public verification, no login).
//!
//! Verification reveals nothing without the holder's number: an unknown document and a wrong
//! holder get the same answer. With it, the answer says what the document is, for whom, whether
//! it stands, and whether the provider's Ed25519 signature holds over its content.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{FromRequestParts, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use reglament_core::document::{self, DocumentRecord, DocumentStatus, document_key};
use reglament_core::identity::TaxpayerId;
use reglament_core::steps;
use serde::Serialize;
use tracing::instrument;

use crate::applications::may_read;
use crate::caller::Caller;
use crate::error::ApiError;
use crate::state::ApiState;

/// `GET /v1/documents/{number}.pdf` or `GET /v1/documents/{number}?holder=…`: one path segment,
/// told apart by its `.pdf` ending.
#[instrument(skip_all, fields(document = %file))]
pub async fn get(
    State(state): State<ApiState>,
    Path(file): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    request: Request,
) -> Result<Response, ApiError> {
    match file.strip_suffix(".pdf") {
        Some(number) => {
            let (mut parts, _) = request.into_parts();
            let Caller(caller) = Caller::from_request_parts(&mut parts, &state).await?;
            pdf(&state, &caller, number).await
        }
        None => Ok(Json(verify(&state, &file, query.get("holder")).await?).into_response()),
    }
}

/// The PDF of a document, for whoever may read its application.
async fn pdf(
    state: &ApiState,
    caller: &reglament_core::account::Account,
    number: &str,
) -> Result<Response, ApiError> {
    let store = state.ctx.store.as_ref();
    let hidden = || ApiError::not_found(format!("no document {number} that you may see"));
    let record = load(state, number).await?.ok_or_else(hidden)?;
    let app = steps::load(store, &record.application)
        .await?
        .ok_or_else(hidden)?;
    if !may_read(caller, &app) {
        return Err(hidden());
    }
    let url = reglament_pdf::verification_url(
        &state.ctx.settings.public_url,
        &record.number,
        &record.holder,
    );
    let bytes = reglament_pdf::render(&record.document, &url).map_err(ApiError::internal)?;
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{}.pdf\"", record.number),
            ),
        ],
        bytes,
    )
        .into_response())
}

async fn load(state: &ApiState, number: &str) -> Result<Option<DocumentRecord>, ApiError> {
    Ok(state
        .ctx
        .store
        .get(&document_key(number))
        .await?
        .map(|item| item.to_value::<DocumentRecord>())
        .transpose()?)
}

/// Whether the provider's signature holds over the document's content.
#[derive(Debug, Serialize)]
pub struct SignatureCheck {
    pub verified: bool,
    pub algorithm: Option<String>,
    pub key_id: Option<String>,
    /// Why it does not hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// The public answer about a document.
#[derive(Debug, Serialize)]
pub struct Verification {
    pub number: String,
    /// The document stands: signed by the provider's key over exactly this content, and not
    /// superseded.
    pub valid: bool,
    pub status: DocumentStatus,
    #[serde(rename = "type")]
    pub kind: String,
    pub holder: String,
    pub holder_name: Option<String>,
    pub region: String,
    pub service: String,
    pub issued_at: String,
    pub provider: reglament_core::rules::Message,
    /// SHA-256 of the signed content, as printed on the document.
    pub content_hash: String,
    pub signature: SignatureCheck,
    /// The signed document itself: anyone can check it again with the provider's public key
    /// (`GET /v1/providers/{region}/key`).
    pub document: document::Document,
}

#[instrument(skip_all, fields(document = %number))]
async fn verify(
    state: &ApiState,
    number: &str,
    holder: Option<&String>,
) -> Result<Verification, ApiError> {
    let holder = holder.ok_or_else(|| {
        ApiError::field(
            StatusCode::BAD_REQUEST,
            "holder",
            "holder: give the holder's IIN/BIN as `?holder=<12 digits>`; nothing is shown without it",
        )
    })?;
    let holder = TaxpayerId::parse(holder).map_err(|e| {
        ApiError::field(
            StatusCode::UNPROCESSABLE_ENTITY,
            "holder",
            format!("holder: {e}"),
        )
    })?;
    // The same answer whether the number is unknown or the holder is not its holder.
    let unknown = || {
        ApiError::not_found(format!(
            "no document {number} is held by {holder}; check the document number and the holder's IIN/BIN"
        ))
    };
    let record = load(state, number)
        .await?
        .filter(|r| r.holder == holder.as_str() && r.document.holder == holder.as_str())
        .ok_or_else(unknown)?;
    let doc = &record.document;
    let mut problems = Vec::new();
    let check = match state.ctx.provider_keys.get(&doc.region) {
        Some(key) => document::verify(doc, &key.verifying_key()).map_err(|e| e.to_string()),
        None => Err(format!("no public key of the {} provider", doc.region)),
    };
    if let Err(problem) = &check {
        problems.push(problem.clone());
    }
    let hash = doc.content_hash();
    if hash != record.content_hash {
        problems.push(format!(
            "the content hash {hash} differs from the registry's {}",
            record.content_hash
        ));
    }
    Ok(Verification {
        number: record.number.clone(),
        valid: problems.is_empty() && record.status == DocumentStatus::Valid,
        status: record.status,
        kind: doc.kind.clone(),
        holder: doc.holder.clone(),
        holder_name: doc.holder_name.clone(),
        region: doc.region.clone(),
        service: doc.service.clone(),
        issued_at: doc.issued_at.clone(),
        provider: doc.provider.clone(),
        content_hash: hash,
        signature: SignatureCheck {
            verified: problems.is_empty(),
            algorithm: doc.signature.as_ref().map(|s| s.algorithm.clone()),
            key_id: doc.signature.as_ref().map(|s| s.key_id.clone()),
            problem: (!problems.is_empty()).then(|| problems.join("; ")),
        },
        document: record.document.clone(),
    })
}
