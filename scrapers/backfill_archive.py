"""Backfill a source's history from a Wayback-style web archive: CDX listing, then each capture's bytes.

1. List: the archive's CDX API (``url=<prefix>&matchType=prefix``, ``from``/``to``, only
   ``statuscode:200`` HTML, ``collapse=urlkey``: one capture per URL), page by page with
   ``showResumeKey``/``resumeKey``. Each CDX page is a fetch record (``page_kind: cdx``).
2. Choose: captures of the source's domains whose URL looks like an article
   (``scrapers.captures.article_filter``); a capture already settled by an earlier run (same page
   and timestamp), or whose digest already landed, is not asked again.
3. Fetch: ``<replay prefix><timestamp>id_/<original URL>``, the ORIGINAL bytes, through the
   project's Fetcher: the archive host's robots.txt, its own delay (``archive.politeness``), one
   request at a time per host (across processes too), retries with backoff on 429/5xx honouring
   Retry-After, size cap, offline guard. A redirect inside the archive (to the nearest capture, or
   to the capture of the page the site redirected to) is followed and the capture that answered is
   the one recorded; a redirect out of the archive, or to a capture that is no article, is recorded
   and nothing lands. An archived error page is recorded (``failure_kind: error_page``), not
   landed. A capture whose bytes already landed (another URL, another date) is recorded as
   ``duplicate``, parsed once.

The run's records are checkpointed every ``CHECKPOINT_RECORDS``, so a killed backfill resumes where
it stopped: the next run first completes the killed one (parse, extract, load what it landed) and
then asks only what no run settled (``scrapers.captures``). One capture run per source at a time. Parsing, extraction and loading are the live path's
(``scrapers.captures.finish_run``).

Why not ``cdx-toolkit`` or ``wayback``: both fetch through their own HTTP sessions and retry rules
(``wayback`` also fixes the archive to web.archive.org). Archive requests must go through the
Fetcher that shares hosts across threads and processes, honours Retry-After up to the project's
cap, and never leaves 127.0.0.1 in an offline run; the CDX query itself is one GET.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode, urlsplit

from scrapers import captures
from scrapers.archive_settings import ArchiveSettings, archive_politeness_defaults, as_timestamp
from scrapers.fetch import Fetcher, FetchResult
from scrapers.registry import Politeness
from scrapers.urls import page_identity
from warehouse import archive
from warehouse.records import FetchRecord

log = logging.getLogger(__name__)

CDX_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
CHECKPOINT_RECORDS = 50
HTML_MIMETYPES = ("text/html", "application/xhtml+xml")


class CdxError(RuntimeError):
    """The archive's CDX API could not be read (the record of the failed request says why)."""


@dataclass(frozen=True)
class CdxRow:
    timestamp: str
    original: str
    mimetype: str | None = None
    statuscode: str | None = None
    digest: str | None = None


@dataclass
class ArchiveBackfillReport:
    source_id: str
    run_id: str
    archive: str
    cdx_pages: int = 0
    listed: int = 0
    not_articles: int = 0
    other_sites: int = 0
    already_settled: int = 0
    skipped_duplicate_digest: int = 0
    captures_asked: int = 0
    outcomes: Counter = field(default_factory=Counter)
    redirects_followed: int = 0
    requests: int = 0
    left_for_next_run: int = 0
    budget_exhausted: bool = False
    errors: list = field(default_factory=list)
    # interrupted earlier runs of the source, completed (parsed, extracted, loaded) before this one
    resumed_runs: list = field(default_factory=list)
    capture_seconds: float = 0.0
    duration_seconds: float = 0.0
    min_delay_seconds: float = 0.0
    parsed: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["outcomes"] = dict(self.outcomes)
        return data


