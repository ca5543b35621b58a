"""The records every stage hands on, defined once: their fields, and the raw table each one loads into.

Why here, at the bottom layer: the crawler writes fetch and listing records, the parse stage article,
quarantine and fact records, the review store decision records, and the raw loader
(``warehouse.database``) turns each kind into the rows of one ``raw`` table. Each record is a
``TypedDict`` (the stages keep handing plain dicts to JSON lines and to the loader, so nothing at
run time changes), and every field says what becomes of it:

- ``Column(sql_type)``: a column of the record's raw table, with its type as ``CREATE TABLE``
  spells it on DuckDB and PostgreSQL. Fields are written in the table's column order, which the
  loader's ``CREATE TABLE`` and inserts follow (and ``select *`` in dbt staging sees);
- ``LandingOnly(why)``: kept in the landing record (the JSON line is the evidence) and not loaded.

``RAW_TABLES`` (the loader's column map) and ``PRIMARY_KEYS`` are derived from these classes. The
dbt sources (``dbt_project/models/staging/_staging__sources.yml``) and the column lists of
docs/contracts.md are held to them by ``tests/warehouse/test_records_contract.py``, which also
checks that a real crawl and parse write exactly these fields. The generated section of
docs/contracts.md ("Raw tables, column by column") is rewritten by ``python -m warehouse.records``.

A field that is ``NotRequired`` may be absent from a record (the loader writes null): the capture
provenance of a fetch exists for archived copies only. ``loaded_at`` is in no record handed over:
the loader stamps it (``Column(..., set_by_loader=True)``).

The module also holds the vocabulary of those records: fetch outcomes, failure classes, page kinds.
The crawler writes these values, the raw loader classifies them in SQL
(``database.retry_class_sql``), the parse stage and the orchestrator read them.

No ``from __future__ import annotations`` here: ``TypedDict`` reads ``NotRequired`` from evaluated
annotations only (with string annotations Python 3.11 counts every key as required).
"""

import datetime as dt
import re
import sys
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, NotRequired, TypedDict

# A fetch whose page bytes are in the landing archive (the page was read or known unchanged).
LANDED_OUTCOMES = frozenset({"new", "updated", "unchanged", "not_modified"})
# Pages that carry an article: a live article page, or an article page read from a web archive.
ARTICLE_PAGE_KINDS = frozenset({"article", "capture"})

# What went wrong with a fetch that landed nothing (``failure_kind`` of a fetch record), and what
# the crawler does about it across runs (docs/crawling.md, "Outcomes"):
#   transient: the transfer failed or the server struggled; asked again in a later run, with
#              backoff, and parked as ``gave_up`` after ``settings.retry_give_up_after()`` runs;
#   uncounted: asked again next run without counting towards parking (nothing was asked of the page);
#   permanent: the answer will not change by tomorrow; asked again only by ``--refresh``/backfill.
TRANSIENT_FAILURES = frozenset(
    {"truncated", "reset", "timeout", "connect", "server_error", "rate_limited", "undecodable", "tls", "unexpected"}
)
UNCOUNTED_FAILURES = frozenset({"robots_unreachable"})
PERMANENT_FAILURES = frozenset(
    {
        "client_error",
        "too_large",
        "off_site",
        "redirect_loop",
        "too_many_redirects",
        "not_html",
        "robots_disallowed",
        "bad_request",
        "offline",
        # archive captures (scrapers.captures): an archived error page, and a
        # redirect the archive recorded but holds no capture of the target for
        "error_page",
        "redirect_capture",
    }
)


