//! The HTTP API as a Lambda function behind an API Gateway HTTP API: `lambda_http` serving the
//! same router `reglament serve` serves, over DynamoDB and the precompiled rules.

use std::sync::Arc;

use axum::extract::Request;
use axum::middleware::{self, Next};
use reglament_api::ApiState;
use reglament_core::token::TokenKey;
use reglament_lambda::Function;
use reglament_lambda::trust::secret;

/// The parts of the data location the API reads: the step functions' and its secrets.
const PARTS: [&str; 4] = ["rules", "keys", "trust", "secrets"];

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    reglament_lambda::init_tracing();
    let function = Arc::new(Function::from_env(&PARTS).await?);
    let state = ApiState {
        tokens: TokenKey::new(&secret(&function.data, "token.key")?),
        gateway_secret: secret(&function.data, "gateway.key")?,
        ctx: function.ctx.clone(),
        // Listing, activation and rollback; publishing needs a build that compiles components.
        rules_admin: Some(function.rules.clone()),
    };
    // Before each request, pick up rules activated since the last look (at most every
    // REGLAMENT_RULES_REFRESH_MS).
    let router = reglament_api::router(state).layer(middleware::from_fn(
        move |request: Request, next: Next| {
            let function = function.clone();
            async move {
                function.refresh.if_due().await;
                next.run(request).await
            }
        },
    ));
    lambda_http::run(router).await
}
