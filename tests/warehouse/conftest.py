"""Fixtures that build the dbt project for real, once per target per test session.

``duckdb_warehouse`` writes the raw scenario into a fresh DuckDB file under tmp;
``postgres_warehouse`` into a fresh PostgreSQL database (created here and dropped afterwards).
Each then runs ``dbt seed`` and ``dbt build`` through ``warehouse.dbt_runner`` with its own
target/log directories (other builds of the same project may be running in parallel).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

# tests/warehouse is on sys.path (pytest inserts a conftest's directory when it has no __init__.py)
import raw_scenario
from postgres_admin import POSTGRES_ENV
from postgres_admin import psql as _psql

from warehouse import database, dbt_runner


@dataclass
class BuiltWarehouse:
    """A warehouse after seed + build, with the runner's results and a way to query it."""

    target: str
    seed_result: dbt_runner.DbtRunResult
    build_result: dbt_runner.DbtRunResult
    environment: dict[str, str]
    build_seconds: float

    def query(self, sql: str) -> list[tuple]:
        with pytest.MonkeyPatch.context() as patch:
            for key, value in self.environment.items():
                patch.setenv(key, value)
            with database.connect(read_only=True, target=self.target) as connection:
                return [tuple(row) for row in connection.fetchall(sql)]

    def query_dicts(self, sql: str) -> list[dict]:
        with pytest.MonkeyPatch.context() as patch:
            for key, value in self.environment.items():
                patch.setenv(key, value)
            with database.connect(read_only=True, target=self.target) as connection:
                cursor = connection.execute(sql)
                names = [column[0] for column in cursor.description]
                return [dict(zip(names, row)) for row in cursor.fetchall()]


def _build(target: str, environment: dict[str, str], work_dir: Path) -> BuiltWarehouse:
    with pytest.MonkeyPatch.context() as patch:
        for key, value in environment.items():
            patch.setenv(key, value)
        patch.delenv("VNICT_BUILD_SCHEMA", raising=False)
        # the scenario's facts sit around the default threshold (raw_scenario.THRESHOLD)
        patch.delenv("VNICT_PUBLISH_MIN_CONFIDENCE", raising=False)
        with database.connect(target=target) as connection:
            raw_scenario.load_scenario(connection)
        paths = {"target_path": work_dir / "target", "log_path": work_dir / "logs"}
        seed_result = dbt_runner.run_dbt(["seed"], target=target, **paths)
        build_result = dbt_runner.run_dbt(["build"], target=target, **paths)
    return BuiltWarehouse(
        target, seed_result, build_result, environment, seed_result.elapsed_seconds + build_result.elapsed_seconds
    )


@pytest.fixture(scope="session")
def duckdb_warehouse(tmp_path_factory) -> BuiltWarehouse:
    work_dir = tmp_path_factory.mktemp("dbt_duckdb")
    environment = {"VNICT_TARGET": "duckdb", "VNICT_WAREHOUSE": str(work_dir / "warehouse.duckdb")}
    return _build("duckdb", environment, work_dir)


@pytest.fixture(scope="session")
def postgres_warehouse(tmp_path_factory) -> BuiltWarehouse:
    database_name = f"vnict_test_{uuid.uuid4().hex[:10]}"
    _psql("postgres", f'CREATE DATABASE "{database_name}"')
    try:
        work_dir = tmp_path_factory.mktemp("dbt_postgres")
        environment = {"VNICT_TARGET": "postgres", "VNICT_PG_DATABASE": database_name, **POSTGRES_ENV}
        yield _build("postgres", environment, work_dir)
    finally:
        _psql("postgres", f'DROP DATABASE IF EXISTS "{database_name}" WITH (FORCE)')


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def built(request) -> BuiltWarehouse:
    """The same scenario on each target; tests using it run once per target."""
    return request.getfixturevalue(f"{request.param}_warehouse")
