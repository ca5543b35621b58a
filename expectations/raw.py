"""The raw suite: did this run land something from every active source, and is what landed sane?

Checked on the rows of this run only (``run_id``), so an old defect already handled does not block
every later run. When the gate's run id is not a loader run id (e.g. a re-validation), the latest
loaded run is checked instead and the result says which.
"""

from __future__ import annotations

import datetime as dt
import logging

from expectations.checks import Check, LayerPlan, SuiteInputs, present
from expectations.frames import DATE_SUFFIX, read_frame, yyyymmdd
from expectations.severity import ERROR, WARNING

log = logging.getLogger(__name__)

SUITE = "raw"
COVERAGE_TABLE = "quality.source_coverage"
# Outcomes that mean the source answered and the page was landed or confirmed unchanged.
LANDED_OUTCOMES = ("new", "updated", "unchanged", "not_modified", "skipped_robots", "skipped_non_html")


def raw_run_id(inputs: SuiteInputs) -> str | None:
    """This run's id if the loader recorded it, else the latest loaded run (None on an empty warehouse)."""
    schema = inputs.schema("raw")
    if f"{schema}.runs" not in inputs.catalog:
        return None
    placeholder = inputs.warehouse.placeholder
    if inputs.warehouse.fetchall(f"SELECT 1 FROM {schema}.runs WHERE run_id = {placeholder}", [inputs.run_id]):
        return inputs.run_id
    rows = inputs.warehouse.fetchall(f"SELECT run_id FROM {schema}.runs ORDER BY loaded_at DESC, run_id DESC LIMIT 1")
    return rows[0][0] if rows else None


def active_source_ids(inputs: SuiteInputs) -> list[str]:
    """Sources expected to land something: the registry, else the reference seed, else history."""
    try:
        from scrapers import registry

        return sorted(source.id for source in registry.load_sources() if source.is_active_on(inputs.logical_date))
    except Exception as error:  # noqa: BLE001 - the registry is optional for validation
        log.info("source registry unavailable (%s); using the reference sources", error)
    if inputs.taxonomy.get("sources"):
        return sorted(inputs.taxonomy["sources"])
    rows = inputs.warehouse.fetchall(f"SELECT DISTINCT source_id FROM {inputs.schema('raw')}.fetches")
    return sorted(row[0] for row in rows)


def _coverage_frame(inputs: SuiteInputs, run_id: str | None):
    def build(warehouse):
        import pandas as pd

        placeholder = warehouse.placeholder
        landed = ", ".join(f"'{outcome}'" for outcome in LANDED_OUTCOMES)
        rows = warehouse.fetchall(
            f"""SELECT source_id, count(*),
                       sum(CASE WHEN outcome IN ({landed}) THEN 1 ELSE 0 END),
                       sum(CASE WHEN outcome NOT IN ({landed}) AND reason IS NOT NULL THEN 1 ELSE 0 END)
                FROM {inputs.schema("raw")}.fetches WHERE run_id = {placeholder} GROUP BY source_id""",
            [run_id],
        )
        by_source = {row[0]: row[1:] for row in rows}
        records = []
        for source_id in active_source_ids(inputs):
            fetches, landed_count, explained = by_source.get(source_id, (0, 0, 0))
            records.append(
                {
                    "run_id": run_id,
                    "source_id": source_id,
                    "fetch_records": int(fetches or 0),
                    "landed_records": int(landed_count or 0),
                    "explained_failures": int(explained or 0),
                }
            )
        return pd.DataFrame(
            records, columns=["run_id", "source_id", "fetch_records", "landed_records", "explained_failures"]
        )

    return build


def run_rows_filter(placeholder: str, run_id: str | None, key_column: str | None, blocked: list[str]):
    """``(where clause, params)``: this run's rows, plus the rows still blocked from earlier runs."""
    if key_column and blocked:
        keys = ", ".join([placeholder] * len(blocked))
        return f"(run_id = {placeholder} OR {key_column} IN ({keys}))", [run_id, *blocked]
    return f"run_id = {placeholder}", [run_id]


def _run_rows_frame(
    table: str, run_id: str | None, latest_per: str | None = None, blocked: list[str] | None = None, decorate=None
):
    def build(warehouse):
        where, params = run_rows_filter(warehouse.placeholder, run_id, latest_per, blocked or [])
        if latest_per:
            # An article re-parsed by a newer parser is the same article: validate its latest version.
            sql = (
                f"SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY {latest_per} "
                f"ORDER BY parsed_at DESC NULLS LAST, loaded_at DESC) AS version_rank FROM {table} "
                f"WHERE {where}) latest WHERE version_rank = 1"
            )
        else:
            sql = f"SELECT * FROM {table} WHERE {where}"
        frame = read_frame(warehouse, sql, params).drop(columns=["version_rank"], errors="ignore")
        return decorate(frame) if decorate else frame

    return build


