"""``python -m vnict crawl``: crawl registered sources politely and land raw pages.

Prints one JSON summary per source (outcome counts, requests, new articles) and the run id.
Exit status 0 when every source ran (site failures are recorded, not fatal), 1 when a source's
crawl itself crashed, 2 for bad arguments.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

HELP = "crawl registered sources politely and land raw pages"


def add_arguments(parser) -> None:
    parser.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="ID",
        help="crawl only this source id (repeatable); default: every active source",
    )
    parser.add_argument("--backfill", action="store_true", help="walk every list page up to the page limit")
    parser.add_argument(
        "--since",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="ignore list items published before this date (and stop paginating there)",
    )
    parser.add_argument("--max-pages", type=int, metavar="N", help="list pages per list URL (default: per source)")
    parser.add_argument("--max-articles", type=int, metavar="N", help="article pages per source at most")
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="also re-ask known articles on the walked list pages (conditional GET) to catch edits",
    )
    parser.add_argument("--run-id", help="run id (default: UTC timestamp + '-crawl')")
    parser.add_argument(
        "--include-inactive",
        action="store_true",
        help="with --source, allow sources that are inactive or out of their validity dates",
    )


def run(args) -> int:
    from scrapers.crawl import crawl_sources, new_run_id
    from scrapers.registry import RegistryError, active_sources, load_sources

    try:
        sources = load_sources()
    except RegistryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.source:
        by_id = {s.id: s for s in sources}
        unknown = [source_id for source_id in args.source if source_id not in by_id]
        if unknown:
            print(f"error: unknown source id(s) {unknown}; known: {', '.join(by_id)}", file=sys.stderr)
            return 2
        selected = [by_id[source_id] for source_id in args.source]
        if not args.include_inactive:
            active_ids = {s.id for s in active_sources(sources=selected)}
            skipped = [s.id for s in selected if s.id not in active_ids]
            if skipped:
                print(f"note: skipping inactive source(s) {skipped} (use --include-inactive)", file=sys.stderr)
            selected = [s for s in selected if s.id in active_ids]
    else:
        selected = active_sources(sources=sources)
    from scrapers.registry import split_offline

    selected, offline_skipped = split_offline(selected)
    for entry in offline_skipped:
        print(f"note: skipping source {entry['source_id']}: {entry['reason']}", file=sys.stderr)
    run_id = args.run_id or new_run_id("crawl")
    reports = crawl_sources(
        selected,
        run_id,
        mode="backfill" if args.backfill else "daily",
        since=args.since,
        max_pages=args.max_pages,
        max_articles=args.max_articles,
        refresh=args.refresh,
    )
    crashed = False
    for report in reports:
        summary = report.to_dict()
        summary["new_articles"] = len(report.new_articles)
        print(json.dumps(summary, ensure_ascii=False, sort_keys=True))
        crashed = crashed or any(error.startswith("crawl aborted") for error in report.errors)
    print(json.dumps({"run_id": run_id, "sources": len(reports)}))
    return 1 if crashed else 0
