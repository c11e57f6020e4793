//! Contract check of every generated crate against an independent implementation of its spec:
//! the Prism mock server (npm `@stoplight/prism-cli`, pinned in `tests/contract/package.json`,
//! `apigen_tests::prism`).
//!
//! Prism validates every request against the spec (path, query, headers, body, the credentials
//! the security schemes require) and, with `--errors`, answers a request or an answer of its own
//! that breaks the spec with an error. Prism serves the bundled spec with the changes it needs:
//! operations that share a path (told apart by a body field, `#fragment` keys) merged into one
//! with a `oneOf` body; RPC actions (`POST /` + `X-TC-Action`) routed through a proxy
//! (`apigen_tests::rpc_proxy`); examples removed, so that Prism answers with values it makes from
//! the schemas (several documents' samples contradict their tables, spec/README.md). Every
//! operation of the generated client is called once with inputs made from the schemas
//! (`apigen_tests::harness`) and must succeed: its request passed Prism's validation and Prism's
//! answer decoded into the typed answer. Two requests that break the spec must be refused (a
//! check that the check can fail).
//!
//! A spec added under spec/ is checked here with no new code (`for_each_api!`). Install Prism
//! with `npm ci --prefix tests/contract`; without it each check says SKIPPED on stderr and
//! passes, unless `APIGEN_REQUIRE_PRISM=1` (CI sets it), where it fails.

use std::time::Instant;

use apigen_runtime::reexports::reqwest;
use apigen_runtime::{ClientBuilder, Transport};
use apigen_tests::harness::{Call, Operation, exclusion, operations, spec};
use apigen_tests::prism::{self, Prism};
use apigen_tests::rpc_proxy;
use apigen_tests::synth::Place;
use serde_json::{Value, json};

/// Whether the spec is RPC-style (every operation an `x-rpc-action`).
fn is_rpc(source: &'static str) -> bool {
    operations(source).iter().all(|o| o.rpc().is_some())
}

/// The spec as Prism gets it (see the module documentation), and how many examples it lost.
fn prism_spec(source: &'static str) -> (Value, usize) {
    let mut doc = spec(source).clone();
    if is_rpc(source) {
        rpc_proxy::rpc_paths(&mut doc);
    } else {
        prism::merge_fragment_paths(&mut doc);
    }
    let removed = prism::strip_examples(&mut doc);
    prism::success_envelopes(&mut doc);
    (doc, removed)
}

/// Crates whose contract check is still hand-written, and why the schema-made inputs and
/// answers do not pass Prism for them yet: requests need the documents' examples where fields
/// carry a `pattern` (the synthesizer does not write strings for a pattern), and Prism's
/// schema-made answers of the Huawei APIs put a failure code in the error envelope of a 200.
const HAND_CHECKED: &[(&str, &str)] = &[];

