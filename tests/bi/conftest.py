"""Fixtures for the BI tests: a warehouse built from the marts' dbt contracts and its BI snapshot.

The dashboards are checked against `dbt_project/models/marts/*.yml` as they are now (see
bi_warehouse_fixture.py). To check them against a real warehouse too (e.g. the one the end-to-end
run built), set VNICT_BI_TEST_WAREHOUSE to its path: its marts are snapshotted (read-only) and
every dataset must run on them as well.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from bi_warehouse_fixture import build_fixture_warehouse  # noqa: E402

from bi.snapshot import write_bi_snapshot  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "bi: starts Superset from .venv-bi and drives headless Chromium (about 2 minutes)"
    )


@pytest.fixture(scope="session")
def fixture_warehouse(tmp_path_factory) -> Path:
    return build_fixture_warehouse(tmp_path_factory.mktemp("bi_warehouse") / "warehouse.duckdb")


@pytest.fixture(scope="session")
def fixture_snapshot(fixture_warehouse, tmp_path_factory) -> Path:
    snapshot = tmp_path_factory.mktemp("bi_snapshot") / "marts_snapshot.duckdb"
    write_bi_snapshot(fixture_warehouse, snapshot)
    return snapshot


def _snapshots(tmp_path_factory, fixture_snapshot) -> dict[str, Path]:
    snapshots = {"contracts": fixture_snapshot}
    real = os.environ.get("VNICT_BI_TEST_WAREHOUSE")
    if real:
        snapshot = tmp_path_factory.mktemp("bi_real_snapshot") / "marts_snapshot.duckdb"
        write_bi_snapshot(real, snapshot)
        snapshots["warehouse"] = snapshot
    return snapshots


@pytest.fixture(scope="session")
def bi_snapshots(tmp_path_factory, fixture_snapshot) -> dict[str, Path]:
    """{"contracts": snapshot of the fixture[, "warehouse": snapshot of VNICT_BI_TEST_WAREHOUSE]}."""
    return _snapshots(tmp_path_factory, fixture_snapshot)
