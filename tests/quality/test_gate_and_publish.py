"""The quality gate and the atomic publish, against a real DuckDB file (no dbt, no mocks)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from quality_fixtures import (
    LOGICAL_DATE,
    duplicate_grain,
    execute,
    make_percentage_impossible,
    make_source_stale,
    table_rows,
)

from expectations import run_quality_gate
from pipeline.publish import publish_marts, write_audit_publish

MARTS = (
    "dim_article",
    "dim_date",
    "dim_indicator",
    "dim_province",
    "dim_source",
    "fct_ict_rankings",
    "fct_indicator_observations",
    "fct_security_incidents",
    "mart_source_health",
)


def published_snapshot(path) -> dict:
    return {table: table_rows(path, f"marts.{table}") for table in MARTS}


def audit_snapshot(path) -> dict:
    return {table: table_rows(path, f"audit.{table}") for table in MARTS}


def test_clean_data_passes_and_publishes_marts_equal_to_audit(warehouse_env):
    result = write_audit_publish("run_1", logical_date=LOGICAL_DATE)
    assert result.published and result.errors == 0 and result.warnings == 0, result.failures
    assert result.passed == result.failed + result.passed and result.passed > 40
    assert published_snapshot(warehouse_env) == audit_snapshot(warehouse_env)
    assert Path(result.data_docs_path).exists()
    history = execute(
        warehouse_env, "SELECT count(*), count(DISTINCT suite) FROM quality.validation_runs WHERE run_id = 'run_1'"
    )
    assert history[0][0] == result.passed and history[0][1] == 3


def test_impossible_percentage_and_duplicate_grain_block_publishing(warehouse_env):
    write_audit_publish("run_1", logical_date=LOGICAL_DATE)
    before = published_snapshot(warehouse_env)
    make_percentage_impossible(warehouse_env)
    duplicate_grain(warehouse_env)

    gate = run_quality_gate("run_2", LOGICAL_DATE)
    assert not gate.success and gate.errors == 2
    caught = {failure.expectation: failure for failure in gate.failures}
    percentage = caught["percentage_within_0_100"]
    assert percentage.table == "audit.fct_indicator_observations" and percentage.column == "value"
    assert percentage.unexpected_count == 1
    assert percentage.examples[0]["value"] == 140
    assert percentage.examples[0]["article_url"] == "https://stttt.kontum.gov.vn/tin/an-toan-thong-tin.html"
    assert caught["grain_unique"].unexpected_count == 2
    page = Path(percentage.docs_url.removeprefix("file://"))
    assert page.exists() and "140" in page.read_text(encoding="utf-8")

    result = write_audit_publish("run_2", logical_date=LOGICAL_DATE)
    assert not result.published
    assert published_snapshot(warehouse_env) == before
    quarantined = execute(
        warehouse_env,
        "SELECT expectation, table_name, column_name, row_json, article_url "
        "FROM quality.quarantine_rows WHERE run_id = 'run_2' ORDER BY expectation",
    )
    assert [row[0] for row in quarantined] == ["grain_unique", "grain_unique", "percentage_within_0_100"]
    assert json.loads(quarantined[2][3])["value"] == 140
    assert quarantined[2][4].endswith("an-toan-thong-tin.html")


def test_warning_only_failure_still_publishes(warehouse_env):
    make_source_stale(warehouse_env)
    result = write_audit_publish("run_1", logical_date=LOGICAL_DATE)
    assert result.published and result.errors == 0 and result.warnings == 1
    assert result.failures[0]["expectation"] == "source_fresh"
    assert published_snapshot(warehouse_env) == audit_snapshot(warehouse_env)


def test_a_mart_dbt_no_longer_builds_leaves_the_published_schema(warehouse_env):
    execute(warehouse_env, "CREATE TABLE audit.mart_retired AS SELECT 1 AS x")
    publish_marts("run_1")
    assert execute(warehouse_env, "SELECT count(*) FROM marts.mart_retired") == [(1,)]
    execute(warehouse_env, "DROP TABLE audit.mart_retired")
    result = publish_marts("run_2")
    assert "mart_retired" not in result.tables
    tables = execute(warehouse_env, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts'")
    assert sorted(row[0] for row in tables) == sorted(MARTS)


def test_publish_failing_midway_rolls_back_every_mart(warehouse_env):
    publish_marts("run_1")
    before = published_snapshot(warehouse_env)
    execute(warehouse_env, "UPDATE audit.fct_indicator_observations SET value = value + 1")
    # A relation that fails when read: the copy of the marts sorted before it succeeds first.
    execute(warehouse_env, "CREATE VIEW audit.zz_broken AS SELECT error('audit view cannot be read') AS x")
    with pytest.raises(duckdb.Error):
        publish_marts("run_2")
    assert published_snapshot(warehouse_env) == before


def test_reader_sees_old_or_new_marts_never_a_mix(warehouse_env):
    publish_marts("run_1")
    execute(warehouse_env, "UPDATE audit.fct_indicator_observations SET value = value / 2 WHERE unit = 'count'")
    execute(warehouse_env, "DELETE FROM audit.fct_ict_rankings WHERE year = 2025")
    reader = duckdb.connect(str(warehouse_env))
    try:
        reader.execute("BEGIN TRANSACTION")
        old = (
            reader.execute("SELECT sum(value) FROM marts.fct_indicator_observations").fetchone(),
            reader.execute("SELECT count(*) FROM marts.fct_ict_rankings").fetchone(),
        )
        # Publishing from another connection of the same database while the reader's snapshot is open.
        from pipeline.publish import _publish_duckdb, audit_relations
        from warehouse.database import Warehouse

        writer = Warehouse(reader.cursor(), "duckdb")
        _publish_duckdb(writer, "audit", "marts", audit_relations(writer, "audit"))
        during = (
            reader.execute("SELECT sum(value) FROM marts.fct_indicator_observations").fetchone(),
            reader.execute("SELECT count(*) FROM marts.fct_ict_rankings").fetchone(),
        )
        reader.execute("COMMIT")
        after = (
            reader.execute("SELECT sum(value) FROM marts.fct_indicator_observations").fetchone(),
            reader.execute("SELECT count(*) FROM marts.fct_ict_rankings").fetchone(),
        )
    finally:
        reader.close()
    assert during == old
    assert after != old and after[1][0] == 1
