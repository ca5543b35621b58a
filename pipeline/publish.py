"""Write-audit-publish: copy the validated ``audit`` marts into ``marts`` atomically, or quarantine.

dbt builds the marts into ``audit``; ``expectations.run_quality_gate`` validates them there; only
when no error-severity expectation failed does ``publish_marts`` replace what BI reads:

- DuckDB: one transaction of ``CREATE OR REPLACE TABLE marts.x AS SELECT * FROM audit.x`` for every
  mart. DuckDB's DDL is transactional, so another connection sees all old or all new tables.
- PostgreSQL: one transaction of ``DELETE`` + ``INSERT ... SELECT`` per mart (MVCC: every reader's
  statement sees all old or all new rows; see ``_publish_postgres``). The previous marts are kept as
  ``marts__previous`` (a one-step manual rollback; replaced at the next publish).

Both carry the audit tables' comments (dbt's descriptions, ``persist_docs``) over to ``marts`` in the
same transaction (``warehouse.relation_comments``): a copy of rows copies no comment.

When validation fails, ``marts`` is not touched and the rows each failed expectation caught go to
``quality.quarantine_rows`` with the run, suite, expectation, table, column and article URL.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

log = logging.getLogger(__name__)

QUARANTINE_COLUMNS = {
    "run_id": "TEXT NOT NULL",
    "suite": "TEXT NOT NULL",
    "expectation": "TEXT NOT NULL",
    "severity": "TEXT NOT NULL",
    "table_name": "TEXT NOT NULL",
    "column_name": "TEXT",
    "row_json": "TEXT NOT NULL",
    "article_url": "TEXT",
    "quarantined_at": "TIMESTAMP NOT NULL",
}


class QualityGateBlocked(RuntimeError):
    """Raise this to fail the Airflow task when the gate blocked publishing.

    The gate's own alert already went out with the details, so the task-failure callback skips
    exceptions marked ``already_alerted`` instead of paging a second time for the same problem.
    """

    already_alerted = True

    def __init__(self, result: WapResult):
        super().__init__(
            f"quality gate blocked publishing for run {result.run_id}: {result.errors} error expectation(s) "
            f"failed; marts left as they were. Data Docs: {result.data_docs_path}"
        )
        self.result = result


def _schemas() -> dict:
    from expectations.checks import load_config

    return load_config()["schemas"]


@dataclass
class PublishResult:
    run_id: str
    published: bool
    backend: str
    tables: dict[str, int] = field(default_factory=dict)  # mart -> rows published
    duration_seconds: float = 0.0


@dataclass
class WapResult:
    """Outcome of validate-then-publish, small and JSON-able (it becomes an XCom and quality.json)."""

    run_id: str
    logical_date: str
    published: bool
    success: bool
    passed: int
    failed: int
    errors: int
    warnings: int
    data_docs_path: str
    quarantined_rows: int = 0
    validation_seconds: float = 0.0
    published_tables: dict[str, int] = field(default_factory=dict)
    alert: dict = field(default_factory=dict)
    failures: list[dict] = field(default_factory=list)


def audit_relations(warehouse, audit_schema: str) -> list[str]:
    """Every table or view dbt built into the audit schema, in a stable order."""
    placeholder = warehouse.placeholder
    rows = warehouse.fetchall(
        f"SELECT table_name FROM information_schema.tables WHERE table_schema = {placeholder} ORDER BY table_name",
        [audit_schema],
    )
    return [row[0] for row in rows]


def _copy_comments(warehouse, audit: str, published: str, tables: list[str]) -> None:
    """dbt's descriptions, written as comments on the audit tables, onto the published copies."""
    from warehouse import relation_comments

    if warehouse.backend == "duckdb":
        catalog = warehouse.fetchall("SELECT current_database()")[0][0]
        comments = relation_comments.read_duckdb_comments(warehouse, catalog, audit, tables)
    else:
        comments = relation_comments.read_postgres_comments(warehouse, audit, tables)
    for statement in relation_comments.comment_statements(published, comments):
        warehouse.execute(statement)


