"""Benchmark the crawler against the offline mirror: efficiency, no-change re-run, reparse speed.

Prints JSON lines (collected by ``python -m bench``):
- ``crawl_efficiency``: wall time of a full crawl (backfill of every mirrored source, 100 ms
  simulated latency per response, the registry's politeness) divided by the politeness bound,
  the busiest host's requests × its delay. Aim ≤ 1.2.
- ``daily_rerun_requests``: a daily run right after the first one was loaded into the warehouse
  (state from ``raw.crawl_state``): HTTP requests per source and their outcomes. Aim: list page 1
  only, answered 304.
- ``crawl_efficiency_synthetic``: the same ratio on four uneven fake hosts (10-40 articles each,
  250 ms delay, 100 ms latency), to show it holds beyond the small mirror.
- ``reparse_throughput``: pages per second per core parsing + extracting landed articles from the
  archive (single thread, so CPU seconds = core seconds). Aim ≥ 200. Broken down by stage.
  Steady state: one untimed pass first, so the one-off costs of a process (importing and
  initialising the extractor, compiling its patterns, loading its dictionaries) are reported apart
  (``warmup_cpu_seconds``) instead of being spread over the few hundred pages the mirror gives.

Everything runs in a temporary landing zone and warehouse; nothing under ``data/`` is touched.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

LATENCY_SECONDS = 0.1
REPARSE_MIN_PAGES = 300


def _emit(record: dict) -> None:
    print(json.dumps(record, ensure_ascii=False, sort_keys=True), flush=True)


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bench_crawl_"))
    os.environ["VNICT_DATA_DIR"] = str(workdir / "data")
    os.environ["VNICT_LANDING_DIR"] = str(workdir / "landing")
    os.environ["VNICT_WAREHOUSE"] = str(workdir / "warehouse.duckdb")

    from mirror.server import start_mirror
    from scrapers.crawl import crawl_sources, load_crawl_states
    from scrapers.fetch import Fetcher
    from scrapers.registry import load_sources
    from scrapers.urls import host_key
    from warehouse import archive, database

    endpoints_file = workdir / "endpoints.json"
    mirror = start_mirror(latency_seconds=LATENCY_SECONDS, endpoints_file=endpoints_file)
    try:
        sources = [s for s in load_sources(endpoints=endpoints_file) if s.id in mirror.endpoints]

        # 1. A full crawl (backfill: every list page up to the limit, every article).
        fetcher = Fetcher()
        started = time.monotonic()
        reports = crawl_sources(sources, "bench-full", mode="backfill", states={}, fetcher=fetcher)
        wall = time.monotonic() - started
        delay_by_host: dict[str, float] = defaultdict(float)
        for source in sources:
            host = host_key(source.base_url)
            delay_by_host[host] = max(delay_by_host[host], fetcher.host_delay(source.base_url, source.politeness))
        requests_by_host = dict(fetcher.gate.requests_by_host)
        bound_by_host = {host: count * delay_by_host[host] for host, count in requests_by_host.items()}
        busiest = max(bound_by_host, key=bound_by_host.get)
        _emit(
            {
                "metric": "crawl_efficiency",
                "value": round(wall / bound_by_host[busiest], 3),
                "aim": "<= 1.2",
                "wall_seconds": round(wall, 2),
                "politeness_bound_seconds": round(bound_by_host[busiest], 2),
                "busiest_host_requests": requests_by_host[busiest],
                "busiest_host_delay_seconds": delay_by_host[busiest],
                "hosts": len(requests_by_host),
                "requests_by_host": requests_by_host,
                "sources": len(sources),
                "latency_seconds": LATENCY_SECONDS,
                "articles_landed": sum(len(r.new_articles) for r in reports),
                "errors": [e for r in reports for e in r.errors],
            }
        )

        # 2. Load it as the pipeline does, then a no-change daily re-run with warehouse state.
        database.load_run("bench-full")
        states = load_crawl_states([s.id for s in sources])
        rerun_fetcher = Fetcher()
        reruns = crawl_sources(sources, "bench-daily", mode="daily", states=states, fetcher=rerun_fetcher)
        per_source = {}
        for report in reruns:
            records = archive.read_records("bench-daily", kind="fetches", source_id=report.source_id)
            per_source[report.source_id] = {
                "requests": report.requests,
                "list_urls": len(next(s for s in sources if s.id == report.source_id).list_urls),
                "fetches": [f"{r['page_kind']}:{r['outcome']}:{r['status_code']}" for r in records],
            }
        list_requests = [sum(1 for f in v["fetches"] if f.startswith("list:")) for v in per_source.values()]
        _emit(
            {
                "metric": "daily_rerun_requests",
                "value": round(sum(v["requests"] for v in per_source.values()) / len(per_source), 2),
                "unit": "requests per source",
                "aim": "list page 1 only, answered 304",
                "list_page_requests_per_list_url": round(
                    sum(list_requests) / sum(v["list_urls"] for v in per_source.values()), 2
                ),
                "all_list_answers_304": all(
                    f.endswith(":304") for v in per_source.values() for f in v["fetches"] if f.startswith("list:")
                ),
                "robots_requests": sum(1 for v in per_source.values() for f in v["fetches"] if f.startswith("robots:")),
                "article_requests": sum(
                    1 for v in per_source.values() for f in v["fetches"] if f.startswith("article:")
                ),
                "per_source": per_source,
            }
        )
    finally:
        mirror.stop()

    _emit(reparse_throughput(sources, archive.read_records("bench-full", kind="fetches")))
    _emit(synthetic_efficiency())
    return 0


def synthetic_efficiency(articles_per_host=(10, 20, 30, 40), delay_seconds=0.25) -> dict:
    """Crawl efficiency at a larger scale: four uneven hosts (the test suite's fake news sites)."""
    from dataclasses import replace

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "crawling"))
    from siteadapter import SiteAdapter
    from sitekit import FAST, Site, build_news_site, source_for

    from scrapers.crawl import crawl_sources
    from scrapers.fetch import Fetcher

    sites = [Site(latency=LATENCY_SECONDS) for _ in articles_per_host]
    try:
        sources = []
        for number, (site, count) in enumerate(zip(sites, articles_per_host)):
            build_news_site(site, pages=count // 10, per_page=10)
            politeness = replace(FAST, min_delay_seconds=delay_seconds, max_pages=10)
            sources.append(source_for(site, f"synthetic_{number}", politeness=politeness))
        fetcher = Fetcher()
        started = time.monotonic()
        crawl_sources(
            sources,
            "bench-synthetic",
            mode="backfill",
            states={},
            fetcher=fetcher,
            adapters={s.id: SiteAdapter() for s in sources},
        )
        wall = time.monotonic() - started
    finally:
        for site in sites:
            site.stop()
    busiest = max(fetcher.gate.requests_by_host.values())
    return {
        "metric": "crawl_efficiency_synthetic",
        "value": round(wall / (busiest * delay_seconds), 3),
        "aim": "<= 1.2",
        "wall_seconds": round(wall, 2),
        "politeness_bound_seconds": round(busiest * delay_seconds, 2),
        "busiest_host_requests": busiest,
        "requests": sum(fetcher.gate.requests_by_host.values()),
        "hosts": len(sites),
        "delay_seconds": delay_seconds,
        "latency_seconds": LATENCY_SECONDS,
    }


def reparse_throughput(sources, fetch_records) -> dict:
    """Parse + extract every landed article repeatedly until REPARSE_MIN_PAGES pages are done."""
    from scrapers.adapters import adapter_for
    from scrapers.parse_articles import latest_landed_articles, parse_and_extract
    from scrapers.textnorm import decode_page
    from warehouse import archive

    by_source = {s.id: s for s in sources}
    landed = latest_landed_articles(fetch_records)
    if not landed:
        return {"metric": "reparse_throughput", "value": None, "error": "no landed articles"}
    records_by_source = defaultdict(list)
    for record in fetch_records:
        records_by_source[record["source_id"]].append(record)
    rounds = max(1, -(-REPARSE_MIN_PAGES // len(landed)))
    # Warm-up: one untimed pass (imports, the extractor's dictionaries and compiled patterns, caches).
    warmup_started, warmup_pages = time.process_time(), 0
    for source_id, records in records_by_source.items():
        warmup_pages += len(parse_and_extract(by_source[source_id], "bench-reparse-warmup", records, write=False)[0])
    warmup_cpu = time.process_time() - warmup_started
    pages = 0
    # process_time: CPU seconds of the whole process (every thread), the honest cost of the work;
    # thread_time (this thread only) and the live threads are reported to show nothing else runs.
    threads_alive = threading.active_count()
    cpu_started, thread_started, wall_started = time.process_time(), time.thread_time(), time.perf_counter()
    for round_number in range(rounds):
        for source_id, records in records_by_source.items():
            articles, _ = parse_and_extract(by_source[source_id], f"bench-reparse-{round_number}", records)
            pages += len(articles)
    cpu = time.process_time() - cpu_started
    thread_cpu = time.thread_time() - thread_started
    wall = time.perf_counter() - wall_started

    # Where the time goes, one page at a time: archive load + decode, adapter, extractor.
    stages = defaultdict(float)
    try:
        from extraction import extract_article
    except ImportError:
        extract_article = None
    adapters = {s.id: adapter_for(s) for s in sources}
    for record in landed * rounds:  # as many pages as the timed loop, so the split is as stable
        t0 = time.process_time()
        html = decode_page(archive.load(record["content_sha256"]), record.get("content_type"))
        t1 = time.process_time()
        parsed = adapters[record["source_id"]].parse_article(html, record["url"])
        t2 = time.process_time()
        if extract_article is not None:
            extract_article(
                parsed.body_text,
                title=parsed.title,
                url=record["url"],
                source_province_code=by_source[record["source_id"]].province_code,
            )
        t3 = time.process_time()
        stages["load_decode"] += t1 - t0
        stages["adapter_parse"] += t2 - t1
        stages["extract"] += t3 - t2
    staged_pages = len(landed) * rounds
    by_stage = {name: round(1000 * seconds / staged_pages, 2) for name, seconds in stages.items()}
    # The rest of a page's cost in the timed loop: article/fact records, hashes, JSONL writes.
    by_stage["records_and_writes"] = (
        round(1000 * (cpu / pages - sum(stages.values()) / staged_pages), 2) if pages else None
    )
    return {
        "metric": "reparse_throughput",
        "value": round(pages / cpu, 1) if cpu else None,
        "unit": "pages per second per core (process CPU time, single thread, after a warm-up pass)",
        "aim": ">= 200",
        "pages": pages,
        "distinct_pages": len(landed),
        "cpu_seconds": round(cpu, 3),
        "thread_cpu_seconds": round(thread_cpu, 3),
        "threads_alive": threads_alive,
        "warmup_cpu_seconds": round(warmup_cpu, 3),
        # The same rate with the warm-up pass counted (one-off costs spread over these few pages).
        "value_including_warmup": round((pages + warmup_pages) / (cpu + warmup_cpu), 1) if cpu else None,
        "wall_pages_per_second": round(pages / wall, 1),
        "ms_per_page": round(1000 * cpu / pages, 2) if pages else None,
        "ms_per_page_by_stage": by_stage,
    }


if __name__ == "__main__":
    sys.exit(main())
