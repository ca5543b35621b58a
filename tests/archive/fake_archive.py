"""A Wayback-style web archive on 127.0.0.1 for tests and benchmarks: a CDX endpoint and a replay server.

Behaviour follows what the Internet Archive does and ``scrapers.backfill_archive`` relies on:
- ``GET /cdx/search/cdx``: ``url`` + ``matchType=prefix`` (scheme and ``www.`` ignored, as SURT
  keys do), ``from``/``to`` (timestamp prefixes, ``to`` inclusive), ``filter=field:regex``
  (``!`` negates), ``collapse=urlkey`` (the first capture of each URL), ``limit`` with
  ``showResumeKey=true`` (``[]`` then ``[resumeKey]`` after the rows) and ``resumeKey``; output JSON
  with a header row.
- ``GET /web/<timestamp>id_/<original>``: the capture's original bytes and Content-Type; a capture
  stored as a redirect answers 302 to its target's replay URL; a timestamp with no capture of that
  URL answers 302 to the nearest capture (as the Wayback Machine does), an unknown URL 404.
- ``/robots.txt`` allows everything; ``faults`` queue answers (e.g. a 429 with Retry-After) for a
  path prefix; every request is logged with its start time.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


def _key(url: str) -> str:
    """A SURT-like key: no scheme, no ``www.``, lower-case host."""
    rest = re.sub(r"^https?://", "", url, flags=re.IGNORECASE)
    host, _, path = rest.partition("/")
    host = host.lower()
    return (host[4:] if host.startswith("www.") else host) + "/" + path


def digest_of(body: bytes) -> str:
    return base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


@dataclass
class Capture:
    timestamp: str
    original: str
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    redirect_to: tuple[str, str] | None = None  # (timestamp, original) of the capture it redirects to
    listed_status: str | None = None  # what the CDX row says, when not the replay status
    listed: bool = True

    def cdx_row(self) -> dict:
        return {
            "urlkey": _key(self.original),
            "timestamp": self.timestamp,
            "original": self.original,
            "mimetype": self.content_type.split(";")[0],
            "statuscode": self.listed_status or str(self.status),
            "digest": digest_of(self.body),
            "length": str(len(self.body)),
        }


@dataclass
class FakeArchive:
    captures: list[Capture] = field(default_factory=list)
    faults: dict = field(default_factory=dict)  # path prefix -> [(status, headers)] answered first
    latency_seconds: float = 0.0
    requests: list = field(default_factory=list)  # (start monotonic, path)
    server: ThreadingHTTPServer | None = None

    def add(self, timestamp: str, original: str, body: bytes = b"", **options) -> Capture:
        capture = Capture(timestamp, original, body, **options)
        self.captures.append(capture)
        return capture

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def requests_to(self, prefix: str) -> list:
        return [entry for entry in self.requests if entry[1].startswith(prefix)]

    # -- CDX -------------------------------------------------------------------------------------
    def cdx(self, query: list[tuple[str, str]]) -> bytes:
        params: dict[str, list[str]] = {}
        for name, value in query:
            params.setdefault(name, []).append(value)
        prefix = _key(params["url"][0])
        exact = params.get("matchType", ["exact"])[0] != "prefix"
        rows = [capture.cdx_row() for capture in self.captures if capture.listed]
        rows = [row for row in rows if (row["urlkey"] == prefix if exact else row["urlkey"].startswith(prefix))]
        start, end = params.get("from", [None])[0], params.get("to", [None])[0]
        if start:
            rows = [row for row in rows if row["timestamp"] >= start.ljust(14, "0")]
        if end:
            rows = [row for row in rows if row["timestamp"] <= end.ljust(14, "9")]
        for spec in params.get("filter", []):
            negate = spec.startswith("!")
            name, _, pattern = spec.lstrip("!").partition(":")
            rows = [row for row in rows if bool(re.fullmatch(pattern, row.get(name, ""))) != negate]
        rows.sort(key=lambda row: (row["urlkey"], row["timestamp"]))
        if "urlkey" in params.get("collapse", []):
            firsts, seen = [], set()
            for row in rows:
                if row["urlkey"] not in seen:
                    seen.add(row["urlkey"])
                    firsts.append(row)
            rows = firsts
        offset = int(base64.urlsafe_b64decode(params["resumeKey"][0]).decode()) if "resumeKey" in params else 0
        limit = int(params.get("limit", ["100000"])[0])
        page = rows[offset : offset + limit]
        fields = params.get("fl", ["urlkey,timestamp,original,mimetype,statuscode,digest,length"])[0].split(",")
        output = [fields] + [[row[name] for name in fields] for row in page]
        if params.get("showResumeKey") == ["true"] and offset + limit < len(rows):
            output += [[], [base64.urlsafe_b64encode(str(offset + limit).encode()).decode()]]
        return json.dumps(output).encode("utf-8")

    # -- replay ----------------------------------------------------------------------------------
    def replay(self, timestamp: str, original: str) -> tuple[int, dict, bytes]:
        same_url = [c for c in self.captures if _key(c.original) == _key(original)]
        exact = next((c for c in same_url if c.timestamp == timestamp), None)
        if exact is None:
            if not same_url:
                return (
                    404,
                    {"Content-Type": "text/html"},
                    b"<html><body>Wayback has not archived that URL.</body></html>",
                )
            nearest = min(same_url, key=lambda c: abs(int(c.timestamp) - int(timestamp)))
            return 302, {"Location": f"/web/{nearest.timestamp}id_/{nearest.original}"}, b""
        if exact.redirect_to:
            target_ts, target_url = exact.redirect_to
            return 302, {"Location": f"/web/{target_ts}id_/{target_url}"}, b""
        return exact.status, {"Content-Type": exact.content_type}, exact.body

    def answer(self, path: str) -> tuple[int, dict, bytes]:
        for prefix, queued in self.faults.items():
            if path.startswith(prefix) and queued:
                status, headers = queued.pop(0)
                return status, headers, b"busy"
        parts = urlsplit(path)
        if parts.path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"
        if parts.path == "/cdx/search/cdx":
            return 200, {"Content-Type": "application/json"}, self.cdx(parse_qsl(parts.query))
        match = re.match(r"^/web/(\d{14})id_/(.+)$", path)
        if match:
            return self.replay(match.group(1), match.group(2))
        return 404, {"Content-Type": "text/plain"}, b"not found"

    # -- server ----------------------------------------------------------------------------------
    def start(self) -> FakeArchive:
        archive = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):
                pass

            def do_GET(self):
                archive.requests.append((time.monotonic(), self.path))
                if archive.latency_seconds:
                    time.sleep(archive.latency_seconds)
                status, headers, body = archive.answer(self.path)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
