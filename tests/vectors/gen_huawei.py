#!/usr/bin/env python3
"""Generate Huawei Cloud SDK-HMAC-SHA256 signing vectors with the official Python SDK.

Usage (from anywhere):

    pip install -r tests/vectors/requirements.txt
    python3 tests/vectors/gen_huawei.py            # writes tests/vectors/huawei-sdk.jsonl
    python3 tests/vectors/gen_huawei.py --check    # exits 1 if the file is not what it would write
    python3 tests/vectors/gen_huawei.py --verify-shared ../shared/vectors/huawei.jsonl

Every expected value comes from huaweicloudsdkcore's own signer
(`huaweicloudsdkcore.signer.signer.Signer` over an `SdkRequest`); this script only chooses the
inputs. The intermediate strings are captured from the signer's own methods while it signs.
The time is fixed by replacing the `datetime` class the signer module reads `utcnow()` from, so
the signer adds `X-Sdk-Date` itself exactly as in production. Keys and times are fixed: rerunning
reproduces the file byte for byte.

`request.url` is the URL the SDK sends: after signing, the SDK rewrites the request URI to
`resource_path + "?" + canonical query` (sorted, `quote(safe='~')`), and `requests` prepares it
for the wire; we record `requests.Request(...).prepare().url`. Path parameters are quoted the way
the SDK client fills them into the path template (`quote(str(v), safe='')`).

`expected.headers` lists the headers the signer adds, in the order it adds them, except `Host`:
the signer sets `Host` to the endpoint's netloc, which is what any HTTP client sends for the URL
(same convention as ../shared/vectors/huawei.jsonl). The one case where a URL parser would lose
information (an explicit default port, `:443`) carries the `Host` header in `request.headers`.
"""

import argparse
import base64
import contextlib
import datetime as _dt
import json
import os
import sys
from urllib.parse import parse_qsl, quote, urlsplit

import requests
from huaweicloudsdkcore.auth.credentials import BasicCredentials, GlobalCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer import signer as signer_module
from huaweicloudsdkcore.signer.signer import Signer

SDK_VERSION = "3.1.219"
SOURCE = "huaweicloudsdkcore " + SDK_VERSION
SCHEME = "huawei-sdk-hmac-sha256"
ID_PREFIX = "huawei-sdk-"

AK = "HWSDKVECTORAK0000001"
SK = "hwSdkVectorSecretKey0123456789abcdefghij"
TIME = "2023-11-30T08:00:00Z"
HOST = "coc.cn-north-4.myhuaweicloud.com"
JSON = "application/json"

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "huawei-sdk.jsonl")


def p(value):
    """A path parameter, filled in as the SDK client does (ApiClient._parse_path_params)."""
    return quote(str(value), safe="")


def case(note, method="GET", path="/v1/job/scripts", query=(), headers=(), body=None,
         schema="https", host=HOST, time=TIME, ak=AK, sk=SK, credentials=None):
    """One vector's inputs. `path` is the SdkRequest resource_path (already encoded)."""
    return dict(note=note, method=method, path=path, query=list(query), headers=list(headers),
                body=body, schema=schema, host=host, time=time, ak=ak, sk=sk,
                credentials=credentials)


