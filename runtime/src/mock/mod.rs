//! Typed mocks for the tests of code that calls a generated client (feature `mock`).
//!
//! A [`MockServer`] is a real HTTP server on a local port (built on `wiremock`, which runs one
//! isolated server per test, verifies expectations when it is dropped and needs nothing but
//! tokio). A generated crate's `mock` module has one function per operation returning an
//! [`Expectation`] typed by the operation's request, answer and error types; the client a test
//! gets from [`MockServer::client`] talks to the server over HTTP, so serialization, signing
//! and decoding all run as in production.
//!
//! What the server checks, as the real service would: method and path; that the request is
//! signed with the server's own credentials (the signature is recomputed: the server knows the
//! secret) or carries its token; that every required parameter is present and every value
//! reads as its documented type (the request is decoded into the operation's typed request);
//! and then the test's own condition ([`Expectation::with`], [`Expectation::when`]). A request
//! no expectation accepts is answered `404` with an explanation per expectation (a line diff
//! of the typed requests for [`Expectation::with`]), and fails the test when the server is
//! dropped, as does an expectation met fewer times than it asked for.
//!
//! This module is compiled only with the `mock` feature: it is meant for dev-dependencies.

mod decode;
mod verify;

use std::fmt::Debug;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use decode::{BodyDecoder, binary, form, json, text};

use crate::auth::{Credentials, Secret, huawei, sangfor, tencent};
use crate::client::{ClientBuilder, ServiceInfo};
use crate::response::ErrorEnvelope;
use crate::transport::Transport;

/// Where a parameter of an operation travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A header.
    Header,
    /// A cookie.
    Cookie,
    /// A field of a `multipart/form-data` body.
    Form,
}

/// How the text of a parameter reads as a value of its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text (strings and string enums).
    String,
    /// An integer.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// JSON text (objects and arrays sent as JSON form fields).
    Json,
    /// A file field of a form.
    File,
    /// A list of values of the kind, as repeated pairs (`explode`) or comma-separated.
    List(&'static Kind),
    /// A value the mock cannot read back (a parameter in the named style): an expectation of
    /// the operation cannot decode the request.
    Unsupported(&'static str),
}

/// One parameter of an operation, as the mock reads it back.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// Name on the wire.
    pub wire: &'static str,
    /// Field of the typed request.
    pub field: &'static str,
    /// Where it travels.
    pub location: Location,
    /// How its text reads.
    pub kind: Kind,
    /// Whether the operation requires it.
    pub required: bool,
    /// Lists: one pair per item (`true`) or one comma-separated pair.
    pub explode: bool,
}

/// What an answer of an operation carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerKind {
    /// A JSON body (wrapped as the service wraps its answers).
    Json,
    /// A text body.
    Text,
    /// A binary body (a download).
    Binary,
    /// No body.
    Empty,
}

/// An operation as the mock sees it: emitted by the generator next to the client method.
#[derive(Debug)]
pub struct Operation {
    /// The client method's name.
    pub name: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template, `{name}` for each path parameter.
    pub path: &'static str,
    /// Parameters.
    pub params: &'static [Param],
    /// How the body reads as the request's `body` field, when the operation has one.
    pub body: Option<BodyDecoder>,
    /// Whether the body is required.
    pub body_required: bool,
    /// Whether the operation has a typed request at all.
    pub has_input: bool,
    /// The status of a success.
    pub status: u16,
    /// What a success carries.
    pub answer: AnswerKind,
    /// The JSON pointer under which the service wraps its answers.
    pub response_pointer: Option<&'static str>,
    /// Where the service reports error codes.
    pub envelope: Option<&'static ErrorEnvelope>,
    /// The operation needs no credentials.
    pub anonymous: bool,
}

/// The documented error answers of an operation, as status and body: implemented by each
/// operation's generated error enum.
pub trait ErrorAnswer {
    /// The status and JSON body that decode to this error.
    fn answer(&self) -> (u16, Option<serde_json::Value>);
}

/// Something other than an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// The status with an empty body.
    Status(u16),
    /// A success whose body is not JSON.
    InvalidJson,
    /// An HTML page, as a proxy in front of the service would send, with the status.
    Html(u16),
}

