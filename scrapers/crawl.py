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
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

from scrapers.adapters import adapter_for
from scrapers.fetch import Fetcher, FetchResult, utc_now_iso
from scrapers.registry import Source
from scrapers.robots import robots_url
from scrapers.textnorm import decode_page
from scrapers.urls import canonical_url, page_identity
from warehouse import archive, settings
from warehouse.records import LANDED_OUTCOMES, TRANSIENT_FAILURES, UNCOUNTED_FAILURES, FetchRecord, ListingRecord

log = logging.getLogger(__name__)

STATE_COLUMNS = (
    "canonical_url",
    "page_kind",
    "first_seen_at",
    "last_fetched_at",
    "etag",
    "last_modified",
    "content_sha256",
    "last_status",
    "last_outcome",
    "failure_kind",
    "last_reason",
    "consecutive_failures",
    "crawl_status",
)


def retry_class(record: FetchRecord) -> str:
    """What a fetch record means for the next runs: landed, transient (ask again later, counted
    towards parking), uncounted (ask again next run, not counted) or permanent (do not ask daily).

    Records written before ``failure_kind`` existed are classified from outcome and status; a
    'failed' record with a 2xx status is a transfer that broke after the status line (transient).
    ``warehouse.database.RETRY_CLASS_SQL`` is the same rule in SQL."""
    if record.get("content_sha256") and record.get("outcome") in LANDED_OUTCOMES:
        return "landed"
    kind = record.get("failure_kind")
    if kind:
        if kind in TRANSIENT_FAILURES:
            return "transient"
        if kind in UNCOUNTED_FAILURES:
            return "uncounted"
        return "permanent"
    outcome, status = record.get("outcome"), record.get("status_code")
    if outcome == "failed":
        if status is None or status >= 500 or status in (408, 429) or status < 300:
            return "transient"
        return "permanent"
    if outcome == "skipped_robots" and str(record.get("reason") or "").startswith("robots.txt unreachable"):
        return "uncounted"
    return "permanent"


def crawl_status(content_sha256, last_class: str | None, consecutive_failures: int) -> str:
    """``landed`` (we hold a copy), ``refused`` (an answer that will not change by tomorrow),
    ``retrying``, ``gave_up`` (parked after too many failed runs) or ``pending`` (listed, never asked)."""
    if last_class is None:
        return "pending"
    if last_class == "landed" or content_sha256:
        return "landed"
    if last_class == "permanent":
        return "refused"
    return "gave_up" if consecutive_failures >= settings.retry_give_up_after() else "retrying"


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
    last_outcome: str | None = None
    failure_kind: str | None = None
    last_reason: str | None = None
    consecutive_failures: int | None = 0
    crawl_status: str | None = None

    @property
    def status(self) -> str:
        """The crawl status, computed when the row did not carry one (older warehouses)."""
        if self.crawl_status:
            return self.crawl_status
        if self.last_outcome is None and self.last_status is None and not self.content_sha256:
            return "pending" if self.last_fetched_at is None else "retrying"
        record = {
            "outcome": self.last_outcome or ("failed" if not self.content_sha256 else "new"),
            "status_code": self.last_status,
            "failure_kind": self.failure_kind,
            "content_sha256": self.content_sha256,
            "reason": self.last_reason,
        }
        return crawl_status(self.content_sha256, retry_class(record), self.consecutive_failures or 0)

    @property
    def known(self) -> bool:
        """Seen for good: landed, or refused for a reason that will not change by tomorrow.

        Pages whose transfer failed (truncated, reset, timeout, 5xx, 429, robots unreachable), parked
        pages and pages listed but never asked are not known: later runs ask them (see ``due``)."""
        return self.status in ("landed", "refused")

    def due(self, now: dt.datetime | None = None) -> bool:
        """Whether a retrying page may be asked again now: the backoff after N failed runs in a row
        is ``settings.retry_backoff_hours() × 2^(N-1)`` hours from the last attempt."""
        failures = self.consecutive_failures or 0
        if failures <= 0 or self.last_fetched_at is None:
            return True
        last = _as_utc(self.last_fetched_at)
        if last is None:
            return True
        wait = dt.timedelta(hours=settings.retry_backoff_hours() * 2 ** (failures - 1))
        return (now or dt.datetime.now(dt.UTC)) >= last + wait

    def next_attempt_at(self) -> dt.datetime | None:
        last = _as_utc(self.last_fetched_at)
        failures = self.consecutive_failures or 0
        if last is None or failures <= 0:
            return None
        return last + dt.timedelta(hours=settings.retry_backoff_hours() * 2 ** (failures - 1))


