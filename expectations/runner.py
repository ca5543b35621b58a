"""Run the quality gate for one pipeline run: raw, facts and marts suites over the audit schema.

``run_quality_gate`` reads each validated table into a DataFrame (see ``expectations.frames`` for
why pandas on both backends), runs the suites with GX, records every outcome in
``quality.validation_runs``, and returns a ``GateResult`` whose failures carry three readable
examples (with article URLs) and the offending rows for the quarantine. It never publishes and
never alerts: ``pipeline.publish.write_audit_publish`` decides what to do with the result.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
import time
from collections import defaultdict

from expectations import facts, marts, raw, review
from expectations.blocks import ALL_EXPECTATIONS, Blocks, sticky_tables
from expectations.checks import SuiteInputs, load_config, present
from expectations.frames import DATE_SUFFIX, read_catalog, read_frame
from expectations.history import History
from expectations.reference import load_taxonomy
from expectations.result import Failure, GateResult
from expectations.severity import ERROR, WARNING
from warehouse import settings

log = logging.getLogger(__name__)

LAYERS = (raw, facts, marts, review)
EXAMPLES_PER_FAILURE = 3


def as_date(logical_date) -> dt.date:
    if logical_date is None:
        return dt.datetime.now(dt.UTC).date()
    if isinstance(logical_date, dt.datetime):
        return logical_date.date()
    if isinstance(logical_date, dt.date):
        return logical_date
    text = str(logical_date)
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    # A manual Airflow run has no logical date; its run id ("manual__2026-11-25T12:01:45...") has one.
    found = re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
    if found:
        return dt.date(*map(int, found.groups()))
    log.warning("logical date %r is not a date; validating as of today", text)
    return dt.datetime.now(dt.UTC).date()


def _ensure_date_twins(frame, checks) -> None:
    """A date column whose values were all null has no numeric twin yet: add an empty one."""
    for check in checks:
        for column in check.columns:
            if column.endswith(DATE_SUFFIX) and column not in frame.columns:
                frame[column] = float("nan")


def _clean(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _row_dict(frame, index) -> dict:
    row = frame.loc[index]
    return {column: _clean(row[column]) for column in frame.columns if not column.endswith(DATE_SUFFIX)}


def _example_value(check, row: dict, outcome):
    columns = [column.removesuffix(DATE_SUFFIX) for column in check.columns if column != (check.when or [None])[0]]
    if not columns:
        return outcome.observed_value
    if len(columns) == 1:
        return row.get(columns[0])
    return {column: row.get(column) for column in columns}


class ArticleUrls:
    """Look up an article's URL so every bad value in an alert comes with the page it was read from."""

    def __init__(self, warehouse, catalog: dict, config: dict):
        self.mapping: dict[str, str] = {}
        audit = config["schemas"]["audit"]
        for location in config["article_urls"]:
            table = location["table"] if "." in location["table"] else f"{audit}.{location['table']}"
            columns = catalog.get(table, [])
            key, url = present(columns, location["key"]), present(columns, location["url"])
            if key and url:
                for article_id, article_url in warehouse.fetchall(f"SELECT {key}, {url} FROM {table}"):
                    self.mapping.setdefault(str(article_id), article_url)

    def for_row(self, row: dict) -> str | None:
        for column in ("canonical_url", "article_url", "url"):
            if row.get(column):
                return row[column]
        article_id = row.get("article_id")
        return self.mapping.get(str(article_id)) if article_id is not None else None


def _where(row: dict) -> str | None:
    """Which source, table or province a row is about, for rows that come from no single article."""
    for column in ("source_id", "table_name", "province_code"):
        if row.get(column) is not None:
            return f"{column}={row[column]}"
    return None


def _to_failure(outcome, frame, urls: ArticleUrls, row_cap: int) -> Failure:
    check = outcome.check
    rows = []
    for index in outcome.unexpected_index[:row_cap]:
        if index in frame.index:
            row = _row_dict(frame, index)
            row["article_url"] = urls.for_row(row)
            rows.append(row)
    examples = [
        {
            "value": _example_value(check, row, outcome),
            "article_id": row.get("article_id"),
            "article_url": row.get("article_url"),
            "where": _where(row),
        }
        for row in rows[:EXAMPLES_PER_FAILURE]
    ]
    if not examples and outcome.unexpected_values:
        examples = [
            {"value": _clean(value), "article_id": None, "article_url": None}
            for value in outcome.unexpected_values[:EXAMPLES_PER_FAILURE]
        ]
    if not examples and outcome.observed_value is not None:
        examples = [{"value": outcome.observed_value, "article_id": None, "article_url": None}]
    column = check.column.replace(DATE_SUFFIX, "") if check.column else None
    return Failure(
        suite=check.suite,
        table=check.table,
        expectation=check.name,
        expectation_type=check.expectation,
        severity=check.severity,
        column=column,
        unexpected_count=outcome.unexpected_count,
        observed_value=_clean(outcome.observed_value),
        description=check.description,
        exception=outcome.exception,
        docs_url=outcome.docs_url,
        examples=examples,
        rows=rows,
    )


def _keys(frame, column: str) -> set[str]:
    if column not in frame.columns:
        return set()
    return {str(value) for value in frame[column].tolist() if value is not None}


