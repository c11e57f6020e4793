//! A client for every credential kind of the runtime, all against one local server, and the
//! token services of the kinds that obtain tokens (Huawei IAM, Sangfor native and Keystone),
//! answered by [`token_service`]. Every secret (keys, passwords, tokens given or issued)
//! contains [`MARK`], so a search for it finds any of them.

use std::time::Duration;

use apigen_runtime::auth::huawei::{AkSk, IamScope, IamTokenProvider};
use apigen_runtime::auth::sangfor::{AccessKey, TokenProvider};
use apigen_runtime::auth::tencent::SecretKey;
use apigen_runtime::transport::{AuthSettings, SigningScheme, Transport};
use apigen_runtime::{ClientBuilder, Credentials, ServiceInfo};
use base64::Engine as _;

use crate::quick_retries;
use crate::server::{Head, Plan, Step, answer, json};

/// In every secret.
pub const MARK: &str = "s3cr3t";

/// Every secret, in the forms it is sent in (Basic's base64 pair included).
pub fn secrets() -> Vec<String> {
    let basic = base64::engine::general_purpose::STANDARD.encode("alice:basic-pw-s3cr3t");
    vec![MARK.to_owned(), basic]
}

const NONE: AuthSettings = AuthSettings::NONE;
static HEADER_KEY: ServiceInfo =
    ServiceInfo::new("faults", AuthSettings { token_header: Some("X-Auth-Token"), ..NONE });
static QUERY_KEY: ServiceInfo =
    ServiceInfo::new("faults", AuthSettings { token_query: Some("api_key"), ..NONE });
static COOKIE_KEY: ServiceInfo =
    ServiceInfo::new("faults", AuthSettings { token_cookie: Some("session"), ..NONE });
static PLAIN: ServiceInfo = ServiceInfo::new("faults", NONE);
pub static HUAWEI: ServiceInfo = ServiceInfo::new(
    "faults",
    AuthSettings {
        token_header: Some("X-Auth-Token"),
        signing: Some(SigningScheme::HuaweiSdkHmacSha256),
        project_id_header: Some("X-Project-Id"),
        ..NONE
    },
);
static TENCENT: ServiceInfo = ServiceInfo::new(
    "faults",
    AuthSettings { signing: Some(SigningScheme::Tc3HmacSha256 { service: "cvm" }), ..NONE },
);
pub static SANGFOR: ServiceInfo = ServiceInfo::new(
    "faults",
    AuthSettings {
        token_header: Some("X-Auth-Token"),
        signing: Some(SigningScheme::SangforAws4 {
            region: "cn-south-1",
            service: "open-api",
            signed_headers: "path;x-amz-date",
        }),
        ..NONE
    },
);

/// One credential kind and a client using it.
pub struct Kind {
    pub name: &'static str,
    pub client: Transport,
    /// Headers that carry the credential on an API request (none for a token in the query).
    pub carriers: &'static [&'static str],
}

pub fn iam(url: &str) -> IamTokenProvider {
    IamTokenProvider::new(
        url,
        "alice",
        "iam-pw-s3cr3t",
        "acme",
        IamScope::ProjectName("cn-north-4".into()),
    )
}

pub fn janus(url: &str) -> TokenProvider {
    TokenProvider::janus(url, "admin", "janus-pw-s3cr3t")
}

pub fn keystone(url: &str) -> TokenProvider {
    TokenProvider::keystone(url, "tenant", "admin", "keystone-pw-s3cr3t")
}

fn build(service: &'static ServiceInfo, url: &str, credentials: Credentials) -> Transport {
    ClientBuilder::new(service)
        .endpoint(url)
        .credentials(credentials)
        .retry(quick_retries(2))
        .timeout(Duration::from_secs(2))
        .build()
        .expect("valid settings")
}