# --- what a field becomes ---------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of the record's raw table.

    ``sql_type`` as ``CREATE TABLE`` spells it (``"TEXT NOT NULL"``); ``key``: part of the table's
    primary key; ``set_by_loader``: absent from the record handed to the loader, which writes it."""

    sql_type: str
    key: bool = False
    set_by_loader: bool = False


@dataclass(frozen=True)
class LandingOnly:
    """A field the landing record keeps and no raw table loads, and why it is kept."""

    why: str


# In landing records (JSON lines) times and dates are ISO-8601 text; the warehouse types them.
IsoTimestamp = str
IsoDate = str

_CAPTURE_TIMESTAMP = "when the archive captured the page that answered (null for a live fetch)"


# --- the records, one per raw table, fields in column order ------------------------------------


class FetchRecord(TypedDict):
    """One HTTP request of a crawl, backfill or WARC import (``scrapers.fetch.FetchResult.to_record``):
    ``<source>.fetches.jsonl`` → ``raw.fetches``."""

    fetch_id: Annotated[str, Column("TEXT NOT NULL", key=True)]
    run_id: Annotated[str, Column("TEXT NOT NULL")]
    source_id: Annotated[str, Column("TEXT NOT NULL")]
    url: Annotated[str, Column("TEXT NOT NULL")]
    canonical_url: Annotated[str | None, Column("TEXT")]
    page_kind: Annotated[str | None, Column("TEXT")]
    status_code: Annotated[int | None, Column("INTEGER")]
    outcome: Annotated[str, Column("TEXT NOT NULL")]
    reason: Annotated[str | None, Column("TEXT")]
    bytes: Annotated[int, Column("BIGINT")]
    duration_ms: Annotated[int, Column("BIGINT")]
    content_sha256: Annotated[str | None, Column("TEXT")]
    content_type: Annotated[str | None, Column("TEXT")]
    etag: Annotated[str | None, Column("TEXT")]
    last_modified: Annotated[str | None, Column("TEXT")]
    requested_at: Annotated[IsoTimestamp, Column("TIMESTAMP")]
    failure_kind: Annotated[str | None, Column("TEXT")]
    loaded_at: NotRequired[Annotated[dt.datetime, Column("TIMESTAMP NOT NULL", set_by_loader=True)]]
    # archived copies (page_kind capture) only: the page's own address, when the archive captured
    # it, the replay URL or WARC record that answered, the archive's digest (docs/archives.md)
    original_url: NotRequired[Annotated[str | None, Column("TEXT")]]
    capture_timestamp: NotRequired[Annotated[IsoTimestamp | None, Column("TIMESTAMP")]]
    capture_url: NotRequired[Annotated[str | None, Column("TEXT")]]
    capture_digest: NotRequired[Annotated[str | None, Column("TEXT")]]
    final_url: Annotated[
        str | None, LandingOnly("the address after redirects: the parse stage reads the page as that URL")
    ]
    attempts: Annotated[list[str], LandingOnly("what each try of the request met, for the crawl report")]
    capture_keys: NotRequired[
        Annotated[
            list[str],
            LandingOnly(
                "the (page, timestamp) pairs a capture settles: the next backfill skips them (scrapers.captures)"
            ),
        ]
    ]


class ListingRecord(TypedDict):
    """An article link seen for the first time on a list page (``scrapers.crawl``), written before the
    article is asked: ``<source>.listings.jsonl`` → ``raw.listings``."""

    source_id: Annotated[str, Column("TEXT NOT NULL", key=True)]
    canonical_url: Annotated[str, Column("TEXT NOT NULL", key=True)]
    url: Annotated[str | None, Column("TEXT")]
    page_kind: Annotated[str | None, Column("TEXT")]
    list_url: Annotated[str | None, Column("TEXT")]
    published: Annotated[IsoDate | None, Column("DATE")]
    listed_at: Annotated[IsoTimestamp | None, Column("TIMESTAMP")]
    run_id: Annotated[str | None, Column("TEXT")]
    loaded_at: NotRequired[Annotated[dt.datetime, Column("TIMESTAMP NOT NULL", set_by_loader=True)]]


class ArticleRecord(TypedDict):
    """One parse of an article page (``scrapers.parse_articles``): ``<source>.articles.jsonl`` →
    ``raw.articles``, keyed by the page's identity, its bytes and the parser that read them."""

    article_id: Annotated[str, Column("TEXT NOT NULL", key=True)]
    content_sha256: Annotated[str, Column("TEXT NOT NULL", key=True)]
    parser_version: Annotated[str, Column("TEXT NOT NULL", key=True)]
    source_id: Annotated[str, Column("TEXT NOT NULL")]
    url: Annotated[str, Column("TEXT NOT NULL")]
    canonical_url: Annotated[str, Column("TEXT NOT NULL")]
    title: Annotated[str | None, Column("TEXT")]
    published_at: Annotated[str | None, Column("TEXT")]
    published_date: Annotated[IsoDate | None, Column("DATE")]
    author: Annotated[str | None, Column("TEXT")]
    lead: Annotated[str | None, Column("TEXT")]
    body_text: Annotated[str | None, Column("TEXT")]
    body_sha256: Annotated[str | None, Column("TEXT")]
    province_code: Annotated[str | None, Column("TEXT")]
    extractor_version: Annotated[str | None, Column("TEXT")]
    parsed_at: Annotated[IsoTimestamp | None, Column("TIMESTAMP")]
    run_id: Annotated[str | None, Column("TEXT")]
    loaded_at: NotRequired[Annotated[dt.datetime, Column("TIMESTAMP NOT NULL", set_by_loader=True)]]
    # how the page was decoded (scrapers.textnorm.decode_html_report) and what the checks noted
    encoding: Annotated[str | None, Column("TEXT")]
    encoding_source: Annotated[str | None, Column("TEXT")]
    content_notes: Annotated[str | None, Column("TEXT")]
    # archived copies: copied from the fetch record (null when fetched live)
    capture_timestamp: Annotated[IsoTimestamp | None, Column("TIMESTAMP")]
    capture_url: Annotated[str | None, Column("TEXT")]


