"""Command line: validate (and optionally publish) one run, e.g. after fixing data by hand.

    python -m expectations RUN_ID [--logical-date 2026-11-20] [--target duckdb|postgres] [--publish]
    python -m expectations blocked [--all]              # rows that block publishing until fixed or accepted
    python -m expectations accept --table T --key K [--expectation E] --by NAME --reason TEXT

Prints the gate's summary and the Data Docs path; exits 1 when an error expectation failed.
``accept`` records an explicit decision in ``quality.accepted_rows`` (who, when, why); the next
gate lets that row through and marks its block ``accepted`` (see ``expectations/blocks.py``).
"""
from __future__ import annotations

import argparse
import logging
import sys


def blocks_command(argv: list[str]) -> int:
    """``blocked`` and ``accept``: read and decide on quality.blocked_rows."""
    import json

    from expectations.blocks import ALL_EXPECTATIONS, Blocks
    from expectations.checks import load_config
    from scrapers import warehouse as warehouse_module

    command, rest = argv[0], argv[1:]
    parser = argparse.ArgumentParser(prog=f"python -m expectations {command}")
    parser.add_argument("--target", default=None, choices=["duckdb", "postgres"])
    if command == "accept":
        parser.add_argument("--table", required=True, help="e.g. raw.articles or staging.stg_raw__ranking_facts")
        parser.add_argument("--key", required=True, help="the row's article_id (raw.articles) or fact_id (staging facts)")
        parser.add_argument("--expectation", default=ALL_EXPECTATIONS, help="the check to let it through (default: all)")
        parser.add_argument("--by", required=True, help="who accepts it")
        parser.add_argument("--reason", required=True, help="why it is right to publish it")
    else:
        parser.add_argument("--all", action="store_true", help="also fixed and accepted blocks")
    arguments = parser.parse_args(rest)
    with warehouse_module.connect(target=arguments.target) as warehouse:
        blocks = Blocks(warehouse, load_config()["schemas"]["quality"])
        blocks.ensure()
        if command == "accept":
            known = [row for row in blocks.rows() if row["table_name"] == arguments.table and row["row_key"] == arguments.key]
            if not known:
                print(f"error: no blocked row {arguments.key!r} in {arguments.table!r}; list them with "
                      "`python -m expectations blocked --all`", file=sys.stderr)
                return 2
            blocks.accept(arguments.table, arguments.key, arguments.expectation, arguments.by, arguments.reason)
            if warehouse.backend != "duckdb":
                warehouse.commit()
            print(f"accepted {arguments.table} {arguments.key} for {arguments.expectation} by {arguments.by}; "
                  "the next gate lets it through")
            return 0
        for row in blocks.rows(None if arguments.all else "blocked"):
            print(json.dumps({name: row[name] for name in ("status", "table_name", "row_key", "expectation",
                                                            "article_url", "first_blocked_run", "last_blocked_run",
                                                            "resolution")}, ensure_ascii=False, default=str))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("accept", "blocked"):
        return blocks_command(argv)
    parser = argparse.ArgumentParser(prog="python -m expectations", description=__doc__.splitlines()[0])
    parser.add_argument("run_id")
    parser.add_argument("--logical-date", default=None, help="YYYY-MM-DD (default: today)")
    parser.add_argument("--target", default=None, choices=["duckdb", "postgres"])
    parser.add_argument("--publish", action="store_true",
                        help="write-audit-publish: publish when no error failed, quarantine and alert otherwise")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if arguments.publish:
        from pipeline.publish import write_audit_publish

        result = write_audit_publish(arguments.run_id, arguments.logical_date, target=arguments.target)
        print(f"published: {result.published} · {result.passed} passed, {result.errors} error(s), "
              f"{result.warnings} warning(s) · quarantined {result.quarantined_rows} row(s)")
        for failure in result.failures:
            print(f"  [{failure['severity']}] {failure['suite']} {failure['table']}.{failure['column'] or '*'} "
                  f"{failure['expectation']}: {failure['unexpected_count']}")
        print(f"Data Docs: {result.data_docs_path}")
        return 0 if result.success else 1
    from expectations import run_quality_gate

    gate = run_quality_gate(arguments.run_id, arguments.logical_date, target=arguments.target)
    print(gate.summary())
    return 0 if gate.success else 1


if __name__ == "__main__":
    sys.exit(main())
