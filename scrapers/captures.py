"""Archived captures of a source's pages: what backfill-archive and import-warc have in common.

A capture is one archived copy of one page, taken at one time. Both ways of reading captures (a
Wayback-style archive over HTTP, ``scrapers.backfill_archive``; a WARC file, ``scrapers.warc_import``)
write the same fetch records (``page_kind: capture``, contract in docs/contracts.md) and then send
them through the live pipeline's own path: the landing zone, ``parse_articles.parse_and_extract``
(the adapter of the CMS that wrote the capture), the extractor and ``database.load_run``.

This module holds: replay URL helpers, the article filter, error-page detection, and the capture
state of a source (what has landed or been refused for good), read from the landing zone's run
records. Why the run records and not the warehouse (as the crawler does): a long backfill killed
before its load must resume without asking the archive again, and the run records, checkpointed
while it runs, exist before any load; they are the primary record (docs/production.md).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from scrapers.adapters.link_discovery import MIN_SCORE, url_article_score
from scrapers.urls import page_identity
from warehouse import archive

PAGE_KIND = "capture"
# Records of these outcomes hold the capture (or its twin): it is never fetched again.
SETTLED_OUTCOMES = frozenset({"new", "updated", "unchanged", "duplicate"})
_REPLAY = re.compile(r"/(?P<timestamp>\d{14})(?P<modifier>[a-z]{2}_|\*)?/(?P<original>.+)$")
_SCHEME = re.compile(r"^(https?):/+", re.IGNORECASE)
# An error page kept by the archive as if it were the page ("soft 404"): a short page whose title
# or heading says so. Both conditions, because real articles do say "lỗi" (a bug) or "bảo trì".
ERROR_PAGE_HEADING = re.compile(
    r"\b(404|403|410|500|502|503)\b|not found|page not found|không tìm thấy|không tồn tại|đã bị xóa|"
    r"\berror\b|^\s*lỗi\b|đang bảo trì|under maintenance|access denied|forbidden|service unavailable",
    re.IGNORECASE,
)
ERROR_PAGE_MAX_TEXT_CHARS = 1500


def replay_url(prefix: str, timestamp: str, original: str) -> str:
    """The capture's ORIGINAL bytes: Wayback's ``id_`` mode (no banner, no rewritten links)."""
    return f"{prefix}{timestamp}id_/{original}"


def parse_replay_url(url: str) -> tuple[str, str] | None:
    """``(14-digit timestamp, original URL)`` of a replay URL, or None when ``url`` is not one."""
    match = _REPLAY.search(url or "")
    if not match:
        return None
    original = match.group("original")
    if _SCHEME.match(original):
        original = _SCHEME.sub(lambda m: m.group(1).lower() + "://", original, count=1)
    elif "://" not in original:
        original = "http://" + original.lstrip("/")
    return match.group("timestamp"), original


def timestamp_datetime(timestamp: str) -> dt.datetime:
    """A CDX/WARC timestamp (14 digits, UTC) as an aware datetime."""
    return dt.datetime.strptime(timestamp[:14].ljust(14, "0"), "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)


def timestamp_iso(timestamp: str) -> str:
    return timestamp_datetime(timestamp).isoformat().replace("+00:00", "Z")


def timestamp_of_iso(value: str) -> str:
    """``2015-12-03T04:05:06Z`` (a WARC-Date, a record's capture_timestamp) as 14 digits."""
    parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC)
    return parsed.strftime("%Y%m%d%H%M%S")


def normalize_digest(value: str | None) -> str | None:
    """CDX digests are bare base32 SHA-1; WARC payload digests say ``sha1:``: one spelling for both."""
    if not value:
        return None
    text = str(value).strip()
    algorithm, _, digest = text.rpartition(":")
    if algorithm.lower() in ("", "sha1", "sha-1"):
        return digest.upper()
    return f"{algorithm.lower()}:{digest}"


def payload_digest(data: bytes) -> str:
    """The capture digest archives compute (base32 SHA-1 of the payload)."""
    return base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def capture_key(original_url: str, timestamp: str) -> str:
    return f"{page_identity(original_url)} {timestamp[:14]}"


def article_filter(source):
    """``is_article(original_url) -> bool``: the source's ``archive.article_url_pattern`` when it has
    one, else the URL-shape score the generic list finder uses (an id, a long slug, ``.html``…).

    The shape is scored against the URL's own site, so a source rebased onto the offline mirror
    still judges the real site's URLs."""
    pattern = source.archive.article_url_pattern if source.archive else None
    if pattern:
        compiled = re.compile(pattern)
        return lambda url: bool(compiled.search(url))

    def by_shape(url: str) -> bool:
        parts = urlsplit(url)
        return url_article_score(url, f"{parts.scheme}://{parts.netloc}/") >= MIN_SCORE

    return by_shape


