//! Whether a received request carries the mock's credentials: a token compared, a signature
//! recomputed with the runtime's own signers from what was received (the server knows the
//! secret), as the service would.

use time::OffsetDateTime;
use url::Url;

use crate::auth::Credentials;
use crate::client::ServiceInfo;
use crate::signing::{self, SignableRequest};
use crate::transport::TokenPlace;

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The value of `key=` in an `Authorization` header (`, `-separated).
fn auth_field<'a>(authorization: &'a str, key: &str) -> Option<&'a str> {
    let (_, rest) = authorization.split_once(' ')?;
    rest.split(',').map(str::trim).find_map(|part| part.strip_prefix(key)?.strip_prefix('='))
}

/// `Ok` when `request` is authenticated with `credentials` as `service` requires.
pub fn authenticated(
    service: &ServiceInfo,
    credentials: &Credentials,
    request: &wiremock::Request,
) -> Result<(), String> {
    match credentials {
        Credentials::Token(token) => {
            let received = match service.auth.token_place() {
                TokenPlace::Header(name) => header(request, name).map(str::to_owned),
                TokenPlace::Query(name) => {
                    request.url.query_pairs().find(|(n, _)| n == name).map(|(_, v)| v.into_owned())
                }
                TokenPlace::Cookie(name) => header(request, "cookie").and_then(|c| {
                    c.split(';')
                        .filter_map(|p| p.trim().split_once('='))
                        .find(|(n, _)| *n == name)
                        .map(|(_, v)| v.to_owned())
                }),
            };
            match received {
                Some(value) if value == token.expose() => Ok(()),
                Some(_) => Err("the request carries a token other than the server's".to_owned()),
                None => Err("the request carries no token".to_owned()),
            }
        }
        Credentials::Bearer(_) | Credentials::Basic { .. } => {
            match (header(request, "authorization"), credentials.authorization()) {
                (Some(received), Some(expected)) if received == expected => Ok(()),
                (Some(_), _) => {
                    Err("the request carries an Authorization other than the server's".to_owned())
                }
                (None, _) => Err("the request carries no Authorization header".to_owned()),
            }
        }
        signing_credentials => signed(service, signing_credentials, request),
    }
}

fn signed(
    service: &ServiceInfo,
    credentials: &Credentials,
    request: &wiremock::Request,
) -> Result<(), String> {
    use crate::transport::SigningScheme;
    let authorization = header(request, "authorization")
        .ok_or("the request is not signed (no Authorization header)")?;
    let signed_names: Vec<&str> = auth_field(authorization, "SignedHeaders")
        .ok_or("the Authorization header names no SignedHeaders")?
        .split(';')
        .collect();
    // The signers of TC3 and Sangfor add their time header from the time given them.
    let added_by_signer = [signing::tc3::TIMESTAMP_HEADER, signing::sangfor::DATE_HEADER];
    let headers: Vec<(String, String)> = signed_names
        .iter()
        .filter(|name| !added_by_signer.iter().any(|a| a.eq_ignore_ascii_case(name)))
        .filter_map(|name| header(request, name).map(|v| ((*name).to_owned(), v.to_owned())))
        .collect();
    // The URL as the client addressed it: same path and query, the Host it sent.
    let url = match header(request, "host") {
        Some(host) => {
            let mut url = Url::parse(&format!("http://{host}"))
                .map_err(|e| format!("bad Host header: {e}"))?;
            url.set_path(request.url.path());
            url.set_query(request.url.query());
            url
        }
        None => request.url.clone(),
    };
    let signable = SignableRequest {
        method: request.method.as_str(),
        url: &url,
        headers: &headers,
        body: &request.body,
    };
    let date = |name: &str, format: &str| -> Result<OffsetDateTime, String> {
        let value = header(request, name)
            .ok_or_else(|| format!("the signed request has no `{name}` header"))?;
        let description =
            time::format_description::parse_borrowed::<2>(format).map_err(|e| e.to_string())?;
        time::PrimitiveDateTime::parse(value, &description)
            .map(time::PrimitiveDateTime::assume_utc)
            .map_err(|_| format!("`{name}: {value}` is not a signing time"))
    };
    let expected = match (credentials, service.auth.signing) {
        (Credentials::HuaweiAkSk(aksk), Some(SigningScheme::HuaweiSdkHmacSha256)) => {
            let now =
                date(signing::huawei::DATE_HEADER, "[year][month][day]T[hour][minute][second]Z")?;
            signing::huawei::sign(signable, &aksk.access_key, aksk.secret_key.expose(), now)
        }
        (Credentials::TencentSecret(key), Some(SigningScheme::Tc3HmacSha256 { service })) => {
            let value = header(request, signing::tc3::TIMESTAMP_HEADER)
                .ok_or("the signed request has no X-TC-Timestamp header")?;
            let seconds: i64 =
                value.parse().map_err(|_| format!("X-TC-Timestamp `{value}` is not a number"))?;
            let now = OffsetDateTime::from_unix_timestamp(seconds).map_err(|e| e.to_string())?;
            let params = signing::tc3::Tc3Params {
                secret_id: &key.secret_id,
                secret_key: key.secret_key.expose(),
                token: None,
                service,
                signed_headers: &signed_names,
            };
            signing::tc3::sign(signable, params, now)
        }
        (
            Credentials::SangforAccessKey(key),
            Some(SigningScheme::SangforAws4 { region, service, signed_headers }),
        ) => {
            let now =
                date(signing::sangfor::DATE_HEADER, "[year][month][day]T[hour][minute][second]Z")?;
            let params = signing::sangfor::Aws4Params {
                access_key: &key.access_key,
                secret_key: key.secret_key.expose(),
                region,
                service,
                signed_headers,
            };
            signing::sangfor::sign(signable, params, now)
        }
        _ => {
            return Err(
                "the server's credentials do not fit the service's signing scheme".to_owned()
            );
        }
    }
    .map_err(|e| format!("the signature cannot be recomputed: {e}"))?;
    let computed = expected
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        .and_then(|(_, v)| auth_field(v, "Signature"));
    if computed.is_some() && computed == auth_field(authorization, "Signature") {
        Ok(())
    } else {
        Err(format!(
            "the signature does not match the one the server computes; the server's canonical request:\n{}",
            expected.canonical_request
        ))
    }
}
