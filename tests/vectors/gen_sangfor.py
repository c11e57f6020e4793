#!/usr/bin/env python3
"""Generate Sangfor SCP AWS4-HMAC-SHA256 signing vectors with the document's own signing flow.

Usage (from anywhere):

    pip install -r tests/vectors/requirements.txt
    python3 tests/vectors/gen_sangfor.py            # writes tests/vectors/sangfor-sdk.jsonl
    python3 tests/vectors/gen_sangfor.py --check    # exits 1 if the file is not what it would write
    python3 tests/vectors/gen_sangfor.py --verify-shared ../shared/vectors/sangfor.jsonl
    python3 tests/vectors/gen_sangfor.py --excluded # what the flow does in the cases kept out
    python3 tests/vectors/gen_sangfor.py --doc-samples  # the document's printed samples, checked

Sangfor ships no SDK for this scheme. The SCP document (section 2.6.1.2, "请求签名示例 (Python
2.7)") prints the client-side flow: a `requests` auth class, `EC2RequestAuth`, that builds an
EC2 credentials dict (params, verb, host, path, headers with `Authorization` and `X-Amz-Date`,
body_hash) and hands it to `Ec2Signer.generate`. The document imports `Ec2Signer` from the
`utils` module of its attachment; that is OpenStack's EC2 signer, published on PyPI in
python-keystoneclient as `keystoneclient.contrib.ec2.utils.Ec2Signer` (the one keystone's
ec2tokens verification uses). This script carries that class over to Python 3, changed only
where Python 3 or fixed inputs require it (marked "port:" below), and sends every case through a
real `requests.Session` as the document's `__main__` does; a transport adapter records the
prepared request instead of a network. Nothing is computed here: every expected value is what
Ec2Signer produced.

Intermediate strings: Ec2Signer keeps the canonical request (`cr`) and the string to sign
(`string_to_sign`) in locals of `_calc_signature_4`; they are read from its frame when it returns
(sys.settrace), and checked: the last line of the string to sign is the SHA-256 of the canonical
request, the signature is the one in the Authorization header on the wire, the body hash is that
of the body on the wire.

What is recorded:
- `request.url`: the URL as `requests` prepares it for the wire (it percent-encodes non-ASCII and
  unsafe characters, upper-cases existing escapes and decodes escaped unreserved characters);
  `request.body`: the body bytes sent.
- `request.headers`: the headers the caller gave, plus any header that the case's signed list
  names and `requests` sends (e.g. Content-Length, User-Agent), in the prepared request's order;
  not the transport's other headers, not `Host` (only sent by `requests` when the caller gives it),
  not the two the flow adds.
- `expected.headers`: the headers the flow adds, `Authorization` and `X-Amz-Date`, in that order.
- `options.signed_headers`: the SignedHeaders list the flow declares (the document hard-codes
  `cookie;x-amz-date` in the Python sample and `path;x-amz-date` in the Postman script, and says
  any header present in the request may be listed, host excepted).

The time is fixed by replacing, for the duration of a call, the `datetime` the flow reads
`utcnow()` from. Keys and times are fixed: rerunning reproduces the file byte for byte.
"""

import argparse
import base64
import datetime
import datetime as _dt
import hashlib
import io
import json
import os
import sys
import types
from urllib.parse import urlparse, urlsplit

import requests
from requests import auth
from requests.adapters import BaseAdapter

from keystoneclient.contrib.ec2.utils import Ec2Signer

KEYSTONECLIENT_VERSION = "6.0.0"
SOURCE = "document flow + python-keystoneclient %s Ec2Signer" % KEYSTONECLIENT_VERSION
SCHEME = "sangfor-aws4"
ID_PREFIX = "sangfor-sdk-"

