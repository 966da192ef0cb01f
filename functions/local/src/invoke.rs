//! The Lambda Invoke API, as `cargo lambda watch` (and AWS Lambda) serve it:
//! `POST {base}/2015-03-31/functions/{name}/invocations` with the event as the body.

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// Why an invocation failed.
#[derive(Debug, thiserror::Error)]
pub enum InvokeError {
    #[error("invoke {function} at {url}: {message}")]
    Transport {
        function: String,
        url: String,
        message: String,
    },
    #[error("function {function} answered {status}: {body}")]
    Function {
        function: String,
        status: u16,
        body: String,
    },
}

/// A client of the Invoke API at one base URL.
#[derive(Clone)]
pub struct Invoker {
    base: String,
    client: Client<HttpConnector, Full<Bytes>>,
}

impl Invoker {
    /// Invokes functions at `base`, e.g. `http://127.0.0.1:9000`.
    pub fn new(base: &str) -> Invoker {
        Invoker {
            base: base.trim_end_matches('/').to_owned(),
            client: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// Invokes `function` with `payload` and returns its response body.
    pub async fn invoke(
        &self,
        function: &str,
        payload: &serde_json::Value,
    ) -> Result<serde_json::Value, InvokeError> {
        let url = format!("{}/2015-03-31/functions/{function}/invocations", self.base);
        let transport = |message: String| InvokeError::Transport {
            function: function.to_owned(),
            url: url.clone(),
            message,
        };
        let request = hyper::Request::post(&url)
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(payload.to_string())))
            .map_err(|e| transport(e.to_string()))?;
        let response = self
            .client
            .request(request)
            .await
            .map_err(|e| transport(e.to_string()))?;
        let status = response.status();
        let unhandled = response.headers().get("x-amz-function-error").is_some();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| transport(e.to_string()))?
            .to_bytes();
        let text = String::from_utf8_lossy(&body).into_owned();
        if !status.is_success() || unhandled {
            return Err(InvokeError::Function {
                function: function.to_owned(),
                status: status.as_u16(),
                body: text,
            });
        }
        if text.trim().is_empty() {
            return Ok(serde_json::Value::Null);
        }
        serde_json::from_str(&text).map_err(|e| InvokeError::Function {
            function: function.to_owned(),
            status: status.as_u16(),
            body: format!("{text} (not JSON: {e})"),
        })
    }
}
