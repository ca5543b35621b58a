"""The incremental model gives the same rows as a full refresh after new data arrives, on both
targets (each works on copies of the session's built warehouse, never on the shared one)."""
from __future__ import annotations

import shutil
import uuid
from datetime import datetime

import pytest
import raw_scenario
from postgres_admin import psql as _psql

from scrapers import dbt_runner, warehouse

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


class Copies:
    """Copies of a built warehouse: a DuckDB file copy, or a PostgreSQL database from a template."""

    def __init__(self, built, tmp_path):
        self.built, self.tmp_path, self.databases = built, tmp_path, []

    def copy(self, environment: dict[str, str], name: str) -> dict[str, str]:
        if self.built.target == "duckdb":
            path = self.tmp_path / f"{name}.duckdb"
            shutil.copy(environment["VNICT_WAREHOUSE"], path)
            return {**environment, "VNICT_WAREHOUSE": str(path)}
        database = f"vnict_test_{name}_{uuid.uuid4().hex[:8]}"
        _psql("postgres", f'CREATE DATABASE "{database}" TEMPLATE "{environment["VNICT_PG_DATABASE"]}"')
        self.databases.append(database)
        return {**environment, "VNICT_PG_DATABASE": database}

    def drop(self):
        for database in self.databases:
            _psql("postgres", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _with(environment, function):
    with pytest.MonkeyPatch.context() as patch:
        for key, value in environment.items():
            patch.setenv(key, value)
        return function()


def _build(environment, target, tmp_path, *args):
    result = _with(environment, lambda: dbt_runner.run_dbt(
        ["build", "--select", MODEL, *args], target=target,
        target_path=tmp_path / "target", log_path=tmp_path / "logs"))
    assert result.success, result.summary()


def _rows(environment, target):
    def read():
        with warehouse.connect(read_only=True, target=target) as connection:
            rows = connection.fetchall(f"select * from intermediate.{MODEL} order by source_id, week_start")
            return [tuple(str(value) if value is not None else None for value in row) for row in rows]
    return _with(environment, read)


def _insert_later_fetches(environment, target):
    def insert():
        with warehouse.connect(target=target) as connection:
            raw_scenario.insert_rows(connection, "fetches", _later_fetches())
            if connection.backend == "postgres":
                connection.commit()
    _with(environment, insert)


def test_incremental_run_equals_full_refresh(built, tmp_path):
    copies = Copies(built, tmp_path)
    try:
        incremental = copies.copy(built.environment, "incremental")
        before = _rows(incremental, built.target)
        _insert_later_fetches(incremental, built.target)
        _build(incremental, built.target, tmp_path)
        full = copies.copy(incremental, "full")
        _build(full, built.target, tmp_path, "--full-refresh")

        after = _rows(incremental, built.target)
        assert after == _rows(full, built.target)
        assert len(after) == len(before) + 2  # two new (source, week) pairs
        hatinh = [row for row in after if row[0] == "hatinh_stttt" and row[1] == "2024-05-06"]
        assert hatinh[0][2:4] == ("3", "2")  # fetch_count, failed_fetch_count: the old week was recomputed
        assert hatinh[0][10] == "failed: HTTP 500 x1; too_large: 8 MB x1"
    finally:
        copies.drop()
