"""``python -m scrapers reparse``: rebuild parsed articles and facts from the archive, no refetch.

Reads every fetch record in the landing runs directory, takes each article URL's latest landed
page, parses it with its source's adapter and the current extractor, and writes the articles and
facts of a new run (load it with ``python -m scrapers load``).
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict

HELP = "rebuild parsed articles and facts from the landing archive, without refetching"


def add_arguments(parser) -> None:
    parser.add_argument("--source", action="append", default=[], metavar="ID", help="only this source (repeatable)")
    parser.add_argument("--from-run", action="append", default=[], metavar="RUN_ID",
                        help="only fetch records of this run (repeatable); default: every run")
    parser.add_argument("--run-id", help="run id of the rebuilt records (default: UTC timestamp + '-reparse')")


def run(args) -> int:
    from scrapers import archive
    from scrapers.crawl import new_run_id
    from scrapers.parse_articles import parse_and_extract
    from scrapers.registry import RegistryError, load_sources

    try:
        sources = {s.id: s for s in load_sources()}
    except RegistryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    records_by_source: dict[str, list[dict]] = defaultdict(list)
    runs = args.from_run or [None]
    for run_id in runs:
        for record in archive.iter_records(run_id, kind="fetches"):
            records_by_source[record.get("source_id")].append(record)
    wanted = args.source or sorted(records_by_source)
    new_run = args.run_id or new_run_id("reparse")
    for source_id in wanted:
        source = sources.get(source_id)
        if source is None:
            print(f"note: source {source_id!r} has landed pages but is not in the registry; skipped", file=sys.stderr)
            continue
        articles, facts = parse_and_extract(source, new_run, records_by_source.get(source_id, []))
        errors = archive.read_records(new_run, kind="parse_errors", source_id=source_id)
        print(json.dumps({"source_id": source_id, "run_id": new_run, "articles": len(articles),
                          "facts": len(facts), "parse_errors": len(errors)}, ensure_ascii=False))
    print(json.dumps({"run_id": new_run}))
    return 0
