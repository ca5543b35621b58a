"""Parked pages are visible in source health: mart_source_crawl_status built for real on DuckDB and
PostgreSQL from the crawl state of raw_scenario.py (pages landed, retrying, parked with their
reasons, pending, refused), published with the other marts by write-audit-publish."""

from __future__ import annotations

import shutil
from datetime import datetime

import duckdb
import raw_scenario

from pipeline import publish


def _status(built) -> dict[str, dict]:
    return {row["source_id"]: row for row in built.query_dicts("select * from audit.mart_source_crawl_status")}


def test_one_row_per_source_with_crawl_state(built):
    assert set(_status(built)) == {"phutho_mic", "hatinh_stttt", "kontum_mic"}


def test_parked_pages_show_with_their_reason(built):
    hatinh = _status(built)["hatinh_stttt"]
    counts = {
        key: hatinh[key]
        for key in ("pages_known", "pages_landed", "pages_retrying", "pages_parked", "pages_pending", "pages_refused")
    }
    assert counts == {
        "pages_known": 7,
        "pages_landed": 1,
        "pages_retrying": 1,
        "pages_parked": 3,
        "pages_pending": 1,
        "pages_refused": 1,
    }
    assert hatinh["top_parked_reason"] == raw_scenario.PARKED_REASON
    assert hatinh["top_parked_failure_kind"] == "server_error"
    assert hatinh["parked_reasons"] == "HTTP 500 x2; read timeout after 20 s x1"
    assert hatinh["oldest_parked_since"] == datetime(2024, 5, 2, 1, 0)
    assert hatinh["latest_parked_fetched_at"] == datetime(2024, 5, 6, 1, 11)
    assert hatinh["last_fetched_at"] == datetime(2024, 5, 6, 1, 11)
    assert hatinh["as_of"] == raw_scenario.LOADED_AT


def test_a_source_with_nothing_parked_has_no_reason(built):
    status = _status(built)
    phutho, kontum = status["phutho_mic"], status["kontum_mic"]
    assert (phutho["pages_known"], phutho["pages_landed"], phutho["pages_parked"]) == (1, 1, 0)
    assert (kontum["pages_known"], kontum["pages_retrying"], kontum["pages_parked"]) == (1, 1, 0)
    for row in (phutho, kontum):
        assert (row["top_parked_reason"], row["parked_reasons"], row["oldest_parked_since"]) == (None, None, None)


def test_the_staging_view_keeps_every_page(built):
    [(pages, parked)] = built.query(
        "select count(*), sum(case when crawl_status = 'gave_up' then 1 else 0 end) from staging.stg_raw__crawl_state"
    )
    assert (pages, parked) == (len(raw_scenario.CRAWL_STATE), 3)


def test_validated_and_published_with_the_other_marts(duckdb_warehouse, tmp_path, monkeypatch):
    """Write-audit-publish on a copy of the built DuckDB file: the gate checks the mart's grain and
    source ids (expectations/quality.yaml), they pass, and publishing copies it into `marts`."""
    warehouse_copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(duckdb_warehouse.environment["VNICT_WAREHOUSE"], warehouse_copy)
    monkeypatch.setenv("VNICT_TARGET", "duckdb")
    monkeypatch.setenv("VNICT_WAREHOUSE", str(warehouse_copy))
    monkeypatch.setenv("VNICT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("VNICT_BUILD_SCHEMA", raising=False)
    monkeypatch.setenv("VNICT_ALERT_DISABLE", "email,webhook")  # the scenario blocks the gate: page no one
    result = publish.write_audit_publish("run-crawl-status", logical_date=raw_scenario.LOADED_AT)
    with duckdb.connect(str(warehouse_copy), read_only=True) as connection:
        checks = connection.execute(
            "select expectation, success from quality.validation_runs "
            "where run_id = 'run-crawl-status' and table_name = 'audit.mart_source_crawl_status'"
        ).fetchall()
    assert {name for name, _ in checks} >= {"grain_unique", "source_id_in_dim_source"}
    assert all(success for _, success in checks), checks
    assert not [failure for failure in result.failures if "mart_source_crawl_status" in str(failure)]
    # the scenario's deliberately bad facts block the gate; publishing itself is the same step either way
    tables = result.published_tables or publish.publish_marts("run-crawl-status", target="duckdb").tables
    assert tables["mart_source_crawl_status"] == 3
    with duckdb.connect(str(warehouse_copy), read_only=True) as connection:
        [(parked, reason)] = connection.execute(
            "select pages_parked, top_parked_reason from marts.mart_source_crawl_status "
            "where source_id = 'hatinh_stttt'"
        ).fetchall()
    assert (parked, reason) == (3, raw_scenario.PARKED_REASON)
