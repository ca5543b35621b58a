"""What the quality gate returns: plain dataclasses, cheap to import and JSON-able for XComs."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field

from expectations.severity import ERROR, WARNING


@dataclass
class Failure:
    """One failed expectation: enough to page someone and to quarantine the rows it caught."""

    suite: str
    table: str
    expectation: str  # the check's stable name, e.g. percentage_within_0_100
    expectation_type: str  # the GX expectation, e.g. expect_column_values_to_be_between
    severity: str
    column: str | None
    unexpected_count: int | None
    observed_value: object = None
    description: str = ""
    exception: str | None = None
    docs_url: str | None = None
    examples: list[dict] = field(default_factory=list)  # up to 3: {"value", "article_id", "article_url"}
    rows: list[dict] = field(default_factory=list)  # the offending rows (capped), for the quarantine

    @property
    def key(self) -> str:
        """Identity of "the same failure" across runs, for alert deduplication."""
        return f"{self.suite}|{self.table}|{self.expectation}|{self.column}"


@dataclass
class GateResult:
    run_id: str
    logical_date: str
    success: bool  # no error-severity expectation failed
    errors: int
    warnings: int
    passed: int
    failed: int
    expectation_count: int
    data_docs_path: str
    duration_seconds: float
    raw_run_id: str | None = None
    failures: list[Failure] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    blocked_rows: int = 0  # rows blocking now, in quality.blocked_rows (they stay blocked until fixed or accepted)
    released_rows: int = 0  # blocks resolved by this run (fixed or accepted)
    accepted_rows: int = 0  # failing rows let through by an explicit acceptance (quality.accepted_rows)

    @property
    def error_failures(self) -> list[Failure]:
        return [failure for failure in self.failures if failure.severity == ERROR]

    @property
    def warning_failures(self) -> list[Failure]:
        return [failure for failure in self.failures if failure.severity == WARNING]

    def to_dict(self, include_rows: bool = False) -> dict:
        """JSON-safe dict; the quarantined rows are left out unless asked for (XComs stay small)."""
        data = dataclasses.asdict(self)
        if not include_rows:
            for failure in data["failures"]:
                failure.pop("rows", None)
        return json.loads(json.dumps(data, default=str))

    def summary(self) -> str:
        state = "PASSED" if self.success else "BLOCKED"
        lines = [
            f"quality gate {state} for run {self.run_id}: {self.passed}/{self.expectation_count} expectations "
            f"passed, {self.errors} error(s), {self.warnings} warning(s) in {self.duration_seconds:.1f}s",
            f"Data Docs: {self.data_docs_path}",
        ]
        for failure in self.failures:
            lines.append(
                f"  [{failure.severity}] {failure.suite} {failure.table}.{failure.column or '*'} "
                f"{failure.expectation}: {failure.unexpected_count if failure.unexpected_count is not None else failure.observed_value} bad"
            )
        return "\n".join(lines)
