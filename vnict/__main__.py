"""Command line entry point: ``python -m vnict <command> ...``.

Each sub-command lives in its own module under ``vnict/commands/`` exposing
``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``. Modules are
imported lazily so that ``--help`` stays fast and a broken command cannot break the others.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = {
    "crawl": "vnict.commands.crawl",
    "links": "vnict.commands.links",
    "probe": "vnict.commands.probe",
    "extract": "vnict.commands.extract",
    "reparse": "vnict.commands.reparse",
    "mirror": "vnict.commands.mirror",
    "load": "vnict.commands.load",
    "sources": "vnict.commands.sources",
    "backfill-archive": "vnict.commands.backfill_archive",
    "import-warc": "vnict.commands.import_warc",
    "review": "vnict.commands.review",
    "quality": "vnict.commands.quality",
}

COMMAND_HELP = {
    "crawl": "crawl registered sources politely and land raw pages",
    "links": "print the article links found on a list page (URL or file) as JSON lines",
    "probe": "fetch robots.txt and the home page of a site; report its CMS family and list pages",
    "extract": "extract facts from article text/HTML files, one JSON object per file",
    "reparse": "rebuild parsed articles and facts from the landing archive, without refetching",
    "mirror": "serve the bundled offline mirror of the seed sources on 127.0.0.1",
    "load": "load landed run records into the warehouse raw schema",
    "sources": "list the source registry",
    "backfill-archive": "read a source's past pages from a Wayback-style web archive (CDX + original bytes)",
    "import-warc": "import a source's pages from WARC files, through the same parse, extraction and load",
    "review": "list the review queue; accept, reject, correct or add facts (decisions survive re-extraction)",
    "quality": "run the quality gate on a run (and publish it); list or accept the rows that block publishing",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vnict", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMAND_HELP.items():
        sub.add_parser(name, help=help_text, add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        parser = build_parser()
        if argv and argv[0] not in ("-h", "--help"):
            parser.print_usage(sys.stderr)
            print(f"unknown command {argv[0]!r}; choose one of: {', '.join(COMMANDS)}", file=sys.stderr)
            return 2
        parser.print_help()
        return 0
    name, rest = argv[0], argv[1:]
    module = importlib.import_module(COMMANDS[name])
    parser = argparse.ArgumentParser(prog=f"vnict {name}", description=COMMAND_HELP[name])
    module.add_arguments(parser)
    return int(module.run(parser.parse_args(rest)) or 0)


if __name__ == "__main__":
    sys.exit(main())
