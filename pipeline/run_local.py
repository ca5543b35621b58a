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
from datetime import datetime, timezone
from pathlib import Path

from scrapers import settings

DAG_ID = "vn_ict_pipeline"


def airflow_environment(endpoints_file: Path | None) -> dict:
    environment = dict(os.environ)
    environment.setdefault("PYTHONPATH", str(settings.PROJECT_ROOT))
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


def run_dag(environment: dict, conf: dict | None = None, logical_date: str | None = None) -> int:
    """Run the DAG in-process with ``airflow dags test``; returns its exit code."""
    logical_date = logical_date or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    command = [str(Path(sys.executable).with_name("airflow")), "dags", "test", DAG_ID, logical_date]
    if conf:
        command += ["--conf", json.dumps(conf)]
    return subprocess.call(command, env=environment, cwd=settings.PROJECT_ROOT)


def latest_summary() -> str | None:
    path = settings.data_dir() / "runs" / "latest_summary.json"
    if not path.exists():
        return None
    from pipeline.summary import format_summary

    return format_summary(json.loads(path.read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", action="store_true", help="crawl the real sites instead of the offline mirror")
    parser.add_argument("--backfill", action="store_true", help="walk every list page (up to max_pages)")
    args = parser.parse_args(argv)
    settings.data_dir().mkdir(parents=True, exist_ok=True)
    conf = {"mode": "backfill" if args.backfill else "daily"}
    started = time.monotonic()
    if args.live:
        code = run_dag(airflow_environment(None), conf)
    else:
        from mirror.server import start_mirror

        endpoints_file = settings.data_dir() / "mirror_endpoints.json"
        mirror = start_mirror(endpoints_file=endpoints_file)
        try:
            code = run_dag(airflow_environment(endpoints_file), conf)
        finally:
            mirror.stop()
    summary = latest_summary()
    print()
    print(summary or "no summary was written (the run failed before its last task; see the log above)")
    print(f"wall time: {time.monotonic() - started:.1f} s; airflow exit code {code}")
    return code


if __name__ == "__main__":
    sys.exit(main())
