#!/usr/bin/env python3
"""Generate Tencent Cloud TC3-HMAC-SHA256 and signature v1 vectors with the official Python SDK.

Usage (from anywhere):

    pip install -r tests/vectors/requirements.txt
    python3 tests/vectors/gen_tencent.py            # writes tests/vectors/tencent-sdk.jsonl
    python3 tests/vectors/gen_tencent.py --check    # exits 1 if the file is not what it would write
    python3 tests/vectors/gen_tencent.py --verify-shared ../shared/vectors/tencent.jsonl
    python3 tests/vectors/gen_tencent.py --excluded # what the SDK does in the cases kept out

Every expected value comes from tencentcloud-sdk-python-common's own client: each case is a real
`CommonClient.call_json` (or `call_octet_stream`) call, so the SDK builds, signs and sends the
request exactly as in production; this script only chooses the inputs and, instead of a network,
mounts a `requests` transport adapter that records the prepared request and answers a canned
`{"Response": {...}}`. Nothing is computed here.

Fixed inputs, read where the SDK reads them: `time.time()`, `random.randint` (the v1 Nonce) and
`uuid.uuid4()` (X-TC-TraceId, multipart boundary) are replaced in `tencentcloud.common.
abstract_client` for the duration of a call. The process runs with the local time zone set to
UTC+8 (`TZ=CST-8`), the zone the document warns about, so that a signer computing the credential
date in local time would show here; the SDK takes it in UTC.

Intermediate strings, taken from the SDK while it signs:
- TC3: the string to sign is the argument of `Sign.sign_tc3`; the SDK exposes no function for the
  canonical request (it is a local of `_get_tc3_signature`), so it is taken from the SHA-256 calls
  of `abstract_client` (the input whose digest ends the string to sign).
- v1: the string to sign is what `AbstractClient._format_sign_string` returns and `Sign.sign` is
  given (checked equal); v1 has no canonical request.

What is recorded:
- `request.url` and `request.body`: the prepared request as `requests` puts it on the wire (for a
  body the SDK hands over as `str`, the text; binary bodies as `body_base64`). They are checked
  against what the SDK signed (query string, hashed payload / signed parameters).
- TC3 `request.headers`: the headers the SDK sets, in its order (`X-TC-Content-SHA256:
  UNSIGNED-PAYLOAD` included where the profile's `unsignedPayload` is on), less those the signer adds
  (`X-TC-Timestamp`, `Authorization`, `X-TC-Token`: they are `expected.headers`), less `Host`
  (derived from the URL; kept only where a URL parser would lose it: an explicit default port) and
  less the per-call random `X-TC-TraceId`; the transport's own headers (User-Agent, Accept, ...)
  are not the SDK's and are left out.
- v1 `request.url` (GET) / `request.body` (POST): what the SDK sends, less the trailing
  `&Signature=...` that the signer adds (as ../shared/vectors/tencent.jsonl has them: the request
  given to the signer); `expected.params`: every parameter as sent (decoded from the query or the
  form body), the SDK's order, `Signature` last; `nonce` is the Nonce the SDK drew.

Keys and times are fixed: rerunning reproduces the file byte for byte.
"""

import argparse
import base64
import datetime as _dt
import hashlib
import io
import json
import os
import sys
import time
import types
import uuid as _uuid
from urllib.parse import parse_qsl, urlsplit

import requests
from requests.adapters import BaseAdapter

from tencentcloud.common import abstract_client
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.credential import Credential
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.common.sign import Sign

SDK_VERSION = "3.1.195"
SOURCE = "tencentcloud-sdk-python-common " + SDK_VERSION
TC3 = "tc3-hmac-sha256"
V1 = {"HmacSHA1": "tencent-v1-hmac-sha1", "HmacSHA256": "tencent-v1-hmac-sha256"}

AK = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
SK = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
TIME = "2023-11-14T22:13:20Z"
VERSION = "2023-07-01"
REGION = "ap-guangzhou"
TCE_FLOW = "chronofloworder.api3.finance.cloud.tencent.com"
APPS = "appmanager.tencentcloudapi.com"
TOKEN = "tmpToken/abc+def=="
TRACE_UUID = _uuid.UUID("00000000-0000-4000-8000-000000000000")
NONCE = 11886

# Headers the TC3 signer adds; they go to expected.headers, in this order.
TC3_ADDED = ("X-TC-Timestamp", "Authorization", "X-TC-Token")
# Headers `requests` adds by itself (not the SDK's).
TRANSPORT = {"user-agent", "accept-encoding", "accept", "connection", "content-length"}
# Parameters the SDK's v1 signer adds (everything but the business parameters).
V1_COMMON = ("Action", "RequestClient", "Nonce", "Timestamp", "Version", "Region", "Token",
             "SecretId", "SignatureMethod", "Language", "Signature")

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tencent-sdk.jsonl")


