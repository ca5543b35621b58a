"""Fingerprint every relation of a DuckDB warehouse, to prove that a refactor changed no data.

Why: issue 16 moves every package and rewrites dbt models into macros; "behaviour unchanged"
must be shown on the data, not argued. Two `make run`s of the same code differ only in what a run
stamps on its rows (run ids, load and build times, the data interval), so those columns are left
out and every other column is hashed order-free. Compare two fingerprints with ``--compare``.

    python -m eval.warehouse_fingerprint data/warehouse.duckdb > before.json
    python -m eval.warehouse_fingerprint data/warehouse.duckdb --compare before.json
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import duckdb

# Columns that carry the run's identity or clock rather than data: they differ between two runs of
# the same code on the same mirror. The mirror listens on a free port chosen per run, so
# addresses are compared with the port replaced. Everything else must be identical.
VOLATILE_COLUMN = re.compile(
    r"(^run_id$|_run_id$|^dag_run|_at$|_at_utc$|^generated|^built|^loaded|^landed|^fetched|^crawled"
    r"|^started|^finished|^checked|^validated|^snapshot|duration|elapsed|_seconds$|^run_date$"
    r"|^data_interval|^logical_date$|^last_run|^latest_run|^next_|_age_|^age_|^days_since|freshness"
    r"|^stale|^overdue|^expected_by|^report_url$|^validation_id$|^batch_id$|^invocation_id$"
    r"|^fetch_id$|^as_of$)"
)


def fingerprint(database: Path) -> dict[str, dict]:
    connection = duckdb.connect(str(database), read_only=True)
    relations = connection.execute(
        "select table_schema, table_name from information_schema.tables order by 1, 2"
    ).fetchall()
    result: dict[str, dict] = {}
    for schema, table in relations:
        columns = [
            name
            for (name,) in connection.execute(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
                "order by ordinal_position",
                [schema, table],
            ).fetchall()
        ]
        kept = sorted(column for column in columns if not VOLATILE_COLUMN.search(column))
        qualified = f'"{schema}"."{table}"'
        rows = connection.execute(f"select count(*) from {qualified}").fetchone()[0]
        if kept:
            row_text = " || '|' || ".join(
                f"regexp_replace(coalesce(cast(\"{column}\" as varchar), '∅'), '127\\.0\\.0\\.1:[0-9]+', '127.0.0.1:PORT', 'g')"
                for column in kept
            )
            content = connection.execute(
                f"select coalesce(sum(hash({row_text})), 0)::varchar from {qualified}"
            ).fetchone()[0]
        else:
            content = ""
        result[f"{schema}.{table}"] = {
            "rows": rows,
            "columns": kept,
            "content_hash": content,
            "volatile_columns": sorted(set(columns) - set(kept)),
        }
    return result


def compare(before: dict[str, dict], after: dict[str, dict]) -> list[str]:
    differences = []
    for name in sorted(set(before) | set(after)):
        if name not in after:
            differences.append(f"{name}: missing after")
        elif name not in before:
            differences.append(f"{name}: new after ({after[name]['rows']} rows)")
        else:
            old, new = before[name], after[name]
            for key in ("rows", "columns", "content_hash"):
                if old[key] != new[key]:
                    differences.append(f"{name}: {key} differs ({old[key]!r} -> {new[key]!r})"[:400])
    return differences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--compare", type=Path, help="a fingerprint written earlier: print what differs")
    args = parser.parse_args(argv)
    current = fingerprint(args.database)
    if args.compare is None:
        json.dump(current, sys.stdout, indent=1, ensure_ascii=False)
        return 0
    differences = compare(json.loads(args.compare.read_text(encoding="utf-8")), current)
    for line in differences:
        print(line)
    print(f"{len(current)} relations, {len(differences)} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
