"""The small pieces the gate is made of: column presence, severity, the volume band, date frames."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
import yaml

from expectations.checks import Check, load_config, present
from expectations.frames import DATE_SUFFIX, to_frame
from expectations.history import ROW_COUNT_CHECK, History
from expectations.severity import severity_of
from warehouse.database import Warehouse

ROOT = Path(__file__).resolve().parents[2]


def test_a_column_is_used_only_when_the_table_has_it():
    assert present(["indicator_code", "year"], "indicator_code") == "indicator_code"
    assert present(["indicator"], "indicator_code") is None and present(["x"], None) is None


def test_the_gate_names_the_columns_the_mart_contracts_fix():
    """Each column the gate checks on a mart is one its enforced dbt contract declares, so a check
    can only be skipped for a missing column if a contract changed without the gate."""
    contracts = {}
    for path in sorted((ROOT / "dbt_project" / "models" / "marts").glob("*.yml")):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models") or []:
            contracts[model["name"]] = {column["name"] for column in model.get("columns") or []}
    config = load_config()
    wanted = []  # (mart, column)
    for name, mart in config["marts"].items():
        wanted += [(name, column) for column in mart.get("grain", []) if not column.endswith("?")]
        for column, target in (mart.get("references") or {}).items():
            wanted += [(name, column), tuple(target.split(".", 1))]
        wanted += [(name, mart[key]) for key in ("freshness", "freshness_when") if mart.get(key)]
    for fact in config["facts"].values():
        shared = {key: column for key, column in fact.items() if key not in ("relations", "percentage_unit")}
        for relation, renamed in fact["relations"].items():
            layer, name = relation.split(".", 1)
            if layer == "audit":
                wanted += [(name, column) for column in {**shared, **(renamed or {})}.values()]
    wanted += [
        (location["table"], location[key])
        for location in config["article_urls"]
        if "." not in location["table"]
        for key in ("key", "url")
    ]
    assert len(wanted) > 50
    assert [(mart, column) for mart, column in wanted if column not in contracts.get(mart, ())] == []


def test_severity_is_error_unless_labelled_and_must_be_known():
    assert severity_of({}) == "error" and severity_of({"severity": "warning"}) == "warning"
    with pytest.raises(ValueError, match="severity 'fatal'"):
        severity_of({"severity": "fatal"})
    with pytest.raises(ValueError):
        Check("facts", "audit.t", "x", "ExpectColumnValuesToNotBeNull", {"column": "a"}, severity="fatal")


def test_thresholds_can_be_tuned_from_the_environment(monkeypatch):
    monkeypatch.setenv("VNICT_QUALITY_VOLUME_JUMP_FACTOR", "25")
    monkeypatch.setenv("VNICT_BUILD_SCHEMA", "audit_ci")
    config = load_config()
    assert config["thresholds"]["volume_jump_factor"] == 25 and config["schemas"]["audit"] == "audit_ci"


def test_dates_get_a_numeric_twin_for_range_checks():
    frame = to_frame([(dt.date(2026, 1, 2), 1), (None, 2)], ["period_start", "n"])
    assert frame["period_start"][0] == "2026-01-02" and frame["period_start"].isna()[1]
    assert frame["period_start" + DATE_SUFFIX].tolist()[0] == 20260102.0


def band_after(counts: list[int], current: int):
    warehouse = Warehouse(duckdb.connect(), "duckdb")
    history = History(warehouse)
    history.ensure()
    for day, count in enumerate(counts, start=1):
        warehouse.execute(
            "INSERT INTO quality.validation_runs (run_id, suite, table_name, expectation, observed_value,"
            " validated_at) VALUES (?, 'marts', 't', ?, ?, ?)",
            [f"r{day}", ROW_COUNT_CHECK, json.dumps(count), dt.datetime(2026, 11, day)],
        )
    thresholds = {"volume_history_runs": 7, "volume_min_history_runs": 3, "volume_jump_factor": 10}
    return history.volume_band("t", "now", current, thresholds)


def test_volume_band_is_learned_only_after_enough_runs():
    learning = band_after([10, 12], 15)
    assert learning.new_rows == 3 and learning.low is None and learning.high is None
    steady = band_after([10, 12, 15, 17], 17)
    assert (steady.new_rows, steady.low, steady.high) == (0, 1, 20)  # median of 2, 3, 2 new facts, x10
    quiet_source = band_after([10, 10, 12, 12], 12)
    assert quiet_source.low == 0  # runs without new facts are normal for this table: zero is no anomaly