# The document's keys: Postman section 3.1.2 (main), Python sample 2.6.1.2, AK/SK sample 2.6.1.1.1.
AK = "e96a96326f2841ba8bdf2242f6cb832e"
SK = "68176b3ec9d64394bdfcbe124b3e6078"
PY_AK = "3d6f221410da409b9c72e7abc9c913c9"
PY_SK = "30c23bde9afe439588e7af63a0b6920b"
SAMPLE_AK = "750e97ada0ac4683a13e709ab57e7f72"
SAMPLE_SK = "e841cfc0de79410ebdd9feabfad77f9e"
# Region and service of the Postman section ("请求签名中定义: Service: open-api, Region: cn-south-1").
REGION = "cn-south-1"
SERVICE = "open-api"
# The X-Amz-Date example of the request-header table (2.3): "2020-12-01T03:17:42Z".
TIME = "2020-12-01T03:17:42Z"
BASE = "https://10.134.87.212"
DEFAULT_SIGNED = "path;x-amz-date"
JSON = "application/json"
SERVER = "661ce7a4-5abe-4191-832c-7d1dc6c5fd9a"
AZ = "a5b9e0a9-f809-4d02-89fd-444110197cdc"

# Headers `requests` adds by itself (recorded only when the signed list names them).
TRANSPORT = {"user-agent", "accept-encoding", "accept", "connection", "content-length"}
ADDED = ("Authorization", "X-Amz-Date")

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sangfor-sdk.jsonl")

_NO_JSON = object()


def case(note, method="GET", path="/janus/20180725/vpcs", query="", headers=(), body=None,
         json_body=_NO_JSON, signed=DEFAULT_SIGNED, region=REGION, service=SERVICE, time=TIME,
         ak=AK, sk=SK, base=BASE, group=None):
    """One vector's inputs. `path` and `query` are given to `requests` as written (it encodes
    them); `body` is sent as `data=` (str as UTF-8), `json_body` as `json=` (requests serialises
    it); `group`: cases of one group must come out with the same signature."""
    url = base + path + ("?" + query if query else "")
    return dict(note=note, method=method, url=url, headers=list(headers), body=body,
                json_body=json_body, signed=signed, region=region, service=service, time=time,
                ak=ak, sk=sk, group=group)


