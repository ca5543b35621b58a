"""The incremental model gives the same rows as a full refresh after new data arrives."""
from __future__ import annotations

import shutil
from datetime import datetime

import duckdb
import pytest
import raw_scenario

from scrapers import dbt_runner
from scrapers.warehouse import Warehouse

MODEL = "int_fetches_aggregated_to_source_weeks"
LATER = datetime(2024, 5, 14, 3, 0)


def _later_fetches() -> list[dict]:
    fetches = [
        # same source and week as already-aggregated fetches: that row must be recomputed
        raw_scenario._fetch("y1", "hatinh_stttt", "https://stttt.hatinh.gov.vn/a", "too_large",
                            datetime(2024, 5, 7, 1, 0), reason="8 MB"),
        # a new week
        raw_scenario._fetch("y2", "hatinh_stttt", "https://stttt.hatinh.gov.vn/b", "new", datetime(2024, 5, 13, 1, 0)),
        raw_scenario._fetch("y3", "kontum_mic", "https://stttt.kontum.gov.vn/", "failed", datetime(2024, 5, 13, 1, 5),
                            reason="timeout", status=None),
    ]
    for fetch in fetches:
        fetch["loaded_at"] = LATER
    return fetches


def _build(path, tmp_path, *args):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VNICT_WAREHOUSE", str(path))
        result = dbt_runner.run_dbt(["build", "--select", MODEL, *args], target="duckdb",
                                    target_path=tmp_path / "target", log_path=tmp_path / "logs")
    assert result.success, result.summary()
    return result


def _rows(path):
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(f"select * from intermediate.{MODEL} order by source_id, week_start").fetchall()


def test_incremental_run_equals_full_refresh(duckdb_warehouse, tmp_path):
    incremental = tmp_path / "incremental.duckdb"
    shutil.copy(duckdb_warehouse.environment["VNICT_WAREHOUSE"], incremental)
    before = _rows(incremental)
    with duckdb.connect(str(incremental)) as connection:
        raw_scenario.insert_rows(Warehouse(connection, "duckdb"), "fetches", _later_fetches())
    _build(incremental, tmp_path)
    full = tmp_path / "full.duckdb"
    shutil.copy(incremental, full)
    _build(full, tmp_path, "--full-refresh")

    after = _rows(incremental)
    assert after == _rows(full)
    assert len(after) == len(before) + 2  # two new (source, week) pairs
    hatinh = [row for row in after if row[0] == "hatinh_stttt" and str(row[1]) == "2024-05-06"]
    assert hatinh[0][2:4] == (3, 2)  # fetch_count, failed_fetch_count: the old week was recomputed
    assert hatinh[0][10] == "failed: HTTP 500 x1; too_large: 8 MB x1"
