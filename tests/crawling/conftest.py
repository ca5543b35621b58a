"""Fixtures for crawler tests: an isolated landing zone and warehouse, fake sites, fast politeness."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The helpers (sitekit, siteadapter) sit next to the tests; make them importable however pytest is run.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitekit import Site  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_data(tmp_path, monkeypatch):
    monkeypatch.setenv("VNICT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("VNICT_LANDING_DIR", str(tmp_path / "landing"))
    monkeypatch.setenv("VNICT_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.delenv("VNICT_SOURCE_ENDPOINTS", raising=False)
    monkeypatch.delenv("VNICT_OFFLINE", raising=False)
    # Runs in a test follow each other within seconds: no backoff between runs unless a test sets one.
    monkeypatch.setenv("VNICT_RETRY_BACKOFF_HOURS", "0")
    monkeypatch.delenv("VNICT_RETRY_GIVE_UP_AFTER", raising=False)
    return tmp_path


@pytest.fixture
def make_site():
    sites = []

    def factory(latency: float = 0.0) -> Site:
        site = Site(latency=latency)
        sites.append(site)
        return site

    yield factory
    for site in sites:
        site.stop()