CASES = [
    # --- the document's own requests ------------------------------------------------------
    case("GET, default signed list path;x-amz-date (the Postman script's): path is declared "
         "but is no header, x-amz-date is the only canonical header line"),
    case("the Python sample as printed: service sdk-api, its keys, Cookie aCMPAuthToken, "
         "signed list cookie;x-amz-date", headers=[("Cookie", "aCMPAuthToken=%s" % ("0" * 32))],
         signed="cookie;x-amz-date", service="sdk-api", ak=PY_AK, sk=PY_SK),
    case("the Postman screenshot's request: explicit :443, a query (not signed), Cookie "
         "(not in the signed list)", base=BASE + ":443", path="/janus/20180725/subnets",
         query="az_id=" + AZ, headers=[("Cookie", "aCMPAuthToken=1d3747c7af6f40f29e70788e2d1fbe2a")],
         group="subnets"),
    # --- the query is never signed ----------------------------------------------------------
    case("same request without the query: same signature (query not signed)",
         path="/janus/20180725/subnets", group="subnets"),
    case("same request with the list parameters of 2.4.2: same signature",
         path="/janus/20180725/subnets",
         query="az_id=%s&page_num=1&page_size=100&sort=cpu_ratio,mem_ratio&order_by=ASC,DESC"
               "&fields=server_id,status" % AZ, group="subnets"),
    case("query with unicode, spaces, reserved characters, repeated and empty keys: not "
         "signed either", path="/janus/20180725/subnets",
         query="name=子网 一&q=a+b%26c&tag=b&tag=a&marker=&flag", group="subnets"),
    # --- methods and bodies -------------------------------------------------------------------
    case("POST JSON via requests' json=: ensure_ascii escapes the unicode, ', ' and ': ' "
         "separators, Content-Type set by requests", method="POST", path="/janus/20180725/servers",
         json_body={"name": "云主机-1", "az_id": AZ, "cores": 2, "memory_mb": 4096}),
    case("POST JSON with raw UTF-8 unicode (CJK, accents, a 4-byte emoji): the UTF-8 bytes "
         "are hashed", method="POST", path="/janus/20180725/servers",
         headers=[("Content-Type", JSON)],
         body='{"name":"虚拟机","description":"café 测试 😀"}'),
    case("POST JSON with escapes: quote, backslash, slash, \\n, \\t, \\u0001, \\u2028, "
         "</script>, as escape sequences in the text", method="POST",
         path="/janus/20180725/custom-attributes", headers=[("Content-Type", JSON)],
         body='{"script":"echo \\"hi\\" \\\\ \\/tmp\\n\\tdone\\u0001\\u2028","html":"</script>"}'),
    case("POST pretty-printed JSON with CRLF line ends and indentation: hashed byte for byte",
         method="POST", path="/janus/20180725/vpcs", headers=[("Content-Type", JSON)],
         body='{\r\n  "name": "vpc-1",\r\n  "description": ""\r\n}\r\n'),
    case("POST JSON with big integers, float, bool, null", method="POST",
         path="/janus/20180725/alarm-policies", headers=[("Content-Type", JSON)],
         body='{"u64":18446744073709551615,"neg":-9223372036854775808,"f":1.5e-7,'
              '"b":true,"n":null}'),
    case("POST with no body and a JSON content type: hash of the empty body", method="POST",
         path="/janus/20180725/vnetdev/nfvs/stop", headers=[("Content-Type", JSON)]),
    case("POST action with body {}", method="POST", path="/janus/20180725/links/action",
         headers=[("Content-Type", JSON)], body="{}"),
    case("PUT JSON", method="PUT", path="/janus/20180725/servers/" + SERVER,
         headers=[("Content-Type", JSON)], body='{"name":"renamed","description":"改名"}'),
    case("DELETE without body", method="DELETE", path="/janus/20180725/servers/" + SERVER),
    case("DELETE with a JSON body", method="DELETE", path="/janus/20180725/floatingips",
         headers=[("Content-Type", JSON)],
         body='{"floatingip_ids":["d5ae0d43-4afc-4f27-a851-9989a7083d9d"]}'),
    case("GET with a body: the Python flow hashes it (the Postman script would hash '')",
         path="/janus/20180725/servers", headers=[("Content-Type", JSON)], body='{"a":1}'),
    case("method given in lower case: requests upper-cases it", method="get",
         path="/janus/20180725/projects/8e9fbbc04d7b40f6bc3bbe549fd1655a"),
    # --- paths ------------------------------------------------------------------------------
    case("percent-encoded path (upper-case escapes): signed as sent",
         path="/janus/20180725/images/%E9%95%9C%E5%83%8F"),
    case("path with lower-case escapes: requests (urllib3) upper-cases them before sending, "
         "signed as sent", path="/janus/20180725/images/%e9%95%9c%e5%83%8f"),
    case("unicode path: requests percent-encodes it as UTF-8", path="/janus/20180725/images/镜像 一"),
    case("path with characters requests encodes (|^`{}\"<>\\) and ones it keeps (!$&'()*+,=:@~)",
         path="/janus/20180725/tags/a|b^c`d{e}f\"g<h>i\\j/k!$&'()*+,=:@~l/x"),
    case("semicolon in a middle path segment: kept in the signed path",
         path="/janus/20180725/tags/a;b/resources"),
    case("escaped unreserved character %7E: requests sends ~, signed as sent",
         path="/janus/20180725/users/%7Eadmin"),
    case("escaped slash %2F inside a segment: kept as sent", path="/janus/20180725/objects/dir%2Ffile"),
    case("empty path segment (double slash) kept", path="/janus//20180725/vpcs"),
    case("trailing slash kept", path="/openstack/compute/v2/flavors/"),
    case("URL without a path: requests sends /", path=""),
    case("OpenStack-compatible path with a query (not signed)",
         path="/openstack/compute/v2/servers/detail", query="limit=10"),
    case("OpenStack POST JSON (create server)", method="POST",
         path="/openstack/compute/v2/servers", headers=[("Content-Type", JSON)],
         body='{"server":{"name":"vm","imageRef":"a","flavorRef":"1","networks":[{"uuid":"n"}]}}'),
    case("OpenStack network v2.0 path with a dot in the version segment",
         path="/openstack/network/v2.0/floatingips"),
    case("OpenStack metric path (section 4.6)", base="https://10.132.17.99",
         path="/openstack/metric/v1/resource/generic/790fac5b-849a-4760-9f94-be853e2ed7d8/metric/"
              "cpu_util/measures"),
    # --- signed header lists ----------------------------------------------------------------
    case("content-type;x-amz-date with a JSON body", method="POST", path="/janus/20180725/vpcs",
         headers=[("Content-Type", JSON)], body='{"name":"vpc-2"}',
         signed="content-type;x-amz-date"),
    case("content-type;x-amz-date with the content type requests sets for json=",
         method="POST", path="/janus/20180725/vpcs", json_body={"name": "vpc-3"},
         signed="content-type;x-amz-date"),
    case("cookie;x-amz-date without a Cookie header: cookie declared, no line",
         signed="cookie;x-amz-date"),
    case("host;x-amz-date: requests only adds Host when sending, so the flow's headers have "
         "none and host adds no line (the document: host is not supported as a signed header)",
         signed="host;x-amz-date"),
    case("host;x-amz-date with a Host header given by the caller: signed (and sent) as given",
         headers=[("Host", "10.134.87.212")], signed="host;x-amz-date"),
    case("x-amz-date alone", signed="x-amz-date"),
    case("declared order kept (not sorted): x-amz-date before cookie",
         headers=[("Cookie", "aCMPAuthToken=56debefee2c54355a49fc73dfaaa9466")],
         signed="x-amz-date;cookie"),
    case("several headers: content-type, cookie, path, x-amz-date, x-client-token (2.7's "
         "idempotency header); header names matched case-insensitively", method="POST",
         path="/janus/20180725/servers",
         headers=[("Content-Type", JSON), ("Cookie", "aCMPAuthToken=56debefee2c54355a49fc73dfaaa9466"),
                  ("X-CLIENT-TOKEN", "7c9e6679-7425-40de-944b-e07fc1f90ae7")],
         body='{"name":"vm-2"}', signed="content-type;cookie;path;x-amz-date;x-client-token"),
    case("a transport header in the list: content-length as requests sends it", method="PUT",
         path="/janus/20180725/vpcs/0e2443a5-b293-4365-9eda-6f199d2eafd9",
         headers=[("Content-Type", JSON)], body='{"name":"vpc-4"}',
         signed="content-length;x-amz-date"),
    case("a transport header in the list: user-agent as requests sends it",
         signed="user-agent;x-amz-date"),
    case("the same name twice in the list: two lines", headers=[("X-Client-Token", "tok")],
         signed="x-client-token;x-client-token;x-amz-date"),
    case("the list 'path' alone: no header line, the header block is a lone newline "
         "('\\n'.join([]) + '\\n')", signed="path"),
    case("the list 'cookie' alone, no Cookie header: no header line either", signed="cookie"),
    case("upper-case names in the list: Ec2Signer compares them verbatim with the lower-cased "
         "header names, so neither Content-Type nor X-Amz-Date gives a line", method="POST",
         path="/janus/20180725/vpcs", headers=[("Content-Type", JSON)], body='{"a":1}',
         signed="Content-Type;X-Amz-Date"),
    case("a space after the separator: ' x-amz-date' matches no header",
         headers=[("Cookie", "aCMPAuthToken=56debefee2c54355a49fc73dfaaa9466")],
         signed="cookie; x-amz-date"),
    # --- header values ----------------------------------------------------------------------
    case("header value with trailing spaces and a tab: trimmed (requests refuses leading "
         "whitespace)", headers=[("Cookie", "aCMPAuthToken=56debefee2c54355a49fc73dfaaa9466 \t ")],
         signed="cookie;x-amz-date"),
    case("header value with inner runs of whitespace: kept as is",
         headers=[("X-Client-Token", "a   b \t c")], signed="x-client-token;x-amz-date"),
    case("empty header value: signed as name:", headers=[("X-Client-Token", "")],
         signed="x-client-token;x-amz-date"),
    case("trailing vertical tab, form feed and U+001F: str.strip() removes them all",
         headers=[("X-Client-Token", "tok\x0b\x0c\x1f")], signed="x-client-token;x-amz-date"),
    case("trailing no-break space (U+00A0, sent as the byte A0): str.strip() removes it",
         headers=[("X-Client-Token", "tok\xa0")], signed="x-client-token;x-amz-date"),
    # --- regions, services, keys ------------------------------------------------------------
    case("the header table's example scope: region cn-east-1, service dsp-api (2.6.1.1.1 keys)",
         region="cn-east-1", service="dsp-api", ak=SAMPLE_AK, sk=SAMPLE_SK),
    case("the docstring's scope and time: service sdk, 2021-01-05T11:23:00Z",
         service="sdk", time="2021-01-05T11:23:00Z", ak=PY_AK, sk=PY_SK),
    case("OpenStack default region name RegionOne", region="RegionOne",
         path="/openstack/image/v2/images"),
    # --- time -------------------------------------------------------------------------------
    case("last second of the year (UTC)", time="2023-12-31T23:59:59Z"),
    case("UTC midnight exactly: the new date in the scope", time="2024-01-01T00:00:00Z"),
    case("leap day, last second", time="2024-02-29T23:59:59Z"),
    case("16:00 UTC = midnight in UTC+8 (the document's examples are in China): the scope "
         "keeps the UTC date (the flow reads utcnow())",
         time="2024-02-29T16:00:00Z"),
]