#[derive(Clone, Debug)]
enum Answer {
    Body { status: u16, content_type: &'static str, body: Vec<u8> },
    Fault(Fault),
}

type Condition<Req> = Box<dyn Fn(&Req) -> Result<(), String> + Send + Sync>;

/// A request the test expects and the answer to give it. Obtain one from the generated
/// crate's `mock` module (one function per operation), then register it with
/// [`MockServer::expect`].
pub struct Expectation<Req, Resp, Err> {
    op: &'static Operation,
    condition: Option<Condition<Req>>,
    answer: Option<Answer>,
    delay: Option<Duration>,
    times: Option<u64>,
    encode: fn(&Resp, &Operation) -> Answer,
    _types: PhantomData<fn() -> Err>,
}

impl<Req, Resp, Err> Debug for Expectation<Req, Resp, Err> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Expectation")
            .field("operation", &self.op.name)
            .field("answer", &self.answer)
            .field("times", &self.times)
            .finish_non_exhaustive()
    }
}

fn encode_json<Resp: Serialize>(value: &Resp, op: &Operation) -> Answer {
    let body = match crate::json::to_value(value) {
        Ok(value) => wrap(value, op),
        Err(e) => panic!("the answer of `{}` does not serialize: {e}", op.name),
    };
    Answer::Body {
        status: op.status,
        content_type: "application/json",
        body: body.to_string().into(),
    }
}

// The encoders are `fn(&Resp, ..)` pointers: `&String`, not `&str`.
#[allow(clippy::ptr_arg)]
fn encode_text(value: &String, op: &Operation) -> Answer {
    Answer::Body { status: op.status, content_type: "text/plain", body: value.clone().into_bytes() }
}

#[allow(clippy::ptr_arg)]
fn encode_binary(value: &Vec<u8>, op: &Operation) -> Answer {
    Answer::Body {
        status: op.status,
        content_type: "application/octet-stream",
        body: value.clone(),
    }
}

fn encode_empty(_: &(), op: &Operation) -> Answer {
    Answer::Body { status: op.status, content_type: "application/json", body: Vec::new() }
}

/// Sets `value` at `pointer` inside `root` (objects created on the way).
fn set_pointer(root: &mut serde_json::Value, pointer: &str, value: serde_json::Value) {
    let mut at = root;
    for token in crate::json::pointer_tokens(pointer).unwrap_or_default() {
        if !at.is_object() {
            *at = serde_json::Value::Object(serde_json::Map::new());
        }
        at = at
            .as_object_mut()
            .expect("made an object above")
            .entry(token)
            .or_insert(serde_json::Value::Null);
    }
    *at = value;
}

/// A success answer as the service sends it: inside its wrapper, with a success code.
fn wrap(value: serde_json::Value, op: &Operation) -> serde_json::Value {
    let Some(pointer) = op.response_pointer else { return value };
    let mut root = serde_json::Value::Object(serde_json::Map::new());
    if let Some(envelope) = op.envelope {
        if let Some(code) = envelope.success.first() {
            set_pointer(&mut root, envelope.code, serde_json::Value::String((*code).to_owned()));
        }
    }
    set_pointer(&mut root, pointer, value);
    root
}

impl<Req, Resp, Err> Expectation<Req, Resp, Err> {
    fn with_encoder(op: &'static Operation, encode: fn(&Resp, &Operation) -> Answer) -> Self {
        Self {
            op,
            condition: None,
            answer: None,
            delay: None,
            times: None,
            encode,
            _types: PhantomData,
        }
    }

    /// Answers with `answer`, as the service would send it.
    pub fn respond(mut self, answer: Resp) -> Self {
        self.answer = Some((self.encode)(&answer, self.op));
        self
    }

    /// Answers with the service's error `code` and `message` in its error envelope (the body
    /// the client decodes into an [`ApiError`](crate::ApiError) with that code), under `status`.
    pub fn respond_code(mut self, status: u16, code: &str, message: &str) -> Self {
        let mut body = serde_json::Value::Object(serde_json::Map::new());
        let (code_at, message_at) = match self.op.envelope {
            Some(envelope) => (envelope.code, envelope.message),
            None => ("/code", "/message"),
        };
        set_pointer(&mut body, code_at, code.into());
        set_pointer(&mut body, message_at, message.into());
        self.answer = Some(Answer::Body {
            status,
            content_type: "application/json",
            body: body.to_string().into(),
        });
        self
    }

