"""A polite, robust HTTP fetcher: one call fetches one page and always returns a FetchResult.

Politeness: robots.txt (RFC 9309, see ``scrapers.robots``), a per-host minimum delay raised to
the site's Crawl-delay when that is larger, a descriptive User-Agent, and one request in flight
per host at a time (threads may fetch different hosts concurrently).
Robustness: connect/read timeouts plus a whole-body time budget, retries with exponential backoff
on 5xx, 429 (Retry-After honoured up to a cap), timeouts, resets and truncated bodies -- never on
other 4xx -- a size cap enforced while streaming, redirects followed by hand and only inside the
source's allowed domains, non-HTML responses skipped, conditional GET (ETag / Last-Modified).

Nothing raises for a network problem: the outcome and reason end up in the result, which becomes
one fetch record (contract: ``*.fetches.jsonl``). Every attempt is logged and kept in
``FetchResult.attempts`` so that retries are observable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import logging
import os
import re
import threading
import time
from collections import Counter, deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

try:  # POSIX only; elsewhere hosts are serialised within the process only
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

from scrapers.registry import Politeness
from scrapers.robots import RobotsPolicy, decode_robots, robots_url
from scrapers.urls import canonical_url, domain_allowed, host_key, page_identity
from warehouse import archive, settings

log = logging.getLogger(__name__)

HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
# Failures worth another attempt: the server or the network hiccuped, the request was fine.
RETRYABLE_ERRORS = (
    requests.exceptions.ConnectionError,  # includes ConnectTimeout and resets
    requests.exceptions.Timeout,
    requests.exceptions.ChunkedEncodingError,  # truncated body (Content-Length not reached)
    requests.exceptions.ContentDecodingError,
)


# Failure classes: the vocabulary of raw.fetches, defined once in warehouse.records.
from warehouse.records import (  # noqa: E402,F401
    PERMANENT_FAILURES,
    TRANSIENT_FAILURES,
    UNCOUNTED_FAILURES,
    FetchRecord,  # noqa: E402
)


class PreviousFetch(Protocol):
    """What the fetcher needs from crawl state (``scrapers.crawl.StateRow`` has these)."""

    etag: str | None
    last_modified: str | None
    content_sha256: str | None
    last_status: int | None
    last_fetched_at: object


def utc_now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


@dataclass
class FetchResult:
    url: str
    canonical_url: str
    page_kind: str
    outcome: str = "failed"
    reason: str | None = None
    status_code: int | None = None
    bytes: int = 0
    duration_ms: int = 0
    content_sha256: str | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    requested_at: str = field(default_factory=utc_now_iso)
    final_url: str | None = None
    attempts: list[str] = field(default_factory=list)
    # Why nothing landed, one of the *_FAILURES kinds above; None when the page landed or was a 304.
    failure_kind: str | None = None
    body: bytes | None = field(default=None, repr=False)
    # robots.txt files fetched on the way (a redirect to a new host); each is recorded too.
    robots_fetches: list[FetchResult] = field(default_factory=list, repr=False)

    @property
    def landed(self) -> bool:
        return self.content_sha256 is not None and self.outcome in ("new", "updated", "unchanged", "not_modified")

    def to_record(self, run_id: str, source_id: str) -> FetchRecord:
        """The fetch record (``raw.fetches``); a capture adds its provenance (scrapers.backfill_archive)."""
        fetch_id = hashlib.sha1(f"{run_id}{self.url}{self.requested_at}".encode()).hexdigest()
        return {
            "fetch_id": fetch_id,
            "run_id": run_id,
            "source_id": source_id,
            "url": self.url,
            "canonical_url": self.canonical_url,
            "final_url": self.final_url,
            "page_kind": self.page_kind,
            "status_code": self.status_code,
            "outcome": self.outcome,
            "reason": self.reason,
            "bytes": self.bytes,
            "duration_ms": self.duration_ms,
            "content_sha256": self.content_sha256,
            "content_type": self.content_type,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "requested_at": self.requested_at,
            "attempts": list(self.attempts),
            "failure_kind": self.failure_kind,
        }


class HostGate:
    """Per-host lock and last-request time: one request per host at a time, spaced by its delay.

    The delay is measured between request starts: the server never sees two requests closer
    than the delay, and a slow response does not stretch the crawl further.

    Within a process a lock per host serialises threads. With ``lock_dir`` the host is also locked
    across processes on this machine (``fcntl.flock`` on ``<lock_dir>/<host>.lock``, which holds the
    wall-clock time of the host's last request start): Airflow maps crawl tasks per source, and two
    sources on one host (mic.gov.vn) must not hit it in parallel from two worker processes.
    """

    def __init__(self, clock=time.monotonic, sleep=time.sleep, lock_dir=None):
        self._clock = clock
        self._sleep = sleep
        self._lock_dir = lock_dir
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last_start: dict[str, float] = {}
        self.requests_by_host: Counter[str] = Counter()
        self.request_log: deque[tuple[str, float, float]] = deque(maxlen=100_000)

    def _lock_for(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    @contextmanager
    def _process_lock(self, host: str):
        """Yields (last wall-clock start by any process or None, a setter for this start)."""
        if self._lock_dir is None or fcntl is None:
            yield None, lambda started: None
            return
        lock_dir = Path(self._lock_dir)
        name = "".join(c if c.isalnum() or c in ".-" else "_" for c in host) + ".lock"
        try:
            lock_dir.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(lock_dir / name, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:  # an unwritable data dir must not stop the crawl; threads still serialise
            log.warning("host lock %s unavailable (%s): politeness is per process only", lock_dir / name, exc)
            self._lock_dir = None
            yield None, lambda started: None
            return
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            raw = os.pread(descriptor, 64, 0).decode("ascii", "ignore").strip()
            try:
                last = float(raw) if raw else None
            except ValueError:
                last = None

            def remember(started: float) -> None:
                data = f"{started:.6f}".encode("ascii").ljust(32)
                os.pwrite(descriptor, data, 0)

            yield last, remember
        finally:
            os.close(descriptor)  # closing releases the flock

    @contextmanager
    def turn(self, host: str, delay_seconds: float):
        with self._lock_for(host), self._process_lock(host) as (shared_last, remember):
            wait = 0.0
            last = self._last_start.get(host)
            if last is not None:
                wait = last + delay_seconds - self._clock()
            if shared_last is not None:
                wait = max(wait, shared_last + delay_seconds - time.time())
            if wait > 0:
                self._sleep(min(wait, delay_seconds))
            started = self._clock()
            self._last_start[host] = started
            remember(time.time())
            try:
                yield
            finally:
                with self._guard:
                    self.requests_by_host[host] += 1
                    self.request_log.append((host, started, self._clock()))


class _Exchange:
    """The outcome of one request after retries, before redirects and classification."""

    def __init__(self):
        self.status_code: int | None = None
        self.headers: dict = {}
        self.body: bytes | None = None
        self.outcome: str | None = None  # set when the exchange already decided (failed, too_large...)
        self.reason: str | None = None
        self.failure_kind: str | None = None
        self.received: int = 0


class _LastLineReader:
    """Wraps a response's socket file while its headers are read, remembering the last line."""

    def __init__(self, raw):
        self._raw = raw
        self.last_line = None

    def readline(self, *args):
        line = self._raw.readline(*args)
        self.last_line = line
        return line

    def __getattr__(self, name):
        return getattr(self._raw, name)


class _CompleteHeadersResponse(http.client.HTTPResponse):
    """http.client accepts a header block cut off by the end of the stream ("Content-Type: text/ht",
    then nothing) as if it were complete, so a connection dropped mid-headers would pass for a 200
    with an empty body or a strange content type. A header block must end with an empty line."""

    def begin(self):
        original = self.fp
        reader = _LastLineReader(original)
        self.fp = reader
        try:
            super().begin()
        finally:
            if self.fp is reader:
                self.fp = original
        if reader.last_line not in (b"\r\n", b"\n"):
            raise http.client.RemoteDisconnected("connection closed mid-headers (the header block never ended)")


class _CheckedHTTPConnection(HTTPConnection):
    response_class = _CompleteHeadersResponse


class _CheckedHTTPSConnection(HTTPSConnection):
    response_class = _CompleteHeadersResponse


class _CheckedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class _CheckedAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter with connection pools whose responses refuse a cut-off header block."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _CheckedHTTPConnectionPool,
            "https": _CheckedHTTPSConnectionPool,
        }


