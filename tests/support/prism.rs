//! The Prism mock server (npm `@stoplight/prism-cli`, pinned in `tests/contract/package.json`)
//! for the contract checks: an independent implementation of OpenAPI that validates each request
//! against the spec (path, query, headers, bodies, security) and answers from it; with
//! `--errors` a request that violates the spec gets an error answer.
//!
//! Install it with `npm ci --prefix tests/contract`. Without it a contract check prints that (to
//! the process's stderr, shown even when the test passes) and passes, unless
//! `APIGEN_REQUIRE_PRISM=1` (CI sets it), where it fails.

use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

/// The workspace root.
fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where `npm ci --prefix tests/contract` puts Prism.
pub fn prism_bin() -> PathBuf {
    workspace_dir().join("tests/contract/node_modules/.bin/prism")
}

/// Whether Prism is installed. Without it: `false` after saying so, or a panic when
/// `APIGEN_REQUIRE_PRISM=1`.
pub fn available() -> bool {
    if prism_bin().exists() {
        return true;
    }
    let how = "install it with `npm ci --prefix tests/contract` (Node.js 18.20 or newer)";
    if std::env::var("APIGEN_REQUIRE_PRISM").as_deref() == Ok("1") {
        panic!(
            "Prism is not installed at {} and APIGEN_REQUIRE_PRISM=1: {how}",
            prism_bin().display()
        );
    }
    // Straight to the process's stderr, past the test harness's capture: a skipped contract
    // check must show in the output of a passing run, not only in a failing one.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED contract check: Prism is not installed at {}; {how}",
        prism_bin().display()
    );
    false
}

/// A running Prism: killed when dropped (also when the test panics), its folder removed.
pub struct Prism {
    child: Child,
    dir: PathBuf,
    /// The spec it serves and the command-line arguments after `mock <spec>`, for
    /// [`restart`](Self::restart).
    spec_file: PathBuf,
    args: Vec<String>,
    /// The port it listens on (127.0.0.1).
    pub port: u16,
}

impl Prism {
    /// Writes `spec` to a temporary folder named after `name`, serves it and waits until Prism
    /// listens.
    pub fn serve(name: &str, spec: &Value) -> Self {
        let mut prism = Self::spawn(name, spec, &[]);
        prism.wait_ready();
        prism
    }

