//! A local Lambda service for the end-to-end tests: it runs the real function binaries against
//! the Lambda Runtime API (`AWS_LAMBDA_RUNTIME_API`, one endpoint per function) and serves the
//! Invoke API (`POST /2015-03-31/functions/{name}/invocations`) in front of them, as AWS Lambda
//! and `cargo lambda watch` do. An invocation waits for its function to take it, and answers
//! what the function posted: its response, or its error with `X-Amz-Function-Error: Unhandled`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::{Mutex, mpsc, oneshot};

/// How long an invocation may take before the service answers a timeout.
const TIMEOUT: Duration = Duration::from_secs(60);

/// What a function answered.
enum Outcome {
    Response(Bytes),
    Error(Bytes),
}

struct Invocation {
    payload: Bytes,
    reply: oneshot::Sender<Outcome>,
}

/// One function: its queue of invocations and those it took but has not answered.
struct Function {
    name: String,
    queue: mpsc::Sender<Invocation>,
    next: Mutex<mpsc::Receiver<Invocation>>,
    taken: Mutex<HashMap<String, oneshot::Sender<Outcome>>>,
    init_error: Mutex<Option<String>>,
    count: std::sync::atomic::AtomicU64,
}

/// The running service; dropping it kills the functions.
pub struct LambdaService {
    invoke_url: String,
    _children: Vec<tokio::process::Child>,
    /// Where each function's output goes.
    pub logs: PathBuf,
}

impl LambdaService {
    /// Starts each `(name, binary)` with `env` (plus the runtime's own variables), logging to
    /// files under `logs`.
    pub async fn start(
        functions: &[(String, PathBuf)],
        env: &[(String, String)],
        logs: &Path,
    ) -> LambdaService {
        let mut by_name = HashMap::new();
        let mut children = Vec::new();
        for (name, binary) in functions {
            let (queue, next) = mpsc::channel(64);
            let function = Arc::new(Function {
                name: name.clone(),
                queue,
                next: Mutex::new(next),
                taken: Mutex::new(HashMap::new()),
                init_error: Mutex::new(None),
                count: Default::default(),
            });
            let runtime = serve(runtime_api(function.clone())).await;
            let log = std::fs::File::create(logs.join(format!("{name}.log"))).expect("a log file");
            let child = tokio::process::Command::new(binary)
                .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .env(
                    "AWS_LAMBDA_RUNTIME_API",
                    runtime.trim_start_matches("http://"),
                )
                .env("AWS_LAMBDA_FUNCTION_NAME", name)
                .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")
                .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
                .env("AWS_LAMBDA_LOG_STREAM_NAME", "local")
                .env("AWS_LAMBDA_LOG_GROUP_NAME", format!("/aws/lambda/{name}"))
                .stdin(std::process::Stdio::null())
                .stdout(log.try_clone().expect("a log file"))
                .stderr(log)
                .kill_on_drop(true)
                .spawn()
                .unwrap_or_else(|e| panic!("start {}: {e}", binary.display()));
            children.push(child);
            by_name.insert(name.clone(), function);
        }
        let invoke = Router::new()
            .route("/2015-03-31/functions/{name}/invocations", post(invoke))
            .with_state(Arc::new(by_name));
        LambdaService {
            invoke_url: serve(invoke).await,
            _children: children,
            logs: logs.to_path_buf(),
        }
    }

    /// The base URL of the Invoke API.
    pub fn invoke_url(&self) -> &str {
        &self.invoke_url
    }
}

/// Serves a router on a free loopback port; answers its base URL.
async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let address = listener.local_addr().expect("its address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://{address}")
}

fn runtime_api(function: Arc<Function>) -> Router {
    Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next))
        .route(
            "/2018-06-01/runtime/invocation/{id}/response",
            post(respond),
        )
        .route("/2018-06-01/runtime/invocation/{id}/error", post(fail))
        .route("/2018-06-01/runtime/init/error", post(init_error))
        .with_state(function)
}

async fn invoke(
    State(functions): State<Arc<HashMap<String, Arc<Function>>>>,
    UrlPath(name): UrlPath<String>,
    payload: Bytes,
) -> Response {
    let Some(function) = functions.get(&name) else {
        return (StatusCode::NOT_FOUND, format!("no function {name}")).into_response();
    };
    if let Some(error) = function.init_error.lock().await.clone() {
        return (
            StatusCode::BAD_GATEWAY,
            format!("{name} failed to start: {error}"),
        )
            .into_response();
    }
    let (reply, answer) = oneshot::channel();
    if function
        .queue
        .send(Invocation { payload, reply })
        .await
        .is_err()
    {
        return (StatusCode::BAD_GATEWAY, format!("{name} is gone")).into_response();
    }
    match tokio::time::timeout(TIMEOUT, answer).await {
        Ok(Ok(Outcome::Response(body))) => (StatusCode::OK, body).into_response(),
        Ok(Ok(Outcome::Error(body))) => (
            StatusCode::OK,
            [("x-amz-function-error", "Unhandled")],
            body,
        )
            .into_response(),
        Ok(Err(_)) => (
            StatusCode::BAD_GATEWAY,
            format!("{name} dropped the invocation"),
        )
            .into_response(),
        Err(_) => (StatusCode::GATEWAY_TIMEOUT, format!("{name} timed out")).into_response(),
    }
}

async fn next(State(function): State<Arc<Function>>) -> Response {
    let Some(invocation) = function.next.lock().await.recv().await else {
        return StatusCode::GONE.into_response();
    };
    let n = function
        .count
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let id = format!("{}-{n}", function.name);
    function
        .taken
        .lock()
        .await
        .insert(id.clone(), invocation.reply);
    let deadline = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d + TIMEOUT)
        .unwrap_or_default()
        .as_millis();
    let mut headers = HeaderMap::new();
    let arn = format!(
        "arn:aws:lambda:local:000000000000:function:{}",
        function.name
    );
    for (name, value) in [
        ("lambda-runtime-aws-request-id", id),
        ("lambda-runtime-deadline-ms", deadline.to_string()),
        ("lambda-runtime-invoked-function-arn", arn),
        (
            "lambda-runtime-trace-id",
            "Root=1-00000000-000000000000000000000000".to_owned(),
        ),
        ("content-type", "application/json".to_owned()),
    ] {
        headers.insert(name, value.parse().expect("a header value"));
    }
    (StatusCode::OK, headers, invocation.payload).into_response()
}

async fn respond(
    State(function): State<Arc<Function>>,
    UrlPath(id): UrlPath<String>,
    body: Bytes,
) -> StatusCode {
    finish(&function, &id, Outcome::Response(body)).await
}

async fn fail(
    State(function): State<Arc<Function>>,
    UrlPath(id): UrlPath<String>,
    body: Bytes,
) -> StatusCode {
    finish(&function, &id, Outcome::Error(body)).await
}

async fn finish(function: &Function, id: &str, outcome: Outcome) -> StatusCode {
    match function.taken.lock().await.remove(id) {
        Some(reply) => {
            let _ = reply.send(outcome);
            StatusCode::ACCEPTED
        }
        None => StatusCode::NOT_FOUND,
    }
}

async fn init_error(State(function): State<Arc<Function>>, body: Bytes) -> StatusCode {
    *function.init_error.lock().await = Some(String::from_utf8_lossy(&body).into_owned());
    StatusCode::ACCEPTED
}
