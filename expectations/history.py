"""``quality.validation_runs``: one row per expectation per run, and the volume band learned from it.

Why keep our own history when GX stores validation results: the volume band needs "row counts of
the last N runs" as a query, and the table is where an analyst looks for "since when does this
check fail". Rows of a re-validated run replace that run's earlier rows (idempotent).
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime

TABLE_COLUMNS = {
    "run_id": "TEXT NOT NULL",
    "suite": "TEXT NOT NULL",
    "table_name": "TEXT NOT NULL",
    "expectation": "TEXT NOT NULL",
    "expectation_type": "TEXT",
    "column_name": "TEXT",
    "severity": "TEXT",
    "success": "BOOLEAN",
    "unexpected_count": "BIGINT",
    "observed_value": "TEXT",
    "validated_at": "TIMESTAMP NOT NULL",
}
ROW_COUNT_CHECK = "row_count_not_dropped_to_zero"


@dataclass
class VolumeBand:
    """Where this run's new facts for a table should fall; ``None`` bounds mean "still learning"."""

    table: str
    row_count: int
    previous_row_count: int | None
    low: float | None
    high: float | None

    @property
    def new_rows(self) -> int | None:
        return None if self.previous_row_count is None else self.row_count - self.previous_row_count


class History:
    def __init__(self, warehouse, schema: str = "quality"):
        self.warehouse = warehouse
        self.table = f"{schema}.validation_runs"
        self.schema = schema

    def ensure(self) -> None:
        self.warehouse.execute(f"CREATE SCHEMA IF NOT EXISTS {self.schema}")
        columns = ", ".join(f"{name} {kind}" for name, kind in TABLE_COLUMNS.items())
        self.warehouse.execute(f"CREATE TABLE IF NOT EXISTS {self.table} ({columns})")

    def record(self, run_id: str, outcomes) -> None:
        """Store one row per checked expectation (``outcomes`` are ``gx_runner.CheckOutcome``)."""
        placeholder = self.warehouse.placeholder
        now = datetime.now(UTC).replace(tzinfo=None)
        self.warehouse.execute(f"DELETE FROM {self.table} WHERE run_id = {placeholder}", [run_id])
        rows = [
            (
                run_id,
                outcome.check.suite,
                outcome.check.table,
                outcome.check.name,
                outcome.check.expectation,
                outcome.check.column,
                outcome.check.severity,
                bool(outcome.success),
                outcome.unexpected_count,
                None if outcome.observed_value is None else json.dumps(outcome.observed_value, default=str),
                now,
            )
            for outcome in outcomes
        ]
        columns = ", ".join(TABLE_COLUMNS)
        self.warehouse.executemany(
            f"INSERT INTO {self.table} ({columns}) VALUES ({', '.join([placeholder] * len(TABLE_COLUMNS))})", rows
        )

    def recent_row_counts(self, table: str, run_id: str, runs: int) -> list[int]:
        """Row counts of ``table`` in the latest ``runs`` earlier runs, oldest first."""
        placeholder = self.warehouse.placeholder
        rows = self.warehouse.fetchall(
            f"SELECT observed_value FROM {self.table} WHERE table_name = {placeholder} AND expectation = "
            f"{placeholder} AND run_id <> {placeholder} AND observed_value IS NOT NULL ORDER BY validated_at DESC LIMIT {int(runs)}",
            [table, ROW_COUNT_CHECK, run_id],
        )
        counts = []
        for (value,) in rows:
            try:
                counts.append(int(float(json.loads(value))))
            except (TypeError, ValueError):
                continue
        return list(reversed(counts))

    def volume_band(self, table: str, run_id: str, row_count: int, thresholds: dict) -> VolumeBand:
        """New facts per run should stay within a band learned from recent runs.

        Anomalies: no new facts when every recent run had some (a source or the extractor broke),
        or more than ``volume_jump_factor`` times the typical number (a duplicate load, a loop).
        """
        counts = self.recent_row_counts(table, run_id, thresholds["volume_history_runs"] + 1)
        previous = counts[-1] if counts else None
        deltas = [later - earlier for earlier, later in zip(counts, counts[1:])]
        if len(deltas) < thresholds["volume_min_history_runs"]:
            return VolumeBand(table, row_count, previous, None, None)
        typical = statistics.median(deltas)
        low = 1 if min(deltas) > 0 else 0
        high = thresholds["volume_jump_factor"] * max(typical, 1)
        return VolumeBand(table, row_count, previous, low, high)
