"""Crawl sources: walk list pages, fetch new articles, land raw pages, write fetch records.

Daily mode stops paginating at the first list page whose articles are all already known, asks
list pages conditionally (ETag / Last-Modified; a 304 is answered from the archive) and never
refetches a known article. Backfill mode walks every list page up to the page limit, bounded by
``since`` (list-item dates). Crawl state comes from the warehouse (``raw.crawl_state``, opened
read-only), never from a hidden cache.

A source never raises for a site problem: every page's fate is a fetch record with a reason.
``crawl_sources`` runs sources in a thread pool; hosts are shared politely through one Fetcher.
"""
from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

from scrapers import archive, settings
from scrapers.fetch import Fetcher, FetchResult
from scrapers.parse_articles import adapter_for, decode_page
from scrapers.registry import Source
from scrapers.robots import robots_url
from scrapers.urls import canonical_url, page_identity

log = logging.getLogger(__name__)

STATE_COLUMNS = ("canonical_url", "page_kind", "first_seen_at", "last_fetched_at", "etag", "last_modified",
                 "content_sha256", "last_status")


CHECKPOINT_RECORDS = 50
"""The fetch-record file of a source is rewritten (atomically) every this many records during a crawl."""


class CrawlStateUnavailable(RuntimeError):
    """The warehouse exists but cannot be read (for example, locked by a writer)."""


@dataclass(frozen=True)
class StateRow:
    canonical_url: str
    page_kind: str | None = None
    first_seen_at: object = None
    last_fetched_at: object = None
    etag: str | None = None
    last_modified: str | None = None
    content_sha256: str | None = None
    last_status: int | None = None

    @property
    def known(self) -> bool:
        """Seen for good: landed, or refused for a reason that will not change by tomorrow.

        Pages that failed transiently (5xx, network, robots unreachable: no status or 5xx/429)
        are not known, so the next run tries them again.
        """
        if self.content_sha256:
            return True
        status = self.last_status
        return status is not None and 200 <= status < 500 and status not in (408, 429)


# robots.txt belongs to a host, not to a source: two sources on one host (mic.gov.vn) share it, so
# the latest fetch of each robots URL is offered to every source, whichever source fetched it.
ROBOTS_STATE_SQL = """
SELECT source_id, canonical_url, page_kind, requested_at, requested_at, etag, last_modified, content_sha256,
       status_code
FROM (
    SELECT f.*, row_number() OVER (PARTITION BY canonical_url
                                   ORDER BY requested_at DESC, fetch_id DESC) AS recency
    FROM raw.fetches f
    WHERE page_kind = 'robots'
) latest
WHERE recency = 1
"""


ROBOTS_FOR_EVERY_SOURCE = object()


def _missing_table(exc: Exception) -> bool:
    # DuckDB: CatalogException "Table ... does not exist"; PostgreSQL: UndefinedTable "... does not exist".
    return "does not exist" in str(exc) or type(exc).__name__ in ("CatalogException", "UndefinedTable")


def _query_state(warehouse_connection, source_ids: list[str]) -> list[tuple]:
    placeholders = ", ".join(warehouse_connection.placeholder for _ in source_ids)
    rows: list[tuple] = []
    try:
        rows += warehouse_connection.fetchall(
            f"SELECT source_id, {', '.join(STATE_COLUMNS)} FROM raw.crawl_state "
            f"WHERE source_id IN ({placeholders})", source_ids)
    except Exception as exc:
        if not _missing_table(exc):
            raise
        if warehouse_connection.backend != "duckdb":
            warehouse_connection.rollback()
        return []  # the loader has not created the tables yet: nothing seen
    # robots.txt fetches: raw.crawl_state may hold only list/article pages; the fetch log has them all.
    try:
        rows += [(ROBOTS_FOR_EVERY_SOURCE, *row[1:]) for row in warehouse_connection.fetchall(ROBOTS_STATE_SQL)]
    except Exception as exc:
        if not _missing_table(exc):
            raise
        if warehouse_connection.backend != "duckdb":
            warehouse_connection.rollback()
    return rows


def load_crawl_states(source_ids, attempts: int = 5) -> dict[str, dict[str, StateRow]]:
    """Crawl state of several sources from the warehouse, through one read-only connection.

    Empty for a source never loaded, and for all when the warehouse or its tables do not exist yet.
    """
    from scrapers import warehouse

    states: dict[str, dict[str, StateRow]] = {source_id: {} for source_id in source_ids}
    ids = list(states)
    if not ids:
        return states
    if settings.warehouse_target() == "duckdb" and not settings.warehouse_path().exists():
        return states
    for attempt in range(attempts):
        try:
            with warehouse.connect(read_only=True) as connection:
                rows = _query_state(connection, ids)
            break
        except Exception as exc:  # DuckDB: the loader holds the write lock; it finishes quickly
            if "lock" not in str(exc).lower() or attempt == attempts - 1:
                raise CrawlStateUnavailable(f"cannot read crawl state from the warehouse: {exc}") from exc
            time.sleep(0.5 * 2 ** attempt)
    for source_id, *values in rows:
        row = StateRow(**dict(zip(STATE_COLUMNS, values)))
        for target in (ids if source_id == ROBOTS_FOR_EVERY_SOURCE else [source_id]):
            if row.canonical_url not in states[target]:  # raw.crawl_state wins over the robots query
                states[target][row.canonical_url] = row
    return states