def effective_settings(
    source, *, archive_url: str | None = None, from_value=None, to_value=None, url_prefixes=None
) -> ArchiveSettings:
    """The source's ``archive:`` block (or the defaults), overridden by command-line options."""
    from dataclasses import replace

    base = source.archive or ArchiveSettings(politeness=Politeness(**archive_politeness_defaults()))
    changes = {}
    if archive_url:
        changes.update(url=archive_url, cdx_url=None, replay_url=None)
    if from_value is not None:
        changes["from_timestamp"] = as_timestamp(from_value)
    if to_value is not None:
        changes["to_timestamp"] = as_timestamp(to_value)
    if url_prefixes:
        changes["url_prefixes"] = tuple(url_prefixes)
    result = replace(base, **changes)
    if (
        result.from_timestamp
        and result.to_timestamp
        and result.to_timestamp.ljust(14, "9") < result.from_timestamp.ljust(14, "0")
    ):
        raise ValueError(
            f"the end of the date range ({result.to_timestamp}) is before its start ({result.from_timestamp})"
        )
    if not result.url_prefixes:
        parts = urlsplit(source.base_url if not source.endpoint else f"http://{source.allowed_domains[0]}/")
        result = replace(result, url_prefixes=(f"{parts.hostname}{parts.path or '/'}",))
    return result


def cdx_query_url(settings_: ArchiveSettings, prefix: str, resume_key: str | None = None) -> str:
    params = [
        ("url", prefix),
        ("matchType", "prefix"),
        ("output", "json"),
        ("fl", ",".join(CDX_FIELDS)),
        ("filter", "statuscode:200"),
        ("filter", "mimetype:text/html"),
        ("collapse", "urlkey"),
        ("limit", str(settings_.page_size)),
        ("showResumeKey", "true"),
    ]
    if settings_.from_timestamp:
        params.append(("from", settings_.from_timestamp))
    if settings_.to_timestamp:
        params.append(("to", settings_.to_timestamp))
    if resume_key:
        params.append(("resumeKey", resume_key))
    return f"{settings_.cdx_endpoint}?{urlencode(params)}"


def parse_cdx_page(body: bytes) -> tuple[list[CdxRow], str | None]:
    """Rows and the resume key (None on the last page) of one CDX answer.

    The Internet Archive's ``output=json`` is one array: a header row, the rows, then ``[]`` and
    ``[resumeKey]`` when more remain. pywb answers JSON lines (one object per row), no resume key."""
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return [], None
    rows: list[CdxRow] = []
    if text.startswith("["):
        data = json.loads(text)
        if not data:
            return [], None
        header, *rest = data
        resume_key = None
        if len(rest) >= 2 and rest[-2] == [] and len(rest[-1]) == 1:
            resume_key, rest = rest[-1][0], rest[:-2]
        for values in rest:
            if not values:
                continue
            item = dict(zip(header, values))
            rows.append(
                CdxRow(
                    item["timestamp"],
                    item["original"],
                    item.get("mimetype"),
                    item.get("statuscode"),
                    captures.normalize_digest(item.get("digest")),
                )
            )
        return rows, resume_key
    for line in text.splitlines():
        if line.strip():
            item = json.loads(line)
            rows.append(
                CdxRow(
                    item["timestamp"],
                    item.get("original") or item["url"],
                    item.get("mimetype") or item.get("mime"),
                    item.get("statuscode") or item.get("status"),
                    captures.normalize_digest(item.get("digest")),
                )
            )
    return rows, None


