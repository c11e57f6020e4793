//! The typed mocks (`mock` feature of every generated crate), used as a user's tests would use
//! them: one operation of each vendor, answered with a typed answer, a documented error, a
//! vendor error code or a fault; and what the server refuses (a wrong signature, another
//! request than expected, an expectation never met), with the explanations it gives.

use std::time::Duration;

use apigen_runtime::Error;

#[tokio::test]
async fn huawei_coc_signed_call_matched_by_a_condition_and_a_documented_error() {
    use huaweicloud_coc::Client;
    use huaweicloud_coc::mock::{self, Mock};
    use huaweicloud_coc::models::{ErrorResponse, ListScriptsResponse, ListScriptsType};
    use huaweicloud_coc::operations::{ListScriptsError, ListScriptsRequest};

    let server = mock::server().await;
    let answer = ListScriptsResponse::default();
    server
        .expect(
            Mock::list_scripts()
                .when(|r| r.limit == 10 && r.type_ == Some(ListScriptsType::Shell))
                .respond(answer.clone())
                .times(1),
        )
        .await;
    let mut refusal = ErrorResponse::default();
    refusal.error_code = Some("COC.00000001".into());
    refusal.error_msg = Some("bad".into());
    server
        .expect(
            Mock::list_scripts()
                .when(|r| r.limit == 99)
                .respond_error(ListScriptsError::BadRequest(refusal.clone())),
        )
        .await;

    let client: Client = server.client();
    let got = client
        .list_scripts(ListScriptsRequest::new(10).type_(ListScriptsType::Shell))
        .await
        .unwrap();
    assert_eq!(got, answer);
    let err = client.list_scripts(ListScriptsRequest::new(99)).await.unwrap_err();
    match err {
        Error::Api(api) => {
            assert_eq!(api.status.as_u16(), 400);
            assert_eq!(api.code.as_deref(), Some("COC.00000001"));
            assert_eq!(api.detail, Some(ListScriptsError::BadRequest(refusal)));
        }
        other => panic!("expected the documented error, got {other:?}"),
    }
}

#[tokio::test]
async fn huawei_osm_upload_is_read_back_and_a_vendor_error_code_decodes() {
    use huaweicloud_osm::Client;
    use huaweicloud_osm::mock::{self, Mock};
    use huaweicloud_osm::models::UploadAccessoryResponse;
    use huaweicloud_osm::operations::UploadAccessoryRequest;

    let server = mock::server().await;
    let mut answer = UploadAccessoryResponse::default();
    answer.accessory_id = Some("acc-1".into());
    server
        .expect(
            Mock::upload_accessory()
                .when(|r| {
                    r.file.bytes().map(|b| b.as_ref()) == Some(&b"log line\n"[..])
                        && r.file.name() == Some("app.log")
                        && r.form_data == "{\"simple_desc\":\"x\"}"
                })
                .respond(answer.clone()),
        )
        .await;
    let client: Client = server.client();
    let file = apigen_runtime::Upload::from_bytes(&b"log line\n"[..], "app.log");
    let got = client
        .upload_accessory(UploadAccessoryRequest::new(file, "{\"simple_desc\":\"x\"}"))
        .await
        .unwrap();
    assert_eq!(got, answer);

    server
        .expect(Mock::upload_accessory().when(|r| r.form_data == "quota").respond_code(
            403,
            "OSM.0000403",
            "quota exceeded",
        ))
        .await;
    let file = apigen_runtime::Upload::from_bytes(&b"x"[..], "x.log");
    let err =
        client.upload_accessory(UploadAccessoryRequest::new(file, "quota")).await.unwrap_err();
    assert_eq!(err.code(), Some("OSM.0000403"));
}

#[tokio::test]
async fn tencent_rpc_call_is_checked_against_tc3_and_the_answer_wrapped_in_response() {
    use tencentcloud_tce_chronofloworder::Client;
    use tencentcloud_tce_chronofloworder::mock::{self, Mock};
    use tencentcloud_tce_chronofloworder::models::{
        GetDagInstanceDetailOutput, GetDagInstanceDetailRequest as Body,
    };
    use tencentcloud_tce_chronofloworder::operations::GetDagInstanceDetailRequest;

    let server = mock::server().await;
    let request = GetDagInstanceDetailRequest::new(Body::new(42, "ns"));
    let answer = GetDagInstanceDetailOutput::new("req-1");
    server
        .expect(Mock::get_dag_instance_detail().with(request.clone()).respond(answer.clone()))
        .await;
    let client: Client = server
        .builder()
        .region("ap-guangzhou")
        .retry(apigen_runtime::RetryPolicy::disabled())
        .build()
        .unwrap();
    assert_eq!(client.get_dag_instance_detail(request).await.unwrap(), answer);
}