def _drop_accepted(outcome, frame, sticky: dict, accepted: dict) -> int:
    """Take the rows someone explicitly accepted out of a failed outcome; returns how many.

    An outcome all of whose failing rows were accepted (and all were seen: the index is capped)
    counts as passed."""
    key_column = sticky.get(outcome.check.table)
    if outcome.success or not key_column or not accepted or key_column not in frame.columns:
        return 0
    kept, dropped = [], 0
    for index in outcome.unexpected_index:
        key = str(frame.loc[index, key_column]) if index in frame.index else None
        expectations = accepted.get((outcome.check.table, key), set())
        if key is not None and (outcome.check.name in expectations or ALL_EXPECTATIONS in expectations):
            dropped += 1
        else:
            kept.append(index)
    if not dropped:
        return 0
    complete = outcome.unexpected_count is None or outcome.unexpected_count <= len(outcome.unexpected_index)
    outcome.unexpected_index = kept
    if outcome.unexpected_count is not None:
        outcome.unexpected_count = max(outcome.unexpected_count - dropped, 0)
    if complete and not kept:
        outcome.success = True
    log.info(
        "%s on %s: %d accepted row(s) let through (quality.accepted_rows)",
        outcome.check.name,
        outcome.check.table,
        dropped,
    )
    return dropped


def run_quality_gate(run_id: str, logical_date=None, target: str | None = None) -> GateResult:
    """Validate raw (this run), facts and marts (audit schema); record history; return the verdict."""
    from expectations import gx_runner
    from warehouse import database as warehouse_module

    started = time.monotonic()
    day = as_date(logical_date)
    config = load_config()
    schemas = config["schemas"]
    data_dir = settings.data_dir()
    with warehouse_module.connect(target=target) as warehouse:
        history = History(warehouse, schemas["quality"])
        history.ensure()
        blocks = Blocks(warehouse, schemas["quality"])
        blocks.ensure()
        sticky = sticky_tables(schemas)
        accepted = blocks.acceptances()
        if warehouse.backend != "duckdb":
            warehouse.commit()
        catalog = read_catalog(
            warehouse, [schemas["raw"], schemas["staging"], schemas["audit"], schemas["reference"], schemas["quality"]]
        )
        taxonomy = load_taxonomy(warehouse, catalog, config)
        inputs = SuiteInputs(
            run_id=run_id,
            logical_date=day,
            config=config,
            catalog=catalog,
            taxonomy=taxonomy,
            warehouse=warehouse,
            history=history,
            blocked_keys=blocks.blocked_keys(),
        )
        checks, skipped, custom_frames = [], [], {}
        for layer in LAYERS:
            plan = layer.build_plan(inputs)
            checks += plan.checks
            skipped += plan.skipped
            custom_frames.update(plan.frames)
        by_table = defaultdict(list)
        for check in checks:
            by_table[(check.suite, check.table)].append(check)
        frames = {}
        for (_suite, table), table_checks in by_table.items():
            if table not in frames:
                builder = custom_frames.get(table)
                frames[table] = builder(warehouse) if builder else read_frame(warehouse, f"SELECT * FROM {table}")
            _ensure_date_twins(frames[table], table_checks)
        urls = ArticleUrls(warehouse, catalog, config)
        raw_run = raw.raw_run_id(inputs)
        for item in skipped:
            log.info("quality check skipped: %s %s %s: %s", item.suite, item.table, item.name, item.reason)

        context = gx_runner.get_context(data_dir)
        outcomes = []
        for (_suite, table), table_checks in by_table.items():
            outcomes += gx_runner.validate_table(
                context,
                run_id,
                table,
                table_checks,
                frames[table],
                rows_kept=config["thresholds"]["quarantine_rows_per_expectation"],
            )
        gx_runner.build_docs(context, outcomes)
        accepted_rows = sum(
            _drop_accepted(outcome, frames[outcome.check.table], sticky, accepted) for outcome in outcomes
        )
        history.record(run_id, outcomes)
        row_cap = config["thresholds"]["quarantine_rows_per_expectation"]
        failures = [
            _to_failure(outcome, frames[outcome.check.table], urls, row_cap)
            for outcome in outcomes
            if not outcome.success
        ]
        checked = {table: _keys(frames[table], sticky[table]) for (suite, table) in by_table if table in sticky}
        block_counts = blocks.record(run_id, failures, checked, sticky, accepted)
        if warehouse.backend != "duckdb":
            warehouse.commit()

    errors = sum(1 for failure in failures if failure.severity == ERROR)
    warnings = sum(1 for failure in failures if failure.severity == WARNING)
    result = GateResult(
        run_id=run_id,
        logical_date=day.isoformat(),
        success=errors == 0,
        errors=errors,
        warnings=warnings,
        passed=len(outcomes) - len(failures),
        failed=len(failures),
        expectation_count=len(outcomes),
        data_docs_path=gx_runner.docs_index(data_dir),
        duration_seconds=round(time.monotonic() - started, 2),
        raw_run_id=raw_run,
        failures=failures,
        skipped=[vars(item) for item in skipped],
        blocked_rows=block_counts["blocked"],
        released_rows=block_counts["fixed"] + block_counts["accepted"],
        accepted_rows=accepted_rows,
    )
    log.info("%s", result.summary())
    return result