class _Backfill:
    """The mutable work of one source's backfill; ``backfill_source`` is its only user."""

    def __init__(
        self,
        source,
        run_id: str,
        archive_settings: ArchiveSettings,
        fetcher: Fetcher,
        state,
        max_captures: int | None,
        landing,
    ):
        self.source = source
        self.run_id = run_id
        self.settings = archive_settings
        self.fetcher = fetcher
        self.state = state
        self.max_captures = max_captures
        self.landing = landing
        self.politeness: Politeness = archive_settings.politeness or Politeness(**archive_politeness_defaults())
        self.allowed_hosts = archive_settings.hosts
        self.is_article = captures.article_filter(source)
        self.records: list[dict] = []
        self.checkpointed = 0
        self.report = ArchiveBackfillReport(
            source.id, run_id, archive_settings.url, min_delay_seconds=self.politeness.min_delay_seconds
        )
        self.deadline = time.monotonic() + self.politeness.run_budget_seconds

    # -- records ------------------------------------------------------------------------------
    def record(self, record: dict) -> None:
        self.records.append(record)
        if len(self.records) - self.checkpointed >= CHECKPOINT_RECORDS:
            self.write_records()

    def write_records(self):
        path = archive.write_records(self.run_id, self.source.id, "fetches", self.records, self.landing)
        self.checkpointed = len(self.records)
        return path

    def _count(self, result: FetchResult) -> None:
        self.report.requests += len(result.attempts) + sum(len(r.attempts) for r in result.robots_fetches)
        for robots in result.robots_fetches:
            self.record(robots.to_record(self.run_id, self.source.id))

    # -- listing ------------------------------------------------------------------------------
    def list_captures(self):
        """CDX rows of every prefix, page after page; raises CdxError when a page cannot be read."""
        for prefix in self.settings.url_prefixes:
            resume_key, seen_keys = None, set()
            while True:
                url = cdx_query_url(self.settings, prefix, resume_key)
                result = self.fetcher.fetch_resource(
                    url,
                    page_kind="cdx",
                    politeness=self.politeness,
                    allowed_domains=self.allowed_hosts,
                    deadline=self.deadline,
                )
                self._count(result)
                self.record(result.to_record(self.run_id, self.source.id))
                self.report.cdx_pages += 1
                if result.body is None:
                    raise CdxError(f"CDX page {url} not read: {result.outcome} ({result.reason})")
                try:
                    rows, resume_key = parse_cdx_page(result.body)
                except (ValueError, KeyError, TypeError) as exc:
                    raise CdxError(f"CDX page {url} is not a CDX answer: {type(exc).__name__}: {exc}") from exc
                yield from rows
                if not resume_key or resume_key in seen_keys:
                    break
                seen_keys.add(resume_key)

    def wanted(self, row: CdxRow) -> bool:
        self.report.listed += 1
        if (row.statuscode not in (None, "200")) or (row.mimetype and row.mimetype.split(";")[0] not in HTML_MIMETYPES):
            self.report.not_articles += 1  # the server ignored a filter: keep to what was asked
            return False
        if not self.source.allows_url(row.original):
            self.report.other_sites += 1
            return False
        if not self.is_article(row.original):
            self.report.not_articles += 1
            return False
        if self.state.seen(captures.capture_key(row.original, row.timestamp)):
            self.report.already_settled += 1
            return False
        if row.digest and row.digest in self.state.digests:
            self.report.skipped_duplicate_digest += 1
            return False
        return True

    # -- one capture --------------------------------------------------------------------------
    def fetch_capture(self, row: CdxRow) -> FetchRecord:
        requested = captures.replay_url(self.settings.replay_prefix, row.timestamp, row.original)
        listed_key = captures.capture_key(row.original, row.timestamp)
        result = self.fetcher.fetch(
            requested,
            page_kind=captures.PAGE_KIND,
            politeness=self.politeness,
            allowed_domains=self.allowed_hosts,
            deadline=self.deadline,
        )
        self._count(result)
        answered = captures.parse_replay_url(result.final_url or requested) or (row.timestamp, row.original)
        timestamp, original = answered
        if result.final_url:
            self.report.redirects_followed += 1
        record = result.to_record(self.run_id, self.source.id)
        key = captures.capture_key(original, timestamp)
        record.update(
            {
                "canonical_url": page_identity(original),
                "original_url": original,
                "capture_timestamp": captures.timestamp_iso(timestamp),
                "capture_url": result.final_url or requested,
                "capture_digest": row.digest if key == listed_key else None,
                "capture_keys": sorted({listed_key, key}),
            }
        )
        if result.landed:
            self._settle_landed(record, result, original, key)
        return record

    def _settle_landed(self, record: dict, result: FetchResult, original: str, key: str) -> None:
        """A capture answered with bytes: an article, an error page, a redirect gone astray, or a twin."""
        from scrapers.textnorm import decode_page

        reason = None
        if not self.source.allows_url(original) or not self.is_article(original):
            reason, kind = (
                f"the archive redirected to a capture of {original}, which is no article of this source",
                "redirect_capture",
            )
        else:
            error = captures.error_page_reason(decode_page(result.body, result.content_type))
            if error:
                reason, kind = error, "error_page"
        if reason:
            record.update(outcome="failed", failure_kind=kind, reason=reason, content_sha256=None, capture_digest=None)
            return
        twin = self.state.contents.get(result.content_sha256)
        if twin is not None or self.state.seen(key):
            record.update(
                outcome="duplicate", reason=f"same bytes as the capture {twin or key} already landed: parsed once"
            )
        else:
            record["capture_digest"] = record["capture_digest"] or captures.payload_digest(result.body)
        self.state.add(record)

    def run(self) -> ArchiveBackfillReport:
        started = time.monotonic()
        try:
            wanted: list[CdxRow] = []
            try:
                for row in self.list_captures():
                    if self.wanted(row):
                        wanted.append(row)
            except CdxError as exc:
                # What was listed before the failure is still fetched; the next run lists again.
                self.report.errors.append(str(exc))
            # One capture per URL even when two prefixes overlap, oldest first.
            unique = {captures.capture_key(row.original, row.timestamp): row for row in wanted}
            rows = sorted(unique.values(), key=lambda row: (row.timestamp, row.original))
            capture_started = time.monotonic()
            for position, row in enumerate(rows):
                over_limit = self.max_captures is not None and position >= self.max_captures
                if over_limit or time.monotonic() >= self.deadline:
                    self.report.budget_exhausted = not over_limit
                    self.report.left_for_next_run = len(rows) - position
                    break
                if row.digest and row.digest in self.state.digests:  # landed earlier in this run
                    self.report.skipped_duplicate_digest += 1
                    continue
                if self.state.seen(captures.capture_key(row.original, row.timestamp)):
                    self.report.already_settled += 1  # an earlier redirect of this run landed it
                    continue
                record = self.fetch_capture(row)
                self.report.captures_asked += 1
                self.report.outcomes[
                    record["outcome"]
                    if not record.get("failure_kind")
                    else f"{record['outcome']}:{record['failure_kind']}"
                ] += 1
                self.record(record)
            self.report.capture_seconds = round(time.monotonic() - capture_started, 3)
        except Exception as exc:  # defensive: what landed is recorded below, whatever broke
            log.exception("archive backfill of %s crashed", self.source.id)
            self.report.errors.append(f"backfill aborted: {type(exc).__name__}: {exc}")
        finally:
            self.write_records()
            self.report.duration_seconds = round(time.monotonic() - started, 3)
        return self.report


