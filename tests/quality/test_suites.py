"""Each suite catches what it is for: raw landing defects, extracted impossibilities, volume anomalies."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
from quality_fixtures import LOGICAL_DATE, execute, load_raw_run, make_extracted_percentage_impossible, table_rows

from expectations import run_quality_gate
from pipeline.publish import write_audit_publish

ROOT = Path(__file__).resolve().parents[2]


def failures_by_name(gate) -> dict:
    return {failure.expectation: failure for failure in gate.failures}


def test_extracted_impossible_percentage_blocks_even_though_dbt_filtered_it(warehouse_env):
    write_audit_publish("run_1", logical_date=LOGICAL_DATE)
    before = table_rows(warehouse_env, "marts.fct_indicator_observations")
    connection = duckdb.connect(str(warehouse_env))
    load_raw_run(connection, "run_2")
    connection.close()
    make_extracted_percentage_impossible(warehouse_env, "run_2")

    result = write_audit_publish("run_2", logical_date=LOGICAL_DATE)
    assert not result.published and result.errors == 1
    failure = result.failures[0]
    assert (failure["suite"], failure["table"], failure["expectation"], failure["column"]) == (
        "facts",
        "staging.stg_raw__indicator_facts",
        "percentage_within_0_100",
        "value",
    )
    # Only this run's facts are judged: the 180 % of run_0 (already quarantined by dbt) is not re-alerted.
    assert failure["unexpected_count"] == 1 and failure["examples"][0]["value"] == 250
    assert failure["examples"][0]["article_url"] == "https://mic.phutho.gov.vn/tin-tuc/chuyen-doi-so.html"
    assert table_rows(warehouse_env, "marts.fct_indicator_observations") == before
    quarantined = execute(warehouse_env, "SELECT row_json FROM quality.quarantine_rows WHERE run_id = 'run_2'")
    assert json.loads(quarantined[0][0])["fact_id"] == "f9"


def test_raw_suite_catches_silent_sources_future_dates_and_duplicate_urls(warehouse_env):
    execute(warehouse_env, "DELETE FROM raw.fetches WHERE source_id = 'kontum_mic'")
    execute(
        warehouse_env, "UPDATE raw.fetches SET outcome = 'failed', status_code = 503 WHERE url LIKE '%chuyen-doi-so%'"
    )
    execute(
        warehouse_env,
        "UPDATE raw.articles SET published_date = DATE '2027-03-01' WHERE article_id = 'a000000000000002'",
    )
    execute(
        warehouse_env,
        "INSERT INTO raw.articles (article_id, content_sha256, parser_version, source_id, url, canonical_url,"
        " published_date, run_id, loaded_at) VALUES ('b000000000000001', 'x', 'p1', 'phutho_mic',"
        " 'https://mic.phutho.gov.vn/tin-tuc/chuyen-doi-so.html?utm=1',"
        " 'https://mic.phutho.gov.vn/tin-tuc/chuyen-doi-so.html', DATE '2026-10-02', 'run_1', now())",
    )
    gate = run_quality_gate("run_1", LOGICAL_DATE)
    caught = failures_by_name(gate)
    assert caught["source_recorded_something"].severity == "warning"
    assert caught["source_recorded_something"].examples[0]["where"] == "source_id=kontum_mic"
    assert caught["published_date_plausible"].severity == "error"
    assert caught["published_date_plausible"].examples[0]["value"] == "2027-03-01"
    assert caught["canonical_url_unique"].unexpected_count == 2
    assert caught["failure_reason_recorded"].unexpected_count == 1
    assert not gate.success and gate.raw_run_id == "run_1"


def seed_history(path, table: str, counts: list[int]) -> None:
    """Row counts of earlier runs, as the gate itself records them in quality.validation_runs."""
    execute(path, "CREATE SCHEMA IF NOT EXISTS quality")
    from expectations.history import TABLE_COLUMNS

    columns = ", ".join(f"{name} {kind}" for name, kind in TABLE_COLUMNS.items())
    execute(path, f"CREATE TABLE IF NOT EXISTS quality.validation_runs ({columns})")
    for day, count in enumerate(counts, start=1):
        execute(
            path,
            "INSERT INTO quality.validation_runs (run_id, suite, table_name, expectation, success,"
            " observed_value, validated_at) VALUES (?, 'marts', ?, 'row_count_not_dropped_to_zero', true, ?, ?)",
            [f"past_{day}", table, json.dumps(count), datetime(2026, 11, day)],
        )


def test_volume_band_flags_no_new_facts_and_tenfold_jumps(warehouse_env):
    table = "audit.fct_indicator_observations"
    seed_history(warehouse_env, table, [2, 3, 4, 5])  # one new fact a run; the table has 5 now
    caught = failures_by_name(run_quality_gate("run_1", LOGICAL_DATE))
    assert caught["new_facts_not_dropped_to_zero"].severity == "warning"
    assert caught["new_facts_not_dropped_to_zero"].examples[0]["where"] == f"table_name={table}"

    execute(warehouse_env, "DELETE FROM quality.validation_runs")
    seed_history(warehouse_env, table, [1, 2, 3, 4])
    execute(
        warehouse_env,
        f"""INSERT INTO {table} SELECT province_code, indicator_code, admin_level, 1990 + i, kind,
        value, unit, article_id, sentence FROM {table}, range(60) r(i) WHERE indicator_code = 'computers'""",
    )
    gate = run_quality_gate("run_2", LOGICAL_DATE)
    caught = failures_by_name(gate)
    assert {"new_facts_no_tenfold_jump", "row_count_no_tenfold_jump"} <= set(caught)
    assert all(failure.severity == "warning" for failure in gate.failures if "tenfold" in failure.expectation)

    execute(warehouse_env, f"DELETE FROM {table}")
    gate = run_quality_gate("run_3", LOGICAL_DATE)
    dropped = [failure for failure in gate.failures if failure.expectation == "row_count_not_dropped_to_zero"]
    assert dropped and dropped[0].severity == "error" and dropped[0].observed_value == 0 and not gate.success


def test_importing_the_gate_publish_and_notify_is_cheap():
    script = (
        "import sys, time; started = time.monotonic()\n"
        "import expectations, pipeline.publish, pipeline.notify, pipeline.callbacks\n"
        "heavy = [name for name in ('great_expectations', 'airflow', 'pandas') if name in sys.modules]\n"
        "print(heavy, round(time.monotonic() - started, 2))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    heavy, seconds = completed.stdout.rsplit(" ", 1)
    assert heavy == "[]" and float(seconds) < 2.0


def test_command_line_validates_and_publishes(warehouse_env):
    import os

    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    completed = subprocess.run(
        [sys.executable, "-m", "vnict", "quality", "check", "run_1", "--logical-date", "2026-11-20", "--publish"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "published: True" in completed.stdout and "Data Docs: " in completed.stdout
    assert execute(warehouse_env, "SELECT count(*) FROM marts.dim_province") == [(3,)]
