"""Write the BI read-only view of the DuckDB warehouse: a copy of its `marts` schema, atomically.

Why a snapshot: DuckDB allows one writing process per file. A BI server that held
`data/warehouse.duckdb` open would block the pipeline, and each pipeline run would break open BI
sessions ("Could not set lock on file"). Superset therefore reads its own file, written here at
each publish: the tables go to a temporary file next to the target, which is checkpointed, closed
and renamed over the previous snapshot (`os.replace`, atomic on POSIX). A reader sees the old
snapshot or the new one, never a half-written file; a query already running keeps its open file.

Storage format: the snapshot is written by the pipeline's duckdb (2.0) with
`STORAGE_VERSION 'v1.4.0'`, so that Superset (whose venv pins the same duckdb 2.0, see
bi/requirements.in) and also BI tools bundling an older DuckDB (1.4+) can open it.

The publish step calls `write_bi_snapshot(warehouse_path, snapshot_path)` right after the marts
are published; `python -m bi.snapshot` does the same by hand (paths from the settings).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

SCHEMA = "marts"
# Besides the marts, the pipeline-health dashboard shows the quality gate's outcomes per run.
# The table is created empty in the snapshot when the warehouse has none yet (first run).
QUALITY_TABLE = ("quality", "validation_runs")
STORAGE_VERSION = "v1.4.0"
SNAPSHOT_ALIAS = "bi_snapshot"
WAREHOUSE_ALIAS = "bi_source_warehouse"


def default_snapshot_path(warehouse_path: str | os.PathLike) -> Path:
    """`data/warehouse.duckdb` → `data/bi/marts_snapshot.duckdb` unless VNICT_BI_SNAPSHOT says otherwise."""
    if os.environ.get("VNICT_BI_SNAPSHOT"):
        return Path(os.environ["VNICT_BI_SNAPSHOT"]).resolve()
    return Path(warehouse_path).resolve().parent / "bi" / "marts_snapshot.duckdb"


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _table_exists(connection, catalog: str, schema: str, table: str) -> bool:
    return bool(
        connection.execute(
            "select count(*) from information_schema.tables where table_catalog = ? and table_schema = ? and table_name = ?",
            [catalog, schema, table],
        ).fetchone()[0]
    )


def _validation_runs_columns() -> str:
    """The quality gate's own table definition (expectations.history), without NOT NULLs."""
    from expectations.history import TABLE_COLUMNS

    return ", ".join(f"{name} {kind.replace(' NOT NULL', '')}" for name, kind in TABLE_COLUMNS.items())


def _copy_schema(connection, source_catalog: str, snapshot_path: Path) -> dict[str, int]:
    """Copy every table of `source_catalog.marts`, with its comments, into a new file; returns rows per table."""
    from warehouse import relation_comments

    tables = [
        row[0]
        for row in connection.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = ? and table_schema = ? and table_type = 'BASE TABLE' "
            "order by table_name",
            [source_catalog, SCHEMA],
        ).fetchall()
    ]
    if not tables:
        raise RuntimeError(
            f"the warehouse has no tables in schema {SCHEMA!r} (catalog {source_catalog!r}): "
            "publish the marts first (pipeline/publish.py), then write the BI snapshot"
        )
    connection.execute(
        f"attach {_literal(str(snapshot_path))} as {SNAPSHOT_ALIAS} (storage_version {_literal(STORAGE_VERSION)})"
    )
    try:
        row_counts: dict[str, int] = {}
        connection.execute(f"create schema {SNAPSHOT_ALIAS}.{SCHEMA}")
        for table in tables:
            connection.execute(
                f"create table {SNAPSHOT_ALIAS}.{SCHEMA}.{_quote(table)} as "
                f"select * from {_quote(source_catalog)}.{SCHEMA}.{_quote(table)}"
            )
            row_counts[table] = connection.execute(
                f"select count(*) from {SNAPSHOT_ALIAS}.{SCHEMA}.{_quote(table)}"
            ).fetchone()[0]
        # dbt's descriptions (comments on the published marts) travel with the copy, so Superset
        # and SQL Lab show them next to the columns.
        comments = relation_comments.read_duckdb_comments(connection, source_catalog, SCHEMA, tables)
        for statement in relation_comments.comment_statements(f"{SNAPSHOT_ALIAS}.{SCHEMA}", comments):
            connection.execute(statement)
        schema, table = QUALITY_TABLE
        connection.execute(f"create schema {SNAPSHOT_ALIAS}.{schema}")
        if _table_exists(connection, source_catalog, schema, table):
            connection.execute(
                f"create table {SNAPSHOT_ALIAS}.{schema}.{table} as select * from {_quote(source_catalog)}.{schema}.{table}"
            )
        else:
            connection.execute(f"create table {SNAPSHOT_ALIAS}.{schema}.{table} ({_validation_runs_columns()})")
        row_counts[f"{schema}.{table}"] = connection.execute(
            f"select count(*) from {SNAPSHOT_ALIAS}.{schema}.{table}"
        ).fetchone()[0]
        # Provenance for anyone asking "how fresh is this?": select * from bi.snapshot_info
        connection.execute(f"create schema {SNAPSHOT_ALIAS}.bi")
        connection.execute(
            f"create table {SNAPSHOT_ALIAS}.bi.snapshot_info as select "
            "cast(? as timestamp) as written_at_utc, ? as source_schema, ? as table_row_counts",
            [datetime.now(UTC).replace(tzinfo=None), SCHEMA, json.dumps(row_counts)],
        )
        connection.execute(f"checkpoint {SNAPSHOT_ALIAS}")
    finally:
        connection.execute(f"detach {SNAPSHOT_ALIAS}")
    return row_counts


