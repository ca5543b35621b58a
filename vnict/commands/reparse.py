"""``python -m vnict reparse``: rebuild parsed articles and facts from the archive, no refetch.

Reads every fetch record in the landing runs directory, takes each article URL's latest landed
page, parses it with its source's adapter and the current extractor, and writes the articles and
facts of a new run (load it with ``python -m vnict load RUN_ID``).

Exit status: 0 when every page was parsed (pages quarantined by the content checks are counted in
the summary, not failures), 1 when a source could not be parsed or any page failed to parse or
extract (its reason is in ``<run>/<source>.parse_errors.jsonl``), 2 for a broken registry.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict

HELP = "rebuild parsed articles and facts from the landing archive, without refetching"


def add_arguments(parser) -> None:
    parser.add_argument("--source", action="append", default=[], metavar="ID", help="only this source (repeatable)")
    parser.add_argument(
        "--from-run",
        action="append",
        default=[],
        metavar="RUN_ID",
        help="only fetch records of this run (repeatable); default: every run",
    )
    parser.add_argument("--run-id", help="run id of the rebuilt records (default: UTC timestamp + '-reparse')")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="sources parsed in N processes at once (parsing is CPU-bound; default 1)",
    )


def reparse_source(source, run_id: str, fetch_records: list[dict]) -> dict:
    """Parse one source's landed articles into ``run_id``; a summary line (top level: picklable)."""
    from scrapers.parse_articles import parse_and_extract
    from warehouse import archive

    try:
        articles, facts = parse_and_extract(source, run_id, fetch_records)
    except Exception as exc:  # e.g. no adapter for the family: report it, the other sources go on
        return {"source_id": source.id, "run_id": run_id, "error": f"{type(exc).__name__}: {exc}"}
    errors = archive.read_records(run_id, kind="parse_errors", source_id=source.id)
    quarantined = archive.read_records(run_id, kind="quarantine", source_id=source.id)
    return {
        "source_id": source.id,
        "run_id": run_id,
        "articles": len(articles),
        "facts": len(facts),
        "quarantined": len(quarantined),
        "parse_errors": len(errors),
    }


def run(args) -> int:
    from scrapers.crawl import new_run_id
    from scrapers.registry import RegistryError, load_sources
    from warehouse import archive

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
    jobs = []
    for source_id in wanted:
        source = sources.get(source_id)
        if source is None:
            print(f"note: source {source_id!r} has landed pages but is not in the registry; skipped", file=sys.stderr)
            continue
        jobs.append((source, new_run, records_by_source.get(source_id, [])))
    if args.jobs > 1 and len(jobs) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            summaries = list(pool.map(reparse_source, *zip(*jobs)))
    else:
        summaries = [reparse_source(*job) for job in jobs]
    for summary in summaries:
        print(json.dumps(summary, ensure_ascii=False))
    failed = [summary["source_id"] for summary in summaries if "error" in summary or summary.get("parse_errors")]
    print(json.dumps({"run_id": new_run, "failed_sources": failed}))
    if failed:
        print(
            f"error: parsing failed for {', '.join(failed)}; see {archive.runs_dir() / new_run}/*.parse_errors.jsonl",
            file=sys.stderr,
        )
    return 1 if failed else 0
