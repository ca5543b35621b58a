"""Read the taxonomy (known province codes, indicator codes, kinds...) that facts must stay within.

The dbt seeds are the single source of truth. The warehouse's ``reference`` schema is read first
(what dbt actually seeded); a seed not loaded yet is read from ``dbt_project/seeds/*.csv`` so that
the gate works on a warehouse where ``dbt seed`` has not run. Kinds and admin levels fall back to
``quality.yaml`` defaults because no seed lists them today.
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from warehouse.reference import SEEDS_DIR

log = logging.getLogger(__name__)

DEFAULTED = "__defaulted__"


def _warehouse_values(warehouse, schema: str, table: str, column: str, catalog: dict) -> set[str] | None:
    if column not in catalog.get(f"{schema}.{table}", ()):
        return None
    rows = warehouse.fetchall(f"SELECT DISTINCT {column} FROM {schema}.{table} WHERE {column} IS NOT NULL")
    return {str(row[0]) for row in rows}


def _seed_values(seeds_dir: Path, table: str, column: str) -> set[str] | None:
    path = seeds_dir / f"{table}.csv"
    if not path.exists():
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if column not in (reader.fieldnames or []):
            return None
        return {row[column] for row in reader if row.get(column)}


def load_taxonomy(warehouse, catalog: dict, config: dict, seeds_dir: Path = SEEDS_DIR) -> dict[str, set[str]]:
    """``{"provinces": {...}, "indicators": {...}, ...}``; a name with no source is absent (check skipped)."""
    schema = config["schemas"]["reference"]
    taxonomy: dict[str, set[str]] = {}
    defaulted: set[str] = set()
    for name, locations in config["taxonomy"].items():
        values: set[str] | None = None
        for location in locations:
            table, column = location.split(".")
            found = _warehouse_values(warehouse, schema, table, column, catalog)
            if found is None:
                found = _seed_values(seeds_dir, table, column)
            if found is not None:
                values = (values or set()) | found
        if values is None and f"default_{name}" in config:
            values = set(config[f"default_{name}"])
            defaulted.add(name)
        if values:
            taxonomy[name] = values
        else:
            log.warning("no reference values for %s (looked in %s); its checks are skipped", name, locations)
    # Which lists are our guesses from quality.yaml rather than seeds: their checks only warn.
    taxonomy[DEFAULTED] = defaulted
    return taxonomy
