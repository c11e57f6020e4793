//! Contract check of `tencentcloud-tce-chronofloworder` and `tencentcloud-tce-appmanager` against
//! an independent implementation of their specs: the Prism mock server (npm
//! `@stoplight/prism-cli`, pinned in `tests/contract/package.json`).
//!
//! Prism validates every request against the spec (body schema, required `Authorization`) and,
//! with `--errors`, answers a request or a response of its own that violates the spec with an
//! error. Every action of both generated clients is called with valid inputs (made from the
//! schemas, every property filled, `uint64`s up to 18446744073709551615) and must succeed: the
//! request passed Prism's validation, and Prism's answer, made by Prism from the response schema,
//! decoded into the typed output without losing a field. Requests that break the spec are
//! refused (a check that the check can fail).
//!
//! Routing. The specs describe RPC-style actions: every action is `POST /`, selected by the
//! `X-TC-Action` header, and written as path keys `/#X-TC-Action=<Action>` (the fragment only
//! keeps the 40 keys distinct, spec/README.md Tencent 2). Prism routes by path alone and cannot
//! select an operation by a header, so it is given a derived copy of each spec ([`prism_spec`])
//! whose path keys are `/X-TC-Action/<Action>`, and a small proxy ([`Proxy`]) in front of it
//! forwards each `POST /` with `X-TC-Action: <Action>` to `/X-TC-Action/<Action>`, the body and
//! every header unchanged. The clients talk to the proxy.
//!
//! Install Prism with `npm ci --prefix tests/contract`. Without it the test prints that and
//! passes, unless `APIGEN_REQUIRE_PRISM=1` (CI sets it), where it fails.

mod tencent_cases;

use apigen_tests::prism::{self, Prism};
use apigen_tests::rpc_proxy::{self, Proxy, start_proxy};
use std::time::Instant;

use serde_json::{Value, json};
use tencent_cases::{Api, Clients, Setup, Spec, Synth, Values, cases, json_diff, spec};
use tencentcloud_tce_chronofloworder as chrono;

const SECRET_ID: &str = "AKIDcontractTencent00000000000000001";
const SECRET_KEY: &str = "contract-tencent-secret-key-000001";
const REGION: &str = "shjr";

// ---------------------------------------------------------------------------------------------
// Prism
// ---------------------------------------------------------------------------------------------

/// The spec as Prism gets it (`rpc_proxy::rpc_paths`).
fn prism_spec(spec: &Spec) -> Value {
    let mut doc = spec.doc.clone();
    rpc_proxy::rpc_paths(&mut doc);
    doc
}

/// Starts Prism on the derived spec of `api`, not waiting for it to listen.
fn spawn_prism(api: Api) -> Prism {
    // Dynamic answers (json-schema-faker, seeded): Prism's static answers write "string" for
    // strings with a `pattern` (Tencent's Datetime), which its own response validation then
    // rejects. No additional properties: the answers are exactly the schemas' fields.
    let args = ["--dynamic", "--seed", "20230701", "--json-schema-faker-fillProperties=false"];
    Prism::spawn(&format!("tencent-{}", api.service()), &prism_spec(spec(api)), &args)
}

fn clients_for(proxy: &Proxy) -> Clients {
    Clients::new(&Setup {
        endpoint: format!("http://{}", proxy.addr),
        credentials: chrono::SecretKey::new(SECRET_ID, SECRET_KEY),
        region: Some(REGION.to_owned()),
    })
}

