"""``python -m vnict backfill-archive``: read a source's past pages from a Wayback-style web archive.

    python -m vnict backfill-archive --source dienbien_dic --from 2012 --to 2024
    python -m vnict backfill-archive --source dienbien_dic --archive-url http://127.0.0.1:8765 --no-load

Lists the source's captures with the archive's CDX API, fetches the original bytes of each new one
politely, lands them, parses and extracts them like live pages and loads the run into the warehouse
(``--no-load``: load later with ``python -m vnict load RUN_ID``). The registry's ``archive:`` block
gives the defaults (docs/contracts.md); the options here override it. Safe to run again: a capture
settled by an earlier run is never asked again, so an interrupted backfill resumes.

Prints one JSON report (listing, outcomes, requests, seconds, parsed articles and facts, load).
Exit status 0 when the backfill ran (captures the archive could not serve are recorded, not fatal),
1 when the CDX listing failed, the run crashed or a page could not be parsed, 2 for bad arguments.
DuckDB admits one writer: do not run it (without ``--no-load``) while the pipeline's load or dbt task runs.
"""

from __future__ import annotations

import json
import sys

HELP = "read a source's past pages from a Wayback-style web archive (CDX + original bytes)"


def add_arguments(parser) -> None:
    parser.add_argument("--source", required=True, metavar="ID", help="the registry id of the source")
    parser.add_argument(
        "--from",
        dest="from_value",
        metavar="YEAR|YYYY-MM-DD",
        help="first capture date wanted (default: archive.from, else the archive's first)",
    )
    parser.add_argument(
        "--to",
        dest="to_value",
        metavar="YEAR|YYYY-MM-DD",
        help="last capture date wanted, inclusive (default: archive.to, else today)",
    )
    parser.add_argument(
        "--archive-url",
        metavar="URL",
        help="the archive's root (CDX at URL/cdx/search/cdx, captures at URL/web/); "
        "default: archive.url, else https://web.archive.org",
    )
    parser.add_argument(
        "--prefix",
        action="append",
        default=[],
        metavar="URL_PREFIX",
        help="list captures under this URL prefix (repeatable; default: archive.url_prefixes, else the source's host)",
    )
    parser.add_argument("--max-captures", type=int, metavar="N", help="fetch at most N captures this run")
    parser.add_argument("--run-id", help="run id (default: UTC timestamp + '-archive')")
    parser.add_argument("--no-load", action="store_true", help="land and parse only; load later with `load RUN_ID`")


def run(args) -> int:
    from scrapers.backfill_archive import backfill_source, effective_settings, new_run_id
    from scrapers.registry import RegistryError, get_source, load_sources

    try:
        source = get_source(args.source, load_sources())
        archive_settings = effective_settings(
            source,
            archive_url=args.archive_url,
            from_value=args.from_value,
            to_value=args.to_value,
            url_prefixes=args.prefix,
        )
    except RegistryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (KeyError, ValueError) as exc:
        print(f"error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
    if source.archive is not None and not source.archive.enabled:
        print(
            f"error: source {source.id!r} has archive.enabled: false in the registry; set it to true (or remove "
            f"the key) to backfill it from a web archive",
            file=sys.stderr,
        )
        return 2
    if args.max_captures is not None and args.max_captures < 0:
        print("error: --max-captures must be 0 or more", file=sys.stderr)
        return 2
    from scrapers.captures import CaptureRunBusy

    try:
        report = backfill_source(
            source,
            args.run_id or new_run_id(),
            archive_settings=archive_settings,
            max_captures=args.max_captures,
            load=not args.no_load,
        )
    except CaptureRunBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True, default=str))
    failed = bool(report.errors) or bool(report.parsed.get("parse_errors"))
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if failed else 0
