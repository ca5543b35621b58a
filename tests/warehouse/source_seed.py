"""The dbt seed of the source registry (dbt_project/seeds/ref_sources.csv), derived from
scrapers/sources.yaml so the warehouse knows every source the crawler may write.

Regenerate after editing the registry:  python tests/warehouse/source_seed.py
(test_source_seed.py fails while the two disagree)."""
from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEED_PATH = PROJECT_ROOT / "dbt_project" / "seeds" / "ref_sources.csv"
COLUMNS = ["source_id", "source_name_en", "source_name_vi", "publisher_kind", "province_code", "successor_province_code",
           "base_url", "cms", "is_active", "is_verified", "valid_from", "valid_to", "successor_source_id",
           "source_role", "evidence_kind", "is_archived"]

# English names are not in the registry: the seed sources have theirs here, the departments get
# "<Province> Department of ..." from their Vietnamese name, anything else falls back to the id.
ENGLISH_NAMES = {
    "phutho_mic": "Ministry of Information and Communications, local news: Phu Tho",
    "kontum_mic": "Ministry of Information and Communications, local news: Kon Tum",
    "daknong_baodaknong": "Dak Nong Newspaper, science and technology",
    "dienbien_dic": "Dien Bien Department of Information and Communications",
    "dienbien_sokhcn": "Dien Bien Department of Science and Technology",
    "hatinh_stttt": "Ha Tinh Department of Information and Communications",
    "hatinh_skhcn": "Ha Tinh Department of Science and Technology",
    "lamdong_stttt": "Lam Dong Department of Information and Communications",
    "quangninh_stttt": "Quang Ninh Department of Information and Communications",
    "danang_stttt": "Da Nang Department of Information and Communications",
    "thanhhoa_chuyendoiso": "Thanh Hoa digital transformation portal (Department of Information and Communications)",
}


DEPARTMENT_NAMES = {
    "ict_department": ("Sở Thông tin và Truyền thông ", "Department of Information and Communications"),
    "science_department": ("Sở Khoa học và Công nghệ ", "Department of Science and Technology"),
}


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def english_name(source) -> str:
    if source.id in ENGLISH_NAMES:
        return ENGLISH_NAMES[source.id]
    prefix, english = DEPARTMENT_NAMES.get(source.role, (None, None))
    if prefix and source.name.startswith(prefix):
        province = re.split(r" \(| –", source.name[len(prefix):])[0]
        province = re.sub(r"^(tỉnh|thành phố|Tỉnh|Thành phố) ", "", province)
        return f"{_ascii(province)} {english}"
    return source.id


def publisher_kind(source) -> str:
    if source.role in ("ministry", "newspaper"):
        return source.role
    if source.role is None and source.base_url.rstrip("/").endswith("//mic.gov.vn"):
        return "ministry"
    if source.role is None and source.id.split("_", 1)[-1].startswith("bao"):
        return "newspaper"
    return "department"


def seed_csv() -> str:
    sys.path.insert(0, str(PROJECT_ROOT))
    from scrapers.registry import load_sources

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for source in load_sources(PROJECT_ROOT / "scrapers" / "sources.yaml"):
        writer.writerow([
            source.id, english_name(source), source.name, publisher_kind(source),
            source.province_code or "", source.successor_province_code or "", source.base_url, source.cms,
            str(bool(source.active)).lower(), str(bool(source.verified)).lower(),
            source.valid_from or "", source.valid_to or "", source.successor or "",
            source.role or "", source.evidence.get("kind", ""), str(source.is_archived).lower(),
        ])
    return buffer.getvalue()


if __name__ == "__main__":
    SEED_PATH.write_text(seed_csv(), encoding="utf-8")
    print(f"wrote {SEED_PATH}")