# Run with --excluded; kept out of the file (see the notes printed with them).
EXCLUDED = [
    (case("semicolon in the last path segment", path="/janus/20180725/servers/" + SERVER + ";v=1"),
     "the flow takes the path from urlparse(), which splits ';v=1' off the last segment as "
     "'params': it signs /janus/20180725/servers/<id> while requests sends the ';v=1'. An "
     "artifact of the sample's urlparse (urlsplit keeps it); a server that reads the path it "
     "received signs what was sent, as our signer does"),
    (case("escaped dot segment %2e%2e", path="/janus/20180725/%2e%2e/vpcs"),
     "requests decodes %2e (unreserved) and sends /janus/20180725/../vpcs, which the flow "
     "signs; a WHATWG URL parser (Rust's url) resolves the dot segment, so the recorded URL "
     "cannot carry the path that was signed"),
]


class _Wire(BaseAdapter):
    """A transport that records the prepared request and answers a canned API response."""

    def __init__(self):
        super().__init__()
        self.sent = []

    def send(self, request, **kwargs):
        self.sent.append(request)
        resp = requests.Response()
        resp.status_code = 200
        resp.headers["Content-Type"] = JSON
        resp._content = b'{"message": "", "code": 0, "data": {}}'
        resp.raw = io.BytesIO(resp._content)
        resp.request = request
        resp.url = request.url
        resp.encoding = "utf-8"
        return resp

    def close(self):
        pass


