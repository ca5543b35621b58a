"""Benchmark: dbt seed + build on DuckDB at N synthetic articles, then an incremental run adding
100 articles; checks the marts' totals against the generator's. Prints JSON lines.

    python tests/warehouse/bench_dbt.py [N ...]      (default 1000 10000 100000)
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic_raw  # noqa: E402

from warehouse import database, dbt_runner  # noqa: E402

LATER_LOAD = datetime(2024, 5, 13, 3, 0)


def _count(connection, table: str) -> int:
    return connection.fetchall(f"select count(*) from {table}")[0][0]


def _slowest(target_path: Path, top: int = 5) -> list[str]:
    results = json.loads((target_path / "run_results.json").read_text())["results"]
    results.sort(key=lambda result: -result["execution_time"])
    return [f"{r['unique_id'].split('.')[-1]} {r['execution_time']:.1f}s" for r in results[:top]]


def _totals() -> dict[str, int]:
    with database.connect(read_only=True) as connection:
        actual = {
            name: _count(connection, f"audit.{name}")
            for name in ("dim_article", "fct_indicator_observations", "fct_ict_rankings", "fct_security_incidents")
        }
        actual["quarantine_indicator_facts"] = _count(connection, "quality.quarantine_indicator_facts")
        actual["reposts"] = connection.fetchall("select count(*) from audit.dim_article where is_repost")[0][0]
    return actual


def bench(count: int, work: Path) -> list[dict]:
    os.environ["VNICT_TARGET"] = "duckdb"
    os.environ["VNICT_WAREHOUSE"] = str(work / f"bench_{count}.duckdb")
    paths = {"target_path": work / "target", "log_path": work / "logs"}
    with database.connect() as connection:
        started = time.monotonic()
        synthetic_raw.generate(connection, count)
        generate_seconds = time.monotonic() - started
    seed = dbt_runner.run_dbt(["seed", "--quiet"], **paths)
    build = dbt_runner.run_dbt(["build", "--quiet"], **paths)
    if not build.success:
        print(build.summary(), file=sys.stderr)
    expected = synthetic_raw.expected_totals(count)
    actual = _totals()
    records = [
        {
            "benchmark": "dbt_build_duckdb",
            "articles": count,
            "generate_seconds": round(generate_seconds, 2),
            "seed_seconds": round(seed.elapsed_seconds, 2),
            "build_seconds": round(build.elapsed_seconds, 2),
            "success": seed.success and build.success,
            "totals_match": actual == expected,
            "totals": actual,
            **({} if actual == expected else {"expected": expected}),
            "slowest_nodes": _slowest(paths["target_path"]),
        }
    ]
    with database.connect() as connection:
        # a later load (the incremental models pick up rows loaded after their watermark)
        synthetic_raw.generate(connection, 100, first=count, loaded_at=LATER_LOAD)
    incremental = dbt_runner.run_dbt(["build", "--quiet"], **paths)
    if not incremental.success:
        print(incremental.summary(), file=sys.stderr)
    expected, actual = synthetic_raw.expected_totals(count + 100), _totals()
    records.append(
        {
            "benchmark": "dbt_build_duckdb_plus_100",
            "articles": count + 100,
            "build_seconds": round(incremental.elapsed_seconds, 2),
            "success": incremental.success,
            "totals_match": actual == expected,
            **({} if actual == expected else {"expected": expected, "totals": actual}),
            "slowest_nodes": _slowest(paths["target_path"]),
        }
    )
    return records


def main(argv: list[str]) -> int:
    sizes = [int(value) for value in argv] or [1000, 10000, 100000]
    ok = True
    with tempfile.TemporaryDirectory(prefix="vnict_bench_") as directory:
        for size in sizes:
            for record in bench(size, Path(directory)):
                ok = ok and record["success"] and record.get("totals_match", True)
                print(json.dumps(record, ensure_ascii=False), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
