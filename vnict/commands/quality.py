"""``vnict quality``: validate (and optionally publish) one run, e.g. after fixing data by hand.

    vnict quality check RUN_ID [--logical-date 2026-11-20] [--target duckdb|postgres] [--publish]
    vnict quality blocked [--all]              # rows that block publishing until fixed or accepted
    vnict quality accept --table T --key K [--expectation E] --by NAME --reason TEXT

Prints the gate's summary and the Data Docs path; exits 1 when an error expectation failed.
``accept`` records an explicit decision in ``quality.accepted_rows`` (who, when, why); the next
gate lets that row through and marks its block ``accepted`` (see ``expectations/blocks.py``).
"""

from __future__ import annotations

import logging
import sys

HELP = "validate a run with the quality gate (and publish it); list or accept the rows that block publishing"


def add_arguments(parser) -> None:
    from expectations.blocks import ALL_EXPECTATIONS

    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="run the quality gate on one run's audit marts")
    check.add_argument("run_id")
    check.add_argument("--logical-date", default=None, help="YYYY-MM-DD (default: today)")
    check.add_argument(
        "--publish",
        action="store_true",
        help="write-audit-publish: publish when no error failed, quarantine and alert otherwise",
    )
    blocked = actions.add_parser("blocked", help="rows that block publishing until fixed or accepted")
    blocked.add_argument("--all", action="store_true", help="also fixed and accepted blocks")
    accept = actions.add_parser("accept", help="let one blocked row through, with who and why")
    accept.add_argument("--table", required=True, help="e.g. raw.articles or staging.stg_raw__ranking_facts")
    accept.add_argument("--key", required=True, help="the row's article_id (raw.articles) or fact_id (staging facts)")
    accept.add_argument("--expectation", default=ALL_EXPECTATIONS, help="the check to let it through (default: all)")
    accept.add_argument("--by", required=True, help="who accepts it")
    accept.add_argument("--reason", required=True, help="why it is right to publish it")
    for action in (check, blocked, accept):
        action.add_argument("--target", default=None, choices=["duckdb", "postgres"])


def run(arguments) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if arguments.action == "check":
        return check_command(arguments)
    return blocks_command(arguments.action, arguments)


def blocks_command(command: str, arguments) -> int:
    """``blocked`` and ``accept``: read and decide on quality.blocked_rows."""
    import json

    from expectations.blocks import Blocks
    from expectations.checks import load_config
    from warehouse import database as warehouse_module

    with warehouse_module.connect(target=arguments.target) as warehouse:
        blocks = Blocks(warehouse, load_config()["schemas"]["quality"])
        blocks.ensure()
        if command == "accept":
            known = [
                row for row in blocks.rows() if row["table_name"] == arguments.table and row["row_key"] == arguments.key
            ]
            if not known:
                print(
                    f"error: no blocked row {arguments.key!r} in {arguments.table!r}; list them with "
                    "`vnict quality blocked --all`",
                    file=sys.stderr,
                )
                return 2
            blocks.accept(arguments.table, arguments.key, arguments.expectation, arguments.by, arguments.reason)
            if warehouse.backend != "duckdb":
                warehouse.commit()
            print(
                f"accepted {arguments.table} {arguments.key} for {arguments.expectation} by {arguments.by}; "
                "the next gate lets it through"
            )
            return 0
        for row in blocks.rows(None if arguments.all else "blocked"):
            print(
                json.dumps(
                    {
                        name: row[name]
                        for name in (
                            "status",
                            "table_name",
                            "row_key",
                            "expectation",
                            "article_url",
                            "first_blocked_run",
                            "last_blocked_run",
                            "resolution",
                        )
                    },
                    ensure_ascii=False,
                    default=str,
                )
            )
    return 0


def check_command(arguments) -> int:
    if arguments.publish:
        from pipeline.publish import write_audit_publish

        result = write_audit_publish(arguments.run_id, arguments.logical_date, target=arguments.target)
        print(
            f"published: {result.published} · {result.passed} passed, {result.errors} error(s), "
            f"{result.warnings} warning(s) · quarantined {result.quarantined_rows} row(s)"
        )
        for failure in result.failures:
            print(
                f"  [{failure['severity']}] {failure['suite']} {failure['table']}.{failure['column'] or '*'} "
                f"{failure['expectation']}: {failure['unexpected_count']}"
            )
        print(f"Data Docs: {result.data_docs_path}")
        return 0 if result.success else 1
    from expectations import run_quality_gate

    gate = run_quality_gate(arguments.run_id, arguments.logical_date, target=arguments.target)
    print(gate.summary())
    return 0 if gate.success else 1