CASES = [
    # --- query encoding -------------------------------------------------------------------
    case("query value with a space: %20, never +", query=[("name", "my script")]),
    case("query value with a plus sign: %2B", query=[("q", "a+b")]),
    case("query value with a percent sign: %25", query=[("discount", "100%")]),
    case("query value with / and ?", query=[("path", "/a/b?c")]),
    case("query value with = and &", query=[("expr", "a=b&c=d")]),
    case("query value with ~ (unreserved, kept) and * (encoded)", query=[("q", "~user*")]),
    case("query value with every other reserved character",
         query=[("q", ":@!$'()*,;[]#")]),
    case("unicode query values (CJK and a 4-byte emoji)",
         query=[("name", "脚本 一"), ("emoji", "😀")]),
    case("unicode query key", query=[("名称", "v"), ("limit", "10")]),
    case("query keys with reserved characters", query=[("a b+c", "1"), ("x[0]", "y")]),
    case("unreserved characters are never encoded",
         query=[("a-b.c_d~e", "f-g.h_i~j"), ("AZaz09", "AZaz09")]),
    # --- query ordering -------------------------------------------------------------------
    case("repeated key with different values: sorted by value",
         query=[("tag", "b"), ("tag", "a"), ("tag", "c")]),
    case("repeated key with equal values: both kept", query=[("tag", "x"), ("tag", "x")]),
    case("repeated keys interleaved: sorted by key then value",
         query=[("b", "2"), ("a", "1"), ("b", "1"), ("a", "2")]),
    case("sort is on the decoded text (code points), not on the encoded text",
         query=[("a~", "1"), ("a[", "2"), ("aA", "3"), ("a_", "4"), ("é", "5"), ("Z", "6")]),
    case("repeated key sorted by decoded value: z before é",
         query=[("k", "é"), ("k", "z"), ("k", "%")]),
    case("keys are case-sensitive: upper case sorts first",
         query=[("b", "1"), ("a", "2"), ("B", "3"), ("A", "4")]),
    case("empty value is sent and signed as key=", query=[("marker", ""), ("limit", "10")]),
    case("key without value: the SDK has no bare key, it sends flag= (empty value)",
         query=[("flag", "")]),
    case("empty key", query=[("", "v"), ("a", "1")]),
    case("non-string query values: int as digits, bool lowercased",
         query=[("limit", 10), ("enabled", True), ("deleted", False)]),
    # --- path -----------------------------------------------------------------------------
    case("path with trailing slash: not doubled", path="/v1/job/scripts/",
         query=[("limit", "1")]),
    case("root path", path="/"),
    case("root path with a query", path="/", query=[("Action", "List")]),
    case("unicode path parameter", path="/v1/documents/" + p("文档") + "/content"),
    case("path parameter with a space", path="/v1/files/" + p("my file.txt")),
    case("path parameter with reserved characters",
         path="/v1/items/" + p("a+b:c@d=e;f,g!h'i(j)") + "/x"),
    case("path parameter with a percent sign: %25 survives decode and re-encode",
         path="/v1/coupons/" + p("50%off")),
    case("path parameter with a slash: %2F is decoded, so it splits the canonical segment",
         path="/v1/objects/" + p("dir/file")),
    case("path parameter already percent-encoded: %2F becomes %252F",
         path="/v1/objects/" + p("dir%2Ffile")),
    case("resource path with lower-case escapes: the canonical URI re-encodes them upper-case "
         "(and requests sends them upper-case)",
         path="/v1/documents/%e6%96%87"),
    case("empty segment (double slash) is kept", path="/v1//objects"),
    case("path parameter with ~ (kept) and * (encoded)", path="/v1/users/" + p("~x*")),
    case("path parameters (identifiers)",
         path="/v1/job/script/orders/0a1b-2c3d/batches/3", query=[("limit", "1")]),
    # --- headers --------------------------------------------------------------------------
    case("header value: leading/trailing spaces and tabs trimmed",
         headers=[("X-Custom", "  padded value  "), ("X-Tabbed", "\tvalue\t ")]),
    case("header value: inner whitespace kept as is", headers=[("X-Custom", "a   b \t c")]),
    case("header names lower-cased in the canonical form",
         headers=[("X-CUSTOM-Header", "Upper"), ("x-lower", "lower"), ("x-Mixed-CASE", "MiXeD")]),
    case("headers with an underscore in the name are not signed",
         headers=[("X_Trace_Id", "skip-me"), ("X-Trace-Id", "sign-me"), ("x_b-c", "skip")]),
    case("empty and whitespace-only header values are signed as empty",
         headers=[("X-Empty", ""), ("X-Blank", "   ")]),
    case("unicode header value", headers=[("X-Name", "脚本 一")]),
    case("X-Project-Id header (BasicCredentials with a project id)",
         headers=[("X-Project-Id", "0123456789abcdef0123456789abcdef")],
         credentials=("basic", "0123456789abcdef0123456789abcdef", None)),
    case("X-Security-Token header (temporary credentials) with X-Project-Id",
         headers=[("X-Security-Token", "gQpjbi1ub3J0aC00jXYsIlRPS0VOX1NUUyI6dHJ1ZX0="),
                  ("X-Project-Id", "0123456789abcdef0123456789abcdef")],
         credentials=("basic", "0123456789abcdef0123456789abcdef",
                      "gQpjbi1ub3J0aC00jXYsIlRPS0VOX1NUUyI6dHJ1ZX0=")),
    case("X-Domain-Id header (GlobalCredentials)",
         host="iam.myhuaweicloud.com", path="/v3/auth/domains",
         headers=[("X-Domain-Id", "fedcba9876543210fedcba9876543210")],
         credentials=("global", "fedcba9876543210fedcba9876543210", None)),
    case("X-Sdk-Date given by the caller: used, not added, the signing time is ignored",
         headers=[("X-Sdk-Date", "20240229T235959Z")]),
    case("x-sdk-date given in lower case by the caller",
         headers=[("x-sdk-date", "20240101T000000Z")]),
    case("Host given by the caller is signed instead of the URL's",
         headers=[("Host", "api.example.com")]),
    case("User-Agent and Accept as the SDK client sends them are signed",
         headers=[("User-Agent", "huaweicloud-usdk-python/3.0"), ("Accept", "*/*")]),
    # --- host and port --------------------------------------------------------------------
    case("https on a non-default port: host header includes the port", host="127.0.0.1:8443"),
    case("http on a non-default port", schema="http", host="localhost:8080",
         query=[("a", "1")]),
    case("IPv6 literal with a port", host="[::1]:8443"),
    case("endpoint with the default port 443 written out: the SDK signs Host from the "
         "endpoint's netloc verbatim (keeps :443) and sends that Host header; it is recorded "
         "in request.headers because URL parsers drop a default port",
         host=HOST + ":443", headers=[("Host", HOST + ":443")]),
    case("endpoint without a port: Host is the bare host name", host="ecs.ap-southeast-1.myhuaweicloud.com",
         path="/v1/0123456789abcdef0123456789abcdef/cloudservers"),
    # --- bodies and content types ---------------------------------------------------------
    case("POST with a JSON body: body hashed", method="POST",
         headers=[("Content-Type", JSON)], body='{"name":"demo","type":"SHELL"}'),
    case("PUT with a unicode JSON body", method="PUT", path="/v1/job/scripts/" + p("s-1"),
         headers=[("Content-Type", "application/json;charset=UTF-8")],
         body='{"name":"脚本","content":"echo 你好"}'),
    case("PATCH with a JSON body", method="PATCH", path="/v1/job/scripts/" + p("s-1"),
         headers=[("Content-Type", JSON)], body='{"description":null}'),
    case("DELETE without body", method="DELETE", path="/v1/job/scripts/" + p("s-1")),
    case("DELETE with a JSON body", method="DELETE", path="/v1/job/scripts/batch-delete",
         headers=[("Content-Type", JSON)], body='{"ids":["a","b"]}'),
    case("POST with an empty body and JSON content type: empty-body hash", method="POST",
         headers=[("Content-Type", JSON)], body=""),
    case("POST with an empty body and no content type", method="POST", body=None),
    case("POST with an empty body and a non-JSON content type: UNSIGNED-PAYLOAD header is "
         "added but the empty-body hash is signed", method="POST",
         headers=[("Content-Type", "text/plain")], body=""),
    case("non-JSON content type (octet-stream, binary body): UNSIGNED-PAYLOAD", method="PUT",
         path="/v1/objects/" + p("blob.bin"),
         headers=[("Content-Type", "application/octet-stream")],
         body=bytes([0x00, 0xFF, 0x10, 0x80, 0x7F, 0xC3, 0x28, 0x0A])),
    case("form body: UNSIGNED-PAYLOAD", method="POST",
         headers=[("Content-Type", "application/x-www-form-urlencoded")], body="a=1&b=%20"),
    case("XML body: UNSIGNED-PAYLOAD", method="POST",
         headers=[("Content-Type", "application/xml")], body="<a>1</a>"),
    case("text/json is not application/json: UNSIGNED-PAYLOAD", method="POST",
         headers=[("Content-Type", "text/json")], body='{"a":1}'),
    case("BSON body (binary) is hashed like JSON", method="POST",
         headers=[("Content-Type", "application/bson")],
         body=bytes([0x0C, 0x00, 0x00, 0x00, 0x10, 0x61, 0x00, 0xFF, 0x00, 0x00, 0x00, 0x00])),
    case("content-type in lower case is not seen by the SDK's UNSIGNED-PAYLOAD check: the "
         "body is hashed", method="POST",
         headers=[("content-type", "text/plain")], body="hello"),
    case("X-Sdk-Content-Sha256 given by the caller replaces the body hash", method="POST",
         headers=[("Content-Type", JSON), ("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD")],
         body='{"a":1}'),
    case("GET with a JSON content type and no body", headers=[("Content-Type", JSON)]),
    case("method given in lower case is upper-cased in the canonical request", method="patch",
         path="/v1/job/scripts/" + p("s-1"), headers=[("Content-Type", JSON)], body="{}"),
    # --- time and keys --------------------------------------------------------------------
    case("leap day, last second", time="2024-02-29T23:59:59Z"),
    case("other keys: long secret with symbols", ak="QTWAOYTTINDUT2QVKYUC",
         sk="MFyfvK41ba2giqM7**Uaqmy**bvnZ5gmvjkGA/L+rM=0123456789abcdef", query=[("a", "b")]),
]


