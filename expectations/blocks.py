"""Blocked rows stay blocked: ``quality.blocked_rows`` (what blocked, since when, resolved how) and
``quality.accepted_rows`` (explicit decisions: who accepted which row, when and why).

Why: the raw and staging checks judge this run's rows (an old row must not be re-judged forever
by a stricter check), so without a memory an article dated 2031 that blocked one run would be
published by the next with nothing fixed. A row an ``error`` expectation caught is recorded here
by its key (``article_id`` for raw articles, ``fact_id`` for staging facts); every later gate
checks it again in its latest version, with this run's rows, until

- it passes (or no longer exists in its latest version: a reparse or a new extractor replaced
  it): ``status = 'fixed'``, or
- someone accepts it: ``vnict quality accept --table T --key K [--expectation E]
  --by NAME --reason TEXT`` writes a row of ``quality.accepted_rows``; the gate then ignores that
  row for that expectation (``*``: every expectation) and marks the block ``accepted``.

Accepting releases the block only: dbt still keeps a physically impossible value (a rank 70/63,
a share of 250 %) out of the fact marts; it stays visible in ``quality.quarantine_*``.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

log = logging.getLogger(__name__)

BLOCKED_COLUMNS = {
    "table_name": "TEXT NOT NULL",
    "row_key": "TEXT NOT NULL",
    "expectation": "TEXT NOT NULL",
    "key_column": "TEXT NOT NULL",
    "suite": "TEXT",
    "article_id": "TEXT",
    "article_url": "TEXT",
    "row_json": "TEXT",
    "status": "TEXT NOT NULL",  # blocked | fixed | accepted
    "first_blocked_run": "TEXT",
    "first_blocked_at": "TIMESTAMP",
    "last_blocked_run": "TEXT",
    "last_checked_at": "TIMESTAMP",
    "resolved_run": "TEXT",
    "resolved_at": "TIMESTAMP",
    "resolution": "TEXT",
}
ACCEPTED_COLUMNS = {
    "table_name": "TEXT NOT NULL",
    "row_key": "TEXT NOT NULL",
    "expectation": "TEXT NOT NULL",  # '*' = every expectation
    "accepted_by": "TEXT NOT NULL",
    "accepted_at": "TIMESTAMP NOT NULL",
    "reason": "TEXT NOT NULL",
}
# Layer-relative names of the run-scoped tables and the column that identifies a row across runs.
STICKY_KEYS = {
    "raw.articles": "article_id",
    "staging.stg_raw__indicator_facts": "fact_id",
    "staging.stg_raw__ranking_facts": "fact_id",
    "staging.stg_raw__incident_facts": "fact_id",
}
ALL_EXPECTATIONS = "*"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def sticky_tables(schemas: dict) -> dict[str, str]:
    """``{"schema.table": key column}`` with the configured schema names."""
    tables = {}
    for relation, key in STICKY_KEYS.items():
        layer, name = relation.split(".", 1)
        tables[f"{schemas.get(layer, layer)}.{name}"] = key
    return tables


class Blocks:
    def __init__(self, warehouse, schema: str = "quality"):
        self.warehouse = warehouse
        self.schema = schema
        self.blocked_table = f"{schema}.blocked_rows"
        self.accepted_table = f"{schema}.accepted_rows"

    def ensure(self) -> None:
        self.warehouse.execute(f"CREATE SCHEMA IF NOT EXISTS {self.schema}")
        for table, columns in ((self.blocked_table, BLOCKED_COLUMNS), (self.accepted_table, ACCEPTED_COLUMNS)):
            column_sql = ", ".join(f"{name} {kind}" for name, kind in columns.items())
            self.warehouse.execute(f"CREATE TABLE IF NOT EXISTS {table} ({column_sql})")

    def blocked_keys(self) -> dict[str, list[str]]:
        """``{table: [row keys still blocked]}``: the rows every gate checks again."""
        keys: dict[str, list[str]] = {}
        for table, key in self.warehouse.fetchall(
            f"SELECT DISTINCT table_name, row_key FROM {self.blocked_table} WHERE status = 'blocked' ORDER BY 1, 2"
        ):
            keys.setdefault(table, []).append(key)
        return keys

    def acceptances(self) -> dict[tuple[str, str], set[str]]:
        """``{(table, row key): {expectations accepted}}`` (``*`` for all)."""
        accepted: dict[tuple[str, str], set[str]] = {}
        for table, key, expectation in self.warehouse.fetchall(
            f"SELECT table_name, row_key, expectation FROM {self.accepted_table}"
        ):
            accepted.setdefault((table, key), set()).add(expectation)
        return accepted

    def accept(self, table: str, row_key: str, expectation: str, accepted_by: str, reason: str) -> None:
        """Record an explicit decision to let a blocked row through (who, when, why)."""
        if not (accepted_by or "").strip() or not (reason or "").strip():
            raise ValueError("an acceptance needs who accepts it (--by) and why (--reason)")
        placeholder = self.warehouse.placeholder
        self.warehouse.execute(
            f"INSERT INTO {self.accepted_table} ({', '.join(ACCEPTED_COLUMNS)}) VALUES "
            f"({', '.join([placeholder] * len(ACCEPTED_COLUMNS))})",
            [table, row_key, expectation or ALL_EXPECTATIONS, accepted_by.strip(), _now(), reason.strip()],
        )

    def rows(self, status: str | None = None) -> list[dict]:
        sql = f"SELECT * FROM {self.blocked_table}"
        params = []
        if status:
            sql += f" WHERE status = {self.warehouse.placeholder}"
            params.append(status)
        cursor = self.warehouse.execute(sql + " ORDER BY table_name, row_key, expectation", params or None)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def record(
        self,
        run_id: str,
        failures,
        checked: dict[str, set[str]],
        key_columns: dict[str, str],
        accepted: dict[tuple[str, str], set[str]],
    ) -> dict[str, int]:
        """Register this run's blocking rows and resolve the blocks that no longer hold.

        ``checked`` maps each validated sticky table to the row keys its frame held: a blocked key
        that is not among them any more no longer exists in its latest version (fixed)."""
        now = _now()
        placeholder = self.warehouse.placeholder
        failing: set[tuple[str, str, str]] = set()
        counts = {"blocked": 0, "fixed": 0, "accepted": 0}
        existing = {(row["table_name"], row["row_key"], row["expectation"]): row for row in self.rows()}
        for failure in failures:
            key_column = key_columns.get(failure.table)
            if failure.severity != "error" or key_column is None:
                continue
            for row in failure.rows:
                if row.get(key_column) is None:
                    continue
                identity = (failure.table, str(row[key_column]), failure.expectation)
                failing.add(identity)
                row_json = json.dumps(row, ensure_ascii=False, default=str, sort_keys=True)
                if identity in existing:
                    self.warehouse.execute(
                        f"UPDATE {self.blocked_table} SET status = 'blocked', last_blocked_run = {placeholder}, "
                        f"last_checked_at = {placeholder}, row_json = {placeholder}, resolved_run = NULL, "
                        f"resolved_at = NULL, resolution = NULL WHERE table_name = {placeholder} AND row_key = "
                        f"{placeholder} AND expectation = {placeholder}",
                        [run_id, now, row_json, *identity],
                    )
                else:
                    self.warehouse.execute(
                        f"INSERT INTO {self.blocked_table} ({', '.join(BLOCKED_COLUMNS)}) VALUES "
                        f"({', '.join([placeholder] * len(BLOCKED_COLUMNS))})",
                        [
                            identity[0],
                            identity[1],
                            identity[2],
                            key_column,
                            failure.suite,
                            row.get("article_id"),
                            row.get("article_url"),
                            row_json,
                            "blocked",
                            run_id,
                            now,
                            run_id,
                            now,
                            None,
                            None,
                            None,
                        ],
                    )
                counts["blocked"] += 1
        for identity, row in existing.items():
            table, key, expectation = identity
            if row["status"] != "blocked" or identity in failing or table not in checked:
                continue
            accepted_for = accepted.get((table, key), set())
            if expectation in accepted_for or ALL_EXPECTATIONS in accepted_for:
                status, resolution = "accepted", "accepted in quality.accepted_rows"
            elif key in checked[table]:
                status, resolution = "fixed", "passes in its latest version"
            else:
                status, resolution = "fixed", "no longer in the latest version (reparsed or re-extracted)"
            self.warehouse.execute(
                f"UPDATE {self.blocked_table} SET status = {placeholder}, resolved_run = {placeholder}, "
                f"resolved_at = {placeholder}, last_checked_at = {placeholder}, resolution = {placeholder} "
                f"WHERE table_name = {placeholder} AND row_key = {placeholder} AND expectation = {placeholder}",
                [status, run_id, now, now, resolution, *identity],
            )
            counts[status] += 1
        if counts["blocked"]:
            log.warning(
                "%d row(s) block publishing until fixed or accepted (%s)", counts["blocked"], self.blocked_table
            )
        return counts
