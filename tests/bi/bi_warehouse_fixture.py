"""A small DuckDB warehouse whose `marts` schema is built from the marts' dbt contracts.

Why: the BI tests must check the dashboards against the marts' *current* columns without running
the whole pipeline. Every table and column (with its declared `data_type`) comes from
`dbt_project/models/marts/*.yml`; when the dbt engineer renames a column there, the dataset that
reads it fails here. Rows are synthetic but consistent with the seeds (real province, indicator,
source codes; accepted values from the yml), so every chart has something to draw. A mart computed
from other marts for BI (DERIVED_MARTS, e.g. the scorecard map) is built by dbt itself from those
synthetic marts, so its rows obey its logic (a random map would have no province on any map).

`python tests/bi/bi_warehouse_fixture.py OUT.duckdb` writes one by hand.
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MARTS_DIR = PROJECT_ROOT / "dbt_project" / "models" / "marts"
SEEDS_DIR = PROJECT_ROOT / "dbt_project" / "seeds"
ROWS_PER_TABLE = 240
# Sparse on purpose, as on the bundled mirror data: no rank change is known and no target has an
# outcome at its deadline yet, so the browser test sees the dashboards say "no data" where they
# would otherwise draw empty axes or a misleading 0.
SPARSE_COLUMNS = {
    ("mart_rankings_history", "rank_change"): None,
    ("mart_rankings_history", "reported_rank_change"): None,
    ("mart_rankings_history", "previous_rank"): None,
    ("mart_rankings_history", "previous_year"): None,
}
RESTRICTED_VALUES = {("mart_targets_vs_actuals", "target_status"): ["in_progress", "no_data", "unknown_at_deadline"]}
# Marts derived from other marts (and the seeds they read), built by `dbt build` on the synthetic ones.
DERIVED_MARTS = {"mart_province_scorecard_map": ["ref_provinces"]}
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"


def mart_contracts(marts_dir: Path = MARTS_DIR) -> dict[str, dict]:
    """{model name: {"columns": {column: {"data_type", "accepted_values", "label_en", "label_vi"}}, ...}}."""
    models: dict[str, dict] = {}
    for path in sorted(marts_dir.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for model in document.get("models") or []:
            columns = {}
            for column in model.get("columns") or []:
                accepted = None
                for test in column.get("data_tests") or column.get("tests") or []:
                    if isinstance(test, dict) and "accepted_values" in test:
                        spec = test["accepted_values"]
                        accepted = (spec.get("arguments") or spec).get("values")
                meta = (column.get("config") or {}).get("meta") or column.get("meta") or {}
                columns[column["name"]] = {
                    "data_type": column.get("data_type") or "text",
                    "accepted_values": accepted,
                    "label_en": meta.get("label_en"),
                    "label_vi": meta.get("label_vi"),
                    "description": column.get("description"),
                }
            meta = (model.get("config") or {}).get("meta") or model.get("meta") or {}
            models[model["name"]] = {
                "columns": columns,
                "description": model.get("description"),
                "label_en": meta.get("label_en"),
                "label_vi": meta.get("label_vi"),
            }
    return models


def _seed(name: str) -> list[dict]:
    with (SEEDS_DIR / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


class _Values:
    """Plausible values for a column, chosen by its name, its accepted values, then its type."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.provinces = [row["province_code"] for row in _seed("ref_provinces")]
        self.successors = {row["province_code"]: row["successor_province_code"] for row in _seed("ref_provinces")}
        # A few indicators only, so that each one has values for many provinces on the map.
        self.indicators = [row["indicator_code"] for row in _seed("ref_indicators")][:4]
        # Labels a mart copies from a seed, found from the code column the row already has.
        self.derived = {
            "province_name": ("province_code", _index("ref_provinces", "province_code", "province_name")),
            "region": ("province_code", _index("ref_provinces", "province_code", "region_code")),
            "indicator_name_en": ("indicator_code", _index("ref_indicators", "indicator_code", "name_en")),
            "indicator_name_vi": ("indicator_code", _index("ref_indicators", "indicator_code", "name_vi")),
            "unit": ("indicator_code", _index("ref_indicators", "indicator_code", "unit")),
            "incident_type_name_en": ("incident_type", _index("ref_incident_types", "incident_type", "name_en")),
            "incident_type_name_vi": ("incident_type", _index("ref_incident_types", "incident_type", "name_vi")),
            "ranking_name_en": ("ranking_code", _index("ref_rankings", "ranking_code", "name_en")),
            "ranking_name_vi": ("ranking_code", _index("ref_rankings", "ranking_code", "name_vi")),
            "component_name_en": ("component_code", _index("ref_ranking_components", "component_code", "name_en")),
            "component_name_vi": ("component_code", _index("ref_ranking_components", "component_code", "name_vi")),
        }
        self.incident_types = [row["incident_type"] for row in _seed("ref_incident_types")]
        self.rankings = [row["ranking_code"] for row in _seed("ref_rankings")]
        self.components = [row["component_code"] for row in _seed("ref_ranking_components")][:2]
        self.sources = [row["source_id"] for row in _seed("ref_sources")]

    def value(self, column: str, spec: dict, row_number: int, row: dict):
        rng, data_type = self.rng, spec["data_type"].lower()
        if column in self.derived and self.derived[column][0] in row:
            code_column, lookup = self.derived[column]
            return lookup.get(row[code_column])
        if spec["accepted_values"]:
            # Mostly the first accepted value (e.g. admin level "province"), the others too.
            accepted = spec["accepted_values"]
            return accepted[0] if rng.random() < 0.6 else accepted[row_number % len(accepted)]
        if column.startswith("successor_province_code") and row.get("province_code"):
            return self.successors.get(row["province_code"])
        if column.endswith("province_code"):
            return self.provinces[row_number % len(self.provinces)]
        lookups = {
            "indicator_code": self.indicators,
            "incident_type": self.incident_types,
            "ranking_code": self.rankings,
            "component_code": self.components,
            "source_id": self.sources,
            "admin_level": ["province", "province", "province", "district"],
        }
        if column in lookups:
            return rng.choice(lookups[column])
        if column == "uncertainty":  # the extractor's reasons for doubt, "a; b", sometimes none
            return rng.choice(
                [
                    None,
                    "year not stated",
                    "province inferred from the article",
                    "year not stated; province inferred from the article",
                    "ranking name not stated",
                ]
            )
        if column in ("confidence", "publish_min_confidence"):
            return 0.75 if column == "publish_min_confidence" else round(rng.uniform(0.3, 0.74), 2)
        if column.endswith("_url"):
            return f"https://stttt.example.gov.vn/tin-tuc/{row_number}.html"
        if (
            column in ("year", "target_year", "actual_year", "latest_year")
            or column.endswith("_year")
            and "int" in data_type
        ):
            return rng.randint(2012, 2024)
        if column == "half_year_label":
            return f"{rng.randint(2016, 2024)}-H{rng.randint(1, 2)}"
        if column == "half_year":
            return rng.randint(1, 2)
        if column in ("rank", "national_rank", "previous_rank") or column.endswith("_rank"):
            return rng.randint(1, 63)
        if column == "out_of":
            return 63
        if "bool" in data_type:
            return rng.random() < 0.5
        if data_type in ("date",) or data_type.startswith("timestamp"):
            day = date(2015, 1, 5) + timedelta(days=rng.randint(0, 3650))
            if "week" in column:
                day -= timedelta(days=day.weekday())
            return day
        if any(token in data_type for token in ("int", "numeric", "decimal", "double", "float", "real")):
            if "pct" in column or column in ("value", "actual_value", "target_value"):
                return round(rng.uniform(5, 100), 1)
            return rng.randint(0, 90)
        return f"{column}_{row_number % 9}"


