"""The raw suite: did this run land something from every active source, and is what landed sane?

Checked on the rows of this run only (``run_id``), so an old defect already handled does not block
every later run. When the gate's run id is not a loader run id (e.g. a re-validation), the latest
loaded run is checked instead and the result says which.
"""
from __future__ import annotations

import datetime as dt
import logging

from expectations.checks import Check, LayerPlan, SuiteInputs, resolve
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
                FROM {inputs.schema('raw')}.fetches WHERE run_id = {placeholder} GROUP BY source_id""",
            [run_id],
        )
        by_source = {row[0]: row[1:] for row in rows}
        records = []
        for source_id in active_source_ids(inputs):
            fetches, landed_count, explained = by_source.get(source_id, (0, 0, 0))
            records.append({"run_id": run_id, "source_id": source_id, "fetch_records": int(fetches or 0),
                            "landed_records": int(landed_count or 0), "explained_failures": int(explained or 0)})
        return pd.DataFrame(records, columns=["run_id", "source_id", "fetch_records", "landed_records",
                                              "explained_failures"])

    return build


def _run_rows_frame(table: str, run_id: str | None, latest_per: str | None = None):
    def build(warehouse):
        placeholder = warehouse.placeholder
        if latest_per:
            # An article re-parsed by a newer parser is the same article: validate its latest version.
            sql = (f"SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY {latest_per} "
                   f"ORDER BY parsed_at DESC NULLS LAST, loaded_at DESC) AS version_rank FROM {table} "
                   f"WHERE run_id = {placeholder}) latest WHERE version_rank = 1")
        else:
            sql = f"SELECT * FROM {table} WHERE run_id = {placeholder}"
        frame = read_frame(warehouse, sql, [run_id])
        return frame.drop(columns=["version_rank"], errors="ignore")

    return build


def build_plan(inputs: SuiteInputs) -> LayerPlan:
    plan = LayerPlan()
    config = inputs.config["raw"]
    schema = inputs.schema("raw")
    run_id = raw_run_id(inputs)
    fetches, articles = f"{schema}.fetches", f"{schema}.articles"
    if fetches not in inputs.catalog:
        plan.skip(SUITE, fetches, "*", "raw.fetches does not exist: nothing was ever loaded")
        return plan

    plan.frames[COVERAGE_TABLE] = _coverage_frame(inputs, run_id)
    plan.add(Check(SUITE, COVERAGE_TABLE, "source_recorded_something", "ExpectColumnValuesToBeBetween",
                   {"column": "fetch_records", "min_value": 1}, WARNING,
                   description="every active source has fetch records in this run (a success or the reason it failed)"))
    plan.add(Check(SUITE, COVERAGE_TABLE, "source_answered", "ExpectColumnValuesToBeBetween",
                   {"column": "landed_records", "min_value": 1}, WARNING,
                   description="every active source landed at least one page (else the site failed this run)"))

    plan.frames[fetches] = _run_rows_frame(fetches, run_id)
    for severity, columns in config["fetches"]["required"].items():
        for column in columns:
            _not_null(plan, inputs, fetches, column, severity)
    if {"reason", "outcome"} <= set(inputs.columns(fetches)):
        plan.add(Check(SUITE, fetches, "failure_reason_recorded", "ExpectColumnValuesToNotBeNull",
                       {"column": "reason"}, WARNING, when=("outcome", "==", "failed"),
                       description="a failed fetch records why it failed"))

    if articles not in inputs.catalog:
        plan.skip(SUITE, articles, "*", "raw.articles does not exist")
        return plan
    plan.frames[articles] = _run_rows_frame(articles, run_id, latest_per="article_id")
    article_config = config["articles"]
    for severity, columns in article_config["required"].items():
        for column in columns:
            _not_null(plan, inputs, articles, column, severity)
    for column in article_config["unique"]:
        if column in inputs.columns(articles):
            plan.add(Check(SUITE, articles, f"{column}_unique", "ExpectColumnValuesToBeUnique",
                           {"column": column}, ERROR, description=f"one article per {column}"))
    published = resolve(inputs.columns(articles), article_config["published_date"])
    if published:
        earliest = dt.date.fromisoformat(inputs.config["thresholds"]["earliest_published_date"])
        # One day of slack: a page published just after midnight in Hanoi is "tomorrow" in UTC.
        latest = inputs.as_of + dt.timedelta(days=1)
        plan.add(Check(SUITE, articles, "published_date_plausible", "ExpectColumnValuesToBeBetween",
                       {"column": published + DATE_SUFFIX, "min_value": yyyymmdd(earliest),
                        "max_value": yyyymmdd(latest)}, ERROR,
                       description=f"published between {earliest} and {latest} (not in the future)"))
    return plan


def _not_null(plan: LayerPlan, inputs: SuiteInputs, table: str, column: str, severity: str) -> None:
    if column not in inputs.columns(table):
        plan.skip(SUITE, table, f"{column}_present", f"column {column} missing from {table}")
        return
    plan.add(Check(SUITE, table, f"{column}_present", "ExpectColumnValuesToNotBeNull", {"column": column},
                   severity, description=f"{column} is required"))