def backfill_source(
    source,
    run_id: str,
    *,
    archive_settings: ArchiveSettings | None = None,
    fetcher: Fetcher | None = None,
    max_captures: int | None = None,
    load: bool = True,
    landing=None,
) -> ArchiveBackfillReport:
    """List, fetch and land a source's archived captures, then parse, extract and (unless ``load`` is
    false) load them: one run ``run_id`` whose records say what happened to every capture asked."""
    archive_settings = archive_settings or effective_settings(source)
    with captures.source_lock(source.id, landing):
        resumed = captures.finish_interrupted_runs(source, load=load, landing=landing)
        state = captures.CaptureState.of_source(source.id, landing)
        own_fetcher = fetcher is None
        fetcher = fetcher or Fetcher(landing=landing)
        try:
            report = _Backfill(source, run_id, archive_settings, fetcher, state, max_captures, landing).run()
        finally:
            if own_fetcher:
                fetcher.close()
        report.resumed_runs = resumed
        records = archive.read_records(run_id, kind="fetches", source_id=source.id, landing=landing)
        report.parsed = captures.finish_run(source, run_id, records, load=load, landing=landing)
    return report


def new_run_id() -> str:
    from scrapers.crawl import new_run_id as crawl_run_id

    return crawl_run_id("archive")


__all__ = [
    "ArchiveBackfillReport",
    "CdxError",
    "CdxRow",
    "backfill_source",
    "cdx_query_url",
    "effective_settings",
    "new_run_id",
    "parse_cdx_page",
]