def _visible_text_and_headings(html: str) -> tuple[str, list[str]]:
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except Exception:  # noqa: BLE001 - an unparseable page is not judged an error page here
        return html, []
    for element in root.xpath("//script|//style|//noscript"):
        element.drop_tree()
    headings = [" ".join(element.text_content().split()) for element in root.xpath("//title|//h1")]
    body = root.find("body")
    text = " ".join((body if body is not None else root).text_content().split())
    return text, headings


def error_page_reason(html: str) -> str | None:
    """Why an archived page is an error page and not the article (None when it is not one)."""
    text, headings = _visible_text_and_headings(html)
    if len(text) > ERROR_PAGE_MAX_TEXT_CHARS:
        return None
    for heading in headings:
        if heading and ERROR_PAGE_HEADING.search(heading):
            return f"archived error page: {heading[:80]!r} ({len(text)} characters of text)"
    return None


@dataclass
class CaptureState:
    """What a source's earlier runs settled: captures (by page identity and timestamp), capture
    digests and page hashes that landed or were refused for good. Transient failures are not
    settled: the next run asks them again."""

    settled_keys: set = field(default_factory=set)
    digests: set = field(default_factory=set)
    contents: dict = field(default_factory=dict)  # content_sha256 -> capture key that landed it

    def add(self, record: dict) -> None:
        from scrapers.crawl import retry_class

        landed = record.get("outcome") in SETTLED_OUTCOMES and record.get("content_sha256")
        if not landed and retry_class(record) in ("transient", "uncounted"):
            return
        self.settled_keys.update(record.get("capture_keys") or [])
        if landed:
            if record.get("capture_digest"):
                self.digests.add(record["capture_digest"])
            keys = record.get("capture_keys") or [""]
            self.contents.setdefault(record["content_sha256"], keys[-1])

    def seen(self, key: str) -> bool:
        return key in self.settled_keys

    @classmethod
    def from_records(cls, records) -> CaptureState:
        state = cls()
        for record in sorted(records, key=lambda r: str(r.get("requested_at"))):
            if record.get("page_kind") == PAGE_KIND:
                state.add(record)
        return state

    @classmethod
    def of_source(cls, source_id: str, landing=None) -> CaptureState:
        """The state of every capture run of ``source_id`` in the landing zone."""
        return cls.from_records(archive.iter_records(None, kind="fetches", source_id=source_id, landing=landing))


def finish_run(source, run_id: str, records: list[dict], *, load: bool = True, landing=None) -> dict:
    """Parse and extract the captures a run landed, then load the run: the live pipeline's path."""
    from scrapers.parse_articles import parse_and_extract

    articles, facts = parse_and_extract(source, run_id, records, landing=landing)
    summary = {
        "articles": len(articles),
        "facts": len(facts),
        "quarantined": len(archive.read_records(run_id, kind="quarantine", source_id=source.id, landing=landing)),
        "parse_errors": len(archive.read_records(run_id, kind="parse_errors", source_id=source.id, landing=landing)),
    }
    if load:
        from dataclasses import asdict

        from warehouse import database

        summary["load"] = asdict(database.load_run(run_id))
    return summary


class CaptureRunBusy(RuntimeError):
    """Another backfill-archive or import-warc of the same source is running."""


@contextmanager
def source_lock(source_id: str, landing=None):
    """One capture run per source at a time (across processes on this machine): two would fetch the
    same captures twice, and each would take the other's unfinished run for an interrupted one."""
    import fcntl

    path = archive.runs_dir(landing) / f".captures-{source_id}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CaptureRunBusy(
                f"another backfill-archive or import-warc of source {source_id!r} is running "
                f"(lock {path}); let it finish, then run again"
            ) from None
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def finish_interrupted_runs(source, *, load: bool = True, landing=None) -> list[dict]:
    """Complete the capture runs of ``source`` that were killed after landing captures and before
    parsing them (their fetch records were checkpointed; no articles file was written): parse,
    extract and load each into its own run, as it would have been. Called under ``source_lock``
    before a new run, so what an interrupted run landed reaches the warehouse without a refetch."""
    finished = []
    for run_id in archive.list_runs(landing):
        fetches = archive.records_path(run_id, source.id, "fetches", landing)
        if not fetches.exists() or archive.records_path(run_id, source.id, "articles", landing).exists():
            continue
        records = archive.read_records(run_id, kind="fetches", source_id=source.id, landing=landing)
        if not any(record.get("page_kind") in (PAGE_KIND, "cdx") for record in records):
            continue  # a live crawl run waiting for its parse task: not ours
        summary = finish_run(source, run_id, records, load=load, landing=landing)
        finished.append(dict(summary, run_id=run_id))
    return finished