def _index(seed: str, key: str, value: str) -> dict:
    return {row[key]: row[value] for row in _seed(seed)}


def _duckdb_type(data_type: str) -> str:
    return {"text": "varchar", "string": "varchar", "double precision": "double"}.get(data_type.lower(), data_type)


def build_fixture_warehouse(path: Path, marts_dir: Path = MARTS_DIR, rows: int = ROWS_PER_TABLE, seed: int = 7) -> Path:
    """Write a DuckDB file with schema `marts` holding one table per mart contract."""
    import duckdb

    contracts = mart_contracts(marts_dir)
    if not contracts:
        raise RuntimeError(f"no mart contracts found in {marts_dir}/*.yml")
    values = _Values(random.Random(seed))
    path = Path(path)
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema marts")
        for model, contract in contracts.items():
            if model in DERIVED_MARTS:
                continue
            columns = contract["columns"]
            ddl = ", ".join(f'"{name}" {_duckdb_type(spec["data_type"])}' for name, spec in columns.items())
            connection.execute(f'create table marts."{model}" ({ddl})')
            if model == "dim_province":
                table_rows = _province_rows(columns)
            elif model == "dim_date":
                connection.execute(
                    "insert into marts.dim_date by name select d::date as date_day, year(d) as year, "
                    "case when month(d) <= 6 then 1 else 2 end as half_year, "
                    "make_date(year(d), case when month(d) <= 6 then 1 else 7 end, 1) as half_year_start, "
                    "quarter(d) as quarter, month(d) as month, date_trunc('week', d)::date as week_start, "
                    "isodow(d) as iso_day_of_week from range(date '2012-01-01', date '2026-12-31', interval 1 day) t(d)"
                )
                continue
            elif model == "dim_source":
                table_rows = [
                    {
                        name: (seed_row.get(name) or None)
                        if name in seed_row
                        else values.value(name, spec, number, seed_row)
                        for name, spec in columns.items()
                    }
                    for number, seed_row in enumerate(_seed("ref_sources"))
                ]
            elif model == "dim_indicator":
                table_rows = [
                    {name: _from_seed_indicator(name, seed_row) for name in columns}
                    for seed_row in _seed("ref_indicators")
                ]
            else:
                table_rows = []
                for number in range(rows):
                    row: dict = {}
                    for name, spec in columns.items():
                        if (model, name) in SPARSE_COLUMNS:
                            row[name] = SPARSE_COLUMNS[(model, name)]
                            continue
                        if (model, name) in RESTRICTED_VALUES:
                            spec = {**spec, "accepted_values": RESTRICTED_VALUES[(model, name)]}
                        row[name] = values.value(name, spec, number, row)
                    table_rows.append(row)
            placeholders = ", ".join("?" for _ in columns)
            quoted = ", ".join(f'"{name}"' for name in columns)
            connection.executemany(
                f'insert into marts."{model}" ({quoted}) values ({placeholders})',
                [[row.get(name) for name in columns] for row in table_rows],
            )
        _add_validation_runs(connection, values)
    _build_derived_marts(path, [model for model in DERIVED_MARTS if model in contracts])
    return path