# --- the document's flow (section 2.6.1.2), carried over to Python 3 ------------------------

class EC2RequestAuth(auth.AuthBase):
    u"""EC2 签名类"""

    # port: the document hard-codes signed_headers = 'cookie;x-amz-date' in
    # get_ec2_request_headers and tells the reader to change it; here it is a parameter.
    def __init__(self, access_key, secret_key, region, service, signed_headers):
        self.access_key = access_key
        self.secret_key = secret_key
        self.region = region
        self.service = service
        self.signed_headers = signed_headers

    def __call__(self, r, *args, **kwargs):
        ec2_headers = self.get_ec2_request_headers_handler(r)
        r.headers.update(ec2_headers)
        return r

    def get_ec2_request_headers_handler(self, r):
        return self.get_ec2_request_headers(r=r,
                                            access_key=self.access_key,
                                            secret_key=self.secret_key)

    def get_ec2_request_headers(self, r, access_key, secret_key):
        signer = Ec2Signer(secret_key)
        algorithm = 'AWS4-HMAC-SHA256'
        t = datetime.datetime.utcnow()
        # port: the document prints '%Y%m%dT%H%M%SΖ' with a Greek capital Zeta (U+0396) for
        # the final Z; the header format (and Ec2Signer's check) is YYYYMMDDTHHMMSSZ.
        amzdate = t.strftime('%Y%m%dT%H%M%SZ')
        datestamp = t.strftime('%Y%m%d')
        headers = r.headers.copy()

        # 注意：目前不支持使用host作为签名头，其他只要存在与headers中的字段均可用来做签名头。
        signed_headers = self.signed_headers
        credential_scope = '/'.join([
            datestamp, self.region, self.service, 'aws4_request'
        ])
        authorization_header = '{} Credential={}/{}, SignedHeaders={}'.format(
            algorithm, access_key, credential_scope, signed_headers)
        headers.update({
            'Authorization': authorization_header,
            'X-Amz-Date': amzdate
        })

        _, host, path, _, _, _ = urlparse(r.url)

        # port: Python 2's r.body is a byte string; under Python 3 requests keeps a str body as
        # str (http.client sends it as ISO-8859-1). The cases give bytes or json=, both bytes.
        body = r.body or b''
        if isinstance(body, str):
            body = body.encode('iso-8859-1')
        body_hash = hashlib.sha256(body).hexdigest()
        credentials = {
            'params': {},
            'verb': r.method,
            'host': host,
            'path': path,
            'headers': headers,
            'body_hash': body_hash
        }

        signature = signer.generate(credentials)

        authorization_header += ', Signature=%s' % signature
        headers.update({
            'Authorization': authorization_header
        })

        return headers