def tc3(note, params=None, method="POST", service="chronofloworder", action="GetDagInstanceDetail",
        endpoint=TCE_FLOW, region=REGION, language="zh-CN", token=None, protocol="https",
        time=TIME, ak=AK, sk=SK, options=None, octet=None, request_client=None,
        version=VERSION, unsigned=False):
    """A TC3 case: `params` as given to `call_json` (or `octet`, the body of
    `call_octet_stream`); `endpoint` as given to HttpProfile; `unsigned` sets the profile's
    `unsignedPayload`."""
    return dict(kind="tc3", note=note, params=params, method=method, service=service,
                action=action, endpoint=endpoint, region=region, language=language, token=token,
                protocol=protocol, time=time, ak=ak, sk=sk, options=options, octet=octet,
                request_client=request_client, nonce=None, sign_method="TC3-HMAC-SHA256",
                version=version, unsigned=unsigned)


def v1(note, sign_method, params=None, method="GET", service="appmanager",
       action="DescribeApplications", endpoint=APPS, region=REGION, language="zh-CN", token=None,
       protocol="https", time=TIME, ak=AK, sk=SK, nonce=NONCE, request_client=None,
       version=VERSION):
    """A signature v1 case (HmacSHA1 or HmacSHA256)."""
    return dict(kind="v1", note=note, params=params, method=method, service=service,
                action=action, endpoint=endpoint, region=region, language=language, token=token,
                protocol=protocol, time=time, ak=ak, sk=sk, options=None, octet=None,
                request_client=request_client, nonce=nonce, sign_method=sign_method,
                version=version, unsigned=False)