def _as_utc(value) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if not isinstance(value, dt.datetime):
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


# robots.txt belongs to a host, not to a source: two sources on one host (mic.gov.vn) share it, so
# the latest fetch of each robots URL is offered to every source, whichever source fetched it.
ROBOTS_STATE_SQL = """
SELECT source_id, canonical_url, page_kind, requested_at, requested_at, etag, last_modified, content_sha256,
       status_code, outcome, NULL, reason, 0, NULL
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
            f"SELECT source_id, {', '.join(STATE_COLUMNS)} FROM raw.crawl_state WHERE source_id IN ({placeholders})",
            source_ids,
        )
    except Exception as exc:
        if warehouse_connection.backend != "duckdb":
            warehouse_connection.rollback()
        if _missing_table(exc) and "column" not in str(exc).lower():
            return []  # the loader has not created the tables yet: nothing seen
        if "column" not in str(exc).lower():
            raise
        # A warehouse loaded before the retry columns existed (the next load adds them).
        legacy = STATE_COLUMNS[:8]
        rows += [
            (*row, *([None] * (len(STATE_COLUMNS) - len(legacy))))
            for row in warehouse_connection.fetchall(
                f"SELECT source_id, {', '.join(legacy)} FROM raw.crawl_state WHERE source_id IN ({placeholders})",
                source_ids,
            )
        ]
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
    from warehouse import database

    states: dict[str, dict[str, StateRow]] = {source_id: {} for source_id in source_ids}
    ids = list(states)
    if not ids:
        return states
    if settings.warehouse_target() == "duckdb" and not settings.warehouse_path().exists():
        return states
    for attempt in range(attempts):
        try:
            with database.connect(read_only=True) as connection:
                rows = _query_state(connection, ids)
            break
        except Exception as exc:  # DuckDB: the loader holds the write lock; it finishes quickly
            if "lock" not in str(exc).lower() or attempt == attempts - 1:
                raise CrawlStateUnavailable(f"cannot read crawl state from the warehouse: {exc}") from exc
            time.sleep(0.5 * 2**attempt)
    for source_id, *values in rows:
        row = StateRow(**dict(zip(STATE_COLUMNS, values)))
        for target in ids if source_id == ROBOTS_FOR_EVERY_SOURCE else [source_id]:
            if row.canonical_url not in states[target]:  # raw.crawl_state wins over the robots query
                states[target][row.canonical_url] = row
    return states


def load_crawl_state(source_id: str) -> dict[str, StateRow]:
    """``{canonical_url: StateRow}`` of one source; empty when the warehouse or table is missing."""
    return load_crawl_states([source_id])[source_id]


def crawl_state_from_records(
    records: Iterable[FetchRecord], listings: Iterable[ListingRecord] = ()
) -> dict[str, StateRow]:
    """State derived from fetch records (and listings) the way the load step derives ``raw.crawl_state``.

    Latest fetch wins; validators and the landed hash are kept from earlier fetches when the
    latest has none (a 304 or a failure does not forget the page we hold); transient failures since
    the page last landed or was refused are counted. Listed pages never fetched are ``pending``.
    Useful without a warehouse (tests, ad-hoc runs); ``raw.crawl_state`` is the real source.
    """
    state: dict[str, StateRow] = {}
    for record in sorted(records, key=lambda r: str(r.get("requested_at"))):
        key = record.get("canonical_url")
        if not key:
            continue
        earlier = state.get(key)
        klass = retry_class(record)
        failures = (earlier.consecutive_failures or 0) if earlier else 0
        if klass == "transient":
            failures += 1
        elif klass in ("landed", "permanent"):
            failures = 0
        content_sha256 = record.get("content_sha256") or (earlier.content_sha256 if earlier else None)
        state[key] = StateRow(
            canonical_url=key,
            page_kind=record.get("page_kind"),
            first_seen_at=earlier.first_seen_at if earlier else record.get("requested_at"),
            last_fetched_at=record.get("requested_at"),
            etag=record.get("etag") or (earlier.etag if earlier else None),
            last_modified=record.get("last_modified") or (earlier.last_modified if earlier else None),
            content_sha256=content_sha256,
            last_status=record.get("status_code"),
            last_outcome=record.get("outcome"),
            failure_kind=record.get("failure_kind"),
            last_reason=record.get("reason"),
            consecutive_failures=failures,
            crawl_status=crawl_status(content_sha256, klass, failures),
        )
    for listing in listings:
        key = listing.get("canonical_url")
        if key and key not in state:
            state[key] = StateRow(
                canonical_url=key,
                page_kind=listing.get("page_kind") or "article",
                first_seen_at=listing.get("listed_at"),
                crawl_status="pending",
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
    # Across runs (docs/crawling.md, "Retries across runs"): pages asked again from crawl state
    # (failed before, or listed and never asked), pages whose backoff has not elapsed, parked pages
    # not asked (gave_up: only --refresh or a backfill asks them), and pages left for the next run
    # because the source's time budget or --max-articles was reached.
    retried_from_state: int = 0
    deferred: int = 0
    parked: int = 0
    left_for_next_run: int = 0
    budget_exhausted: bool = False

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

    def __init__(
        self,
        source: Source,
        run_id: str,
        mode: str,
        since,
        max_pages,
        state,
        fetcher,
        adapter,
        max_articles,
        refresh=False,
    ):
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
        self.records: list[FetchRecord] = []
        self.checkpointed = 0
        self.report = CrawlReport(source.id, run_id, mode)
        self.queued: dict[str, str] = {}  # canonical URL -> URL to fetch, in discovery order
        self.decided: set[str] = set()  # canonical URLs already queued or left out this run
        self.listings: list[ListingRecord] = []
        self.deadline: float | None = None

    def over_budget(self) -> bool:
        if self.deadline is not None and time.monotonic() >= self.deadline:
            if not self.report.budget_exhausted:
                log.warning(
                    "source %s: time budget of %.0f s for this run spent; the rest waits for the next run",
                    self.source.id,
                    self.source.politeness.run_budget_seconds,
                )
            self.report.budget_exhausted = True
            return True
        return False

    def wanted(self, row: StateRow | None) -> bool:
        """Whether an article in this state is asked this run (and counts what is left out)."""
        if row is None:
            return True
        status = row.status
        if status == "landed":
            return bool(self.refresh and row.content_sha256)
        if status == "refused":
            return False
        if status == "gave_up":
            if self.refresh or self.mode == "backfill":
                return True
            self.report.parked += 1
            return False
        if status == "retrying" and not row.due():
            self.report.deferred += 1
            return False
        return True  # pending, or retrying and due

    def record(self, result: FetchResult) -> None:
        for robots in result.robots_fetches:
            self.record(robots)
        self.records.append(result.to_record(self.run_id, self.source.id))
        self.report.count(result)
        if len(self.records) - self.checkpointed >= CHECKPOINT_RECORDS:
            # A long backfill killed mid-way (task timeout) must keep the record of what it landed.
            self.write_records()

    def write_records(self):
        if self.listings:
            archive.write_records(self.run_id, self.source.id, "listings", self.listings, self.fetcher.landing)
        path = archive.write_records(self.run_id, self.source.id, "fetches", self.records, self.fetcher.landing)
        self.checkpointed = len(self.records)
        return path

    def fetch(self, url: str, page_kind: str) -> FetchResult:
        previous = self.state.get(page_identity(url))
        result = self.fetcher.fetch(
            url,
            page_kind=page_kind,
            politeness=self.source.politeness,
            allowed_domains=self.source.fetch_domains,
            previous=previous,
            robots_state=lambda robots: self.state.get(page_identity(robots)),
            deadline=self.deadline,
        )
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
            if self.over_budget():
                return
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
                if key in self.decided:
                    continue
                self.decided.add(key)
                if row is None:
                    unseen += 1
                    # Recorded before it is asked: a page listed once is never forgotten, even when this
                    # run ends (budget, --max-articles, a crash) before it is fetched.
                    self.listings.append(
                        ListingRecord(
                            run_id=self.run_id,
                            source_id=self.source.id,
                            canonical_url=key,
                            url=item_url,
                            page_kind="article",
                            list_url=page_url,
                            listed_at=utc_now_iso(),
                            published=item.published.isoformat() if item.published else None,
                        )
                    )
                if self.wanted(row):
                    # New, failed before and due again, or refreshed (conditional GET): once per run.
                    self.queued[key] = item_url
            if not items:
                return
            if self.mode == "daily" and unseen == 0:
                return  # every article on this page was seen before: older pages hold nothing new either
            dated = [item.published for item in items if item.published]
            if self.since and dated and dated[-1] < self.since:
                return  # lists run newest first: past --since at the page's end, later pages are older
            page_url, page_number = (self.source.localize(next_url) if next_url else None), page_number + 1

    def queue_from_state(self) -> None:
        """Articles the walked list pages did not show again but crawl state still owes: failed
        before and due (a failed article on list page 2+ is not forgotten when daily runs stop at
        page 1), listed and never asked, and -- with --refresh or a backfill -- parked ones."""
        owed = [
            row
            for key, row in self.state.items()
            if key not in self.decided
            and row.page_kind == "article"
            and row.status in ("pending", "retrying", "gave_up")
        ]
        owed.sort(key=lambda row: str(row.last_fetched_at or row.first_seen_at or ""))
        for row in owed:
            self.decided.add(row.canonical_url)
            if self.wanted(row):
                self.queued[row.canonical_url] = self.source.localize(row.canonical_url)
                self.report.retried_from_state += 1

    def run(self) -> CrawlReport:
        started = time.monotonic()
        self.deadline = started + self.source.politeness.run_budget_seconds
        try:
            base_robots = robots_url(self.source.base_url)
            _, robots_fetches = self.fetcher.robots_policy(
                self.source.base_url,
                self.source.politeness,
                self.state.get(page_identity(base_robots)),
                self.source.fetch_domains,
            )
            for robots in robots_fetches:
                self.record(robots)
            for list_url in self.source.list_urls:
                try:
                    self.walk_list(list_url)
                except Exception as exc:  # defensive: a bug on one list must not lose the others
                    log.exception("source %s: list %s", self.source.id, list_url)
                    self.report.errors.append(f"{list_url}: {type(exc).__name__}: {exc}")
            self.queue_from_state()
            for position, (key, url) in enumerate(self.queued.items()):
                if (self.max_articles is not None and position >= self.max_articles) or self.over_budget():
                    self.report.left_for_next_run = len(self.queued) - position
                    break
                result = self.fetch(url, "article")
                if result.outcome in ("new", "updated"):
                    self.report.new_articles.append(
                        {
                            "url": url,
                            "canonical_url": key,
                            "outcome": result.outcome,
                            "content_sha256": result.content_sha256,
                        }
                    )
        except Exception as exc:
            log.exception("source %s crashed", self.source.id)
            self.report.errors.append(f"crawl aborted: {type(exc).__name__}: {exc}")
        finally:
            self.report.records_path = str(self.write_records())
            self.report.duration_seconds = round(time.monotonic() - started, 3)
        return self.report


def crawl_source(
    source: Source,
    run_id: str,
    *,
    mode: str = "daily",
    since: dt.date | None = None,
    max_pages: int | None = None,
    state: dict[str, StateRow] | None = None,
    fetcher: Fetcher | None = None,
    adapter=None,
    max_articles: int | None = None,
    refresh: bool = False,
) -> CrawlReport:
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
        return _SourceCrawl(
            source, run_id, mode, since, max_pages, state, fetcher, adapter, max_articles, refresh
        ).run()
    finally:
        if own_fetcher:
            fetcher.close()


def new_run_id(kind: str = "crawl") -> str:
    """Run ids sort chronologically: ``20261125T114500Z-crawl``."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ") + f"-{kind}"