def publisher_kinds(inputs: SuiteInputs) -> dict[str, str]:
    """``{source_id: publisher_kind}`` from the seeded reference table, else the seed file."""
    table = f"{inputs.schema('reference')}.ref_sources"
    try:
        if table in inputs.catalog and "publisher_kind" in inputs.columns(table):
            return {
                str(source): str(kind)
                for source, kind in inputs.warehouse.fetchall(f"SELECT source_id, publisher_kind FROM {table}")
            }
        from warehouse.reference import seed_rows

        return {row["source_id"]: row.get("publisher_kind") or "" for row in seed_rows("ref_sources")}
    except Exception as error:  # noqa: BLE001 - without kinds every source is taken as a department
        log.info("publisher kinds unavailable (%s); every source is taken as a department", error)
        return {}


def _earliest_by_publisher(inputs: SuiteInputs, published: str):
    """Adds ``publisher_founded__yyyymmdd``: the first day the row's publisher could publish.

    A provincial ICT department (Sở Thông tin và Truyền thông) exists from 2008; an article of
    such a source dated earlier is a misread date, not history. Other publishers (newspapers, the
    ministry: named in the ref_sources seed) are held to earliest_published_date only."""
    thresholds = inputs.config["thresholds"]
    earliest = yyyymmdd(dt.date.fromisoformat(thresholds["earliest_published_date"]))
    founded = yyyymmdd(dt.date.fromisoformat(thresholds["department_founded_date"]))
    department_kinds = set(thresholds.get("department_publisher_kinds", ["department"]))
    kinds = publisher_kinds(inputs)

    def decorate(frame):
        def floor(source_id):
            kind = kinds.get(str(source_id))
            return float(founded if kind is None or kind in department_kinds else earliest)

        frame["publisher_founded" + DATE_SUFFIX] = (
            [floor(source) for source in frame.get("source_id", [])] if len(frame) else []
        )
        return frame

    return decorate


def build_plan(inputs: SuiteInputs) -> LayerPlan:
    plan = LayerPlan()
    config = inputs.config["raw"]
    schema = inputs.schema("raw")
    run_id = raw_run_id(inputs)
    fetches, articles = f"{schema}.fetches", f"{schema}.articles"
    if fetches not in inputs.catalog:
        plan.skip(SUITE, fetches, "*", "raw.fetches does not exist: nothing was ever loaded")
        return plan

    fetched = inputs.warehouse.fetchall(
        f"SELECT count(*) FROM {fetches} WHERE run_id = {inputs.warehouse.placeholder}", [run_id]
    )[0][0]
    if run_id is not None and not fetched and _is_rebuild(inputs, run_id):
        plan.skip(
            SUITE,
            COVERAGE_TABLE,
            "source_answered",
            f"run {run_id} was rebuilt from the archive (mode=rebuild or reparse): it fetched nothing by design",
        )
    else:
        _coverage_checks(plan, inputs, run_id)

    plan.frames[fetches] = _run_rows_frame(fetches, run_id)
    for severity, columns in config["fetches"]["required"].items():
        for column in columns:
            _not_null(plan, inputs, fetches, column, severity)
    if {"reason", "outcome"} <= set(inputs.columns(fetches)):
        plan.add(
            Check(
                SUITE,
                fetches,
                "failure_reason_recorded",
                "ExpectColumnValuesToNotBeNull",
                {"column": "reason"},
                WARNING,
                when=("outcome", "==", "failed"),
                description="a failed fetch records why it failed",
            )
        )

    if articles not in inputs.catalog:
        plan.skip(SUITE, articles, "*", "raw.articles does not exist")
        return plan
    article_config = config["articles"]
    published = present(inputs.columns(articles), article_config["published_date"])
    decorate = (
        _earliest_by_publisher(inputs, published) if published and "source_id" in inputs.columns(articles) else None
    )
    plan.frames[articles] = _run_rows_frame(
        articles, run_id, latest_per="article_id", blocked=inputs.blocked_keys.get(articles), decorate=decorate
    )
    for severity, columns in article_config["required"].items():
        for column in columns:
            _not_null(plan, inputs, articles, column, severity)
    for column in article_config["unique"]:
        if column in inputs.columns(articles):
            plan.add(
                Check(
                    SUITE,
                    articles,
                    f"{column}_unique",
                    "ExpectColumnValuesToBeUnique",
                    {"column": column},
                    ERROR,
                    description=f"one article per {column}",
                )
            )
    published = present(inputs.columns(articles), article_config["published_date"])
    if published:
        earliest = dt.date.fromisoformat(inputs.config["thresholds"]["earliest_published_date"])
        # One day of slack: a page published just after midnight in Hanoi is "tomorrow" in UTC.
        latest = inputs.as_of + dt.timedelta(days=1)
        plan.add(
            Check(
                SUITE,
                articles,
                "published_date_plausible",
                "ExpectColumnValuesToBeBetween",
                {"column": published + DATE_SUFFIX, "min_value": yyyymmdd(earliest), "max_value": yyyymmdd(latest)},
                ERROR,
                description=f"published between {earliest} and {latest} (not in the future)",
            )
        )
        if decorate is not None:
            founded = inputs.config["thresholds"]["department_founded_date"]
            plan.add(
                Check(
                    SUITE,
                    articles,
                    "published_after_publisher_existed",
                    "ExpectColumnPairValuesAToBeGreaterThanB",
                    {
                        "column_A": published + DATE_SUFFIX,
                        "column_B": "publisher_founded" + DATE_SUFFIX,
                        "or_equal": True,
                        "ignore_row_if": "either_value_is_missing",
                    },
                    ERROR,
                    description=f"not published before its publisher existed (a provincial ICT department: {founded})",
                )
            )
    _content_quarantine_checks(plan, inputs, run_id)
    return plan


