"""Serve the offline mirror: one ThreadingHTTPServer per site on a free 127.0.0.1 port.

HTTP semantics follow what a polite crawler relies on: ``ETag`` and ``Last-Modified`` on every
page, ``304 Not Modified`` on a matching conditional GET (``If-None-Match`` wins over
``If-Modified-Since``, RFC 9110 §13.2.2), ``Content-Type`` with a charset, ``HEAD`` support, 404
for unknown paths. ``latency_seconds`` delays every response, to benchmark crawl scheduling.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from mirror.build import Site, build_all
from warehouse import settings

log = logging.getLogger(__name__)

NOT_FOUND_PAGE = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>404</title></head><body><h1>Không tìm thấy trang</h1></body></html>'.encode()


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    candidates = [value.strip() for value in header.split(",")]
    return any(candidate.removeprefix("W/") == etag for candidate in candidates)


def _not_modified_since(header: str, last_modified: str) -> bool:
    try:
        return parsedate_to_datetime(last_modified) <= parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False


def make_handler(site: Site, latency_seconds: float):
    class MirrorRequestHandler(BaseHTTPRequestHandler):
        server_version = "vnict-mirror/1.0"
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # keep test and DAG logs quiet; debug logging shows requests
            log.debug("%s %s", site.site_id, format % args)

        def do_HEAD(self):
            self._respond(send_body=False)

        def do_GET(self):
            self._respond(send_body=True)

        def _respond(self, send_body: bool) -> None:
            if latency_seconds:
                time.sleep(latency_seconds)
            page = site.pages.get(self.path)
            if page is None:
                self._send(404, NOT_FOUND_PAGE, {"Content-Type": "text/html; charset=utf-8"}, send_body)
                return
            headers = {
                "Content-Type": page.content_type,
                "ETag": page.etag,
                "Last-Modified": page.last_modified,
                "Cache-Control": "no-cache",
            }
            if_none_match = self.headers.get("If-None-Match")
            if_modified_since = self.headers.get("If-Modified-Since")
            if (if_none_match and _etag_matches(if_none_match, page.etag)) or (
                not if_none_match and if_modified_since and _not_modified_since(if_modified_since, page.last_modified)
            ):
                self._send(304, b"", headers, send_body=False, content_length=False)
                return
            self._send(200, page.body, headers, send_body)

        def _send(self, status: int, body: bytes, headers: dict, send_body: bool, content_length: bool = True) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if content_length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body and body:
                self.wfile.write(body)

    return MirrorRequestHandler


@dataclass
class MirrorHandle:
    """A running mirror: ``endpoints`` maps source ids to base URLs; ``stop()`` shuts every site down."""

    endpoints: dict[str, str]
    site_urls: dict[str, str]
    _servers: list = field(default_factory=list, repr=False)
    _threads: list = field(default_factory=list, repr=False)

    def write_endpoints(self, path: str | os.PathLike) -> Path:
        """Write ``{source_id: base_url}`` atomically (temp file + rename) for VNICT_SOURCE_ENDPOINTS."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", dir=target.parent, delete=False, suffix=".tmp", encoding="utf-8"
        ) as handle:
            json.dump(self.endpoints, handle, indent=2, sort_keys=True)
            temporary = handle.name
        os.replace(temporary, target)
        return target

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> MirrorHandle:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_mirror(
    latency_seconds: float = 0.0,
    endpoints_file: str | os.PathLike | None = None,
    host: str | None = None,
    scenario: str | os.PathLike | None = None,
) -> MirrorHandle:
    """Start every mirrored site on its own free port; optionally write the endpoints file.

    ``scenario``: a YAML file of extra articles (see mirror.build.load_scenario)."""
    host = host or settings.MIRROR_HOST
    handle = MirrorHandle(endpoints={}, site_urls={})
    for name, site in build_all(scenario).items():
        server = ThreadingHTTPServer((host, 0), make_handler(site, latency_seconds))
        server.daemon_threads = True
        base_url = f"http://{host}:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, name=f"mirror-{name}", daemon=True)
        thread.start()
        handle._servers.append(server)
        handle._threads.append(thread)
        handle.site_urls[site.site_id] = base_url
        for source_id in site.source_ids:
            handle.endpoints[source_id] = base_url
    if endpoints_file:
        handle.write_endpoints(endpoints_file)
    return handle