_QUARANTINE_KEEPS = (
    "the quarantine keeps what shows why a page is no article; "
    "the rest of the article record stays in the landing record"
)


class QuarantinedArticleRecord(TypedDict):
    """A parsed page that is no readable article (``scrapers.content_checks``): the article record
    plus ``quarantine_reason``, ``<source>.quarantine.jsonl`` → ``raw.article_quarantine``; never
    published, the quality gate warns about this run's rows."""

    article_id: Annotated[str, Column("TEXT NOT NULL", key=True)]
    content_sha256: Annotated[str, Column("TEXT NOT NULL", key=True)]
    parser_version: Annotated[str, Column("TEXT NOT NULL", key=True)]
    source_id: Annotated[str, Column("TEXT NOT NULL")]
    url: Annotated[str, Column("TEXT NOT NULL")]
    canonical_url: Annotated[str, Column("TEXT NOT NULL")]
    title: Annotated[str | None, Column("TEXT")]
    published_date: Annotated[IsoDate | None, Column("DATE")]
    body_text: Annotated[str | None, Column("TEXT")]
    encoding: Annotated[str | None, Column("TEXT")]
    encoding_source: Annotated[str | None, Column("TEXT")]
    content_notes: Annotated[str | None, Column("TEXT")]
    quarantine_reason: Annotated[str, Column("TEXT NOT NULL")]
    parsed_at: Annotated[IsoTimestamp | None, Column("TIMESTAMP")]
    run_id: Annotated[str | None, Column("TEXT")]
    loaded_at: NotRequired[Annotated[dt.datetime, Column("TIMESTAMP NOT NULL", set_by_loader=True)]]
    capture_timestamp: Annotated[IsoTimestamp | None, Column("TIMESTAMP")]
    capture_url: Annotated[str | None, Column("TEXT")]
    published_at: Annotated[str | None, LandingOnly(_QUARANTINE_KEEPS)]
    author: Annotated[str | None, LandingOnly(_QUARANTINE_KEEPS)]
    lead: Annotated[str | None, LandingOnly(_QUARANTINE_KEEPS)]
    body_sha256: Annotated[str | None, LandingOnly(_QUARANTINE_KEEPS)]
    province_code: Annotated[str | None, LandingOnly(_QUARANTINE_KEEPS)]
    extractor_version: Annotated[None, LandingOnly(_QUARANTINE_KEEPS + " (always null: nothing was extracted)")]


_FACT_TYPE = "which raw fact table the loader puts the record in (database.FACT_TABLES)"
_PLAUSIBILITY = (
    "the extractor's plausibility flag (extraction.article, include_implausible); the warehouse "
    "judges plausibility again by its own rules (dbt rejection, quality gate)"
)

# The three fact records share their first three and last eleven fields (docs/contracts.md,
# "*.facts.jsonl"), except that a ranking's ``score_scale`` came after them (a column added later
# goes last); written out in each class so that each reads as its table does.