TC3_CASES = [
    # --- POST JSON bodies ---------------------------------------------------------------
    tc3("POST JSON, TCE endpoint (chronofloworder)", {"DagInstanceId": 123}),
    tc3("POST JSON, appmanager public endpoint", {"Limit": 10, "Offset": 0},
        service="appmanager", action="DescribeApplications", endpoint=APPS),
    tc3("unicode values: json.dumps escapes them (\\uXXXX, a 4-byte emoji as a surrogate pair), "
        "the body on the wire is ASCII",
        {"Name": "部署流程", "Desc": "café 😀", "Params": [{"Key": "a", "Value": "b c"}]},
        action="RunDagInstance"),
    tc3("unicode object key", {"标签": "值", "Limit": 1}, service="appmanager",
        action="DescribeApplications", endpoint=APPS),
    tc3("escaped characters in strings: quote, backslash, slash, newline, tab, control, U+2028",
        {"Script": "echo \"hi\" \\ /tmp/x\n\tdone\x01\u2028end", "Html": "</script>"},
        action="OperationDag"),
    tc3("64-bit integers: u64 max, i64 min, i64 max, 2^53+1 (beyond a double)",
        {"Big": 18446744073709551615, "Neg": -9223372036854775808,
         "Max": 9223372036854775807, "Unsafe": 9007199254740993},
        service="appmanager", action="CreateApplication", endpoint=APPS),
    tc3("float, exponent, bool, null in the body",
        {"F": 1.5, "Small": 1e-07, "Zero": -0.0, "B": True, "C": False, "N": None},
        service="appmanager", action="CreateApplication", endpoint=APPS),
    tc3("empty object body {}", {}, action="ListBatchNodes"),
    tc3("nested arrays and objects: JSON is not flattened",
        {"Filters": [{"Name": "status", "Values": ["RUNNING", "FAILED"]}],
         "Ids": [], "Meta": {}, "Deep": [[1, [2]], {"a": {"b": None}}]},
        action="ListGroupNodes"),
    tc3("temporary credentials: X-TC-Token added, not signed", {"Limit": 10},
        service="appmanager", action="DescribeApplications", endpoint=APPS, token=TOKEN),
    tc3("Language en-US, empty region: no X-TC-Region header", {"DagInstanceId": 7},
        language="en-US", region=""),
    tc3("RequestClient suffix from the profile (X-TC-RequestClient, not signed)",
        {"DagInstanceId": 7}, request_client="apigen-vectors;1.0"),
    # --- hosts ----------------------------------------------------------------------------
    tc3("TCE endpoint with a non-default port: host:port signed", {"TaskId": "t-1",
                                                                   "Operation": "PAUSE"},
        action="OperationDag", endpoint="chronofloworder.api3.example.internal:8443"),
    tc3("http on port 8080", {"DagInstanceId": 1}, protocol="http",
        endpoint="localhost:8080"),
    tc3("IPv6 literal with a port", {"DagInstanceId": 1}, endpoint="[::1]:8443"),
    tc3("endpoint with the default port 443 written out: the SDK signs and sends Host "
        "with :443 (kept in request.headers, URL parsers drop it)", {"DagInstanceId": 1},
        endpoint=TCE_FLOW + ":443"),
    tc3("regional public endpoint", {"Limit": 5}, service="appmanager",
        action="DescribeApplications", endpoint="appmanager.ap-shanghai.tencentcloudapi.com",
        region="ap-shanghai"),
    # --- other services -----------------------------------------------------------------
    tc3("another service: cvm on the TCE domain (the document's example service)",
        {"Limit": 10, "Offset": 0}, service="cvm", action="DescribeInstances",
        endpoint="cvm.finance.cloud.tencent.com", region="shjr", version="2017-03-12"),
    tc3("another service: tsf, default endpoint <service>.tencentcloudapi.com",
        {"ApplicationId": "application-abc"}, service="tsf", action="DescribeApplication",
        endpoint=None),
    # --- time ---------------------------------------------------------------------------
    tc3("the document's timestamp 1551113065: 00:44 on 02-26 in UTC+8, date is 2019-02-25 (UTC)",
        {"DagInstanceId": 1}, time="2019-02-25T16:44:25Z"),
    tc3("last second of the year in UTC (next year already in UTC+8)", {"DagInstanceId": 1},
        time="2023-12-31T23:59:59Z"),
    tc3("UTC midnight exactly", {"DagInstanceId": 1}, time="2024-01-01T00:00:00Z"),
    tc3("leap day 16:00 UTC = midnight of 03-01 in UTC+8", {"DagInstanceId": 1},
        time="2024-02-29T16:00:00Z"),
    tc3("the document's example time 1539084154", {"Limit": 10, "Offset": 0},
        service="appmanager", action="DescribeApplications", endpoint=APPS,
        time="2018-10-09T11:22:34Z"),
    # --- other content types --------------------------------------------------------------
    tc3("multipart/form-data: content type with a boundary parameter, signed as sent",
        {"Name": "deploy", "Tags": ["a", "b"], "Count": "3"}, action="RunDagInstance",
        options={"IsMultipart": True}),
    tc3("multipart/form-data with a binary file part", {"File": b"\x00\xff\x10\x80PK\x03\x04",
                                                        "Name": "pkg.zip"},
        service="appmanager", action="UploadPackage", endpoint=APPS,
        options={"IsMultipart": True, "BinaryParams": ["File"]}),
    tc3("application/octet-stream body (call_octet_stream)", octet=b"\x00\x01binary\xff\xfe",
        service="appmanager", action="UploadPackage", endpoint=APPS),
    # --- keys ---------------------------------------------------------------------------
    tc3("other keys: long secret with symbols", {"DagInstanceId": 9},
        ak="AKIDvectorsOTHER0000000000000000000", sk="s3cr3t/+=&%Key~with*symbols0123456789"),
    # --- GET ----------------------------------------------------------------------------
    tc3("GET: the document's example request (cvm DescribeInstances Limit=10&Offset=0, "
        "timestamp 1539084154) on the TCE domain", {"Limit": 10, "Offset": 0}, method="GET",
        service="cvm", action="DescribeInstances", endpoint="cvm.finance.cloud.tencent.com",
        region="shjr", time="2018-10-09T11:22:34Z", version="2017-03-12"),
    tc3("GET: query order as sent, not sorted", {"Offset": 0, "Limit": 10, "Keyword": "x"},
        method="GET", service="appmanager", action="DescribeApplications", endpoint=APPS),
    tc3("GET: spaces encoded as + (urlencode), signed as sent", {"Keyword": "my app  name"},
        method="GET", service="appmanager", action="DescribeApplications", endpoint=APPS),
    tc3("GET: unicode key and values (UTF-8 percent-encoded, upper-case hex)",
        {"名称": "应用 一", "Emoji": "😀", "Accent": "é"}, method="GET", service="appmanager",
        action="DescribeApplications", endpoint=APPS),
    tc3("GET: reserved characters in a value (only -._~ kept)",
        {"Q": ":/?#[]@!$&'()*+,;=%~-._ \"<>\\^`{|}"}, method="GET", service="appmanager",
        action="DescribeApplications", endpoint=APPS),
    tc3("GET: repeated key (parameters given as a sequence of pairs, urlencoded as is)",
        [("Tag", "b"), ("Tag", "a"), ("Limit", "10"), ("Tag", "a")], method="GET",
        service="appmanager", action="DescribeApplications", endpoint=APPS),
    tc3("GET: empty values are sent and signed as Key=", {"Keyword": "", "Limit": 10,
                                                          "Marker": ""},
        method="GET", service="appmanager", action="DescribeApplications", endpoint=APPS),
    tc3("GET: Filters.N.Name / Filters.N.Values.M flattening, 11 values (Values.10 after "
        "Values.9 as sent)",
        {"Filters": [{"Name": "status", "Values": ["RUNNING", "STOPPED"]},
                     {"Name": "id", "Values": ["app-%d" % i for i in range(11)]}],
         "Limit": 20},
        method="GET", service="appmanager", action="DescribeApplications", endpoint=APPS),
    tc3("GET: non-string values: bool True, float, None dropped, empty list dropped",
        {"Enabled": True, "Ratio": 0.5, "Skip": None, "Ids": [], "Limit": 1}, method="GET",
        service="appmanager", action="DescribeApplications", endpoint=APPS),
    tc3("GET without parameters: no query string", {}, method="GET", service="appmanager",
        action="DescribeApplications", endpoint=APPS),
    tc3("GET with temporary credentials", {"Limit": 10}, method="GET", service="appmanager",
        action="DescribeApplications", endpoint=APPS, token=TOKEN),
    tc3("GET on a TCE endpoint with a port, at UTC 23:59:59", {"DagInstanceId": 5},
        method="GET", endpoint="chronofloworder.api3.example.internal:8443",
        time="2024-06-30T23:59:59Z"),
    # --- unsigned payload (ClientProfile.unsignedPayload: X-TC-Content-SHA256) -------------
    tc3("unsigned payload, POST JSON: the literal UNSIGNED-PAYLOAD is hashed, not the body; "
        "the header is sent, not signed", {"DagInstanceId": 123}, unsigned=True),
    tc3("unsigned payload, larger JSON body with unicode", {"Name": "部署流程",
                                                            "Script": "x" * 4096},
        action="RunDagInstance", unsigned=True),
    tc3("unsigned payload, empty object body {}", {}, action="ListBatchNodes", unsigned=True),
    tc3("unsigned payload, GET: the literal replaces the empty payload too", {"Limit": 10},
        method="GET", service="appmanager", action="DescribeApplications", endpoint=APPS,
        unsigned=True),
    tc3("unsigned payload, application/octet-stream body", octet=b"\x00\x01binary\xff\xfe",
        service="appmanager", action="UploadPackage", endpoint=APPS, unsigned=True),
    tc3("unsigned payload, multipart/form-data with a binary part",
        {"File": b"\x00\xff\x10\x80PK\x03\x04", "Name": "pkg.zip"}, service="appmanager",
        action="UploadPackage", endpoint=APPS,
        options={"IsMultipart": True, "BinaryParams": ["File"]}, unsigned=True),
    tc3("unsigned payload with temporary credentials", {"Limit": 10}, service="appmanager",
        action="DescribeApplications", endpoint=APPS, token=TOKEN, unsigned=True),
]