class PoliteRetry(Retry):
    """urllib3's retry bookkeeping, with waits of base, 2×base, 4×base... from the first retry.

    (urllib3 retries the first time immediately; a struggling government server deserves a pause.)
    """

    def get_backoff_time(self) -> float:
        errors = len([entry for entry in self.history if entry.redirect_location is None])
        if errors == 0:
            return 0.0
        return float(min(self.backoff_max, self.backoff_factor * (2 ** (errors - 1))))


def _describe_error(exc: Exception) -> str:
    return _classify_error(exc)[1]


def _classify_error(exc: Exception) -> tuple[str, str]:
    """(failure kind, description) of a network error."""
    text = str(exc)
    if isinstance(exc, _BodyTimeout):
        return "timeout", f"timeout: {text}"
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "timeout", "connect timeout"
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return "timeout", "read timeout"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "truncated", f"truncated body: {text[:200]}"
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return "undecodable", f"undecodable body: {text[:200]}"
    if isinstance(exc, requests.exceptions.SSLError):
        return "tls", f"TLS error: {text[:200]}"
    if isinstance(exc, requests.exceptions.ConnectionError):
        if "mid-headers" in text:
            return "reset", "connection closed mid-headers (the header block never ended)"
        if "reset" in text.lower() or "aborted" in text.lower() or "RemoteDisconnected" in text:
            return "reset", f"connection reset: {text[:200]}"
        if "timed out" in text.lower():
            return "timeout", "read timeout"
        return "connect", f"connection error: {text[:200]}"
    return "bad_request", f"{type(exc).__name__}: {text[:200]}"