#[tokio::test]
async fn sangfor_answer_in_its_envelope_and_faults() {
    use sangfor_scp::Client;
    use sangfor_scp::mock::{self, Fault, Mock};
    use sangfor_scp::operations::GetTaskRequest;

    let server = mock::server().await;
    server.expect(Mock::get_task().when(|r| r.task_id == "down").fault(Fault::Status(503))).await;
    server.expect(Mock::get_task().when(|r| r.task_id == "html").fault(Fault::Html(502))).await;
    server
        .expect(
            Mock::get_task()
                .when(|r| r.task_id == "slow")
                .delay(Duration::from_secs(5))
                .fault(Fault::Status(200)),
        )
        .await;
    let client: Client = server.client();
    let err = client.get_task(GetTaskRequest::new("down")).await.unwrap_err();
    assert!(matches!(&err, Error::Api(api) if api.status.as_u16() == 503), "{err:?}");
    let err = client.get_task(GetTaskRequest::new("html")).await.unwrap_err();
    assert!(matches!(&err, Error::Api(api) if api.status.as_u16() == 502), "{err:?}");
    let impatient: Client = server
        .builder()
        .timeout(Duration::from_millis(200))
        .retry(apigen_runtime::RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = impatient.get_task(GetTaskRequest::new("slow")).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn a_wrong_signature_is_refused_with_the_servers_canonical_request() {
    use huaweicloud_coc::mock::{self, Mock};
    use huaweicloud_coc::operations::ListScriptsRequest;
    use huaweicloud_coc::{AkSk, Client};

    let server = mock::server().await;
    let answer = huaweicloud_coc::models::ListScriptsResponse::default();
    server.expect(Mock::list_scripts().respond(answer).times(0)).await;
    let wrong: Client = server
        .builder()
        .credentials(AkSk::new("MOCKACCESSKEY", "not-the-servers-secret"))
        .retry(apigen_runtime::RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = wrong.list_scripts(ListScriptsRequest::new(10)).await.unwrap_err();
    assert!(matches!(&err, Error::Api(api) if api.status.as_u16() == 404), "{err:?}");
    let refused = server.take_unexpected();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(refused[0].contains("the signature does not match"), "{}", refused[0]);
    assert!(
        refused[0].contains("GET\n/v1/job/scripts/\n"),
        "the canonical request is shown: {}",
        refused[0]
    );
    assert!(!refused[0].contains("not-the-servers-secret"), "no secret in the explanation");
}

#[tokio::test]
async fn another_request_than_expected_gets_a_line_diff_of_the_typed_requests() {
    use tencentcloud_tce_chronofloworder::Client;
    use tencentcloud_tce_chronofloworder::mock::{self, Mock};
    use tencentcloud_tce_chronofloworder::models::{
        GetDagInstanceDetailOutput, GetDagInstanceDetailRequest as Body,
    };
    use tencentcloud_tce_chronofloworder::operations::GetDagInstanceDetailRequest;

    let server = mock::server().await;
    let expected = GetDagInstanceDetailRequest::new(Body::new(42, "ns"));
    server
        .expect(
            Mock::get_dag_instance_detail()
                .with(expected)
                .respond(GetDagInstanceDetailOutput::new("r"))
                .times(0),
        )
        .await;
    let client: Client = server
        .builder()
        .region("ap-guangzhou")
        .retry(apigen_runtime::RetryPolicy::disabled())
        .build()
        .unwrap();
    client
        .get_dag_instance_detail(GetDagInstanceDetailRequest::new(Body::new(43, "ns")))
        .await
        .unwrap_err();
    let refused = server.take_unexpected();
    assert_eq!(refused.len(), 1);
    assert!(refused[0].contains("-        dag_id: 42,\n+        dag_id: 43,"), "{}", refused[0]);
}

/// Sends `GET <path_and_query>` to `server`, signed with the server's own AK/SK, and returns
/// the server's explanations of why no expectation accepted it.
async fn signed_get(
    server: &huaweicloud_coc::mock::MockServer,
    path_and_query: &str,
) -> Vec<String> {
    use apigen_runtime::signing::{SignableRequest, huawei};
    let apigen_runtime::Credentials::HuaweiAkSk(aksk) = server.credentials() else {
        panic!("a Huawei mock accepts AK/SK")
    };
    let url = url::Url::parse(&format!("{}{path_and_query}", server.uri())).unwrap();
    let request = SignableRequest { method: "GET", url: &url, headers: &[], body: b"" };
    let now = time::OffsetDateTime::now_utc();
    let signature = huawei::sign(request, &aksk.access_key, aksk.secret_key.expose(), now).unwrap();
    let mut get = apigen_runtime::reexports::reqwest::Client::new().get(url.as_str());
    for (name, value) in &signature.headers {
        get = get.header(name, value);
    }
    assert_eq!(get.send().await.unwrap().status(), 404);
    server.take_unexpected()
}

#[tokio::test]
async fn a_signed_request_without_a_required_input_is_refused_naming_it() {
    let server = huaweicloud_coc::mock::server().await;
    server.expect(huaweicloud_coc::mock::Mock::list_scripts().times(0)).await;
    // Signed with the server's own secret, but without the required `limit`.
    let refused = signed_get(&server, "/v1/job/scripts").await;
    assert_eq!(refused.len(), 1);
    assert!(
        refused[0].contains("the required query parameter `limit` is missing"),
        "{}",
        refused[0]
    );
    // A value that does not read as its type is named too.
    let refused = signed_get(&server, "/v1/job/scripts?limit=ten").await;
    assert_eq!(refused.len(), 1);
    assert!(
        refused[0].contains("query parameter `limit`: `ten` is not an integer"),
        "{}",
        refused[0]
    );
}

#[tokio::test]
async fn an_expectation_never_met_fails_the_test_when_the_server_is_dropped() {
    let outcome = tokio::spawn(async {
        let server = huaweicloud_coc::mock::server().await;
        server.expect(huaweicloud_coc::mock::Mock::list_scripts()).await;
    })
    .await;
    assert!(
        outcome.is_err_and(|e| e.is_panic()),
        "dropping a server with an unmet expectation panics"
    );

    let outcome = tokio::spawn(async {
        let server = huaweicloud_coc::mock::server().await;
        let client: huaweicloud_coc::Client = server.client();
        let _ = client.list_scripts(huaweicloud_coc::operations::ListScriptsRequest::new(1)).await;
    })
    .await;
    assert!(
        outcome.is_err_and(|e| e.is_panic()),
        "dropping a server that refused a request panics"
    );
}

/// Every operation of every crate through its typed mock, with the wire tests' inputs (every
/// parameter, optional ones included): the server reads the request back into the typed request
/// equal to the one sent (`with`), verifies its signature or token, and the call decodes the
/// typed answer the expectation gave.
async fn every_operation<C: From<apigen_runtime::Transport> + Send + 'static>(
    crate_name: &str,
    source: &'static str,
    calls: Vec<(&'static str, apigen_tests::harness::MockCall<C>)>,
    builder: fn() -> apigen_runtime::ClientBuilder<C>,
) {
    use apigen_tests::synth::Place;
    let mut failures = Vec::new();
    let count = calls.len();
    for (id, call) in calls {
        let op = apigen_tests::harness::operation(source, id);
        let server = apigen_runtime::mock::MockServer::start(builder().service()).await;
        let client = builder()
            .endpoint(server.uri())
            .credentials(server.credentials())
            .retry(apigen_runtime::RetryPolicy::disabled())
            .build()
            .expect("client");
        let answer = if op.downloads() {
            serde_json::json!([100, 97, 116, 97])
        } else {
            op.answer(1, false)
                .map(|v| op.answer_part(&v).clone())
                .unwrap_or(serde_json::Value::Null)
        };
        let outcome = call(client, &server, op.input(1, false, Place::Url), answer).await;
        // Operations the typed mock cannot read back (tests/fixtures/contract/exclusions.json,
        // each with its reason): they must still fail, so that no exclusion outlives it.
        if let Some(why) = apigen_tests::harness::exclusion(source, id, "mock") {
            if outcome.is_ok() {
                failures.push(format!("{id}: excluded ({why}) but passes: remove the exclusion"));
            }
            let _ = server.take_unexpected();
            server.reset().await;
            continue;
        }
        if let Err(f) = outcome {
            failures.push(format!("{id}: {}\n{}", f.text, server.take_unexpected().join("\n")));
            server.reset().await;
        }
    }
    assert!(
        failures.is_empty(),
        "{crate_name}: {} of {count} operations failed through the mock:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{crate_name}: {count} operations read back, verified and answered by the mock");
}

macro_rules! mock_test {
    ($krate:ident, $name:literal, $source:literal) => {
        #[tokio::test]
        async fn $krate() {
            use apigen_tests::harness::calls::$krate as table;
            every_operation($name, $source, table::mock_calls(), table::builder).await;
        }
    };
}

apigen_tests::for_each_api!(mock_test);