V1_CASES = [
    v1("HmacSHA1 GET", "HmacSHA1", {"Limit": 10}),
    v1("HmacSHA256 GET", "HmacSHA256", {"Limit": 10}),
    v1("HmacSHA1 POST form body", "HmacSHA1", {"Limit": 10, "Offset": 0}, method="POST"),
    v1("HmacSHA256 POST form body", "HmacSHA256", {"Limit": 10, "Offset": 0}, method="POST"),
    v1("Token parameter (temporary credentials), GET", "HmacSHA256", {"Limit": 10},
       token=TOKEN),
    v1("Token parameter (temporary credentials), POST", "HmacSHA1", {"Limit": 10},
       method="POST", token=TOKEN),
    v1("unicode values: signed raw (UTF-8), sent percent-encoded, GET", "HmacSHA256",
       {"Keyword": "部署 流程", "Emoji": "😀"}),
    v1("unicode values, POST", "HmacSHA1", {"Keyword": "café 应用"}, method="POST"),
    v1("values with = & + % and spaces: signed raw, sent encoded (space as +), GET",
       "HmacSHA256", {"Expr": "a=b&c=d", "Plus": "1+1 = 2", "Pct": "100%", "Tilde": "~x*"}),
    v1("values with = & + % and spaces, POST", "HmacSHA1",
       {"Expr": "a=b&c=d", "Plus": "1+1 = 2", "Pct": "100%"}, method="POST"),
    v1("Filters.N.Values.M flattening; names sorted by ASCII: InstanceIds.10 before "
       "InstanceIds.2", "HmacSHA256",
       {"InstanceIds": ["ins-%02d" % i for i in range(12)],
        "Filters": [{"Name": "zone", "Values": ["ap-guangzhou-3", "ap-guangzhou-4"]}]}),
    v1("Language en-US, no Region parameter (empty region)", "HmacSHA1", {"Limit": 1},
       language="en-US", region=""),
    v1("chronofloworder on the TCE domain, other region", "HmacSHA256", {"DagInstanceId": 42},
       service="chronofloworder", action="GetDagInstanceDetail", endpoint=TCE_FLOW,
       region="ap-shanghai"),
    v1("endpoint with a port: host:port in the string to sign", "HmacSHA256",
       {"DagInstanceId": 42}, method="POST", service="chronofloworder",
       action="GetDagInstanceDetail", endpoint="chronofloworder.api3.example.internal:8443"),
    v1("RequestClient with '; ' (a space) from the profile", "HmacSHA1", {"Limit": 1},
       request_client="apigen-vectors;1.0"),
    v1("empty value: signed as Key=", "HmacSHA256", {"Keyword": "", "Limit": 10}),
    v1("non-string values: str() of bool and float", "HmacSHA1",
       {"Enabled": True, "Ratio": 0.25, "Limit": 3}, method="POST"),
    v1("Nonce at the SDK's upper bound (sys.maxsize)", "HmacSHA256", {"Limit": 10},
       nonce=9223372036854775807),
    v1("the document's example parameters (cvm DescribeInstances, InstanceIds.0, Nonce 11886, "
       "Timestamp 1465185768) on the TCE domain, plus what the SDK adds", "HmacSHA1",
       {"InstanceIds": ["ins-09dx96dg"], "Offset": 0, "Limit": 20}, service="cvm",
       action="DescribeInstances", endpoint="cvm.finance.cloud.tencent.com", region="shjr",
       time="2016-06-06T04:02:48Z", version="2017-03-12"),
    v1("other keys, HmacSHA256 POST", "HmacSHA256", {"Limit": 10}, method="POST",
       ak="AKIDvectorsOTHER0000000000000000000", sk="s3cr3t/+=&%Key~with*symbols0123456789"),
    # --- `_` in parameter names: _format_sign_string signs it as `.`, sends it unchanged ------
    v1("parameter name with an underscore, GET: signed Foo.Bar, sent Foo_Bar", "HmacSHA256",
       {"Foo_Bar": "1", "Limit": 2}),
    v1("parameter name with an underscore, POST form body", "HmacSHA1",
       {"Foo_Bar": "1", "Limit": 2}, method="POST"),
    v1("the replacement changes the order: Foo_Zed signs as Foo.Zed, before FooA ('.' < 'A' "
       "< '_'); underscores in values stay", "HmacSHA256",
       {"FooA": "a_b", "Foo_Zed": "z", "Foo_Bar_Baz": "3", "_Lead": "l"}),
    v1("two names that become one (Foo_Bar and Foo.Bar): the SDK signs one Foo.Bar, the last "
       "value, and sends both", "HmacSHA1", {"Foo.Bar": "first", "Foo_Bar": "second",
                                             "Limit": 1}),
    v1("flattened list under an underscore name: Tag_Keys.N signs as Tag.Keys.N", "HmacSHA256",
       {"Tag_Keys": ["k1", "k2"], "Limit": 5}, method="POST"),
]

