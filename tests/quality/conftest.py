"""Fixtures of the quality tests: a fresh data directory and DuckDB warehouse per test."""

from __future__ import annotations

import logging

import pytest
from quality_fixtures import build_sample_warehouse


@pytest.fixture(autouse=True)
def quiet_logs():
    logging.getLogger("great_expectations").setLevel(logging.WARNING)


@pytest.fixture
def warehouse_env(tmp_path, monkeypatch):
    """Point every setting at a fresh data directory and DuckDB file; returns the DuckDB path."""
    data = tmp_path / "data"
    data.mkdir()
    path = data / "warehouse.duckdb"
    monkeypatch.setenv("VNICT_DATA_DIR", str(data))
    monkeypatch.setenv("VNICT_WAREHOUSE", str(path))
    monkeypatch.setenv("VNICT_TARGET", "duckdb")
    monkeypatch.setenv("VNICT_SOURCES_FILE", str(tmp_path / "no-registry.yaml"))
    monkeypatch.delenv("VNICT_BUILD_SCHEMA", raising=False)
    for variable in (
        "VNICT_SMTP_HOST",
        "VNICT_ALERT_WEBHOOK_URL",
        "VNICT_ALERT_EMAIL_TO",
        "VNICT_ALERT_DISABLE",
        "AIRFLOW_CONN_VNICT_ALERT_SMTP",
        "AIRFLOW_CONN_VNICT_ALERT_WEBHOOK",
    ):
        monkeypatch.delenv(variable, raising=False)
    build_sample_warehouse(path, run_id="run_1")
    return path
