"""Data-quality gates for the warehouse, as code: GX Core 1.x suites per layer (raw, facts, marts).

Entry point: ``run_quality_gate(run_id, logical_date, target=None) -> GateResult``. Importing
this package is cheap; Great Expectations itself is imported only when a gate runs.

Modules: ``checks`` (the Check vocabulary, config), ``severity``, ``raw``/``facts``/``marts``
(the suites), ``reference`` (taxonomy), ``history`` (validation_runs, volume band), ``frames``
(tables to DataFrames), ``gx_runner`` (GX and Data Docs), ``runner`` (the gate), ``result``.
"""

from __future__ import annotations

from expectations.result import Failure, GateResult
from expectations.severity import ERROR, WARNING


def run_quality_gate(run_id: str, logical_date=None, target: str | None = None) -> GateResult:
    """Validate this run's raw rows and the audit marts; see ``expectations.runner``."""
    from expectations.runner import run_quality_gate as run

    return run(run_id, logical_date, target)


__all__ = ["ERROR", "WARNING", "Failure", "GateResult", "run_quality_gate"]
