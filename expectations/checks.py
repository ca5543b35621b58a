"""The vocabulary the suites are written in: a ``Check`` is one GX expectation, described as data.

Why not build GX objects directly in the layer modules: importing ``great_expectations`` takes
~8 s, and the layer modules are imported by the DAG and by cheap tests. A ``Check`` names the
GX expectation class and its arguments; ``expectations.gx_runner`` turns it into the real thing.
This module also loads ``quality.yaml``.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from expectations.severity import ERROR, SEVERITIES

CONFIG_FILE = Path(__file__).with_name("quality.yaml")


@dataclass(frozen=True)
class Check:
    """One expectation on one table.

    ``name`` is stable across runs (history, deduplication of alerts and quarantine rows key on it).
    ``when`` restricts the rows checked: ``(column, operator, value)`` with an operator of
    ``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``; it becomes a GX row condition.
    """

    suite: str
    table: str
    name: str
    expectation: str
    kwargs: dict = field(default_factory=dict)
    severity: str = ERROR
    when: tuple | None = None
    description: str = ""

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"check {self.name}: severity {self.severity!r} is not one of {SEVERITIES}")

    @property
    def column(self) -> str | None:
        """The column a person should look at, for alerts and the quarantine table."""
        kwargs = self.kwargs
        if "column" in kwargs:
            return kwargs["column"]
        if "column_A" in kwargs:
            return f"{kwargs['column_A']},{kwargs['column_B']}"
        if "column_list" in kwargs:
            return ",".join(kwargs["column_list"])
        return None

    @property
    def columns(self) -> list[str]:
        kwargs = self.kwargs
        found = [kwargs[key] for key in ("column", "column_A", "column_B") if key in kwargs]
        found += list(kwargs.get("column_list", []))
        if self.when:
            found.append(self.when[0])
        return found


@dataclass
class Skipped:
    """A check the configuration asks for but the table cannot support (missing table or column)."""

    suite: str
    table: str
    name: str
    reason: str


@functools.lru_cache(maxsize=1)
def _load_config_file(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_config(path: Path | None = None) -> dict:
    """The gate's configuration; ``VNICT_QUALITY_CONFIG`` points at another file (tests, forks)."""
    chosen = path or Path(os.environ.get("VNICT_QUALITY_CONFIG", CONFIG_FILE))
    config = dict(_load_config_file(str(chosen)))
    schemas = dict(config["schemas"])
    schemas["audit"] = os.environ.get("VNICT_BUILD_SCHEMA", schemas["audit"])
    config["schemas"] = schemas
    thresholds = dict(config["thresholds"])
    for name in ("volume_jump_factor", "volume_min_history_runs"):
        # Ops can tune the noisiest thresholds per deployment without a code change.
        variable = f"VNICT_QUALITY_{name.upper()}"
        if os.environ.get(variable):
            thresholds[name] = int(os.environ[variable])
    config["thresholds"] = thresholds
    return config


def present(columns, name: str | None) -> str | None:
    """``name`` when the table has that column, else None (the caller reports the check as skipped)."""
    return name if name and name in columns else None


@dataclass
class LayerPlan:
    """What one layer asks the runner to validate: checks, what it could not check, custom frames.

    ``frames`` maps a table name to a function ``(warehouse) -> DataFrame`` for tables that are not
    read whole (raw rows of one run) or do not exist in the warehouse (per-source coverage, volume).
    """

    checks: list[Check] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    frames: dict = field(default_factory=dict)

    def add(self, check: Check) -> None:
        self.checks.append(check)

    def skip(self, suite: str, table: str, name: str, reason: str) -> None:
        self.skipped.append(Skipped(suite, table, name, reason))


@dataclass
class SuiteInputs:
    """Everything the layer modules need to write their checks for one run."""

    run_id: str
    logical_date: object  # datetime.date
    config: dict
    catalog: dict  # {"schema.table": [columns]}
    taxonomy: dict  # {"provinces": {...}, ...}
    warehouse: object = None
    history: object = None  # expectations.history.History
    # {"schema.table": [row keys]} still blocked from earlier runs (expectations.blocks): the
    # run-scoped frames read them again, in their latest version, with this run's rows.
    blocked_keys: dict = field(default_factory=dict)
    _distinct_cache: dict = field(default_factory=dict)

    @property
    def as_of(self):
        """Latest date data may be about: the logical date, or today when backfilling an older one.

        A backfill run for a past logical date crawls today's site, so "in the future" must mean
        after today, not after the logical date.
        """
        import datetime as dt

        return max(self.logical_date, dt.datetime.now(dt.UTC).date())

    def schema(self, layer: str) -> str:
        return self.config["schemas"][layer]

    def columns(self, table: str) -> list[str]:
        return self.catalog.get(table, [])

    def distinct_values(self, table: str, column: str) -> set:
        """Distinct non-null values of a column, as strings (referential-integrity value sets)."""
        key = (table, column)
        if key not in self._distinct_cache:
            rows = self.warehouse.fetchall(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL")
            self._distinct_cache[key] = {row[0] for row in rows}
        return self._distinct_cache[key]

    def row_count(self, table: str) -> int:
        return self.warehouse.fetchall(f"SELECT count(*) FROM {table}")[0][0]
