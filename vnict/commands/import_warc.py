"""``python -m vnict import-warc``: import a source's pages from WARC files (own crawls, archive exports).

    python -m vnict import-warc dic-2016.warc.gz --source dienbien_dic

Each file's response records of the source's domains that look like articles land unchanged, are
parsed and extracted like live pages (with the CMS of their capture date, ``archive.cms_periods``)
and loaded into the warehouse (``--no-load``: load later with ``python -m vnict load RUN_ID``).
Idempotent: importing a file again, or an overlapping one, lands nothing already landed.

Prints one JSON report per file. Exit status 0 when every file was read, 1 when a file could not
be read or a page could not be parsed, 2 for bad arguments.
"""

from __future__ import annotations

import json
import sys

HELP = "import a source's pages from WARC files, through the same parse, extraction and load"


def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE.warc.gz", help="WARC files (gzip or plain)")
    parser.add_argument("--source", required=True, metavar="ID", help="the registry id of the source")
    parser.add_argument("--run-id", help="run id (default: UTC timestamp + '-warc'; one run per file)")
    parser.add_argument("--no-load", action="store_true", help="land and parse only; load later with `load RUN_ID`")


def run(args) -> int:
    from scrapers.captures import CaptureRunBusy
    from scrapers.crawl import new_run_id
    from scrapers.registry import RegistryError, get_source, load_sources
    from scrapers.warc_import import WarcError, import_warc

    try:
        source = get_source(args.source, load_sources())
    except RegistryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    if args.run_id and len(args.files) > 1:
        print("error: --run-id names one run; import one file at a time with it", file=sys.stderr)
        return 2
    failed = False
    for path in args.files:
        try:
            report = import_warc(path, source, args.run_id or new_run_id("warc"), load=not args.no_load)
        except (WarcError, CaptureRunBusy) as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed = True
            continue
        print(json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True, default=str))
        failed = failed or bool(report.parsed.get("parse_errors"))
        for error in report.errors:
            print(f"warning: {error}", file=sys.stderr)
    return 1 if failed else 0