def failure_kind_of_status(status: int | None) -> str:
    """The failure kind of an HTTP status that landed nothing."""
    if status == 429:
        return "rate_limited"
    if status == 408 or status is None:
        return "timeout" if status == 408 else "connect"
    if status >= 500:
        return "server_error"
    return "client_error"


class _BodyTimeout(requests.exceptions.Timeout):
    """The whole body took longer than its budget (a server dripping bytes defeats read timeouts)."""


def is_loopback(url: str) -> bool:
    """Whether ``url`` points at this machine (the offline mirror, test sites)."""
    host = (urlsplit(url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def _is_html(content_type: str | None) -> bool:
    if not content_type:
        return True  # many old sites send no Content-Type; the parser will cope or record an error
    return content_type.split(";", 1)[0].strip().lower() in HTML_CONTENT_TYPES


class Fetcher:
    """Fetches pages for any number of threads; share one per run so hosts are shared politely."""

    _insecure_warning_silenced = False

    def __init__(
        self,
        *,
        user_agent: str = settings.USER_AGENT,
        gate: HostGate | None = None,
        sleep=time.sleep,
        landing=None,
        host_lock_dir="default",
    ):
        self.user_agent = user_agent
        if host_lock_dir == "default":
            host_lock_dir = settings.host_lock_dir()
        self.gate = gate or HostGate(sleep=sleep, lock_dir=host_lock_dir)
        self._sleep = sleep
        self.landing = landing
        self._local = threading.local()
        self._robots: dict[str, RobotsPolicy] = {}
        self._robots_guard = threading.Lock()
        self._robots_locks: dict[str, threading.Lock] = {}

    # -- sessions ---------------------------------------------------------------------------
    def _session(self) -> requests.Session:
        # requests.Session is not documented as thread-safe: one per thread.
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.mount("http://", _CheckedAdapter())
            session.mount("https://", _CheckedAdapter())
            session.headers.update(
                {
                    "User-Agent": self.user_agent,
                    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                    "Accept-Language": "vi,en;q=0.5",
                }
            )
            self._local.session = session
        return session

    def close(self) -> None:
        session = getattr(self._local, "session", None)
        if session is not None:
            session.close()

    # -- robots.txt -------------------------------------------------------------------------
    def robots_policy(
        self, url: str, politeness: Politeness, previous: PreviousFetch | None = None, allowed_domains=None
    ) -> tuple[RobotsPolicy, list[FetchResult]]:
        """The robots policy of ``url``'s host for this run, and the robots fetches it cost (0 or 1).

        ``allowed_domains`` bounds robots.txt redirects too (in mirror mode: never the real site);
        a robots.txt whose redirect is refused counts as unreachable.
        """
        key = robots_url(url)
        with self._robots_guard:
            lock = self._robots_locks.setdefault(key, threading.Lock())
        with lock:  # one thread fetches a host's robots.txt; the others wait for its answer
            if key in self._robots:
                return self._robots[key], []
            cached = self._robots_from_cache(previous)
            if cached is not None:
                self._robots[key] = cached
                return cached, []
            result = self._fetch(
                key,
                page_kind="robots",
                politeness=politeness,
                allowed_domains=allowed_domains,
                previous=previous,
                check_robots=False,
                html_only=False,
                truncate=True,
            )
            policy = self._interpret_robots(result, previous)
            self._robots[key] = policy
            return policy, [result]

    def _robots_from_cache(self, previous: PreviousFetch | None) -> RobotsPolicy | None:
        """Reuse a robots.txt fetched less than 24 h ago (RFC 9309 §2.4) without a request."""
        if previous is None or previous.last_fetched_at is None or previous.last_status is None:
            return None
        fetched_at = previous.last_fetched_at
        if isinstance(fetched_at, str):
            try:
                fetched_at = dt.datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
            except ValueError:
                return None
        if fetched_at.tzinfo is None:
            fetched_at = fetched_at.replace(tzinfo=dt.UTC)
        age = (dt.datetime.now(dt.UTC) - fetched_at).total_seconds()
        if not 0 <= age < settings.ROBOTS_CACHE_SECONDS:
            return None
        status = int(previous.last_status)
        if (200 <= status < 300 or status == 304) and previous.content_sha256:
            try:
                return RobotsPolicy.from_text(decode_robots(archive.load(previous.content_sha256, self.landing)))
            except (FileNotFoundError, ValueError):
                return None
        if 400 <= status < 500 and status != 429:
            return RobotsPolicy.from_status(status)
        return None  # last time it was unreachable: ask again

    def _interpret_robots(self, result: FetchResult, previous: PreviousFetch | None) -> RobotsPolicy:
        if result.body is not None:
            return RobotsPolicy.from_text(decode_robots(result.body))
        if result.outcome == "not_modified" and result.content_sha256:
            try:
                return RobotsPolicy.from_text(decode_robots(archive.load(result.content_sha256, self.landing)))
            except (FileNotFoundError, ValueError):
                return RobotsPolicy.from_status(None, "304 but the archived copy is missing")
        status = result.status_code
        if status is not None and 300 <= status < 400:
            status = None  # a redirect chain that went nowhere counts as unreachable
        return RobotsPolicy.from_status(status, result.reason)

    def host_delay(self, url: str, politeness: Politeness) -> float:
        policy = self._robots.get(robots_url(url))
        crawl_delay = policy.crawl_delay(self.user_agent) if policy else 0.0
        return max(politeness.min_delay_seconds, crawl_delay)

    # -- pages ------------------------------------------------------------------------------
    def fetch(
        self,
        url: str,
        *,
        page_kind: str,
        politeness: Politeness,
        allowed_domains,
        previous: PreviousFetch | None = None,
        robots_state=None,
        deadline: float | None = None,
    ) -> FetchResult:
        """Fetch one list or article page. ``robots_state(robots_url)`` may supply crawl state rows.

        ``deadline`` (``time.monotonic()`` value): no backoff wait may run past it (the source's time
        budget for the run); the page is then failed for this run and asked again in a later one.
        """
        return self._fetch(
            url,
            page_kind=page_kind,
            politeness=politeness,
            allowed_domains=allowed_domains,
            previous=previous,
            check_robots=True,
            html_only=True,
            truncate=False,
            robots_state=robots_state,
            deadline=deadline,
        )

    def fetch_resource(
        self, url: str, *, page_kind: str, politeness: Politeness, allowed_domains, deadline: float | None = None
    ) -> FetchResult:
        """Fetch a resource of any content type (a web archive's CDX index page) with the same robots
        rules, per-host delay, retries, Retry-After, size cap and offline guard as a page."""
        return self._fetch(
            url,
            page_kind=page_kind,
            politeness=politeness,
            allowed_domains=allowed_domains,
            previous=None,
            check_robots=True,
            html_only=False,
            truncate=False,
            deadline=deadline,
        )

    def _fetch(
        self,
        url,
        *,
        page_kind,
        politeness,
        allowed_domains,
        previous,
        check_robots,
        html_only,
        truncate,
        robots_state=None,
        deadline=None,
    ) -> FetchResult:
        result = FetchResult(url=url, canonical_url=page_identity(url), page_kind=page_kind)
        current = url
        visited = {canonical_url(url)}
        network_seconds = 0.0
        try:
            for hop in range(settings.MAX_REDIRECTS + 1):
                if settings.offline() and not is_loopback(current):
                    # The embedded run never leaves 127.0.0.1, whatever a registry entry or a redirect says.
                    result.outcome, result.failure_kind = "redirect_blocked", "offline"
                    result.reason = (
                        f"offline run: {current} is not on the loopback mirror; only "
                        f"`python -m pipeline.run_local --live` (or VNICT_OFFLINE=0) reaches real sites"
                    )
                    return result
                if hop and allowed_domains is not None and not domain_allowed(current, allowed_domains):
                    result.outcome, result.failure_kind = "redirect_blocked", "off_site"
                    result.reason = f"redirect to {current} is outside the allowed domains {list(allowed_domains)}"
                    return result
                if check_robots:
                    state_row = robots_state(robots_url(current)) if robots_state else None
                    policy, robots_fetches = self.robots_policy(current, politeness, state_row, allowed_domains)
                    result.robots_fetches.extend(robots_fetches)
                    allowed, why = policy.allows(current, self.user_agent)
                    if not allowed:
                        result.outcome = "skipped_robots"
                        result.failure_kind = (
                            "robots_unreachable" if policy.mode == "disallow_all" else "robots_disallowed"
                        )
                        result.reason = why if hop == 0 else f"redirect target {current}: {why}"
                        return result
                exchange, seconds = self._exchange(current, politeness, previous, html_only, truncate, result, deadline)
                network_seconds += seconds
                result.status_code = exchange.status_code
                result.bytes = exchange.received
                result.content_type = exchange.headers.get("Content-Type")
                if exchange.outcome is not None:
                    result.outcome, result.reason = exchange.outcome, exchange.reason
                    result.failure_kind = exchange.failure_kind
                    return result
                location = exchange.headers.get("Location")
                if exchange.status_code in REDIRECT_STATUSES and location:
                    target = urljoin(current, location.strip())
                    if canonical_url(target) in visited:
                        result.outcome, result.failure_kind = "failed", "redirect_loop"
                        result.reason = f"redirect loop: {current} -> {target}"
                        return result
                    visited.add(canonical_url(target))
                    current = target
                    continue
                self._finish(result, exchange, current, previous)
                return result
            result.outcome, result.failure_kind = "failed", "too_many_redirects"
            result.reason = f"more than {settings.MAX_REDIRECTS} redirects (last: {current})"
            return result
        except Exception as exc:  # a bug or an exotic error must not end the crawl: record it
            log.exception("unexpected error fetching %s", url)
            result.outcome, result.failure_kind = "failed", "unexpected"
            result.body = result.content_sha256 = None
            result.reason = f"unexpected error: {type(exc).__name__}: {exc}"
            return result
        finally:
            result.duration_ms = int(network_seconds * 1000)
            if result.final_url is None and current != url:
                result.final_url = current

    def _finish(self, result: FetchResult, exchange: _Exchange, final_url: str, previous) -> None:
        result.final_url = final_url if final_url != result.url else None
        result.etag = exchange.headers.get("ETag")
        result.last_modified = exchange.headers.get("Last-Modified")
        status = exchange.status_code
        if status == 304:
            result.outcome = "not_modified"
            # Carry the validators and the landed hash forward: the page is still that one.
            if previous is not None:
                result.content_sha256 = previous.content_sha256
                result.etag = result.etag or previous.etag
                result.last_modified = result.last_modified or previous.last_modified
            return
        if status is not None and 200 <= status < 300:
            result.body = exchange.body or b""
            result.content_sha256 = archive.store(result.body, self.landing)
            if previous is None or not previous.content_sha256:
                result.outcome = "new"
            elif previous.content_sha256 == result.content_sha256:
                result.outcome = "unchanged"
            else:
                result.outcome = "updated"
            return
        result.outcome = "failed"
        result.failure_kind = failure_kind_of_status(status)
        result.reason = f"HTTP {status}"

    def _exchange(
        self,
        url,
        politeness: Politeness,
        previous,
        html_only,
        truncate,
        result: FetchResult,
        deadline: float | None = None,
    ) -> tuple[_Exchange, float]:
        """One request with retries. Returns the exchange and the seconds spent on the network."""
        retry = PoliteRetry(
            total=politeness.max_retries,
            connect=None,
            read=None,
            status=None,
            other=None,
            redirect=False,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=None,
            backoff_factor=politeness.backoff_seconds,
            backoff_max=politeness.max_retry_after_seconds,
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        headers = {}
        if previous is not None and previous.content_sha256:
            # Validators only help if we still hold the page they describe.
            if previous.etag:
                headers["If-None-Match"] = previous.etag
            if previous.last_modified:
                headers["If-Modified-Since"] = previous.last_modified
        host = host_key(url)
        if not politeness.verify_tls and not Fetcher._insecure_warning_silenced:
            # The registry chose this explicitly; a warning per request would drown the logs.
            log.warning("TLS certificate verification is off for %s (politeness.verify_tls: false)", host)
            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
            Fetcher._insecure_warning_silenced = True
        network_seconds = 0.0
        while True:
            exchange = _Exchange()
            error: Exception | None = None
            response = None
            started = time.monotonic()
            with self.gate.turn(host, self.host_delay(url, politeness)):
                started = time.monotonic()
                try:
                    response = self._session().get(
                        url,
                        headers=headers,
                        stream=True,
                        allow_redirects=False,
                        verify=politeness.verify_tls,
                        timeout=(
                            min(politeness.connect_timeout_seconds, politeness.timeout_seconds),
                            politeness.timeout_seconds,
                        ),
                    )
                    try:
                        self._read(response, exchange, politeness, html_only, truncate, started)
                    finally:
                        response.close()
                except requests.exceptions.SSLError as exc:  # a certificate problem does not heal in seconds
                    exchange.outcome, exchange.failure_kind = "failed", "tls"
                    exchange.reason = (
                        f"TLS error: {str(exc)[:200]}; if this site's certificate is known to be "
                        f"broken, set politeness.verify_tls: false for the source"
                    )
                except RETRYABLE_ERRORS as exc:
                    error = exc
                except requests.RequestException as exc:  # a bad URL or similar: retrying cannot help
                    exchange.outcome = "failed"
                    exchange.failure_kind, exchange.reason = _classify_error(exc)
            network_seconds += time.monotonic() - started
            if error is None and exchange.status_code not in RETRY_STATUSES:
                if exchange.outcome is None:
                    label = str(exchange.status_code)
                elif exchange.status_code is None:
                    label = (exchange.reason or exchange.outcome)[:80]
                else:
                    label = f"{exchange.status_code} {exchange.outcome}"
                result.attempts.append(label)
                return exchange, network_seconds
            # A retryable failure: ask urllib3's Retry whether another attempt is allowed, and when.
            if error is not None:
                kind, description = _classify_error(error)
                declared = exchange.headers.get("Content-Length")
                progress = re.search(r"IncompleteRead\((\d+) bytes read", str(error))
                if kind == "truncated" and declared and progress:
                    description = (
                        f"truncated body: {exchange.received + int(progress.group(1))} of the {declared} "
                        f"bytes of its Content-Length arrived"
                    )
                if exchange.status_code is not None:
                    # The status line said e.g. 200 but the transfer failed: the page did not arrive,
                    # so the record must not say 200 (a 200 would count as done and never be asked again).
                    description = f"{description}; the status line had said {exchange.status_code}"
                exchange.status_code = None
                exchange.headers = {}
            else:
                kind, description = failure_kind_of_status(exchange.status_code), f"HTTP {exchange.status_code}"
            result.attempts.append(description)
            log.info("fetch %s attempt %d: %s", url, len(result.attempts), description)
            exchange.failure_kind = kind
            if kind == "timeout":
                # A page that took longer than the timeout will not be quicker a second later: every
                # retry would cost another full timeout in this run. Later runs ask it again (backoff,
                # then parked): docs/crawling.md, "Slow hosts".
                exchange.outcome = "failed"
                exchange.reason = f"{description} (not retried in this run: asked again in a later run)"
                return exchange, network_seconds
            try:
                if error is not None:
                    retry = retry.increment("GET", url, error=error)
                else:
                    retry = retry.increment("GET", url, response=response.raw)
            except MaxRetryError:
                exchange.outcome = "failed"
                exchange.reason = f"{description} (after {len(result.attempts)} attempts)"
                return exchange, network_seconds
            try:
                wait = retry.get_retry_after(response) if error is None else None
            except Exception:  # an unparseable Retry-After: fall back to our own backoff
                wait = None
            if wait is not None and wait > politeness.max_retry_after_seconds:
                exchange.outcome = "failed"
                exchange.reason = (
                    f"{description}: Retry-After {wait:.0f} s exceeds the cap of "
                    f"{politeness.max_retry_after_seconds:.0f} s; giving up for this run"
                )
                return exchange, network_seconds
            if wait is None:
                wait = retry.get_backoff_time()
            if deadline is not None and time.monotonic() + wait > deadline:
                exchange.outcome = "failed"
                exchange.reason = (
                    f"{description} (the source's time budget for this run is spent; asked again in a later run)"
                )
                return exchange, network_seconds
            if wait > 0:
                self._sleep(wait)

    def _read(self, response, exchange: _Exchange, politeness: Politeness, html_only, truncate, started) -> None:
        exchange.status_code = response.status_code
        exchange.headers = response.headers
        status = response.status_code
        if status in REDIRECT_STATUSES or status == 304 or status in RETRY_STATUSES:
            return
        if status >= 400:
            exchange.outcome = "failed"
            exchange.failure_kind = failure_kind_of_status(status)
            exchange.reason = f"HTTP {status}"
            return
        if html_only and not _is_html(response.headers.get("Content-Type")):
            exchange.outcome, exchange.failure_kind = "skipped_non_html", "not_html"
            exchange.reason = f"content type {response.headers.get('Content-Type')}"
            return
        limit = settings.ROBOTS_MAX_BYTES if truncate else politeness.max_bytes
        declared = response.headers.get("Content-Length")
        if not truncate and declared and declared.isdigit() and int(declared) > limit:
            exchange.outcome, exchange.failure_kind = "too_large", "too_large"
            exchange.reason = f"Content-Length {declared} exceeds the limit of {limit} bytes"
            return
        chunks: list[bytes] = []
        size = 0
        body_budget = politeness.timeout_seconds * 3
        for chunk in response.iter_content(chunk_size=65536):
            size += len(chunk)
            if size > limit:
                exchange.received = size
                if truncate:
                    chunks.append(chunk[: len(chunk) - (size - limit)])
                    break
                exchange.outcome, exchange.failure_kind = "too_large", "too_large"
                exchange.reason = f"body exceeds the limit of {limit} bytes (stopped reading at {size})"
                return
            chunks.append(chunk)
            exchange.received = size
            if time.monotonic() - started > body_budget:
                raise _BodyTimeout(f"body not complete after {body_budget:.0f} s")
        exchange.body = b"".join(chunks)
        exchange.received = len(exchange.body)