class IndicatorFactRecord(TypedDict):
    """An indicator value read from an article's sentence (``scrapers.parse_articles.build_facts``):
    ``<source>.facts.jsonl`` with ``fact_type: indicator`` → ``raw.indicator_facts``."""

    fact_id: Annotated[str, Column("TEXT NOT NULL", key=True)]
    article_id: Annotated[str, Column("TEXT NOT NULL")]
    extractor_version: Annotated[str, Column("TEXT NOT NULL")]
    indicator: Annotated[str | None, Column("TEXT")]
    value: Annotated[float | None, Column("DOUBLE PRECISION")]
    value_high: Annotated[float | None, Column("DOUBLE PRECISION")]
    unit: Annotated[str | None, Column("TEXT")]
    kind: Annotated[str | None, Column("TEXT")]
    year: Annotated[int | None, Column("INTEGER")]
    admin_level: Annotated[str | None, Column("TEXT")]
    also_level: Annotated[str | None, Column("TEXT")]
    numerator: Annotated[float | None, Column("DOUBLE PRECISION")]
    denominator: Annotated[float | None, Column("DOUBLE PRECISION")]
    qualifier: Annotated[str | None, Column("TEXT")]
    province_code: Annotated[str | None, Column("TEXT")]
    sentence: Annotated[str | None, Column("TEXT")]
    char_start: Annotated[int | None, Column("INTEGER")]
    char_end: Annotated[int | None, Column("INTEGER")]
    confidence: Annotated[float | None, Column("DOUBLE PRECISION")]
    uncertainty: Annotated[str | None, Column("TEXT")]
    extracted_at: Annotated[IsoTimestamp | None, Column("TIMESTAMP")]
    run_id: Annotated[str | None, Column("TEXT")]
    loaded_at: NotRequired[Annotated[dt.datetime, Column("TIMESTAMP NOT NULL", set_by_loader=True)]]
    capture_timestamp: Annotated[IsoTimestamp | None, Column("TIMESTAMP")]
    capture_url: Annotated[str | None, Column("TEXT")]
    fact_type: Annotated[Literal["indicator"], LandingOnly(_FACT_TYPE)]
    plausibility: Annotated[str, LandingOnly(_PLAUSIBILITY)]
    plausibility_reason: Annotated[str | None, LandingOnly(_PLAUSIBILITY)]


class RankingFactRecord(TypedDict):
    """A province's rank in an ICT ranking, read from an article's sentence: ``fact_type: ranking`` →
    ``raw.ranking_facts``."""

    fact_id: Annotated[str, Column("TEXT NOT NULL", key=True)]
    article_id: Annotated[str, Column("TEXT NOT NULL")]
    extractor_version: Annotated[str, Column("TEXT NOT NULL")]
    ranking: Annotated[str | None, Column("TEXT")]
    component: Annotated[str | None, Column("TEXT")]
    rank: Annotated[int | None, Column("INTEGER")]
    out_of: Annotated[int | None, Column("INTEGER")]
    year: Annotated[int | None, Column("INTEGER")]
    change: Annotated[int | None, Column("INTEGER")]
    score: Annotated[float | None, Column("DOUBLE PRECISION")]
    province_code: Annotated[str | None, Column("TEXT")]
    sentence: Annotated[str | None, Column("TEXT")]
    char_start: Annotated[int | None, Column("INTEGER")]
    char_end: Annotated[int | None, Column("INTEGER")]
    confidence: Annotated[float | None, Column("DOUBLE PRECISION")]
    uncertainty: Annotated[str | None, Column("TEXT")]
    extracted_at: Annotated[IsoTimestamp | None, Column("TIMESTAMP")]
    run_id: Annotated[str | None, Column("TEXT")]
    loaded_at: NotRequired[Annotated[dt.datetime, Column("TIMESTAMP NOT NULL", set_by_loader=True)]]
    capture_timestamp: Annotated[IsoTimestamp | None, Column("TIMESTAMP")]
    capture_url: Annotated[str | None, Column("TEXT")]
    # The scale the article printed ``score`` on: 1 for a 0..1 index score ("0,8654 điểm"), 1000 for
    # "725,5/1.000 điểm", 240 for "180/240 điểm"; null when there is no score or the article gives
    # no scale for a score above 1. Last of the columns because it came last: a warehouse created
    # before gains it at the end (``database.ensure_raw_schema``), so both have the same column order.
    score_scale: Annotated[float | None, Column("DOUBLE PRECISION")]
    fact_type: Annotated[Literal["ranking"], LandingOnly(_FACT_TYPE)]
    plausibility: Annotated[str, LandingOnly(_PLAUSIBILITY)]
    plausibility_reason: Annotated[str | None, LandingOnly(_PLAUSIBILITY)]