    /// Answers with a fault instead of an answer.
    pub fn fault(mut self, fault: Fault) -> Self {
        self.answer = Some(Answer::Fault(fault));
        self
    }

    /// Answers only after `delay` (for timeouts).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// The expectation must be met exactly `n` times (default: at least once); `0`: a
    /// request it accepts fails the test when the server is dropped.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }
}

impl<Req, Resp: Serialize, Err> Expectation<Req, Resp, Err> {
    /// An expectation of `op`, whose answer is JSON.
    pub fn json(op: &'static Operation) -> Self {
        Self::with_encoder(op, encode_json::<Resp>)
    }
}

impl<Req, Err> Expectation<Req, String, Err> {
    /// An expectation of `op`, whose answer is text.
    pub fn text(op: &'static Operation) -> Self {
        Self::with_encoder(op, encode_text)
    }
}

impl<Req, Err> Expectation<Req, Vec<u8>, Err> {
    /// An expectation of `op`, whose answer is a download.
    pub fn binary(op: &'static Operation) -> Self {
        Self::with_encoder(op, encode_binary)
    }
}

impl<Req, Err> Expectation<Req, (), Err> {
    /// An expectation of `op`, whose answer has no body.
    pub fn empty(op: &'static Operation) -> Self {
        Self::with_encoder(op, encode_empty)
    }
}

impl<Req, Resp, Err: ErrorAnswer> Expectation<Req, Resp, Err> {
    /// Answers with one of the operation's documented errors.
    pub fn respond_error(mut self, error: Err) -> Self {
        let (status, body) = error.answer();
        let body = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        self.answer = Some(Answer::Body { status, content_type: "application/json", body });
        self
    }
}

impl<Req: Debug + PartialEq + Send + Sync + 'static, Resp, Err> Expectation<Req, Resp, Err> {
    /// Accepts only a request equal to `expected` (a line diff of the two explains a refusal).
    pub fn with(mut self, expected: Req) -> Self {
        self.condition = Some(Box::new(move |actual: &Req| {
            if *actual == expected {
                return Ok(());
            }
            let (expected, actual) = (format!("{expected:#?}\n"), format!("{actual:#?}\n"));
            let diff = similar::TextDiff::from_lines(&expected, &actual);
            Err(format!(
                "the request differs from the expected one (- expected, + received):\n{}",
                diff.unified_diff().context_radius(3)
            ))
        }));
        self
    }

    /// Accepts only a request for which `condition` holds.
    pub fn when(mut self, condition: impl Fn(&Req) -> bool + Send + Sync + 'static) -> Self {
        self.condition = Some(Box::new(move |actual: &Req| {
            if condition(actual) {
                Ok(())
            } else {
                Err(format!("the condition of `when` does not hold for the request:\n{actual:#?}"))
            }
        }));
        self
    }
}

/// What the server holds: the service, the credentials it accepts, and the reasons requests
/// were refused.
struct Shared {
    service: &'static ServiceInfo,
    credentials: Credentials,
    checks: Mutex<Vec<Arc<dyn Check>>>,
    unexpected: Mutex<Vec<String>>,
}

/// One registered expectation, type-erased: why it does not accept a request.
trait Check: Send + Sync {
    fn refusal(&self, request: &wiremock::Request) -> Option<String>;
}

struct Typed<Req> {
    op: &'static Operation,
    shared: Arc<SharedRef>,
    condition: Option<Condition<Req>>,
}

/// The parts of [`Shared`] a check needs (not the checks themselves: no cycle).
struct SharedRef {
    service: &'static ServiceInfo,
    credentials: Credentials,
}