# Run with --excluded; kept out of the file (see the notes printed with them).
EXCLUDED = [
    (tc3("mixed-case endpoint", {"DagInstanceId": 1},
         endpoint="ChronoFlowOrder.API3.Finance.Cloud.Tencent.com"),
     "the SDK signs (and sends) the Host header verbatim, mixed case; the document lower-cases "
     "header values (requests lower-cases only the URL's host)"),
]


def parse_time(text):
    return _dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=_dt.timezone.utc)


def epoch(text):
    return int(parse_time(text).timestamp())


class _Wire(BaseAdapter):
    """A transport that records the prepared request and answers a canned API response."""

    def __init__(self):
        super().__init__()
        self.sent = []

    def send(self, request, **kwargs):
        self.sent.append(request)
        resp = requests.Response()
        resp.status_code = 200
        resp.headers["Content-Type"] = "application/json"
        resp._content = b'{"Response": {"RequestId": "00000000-0000-0000-0000-000000000000"}}'
        resp.raw = io.BytesIO(resp._content)
        resp.request = request
        resp.url = request.url
        resp.encoding = "utf-8"
        return resp

    def close(self):
        pass


class _Hashes:
    """Stands in for `hashlib` in abstract_client: records what it hashes with SHA-256."""

    def __init__(self):
        self.inputs = []

    def sha256(self, data=b""):
        self.inputs.append(bytes(data))
        return hashlib.sha256(data)

    def __getattr__(self, name):
        return getattr(hashlib, name)


