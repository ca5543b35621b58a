"""Load landed run records into the warehouse's ``raw`` schema, idempotently.

This is the only module that writes the raw schema. It is called by a single task at a time
(DuckDB allows one writing process), and every insert is keyed so that loading the same
run twice changes nothing. It speaks to DuckDB (embedded default) and PostgreSQL
(production) with the same SQL: plain types and ``INSERT ... ON CONFLICT``, which both accept.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warehouse import settings

# The raw tables' columns (in insert order) and keys are derived from the records the stages write
# (warehouse.records, docs/contracts.md); imported here, where the loader uses them, and read from here.
from warehouse.records import (
    PRIMARY_KEYS,
    RAW_TABLES,
    ArticleRecord,
    FactRecord,
    FetchRecord,
    ListingRecord,
    QuarantinedArticleRecord,
    RunRecord,
)

log = logging.getLogger(__name__)

FACT_TABLES = {"indicator": "indicator_facts", "ranking": "ranking_facts", "incident": "incident_facts"}


@dataclass
class LoadReport:
    run_id: str
    fetches: int = 0
    articles: int = 0
    facts: int = 0
    new_articles: int = 0
    new_facts: int = 0
    quarantined_articles: int = 0


class Warehouse:
    """A thin connection wrapper hiding the DuckDB/PostgreSQL differences that matter here."""

    def __init__(self, connection, backend: str):
        self.connection = connection
        self.backend = backend
        self.placeholder = "?" if backend == "duckdb" else "%s"

    def execute(self, sql: str, params: Iterable | None = None):
        if self.backend == "duckdb":
            return self.connection.execute(sql, params or [])
        cursor = self.connection.cursor()
        cursor.execute(sql, params)
        return cursor

    def executemany(self, sql: str, rows: list[tuple]):
        if not rows:
            return
        if self.backend == "duckdb":
            self.connection.executemany(sql, rows)
        else:
            from psycopg2.extras import execute_batch

            execute_batch(self.connection.cursor(), sql, rows, page_size=500)

    def fetchall(self, sql: str, params: Iterable | None = None) -> list[tuple]:
        return self.execute(sql, params).fetchall()

    def begin(self):
        if self.backend == "duckdb":
            self.connection.execute("BEGIN TRANSACTION")

    def commit(self):
        self.connection.commit() if self.backend != "duckdb" else self.connection.execute("COMMIT")

    def rollback(self):
        self.connection.rollback() if self.backend != "duckdb" else self.connection.execute("ROLLBACK")


def postgres_dsn() -> str:
    """Connection string for the PostgreSQL warehouse, from the same variables dbt's profile reads.

    Empty values are left out: ``password= dbname=x`` would make libpq read ``dbname=x`` as the password."""
    parts = {
        "host": os.environ.get("VNICT_PG_HOST", "127.0.0.1"),
        "port": os.environ.get("VNICT_PG_PORT", "5432"),
        "user": os.environ.get("VNICT_PG_USER", "postgres"),
        "password": os.environ.get("VNICT_PG_PASSWORD", ""),
        "dbname": os.environ.get("VNICT_PG_DATABASE", "vnict"),
    }
    return " ".join(f"{key}='{_libpq_quote(value)}'" for key, value in parts.items() if value)


def _libpq_quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


@contextlib.contextmanager
def connect(read_only: bool = False, target: str | None = None) -> Iterator[Warehouse]:
    """Open the configured warehouse. Read-only DuckDB connections let crawl tasks read state in parallel."""
    target = target or settings.warehouse_target()
    if target == "postgres":
        import psycopg2

        connection = psycopg2.connect(postgres_dsn())
        try:
            yield Warehouse(connection, "postgres")
        finally:
            connection.close()
        return
    import duckdb

    path = settings.warehouse_path()
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        connection = duckdb.connect(str(path), read_only=read_only)
    except duckdb.ConnectionException as error:
        # Within one process DuckDB shares one instance per file: once a task of this process
        # (``airflow dags test`` runs them all in-process) opened it read-write, a read-only
        # connection is refused. The same process may read through a read-write one.
        if not read_only or "different configuration" not in str(error):
            raise
        connection = duckdb.connect(str(path))
    try:
        yield Warehouse(connection, "duckdb")
    finally:
        connection.close()


def ensure_raw_schema(warehouse: Warehouse) -> None:
    """Create the raw schema and tables when missing, and add the nullable columns the contract
    gained since a table was created (e.g. ``uncertainty``); never drops or alters data.

    Why add columns: the inserts name every column of RAW_TABLES, so a warehouse created before a
    column was added would refuse the next load. Its older rows keep null there, which the contract
    allows for every column added later (added columns must be nullable)."""
    warehouse.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for table, columns in RAW_TABLES.items():
        column_sql = ", ".join(f"{name} {ctype.replace(' PRIMARY KEY', '')}" for name, ctype in columns.items())
        key_sql = ", ".join(PRIMARY_KEYS[table])
        warehouse.execute(f"CREATE TABLE IF NOT EXISTS raw.{table} ({column_sql}, PRIMARY KEY ({key_sql}))")
        _add_missing_columns(warehouse, table, columns)
    if warehouse.backend != "duckdb":
        warehouse.commit()


def _add_missing_columns(warehouse: Warehouse, table: str, columns: dict[str, str]) -> None:
    placeholder = warehouse.placeholder
    existing = {
        row[0]
        for row in warehouse.fetchall(
            f"SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = {placeholder}",
            [table],
        )
    }
    for name, column_type in columns.items():
        if name in existing:
            continue
        if "NOT NULL" in column_type:
            raise RuntimeError(
                f"raw.{table} has no column {name} ({column_type}) and a NOT NULL column cannot be added to "
                "existing rows; migrate the table by hand or load into a new warehouse"
            )
        log.info("adding column raw.%s.%s (%s): the contract gained it; older rows keep null", table, name, column_type)
        warehouse.execute(f"ALTER TABLE raw.{table} ADD COLUMN {name} {column_type}")


def _upsert(warehouse: Warehouse, table: str, records: list[dict], now: datetime) -> int:
    """Insert records keyed on the table's primary key; existing keys are left as they are.

    ``records`` are of the table's record type (``warehouse.records.RAW_RECORDS``): the columns are
    read by name, a record's landing-only fields are not loaded, and a missing column loads as null.

    Why DO NOTHING rather than update: raw rows are evidence; a record with the same key is
    the same observation (same run, page bytes, parser and extractor versions)."""
    columns = list(RAW_TABLES[table])
    placeholders = ", ".join([warehouse.placeholder] * len(columns))
    keys = ", ".join(PRIMARY_KEYS[table])
    sql = f"INSERT INTO raw.{table} ({', '.join(columns)}) VALUES ({placeholders}) ON CONFLICT ({keys}) DO NOTHING"
    before = warehouse.fetchall(f"SELECT count(*) FROM raw.{table}")[0][0]
    rows = []
    seen_keys = set()
    for record in records:
        values = dict(record, loaded_at=now)
        key = tuple(values.get(k) for k in PRIMARY_KEYS[table])
        if key in seen_keys:
            continue
        seen_keys.add(key)
        rows.append(tuple(_cell(values.get(column)) for column in columns))
    warehouse.executemany(sql, rows)
    after = warehouse.fetchall(f"SELECT count(*) FROM raw.{table}")[0][0]
    return after - before


def _cell(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if value == "":
        return None
    return value


def _sql_list(values) -> str:
    return ", ".join(f"'{value}'" for value in sorted(values))


def retry_class_sql() -> str:
    """``scrapers.crawl.retry_class`` in SQL (landed / transient / uncounted / permanent)."""
    from warehouse.records import TRANSIENT_FAILURES, UNCOUNTED_FAILURES

    return f"""CASE
        WHEN content_sha256 IS NOT NULL AND outcome IN ('new', 'updated', 'unchanged', 'not_modified') THEN 'landed'
        WHEN failure_kind IN ({_sql_list(TRANSIENT_FAILURES)}) THEN 'transient'
        WHEN failure_kind IN ({_sql_list(UNCOUNTED_FAILURES)}) THEN 'uncounted'
        WHEN failure_kind IS NOT NULL THEN 'permanent'
        WHEN outcome = 'failed' AND (status_code IS NULL OR status_code >= 500 OR status_code IN (408, 429)
                                     OR status_code < 300) THEN 'transient'
        WHEN outcome = 'skipped_robots' AND reason LIKE 'robots.txt unreachable%' THEN 'uncounted'
        ELSE 'permanent' END"""


REFRESH_CRAWL_STATE_SQL = """
DELETE FROM raw.crawl_state;
INSERT INTO raw.crawl_state (source_id, canonical_url, page_kind, first_seen_at, last_fetched_at, etag, last_modified,
                             content_sha256, last_status, last_outcome, failure_kind, last_reason,
                             consecutive_failures, crawl_status, loaded_at)