def load_crawl_state(source_id: str) -> dict[str, StateRow]:
    """``{canonical_url: StateRow}`` of one source; empty when the warehouse or table is missing."""
    return load_crawl_states([source_id])[source_id]


def crawl_state_from_records(records) -> dict[str, StateRow]:
    """State derived from fetch records the way the load step derives ``raw.crawl_state``.

    Latest fetch wins; validators and the landed hash are kept from earlier fetches when the
    latest has none (a 304 or a failure does not forget the page we hold). Useful without a
    warehouse (tests, ad-hoc runs); ``raw.crawl_state`` is the real source.
    """
    state: dict[str, StateRow] = {}
    for record in sorted(records, key=lambda r: str(r.get("requested_at"))):
        key = record.get("canonical_url")
        if not key:
            continue
        earlier = state.get(key)
        state[key] = StateRow(
            canonical_url=key,
            page_kind=record.get("page_kind"),
            first_seen_at=earlier.first_seen_at if earlier else record.get("requested_at"),
            last_fetched_at=record.get("requested_at"),
            etag=record.get("etag") or (earlier.etag if earlier else None),
            last_modified=record.get("last_modified") or (earlier.last_modified if earlier else None),
            content_sha256=record.get("content_sha256") or (earlier.content_sha256 if earlier else None),
            last_status=record.get("status_code"),
        )
    return state


@dataclass
class CrawlReport:
    source_id: str
    run_id: str
    mode: str
    outcomes: Counter = field(default_factory=Counter)
    outcomes_by_kind: dict = field(default_factory=dict)
    requests: int = 0
    list_pages: int = 0
    new_articles: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    records_path: str | None = None
    duration_seconds: float = 0.0

    def count(self, result: FetchResult) -> None:
        self.outcomes[result.outcome] += 1
        self.outcomes_by_kind.setdefault(result.page_kind, Counter())[result.outcome] += 1
        self.requests += len(result.attempts)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["outcomes"] = dict(self.outcomes)
        data["outcomes_by_kind"] = {kind: dict(counts) for kind, counts in self.outcomes_by_kind.items()}
        return data


class _SourceCrawl:
    """The mutable work of crawling one source; ``crawl_source`` is its only user."""

    def __init__(self, source: Source, run_id: str, mode: str, since, max_pages, state, fetcher, adapter,
                 max_articles, refresh=False):
        self.refresh = refresh
        self.source = source
        self.run_id = run_id
        self.mode = mode
        self.since = since
        self.max_pages = max_pages if max_pages is not None else source.politeness.max_pages
        self.max_articles = max_articles
        self.state = state
        self.fetcher = fetcher
        self.adapter = adapter
        self.records: list[dict] = []
        self.checkpointed = 0
        self.report = CrawlReport(source.id, run_id, mode)
        self.queued: dict[str, str] = {}  # canonical URL -> URL to fetch, in discovery order

    def record(self, result: FetchResult) -> None:
        for robots in result.robots_fetches:
            self.record(robots)
        self.records.append(result.to_record(self.run_id, self.source.id))
        self.report.count(result)
        if len(self.records) - self.checkpointed >= CHECKPOINT_RECORDS:
            # A long backfill killed mid-way (task timeout) must keep the record of what it landed.
            self.write_records()

    def write_records(self):
        path = archive.write_records(self.run_id, self.source.id, "fetches", self.records, self.fetcher.landing)
        self.checkpointed = len(self.records)
        return path

    def fetch(self, url: str, page_kind: str) -> FetchResult:
        previous = self.state.get(page_identity(url))
        result = self.fetcher.fetch(url, page_kind=page_kind, politeness=self.source.politeness,
                                    allowed_domains=self.source.fetch_domains, previous=previous,
                                    robots_state=lambda robots: self.state.get(page_identity(robots)))
        self.record(result)
        return result

    def page_html(self, result: FetchResult) -> str | None:
        if result.body is not None:
            return decode_page(result.body, result.content_type)
        if result.outcome == "not_modified" and result.content_sha256:
            # 304: the page is the one we landed before; parse that copy (no request).
            try:
                return decode_page(archive.load(result.content_sha256, self.fetcher.landing), result.content_type)
            except (FileNotFoundError, ValueError) as exc:
                self.report.errors.append(f"{result.url}: 304 but archived copy unusable: {exc}")
        return None

    def walk_list(self, list_url: str) -> None:
        page_url, page_number, visited = list_url, 1, set()
        while page_url and page_number <= self.max_pages and canonical_url(page_url) not in visited:
            visited.add(canonical_url(page_url))
            result = self.fetch(page_url, "list")
            self.report.list_pages += 1
            html = self.page_html(result)
            if html is None:
                return  # failed/skipped list page: recorded; the other list URLs still run
            try:
                items = self.adapter.parse_list(html, result.final_url or page_url)
                next_url = self.adapter.next_page_url(html, result.final_url or page_url, page_number)
            except Exception as exc:
                self.report.errors.append(f"{page_url}: list page not parsed: {type(exc).__name__}: {exc}")
                return
            unseen = 0
            for item in items:
                if self.since and item.published and item.published < self.since:
                    continue
                item_url = self.source.localize(item.url)  # mirror: absolute links to the real site
                key = page_identity(item_url)
                row = self.state.get(key)
                if row is None and key not in self.queued:
                    unseen += 1
                if row is not None and row.known and not (self.refresh and row.content_sha256):
                    continue
                # New, seen but failed transiently last time, or refreshed (conditional GET): once per run.
                self.queued.setdefault(key, item_url)
            if not items:
                return
            if self.mode == "daily" and unseen == 0:
                return  # every article on this page was seen before: older pages hold nothing new either
            dated = [item.published for item in items if item.published]
            if self.since and dated and dated[-1] < self.since:
                return  # lists run newest first: past --since at the page's end, later pages are older
            page_url, page_number = (self.source.localize(next_url) if next_url else None), page_number + 1

    def run(self) -> CrawlReport:
        started = time.monotonic()
        try:
            base_robots = robots_url(self.source.base_url)
            _, robots_fetches = self.fetcher.robots_policy(
                self.source.base_url, self.source.politeness, self.state.get(page_identity(base_robots)),
                self.source.fetch_domains)
            for robots in robots_fetches:
                self.record(robots)
            for list_url in self.source.list_urls:
                try:
                    self.walk_list(list_url)
                except Exception as exc:  # defensive: a bug on one list must not lose the others
                    log.exception("source %s: list %s", self.source.id, list_url)
                    self.report.errors.append(f"{list_url}: {type(exc).__name__}: {exc}")
            for position, (key, url) in enumerate(self.queued.items()):
                if self.max_articles is not None and position >= self.max_articles:
                    break
                result = self.fetch(url, "article")
                if result.outcome in ("new", "updated"):
                    self.report.new_articles.append({"url": url, "canonical_url": key, "outcome": result.outcome,
                                                     "content_sha256": result.content_sha256})
        except Exception as exc:
            log.exception("source %s crashed", self.source.id)
            self.report.errors.append(f"crawl aborted: {type(exc).__name__}: {exc}")
        finally:
            self.report.records_path = str(self.write_records())
            self.report.duration_seconds = round(time.monotonic() - started, 3)
        return self.report