def _publish_duckdb(warehouse, audit: str, published: str, tables: list[str]) -> None:
    warehouse.begin()
    try:
        warehouse.execute(f"CREATE SCHEMA IF NOT EXISTS {published}")
        for table in tables:
            warehouse.execute(f"CREATE OR REPLACE TABLE {published}.{table} AS SELECT * FROM {audit}.{table}")
        _copy_comments(warehouse, audit, published, tables)
        # A mart dbt no longer builds leaves `marts` too, as on PostgreSQL (moved to marts__previous):
        # BI must not keep reading a table that silently stopped updating.
        placeholder = warehouse.placeholder
        for name, kind in warehouse.fetchall(
            f"SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = {placeholder}",
            [published],
        ):
            if name not in tables:
                log.warning("dropping %s.%s: dbt no longer builds it into %s", published, name, audit)
                warehouse.execute(f"DROP {'VIEW' if kind == 'VIEW' else 'TABLE'} {published}.{name}")
        warehouse.commit()
    except Exception:
        warehouse.rollback()
        raise


def _columns(warehouse, schema: str, table: str) -> list[tuple]:
    return warehouse.fetchall(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
        [schema, table],
    )


def _publish_postgres(warehouse, audit: str, published: str, tables: list[str]) -> None:
    """Replace the marts' rows with DELETE + INSERT in one transaction.

    Why rows and not a schema swap: PostgreSQL resolves table names with a fresh catalog snapshot,
    so one BI statement reading two marts while schemas are renamed can see one old and one new
    table. Row changes are MVCC: every statement sees all marts as of one snapshot, old or new.
    A mart whose columns changed (a new dbt model version) is recreated, in the same transaction."""
    previous = f"{published}__previous"
    try:
        warehouse.execute(f"CREATE SCHEMA IF NOT EXISTS {published}")
        warehouse.execute(f"DROP SCHEMA IF EXISTS {previous} CASCADE")
        warehouse.execute(f"CREATE SCHEMA {previous}")  # the marts as they were: a one-step rollback
        existing = {
            name
            for (name,) in warehouse.fetchall(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [published]
            )
        }
        for table in tables:
            if table in existing and _columns(warehouse, published, table) == _columns(warehouse, audit, table):
                warehouse.execute(f"CREATE TABLE {previous}.{table} AS SELECT * FROM {published}.{table}")
                warehouse.execute(f"DELETE FROM {published}.{table}")
                warehouse.execute(f"INSERT INTO {published}.{table} SELECT * FROM {audit}.{table}")
            else:
                if table in existing:
                    warehouse.execute(f"ALTER TABLE {published}.{table} SET SCHEMA {previous}")
                warehouse.execute(f"CREATE TABLE {published}.{table} AS SELECT * FROM {audit}.{table}")
        for table in sorted(existing - set(tables)):
            # A mart dbt no longer builds leaves `marts`: BI must not read a table that stopped updating.
            log.warning("moving %s.%s to %s: dbt no longer builds it into %s", published, table, previous, audit)
            warehouse.execute(f"ALTER TABLE {published}.{table} SET SCHEMA {previous}")
        _copy_comments(warehouse, audit, published, tables)
        reader_role = os.environ.get("VNICT_MARTS_READER_ROLE")
        if reader_role:
            warehouse.execute(f"GRANT USAGE ON SCHEMA {published} TO {reader_role}")
            warehouse.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {published} TO {reader_role}")
            _grant_validation_history(warehouse, reader_role)
        warehouse.commit()
    except Exception:
        warehouse.rollback()
        raise


def _grant_validation_history(warehouse, reader_role: str) -> None:
    """Let the BI role read quality.validation_runs (the Pipeline health dashboard) and nothing else of
    the quality schema, which holds the quarantine: articles' text and offending rows whole. The
    compose database's init script cannot grant a table the quality gate creates later; the first
    publish after it can."""
    quality = _schemas()["quality"]
    exists = warehouse.fetchall(f"SELECT to_regclass('{quality}.validation_runs') IS NOT NULL")[0][0]
    if exists:
        warehouse.execute(f"GRANT USAGE ON SCHEMA {quality} TO {reader_role}")
        warehouse.execute(f"GRANT SELECT ON {quality}.validation_runs TO {reader_role}")