def _build_derived_marts(path: Path, marts: list[str]) -> None:
    """`dbt build` (models and seeds, no tests) of the derived marts into the fixture's `marts`
    schema, reading the synthetic marts there (VNICT_BUILD_SCHEMA) and their seeds."""
    if not marts:
        return
    seeds = sorted({seed for mart in marts for seed in DERIVED_MARTS[mart]})
    work = path.parent / f"{path.stem}_dbt"
    environment = {
        **os.environ,
        "VNICT_TARGET": "duckdb",
        "VNICT_WAREHOUSE": str(path.resolve()),
        "VNICT_BUILD_SCHEMA": "marts",
    }
    command = [
        str(Path(sys.executable).with_name("dbt")),
        "build",
        "--select",
        *seeds,
        *marts,
        "--exclude",
        "resource_type:test",
        "resource_type:unit_test",
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target",
        "duckdb",
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]
    completed = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=600)
    if completed.returncode != 0:
        raise RuntimeError(f"building {marts} on the fixture warehouse failed:\n{completed.stdout[-4000:]}")


def _add_validation_runs(connection, values: _Values) -> None:
    """quality.validation_runs as the quality gate writes it (expectations.history), 3 runs."""
    from expectations.history import TABLE_COLUMNS

    connection.execute("create schema quality")
    connection.execute(
        "create table quality.validation_runs ("
        + ", ".join(f"{name} {kind.replace(' NOT NULL', '')}" for name, kind in TABLE_COLUMNS.items())
        + ")"
    )
    rows = []
    for run in range(3):
        for number in range(12):
            row = {
                name: values.value(name, {"data_type": kind.split()[0], "accepted_values": None}, number, {})
                for name, kind in TABLE_COLUMNS.items()
            }
            row.update(
                run_id=f"run_{run}",
                success=number % 5 != 0,
                severity="error" if number % 2 else "warning",
                validated_at=f"2026-11-2{run} 06:00:00",
            )
            rows.append([row[name] for name in TABLE_COLUMNS])
    connection.executemany(
        f"insert into quality.validation_runs values ({', '.join('?' for _ in TABLE_COLUMNS)})", rows
    )


def _province_rows(columns: dict) -> list[dict]:
    renames = {"region": "region_code"}
    rows = []
    for seed_row in _seed("ref_provinces"):
        row = {}
        for name, spec in columns.items():
            raw = seed_row.get(renames.get(name, name))
            if raw == "" or raw is None:
                row[name] = None
            elif "bool" in spec["data_type"]:
                row[name] = raw.lower() == "true"
            else:
                row[name] = raw
        rows.append(row)
    return rows


def _from_seed_indicator(column: str, seed_row: dict):
    mapping = {"indicator_name_en": "name_en", "indicator_name_vi": "name_vi"}
    raw = seed_row.get(mapping.get(column, column))
    if column == "higher_is_better":
        return str(raw).lower() == "true"
    return raw


if __name__ == "__main__":
    print(build_fixture_warehouse(Path(sys.argv[1])))
