"""Fixtures: the offline mirror served for real on 127.0.0.1 (once per test session)."""

from __future__ import annotations

import pytest
import yaml

from mirror.server import start_mirror
from warehouse import settings


@pytest.fixture(scope="session")
def mirror():
    handle = start_mirror()
    yield handle
    handle.stop()


@pytest.fixture(scope="session")
def registry_entries() -> dict[str, dict]:
    """Source entries read straight from the YAML (the registry loader is another module's job)."""
    data = yaml.safe_load((settings.PROJECT_ROOT / "scrapers" / "sources.yaml").read_text(encoding="utf-8"))
    return {entry["id"]: entry for entry in data["sources"]}
