#!/usr/bin/env python3
"""A small HTTP server for the large-transfer test of tests/tests/wire_osm.rs.

Python 3 standard library only. It listens on 127.0.0.1 on an ephemeral port and prints the
port number, alone on a line, on stdout; it runs until killed.

It never holds a body in memory:

- POST (any path): reads a multipart/form-data body as it arrives (Content-Length or chunked),
  64 KiB at a time, and parses just enough of it to hash each part's bytes with SHA-256. It
  answers {"accessory_id": "<sha256 of the first file part>"} and keeps a summary for
  GET /stats.
- GET /stats: the summary of the last upload: field names in order; for the file part its
  name, file name, content type, size and SHA-256; the text fields' values; the most bytes the
  parser ever held at once; the authentication headers it got. And of the last download: its
  size, seed and the SHA-256 of the bytes sent.
- GET .../<size>.<seed> (e.g. /v2/servicerequest/accessory/17838137.42): <size> bytes of the
  pseudo-random stream <seed>, streamed 64 KiB at a time, with Content-Length and a
  Content-Disposition file name of large-<seed>.bin. Block i of stream s is
  SHA-256(s as u64 LE || i as u64 LE); the stream is the blocks one after the other.
"""

import hashlib
import http.server
import json
import re
import struct
import sys
import threading

CHUNK = 64 * 1024
TEXT_LIMIT = 64 * 1024

LAST = {"upload": None, "download": None}
LOCK = threading.Lock()


def seeded(seed, size):
    """Yields `size` bytes of stream `seed`, in chunks of at most CHUNK bytes."""
    index = 0
    left = size
    pending = []
    pending_len = 0
    while left > 0:
        block = hashlib.sha256(struct.pack("<QQ", seed, index)).digest()
        index += 1
        block = block[: min(32, left)]
        left -= len(block)
        pending.append(block)
        pending_len += len(block)
        if pending_len >= CHUNK:
            yield b"".join(pending)
            pending = []
            pending_len = 0
    if pending:
        yield b"".join(pending)


def disposition_param(value, key):
    for match in re.finditer(r';\s*([A-Za-z*]+)=("((?:[^"\\]|\\.)*)"|[^;]*)', value):
        if match.group(1).lower() == key:
            if match.group(3) is not None:
                return re.sub(r"\\(.)", r"\1", match.group(3))
            return match.group(2).strip()
    return None


class Body:
    """The request body as chunks, without reading more than CHUNK bytes at a time."""

    def __init__(self, handler):
        self.rfile = handler.rfile
        self.chunked = "chunked" in (handler.headers.get("Transfer-Encoding") or "").lower()
        self.left = int(handler.headers.get("Content-Length") or 0)
        self.chunk_left = 0
        self.done = False
        self.total = 0

    def read(self):
        """The next piece of the body, or b"" at its end."""
        if self.done:
            return b""
        if not self.chunked:
            if self.left == 0:
                self.done = True
                return b""
            data = self.rfile.read(min(CHUNK, self.left))
            if not data:
                raise ValueError("body ended early")
            self.left -= len(data)
            self.total += len(data)
            return data
        if self.chunk_left == 0:
            size = int(self.rfile.readline().split(b";")[0].strip(), 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                self.done = True
                return b""
            self.chunk_left = size
        data = self.rfile.read(min(CHUNK, self.chunk_left))
        self.chunk_left -= len(data)
        if self.chunk_left == 0:
            self.rfile.readline()
        self.total += len(data)
        return data


def parse_multipart(body, boundary):
    """Reads the multipart body part by part; returns (parts, most bytes held at once)."""
    delimiter = b"--" + boundary
    close = b"\r\n" + delimiter
    buf = b""
    held = 0

    def more():
        nonlocal buf, held
        data = body.read()
        if not data:
            raise ValueError("multipart body ended early")
        buf += data
        held = max(held, len(buf))

    while delimiter not in buf:
        more()
    buf = buf[buf.index(delimiter) + len(delimiter):]
    parts = []
    while True:
        while len(buf) < 2:
            more()
        if buf[:2] == b"--":
            break
        if buf[:2] != b"\r\n":
            raise ValueError("no CRLF after a boundary")
        buf = buf[2:]
        while b"\r\n\r\n" not in buf:
            more()
        end = buf.index(b"\r\n\r\n")
        headers = {}
        for line in buf[:end].decode("utf-8").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        buf = buf[end + 4:]
        disposition = headers.get("content-disposition", "")
        part = {
            "name": disposition_param(disposition, "name"),
            "filename": disposition_param(disposition, "filename"),
            "content_type": headers.get("content-type"),
        }
        digest = hashlib.sha256()
        size = 0
        text = b""
        while True:
            at = buf.find(close)
            if at >= 0:
                piece, buf = buf[:at], buf[at + len(close):]
            else:
                # Keep what could be the start of the delimiter; pass the rest on.
                safe = max(0, len(buf) - (len(close) - 1))
                piece, buf = buf[:safe], buf[safe:]
            digest.update(piece)
            size += len(piece)
            if len(text) < TEXT_LIMIT:
                text += piece[: TEXT_LIMIT - len(text)]
            if at >= 0:
                break
            more()
        part["size"] = size
        part["sha256"] = digest.hexdigest()
        if part["filename"] is None:
            part["value"] = text.decode("utf-8", "replace")
        parts.append(part)
    while body.read():
        pass
    return parts, held


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def send_json(self, status, value):
        data = json.dumps(value).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Request-Id", "stream-server")
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        content_type = self.headers.get("Content-Type", "")
        match = re.search(r'boundary="?([^";]+)"?', content_type)
        if not content_type.startswith("multipart/form-data") or not match:
            self.send_json(400, {"error_code": "TEST.400", "error_msg": "not multipart"})
            return
        body = Body(self)
        try:
            parts, held = parse_multipart(body, match.group(1).encode("ascii"))
        except ValueError as error:
            self.close_connection = True
            self.send_json(400, {"error_code": "TEST.400", "error_msg": str(error)})
            return
        files = [p for p in parts if p["filename"] is not None]
        summary = {
            "fields": [p["name"] for p in parts],
            "file": files[0] if files else None,
            "body_size": body.total,
            "max_buffered": held,
            "authorization": {
                name: self.headers[name]
                for name in ("Authorization", "X-Auth-Token")
                if self.headers.get(name) is not None
            },
        }
        for part in parts:
            if part["filename"] is None:
                summary[part["name"]] = part["value"]
        with LOCK:
            LAST["upload"] = summary
        self.send_json(200, {"accessory_id": files[0]["sha256"] if files else None})

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/stats":
            with LOCK:
                self.send_json(200, dict(LAST))
            return
        match = re.search(r"/(\d+)\.(\d+)$", path)
        if not match:
            self.send_json(404, {"error_code": "TEST.404", "error_msg": "no such file"})
            return
        size, seed = int(match.group(1)), int(match.group(2))
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.send_header("Content-Disposition", 'attachment; filename="large-%d.bin"' % seed)
        self.send_header("X-Request-Id", "stream-server")
        self.end_headers()
        # The digest of what is sent is recorded before the last chunk goes out, so that a
        # client that has the whole body finds it in /stats.
        digest = hashlib.sha256()
        pending = None
        for chunk in seeded(seed, size):
            if pending is not None:
                self.wfile.write(pending)
            digest.update(chunk)
            pending = chunk
        with LOCK:
            LAST["download"] = {"size": size, "seed": seed, "sha256": digest.hexdigest()}
        if pending is not None:
            self.wfile.write(pending)
        self.wfile.flush()


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