def publish_marts(run_id: str, target: str | None = None) -> PublishResult:
    """Replace the published marts with the audit marts, atomically. Raises (and changes nothing) on error."""
    from warehouse import database as warehouse_module

    started = time.monotonic()
    schemas = _schemas()
    with warehouse_module.connect(target=target) as warehouse:
        tables = audit_relations(warehouse, schemas["audit"])
        if not tables:
            raise RuntimeError(f"nothing to publish: schema {schemas['audit']} has no tables (did dbt build run?)")
        if warehouse.backend == "duckdb":
            _publish_duckdb(warehouse, schemas["audit"], schemas["published"], tables)
        else:
            _publish_postgres(warehouse, schemas["audit"], schemas["published"], tables)
        counts = {
            table: warehouse.fetchall(f"SELECT count(*) FROM {schemas['published']}.{table}")[0][0] for table in tables
        }
        backend = warehouse.backend
    result = PublishResult(run_id, True, backend, counts, round(time.monotonic() - started, 2))
    log.info("published %d marts for run %s: %s", len(counts), run_id, counts)
    return result


def quarantine(run_id: str, failures, target: str | None = None) -> int:
    """Keep the rows each failed expectation caught; a re-run of the same run id replaces its rows."""
    from warehouse import database as warehouse_module

    schema = _schemas()["quality"]
    table = f"{schema}.quarantine_rows"
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        (
            run_id,
            failure.suite,
            failure.expectation,
            failure.severity,
            failure.table,
            failure.column,
            json.dumps(row, ensure_ascii=False, default=str, sort_keys=True),
            row.get("article_url"),
            now,
        )
        for failure in failures
        for row in failure.rows
    ]
    with warehouse_module.connect(target=target) as warehouse:
        warehouse.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        columns = ", ".join(f"{name} {kind}" for name, kind in QUARANTINE_COLUMNS.items())
        warehouse.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns})")
        warehouse.begin()
        try:
            warehouse.execute(f"DELETE FROM {table} WHERE run_id = {warehouse.placeholder}", [run_id])
            warehouse.executemany(
                f"INSERT INTO {table} ({', '.join(QUARANTINE_COLUMNS)}) "
                f"VALUES ({', '.join([warehouse.placeholder] * len(QUARANTINE_COLUMNS))})",
                rows,
            )
            warehouse.commit()
        except Exception:
            warehouse.rollback()
            raise
    if rows:
        log.warning("quarantined %d rows of run %s in %s", len(rows), run_id, table)
    return len(rows)


def write_audit_publish(run_id: str, logical_date=None, target: str | None = None) -> WapResult:
    """Validate the audit marts; publish when no error failed; quarantine and alert on any failure."""
    from expectations import run_quality_gate

    gate = run_quality_gate(run_id, logical_date, target=target)
    quarantined = quarantine(run_id, gate.failures, target=target) if gate.failures else 0
    published_tables: dict[str, int] = {}
    if gate.success:
        published_tables = publish_marts(run_id, target=target).tables
    else:
        log.error(
            "run %s: %d error expectation(s) failed; marts left as they were. Data Docs: %s",
            run_id,
            gate.errors,
            gate.data_docs_path,
        )
    alert: dict = {}
    if gate.failures:
        from pipeline import notify

        alert = notify.alert_quality_gate(gate, published=gate.success)
    summary = gate.to_dict()
    return WapResult(
        run_id=run_id,
        logical_date=gate.logical_date,
        published=gate.success,
        success=gate.success,
        passed=gate.passed,
        failed=gate.failed,
        errors=gate.errors,
        warnings=gate.warnings,
        data_docs_path=gate.data_docs_path,
        quarantined_rows=quarantined,
        validation_seconds=gate.duration_seconds,
        published_tables=published_tables,
        alert=alert,
        failures=summary["failures"],
    )
