"""Benchmark the archive backfill against its politeness bound, and the WARC import.

Prints JSON lines (collected by ``python -m bench``):
- ``archive_backfill_efficiency``: wall time of listing + fetching every capture from a local
  Wayback-style archive (tests/archive/fake_archive.py, 50 ms latency per answer) divided by the
  politeness bound, the archive requests (robots.txt, CDX pages, captures) × the archive host's
  delay. Aim ≤ 1.2: the backfill is as fast as its politeness allows, and no faster. With it:
  captures per second against the bound's 1 / delay.
- ``archive_backfill_end_to_end``: the same run including parsing, extraction and the raw load
  (captures per second), and a second run that finds everything settled (requests, seconds).
- ``warc_import_throughput``: captures per second importing the same pages from a WARC file
  (parse, extraction and load included; no network, so CPU-bound).

The captures are the offline mirror's Điện Biên article pages under distinct URLs and dates,
each with distinct bytes. Everything runs in a temporary landing zone and warehouse.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CAPTURES = 60
DELAY_SECONDS = 0.25
LATENCY_SECONDS = 0.05


def _emit(record: dict) -> None:
    print(json.dumps(record, ensure_ascii=False, sort_keys=True), flush=True)


def _registry(path: Path) -> Path:
    import yaml

    entry = {
        "id": "bench_archive",
        "name": "benchmark: an archived department site",
        "base_url": "http://dic.gov.vn",
        "cms": "nukeviet_egov",
        "list_urls": ["http://dic.gov.vn/tin-tuc/"],
        "province_code": "11",
        "allowed_domains": ["dic.gov.vn"],
        "active": False,
        "archive": {
            "url_prefixes": ["dic.gov.vn/tin-tuc/"],
            "page_size": 25,
            "politeness": {"min_delay_seconds": DELAY_SECONDS},
        },
    }
    path.write_text(yaml.safe_dump({"sources": [entry]}, allow_unicode=True), encoding="utf-8")
    return path


def _pages(first_id: int) -> list[tuple[str, str, bytes]]:
    """(timestamp, original URL, bytes) of CAPTURES distinct article captures, ids from ``first_id``."""
    from mirror.build import build_site

    site = build_site("dic")
    articles = [article for article in site.articles]
    pages = []
    for number in range(CAPTURES):
        article = articles[number % len(articles)]
        body = site.pages[article["path"]].body + f"<!-- capture {first_id + number} -->".encode()
        stem = article["path"].rsplit("-", 1)[0]
        pages.append(
            (
                f"2016{(number % 12) + 1:02d}{(number % 27) + 1:02d}000000",
                f"http://dic.gov.vn{stem}-{first_id + number}.html",
                body,
            )
        )
    return pages


def _write_warc(path: Path, pages) -> Path:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as output:
        writer = WARCWriter(output, gzip=True)
        for timestamp, url, body in pages:
            date = f"{timestamp[:4]}-{timestamp[4:6]}-{timestamp[6:8]}T00:00:00Z"
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": date}
                )
            )
    return path


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bench_archive_"))
    os.environ.update(
        VNICT_DATA_DIR=str(workdir / "data"),
        VNICT_LANDING_DIR=str(workdir / "landing"),
        VNICT_WAREHOUSE=str(workdir / "warehouse.duckdb"),
        VNICT_SOURCES_FILE=str(_registry(workdir / "sources.yaml")),
    )
    os.environ.pop("VNICT_SOURCE_ENDPOINTS", None)
    sys.path.insert(0, str(ROOT / "tests" / "archive"))
    from fake_archive import FakeArchive

    from scrapers.backfill_archive import backfill_source, effective_settings
    from scrapers.registry import get_source, load_sources
    from scrapers.warc_import import import_warc

    pages = _pages(5000)
    fake = FakeArchive(latency_seconds=LATENCY_SECONDS)
    for timestamp, url, body in pages:
        fake.add(timestamp, url, body)
    fake.start()
    try:
        source = get_source("bench_archive", load_sources())
        settings_ = effective_settings(source, archive_url=fake.url)
        started = time.monotonic()
        report = backfill_source(source, "bench-archive-1", archive_settings=settings_)
        end_to_end = time.monotonic() - started
        requests = len(fake.requests)
        bound = requests * DELAY_SECONDS
        fetched = report.outcomes.get("new", 0)
        _emit(
            {
                "metric": "archive_backfill_efficiency",
                "value": round(report.duration_seconds / bound, 3),
                "aim": "<= 1.2",
                "wall_seconds": report.duration_seconds,
                "politeness_bound_seconds": round(bound, 2),
                "archive_requests": requests,
                "cdx_pages": report.cdx_pages,
                "captures_landed": fetched,
                "captures_per_second": round(fetched / report.capture_seconds, 3) if report.capture_seconds else None,
                "politeness_bound_captures_per_second": round(1 / DELAY_SECONDS, 3),
                "delay_seconds": DELAY_SECONDS,
                "latency_seconds": LATENCY_SECONDS,
            }
        )
        second_started = time.monotonic()
        again = backfill_source(source, "bench-archive-2", archive_settings=settings_)
        _emit(
            {
                "metric": "archive_backfill_end_to_end",
                "value": round(fetched / end_to_end, 3),
                "unit": "captures per second, listing + fetching + parsing + extraction + raw load",
                "wall_seconds": round(end_to_end, 2),
                "articles": report.parsed.get("articles"),
                "facts": report.parsed.get("facts"),
                "second_run_captures_asked": again.captures_asked,
                "second_run_requests": again.requests,
                "second_run_seconds": round(time.monotonic() - second_started, 2),
            }
        )
    finally:
        fake.stop()

    warc = _write_warc(workdir / "bench.warc.gz", _pages(7000))  # other pages than the backfill's
    started = time.monotonic()
    imported = import_warc(warc, source, "bench-warc-1")
    wall = time.monotonic() - started
    _emit(
        {
            "metric": "warc_import_throughput",
            "value": round(imported.outcomes.get("new", 0) / wall, 2),
            "unit": "captures per second (read, land, parse, extract, load)",
            "captures": imported.outcomes.get("new", 0),
            "wall_seconds": round(wall, 2),
            "articles": imported.parsed.get("articles"),
        }
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
