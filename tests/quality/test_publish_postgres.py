"""The PostgreSQL publish: build a fresh schema and swap it in by renaming, in one transaction.

Runs against the local PostgreSQL server (127.0.0.1:5432, trust) in a database created and
dropped by the test.
"""

from __future__ import annotations

import os
import threading

import psycopg2
import pytest

from expectations.result import Failure
from pipeline.publish import publish_marts, quarantine


@pytest.fixture
def postgres_warehouse(tmp_path, monkeypatch):
    name = f"vnict_quality_test_{os.getpid()}"
    admin = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    admin.autocommit = True
    admin.cursor().execute(f"DROP DATABASE IF EXISTS {name}")
    admin.cursor().execute(f"CREATE DATABASE {name}")
    monkeypatch.setenv("VNICT_TARGET", "postgres")
    monkeypatch.setenv("VNICT_PG_DATABASE", name)
    monkeypatch.setenv("VNICT_PG_HOST", "127.0.0.1")
    monkeypatch.setenv("VNICT_PG_USER", "postgres")
    # postgres_dsn() writes "password= dbname=..." when the password is empty, and libpq then reads
    # "dbname=..." as the password (connecting to the default database). Trust auth ignores it.
    monkeypatch.setenv("VNICT_PG_PASSWORD", "unused")
    monkeypatch.setenv("VNICT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("VNICT_BUILD_SCHEMA", raising=False)
    connection = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname=name)
    connection.autocommit = True
    cursor = connection.cursor()
    cursor.execute("CREATE SCHEMA audit")
    cursor.execute(
        "CREATE TABLE audit.dim_province AS SELECT * FROM (VALUES ('25', 'Phú Thọ'), ('62', 'Kon Tum')) "
        "v(province_code, province_name)"
    )
    cursor.execute(
        "CREATE TABLE audit.fct_ict_rankings AS SELECT * FROM (VALUES ('62', 'ict_index', 'overall', 2024,"
        " 40, 63, 'a000000000000004')) v(province_code, ranking_code, component_code, year, rank, out_of, article_id)"
    )
    yield connection
    connection.close()
    admin.cursor().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.close()


def rows(connection, sql):
    cursor = connection.cursor()
    cursor.execute(sql)
    return cursor.fetchall()


def test_swap_publishes_keeps_previous_and_rolls_back_on_error(postgres_warehouse):
    connection = postgres_warehouse
    result = publish_marts("run_1")
    assert result.backend == "postgres" and result.tables == {"dim_province": 2, "fct_ict_rankings": 1}
    assert rows(connection, "SELECT * FROM marts.dim_province ORDER BY 1") == rows(
        connection, "SELECT * FROM audit.dim_province ORDER BY 1"
    )

    connection.cursor().execute("INSERT INTO audit.dim_province VALUES ('01', 'Hà Nội')")
    publish_marts("run_2")
    assert rows(connection, "SELECT count(*) FROM marts.dim_province") == [(3,)]
    assert rows(connection, "SELECT count(*) FROM marts__previous.dim_province") == [(2,)]

    # A mart that fails while being copied: nothing of this publish may become visible.
    connection.cursor().execute("DELETE FROM audit.fct_ict_rankings")
    connection.cursor().execute(
        "CREATE VIEW audit.zz_broken AS SELECT 1 / (count(*) - count(*)) AS x FROM audit.dim_province"
    )
    with pytest.raises(psycopg2.Error):
        publish_marts("run_3")
    assert rows(connection, "SELECT count(*) FROM marts.dim_province") == [(3,)]
    assert rows(connection, "SELECT count(*) FROM marts.fct_ict_rankings") == [(1,)]
    assert rows(connection, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'marts__next'") == [
        (0,)
    ]


def test_readers_see_old_or_new_marts_never_a_mix(postgres_warehouse):
    connection = postgres_warehouse
    publish_marts("run_1")
    old = (2, 1)
    connection.cursor().execute("INSERT INTO audit.dim_province VALUES ('01', 'Hà Nội'), ('04', 'Cao Bằng')")
    connection.cursor().execute(
        "INSERT INTO audit.fct_ict_rankings SELECT province_code, ranking_code, component_code, 2023, rank,"
        " out_of, article_id FROM audit.fct_ict_rankings"
    )
    new = (4, 2)
    seen, stop = set(), threading.Event()
    reader = psycopg2.connect(connection.dsn)
    reader.autocommit = True

    def read_continuously():
        while not stop.is_set():
            # One statement = one snapshot, as a BI query sees it.
            seen.add(
                tuple(
                    rows(
                        reader,
                        "SELECT (SELECT count(*) FROM marts.dim_province),"
                        " (SELECT count(*) FROM marts.fct_ict_rankings)",
                    )[0]
                )
            )

    thread = threading.Thread(target=read_continuously)
    thread.start()
    try:
        for run in range(3):
            publish_marts(f"run_{run + 2}")
    finally:
        stop.set()
        thread.join(timeout=30)
        reader.close()
    assert seen and seen <= {old, new}
    assert (
        rows(
            connection,
            "SELECT (SELECT count(*) FROM marts.dim_province), (SELECT count(*) FROM marts.fct_ict_rankings)",
        )[0]
        == new
    )


