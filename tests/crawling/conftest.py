"""Fixtures for crawler tests: an isolated landing zone and warehouse, fake sites, fast politeness."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The helpers (sitekit, siteadapter) sit next to the tests; make them importable however pytest is run.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scrapers.registry import Politeness, Source  # noqa: E402
from sitekit import Site  # noqa: E402

FAST = Politeness(min_delay_seconds=0.0, timeout_seconds=1.0, connect_timeout_seconds=1.0, max_pages=5,
                  max_bytes=1_000_000, max_retries=2, backoff_seconds=0.05, max_retry_after_seconds=2.0)


@pytest.fixture(autouse=True)
def isolated_data(tmp_path, monkeypatch):
    monkeypatch.setenv("VNICT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("VNICT_LANDING_DIR", str(tmp_path / "landing"))
    monkeypatch.setenv("VNICT_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.delenv("VNICT_SOURCE_ENDPOINTS", raising=False)
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


def source_for(site: Site, source_id: str = "test_site", list_paths=("/news/",), politeness: Politeness = FAST,
               cms: str = "generic", province_code: str | None = "25") -> Source:
    return Source(id=source_id, name=f"Test site {source_id}", base_url=site.base_url, cms=cms,
                  list_urls=tuple(site.url(p) for p in list_paths),
                  allowed_domains=(f"127.0.0.1:{site.port}",), province_code=province_code,
                  politeness=politeness)
