"""``python -m vnict load``: load landed run records (fetches, articles, facts, quarantined
pages) into the warehouse's raw schema. Idempotent: loading a run twice changes nothing.

    python -m vnict load RUN_ID [RUN_ID ...]
    python -m vnict load --latest        # the run written last (e.g. by `reparse`)

Prints one JSON report per run. Exit status 1 when a run has no records directory or a load
failed (the warehouse is unchanged for that run: each run loads in one transaction), 2 for bad
arguments. DuckDB admits one writer: do not run it while the pipeline's load or dbt task runs.
"""

from __future__ import annotations

import dataclasses
import json
import sys

HELP = "load landed run records into the warehouse raw schema"


def add_arguments(parser) -> None:
    parser.add_argument("run_ids", nargs="*", metavar="RUN_ID", help="run(s) under the landing runs directory")
    parser.add_argument("--latest", action="store_true", help="the most recently written run")


def latest_run_id() -> str | None:
    from warehouse import archive

    root = archive.runs_dir()
    runs = [path for path in root.iterdir() if path.is_dir() and not path.name.startswith(".")] if root.exists() else []
    return max(runs, key=lambda path: path.stat().st_mtime).name if runs else None


def run(args) -> int:
    from warehouse import archive, database

    run_ids = list(args.run_ids)
    if args.latest:
        latest = latest_run_id()
        if latest is None:
            print(f"error: no run under {archive.runs_dir()}", file=sys.stderr)
            return 1
        run_ids.append(latest)
    if not run_ids:
        print(
            "error: name the run(s) to load, or --latest (runs are under "
            f"{archive.runs_dir()}; `python -m vnict reparse` prints its run id)",
            file=sys.stderr,
        )
        return 2
    failed = False
    for run_id in run_ids:
        if not (archive.runs_dir() / run_id).is_dir():
            print(f"error: run {run_id!r} has no records under {archive.runs_dir()}", file=sys.stderr)
            failed = True
            continue
        try:
            report = database.load_run(run_id)
        except Exception as exc:  # noqa: BLE001 - report and go on with the other runs
            print(f"error: loading run {run_id} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            failed = True
            continue
        print(json.dumps(dataclasses.asdict(report), ensure_ascii=False))
    return 1 if failed else 0