class _Fixed:
    """Fixes time, nonce and uuid where abstract_client reads them; records the signer's inputs."""

    def __init__(self, when, nonce):
        self.when = when
        self.nonce = nonce
        self.hashes = _Hashes()
        self.tc3_calls = []
        self.v1_calls = []

    def __enter__(self):
        self._saved = {n: getattr(abstract_client, n)
                       for n in ("time", "random", "uuid", "hashlib")}
        self._saved_sign = (Sign.__dict__["sign"], Sign.__dict__["sign_tc3"])
        when, nonce = self.when, self.nonce
        abstract_client.time = types.SimpleNamespace(time=lambda: float(when))
        abstract_client.random = types.SimpleNamespace(randint=lambda a, b: nonce)
        abstract_client.uuid = types.SimpleNamespace(uuid4=lambda: TRACE_UUID)
        abstract_client.hashlib = self.hashes
        sign, sign_tc3 = (f.__func__ for f in self._saved_sign)

        def sign_wrapper(secret_key, sign_str, sign_method):
            result = sign(secret_key, sign_str, sign_method)
            self.v1_calls.append((sign_str, sign_method, result))
            return result

        def sign_tc3_wrapper(secret_key, date, service, str2sign):
            result = sign_tc3(secret_key, date, service, str2sign)
            self.tc3_calls.append((date, service, str2sign, result))
            return result

        Sign.sign = staticmethod(sign_wrapper)
        Sign.sign_tc3 = staticmethod(sign_tc3_wrapper)
        return self

    def __exit__(self, *exc):
        for name, value in self._saved.items():
            setattr(abstract_client, name, value)
        Sign.sign, Sign.sign_tc3 = self._saved_sign


def run_sdk(c):
    """Makes the case's call through the SDK; returns (prepared request, recorder, client)."""
    http = HttpProfile(protocol=c["protocol"], endpoint=c["endpoint"], reqMethod=c["method"])
    profile = ClientProfile(signMethod=c["sign_method"], httpProfile=http,
                            language=c["language"], request_client=c["request_client"])
    profile.unsignedPayload = c["unsigned"]
    client = CommonClient(c["service"], c["version"], Credential(c["ak"], c["sk"], c["token"]),
                          c["region"], profile)
    wire = _Wire()
    client.request.conn._session.mount("https://", wire)
    client.request.conn._session.mount("http://", wire)
    client.request.conn.proxy = None
    format_sign_string = client._format_sign_string
    formatted = []

    def format_wrapper(*args, **kwargs):
        result = format_sign_string(*args, **kwargs)
        formatted.append(result)
        return result

    client._format_sign_string = format_wrapper
    with _Fixed(epoch(c["time"]), c["nonce"] if c["nonce"] is not None else NONCE) as rec:
        if c["octet"] is not None:
            client.call_octet_stream(c["action"], {}, c["octet"])
        else:
            client.call_json(c["action"], c["params"], options=c["options"])
    if len(wire.sent) != 1:
        raise SystemExit("%r: expected one request on the wire, got %d" % (c["note"],
                                                                           len(wire.sent)))
    rec.formatted = formatted
    return wire.sent[0], rec


def wire_body(prepared):
    """The body bytes `requests` sends (http.client encodes a str body as ISO-8859-1)."""
    body = prepared.body
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("iso-8859-1")
    return bytes(body)


def body_fields(data):
    if not data:
        return {"body": ""}
    try:
        return {"body": data.decode("utf-8")}
    except UnicodeDecodeError:
        return {"body_base64": base64.b64encode(data).decode("ascii")}


def needs_host_header(prepared):
    """True when the URL loses the Host the SDK sends (an explicit default port)."""
    u = urlsplit(prepared.url)
    return (u.scheme, u.port) in (("https", 443), ("http", 80))


