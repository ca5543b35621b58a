"""Command line: validate (and optionally publish) one run, e.g. after fixing data by hand.

    python -m expectations RUN_ID [--logical-date 2026-11-20] [--target duckdb|postgres] [--publish]

Prints the gate's summary and the Data Docs path; exits 1 when an error expectation failed.
"""
from __future__ import annotations

import argparse
import logging
import sys


def main(argv: list[str] | None = None) -> int:
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