impl<Req: DeserializeOwned + Send + Sync> Check for Typed<Req> {
    fn refusal(&self, request: &wiremock::Request) -> Option<String> {
        if !request.method.as_str().eq_ignore_ascii_case(self.op.method)
            || decode::path_params(self.op, request.url.path()).is_none()
        {
            return Some(format!("expects `{} {}`", self.op.method, self.op.path));
        }
        if !self.op.anonymous {
            if let Err(e) =
                verify::authenticated(self.shared.service, &self.shared.credentials, request)
            {
                return Some(e);
            }
        }
        let value = match decode::request(self.op, request) {
            Ok(value) => value,
            Err(e) => return Some(e),
        };
        let typed: Req = match crate::json::from_value(&value) {
            Ok(typed) => typed,
            Err(e) => return Some(format!("the request does not read as the typed request: {e}")),
        };
        match &self.condition {
            Some(condition) => condition(&typed).err(),
            None => None,
        }
    }
}

struct Matcher(Arc<dyn Check>);

impl wiremock::Match for Matcher {
    fn matches(&self, request: &wiremock::Request) -> bool {
        self.0.refusal(request).is_none()
    }
}

struct Responder(Answer, Option<Duration>);

impl wiremock::Respond for Responder {
    fn respond(&self, _: &wiremock::Request) -> wiremock::ResponseTemplate {
        let template = match &self.0 {
            Answer::Body { status, content_type, body } => {
                let t = wiremock::ResponseTemplate::new(*status);
                if body.is_empty() { t } else { t.set_body_raw(body.clone(), content_type) }
            }
            Answer::Fault(Fault::Status(status)) => wiremock::ResponseTemplate::new(*status),
            Answer::Fault(Fault::InvalidJson) => wiremock::ResponseTemplate::new(200)
                .set_body_raw("{\"truncated\": ", "application/json"),
            Answer::Fault(Fault::Html(status)) => wiremock::ResponseTemplate::new(*status)
                .set_body_raw("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"),
        };
        match self.1 {
            Some(delay) => template.set_delay(delay),
            None => template,
        }
    }
}

/// Answers what no expectation accepted, and keeps it for the failure at drop.
struct Unexpected(Arc<Shared>);

impl wiremock::Respond for Unexpected {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let checks = self.0.checks.lock().map(|c| c.clone()).unwrap_or_default();
        let mut text = format!("unexpected request: {} {}\n", request.method, request.url.path());
        if let Some(query) = request.url.query() {
            text.push_str(&format!("query: {query}\n"));
        }
        if checks.is_empty() {
            text.push_str("no expectation is registered\n");
        }
        for (i, check) in checks.iter().enumerate() {
            let reason = check
                .refusal(request)
                .unwrap_or_else(|| "accepts it, but its count is used up".to_owned());
            text.push_str(&format!("expectation {}: {reason}\n", i + 1));
        }
        if let Ok(mut list) = self.0.unexpected.lock() {
            list.push(text.clone());
        }
        wiremock::ResponseTemplate::new(404).set_body_raw(text, "text/plain")
    }
}

/// A local server that answers as one service would, from typed expectations.
pub struct MockServer {
    server: wiremock::MockServer,
    shared: Arc<Shared>,
}

impl Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer").field("uri", &self.server.uri()).finish_non_exhaustive()
    }
}

/// The credentials a mock of `service` accepts: its signing scheme's, else a token where the
/// service takes one, else a bearer token (which every client can send).
fn credentials_for(service: &ServiceInfo) -> Credentials {
    use crate::transport::SigningScheme;
    let secret: String = {
        use rand::Rng as _;
        let mut rng = rand::rngs::OsRng;
        (0..32).map(|_| char::from(b'a' + rng.gen_range(0..26_u8))).collect()
    };
    match service.auth.signing {
        Some(SigningScheme::HuaweiSdkHmacSha256) => {
            huawei::AkSk::new("MOCKACCESSKEY", secret).into()
        }
        Some(SigningScheme::Tc3HmacSha256 { .. }) => {
            tencent::SecretKey::new("MOCKSECRETID", secret).into()
        }
        Some(SigningScheme::SangforAws4 { .. }) => {
            sangfor::AccessKey::new("MOCKACCESSKEY", secret).into()
        }
        None if service.auth.takes_tokens() => Credentials::Token(Secret::new(secret)),
        None => Credentials::bearer(secret),
    }
}