# --- running it -------------------------------------------------------------------------------

class _Fixed:
    """Fixes the flow's clock; records the locals of Ec2Signer._calc_signature_4 at its return."""

    def __init__(self, when):
        fixed = when

        class FixedDatetime(_dt.datetime):
            @classmethod
            def utcnow(cls):
                return fixed

        self._clock = types.SimpleNamespace(datetime=FixedDatetime)
        self.returns = []

    def __enter__(self):
        global datetime
        self._saved_clock = datetime
        datetime = self._clock
        target = Ec2Signer._calc_signature_4.__code__
        returns = self.returns

        def local(frame, event, arg):
            if event == "return":
                returns.append((dict(frame.f_locals), arg))
            return local

        def tracer(frame, event, arg):
            return local if event == "call" and frame.f_code is target else None

        self._saved_trace = sys.gettrace()
        sys.settrace(tracer)
        return self

    def __exit__(self, *exc):
        global datetime
        sys.settrace(self._saved_trace)
        datetime = self._saved_clock


def parse_time(text):
    return _dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


def wire_body(prepared):
    body = prepared.body
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("iso-8859-1")
    return bytes(body)


def body_fields(data):
    try:
        return {"body": data.decode("utf-8")}
    except UnicodeDecodeError:
        return {"body_base64": base64.b64encode(data).decode("ascii")}


