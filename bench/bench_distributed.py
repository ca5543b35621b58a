"""Scale of the distributed deployment: how a run's wall time moves with workers and with sources.

Prints JSON lines (collected by ``python -m bench``):

- ``distributed_daily_run``: wall time of one daily run of the real DAG, triggered through the REST
  API on a native CeleryExecutor deployment configured like docker-compose.yml
  (tests/distributed/native_stack.py: PostgreSQL metadata and warehouse, Redis, api-server,
  scheduler, dag-processor), with 1 worker and then 2 workers (2 task slots each), against the
  offline mirror with 100 ms latency per response. Also the crawl phase (first crawl start to
  last crawl end) and the warehouse phase (load_raw start to audit_and_publish end).
- ``crawl_scaling_sources``: wall time of a full crawl (backfill) of N synthetic sources, N = 10,
  30, 63, each on a host of its own (copies of the five mirrored sites, each served on its own
  port, which is the unit of politeness), at the registry's per-host delay, with the crawler's
  thread pool in one process; and ``dag_crawl_phase_estimate_seconds``, the same per-source
  durations scheduled on the DAG's bound of 4 concurrent crawl tasks per run
  (``max_active_tis_per_dagrun``), which is what a run would take however many workers there are.

Each figure runs on scratch state (temporary folders, databases dropped afterwards); nothing
under ``data/`` is touched. The distributed part takes a few minutes (two Airflow deployments).
"""

from __future__ import annotations

import heapq
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "distributed"))

LATENCY_SECONDS = 0.1
SOURCE_COUNTS = (10, 30, 63)
DAG_CRAWL_SLOTS = 4  # dags/vn_ict_pipeline.py: crawl(max_active_tis_per_dagrun=4)


def _emit(record: dict) -> None:
    print(json.dumps(record, ensure_ascii=False, sort_keys=True), flush=True)


def _span(task_instances: list[dict], first_task: str, last_task: str | None = None) -> float | None:
    """Seconds from the first start of ``first_task`` to the last end of ``last_task`` (or itself)."""

    def parse(value):
        return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None

    starts = [parse(ti["start_date"]) for ti in task_instances if ti["task_id"] == first_task and ti["start_date"]]
    ends = [
        parse(ti["end_date"]) for ti in task_instances if ti["task_id"] == (last_task or first_task) and ti["end_date"]
    ]
    if not starts or not ends:
        return None
    return round((max(ends) - min(starts)).total_seconds(), 1)


def daily_run_with_workers(worker_names: tuple[str, ...]) -> dict:
    from native_stack import NativeCeleryStack

    workdir = Path(tempfile.mkdtemp(prefix="bench_distributed_"))
    stack = NativeCeleryStack(workdir, worker_names=worker_names, mirror_latency_seconds=LATENCY_SECONDS)
    try:
        stack.start()
        stack.unpause()
        started = time.monotonic()
        run_id = stack.trigger({"mode": "daily"})
        state = stack.wait_for_run(run_id, timeout=1200)
        wall = time.monotonic() - started
        task_instances = stack.task_instances(run_id)
        return {
            "metric": "distributed_daily_run",
            "workers": len(worker_names),
            "state": state,
            "wall_seconds": round(wall, 1),
            "startup_seconds": round(stack.timings["startup_seconds"], 1),
            "crawl_phase_seconds": _span(task_instances, "crawl"),
            "parse_phase_seconds": _span(task_instances, "parse_and_extract"),
            "warehouse_phase_seconds": _span(task_instances, "load_raw", "audit_and_publish"),
            "task_instances": len(task_instances),
            "hosts": sorted({ti["hostname"] for ti in task_instances if ti["hostname"]}),
            "mirror_latency_seconds": LATENCY_SECONDS,
            "worker_concurrency": stack.worker_concurrency,
        }
    finally:
        problems = stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        if problems:
            print(f"cleanup problems: {problems}", file=sys.stderr)


def _schedule(durations: list[float], slots: int) -> float:
    """Makespan of running the durations in order on ``slots`` parallel slots (Airflow's FIFO)."""
    finish = [0.0] * slots
    heapq.heapify(finish)
    for duration in durations:
        heapq.heappush(finish, heapq.heappop(finish) + duration)
    return max(finish)


def crawl_scaling() -> list[dict]:
    import yaml

    workdir = Path(tempfile.mkdtemp(prefix="bench_crawl_scaling_"))
    os.environ["VNICT_DATA_DIR"] = str(workdir / "data")
    os.environ["VNICT_LANDING_DIR"] = str(workdir / "landing")
    os.environ["VNICT_WAREHOUSE"] = str(workdir / "warehouse.duckdb")
    import threading
    from http.server import ThreadingHTTPServer

    from mirror.build import build_all
    from mirror.server import make_handler
    from scrapers.crawl import crawl_sources
    from scrapers.fetch import Fetcher
    from scrapers.registry import load_sources
    from warehouse import settings

    sites = build_all()
    registry = yaml.safe_load(settings.sources_file().read_text(encoding="utf-8"))
    mirrored = {source_id: site for site in sites.values() for source_id in site.source_ids}
    templates = [entry for entry in registry["sources"] if entry["id"] in mirrored and entry.get("active", True)]
    servers, records = [], []
    try:
        for count in SOURCE_COUNTS:
            entries, endpoints = [], {}
            for index in range(count):
                template = templates[index % len(templates)]
                entry = dict(template, id=f"{template['id']}_s{index:02d}", successor=None)
                server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(mirrored[template["id"]], LATENCY_SECONDS))
                server.daemon_threads = True
                threading.Thread(target=server.serve_forever, daemon=True).start()
                servers.append(server)
                endpoints[entry["id"]] = f"http://127.0.0.1:{server.server_address[1]}"
                entries.append(entry)
            registry_file = workdir / f"sources_{count}.yaml"
            registry_file.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True), encoding="utf-8")
            endpoints_file = workdir / f"endpoints_{count}.json"
            endpoints_file.write_text(json.dumps(endpoints), encoding="utf-8")
            sources = load_sources(registry_file, endpoints_file)
            started = time.monotonic()
            reports = crawl_sources(
                sources, f"bench-scaling-{count}", mode="backfill", states={}, fetcher=Fetcher(), max_workers=count
            )
            wall = time.monotonic() - started
            durations = [report.duration_seconds for report in reports]
            records.append(
                {
                    "metric": "crawl_scaling_sources",
                    "sources": count,
                    "wall_seconds": round(wall, 1),
                    "requests": sum(report.requests for report in reports),
                    "per_source_seconds_median": round(sorted(durations)[len(durations) // 2], 1),
                    "dag_crawl_phase_estimate_seconds": round(_schedule(durations, DAG_CRAWL_SLOTS), 1),
                    "min_delay_seconds": sources[0].politeness.min_delay_seconds,
                    "mirror_latency_seconds": LATENCY_SECONDS,
                    "errors": sum(len(report.errors) for report in reports),
                }
            )
            _emit(records[-1])
            for server in servers:
                server.shutdown()
                server.server_close()
            servers.clear()
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        shutil.rmtree(workdir, ignore_errors=True)
    return records


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--crawl-only" not in argv:
        for workers in (("worker-a",), ("worker-a", "worker-b")):
            _emit(daily_run_with_workers(workers))
    if "--workers-only" not in argv:
        crawl_scaling()
    return 0


if __name__ == "__main__":
    sys.exit(main())
