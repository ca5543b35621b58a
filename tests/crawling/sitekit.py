"""Small fake websites on 127.0.0.1 for crawler tests and the benchmark, with injectable faults.

A ``Site`` is a threaded ``http.server`` on its own port (so each site is its own host for
politeness) serving routes keyed by path+query. Pages answer conditional GETs (ETag and
Last-Modified) like a well-behaved CMS; fault routes write raw bytes to the socket to produce
resets and truncated bodies that no well-behaved framework would let us send.
"""

from __future__ import annotations

import hashlib
import socket
import struct
import threading
import time
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from scrapers.registry import Politeness, Source

LAST_MODIFIED = "Tue, 03 May 2016 08:00:00 GMT"
# Politeness for tests: no delay, short timeouts and backoff, 1 MB pages.
FAST = Politeness(
    min_delay_seconds=0.0,
    timeout_seconds=1.0,
    connect_timeout_seconds=1.0,
    max_pages=5,
    max_bytes=1_000_000,
    max_retries=2,
    backoff_seconds=0.05,
    max_retry_after_seconds=2.0,
)


class Site:
    def __init__(self, latency: float = 0.0):
        self.latency = latency
        self.routes: dict[str, object] = {}
        self.requests: list[tuple[str, dict, float]] = []
        self.lock = threading.Lock()
        self.active = 0  # requests being served right now
        self.max_active = 0  # the most ever served at once: 1 means the host was never hit in parallel
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                with site.lock:
                    site.requests.append((self.path, dict(self.headers), time.monotonic()))
                with site.lock:
                    site.active += 1
                    site.max_active = max(site.max_active, site.active)
                try:
                    self._serve()
                finally:
                    with site.lock:
                        site.active -= 1

            def _serve(self):
                if site.latency:
                    time.sleep(site.latency)
                route = site.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", "9")
                    self.end_headers()
                    self.wfile.write(b"not found")
                    return
                route(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base_url + path

    def paths_requested(self) -> list[str]:
        with self.lock:
            return [entry[0] for entry in self.requests]

    def request_times(self, path: str) -> list[float]:
        with self.lock:
            return [entry[2] for entry in self.requests if entry[0] == path]

    def clear_log(self):
        with self.lock:
            self.requests.clear()

    # -- route builders ---------------------------------------------------------------------
    def page(self, path, body, content_type="text/html; charset=utf-8", status=200, headers=None, conditional=True):
        self.routes[path] = page(body, content_type, status, headers, conditional)

    def sequence(self, path, *responders):
        """Answer successive requests with successive responders (the last one repeats)."""
        calls = {"n": 0}

        def respond(handler):
            index = min(calls["n"], len(responders) - 1)
            calls["n"] += 1
            responders[index](handler)

        self.routes[path] = respond

    def route(self, path, responder):
        self.routes[path] = responder


# -- responders (callables taking the request handler) ------------------------------------------
def page(body, content_type="text/html; charset=utf-8", status=200, headers=None, conditional=True):
    """A page that answers conditional GETs (ETag / If-None-Match) with 304, like a good CMS."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'

    def respond(handler):
        if conditional and handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        if conditional:
            handler.send_header("ETag", etag)
            handler.send_header("Last-Modified", LAST_MODIFIED)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return respond


def status(code, headers=None, body=b"error"):
    def respond(handler):
        handler.send_response(code)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def html(body, content_type="text/html; charset=utf-8"):
    data = body.encode("utf-8") if isinstance(body, str) else body

    def respond(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return respond


def redirect(location, code=302):
    def respond(handler):
        handler.send_response(code)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return respond


def slow(seconds, then):
    def respond(handler):
        time.sleep(seconds)
        try:
            then(handler)
        except OSError:
            pass  # the client gave up

    return respond


def reset_connection(handler):
    """Close the socket with SO_LINGER 0: the client sees a TCP reset."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    handler.close_connection = True


def truncated_body(handler):
    """Promise 10 000 bytes, send 200, hang up."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", "10000")
    handler.end_headers()
    handler.wfile.write(b"<html><body>" + b"x" * 188)
    handler.wfile.flush()
    handler.close_connection = True
    handler.connection.shutdown(socket.SHUT_RDWR)


def headers_cut(partial=b"HTTP/1.1 200 OK\r\nContent-Type: text/ht", reset=False):
    """Send the start of a header block, then hang up (FIN) -- or reset (RST) with ``reset=True``.

    http.client takes a header block ended by the end of the stream as complete: without care this
    reads as a 200 with the content type "text/ht" and an empty body."""

    def respond(handler):
        handler.wfile.write(partial)
        handler.wfile.flush()
        handler.close_connection = True
        if reset:
            time.sleep(0.05)  # let the partial header reach the client first
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            handler.connection.close()
        else:
            handler.connection.shutdown(socket.SHUT_RDWR)

    return respond


def huge_streamed(total_bytes):
    """A page of ``total_bytes`` sent chunked, without Content-Length (the cap must hit mid-stream)."""

    def respond(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        chunk = b"<p>" + b"a" * 65530 + b"</p>"
        sent = 0
        try:
            while sent < total_bytes:
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
            handler.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # the client stopped reading: expected
        handler.close_connection = True

    return respond


def huge_declared(total_bytes):
    """Declares a ``total_bytes`` Content-Length (refusable before reading)."""

    def respond(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(total_bytes))
        handler.end_headers()
        try:
            block = b"a" * 65536
            for _ in range(total_bytes // len(block)):
                handler.wfile.write(block)
        except OSError:
            pass
        handler.close_connection = True

    return respond


# -- a small news site --------------------------------------------------------------------------
def list_page(site: Site, items: list[tuple[str, str, str]], next_path: str | None) -> str:
    rows = "\n".join(
        f'<li class="item"><a href="{href}">{title}</a> <span class="date">{day}</span></li>'
        for href, title, day in items
    )
    next_link = f'<a class="next" href="{next_path}">Trang sau</a>' if next_path else ""
    return f"<html><head><title>Tin tức</title></head><body><ul>{rows}</ul>{next_link}</body></html>"


def article_page(title: str, day: str, body: str) -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>"
        f"<span class='date'>{day}</span><div class='body'><p>{body}</p></div></body></html>"
    )


def build_news_site(
    site: Site,
    *,
    pages: int = 2,
    per_page: int = 3,
    prefix: str = "/news",
    robots: str | None = "User-agent: *\nAllow: /\n",
    first_day: int = 28,
) -> list[str]:
    """List pages ``/news/`` and ``/news/?page=N`` linking to articles; returns article paths, newest first."""
    if robots is not None:
        site.page("/robots.txt", robots, content_type="text/plain")
    article_paths = []
    number = pages * per_page
    for page_number in range(1, pages + 1):
        items = []
        for _ in range(per_page):
            path = f"{prefix}/bai-{number}.html"
            day = f"{max(1, first_day - (pages * per_page - number)):02d}/10/2024"
            title = f"Chuyển đổi số bài {number}"
            items.append((path, title, day))
            site.page(path, article_page(title, day, f"Tỉnh đạt 95% cơ quan có mạng LAN, bài số {number}."))
            article_paths.append(path)
            number -= 1
        next_path = f"{prefix}/?page={page_number + 1}" if page_number < pages else None
        list_path = f"{prefix}/" if page_number == 1 else f"{prefix}/?page={page_number}"
        site.page(list_path, list_page(site, items, next_path))
    return article_paths


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 has base letters (ă, â, ê, ô, ơ, ư, đ) and separate tone marks: split the tones off."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tones = [mark for mark in decomposed if mark in TONE_MARKS]
            base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in TONE_MARKS))
            out += (base + "".join(tones)).encode("cp1258")
    return bytes(out)


def source_for(
    site: Site,
    source_id: str = "test_site",
    list_paths=("/news/",),
    politeness: Politeness = FAST,
    cms: str = "generic",
    province_code: str | None = "25",
) -> Source:
    return Source(
        id=source_id,
        name=f"Test site {source_id}",
        base_url=site.base_url,
        cms=cms,
        list_urls=tuple(site.url(p) for p in list_paths),
        allowed_domains=(f"127.0.0.1:{site.port}",),
        province_code=province_code,
        politeness=politeness,
    )