WITH classified AS (
    SELECT f.*, {retry_class} AS retry_class
    FROM raw.fetches f
    WHERE canonical_url IS NOT NULL AND page_kind IN ('list', 'article')
), settled AS (
    SELECT classified.*,
           -- the last time the page landed or got a lasting answer: failures before it do not count
           max(CASE WHEN retry_class IN ('landed', 'permanent') THEN requested_at END)
               OVER (PARTITION BY source_id, canonical_url) AS settled_at
    FROM classified
), latest AS (
    SELECT
        source_id,
        canonical_url,
        page_kind,
        min(requested_at) OVER keyed AS first_seen_at,
        requested_at AS last_fetched_at,
        -- a 304 carries no body: keep the validators and hash of the last page we landed
        coalesce(etag, max(etag) OVER keyed) AS etag,
        coalesce(last_modified, max(last_modified) OVER keyed) AS last_modified,
        coalesce(content_sha256, max(content_sha256) OVER keyed) AS content_sha256,
        status_code AS last_status,
        outcome AS last_outcome,
        failure_kind,
        reason AS last_reason,
        retry_class,
        sum(CASE WHEN retry_class = 'transient' AND (settled_at IS NULL OR requested_at > settled_at)
                 THEN 1 ELSE 0 END) OVER keyed AS consecutive_failures,
        row_number() OVER (PARTITION BY source_id, canonical_url ORDER BY requested_at DESC, fetch_id DESC) AS recency
    FROM settled
    WINDOW keyed AS (PARTITION BY source_id, canonical_url)
), fetched AS (
    SELECT source_id, canonical_url, page_kind, first_seen_at, last_fetched_at, etag, last_modified, content_sha256,
           last_status, last_outcome, failure_kind, last_reason, CAST(consecutive_failures AS INTEGER) AS consecutive_failures,
           CASE
               WHEN retry_class = 'landed' OR content_sha256 IS NOT NULL THEN 'landed'
               WHEN retry_class = 'permanent' THEN 'refused'
               WHEN consecutive_failures >= {give_up_after} THEN 'gave_up'
               ELSE 'retrying'
           END AS crawl_status
    FROM latest
    WHERE recency = 1
)
SELECT fetched.*, {now} AS loaded_at FROM fetched
UNION ALL
SELECT l.source_id, l.canonical_url, coalesce(l.page_kind, 'article'), l.listed_at, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, 0, 'pending', {now}
FROM raw.listings l
WHERE NOT EXISTS (SELECT 1 FROM fetched WHERE fetched.source_id = l.source_id
                                          AND fetched.canonical_url = l.canonical_url)
