"""bi/postgres_readonly_role.sql on the local PostgreSQL: BI reads the marts and nothing else.

A scratch database with its own loader and reader roles (names unique to this run, dropped at
the end): the reader selects from marts, reference and quality.validation_runs, also from a mart
the loader creates after the grant; it cannot read raw, audit or the quarantine, and cannot
write. Needs PostgreSQL on 127.0.0.1:5432 with trust authentication for local roles (.ci/run
starts it), like the dbt tests on the postgres target.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from pathlib import Path

import pytest

ROLE_SQL = Path(__file__).resolve().parents[2] / "bi" / "postgres_readonly_role.sql"
HOST = os.environ.get("VNICT_PG_HOST", "127.0.0.1")
PORT = os.environ.get("VNICT_PG_PORT", "5432")
SUPERUSER = os.environ.get("VNICT_PG_USER", "postgres")


def _psql(
    database: str,
    sql: str | None = None,
    *,
    user: str = SUPERUSER,
    file: Path | None = None,
    variables: dict[str, str] | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess:
    command = [
        "psql",
        "-X",
        "-q",
        "-t",
        "-A",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        HOST,
        "-p",
        PORT,
        "-U",
        user,
        "-d",
        database,
    ]
    for name, value in (variables or {}).items():
        command += ["-v", f"{name}={value}"]
    command += ["-f", str(file)] if file else ["-c", sql]
    env = {**os.environ, "PGPASSWORD": os.environ.get("VNICT_PG_PASSWORD", "")}
    completed = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    if check and completed.returncode != 0:
        raise AssertionError(f"psql {' '.join(command[-2:])} failed: {completed.stderr}")
    return completed


@pytest.fixture()
def warehouse():
    suffix = secrets.token_hex(4)
    names = {
        "database": f"bi_role_test_{suffix}",
        "loader": f"bi_test_loader_{suffix}",
        "reader": f"bi_test_reader_{suffix}",
    }
    _psql("postgres", f'CREATE ROLE "{names["loader"]}" LOGIN')
    _psql("postgres", f'CREATE DATABASE "{names["database"]}" OWNER "{names["loader"]}"')
    try:
        _psql(
            names["database"],
            user=names["loader"],
            sql="""
            CREATE SCHEMA raw; CREATE SCHEMA audit; CREATE SCHEMA marts; CREATE SCHEMA reference; CREATE SCHEMA quality;
            CREATE TABLE raw.articles AS SELECT 'body' AS body_text;
            CREATE TABLE audit.mart_province_scorecard AS SELECT 1 AS value;
            CREATE TABLE marts.dim_province AS SELECT '01' AS province_code;
            CREATE TABLE reference.ref_provinces AS SELECT '01' AS province_code;
            CREATE TABLE quality.validation_runs AS SELECT 'run' AS run_id, true AS success;
            CREATE TABLE quality.quarantine_rows AS SELECT '{}' AS row_json;
        """,
        )
        yield names
    finally:
        _psql("postgres", f'DROP DATABASE IF EXISTS "{names["database"]}" WITH (FORCE)')
        for role in (names["reader"], names["loader"]):
            _psql("postgres", f'DROP ROLE IF EXISTS "{role}"')


def test_the_reader_role_reads_marts_and_quality_outcomes_only(warehouse):
    database, loader, reader = warehouse["database"], warehouse["loader"], warehouse["reader"]
    variables = {"bi_password": secrets.token_urlsafe(12), "reader_role": reader, "loader_role": loader}
    _psql(database, file=ROLE_SQL, variables=variables)
    _psql(database, file=ROLE_SQL, variables=variables)  # idempotent
    # A mart published after the grant is readable too (default privileges of the loader role).
    _psql(database, user=loader, sql="CREATE TABLE marts.mart_rankings_history AS SELECT 1 AS rank")

    def as_reader(sql: str) -> subprocess.CompletedProcess:
        return _psql(database, sql, user=reader, check=False)

    for readable in (
        "marts.dim_province",
        "marts.mart_rankings_history",
        "reference.ref_provinces",
        "quality.validation_runs",
        "dim_province",
    ):
        result = as_reader(f"SELECT count(*) FROM {readable}")
        assert result.returncode == 0 and result.stdout.strip() == "1", f"{readable}: {result.stderr}"
    for hidden in ("raw.articles", "audit.mart_province_scorecard", "quality.quarantine_rows"):
        result = as_reader(f"SELECT count(*) FROM {hidden}")
        assert result.returncode != 0 and "permission denied" in result.stderr, f"{hidden} must stay hidden"
    for write in (
        "INSERT INTO marts.dim_province VALUES ('02')",
        "CREATE TABLE marts.bi_scratch (x int)",
        "CREATE TABLE public.bi_scratch (x int)",
        "DELETE FROM quality.validation_runs",
    ):
        result = as_reader(write)
        assert result.returncode != 0 and (
            "read-only transaction" in result.stderr or "permission denied" in result.stderr
        ), write
