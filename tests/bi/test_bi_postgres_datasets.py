"""Every dashboard dataset runs unchanged on the PostgreSQL warehouse (production), too.

The dbt project is built on the `postgres` target into a scratch database (marts straight into
`marts`, as published), then each dataset's SQL and metrics run there and return the columns the
dataset declares. Needs PostgreSQL on 127.0.0.1:5432 (.ci/run starts it); ~40 s.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATASETS = sorted((PROJECT_ROOT / "bi" / "dashboards" / "datasets").rglob("*.yaml"))
PG = {
    "host": os.environ.get("VNICT_PG_HOST", "127.0.0.1"),
    "port": os.environ.get("VNICT_PG_PORT", "5432"),
    "user": os.environ.get("VNICT_PG_USER", "postgres"),
    "password": os.environ.get("VNICT_PG_PASSWORD", ""),
}


def _admin(sql: str) -> None:
    connection = _connect("postgres")
    try:
        connection.cursor().execute(sql)
    finally:
        connection.close()


def _connect(database: str):
    import psycopg2

    connection = psycopg2.connect(dbname=database, **PG)
    connection.autocommit = True
    return connection


@pytest.fixture(scope="module")
def postgres_marts(tmp_path_factory):
    database = f"bi_datasets_{secrets.token_hex(4)}"
    _admin(f'CREATE DATABASE "{database}"')
    env = {
        **os.environ,
        "VNICT_TARGET": "postgres",
        "VNICT_PG_DATABASE": database,
        "VNICT_BUILD_SCHEMA": "marts",
        "VNICT_PG_HOST": PG["host"],
        "VNICT_PG_PORT": PG["port"],
        "VNICT_PG_USER": PG["user"],
        "VNICT_PG_PASSWORD": PG["password"] or "unused-with-trust-auth",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    scratch = tmp_path_factory.mktemp("dbt_postgres")
    try:
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from warehouse import database\nwith database.connect() as w: database.ensure_raw_schema(w)",
            ],
            env=env,
            check=True,
            cwd=PROJECT_ROOT,
            timeout=120,
        )
        from warehouse import dbt_runner

        dbt = Path(sys.executable).with_name("dbt")
        built = subprocess.run(
            [
                str(dbt),
                "build",
                "--profiles-dir",
                ".",
                "--target",
                "postgres",
                "--exclude",
                "resource_type:test",
                # as warehouse.dbt_runner does for every invocation: the threshold from settings
                "--vars",
                json.dumps(dbt_runner.dbt_project_vars()),
                "--target-path",
                str(scratch / "target"),
                "--log-path",
                str(scratch / "logs"),
            ],
            env=env,
            cwd=PROJECT_ROOT / "dbt_project",
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert built.returncode == 0, built.stdout[-4000:]
        connection = _connect(database)
        # The quality gate creates this table at its first run (expectations.history).
        sys.path.insert(0, str(PROJECT_ROOT))
        from expectations.history import TABLE_COLUMNS

        connection.cursor().execute(
            "CREATE SCHEMA IF NOT EXISTS quality; CREATE TABLE IF NOT EXISTS quality.validation_runs ("
            + ", ".join(f"{name} {kind}" for name, kind in TABLE_COLUMNS.items())
            + ")"
        )
        yield connection
        connection.close()
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.mark.parametrize("path", DATASETS, ids=[path.stem for path in DATASETS])
def test_dataset_runs_on_postgres(path, postgres_marts):
    dataset = yaml.safe_load(path.read_text(encoding="utf-8"))
    cursor = postgres_marts.cursor()
    cursor.execute(f"SELECT * FROM ({dataset['sql']}) AS dataset LIMIT 0")
    assert {column.name for column in cursor.description} == {column["column_name"] for column in dataset["columns"]}
    for metric in dataset["metrics"]:
        cursor.execute(f"SELECT {metric['expression']} FROM ({dataset['sql']}) AS dataset")
