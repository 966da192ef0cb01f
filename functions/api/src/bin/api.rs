//! The HTTP API as a Lambda function behind an API Gateway HTTP API: `lambda_http` serving the
//! same router `reglament serve` serves, over DynamoDB and the precompiled rules.

use reglament_api::ApiState;
use reglament_core::token::TokenKey;
use reglament_lambda::Function;
use reglament_lambda::trust::secret;

/// The parts of the data location the API reads: the step functions' and its secrets.
const PARTS: [&str; 4] = ["rules", "keys", "trust", "secrets"];

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    reglament_lambda::init_tracing();
    let function = Function::from_env(&PARTS).await?;
    let state = ApiState {
        tokens: TokenKey::new(&secret(&function.data, "token.key")?),
        gateway_secret: secret(&function.data, "gateway.key")?,
        ctx: function.ctx,
        // Listing, activation and rollback; publishing needs a build that compiles components.
        rules_admin: Some(function.rules.clone()),
    };
    lambda_http::run(reglament_api::router(state)).await
}