def run_flow(c):
    """Sends case `c` through a requests Session with the document's auth class; returns the
    prepared request and Ec2Signer's captured canonical request, string to sign, signature."""
    signer_auth = EC2RequestAuth(access_key=c["ak"], secret_key=c["sk"], region=c["region"],
                                 service=c["service"], signed_headers=c["signed"])
    kwargs = {}
    if c["json_body"] is not _NO_JSON:
        kwargs["json"] = c["json_body"]
    elif c["body"] is not None:
        body = c["body"]
        kwargs["data"] = body.encode("utf-8") if isinstance(body, str) else body
    wire = _Wire()
    with requests.Session() as session:
        session.mount("https://", wire)
        session.mount("http://", wire)
        with _Fixed(parse_time(c["time"])) as rec:
            session.request(c["method"], c["url"], auth=signer_auth, headers=dict(c["headers"]),
                            verify=False, **kwargs)
    if len(wire.sent) != 1 or len(rec.returns) != 1:
        raise SystemExit("%r: expected one signing and one request, got %d and %d"
                         % (c["note"], len(rec.returns), len(wire.sent)))
    frame, signature = rec.returns[0]
    if signature is None:
        raise SystemExit("%r: Ec2Signer raised" % c["note"])
    prepared = wire.sent[0]
    canonical_request = frame["cr"].decode("utf-8")
    string_to_sign = frame["string_to_sign"]

    # Cross-checks: what was signed is what went out.
    sent = {k.lower(): v for k, v in prepared.headers.items()}
    if not sent["authorization"].endswith(", Signature=" + signature):
        raise SystemExit("%r: Authorization on the wire is not the signature" % c["note"])
    if string_to_sign.rsplit("\n", 1)[1] != hashlib.sha256(frame["cr"]).hexdigest():
        raise SystemExit("%r: string to sign does not end with the canonical hash" % c["note"])
    if string_to_sign.split("\n")[1] != sent["x-amz-date"]:
        raise SystemExit("%r: X-Amz-Date sent is not the one signed" % c["note"])
    lines = canonical_request.split("\n")
    if lines[-1] != hashlib.sha256(wire_body(prepared)).hexdigest():
        raise SystemExit("%r: the body sent is not the one hashed" % c["note"])
    return prepared, canonical_request, string_to_sign, signature


def vector_body(c, strict=True):
    prepared, canonical_request, string_to_sign, signature = run_flow(c)
    path = urlsplit(prepared.url).path
    if strict and canonical_request.split("\n")[1] != path:
        raise SystemExit("%r: signed path is not the path sent" % c["note"])
    signed = {h.lower() for h in c["signed"].split(";")}
    given = {k.lower() for k, _ in c["headers"]}
    keep = [(k, v) for k, v in prepared.headers.items()
            if k not in ADDED
            and (k.lower() in given or k.lower() in signed or k.lower() not in TRANSPORT)]
    sent = {k.lower(): v for k, v in prepared.headers.items()}
    return {
        "scheme": SCHEME,
        "source": SOURCE,
        "request": dict({"method": prepared.method, "url": prepared.url,
                         "headers": [[k, v] for k, v in keep]}, **body_fields(wire_body(prepared))),
        "credentials": {"access_key": c["ak"], "secret_key": c["sk"], "region": c["region"],
                        "service": c["service"]},
        "options": {"signed_headers": c["signed"]},
        "time": c["time"],
        "expected": {
            "canonical_request": canonical_request,
            "string_to_sign": string_to_sign,
            "signature": signature,
            "headers": [[k, sent[k.lower()]] for k in ADDED],
        },
    }


def vector(index, c):
    out = {"id": "%s%03d" % (ID_PREFIX, index)}
    out.update(vector_body(c))
    out["note"] = c["note"]
    return out


def render():
    vectors = [vector(i, c) for i, c in enumerate(CASES, 1)]
    groups = {}
    for c, v in zip(CASES, vectors):
        if c["group"]:
            groups.setdefault(c["group"], set()).add(v["expected"]["signature"])
    for name, signatures in groups.items():
        if len(signatures) != 1:
            raise SystemExit("group %r: the query changed the signature" % name)
    return "\n".join(json.dumps(v, ensure_ascii=False) for v in vectors) + "\n"


def case_from_vector(v):
    """The flow call that a recorded case describes (inverse of vector())."""
    r = v["request"]
    body = (base64.b64decode(r["body_base64"]) if "body_base64" in r
            else r.get("body", "").encode("utf-8"))
    creds = v["credentials"]
    c = case(v.get("note", ""), method=r["method"], base="", path=r["url"],
             headers=[tuple(h) for h in r["headers"]], body=body or None,
             signed=(v.get("options") or {}).get("signed_headers", DEFAULT_SIGNED),
             region=creds["region"], service=creds["service"], time=v["time"],
             ak=creds["access_key"], sk=creds["secret_key"])
    return c