def write_bi_snapshot(
    warehouse_path: str | os.PathLike | None,
    snapshot_path: str | os.PathLike | None = None,
    *,
    connection=None,
) -> dict:
    """Copy the `marts` schema of the warehouse into `snapshot_path`, replacing it atomically.

    Pass `connection` (an open duckdb connection on the warehouse, e.g. the publish step's own
    writer) to copy through it: a second connection to a file this process already holds open
    with other settings is refused by DuckDB. Without it the warehouse is attached read-only,
    which needs no other process to be writing it at that moment.

    Returns {"snapshot_path", "tables": {table: rows}, "seconds"}.
    """
    import duckdb

    started = time.monotonic()
    if snapshot_path is None:
        if warehouse_path is None:
            raise ValueError("write_bi_snapshot needs a warehouse_path or a snapshot_path")
        snapshot_path = default_snapshot_path(warehouse_path)
    snapshot_path = Path(snapshot_path).resolve()
    snapshot_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = snapshot_path.with_name(f".{snapshot_path.name}.{os.getpid()}.tmp")
    for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
        leftover.unlink(missing_ok=True)

    try:
        if connection is not None:
            catalog = connection.execute("select current_database()").fetchone()[0]
            row_counts = _copy_schema(connection, catalog, temporary)
        else:
            if warehouse_path is None or not Path(warehouse_path).exists():
                raise FileNotFoundError(f"warehouse {warehouse_path} does not exist: run the pipeline (make run) first")
            with duckdb.connect(":memory:") as scratch:
                scratch.execute(
                    f"attach {_literal(str(Path(warehouse_path).resolve()))} as {WAREHOUSE_ALIAS} (read_only)"
                )
                row_counts = _copy_schema(scratch, WAREHOUSE_ALIAS, temporary)
        # The rename is the commit point: readers open either the old file or the new one.
        os.replace(temporary, snapshot_path)
        snapshot_path.with_name(snapshot_path.name + ".wal").unlink(missing_ok=True)
    finally:
        temporary.unlink(missing_ok=True)
        temporary.with_name(temporary.name + ".wal").unlink(missing_ok=True)
    return {
        "snapshot_path": str(snapshot_path),
        "tables": row_counts,
        "seconds": round(time.monotonic() - started, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", default=os.environ.get("VNICT_WAREHOUSE", "data/warehouse.duckdb"))
    parser.add_argument("--snapshot", default=None, help="default: <warehouse dir>/bi/marts_snapshot.duckdb")
    parser.add_argument("--if-missing", action="store_true", help="do nothing when the snapshot exists")
    args = parser.parse_args(argv)
    snapshot = Path(args.snapshot) if args.snapshot else default_snapshot_path(args.warehouse)
    if args.if_missing and snapshot.exists():
        print(json.dumps({"snapshot_path": str(snapshot), "written": False}))
        return 0
    try:
        result = write_bi_snapshot(args.warehouse, snapshot)
    except (FileNotFoundError, RuntimeError) as error:
        print(f"bi.snapshot: {error}", file=sys.stderr)
        return 1
    print(json.dumps({**result, "written": True}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