def crawl_sources(
    sources,
    run_id: str,
    *,
    mode: str = "daily",
    since: dt.date | None = None,
    max_pages: int | None = None,
    states: dict[str, dict[str, StateRow]] | None = None,
    fetcher: Fetcher | None = None,
    adapters: dict | None = None,
    max_workers: int | None = None,
    max_articles: int | None = None,
    refresh: bool = False,
) -> list[CrawlReport]:
    """Crawl several sources concurrently (one thread per source, one request per host at a time)."""
    sources = list(sources)
    if states is None:
        states = load_crawl_states([s.id for s in sources])
    fetcher = fetcher or Fetcher()
    adapters = adapters or {}

    def one(source: Source) -> CrawlReport:
        try:
            return crawl_source(
                source,
                run_id,
                mode=mode,
                since=since,
                max_pages=max_pages,
                state=states.get(source.id, {}),
                fetcher=fetcher,
                adapter=adapters.get(source.id),
                max_articles=max_articles,
                refresh=refresh,
            )
        except Exception as exc:  # isolation: one source's bug never reaches the others
            log.exception("source %s failed", source.id)
            return CrawlReport(source.id, run_id, mode, errors=[f"{type(exc).__name__}: {exc}"])

    workers = max(1, min(max_workers or settings.CRAWL_MAX_WORKERS, len(sources) or 1))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="crawl") as pool:
        return list(pool.map(one, sources))
