"""The reference lists, read from the dbt seeds that own them (``dbt_project/seeds/ref_*.csv``).

Why one reader: the seeds are the single source of truth for codes, names and units (indicators,
rankings and their components, incident types, provinces before and after 2025, sources, admin
levels, fact kinds). dbt loads them into the ``reference`` schema; every other consumer (the
extractor's units, the review decisions, the registry and BI checks) reads the same files here
instead of keeping a copy. How to add to a list: docs/adding.md. A file is read once per process.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from warehouse import settings

SEEDS_DIR = settings.PROJECT_ROOT / "dbt_project" / "seeds"

# The key column of each code list: the column other tables (and the extractor's dictionaries) refer to.
KEY_COLUMNS = {
    "ref_indicators": "indicator_code",
    "ref_rankings": "ranking_code",
    "ref_ranking_components": "component_code",
    "ref_incident_types": "incident_type",
    "ref_provinces": "province_code",
    "ref_provinces_2025": "province_code",
    "ref_sources": "source_id",
    "ref_admin_levels": "admin_level",
    "ref_fact_kinds": "kind",
}


def seed_path(name: str) -> Path:
    """The file of seed ``name`` (``ref_indicators`` -> dbt_project/seeds/ref_indicators.csv)."""
    return SEEDS_DIR / f"{name}.csv"


@functools.cache
def seed_rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of seed ``name`` as text, in file order (empty cells are empty strings)."""
    with open(seed_path(name), encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def seed_codes(name: str, column: str | None = None) -> frozenset[str]:
    """The non-empty values of ``column`` (default: the seed's key column) in seed ``name``."""
    column = column or KEY_COLUMNS[name]
    return frozenset(row[column] for row in seed_rows(name) if row.get(column))


def seed_index(name: str, value_column: str) -> dict[str, str]:
    """``{key: value}`` of seed ``name``: its key column to ``value_column``."""
    key = KEY_COLUMNS[name]
    return {row[key]: row[value_column] for row in seed_rows(name)}


@functools.cache
def indicator_units() -> dict[str, str]:
    """``{indicator_code: unit}`` (pct, count, count_or_pct, vnd, rank) from ref_indicators."""
    return seed_index("ref_indicators", "unit")
