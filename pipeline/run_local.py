"""``make run``: serve the offline mirror on loopback and run the real DAG once with ``airflow dags test``.

Why a wrapper and not a script imitating the DAG: the point of the embedded default is to
exercise exactly the code production runs. This module only provides what production gets
from its environment (the sources' endpoints), then hands over to Airflow.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from warehouse import settings

if TYPE_CHECKING:
    from pipeline.dag_test_output import DagTestOutput

DAG_ID = "vn_ict_pipeline"


def airflow_environment(endpoints_file: Path | None) -> dict:
    environment = dict(os.environ)
    if endpoints_file is not None:
        environment["VNICT_SOURCE_ENDPOINTS"] = str(endpoints_file)
        # Offline: sources without a mirror entry are skipped and no fetch leaves 127.0.0.1.
        environment["VNICT_OFFLINE"] = "1"
    else:
        environment.pop("VNICT_SOURCE_ENDPOINTS", None)
        environment["VNICT_OFFLINE"] = "0"  # --live: the only way to the real sites
    for name in ("NO_PROXY", "no_proxy"):
        environment[name] = "127.0.0.1,localhost"
    return environment


def run_dag(
    environment: dict, conf: dict | None = None, logical_date: str | None = None, output: DagTestOutput | None = None
) -> int:
    """Run the DAG in-process with ``airflow dags test``; returns its exit code.

    With ``output``, the command's output goes there line by line (log file, task logs, phases)
    instead of the terminal."""
    logical_date = logical_date or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    command = [str(Path(sys.executable).with_name("airflow")), "dags", "test", DAG_ID, logical_date]
    if conf:
        command += ["--conf", json.dumps(conf)]
    if output is None:
        return subprocess.call(command, env=environment, cwd=settings.PROJECT_ROOT)
    with subprocess.Popen(
        command,
        env=environment,
        cwd=settings.PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        bufsize=1,
    ) as process:
        try:
            for line in process.stdout:
                output.feed(line)
        finally:
            output.close()
    return process.returncode


def _task_log_files():
    """Where the api-server reads task logs; None (and a note) if Airflow's config cannot be read."""
    from pipeline.dag_test_output import TaskLogFiles

    try:
        return TaskLogFiles.from_airflow_config()
    except Exception as error:  # noqa: BLE001 - the run matters more than its UI logs
        print(f"(task logs will not be visible in the Airflow UI: {error})")
        return None


def latest_summary() -> str | None:
    path = settings.data_dir() / "runs" / "latest_summary.json"
    if not path.exists():
        return None
    from pipeline.summary import format_summary

    return format_summary(json.loads(path.read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    from pipeline.dag_test_output import PHASES, DagTestOutput

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", action="store_true", help="crawl the real sites instead of the offline mirror")
    parser.add_argument("--backfill", action="store_true", help="walk every list page (up to max_pages)")
    parser.add_argument(
        "--verbose", action="store_true", help="print Airflow's whole output instead of one line per phase"
    )
    args = parser.parse_args(argv)
    settings.data_dir().mkdir(parents=True, exist_ok=True)
    conf = {"mode": "backfill" if args.backfill else "daily"}
    started = time.monotonic()
    run_log = settings.data_dir() / "logs" / f"make_run_{datetime.now(UTC):%Y%m%dT%H%M%SZ}.log"
    output = None
    if not args.verbose:
        phases = iter(range(1, len(PHASES) + 1))
        output = DagTestOutput(
            run_log, _task_log_files(), lambda text: print(f"[{next(phases, '?')}/{len(PHASES)}] {text}", flush=True)
        )
    if args.live:
        print("live run: crawling the real sites of scrapers/sources.yaml", flush=True)
        if output:
            print(f"full log (structured logs, XComs): {run_log}", flush=True)
        code = run_dag(airflow_environment(None), conf, output=output)
    else:
        from mirror.server import start_mirror

        endpoints_file = settings.data_dir() / "mirror_endpoints.json"
        mirror = start_mirror(endpoints_file=endpoints_file)
        print(
            f"offline run on the bundled mirror ({len(mirror.endpoints)} sources on 127.0.0.1); "
            "`python -m pipeline.run_local --live` crawls the real sites",
            flush=True,
        )
        if output:
            print(f"full log (structured logs, XComs): {run_log}", flush=True)
        try:
            code = run_dag(airflow_environment(endpoints_file), conf, output=output)
        finally:
            mirror.stop()
    summary = latest_summary()
    print()
    print(summary or f"no summary was written (the run failed before its last task; see {run_log})")
    state = (output.run_state if output else None) or ("success" if code == 0 else "failed")
    print(
        f"run {output.run_id if output and output.run_id else ''}: {state}; wall time "
        f"{time.monotonic() - started:.1f} s; airflow exit code {code}"
    )
    if output:
        print(f"full log: {run_log}")
        if output.task_log_paths:
            print("task logs: in the Airflow UI (make airflow), Grid view of this run")
    return code


if __name__ == "__main__":
    sys.exit(main())