def tc3_vector(c, strict=True):
    prepared, rec = run_sdk(c)
    if len(rec.tc3_calls) != 1:
        raise SystemExit("%r: Sign.sign_tc3 called %d times" % (c["note"], len(rec.tc3_calls)))
    date, service, string_to_sign, signature = rec.tc3_calls[0]
    digest = string_to_sign.rsplit("\n", 1)[1]
    canonical = [h for h in rec.hashes.inputs if hashlib.sha256(h).hexdigest() == digest]
    if len(canonical) != 1:
        raise SystemExit("%r: canonical request not found among the SDK's hashes" % c["note"])
    canonical_request = canonical[0].decode("utf-8")

    # Cross-checks: the signature is what went out, and the wire carries what was signed.
    headers = list(prepared.headers.items())
    sent = {k.lower(): v for k, v in headers}
    if not sent["authorization"].endswith("Signature=" + signature):
        raise SystemExit("%r: Authorization on the wire is not the signature" % c["note"])
    if date != parse_time(c["time"]).strftime("%Y-%m-%d"):
        raise SystemExit("%r: credential date %s is not the UTC date" % (c["note"], date))
    lines = canonical_request.split("\n")
    body = wire_body(prepared)
    query = urlsplit(prepared.url).query
    # With X-TC-Content-SHA256: UNSIGNED-PAYLOAD the SDK hashes that literal, not the body.
    unsigned = sent.get("x-tc-content-sha256") == "UNSIGNED-PAYLOAD"
    if unsigned != c["unsigned"]:
        raise SystemExit("%r: X-TC-Content-SHA256 sent is not the profile's" % c["note"])
    payload = b"UNSIGNED-PAYLOAD" if unsigned else body
    if lines[2] != query or lines[-1] != hashlib.sha256(payload).hexdigest():
        raise SystemExit("%r: the wire request is not what the SDK signed" % c["note"])
    host = sent["host"]
    if strict and not needs_host_header(prepared) and host != urlsplit(prepared.url).netloc:
        raise SystemExit("%r: Host %s is not the URL's" % (c["note"], host))

    keep = [(k, v) for k, v in headers
            if k.lower() not in TRANSPORT and k not in TC3_ADDED and k != "X-TC-TraceId"
            and (k != "Host" or needs_host_header(prepared))]
    added = [(k, sent[k.lower()]) for k in TC3_ADDED if k.lower() in sent]
    credentials = {"access_key": c["ak"], "secret_key": c["sk"], "service": c["service"]}
    if c["token"]:
        credentials["session_token"] = c["token"]
    return {
        "scheme": TC3,
        "request": dict({"method": prepared.method, "url": prepared.url,
                         "headers": [[k, v] for k, v in keep]}, **body_fields(body)),
        "credentials": credentials,
        "time": c["time"],
        "expected": {
            "canonical_request": canonical_request,
            "string_to_sign": string_to_sign,
            "signature": signature,
            "headers": [[k, v] for k, v in added],
        },
    }


def v1_vector(c):
    prepared, rec = run_sdk(c)
    if len(rec.v1_calls) != 1 or len(rec.formatted) != 1:
        raise SystemExit("%r: Sign.sign called %d times" % (c["note"], len(rec.v1_calls)))
    string_to_sign, method, signature = rec.v1_calls[0]
    if string_to_sign != rec.formatted[0] or method != c["sign_method"]:
        raise SystemExit("%r: _format_sign_string and Sign.sign disagree" % c["note"])
    body = wire_body(prepared)
    url = prepared.url
    encoded = urlsplit(url).query if c["method"] == "GET" else body.decode("ascii")
    params = parse_qsl(encoded, keep_blank_values=True, strict_parsing=bool(encoded))
    if dict(params).get("Signature") != signature or params[-1][0] != "Signature":
        raise SystemExit("%r: the Signature parameter sent is not the signature" % c["note"])
    # The request given to the signer is the wire request less the Signature parameter the
    # signer adds (the SDK appends it last): cut exactly that suffix from the query or body.
    suffix = "&Signature=" + encoded.rsplit("&Signature=", 1)[1]
    if c["method"] == "GET":
        url = url[:-len(suffix)]
    else:
        body = body[:-len(suffix)]
    sent = dict(prepared.headers)
    keep = [(k, v) for k, v in prepared.headers.items()
            if k.lower() not in TRANSPORT and k not in ("X-TC-TraceId", "Host")]
    if sent["Host"] != urlsplit(prepared.url).netloc:
        raise SystemExit("%r: Host is not the URL's" % c["note"])
    credentials = {"access_key": c["ak"], "secret_key": c["sk"]}
    if c["token"]:
        credentials["session_token"] = c["token"]
    return {
        "scheme": V1[c["sign_method"]],
        "request": dict({"method": prepared.method, "url": url,
                         "headers": [[k, v] for k, v in keep]}, **body_fields(body)),
        "credentials": credentials,
        "time": c["time"],
        "nonce": int(dict(params)["Nonce"]),
        "expected": {
            "string_to_sign": string_to_sign,
            "signature": signature,
            "params": [[k, v] for k, v in params],
        },
    }


def vector(case_id, c):
    v = tc3_vector(c) if c["kind"] == "tc3" else v1_vector(c)
    out = {"id": case_id, "scheme": v.pop("scheme"), "source": SOURCE}
    out.update(v)
    out["note"] = c["note"]
    return out


def render():
    lines = [json.dumps(vector("tc3-sdk-%03d" % i, c), ensure_ascii=False)
             for i, c in enumerate(TC3_CASES, 1)]
    lines += [json.dumps(vector("v1-sdk-%03d" % i, c), ensure_ascii=False)
              for i, c in enumerate(V1_CASES, 1)]
    return "\n".join(lines) + "\n"


