"""The warehouse's copy of the source registry: the dbt seed ``dbt_project/seeds/ref_sources.csv``.

The registry (``scrapers/sources.yaml``) is the one place a source is written; dbt needs its
reference data as a seed, so the seed is generated from it, never edited by hand:
``vnict sources --write-seed`` writes it, ``vnict sources --check-seed`` (and
tests/warehouse/test_source_seed.py) fail while the committed file differs from what the registry
gives. What the registry does not say is derived here by rule: the publisher kind from the role,
a department's English name from its Vietnamese one.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

from scrapers.registry import Source, load_sources
from warehouse import reference, settings

# The repository's registry, whatever VNICT_SOURCES_FILE points the crawler at: the committed seed
# describes the committed registry.
REGISTRY = settings.PROJECT_ROOT / "scrapers" / "sources.yaml"
SEED_NAME = "ref_sources"
COLUMNS = [
    "source_id",
    "source_name_en",
    "source_name_vi",
    "publisher_kind",
    "province_code",
    "successor_province_code",
    "base_url",
    "cms",
    "is_active",
    "is_verified",
    "valid_from",
    "valid_to",
    "successor_source_id",
    "source_role",
    "evidence_kind",
    "is_archived",
    "expected_publish_interval_days",
]

# role -> (how the department's Vietnamese name starts, its English name after the province)
DEPARTMENT_NAMES = {
    "ict_department": ("Sở Thông tin và Truyền thông ", "Department of Information and Communications"),
    "science_department": ("Sở Khoa học và Công nghệ ", "Department of Science and Technology"),
}


def seed_path() -> Path:
    return reference.seed_path(SEED_NAME)


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def english_name(source: Source) -> str:
    """The registry's ``name_en``; else "<Province> Department of ..." for a department; else the id."""
    if source.name_en:
        return source.name_en
    prefix, english = DEPARTMENT_NAMES.get(source.role, (None, None))
    if prefix and source.name.startswith(prefix):
        province = re.split(r" \(| –", source.name[len(prefix) :])[0]
        province = re.sub(r"^(tỉnh|thành phố|Tỉnh|Thành phố) ", "", province)
        return f"{_ascii(province)} {english}"
    return source.id


def publisher_kind(source: Source) -> str:
    """ministry, newspaper or department: who publishes, which decides the earliest plausible date (GX)."""
    if source.role in ("ministry", "newspaper"):
        return source.role
    if source.role is None and source.base_url.rstrip("/").endswith("//mic.gov.vn"):
        return "ministry"
    if source.role is None and source.id.split("_", 1)[-1].startswith("bao"):
        return "newspaper"
    return "department"


def seed_csv(registry: Path | None = None) -> str:
    """The seed's text for the registry (default: the repository's ``scrapers/sources.yaml``), one row
    per source in registry order. Mirror endpoints are ignored: the seed holds the real sites' addresses."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for source in load_sources(registry or REGISTRY, endpoints={}):
        writer.writerow(
            [
                source.id,
                english_name(source),
                source.name,
                publisher_kind(source),
                source.province_code or "",
                source.successor_province_code or "",
                source.base_url,
                source.cms,
                str(bool(source.active)).lower(),
                str(bool(source.verified)).lower(),
                source.valid_from or "",
                source.valid_to or "",
                source.successor or "",
                source.role or "",
                source.evidence.get("kind", ""),
                str(source.is_archived).lower(),
                source.expected_publish_interval_days,
            ]
        )
    return buffer.getvalue()


def write_seed(registry: Path | None = None) -> Path:
    """Write the seed from the registry; returns its path."""
    path = seed_path()
    path.write_bytes(seed_csv(registry).encode("utf-8"))
    return path


def seed_is_current(registry: Path | None = None) -> bool:
    """True when the committed seed is byte for byte what the registry gives."""
    path = seed_path()
    return path.exists() and path.read_bytes() == seed_csv(registry).encode("utf-8")