class _FixedClock:
    """Replaces `datetime` inside the signer module so that `utcnow()` is the case's time."""

    def __init__(self, when):
        fixed = when

        class FixedDatetime(_dt.datetime):
            @classmethod
            def utcnow(cls):
                return fixed

        self._cls = FixedDatetime

    def __enter__(self):
        self._saved = signer_module.datetime
        signer_module.datetime = self._cls

    def __exit__(self, *exc):
        signer_module.datetime = self._saved


def parse_time(text):
    return _dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


def build_request(c, headers):
    body = c["body"]
    return SdkRequest(method=c["method"], schema=c["schema"], host=c["host"],
                      resource_path=c["path"], query_params=list(c["query"]),
                      header_params=dict(headers), body=body)


def sign_with_capture(c):
    """Signs case `c` with the SDK's Signer; returns the request and the captured strings."""
    request = build_request(c, c["headers"])
    before = set(request.header_params)
    signer = Signer(BasicCredentials(c["ak"], c["sk"]))
    captured = {}

    def wrap(name, key):
        original = getattr(signer, name)

        def wrapper(*args):
            result = original(*args)
            captured[key] = result
            return result

        setattr(signer, name, wrapper)

    wrap("_process_canonical_request", "canonical_request")
    wrap("_process_string_to_sign", "string_to_sign")
    wrap("_sign_string_to_sign", "signature")
    with _FixedClock(parse_time(c["time"])):
        signer.sign(request)
    added = [(k, request.header_params[k]) for k in request.header_params
             if k not in before and k != "Host"]
    return request, captured, added