    /// Writes `spec` to a temporary folder named after `name` and starts Prism on it with the
    /// extra command-line arguments `args`, without waiting for it to listen (start several,
    /// then [`wait_ready`](Self::wait_ready) each).
    pub fn spawn(name: &str, spec: &Value, args: &[&str]) -> Self {
        let dir =
            std::env::temp_dir().join(format!("apigen-contract-{name}-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("temp dir");
        let spec_file = dir.join(format!("{name}.json"));
        fs::write(&spec_file, serde_json::to_vec_pretty(spec).expect("json")).expect("write spec");
        let port =
            TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let child = start(&dir, &spec_file, port, &args);
        Self { child, dir, spec_file, port, args }
    }

    /// Whether the Prism process still runs (a request can crash it).
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Starts Prism again on the same spec and port (after a crash), its log restarted, and
    /// waits until it listens.
    pub fn restart(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.child = start(&self.dir, &self.spec_file, self.port, &self.args);
        self.wait_ready();
    }

    /// Waits until Prism listens (at most 90 s); panics with its log if it exits or times out.
    pub fn wait_ready(&mut self) {
        self.wait_for_listen(Duration::from_secs(90));
    }

    /// The last `n` lines of Prism's log.
    pub fn log_tail(&self, n: usize) -> String {
        let log = self.log();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(n)..].join("\n")
    }

    /// Its base URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// What Prism logged so far.
    pub fn log(&self) -> String {
        let mut text = String::new();
        if let Ok(mut f) = fs::File::open(self.dir.join("prism.log")) {
            let _ = f.read_to_string(&mut text);
        }
        text
    }

    /// The requests of Prism's log that have violations, each with them.
    pub fn violations(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut request = String::new();
        let mut shown = false;
        for line in self.log().lines() {
            if line.contains("[HTTP SERVER]") {
                request = line.to_owned();
                shown = false;
            } else if line.contains("Violation") {
                if !shown {
                    out.push(request.clone());
                    shown = true;
                }
                out.push(line.to_owned());
            }
        }
        out
    }

    fn wait_for_listen(&mut self, timeout: Duration) {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let started = Instant::now();
        loop {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("Prism exited ({status}) before listening:\n{}", self.log());
            }
            if started.elapsed() > timeout {
                panic!(
                    "Prism did not listen on port {} within {timeout:?}:\n{}",
                    self.port,
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Starts `prism mock` on `spec_file` at `port`, logging to `dir/prism.log`.
fn start(dir: &std::path::Path, spec_file: &std::path::Path, port: u16, args: &[String]) -> Child {
    let log = fs::File::create(dir.join("prism.log")).expect("log file");
    Command::new(prism_bin())
        .arg("mock")
        .arg(spec_file)
        .args(["-h", "127.0.0.1", "-p", &port.to_string(), "--errors"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", prism_bin().display()))
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Our specs write operations that share a method and path (told apart by a body field) as
/// path keys with a fragment (`/servers/{id}/action#os-start`). Prism routes by the literal
/// key and could never match such a path: this merges every group of keys that differ only by
/// fragment into one path item; where two of them have the same method, the merged operation's
/// request body schema is `oneOf` the variants' schemas (each variant's selecting field is
/// required or a single-value enum, so exactly one validates), and the responses are the first
/// variant's, plus the statuses only a later one documents.
pub fn merge_fragment_paths(doc: &mut Value) {
    let paths = doc["paths"].as_object().expect("paths").clone();
    let mut merged: Map<String, Value> = Map::new();
    for (key, item) in paths {
        let base = key.split('#').next().expect("split").to_owned();
        match merged.get_mut(&base) {
            None => {
                merged.insert(base, item);
            }
            Some(existing) => {
                for (name, value) in item.as_object().expect("path item") {
                    match existing.get_mut(name) {
                        Some(op) if op.is_object() && name != "parameters" => {
                            merge_operation(op, value)
                        }
                        Some(_) => {}
                        None => existing[name] = value.clone(),
                    }
                }
            }
        }
    }
    doc["paths"] = Value::Object(merged);
}

fn merge_operation(a: &mut Value, b: &Value) {
    let ids = format!(
        "{}+{}",
        a["operationId"].as_str().unwrap_or_default(),
        b["operationId"].as_str().unwrap_or_default()
    );
    a["operationId"] = json!(ids);
    if let (Some(a_content), Some(b_content)) = (
        a.pointer_mut("/requestBody/content").and_then(Value::as_object_mut),
        b.pointer("/requestBody/content").and_then(Value::as_object),
    ) {
        for (content_type, b_media) in b_content {
            let b_schema = b_media["schema"].clone();
            match a_content.get_mut(content_type) {
                Some(a_media) => {
                    let a_schema = a_media["schema"].take();
                    let mut variants = match a_schema.get("oneOf") {
                        Some(Value::Array(v))
                            if a_schema.as_object().is_some_and(|m| m.len() == 1) =>
                        {
                            v.clone()
                        }
                        _ => vec![a_schema],
                    };
                    variants.push(b_schema);
                    *a_media = json!({ "schema": { "oneOf": variants } });
                }
                None => {
                    a_content.insert(content_type.clone(), json!({ "schema": b_schema }));
                }
            }
        }
    }
    if let (Some(a_resp), Some(b_resp)) = (
        a.get_mut("responses").and_then(Value::as_object_mut),
        b.get("responses").and_then(Value::as_object),
    ) {
        for (status, response) in b_resp {
            a_resp.entry(status.clone()).or_insert_with(|| response.clone());
        }
    }
}

/// Removes every `example` and `examples` (of media types, parameters and schemas), so that
/// Prism answers with values it makes from the schemas alone. Returns how many it removed.
pub fn strip_examples(doc: &mut Value) -> usize {
    let mut removed = 0;
    let mut stack = vec![doc];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                removed += usize::from(m.remove("example").is_some());
                removed += usize::from(m.remove("examples").is_some());
                for (key, child) in m.iter_mut() {
                    if key == "properties" {
                        // Property names are not examples (a property may be named `example`):
                        // strip inside each property schema only.
                        if let Value::Object(props) = child {
                            stack.extend(props.values_mut());
                        }
                    } else {
                        stack.push(child);
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
    removed
}

/// Makes the answers Prism builds from the schemas say success: where the spec has an error
/// envelope with documented success codes (`x-error-envelope.success`), the code field of every
/// 2xx JSON answer gets `enum: [<first success code>]` (typed as the field is), in a copy of the
/// answer's schema (error answers may share the component). Without it Prism writes `"string"`
/// as the code of a 200, which is a failure in the envelope, and every call fails the way a real
/// failure does. Returns how many answers it changed.
pub fn success_envelopes(doc: &mut Value) -> usize {
    let Some(envelope) = doc.get("x-error-envelope").cloned() else { return 0 };
    let (Some(code), Some(ok)) =
        (envelope["code"].as_str(), envelope.get("success").and_then(|s| s.get(0)).cloned())
    else {
        return 0;
    };
    let segments: Vec<&str> = code.trim_start_matches('/').split('/').collect();
    let resolve = |doc: &Value, v: &Value| -> Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => doc.pointer(r.trim_start_matches('#')).cloned().unwrap_or(Value::Null),
            None => v.clone(),
        }
    };
    // (path, method, status) of every 2xx JSON answer.
    let mut answers = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            for (status, _) in op.get("responses").and_then(Value::as_object).into_iter().flatten()
            {
                if status.starts_with('2') {
                    answers.push((path.clone(), method.clone(), status.clone()));
                }
            }
        }
    }
    let mut changed = 0;
    for (path, method, status) in answers {
        let response = resolve(doc, &doc["paths"][&path][&method]["responses"][&status]);
        let Some(schema) = response.pointer("/content/application~1json/schema") else { continue };
        let mut copy = resolve(doc, schema);
        let mut at = &mut copy;
        for (i, segment) in segments.iter().enumerate() {
            let Some(field) = at.get_mut("properties").and_then(|p| p.get_mut(*segment)) else {
                break;
            };
            let resolved = resolve(doc, field);
            *field = resolved;
            if i + 1 == segments.len() {
                let value = match field.get("type").and_then(Value::as_str) {
                    Some("integer") => ok
                        .as_str()
                        .and_then(|s| s.parse::<i64>().ok())
                        .map_or(ok.clone(), Value::from),
                    _ => Value::String(ok.as_str().map_or_else(|| ok.to_string(), str::to_owned)),
                };
                // Prism's static answers take a `default` before an `enum`.
                field["default"] = value.clone();
                field["enum"] = Value::Array(vec![value]);
                let mut response = response.clone();
                response["content"]["application/json"]["schema"] = copy;
                doc["paths"][&path][&method]["responses"][&status] = response;
                changed += 1;
                break;
            }
            at = field;
        }
    }
    changed
}
