"""bi.snapshot: BI's read-only copy of the marts is complete, atomic, and never blocks or is blocked.

- the snapshot holds every mart (same rows) and the quality gate's outcomes, and opens read-only;
- it is replaced by a rename: a reader in another process, opening and querying the snapshot in a
  loop while it is rewritten again and again, only ever sees a whole old or a whole new version;
- a failed write leaves the previous snapshot as it was and no temporary file behind;
- while another process holds the warehouse open for writing (the pipeline), the snapshot still
  opens read-only and answers, whereas the warehouse itself refuses a second process (that is why
  BI has a snapshot); the publish step, which holds the writer, snapshots through its own connection.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from bi.snapshot import write_bi_snapshot

PYTHON = sys.executable


def _table_counts(path: Path, schema: str = "marts") -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables where table_schema = ? order by 1", [schema]
            ).fetchall()
        ]
        return {table: connection.execute(f'select count(*) from {schema}."{table}"').fetchone()[0] for table in tables}


def test_snapshot_copies_every_mart_and_the_quality_outcomes(fixture_warehouse, tmp_path):
    snapshot = tmp_path / "bi" / "marts_snapshot.duckdb"
    result = write_bi_snapshot(fixture_warehouse, snapshot)
    assert result["snapshot_path"] == str(snapshot)
    assert _table_counts(snapshot) == _table_counts(fixture_warehouse)
    assert _table_counts(snapshot, "quality") == {
        "validation_runs": _table_counts(fixture_warehouse, "quality")["validation_runs"]
    }
    with duckdb.connect(str(snapshot), read_only=True) as connection:
        written_at, source_schema, counts = connection.execute("select * from bi.snapshot_info").fetchone()
        assert source_schema == "marts" and json.loads(counts)["dim_province"] == 63
        tags = dict(
            connection.execute("select database_name, tags from duckdb_databases() where not internal").fetchall()
        )
    assert "v1.4.0" in str(tags), "written with STORAGE_VERSION v1.4.0 so that older DuckDB readers open it"
    assert sorted(p.name for p in snapshot.parent.iterdir()) == ["marts_snapshot.duckdb"], "no temporary files left"


def test_a_warehouse_without_quality_outcomes_gets_an_empty_table(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("create schema marts; create table marts.dim_x as select 1 as x")
    snapshot = tmp_path / "s.duckdb"
    write_bi_snapshot(warehouse, snapshot)
    assert _table_counts(snapshot, "quality") == {"validation_runs": 0}


def _small_warehouse(path: Path, rows: int) -> Path:
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema marts")
        connection.execute(f"create table marts.facts as select range as id, range % 7 as value from range({rows})")
        connection.execute(f"create table marts.copy as select range as id from range({rows})")
    return path


def test_a_reader_sees_whole_snapshots_while_they_are_replaced(tmp_path):
    old = _small_warehouse(tmp_path / "old.duckdb", 1000)
    new = _small_warehouse(tmp_path / "new.duckdb", 250_000)
    snapshot = tmp_path / "bi" / "marts_snapshot.duckdb"
    write_bi_snapshot(old, snapshot)
    # The reader opens the snapshot read-only in a loop (like Superset, one connection per query)
    # and checks that both tables of one connection come from the same version.
    reader = subprocess.Popen(
        [
            PYTHON,
            "-c",
            textwrap.dedent(f"""
            import duckdb, json, os, time
            seen, errors = set(), []
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    with duckdb.connect({str(snapshot)!r}, read_only=True) as c:
                        facts = c.execute("select count(*) from marts.facts").fetchone()[0]
                        copy = c.execute("select count(*) from marts.copy").fetchone()[0]
                        seen.add((facts, copy))
                except Exception as error:
                    errors.append(repr(error))
                if os.path.exists({str(tmp_path / "stop")!r}):
                    break
            print(json.dumps({{"seen": sorted(seen), "errors": errors[:5], "error_count": len(errors)}}))
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        for round_number in range(8):
            write_bi_snapshot(new if round_number % 2 == 0 else old, snapshot)
            time.sleep(0.2)
    finally:
        (tmp_path / "stop").write_text("stop")
        output, _ = reader.communicate(timeout=90)
    report = json.loads(output)
    assert report["error_count"] == 0, report["errors"]
    assert {tuple(pair) for pair in report["seen"]} <= {(1000, 1000), (250_000, 250_000)}, report["seen"]
    assert len(report["seen"]) == 2, "the reader saw both versions"


def test_a_failed_write_keeps_the_previous_snapshot(tmp_path):
    good = _small_warehouse(tmp_path / "good.duckdb", 10)
    snapshot = tmp_path / "bi" / "marts_snapshot.duckdb"
    write_bi_snapshot(good, snapshot)
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(RuntimeError, match="no tables in schema 'marts'"):
        write_bi_snapshot(empty, snapshot)
    assert _table_counts(snapshot) == {"copy": 10, "facts": 10}
    assert sorted(p.name for p in snapshot.parent.iterdir()) == ["marts_snapshot.duckdb"]


def test_snapshot_answers_while_another_process_writes_the_warehouse(tmp_path):
    warehouse = _small_warehouse(tmp_path / "warehouse.duckdb", 100)
    snapshot = tmp_path / "bi" / "marts_snapshot.duckdb"
    write_bi_snapshot(warehouse, snapshot)
    ready = tmp_path / "writer_ready"
    stop = tmp_path / "writer_stop"
    # The pipeline: one process holding the warehouse open and writing into it.
    writer = subprocess.Popen(
        [
            PYTHON,
            "-c",
            textwrap.dedent(f"""
        import duckdb, pathlib, time
        c = duckdb.connect({str(warehouse)!r})
        pathlib.Path({str(ready)!r}).write_text("ready")
        while not pathlib.Path({str(stop)!r}).exists():
            c.execute("insert into marts.facts select range + 1000, 1 from range(100)")
            time.sleep(0.05)
        c.close()
    """),
        ]
    )
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert time.monotonic() < deadline and writer.poll() is None, "the writer process did not start"
            time.sleep(0.1)
        # BI's view answers...
        with duckdb.connect(str(snapshot), read_only=True) as connection:
            assert connection.execute("select count(*) from marts.facts").fetchone()[0] == 100
        # ...whereas the warehouse itself cannot be opened by a second process, even read-only.
        with pytest.raises(duckdb.IOException, match="lock"):
            duckdb.connect(str(warehouse), read_only=True)
        with pytest.raises(duckdb.IOException, match="lock"):
            write_bi_snapshot(warehouse, snapshot)
        assert _table_counts(snapshot) == {"copy": 100, "facts": 100}, "a refused refresh leaves the snapshot whole"
    finally:
        stop.write_text("stop")
        writer.wait(timeout=30)


def test_the_publishing_process_snapshots_through_its_own_connection(tmp_path):
    warehouse = _small_warehouse(tmp_path / "warehouse.duckdb", 100)
    snapshot = tmp_path / "bi" / "marts_snapshot.duckdb"
    with duckdb.connect(str(warehouse)) as writer:
        writer.execute("insert into marts.facts select range + 1000, 1 from range(5)")
        result = write_bi_snapshot(warehouse, snapshot, connection=writer)
        writer.execute("insert into marts.facts select range + 2000, 1 from range(5)")  # still a usable writer
    assert result["tables"]["facts"] == 105
    assert _table_counts(snapshot) == {"copy": 100, "facts": 105}