/// Calls every action of `api` through `proxy`, one at a time (so that the seeded answers are
/// the same in every run). Returns the number of calls and the failures.
///
/// The request bodies are the wire tests' (every property filled, non-ASCII text), with one
/// difference: Prism allows `int64` only within ±(2^53 - 1) (`Values::JsSafeInt64`), while the
/// wire tests send the whole `i64` range. `uint64`s stay beyond 2^53, up to 18446744073709551615.
async fn check_api(api: Api, proxy: &Proxy) -> (usize, Vec<String>) {
    let clients = clients_for(proxy);
    let mut calls = 0;
    let mut failures = Vec::new();
    for case in cases().into_iter().filter(|c| c.api == api) {
        calls += 1;
        let body = Synth::request(spec(api), case.op, Values::JsSafeInt64);
        let outcome = (case.run)(clients.clone(), body).await;
        let exchange = proxy
            .exchanges
            .lock()
            .expect("lock")
            .iter()
            .rev()
            .find(|e| e.action == case.action)
            .cloned();
        let (typed, exchange) = match (outcome, exchange) {
            (Ok(typed), Some(exchange)) => (typed, exchange),
            (Ok(_), None) => {
                failures.push(format!("{}: Prism saw no request", case.action));
                continue;
            }
            (Err(failure), exchange) => {
                let answer = exchange
                    .map(|e| format!("{} {}", e.status, String::from_utf8_lossy(&e.body)))
                    .unwrap_or_default();
                failures.push(format!(
                    "{}: {}\n    Prism answered: {answer}",
                    case.action, failure.text
                ));
                continue;
            }
        };
        // Prism's answer is {"Response": <Output>}; the typed output holds all of it.
        let answer: Value = serde_json::from_slice(&exchange.body).expect("Prism answers JSON");
        let diff = json_diff(&answer["Response"], &typed, true);
        if !diff.is_empty() {
            failures.push(format!(
                "{}: the typed output differs from Prism's answer:\n    {}",
                case.action,
                diff.join("\n    ")
            ));
        }
    }
    (calls, failures)
}

/// Requests that break the spec must be refused by Prism, or the check above proves nothing.
async fn check_prism_refuses(proxy: &Proxy) -> (usize, Vec<String>) {
    use apigen_runtime::reexports::http::Method as M;
    let clients = clients_for(proxy);
    let transport = clients.chrono.transport();
    let mut failures = Vec::new();
    let refusals = [
        ("OperationDag", json!({}), 422, "required DagId and Operation missing"),
        ("GetDagInstanceDetail", json!({"DagId": -1}), 422, "DagId is a uint64 (minimum 0)"),
        ("ListStepNodes", json!({"DagId": "1"}), 422, "DagId is an integer"),
        ("NoSuchAction", json!({}), 404, "the action does not exist"),
    ];
    for (action, body, expected, why) in refusals.clone() {
        let mut request = apigen_runtime::Request::new(M::POST, "/");
        request.headers.push(("X-TC-Action".into(), action.into()));
        request.headers.push(("X-TC-Version".into(), "2023-07-01".into()));
        request.body = apigen_runtime::Body::json(&body, "application/json").expect("serializable");
        match transport.call_json::<Value, ()>(request, None, |_, _| None).await {
            Err(error) if error.status().map(|s| s.as_u16()) == Some(expected) => {}
            other => failures.push(format!(
                "{action} {body}: Prism should refuse it ({why}) with {expected}, got {other:?}"
            )),
        }
    }
    (refusals.len(), failures)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_action_passes_prism_validation() {
    let started = Instant::now();
    if !prism::available() {
        return;
    }

    // One Prism per spec, started together.
    let mut prisms: Vec<(Api, Prism)> =
        Api::ALL.iter().map(|&api| (api, spawn_prism(api))).collect();
    for (_, prism) in &mut prisms {
        prism.wait_ready();
    }
    let startup = started.elapsed();

    let mut calls = 0;
    let mut failures = Vec::new();
    let mut proxies = Vec::new();
    for (api, prism) in &prisms {
        let proxy = start_proxy(prism.port).await;
        let (n, mut f) = check_api(*api, &proxy).await;
        calls += n;
        failures.append(&mut f);
        proxies.push(proxy);
    }
    let chrono_proxy = &proxies[0];
    let (refused, mut f) = check_prism_refuses(chrono_proxy).await;
    failures.append(&mut f);

    let total = started.elapsed();
    eprintln!(
        "contract check: {calls} calls of {} actions (and {refused} requests that break the \
         spec) against two Prisms in {total:.3?} (Prism start-up {startup:.3?}, calls {:.3?})",
        cases().len(),
        total - startup
    );
    if !failures.is_empty() {
        let logs: Vec<String> = prisms
            .iter()
            .map(|(api, prism)| format!("Prism log of {}:\n{}", api.service(), prism.log_tail(60)))
            .collect();
        panic!(
            "{} failure(s) against Prism:\n  {}\n\n{}",
            failures.len(),
            failures.join("\n  "),
            logs.join("\n\n")
        );
    }
    drop(proxies);
    drop(prisms);
}