def cross_check_credentials(c, authorization):
    """For cases that model a credentials class, sign through it too and compare."""
    kind, ident, token = c["credentials"]
    own = {"X-Project-Id", "X-Domain-Id", "X-Security-Token"}
    headers = [(k, v) for k, v in c["headers"] if k not in own]
    request = build_request(c, headers)
    if kind == "basic":
        creds = BasicCredentials(c["ak"], c["sk"], ident)
    else:
        creds = GlobalCredentials(c["ak"], c["sk"], ident)
    if token:
        creds = creds.with_security_token(token)
    with _FixedClock(parse_time(c["time"])):
        creds.sign_request(request)
    got = request.header_params["Authorization"]
    if got != authorization:
        raise SystemExit("credentials cross-check failed for %r: %s != %s"
                         % (c["note"], got, authorization))


def wire_url(method, url):
    """The URL `requests` puts on the wire for `url` (the SDK's transport)."""
    return requests.Request(method.upper(), url).prepare().url


def vector(index, c):
    request, captured, added = sign_with_capture(c)
    if c["credentials"]:
        cross_check_credentials(c, request.header_params["Authorization"])
    if c["host"].endswith(":443"):
        # The SDK derives Host from the netloc; check that giving it explicitly is the same.
        bare = dict(c, headers=[h for h in c["headers"] if h[0] != "Host"])
        _, captured_bare, _ = sign_with_capture(bare)
        if captured_bare != captured:
            raise SystemExit("explicit Host differs from the derived one for :443")

    body = c["body"]
    req = {"method": c["method"], "url": wire_url(c["method"], request.url),
           "headers": [[k, v] for k, v in c["headers"]]}
    if isinstance(body, bytes):
        req["body_base64"] = base64.b64encode(body).decode("ascii")
    else:
        req["body"] = body or ""
    return {
        "id": "%s%03d" % (ID_PREFIX, index),
        "scheme": SCHEME,
        "source": SOURCE,
        "request": req,
        "credentials": {"access_key": c["ak"], "secret_key": c["sk"]},
        "time": c["time"],
        "expected": {
            "canonical_request": captured["canonical_request"],
            "string_to_sign": captured["string_to_sign"],
            "signature": captured["signature"],
            "headers": [[k, v] for k, v in added],
        },
        "note": c["note"],
    }