def case_from_vector(v):
    """The SDK call that a recorded case describes (inverse of vector())."""
    r = v["request"]
    u = urlsplit(r["url"])
    headers = {k: val for k, val in r["headers"]}
    creds = v["credentials"]
    common = dict(method=r["method"], endpoint=headers.get("Host", u.netloc),
                  protocol=u.scheme, time=v["time"], ak=creds["access_key"],
                  sk=creds["secret_key"], token=creds.get("session_token"))
    if v["scheme"] == TC3:
        body = (base64.b64decode(r["body_base64"]) if "body_base64" in r
                else r.get("body", "").encode("utf-8"))
        ctype = headers.get("Content-Type", "")
        if r["method"] == "GET":
            params = parse_qsl(u.query, keep_blank_values=True)
        elif ctype == "application/json":
            params = json.loads(body)
        else:
            return None  # multipart / octet-stream: not reconstructed
        client = headers.get("X-TC-RequestClient", "")
        suffix = client.split("; ", 1)[1] if "; " in client else None
        return tc3("", params, service=creds["service"], action=headers["X-TC-Action"],
                   version=headers["X-TC-Version"],
                   unsigned=headers.get("X-TC-Content-SHA256") == "UNSIGNED-PAYLOAD",
                   region=headers.get("X-TC-Region", ""),
                   language=headers.get("X-TC-Language", "zh-CN"), request_client=suffix,
                   **common)
    encoded = u.query if r["method"] == "GET" else r.get("body", "")
    pairs = parse_qsl(encoded, keep_blank_values=True)
    p = dict(pairs)
    client = p.get("RequestClient", "")
    suffix = client.split("; ", 1)[1] if "; " in client else None
    mac = p.get("SignatureMethod", "HmacSHA1")
    common["time"] = _dt.datetime.fromtimestamp(int(p["Timestamp"]), _dt.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    return v1("", mac, {k: val for k, val in pairs if k not in V1_COMMON},
              action=p["Action"], region=p.get("Region", ""), version=p["Version"],
              language=p.get("Language", "zh-CN"), nonce=int(p["Nonce"]),
              request_client=suffix, **common)


def verify_shared(path):
    """Re-signs the Tencent cases of a vectors file with the SDK; prints and counts
    disagreements."""
    bad = total = skipped = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            v = json.loads(line)
            if v["scheme"] != TC3 and v["scheme"] not in V1.values():
                continue
            c = case_from_vector(v)
            if c is None:
                skipped += 1
                continue
            total += 1
            mine = vector(v["id"], c)
            exp, got = v["expected"], mine["expected"]
            problems = [k for k in ("canonical_request", "string_to_sign", "signature")
                        if k in exp and exp[k] != got.get(k)]
            if sorted(map(tuple, exp.get("headers", []))) != sorted(
                    map(tuple, got.get("headers", []))):
                problems.append("headers")
            if "params" in exp and sorted(map(tuple, exp["params"])) != sorted(
                    map(tuple, got["params"])):
                problems.append("params")
            if mine["request"]["url"] != v["request"]["url"]:
                problems.append("url")
            if problems:
                bad += 1
                print("%s: SDK disagrees on %s (signature %s, expected %s)"
                      % (v["id"], ", ".join(problems), got["signature"], exp["signature"]))
    print("%s: %d tencent cases re-signed, %d disagree, %d not reconstructed (multipart/octet)"
          % (path, total, bad, skipped))
    return bad == 0


def show_excluded():
    for c, why in EXCLUDED:
        v = tc3_vector(c, strict=False) if c["kind"] == "tc3" else v1_vector(c)
        print("## %s\n%s\nurl: %s\nbody: %s" % (c["note"], why, v["request"]["url"],
                                                v["request"].get("body")))
        for key, value in v["expected"].items():
            print("%s: %s" % (key, json.dumps(value, ensure_ascii=False)))
        print()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the output file differs")
    ap.add_argument("--verify-shared", metavar="JSONL",
                    help="re-sign the tencent cases of JSONL (any vectors file, this one too) with "
                         "the SDK, from their recorded request, and compare")
    ap.add_argument("--excluded", action="store_true",
                    help="print what the SDK produces for the cases kept out of the file")
    args = ap.parse_args()
    # The zone the document warns about: the SDK must take the credential date in UTC anyway.
    os.environ["TZ"] = "CST-8"
    time.tzset()
    if args.verify_shared:
        sys.exit(0 if verify_shared(args.verify_shared) else 1)
    if args.excluded:
        show_excluded()
        return
    text = render()
    if args.check:
        with open(OUT, encoding="utf-8") as f:
            same = f.read() == text
        print("%s is %s" % (OUT, "up to date" if same else "STALE"))
        sys.exit(0 if same else 1)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote %d cases to %s" % (len(TC3_CASES) + len(V1_CASES), OUT))


if __name__ == "__main__":
    main()