class IncidentFactRecord(TypedDict):
    """A count of information-security incidents read from an article's sentence: ``fact_type:
    incident`` → ``raw.incident_facts``."""

    fact_id: Annotated[str, Column("TEXT NOT NULL", key=True)]
    article_id: Annotated[str, Column("TEXT NOT NULL")]
    extractor_version: Annotated[str, Column("TEXT NOT NULL")]
    incident_type: Annotated[str | None, Column("TEXT")]
    count: Annotated[int | None, Column("BIGINT")]
    unit: Annotated[str | None, Column("TEXT")]
    period_start: Annotated[IsoDate | None, Column("DATE")]
    period_end: Annotated[IsoDate | None, Column("DATE")]
    target: Annotated[str | None, Column("TEXT")]
    qualifier: Annotated[str | None, Column("TEXT")]
    province_code: Annotated[str | None, Column("TEXT")]
    sentence: Annotated[str | None, Column("TEXT")]
    char_start: Annotated[int | None, Column("INTEGER")]
    char_end: Annotated[int | None, Column("INTEGER")]
    confidence: Annotated[float | None, Column("DOUBLE PRECISION")]
    uncertainty: Annotated[str | None, Column("TEXT")]
    extracted_at: Annotated[IsoTimestamp | None, Column("TIMESTAMP")]
    run_id: Annotated[str | None, Column("TEXT")]
    loaded_at: NotRequired[Annotated[dt.datetime, Column("TIMESTAMP NOT NULL", set_by_loader=True)]]
    capture_timestamp: Annotated[IsoTimestamp | None, Column("TIMESTAMP")]
    capture_url: Annotated[str | None, Column("TEXT")]
    fact_type: Annotated[Literal["incident"], LandingOnly(_FACT_TYPE)]
    plausibility: Annotated[str, LandingOnly(_PLAUSIBILITY)]
    plausibility_reason: Annotated[str | None, LandingOnly(_PLAUSIBILITY)]


FactRecord = IndicatorFactRecord | RankingFactRecord | IncidentFactRecord


class CrawlStateRecord(TypedDict):
    """Where each page stands across runs: recomputed whole by the loader's SQL from the fetch log and
    the listings (``database.REFRESH_CRAWL_STATE_SQL``) → ``raw.crawl_state``."""

    source_id: Annotated[str, Column("TEXT NOT NULL", key=True)]
    canonical_url: Annotated[str, Column("TEXT NOT NULL", key=True)]
    page_kind: Annotated[str | None, Column("TEXT")]
    first_seen_at: Annotated[dt.datetime | None, Column("TIMESTAMP")]
    last_fetched_at: Annotated[dt.datetime | None, Column("TIMESTAMP")]
    etag: Annotated[str | None, Column("TEXT")]
    last_modified: Annotated[str | None, Column("TEXT")]
    content_sha256: Annotated[str | None, Column("TEXT")]
    last_status: Annotated[int | None, Column("INTEGER")]
    last_outcome: Annotated[str | None, Column("TEXT")]
    failure_kind: Annotated[str | None, Column("TEXT")]
    last_reason: Annotated[str | None, Column("TEXT")]
    consecutive_failures: Annotated[int | None, Column("INTEGER")]
    crawl_status: Annotated[str | None, Column("TEXT")]
    loaded_at: NotRequired[Annotated[dt.datetime, Column("TIMESTAMP NOT NULL", set_by_loader=True)]]