def crawl_source(source: Source, run_id: str, *, mode: str = "daily", since: dt.date | None = None,
                 max_pages: int | None = None, state: dict[str, StateRow] | None = None,
                 fetcher: Fetcher | None = None, adapter=None, max_articles: int | None = None,
                 refresh: bool = False) -> CrawlReport:
    """Crawl one source; returns its report and writes ``<run>/<source_id>.fetches.jsonl``.

    ``refresh``: also re-ask the known articles found on the walked list pages, conditionally
    (304 → ``not_modified``; a changed page lands as ``updated``), to catch corrected articles.
    """
    if mode not in ("daily", "backfill"):
        raise ValueError(f"mode must be 'daily' or 'backfill', got {mode!r}")
    state = load_crawl_state(source.id) if state is None else state
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        adapter = adapter or adapter_for(source)
    except Exception as exc:  # no adapter for this CMS: report it, do not crash the run
        report = CrawlReport(source.id, run_id, mode, errors=[f"no adapter for cms {source.cms!r}: {exc}"])
        return report
    try:
        return _SourceCrawl(source, run_id, mode, since, max_pages, state, fetcher, adapter, max_articles,
                            refresh).run()
    finally:
        if own_fetcher:
            fetcher.close()


def new_run_id(kind: str = "crawl") -> str:
    """Run ids sort chronologically: ``20261125T114500Z-crawl``."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + f"-{kind}"


def crawl_sources(sources, run_id: str, *, mode: str = "daily", since: dt.date | None = None,
                  max_pages: int | None = None, states: dict[str, dict[str, StateRow]] | None = None,
                  fetcher: Fetcher | None = None, adapters: dict | None = None,
                  max_workers: int | None = None, max_articles: int | None = None,
                  refresh: bool = False) -> list[CrawlReport]:
    """Crawl several sources concurrently (one thread per source, one request per host at a time)."""
    sources = list(sources)
    if states is None:
        states = load_crawl_states([s.id for s in sources])
    fetcher = fetcher or Fetcher()
    adapters = adapters or {}

    def one(source: Source) -> CrawlReport:
        try:
            return crawl_source(source, run_id, mode=mode, since=since, max_pages=max_pages,
                                state=states.get(source.id, {}), fetcher=fetcher,
                                adapter=adapters.get(source.id), max_articles=max_articles, refresh=refresh)
        except Exception as exc:  # isolation: one source's bug never reaches the others
            log.exception("source %s failed", source.id)
            return CrawlReport(source.id, run_id, mode, errors=[f"{type(exc).__name__}: {exc}"])

    workers = max(1, min(max_workers or settings.CRAWL_MAX_WORKERS, len(sources) or 1))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="crawl") as pool:
        return list(pool.map(one, sources))