def render():
    lines = [json.dumps(vector(i, c), ensure_ascii=False) for i, c in enumerate(CASES, 1)]
    return "\n".join(lines) + "\n"


def verify_shared(path):
    """Re-signs the cases of a vectors file with the SDK; prints and counts disagreements."""
    bad = 0
    total = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            v = json.loads(line)
            if v["scheme"] != SCHEME:
                continue
            total += 1
            r = v["request"]
            u = urlsplit(r["url"])
            body = (base64.b64decode(r["body_base64"]) if "body_base64" in r
                    else r.get("body", ""))
            c = case(v.get("note", ""), method=r["method"], path=u.path or "/",
                     query=parse_qsl(u.query, keep_blank_values=True),
                     headers=[tuple(h) for h in r["headers"]], body=body, schema=u.scheme,
                     host=u.netloc, time=v["time"], ak=v["credentials"]["access_key"],
                     sk=v["credentials"]["secret_key"])
            _, captured, added = sign_with_capture(c)
            exp = v["expected"]
            ok = (captured["signature"] == exp["signature"]
                  and [list(h) for h in added] == exp["headers"]
                  and all(captured[k] == exp[k] for k in ("canonical_request", "string_to_sign")
                          if k in exp))
            if not ok:
                bad += 1
                print("%s: SDK disagrees (signature %s, expected %s)"
                      % (v["id"], captured["signature"], exp["signature"]))
    print("%s: %d huawei cases re-signed, %d disagree" % (path, total, bad))
    return bad == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the output file differs")
    ap.add_argument("--verify-shared", metavar="JSONL",
                    help="re-sign the huawei cases of JSONL (any vectors file, this one too) with the SDK, starting from their recorded URL, and compare")
    args = ap.parse_args()
    if args.verify_shared:
        sys.exit(0 if verify_shared(args.verify_shared) else 1)
    text = render()
    if args.check:
        with open(OUT, encoding="utf-8") as f:
            same = f.read() == text
        print("%s is %s" % (OUT, "up to date" if same else "STALE"))
        sys.exit(0 if same else 1)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote %d cases to %s" % (len(CASES), OUT))


if __name__ == "__main__":
    main()