class ReviewDecisionRecord(TypedDict):
    """One line of the analysts' decisions file (``warehouse.review.decisions.Decision.record``) →
    ``raw.review_decisions``, replaced whole before every dbt build (``warehouse.review.store``)."""

    decision_id: Annotated[str, Column("TEXT NOT NULL", key=True)]
    line_number: Annotated[int, Column("INTEGER NOT NULL")]
    decided_at: Annotated[dt.datetime, Column("TIMESTAMP NOT NULL")]
    reviewer: Annotated[str, Column("TEXT NOT NULL")]
    action: Annotated[str, Column("TEXT NOT NULL")]
    entry_key: Annotated[str | None, Column("TEXT")]
    reason: Annotated[str, Column("TEXT NOT NULL")]
    fact_type: Annotated[str | None, Column("TEXT")]
    article_id: Annotated[str | None, Column("TEXT")]
    code: Annotated[str | None, Column("TEXT")]
    component: Annotated[str | None, Column("TEXT")]
    province_code: Annotated[str | None, Column("TEXT")]
    admin_level: Annotated[str | None, Column("TEXT")]
    year: Annotated[int | None, Column("INTEGER")]
    kind: Annotated[str | None, Column("TEXT")]
    value: Annotated[float | None, Column("DOUBLE PRECISION")]
    value_high: Annotated[float | None, Column("DOUBLE PRECISION")]
    unit: Annotated[str | None, Column("TEXT")]
    out_of: Annotated[int | None, Column("INTEGER")]
    period_start: Annotated[dt.date | None, Column("DATE")]
    period_end: Annotated[dt.date | None, Column("DATE")]
    sentence: Annotated[str | None, Column("TEXT")]
    source_file: Annotated[str, Column("TEXT")]
    loaded_at: NotRequired[Annotated[dt.datetime, Column("TIMESTAMP NOT NULL", set_by_loader=True)]]


class RunRecord(TypedDict):
    """One loaded run with its record counts (``database.load_run``) → ``raw.runs``."""

    run_id: Annotated[str, Column("TEXT NOT NULL", key=True)]
    loaded_at: NotRequired[Annotated[dt.datetime, Column("TIMESTAMP NOT NULL", set_by_loader=True)]]
    fetch_records: Annotated[int, Column("BIGINT")]
    article_records: Annotated[int, Column("BIGINT")]
    fact_records: Annotated[int, Column("BIGINT")]


# The raw tables, in the order the loader creates them.
RAW_RECORDS: dict[str, type] = {
    "fetches": FetchRecord,
    "articles": ArticleRecord,
    "article_quarantine": QuarantinedArticleRecord,
    "indicator_facts": IndicatorFactRecord,
    "ranking_facts": RankingFactRecord,
    "incident_facts": IncidentFactRecord,
    "crawl_state": CrawlStateRecord,
    "listings": ListingRecord,
    "review_decisions": ReviewDecisionRecord,
    "runs": RunRecord,
}


# --- reading the records' fields ---------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One field of a record: its name, Python type, what it becomes, and whether a record may omit it."""

    name: str
    python_type: object
    role: Column | LandingOnly
    required: bool

    @property
    def column(self) -> Column | None:
        return self.role if isinstance(self.role, Column) else None


def record_fields(record_type: type) -> list[Field]:
    """The record's fields in declaration order (the table's column order, then landing-only fields).

    Raises TypeError for a field that says neither ``Column`` nor ``LandingOnly``: every key a stage
    writes must say whether it reaches the warehouse."""
    fields = []
    for name, hint in typing.get_type_hints(record_type, include_extras=True).items():
        while typing.get_origin(hint) in (NotRequired, typing.Required):
            hint = typing.get_args(hint)[0]
        roles = [meta for meta in getattr(hint, "__metadata__", ()) if isinstance(meta, (Column, LandingOnly))]
        if len(roles) != 1:
            raise TypeError(
                f"{record_type.__name__}.{name}: annotate it with exactly one Column(...) or "
                f"LandingOnly(...) (found {len(roles)})"
            )
        fields.append(Field(name, typing.get_args(hint)[0], roles[0], name in record_type.__required_keys__))
    return fields


def columns_of(record_type: type) -> dict[str, Column]:
    """The raw table's columns, in table order."""
    return {field.name: field.column for field in record_fields(record_type) if field.column is not None}


def primary_key_of(record_type: type) -> tuple[str, ...]:
    return tuple(name for name, column in columns_of(record_type).items() if column.key)