/// A client of `url` for every credential kind; token services are at `url` too.
pub fn every_kind(url: &str) -> Vec<Kind> {
    let aksk = AkSk::new("HWAK", "huawei-sk-s3cr3t")
        .with_project_id("project-1")
        .with_security_token("huawei-sts-s3cr3t");
    let tencent = SecretKey::new("AKIDtc", "tencent-sk-s3cr3t").with_token("tencent-sts-s3cr3t");
    vec![
        Kind {
            name: "API key in a header",
            client: build(&HEADER_KEY, url, Credentials::Token("key-header-s3cr3t".into())),
            carriers: &["x-auth-token"],
        },
        Kind {
            name: "API key in the query",
            client: build(&QUERY_KEY, url, Credentials::Token("key-query-s3cr3t".into())),
            carriers: &[],
        },
        Kind {
            name: "API key in a cookie",
            client: build(&COOKIE_KEY, url, Credentials::Token("key-cookie-s3cr3t".into())),
            carriers: &["cookie"],
        },
        Kind {
            name: "bearer token",
            client: build(&PLAIN, url, Credentials::bearer("bearer-s3cr3t")),
            carriers: &["authorization"],
        },
        Kind {
            name: "basic",
            client: build(&PLAIN, url, Credentials::basic("alice", "basic-pw-s3cr3t")),
            carriers: &["authorization"],
        },
        Kind {
            name: "Huawei AK/SK (temporary)",
            client: build(&HUAWEI, url, aksk.into()),
            carriers: &["authorization", "x-security-token"],
        },
        Kind {
            name: "Huawei IAM token",
            client: build(&HUAWEI, url, iam(url).into()),
            carriers: &["x-auth-token"],
        },
        Kind {
            name: "Tencent TC3 (temporary)",
            client: build(&TENCENT, url, tencent.into()),
            carriers: &["authorization", "x-tc-token"],
        },
        Kind {
            name: "Sangfor access key",
            client: build(&SANGFOR, url, AccessKey::new("SFAK", "sangfor-sk-s3cr3t").into()),
            carriers: &["authorization"],
        },
        Kind {
            name: "Sangfor native token",
            client: build(&SANGFOR, url, janus(url).into()),
            carriers: &["authorization"],
        },
        Kind {
            name: "Sangfor Keystone token",
            client: build(&SANGFOR, url, keystone(url).into()),
            carriers: &["x-auth-token"],
        },
    ]
}

/// The modulus as `GET /janus/public-key` serves it (see tests/sangfor_token.rs).
fn modulus() -> String {
    let line = include_str!("../data/sangfor-test-key.modulus").trim();
    format!("{}\n", line.strip_prefix("Modulus=").expect("openssl -modulus output"))
}

/// Answers the token requests of the three token kinds, issuing `issued-<kind>-s3cr3t-<n>`
/// tokens valid until `expires`; `None` for any other request.
pub fn token_service(head: &Head<'_>, expires: &str) -> Option<Plan> {
    let n = head.index;
    let plan = match (head.method, head.target) {
        ("POST", "/v3/auth/tokens") => {
            let token = format!("issued-iam-s3cr3t-{n}");
            let headers = [("Content-Type", "application/json"), ("X-Subject-Token", &token)];
            let body = format!(r#"{{"token":{{"expires_at":"{expires}"}}}}"#);
            Plan::steps(vec![Step::Write(answer(201, &headers, body))])
        }
        ("GET", "/janus/public-key") => json(
            200,
            &serde_json::json!({"code": 0, "message": "", "data": {"public_key": modulus()}})
                .to_string(),
        ),
        ("POST", "/janus/authenticate") => json(
            200,
            &serde_json::json!({"code": 0, "message": "", "data": {"access": {"token": {
                "id": format!("issued-janus-s3cr3t-{n}"), "expires": expires}}}})
            .to_string(),
        ),
        ("POST", "/openstack/identity/v2.0/tokens") => json(
            200,
            &serde_json::json!({"access": {"token": {
                "id": format!("issued-keystone-s3cr3t-{n}"), "expires": expires}}})
            .to_string(),
        ),
        _ => return None,
    };
    Some(plan)
}

/// Whether `target` is a token-service request.
pub fn is_token_request(target: &str) -> bool {
    ["/v3/auth/tokens", "/janus/", "/openstack/identity/"].iter().any(|p| target.starts_with(p))
}