def _content_quarantine_checks(plan: LayerPlan, inputs: SuiteInputs, run_id: str | None) -> None:
    """Pages of this run that were no readable article (scrapers.content_checks): a warning each.

    They are kept out of raw.articles (so never published) and listed in raw.article_quarantine
    with their reason; this check is what makes them an alert instead of a silent gap."""
    table = f"{inputs.schema('raw')}.article_quarantine"
    if table not in inputs.catalog:
        plan.skip(SUITE, table, "*", f"{table} does not exist (no page was ever quarantined)")
        return
    plan.frames[table] = _run_rows_frame(table, run_id)
    plan.add(
        Check(
            SUITE,
            table,
            "article_content_usable",
            "ExpectColumnValuesToBeNull",
            {"column": "quarantine_reason"},
            WARNING,
            description="every landed article page is a readable article (not empty, not a menu, "
            "no mojibake, a certain encoding); the others are quarantined with the reason",
        )
    )


def _is_rebuild(inputs: SuiteInputs, run_id: str) -> bool:
    """A loaded run with no fetch record: a rebuild from the archive (mode=rebuild, reparse + load)."""
    schema = inputs.schema("raw")
    if f"{schema}.runs" not in inputs.catalog:
        return False
    rows = inputs.warehouse.fetchall(
        f"SELECT fetch_records FROM {schema}.runs WHERE run_id = {inputs.warehouse.placeholder}", [run_id]
    )
    return bool(rows) and not rows[0][0]


def _coverage_checks(plan: LayerPlan, inputs: SuiteInputs, run_id: str | None) -> None:
    plan.frames[COVERAGE_TABLE] = _coverage_frame(inputs, run_id)
    plan.add(
        Check(
            SUITE,
            COVERAGE_TABLE,
            "source_recorded_something",
            "ExpectColumnValuesToBeBetween",
            {"column": "fetch_records", "min_value": 1},
            WARNING,
            description="every active source has fetch records in this run (a success or the reason it failed)",
        )
    )
    plan.add(
        Check(
            SUITE,
            COVERAGE_TABLE,
            "source_answered",
            "ExpectColumnValuesToBeBetween",
            {"column": "landed_records", "min_value": 1},
            WARNING,
            description="every active source landed at least one page (else the site failed this run)",
        )
    )


def _not_null(plan: LayerPlan, inputs: SuiteInputs, table: str, column: str, severity: str) -> None:
    if column not in inputs.columns(table):
        plan.skip(SUITE, table, f"{column}_present", f"column {column} missing from {table}")
        return
    plan.add(
        Check(
            SUITE,
            table,
            f"{column}_present",
            "ExpectColumnValuesToNotBeNull",
            {"column": column},
            severity,
            description=f"{column} is required",
        )
    )