def table_ddl(record_type: type) -> dict[str, str]:
    """``{column: SQL type}`` as the loader's ``CREATE TABLE`` uses it.

    A one-column key is spelled on its column too (``TEXT NOT NULL PRIMARY KEY``), as the column map
    always was; ``database.ensure_raw_schema`` drops that and declares every key as a table
    constraint."""
    columns = columns_of(record_type)
    single_key = len(primary_key_of(record_type)) == 1
    return {
        name: column.sql_type + (" PRIMARY KEY" if single_key and column.key else "")
        for name, column in columns.items()
    }


def record_problems(record: dict, record_type: type) -> list[str]:
    """What is wrong with the keys of one record a stage wrote: keys the record type does not declare
    (the loader would drop them without a word) and required keys it lacks."""
    fields = {field.name: field for field in record_fields(record_type)}
    handed_over = {
        name for name, field in fields.items() if not (field.column is not None and field.column.set_by_loader)
    }
    problems = [f"undeclared key {key!r}" for key in record if key not in handed_over]
    problems += [
        f"missing key {name!r}"
        for name, field in fields.items()
        if field.required and name in handed_over and name not in record
    ]
    return problems


RAW_TABLES: dict[str, dict[str, str]] = {table: table_ddl(record) for table, record in RAW_RECORDS.items()}
"""The loader's column map (``warehouse.database`` re-exports it): table → {column: SQL type}."""
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {table: primary_key_of(record) for table, record in RAW_RECORDS.items()}


# --- the generated section of docs/contracts.md ------------------------------------------------

CONTRACTS_DOC = Path(__file__).resolve().parents[1] / "docs" / "contracts.md"
SECTION_BEGIN = "<!-- raw-tables:begin (generated from warehouse/records.py by `python -m warehouse.records`) -->"
SECTION_END = "<!-- raw-tables:end -->"


def raw_tables_markdown() -> str:
    """One paragraph per raw table: its record, key, columns with their SQL types, the column the
    loader stamps, and the landing-only fields. Exact where the prose sections above explain."""
    lines = []
    for table, record_type in RAW_RECORDS.items():
        fields = record_fields(record_type)
        loaded = [f"`{f.name}` {f.column.sql_type}" for f in fields if f.column and not f.column.set_by_loader]
        stamped = [f"`{f.name}`" for f in fields if f.column and f.column.set_by_loader]
        optional = [f"`{f.name}`" for f in fields if f.column and not f.required and not f.column.set_by_loader]
        landing = [f"`{f.name}`" for f in fields if f.column is None]
        key = ", ".join(f"`{name}`" for name in primary_key_of(record_type))
        text = f"- **`raw.{table}`** (`{record_type.__name__}`, key {key}): {', '.join(loaded)}"
        if stamped:
            text += f"; stamped by the loader: {', '.join(stamped)}"
        if optional:
            text += f"; absent from some records (loaded as null): {', '.join(optional)}"
        if landing:
            text += f"; in the landing record only: {', '.join(landing)}"
        lines.append(text + ".")
    return "\n".join(lines)


def contracts_with_current_section(document: str) -> str:
    """``document`` with the text between the section markers replaced by ``raw_tables_markdown()``."""
    pattern = re.compile(re.escape(SECTION_BEGIN) + r".*?" + re.escape(SECTION_END), re.DOTALL)
    if not pattern.search(document):
        raise ValueError(f"{CONTRACTS_DOC}: no section between {SECTION_BEGIN!r} and {SECTION_END!r}")
    return pattern.sub(lambda _: f"{SECTION_BEGIN}\n{raw_tables_markdown()}\n{SECTION_END}", document)


def main() -> int:
    """Rewrite the generated section of docs/contracts.md; ``--check`` only says whether it is current."""
    current = CONTRACTS_DOC.read_text(encoding="utf-8")
    wanted = contracts_with_current_section(current)
    if "--check" in sys.argv[1:]:
        if current != wanted:
            print(f"{CONTRACTS_DOC} is out of date: run python -m warehouse.records", file=sys.stderr)
            return 1
        return 0
    if current != wanted:
        CONTRACTS_DOC.write_text(wanted, encoding="utf-8")
        print(f"rewrote the raw tables section of {CONTRACTS_DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