"""


def refresh_crawl_state(warehouse: Warehouse, now: datetime) -> None:
    """Recompute crawl state from the whole fetch log (cheap at this scale, and never drifts).

    robots.txt is left out on purpose: it belongs to a host, not to a source (two sources share
    mic.gov.vn), and the crawler reads the host's latest robots fetch from raw.fetches directly."""
    literal = f"TIMESTAMP '{now.strftime('%Y-%m-%d %H:%M:%S')}'"
    sql = REFRESH_CRAWL_STATE_SQL.format(
        now=literal, retry_class=retry_class_sql(), give_up_after=int(settings.retry_give_up_after())
    )
    for statement in sql.split(";"):
        if statement.strip():
            warehouse.execute(statement)


def read_jsonl(path: Path) -> list[dict]:
    records = []
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                # A torn line must not block the rest of the run's evidence from loading.
                log.error("skipping malformed record %s:%d: %s", path, line_number, error)
    return records


def run_directory(run_id: str) -> Path:
    return settings.landing_dir() / "runs" / run_id


def load_run(run_id: str, target: str | None = None) -> LoadReport:
    """Load every record file of one run; safe to call again for the same run."""
    directory = run_directory(run_id)
    report = LoadReport(run_id=run_id)
    fetches: list[FetchRecord] = []
    articles: list[ArticleRecord] = []
    facts_by_table: dict[str, list[FactRecord]] = {table: [] for table in FACT_TABLES.values()}
    quarantined: list[QuarantinedArticleRecord] = []
    listings: list[ListingRecord] = []
    if directory.exists():
        for path in sorted(directory.glob("*.fetches.jsonl")):
            fetches.extend(read_jsonl(path))
        for path in sorted(directory.glob("*.listings.jsonl")):
            listings.extend(read_jsonl(path))
        for path in sorted(directory.glob("*.articles.jsonl")):
            articles.extend(read_jsonl(path))
        for path in sorted(directory.glob("*.quarantine.jsonl")):
            quarantined.extend(read_jsonl(path))
        for path in sorted(directory.glob("*.facts.jsonl")):
            for fact in read_jsonl(path):
                table = FACT_TABLES.get(fact.get("fact_type"))
                if table is None:
                    log.error(
                        "fact %s has unknown fact_type %r; not loaded", fact.get("fact_id"), fact.get("fact_type")
                    )
                    continue
                facts_by_table[table].append(fact)
    else:
        log.warning("run %s has no landed records under %s", run_id, directory)
    now = datetime.now(UTC).replace(tzinfo=None)
    with connect(target=target) as warehouse:
        ensure_raw_schema(warehouse)
        warehouse.begin()
        try:
            _upsert(warehouse, "fetches", fetches, now)
            _upsert(warehouse, "listings", listings, now)
            report.new_articles = _upsert(warehouse, "articles", articles, now)
            _upsert(warehouse, "article_quarantine", quarantined, now)
            report.quarantined_articles = len(quarantined)
            for table, rows in facts_by_table.items():
                report.new_facts += _upsert(warehouse, table, rows, now)
            refresh_crawl_state(warehouse, now)
            report.fetches, report.articles = len(fetches), len(articles)
            report.facts = sum(len(rows) for rows in facts_by_table.values())
            _upsert(
                warehouse,
                "runs",
                [
                    RunRecord(
                        run_id=run_id,
                        fetch_records=report.fetches,
                        article_records=report.articles,
                        fact_records=report.facts,
                    )
                ],
                now,
            )
            warehouse.commit()
        except Exception:
            warehouse.rollback()
            raise
    log.info("loaded run %s: %s", run_id, report)
    return report