async fn every_operation<C: From<Transport> + Send + 'static>(
    crate_name: &str,
    source: &'static str,
    calls: fn() -> Vec<(&'static str, Call<C>)>,
    builder: fn() -> ClientBuilder<C>,
) {
    if let Some((_, reason)) = HAND_CHECKED.iter().find(|(name, _)| *name == crate_name) {
        eprintln!("{crate_name}: contract check in {reason}");
        return;
    }
    if !prism::available() {
        return;
    }
    let started = Instant::now();
    let (doc, examples) = prism_spec(source);
    // Dynamic answers (json-schema-faker, seeded): Prism's static answers write "string" for
    // strings with a `pattern`, which its own answer validation then refuses. No additional
    // properties: the answers are exactly the schemas' fields.
    let args = ["--dynamic", "--seed", "20230701", "--json-schema-faker-fillProperties=false"];
    let mut prism = Prism::spawn(crate_name, &doc, if is_rpc(source) { &args } else { &[] });
    prism.wait_ready();
    let proxy = if is_rpc(source) { Some(rpc_proxy::start_proxy(prism.port).await) } else { None };
    let endpoint = proxy.as_ref().map_or_else(|| prism.url(), |p| format!("http://{}", p.addr));
    let startup = started.elapsed();

    let mut failures = Vec::new();
    let mut excluded = Vec::new();
    let mut deferred = Vec::new();
    let mut count = 0;
    for (id, call) in calls() {
        let op = apigen_tests::harness::operation(source, id);
        let client = op.client(builder, &endpoint);
        // Path and query values Prism can route and validate (no `/` or `?` in a segment
        // value, which Prism decodes before routing); integers within JavaScript's range.
        count += 1;
        // Excluded operations run last (one may crash Prism), after the controls.
        if exclusion(source, id, "prism").is_some() {
            deferred.push((id, call));
            continue;
        }
        let input = op.input(11, true, Place::Header);
        if let Err(failure) = check(op, &prism, call(client, input)).await {
            failures.push(format!("{id} ({} {}): {}", op.method, op.path, failure.text));
        }
    }
    eprintln!(
        "contract check of {crate_name}: {count} operations against Prism in {:?} (Prism \
         start-up {startup:?}, {examples} examples removed; {} excluded, checked below)",
        started.elapsed(),
        deferred.len()
    );
    assert!(
        failures.is_empty(),
        "{crate_name}: {} of {count} operations failed against Prism:\n  {}\n\nPrism's log:\n{}",
        failures.len(),
        failures.join("\n  "),
        prism.log_tail(80)
    );
    assert_eq!(count, operations(source).len());

    // Controls: Prism refuses what the spec forbids, so that passing means something.
    let http = reqwest::Client::new();
    let send = |op: &Operation, body: Option<Value>, with_credentials: bool| {
        let path = op.path.replace(['{', '}'], "");
        let mut request =
            http.request(op.method.parse().expect("method"), format!("{endpoint}{path}"));
        if let Some((action, version)) = op.rpc() {
            request = request.header("X-TC-Action", action).header("X-TC-Version", version);
        }
        if with_credentials {
            // Prism checks that the header a scheme names is there, not the signature.
            request = request
                .header("Authorization", "contract-control")
                .header("X-Auth-Token", "contract-control");
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send()
    };
    let ops = operations(source);
    // A JSON body of the wrong shape (a number where an object is required).
    let with_body = ops.iter().find(|o| {
        o.body_media().is_some_and(|(m, s)| m == "application/json" && s["type"] == "object")
            && o.params.iter().all(|p| p["in"] != "header" || p["required"] != true)
    });
    if let Some(op) = with_body {
        let status = send(op, Some(json!(42)), true).await.expect("send").status();
        assert!(status.is_client_error(), "{}: a wrong body passed ({status})", op.id);
    }
    // No credentials on an operation that requires them.
    if let Some(op) = ops.iter().find(|o| !o.security.is_empty()) {
        let status = send(op, None, false).await.expect("send").status();
        assert!(status.is_client_error(), "{}: no credentials passed ({status})", op.id);
    }

    // The excluded operations: each must still fail, on a Prism restarted when one crashed it.
    let mut passing = Vec::new();
    for (id, call) in deferred {
        let op = apigen_tests::harness::operation(source, id);
        let why = exclusion(source, id, "prism").expect("deferred: excluded");
        if !prism.alive() {
            prism.restart();
        }
        let client = op.client(builder, &endpoint);
        match check(op, &prism, call(client, op.input(11, true, Place::Header))).await {
            Ok(()) => passing.push(format!("{id} ({why})")),
            Err(failure) => {
                let text: String = failure.text.chars().take(100).collect();
                excluded.push(format!("{id}: {text}… (excluded: {why})"));
                // No answer: the request crashed Prism (it may not have exited yet).
                if failure.api.is_none() {
                    prism.restart();
                }
            }
        }
    }
    eprintln!(
        "{crate_name}: {} operations excluded from the contract check \
         (tests/fixtures/contract/exclusions.json), each still failing: {}",
        excluded.len(),
        excluded.join("; ")
    );
    assert!(
        passing.is_empty(),
        "{crate_name}: excluded in tests/fixtures/contract/exclusions.json but passing Prism \
         (remove the exclusions):\n  {}",
        passing.join("\n  ")
    );
    drop(proxy);
    drop(prism);
}

/// Whether a call passed Prism: its typed answer, or, for an operation that documents no
/// success answer (only failures, as some public specs do), one of its documented statuses
/// with no violation in Prism's log for the request.
async fn check(
    op: &Operation,
    prism: &Prism,
    call: impl std::future::Future<Output = apigen_tests::harness::Outcome>,
) -> Result<(), apigen_tests::harness::Failure> {
    let violations = prism.violations().len();
    let outcome = call.await;
    let refused = prism.violations().len() > violations;
    match outcome {
        Err(failure) if !refused && op.documents_no_success() && failure.api.is_some() => {
            let status = failure.api.as_ref().expect("checked").0;
            if op.op["responses"].get(status.to_string()).is_some() { Ok(()) } else { Err(failure) }
        }
        other => other.map(|_| ()),
    }
}

macro_rules! contract_test {
    ($krate:ident, $name:literal, $source:literal) => {
        #[tokio::test(flavor = "multi_thread")]
        async fn $krate() {
            use apigen_tests::harness::calls::$krate as table;
            every_operation($name, $source, table::calls, table::builder).await;
        }
    };
}

apigen_tests::for_each_api!(contract_test);