def test_quarantine_on_postgres(postgres_warehouse):
    failure = Failure(
        suite="facts",
        table="audit.fct_indicator_observations",
        expectation="percentage_within_0_100",
        expectation_type="ExpectColumnValuesToBeBetween",
        severity="error",
        column="value",
        unexpected_count=1,
        rows=[{"value": 250.0, "article_id": "a1", "article_url": "https://x.vn/a1"}],
    )
    assert quarantine("run_1", [failure]) == 1
    assert quarantine("run_1", [failure]) == 1  # re-running a run replaces its rows
    assert rows(
        postgres_warehouse, "SELECT run_id, expectation, column_name, article_url FROM quality.quarantine_rows"
    ) == [("run_1", "percentage_within_0_100", "value", "https://x.vn/a1")]


POSTGRES_TYPES = {
    "VARCHAR": "text",
    "DOUBLE": "double precision",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "BOOLEAN": "boolean",
    "DECIMAL(4,1)": "numeric",
    "DECIMAL(5,1)": "numeric",
}


def copy_duckdb_to_postgres(duckdb_path, connection) -> None:
    """The DuckDB sample warehouse, table by table, into PostgreSQL (same names, plain types)."""
    import duckdb
    from psycopg2.extras import execute_batch

    source = duckdb.connect(str(duckdb_path))
    tables = source.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_schema IN ('raw', 'staging', 'audit', 'reference')"
    ).fetchall()
    cursor = connection.cursor()
    for schema, table in tables:
        columns = source.execute(f"DESCRIBE {schema}.{table}").fetchall()
        definition = ", ".join(f"{name} {POSTGRES_TYPES.get(kind, 'text')}" for name, kind, *_ in columns)
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        cursor.execute(f"DROP TABLE IF EXISTS {schema}.{table}")
        cursor.execute(f"CREATE TABLE {schema}.{table} ({definition})")
        rows = source.execute(f"SELECT * FROM {schema}.{table}").fetchall()
        placeholders = ", ".join(["%s"] * len(columns))
        execute_batch(cursor, f"INSERT INTO {schema}.{table} VALUES ({placeholders})", rows)
    source.close()


def test_gate_and_write_audit_publish_on_postgres(postgres_warehouse, tmp_path, monkeypatch):
    import datetime as dt

    from quality_fixtures import build_sample_warehouse

    from pipeline.publish import write_audit_publish

    monkeypatch.setenv("VNICT_SOURCES_FILE", str(tmp_path / "no-registry.yaml"))
    for variable in ("VNICT_SMTP_HOST", "VNICT_ALERT_WEBHOOK_URL"):
        monkeypatch.delenv(variable, raising=False)
    connection = postgres_warehouse
    connection.cursor().execute("DROP SCHEMA audit CASCADE")
    build_sample_warehouse(tmp_path / "sample.duckdb", run_id="run_1")
    copy_duckdb_to_postgres(tmp_path / "sample.duckdb", connection)

    result = write_audit_publish("run_1", logical_date=dt.date(2026, 11, 20))
    assert result.published and result.failed == 0, result.failures
    assert rows(connection, "SELECT count(*) FROM marts.fct_indicator_observations") == [(5,)]

    connection.cursor().execute("UPDATE audit.fct_indicator_observations SET value = 140 WHERE value = 95")
    result = write_audit_publish("run_2", logical_date=dt.date(2026, 11, 20))
    assert not result.published and [f["expectation"] for f in result.failures] == ["percentage_within_0_100"]
    assert rows(connection, "SELECT max(value) FROM marts.fct_indicator_observations WHERE unit = 'pct'") == [(100.0,)]
    assert rows(connection, "SELECT expectation, article_url FROM quality.quarantine_rows WHERE run_id = 'run_2'") == [
        ("percentage_within_0_100", "https://stttt.kontum.gov.vn/tin/an-toan-thong-tin.html")
    ]


def test_swapped_schema_is_readable_by_the_bi_role(postgres_warehouse, monkeypatch):
    role = f"bi_reader_test_{os.getpid()}"
    connection = postgres_warehouse
    connection.cursor().execute(f"DROP ROLE IF EXISTS {role}")
    connection.cursor().execute(f"CREATE ROLE {role} NOLOGIN")
    monkeypatch.setenv("VNICT_MARTS_READER_ROLE", role)
    try:
        publish_marts("run_1")  # before the quality gate ever ran: no quality.validation_runs to grant
        # the gate's run history (read by the Pipeline health dashboard) and the quarantine beside it
        connection.cursor().execute(
            "CREATE SCHEMA quality; CREATE TABLE quality.validation_runs (run_id text);"
            " CREATE TABLE quality.quarantine_rows (run_id text, article_text text)"
        )
        publish_marts("run_2")  # the second swap replaces the schema the first one granted on
        assert rows(
            connection,
            f"SELECT has_schema_privilege('{role}', 'marts', 'USAGE'),"
            f" has_table_privilege('{role}', 'marts.fct_ict_rankings', 'SELECT'),"
            f" has_table_privilege('{role}', 'quality.validation_runs', 'SELECT'),"
            f" has_table_privilege('{role}', 'quality.quarantine_rows', 'SELECT')",
        ) == [(True, True, True, False)]
    finally:
        connection.cursor().execute(f"DROP OWNED BY {role}")
        connection.cursor().execute(f"DROP ROLE {role}")