def verify_shared(path):
    """Re-signs the sangfor cases of a vectors file with the flow; prints and counts
    disagreements."""
    bad = total = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            v = json.loads(line)
            if v["scheme"] != SCHEME:
                continue
            total += 1
            mine = vector_body(case_from_vector(v), strict=False)
            exp, got = v["expected"], mine["expected"]
            problems = [k for k in ("canonical_request", "string_to_sign", "signature")
                        if k in exp and exp[k] != got[k]]
            if sorted(map(tuple, exp.get("headers", []))) != sorted(map(tuple, got["headers"])):
                problems.append("headers")
            if mine["request"]["url"] != v["request"]["url"]:
                problems.append("url (requests sends %s)" % mine["request"]["url"])
            if problems:
                bad += 1
                print("%s: the flow disagrees on %s (signature %s, expected %s)"
                      % (v["id"], ", ".join(problems), got["signature"], exp["signature"]))
    print("%s: %d sangfor cases re-signed, %d disagree" % (path, total, bad))
    return bad == 0


def show_excluded():
    for c, why in EXCLUDED:
        v = vector_body(c, strict=False)
        print("## %s\n%s\nurl: %s" % (c["note"], why, v["request"]["url"]))
        for key, value in v["expected"].items():
            print("%s: %s" % (key, json.dumps(value, ensure_ascii=False)))
        print()


def doc_samples():
    """The signatures the document prints, against what the flow gives for its keys.

    The docstring of get_ec2_request_headers shows Signature=fff5b016... for x-amz-date
    20210105T112300Z, scope cn-south-1/sdk, SignedHeaders=path;x-amz-date, AK elided; it does not
    say which request. It is searched for over the document's three secret keys, every /janus
    and /openstack path the document prints, the four methods, an empty body."""
    import re
    want = "fff5b016763f84b5feb10d84296da4251b919c2e10e703a79dfea2a1fe1f151d"
    seed = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared",
                        "seeds", "004_8c0a1546f2dc6205.txt")
    paths = {"/"}
    if os.path.exists(seed):
        with open(seed, encoding="utf-8") as f:
            paths |= set(re.findall(r"/(?:janus|openstack)/[A-Za-z0-9_./{}-]*", f.read()))
    tried = 0
    for sk in (SK, PY_SK, SAMPLE_SK):
        signer = Ec2Signer(sk)
        for path in sorted(paths):
            for method in ("GET", "POST", "PUT", "DELETE"):
                headers = {"Authorization": "AWS4-HMAC-SHA256 Credential=AK/20210105/cn-south-1/"
                                            "sdk/aws4_request, SignedHeaders=path;x-amz-date",
                           "X-Amz-Date": "20210105T112300Z"}
                got = signer.generate({"params": {}, "verb": method, "host": "h", "path": path,
                                       "headers": headers,
                                       "body_hash": hashlib.sha256(b"").hexdigest()})
                tried += 1
                if got == want:
                    print("docstring signature reproduced: %s %s with SK %s" % (method, path, sk))
                    return
    print("docstring signature %s not reproduced by any of %d requests (3 keys x %d paths x 4 "
          "methods, empty body)" % (want, tried, len(paths)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the output file differs")
    ap.add_argument("--verify-shared", metavar="JSONL",
                    help="re-sign the sangfor cases of JSONL (any vectors file, this one too) with "
                         "the flow, from their recorded request, and compare")
    ap.add_argument("--excluded", action="store_true",
                    help="print what the flow produces for the cases kept out of the file")
    ap.add_argument("--doc-samples", action="store_true",
                    help="try to reproduce the signature printed in the document's sample")
    args = ap.parse_args()
    if args.verify_shared:
        sys.exit(0 if verify_shared(args.verify_shared) else 1)
    if args.excluded:
        show_excluded()
        return
    if args.doc_samples:
        doc_samples()
        return
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