impl MockServer {
    /// Starts a server for `service` (the generated crate's `mock::server()` passes its own).
    pub async fn start(service: &'static ServiceInfo) -> Self {
        let server = wiremock::MockServer::start().await;
        let credentials = credentials_for(service);
        let shared = Arc::new(Shared {
            service,
            credentials,
            checks: Mutex::new(Vec::new()),
            unexpected: Mutex::new(Vec::new()),
        });
        let server = Self { server, shared };
        server.mount_unexpected().await;
        server
    }

    async fn mount_unexpected(&self) {
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Unexpected(Arc::clone(&self.shared)))
            .with_priority(u8::MAX)
            .named("unexpected requests")
            .mount(&self.server)
            .await;
    }

    /// Forgets every expectation and every request received (the server, its address and
    /// its credentials stay).
    pub async fn reset(&self) {
        self.server.reset().await;
        if let Ok(mut checks) = self.shared.checks.lock() {
            checks.clear();
        }
        self.take_unexpected();
        self.mount_unexpected().await;
    }

    /// The server's address, e.g. `http://127.0.0.1:41234`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The credentials the server accepts (secrets made up for this server).
    pub fn credentials(&self) -> Credentials {
        self.shared.credentials.clone()
    }

    /// A client builder aimed at the server, with its credentials and a value for each header
    /// the service requires of every request (the first documented region, else `mock`):
    /// add settings, then build.
    pub fn builder<C: From<Transport>>(&self) -> ClientBuilder<C> {
        let service = self.shared.service;
        let mut builder =
            ClientBuilder::new(service).endpoint(self.uri()).credentials(self.credentials());
        for &name in service.required_headers {
            builder = if Some(name) == service.region_header {
                builder.region(service.regions.first().map_or("mock", |(id, _)| *id))
            } else {
                builder.header(name, "mock")
            };
        }
        builder
    }

    /// A client of the server, with its credentials and no retries.
    ///
    /// # Panics
    ///
    /// When the client cannot be built (it always can for a local server).
    pub fn client<C: From<Transport>>(&self) -> C {
        self.builder()
            .retry(crate::RetryPolicy::disabled())
            .build()
            .expect("a client of a local mock server builds")
    }

    /// Registers `expectation`.
    pub async fn expect<Req, Resp, Err>(&self, expectation: Expectation<Req, Resp, Err>)
    where
        Req: DeserializeOwned + Send + Sync + 'static,
    {
        let Expectation { op, condition, answer, delay, times, .. } = expectation;
        let check: Arc<dyn Check> = Arc::new(Typed {
            op,
            shared: Arc::new(SharedRef {
                service: self.shared.service,
                credentials: self.shared.credentials.clone(),
            }),
            condition,
        });
        if let Ok(mut checks) = self.shared.checks.lock() {
            checks.push(Arc::clone(&check));
        }
        let answer = answer.unwrap_or_else(|| Answer::Body {
            status: op.status,
            content_type: "application/json",
            body: Vec::new(),
        });
        let mock = wiremock::Mock::given(Matcher(check))
            .respond_with(Responder(answer, delay))
            .named(format!("{} {} ({})", op.method, op.path, op.name));
        let mock = match times {
            Some(0) => mock.expect(0),
            Some(n) => mock.up_to_n_times(n).expect(n),
            None => mock.expect(1..),
        };
        mock.mount(&self.server).await;
    }

    /// The requests no expectation accepted so far, each with the reasons.
    pub fn unexpected(&self) -> Vec<String> {
        self.shared.unexpected.lock().map(|u| u.clone()).unwrap_or_default()
    }

    /// Like [`unexpected`](Self::unexpected), and forgets them: for a test that sends a
    /// request meant to be refused (dropping the server then does not fail).
    pub fn take_unexpected(&self) -> Vec<String> {
        self.shared.unexpected.lock().map(|mut u| std::mem::take(&mut *u)).unwrap_or_default()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let unexpected = self.unexpected();
        if !unexpected.is_empty() && !std::thread::panicking() {
            panic!(
                "the mock server received {} unexpected request(s):\n{}",
                unexpected.len(),
                unexpected.join("\n")
            );
        }
    }
}
