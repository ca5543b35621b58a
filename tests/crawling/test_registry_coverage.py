"""Registry lint: scrapers/sources.yaml covers the country, then and now, and says why it believes each URL.

The province lists are the repository's seeds (dbt_project/seeds/ref_provinces.csv and
ref_provinces_2025.csv, kept equal to shared/spec/provinces/ by tests/warehouse/test_reference_seeds.py):
the 63 provinces in force until 2025-06-30 and the 34 from 2025-07-01. Every pre-2025 province has its
Department of Information and Communications (role ict_department), every post-July-2025 province
its Department of Science and Technology (role science_department); successor links resolve and
lead from the old department to the new province's department.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from urllib.parse import urlsplit

import pytest
import yaml

from scrapers.registry import CMS_FAMILIES, EVIDENCE_KINDS, SOURCE_ROLES, load_sources
from scrapers.urls import domain_allowed
from warehouse import reference, settings

REGISTRY = settings.PROJECT_ROOT / "scrapers" / "sources.yaml"
SEED_SOURCES = {"phutho_mic", "kontum_mic", "daknong_baodaknong", "dienbien_dic", "hatinh_stttt"}
DEPARTMENTS_MERGED_ON = dt.date(2025, 3, 1)


@pytest.fixture(scope="module")
def sources():
    return load_sources(REGISTRY, endpoints={})


@pytest.fixture(scope="module")
def old_to_new() -> dict[str, str]:
    return reference.seed_index("ref_provinces", "successor_province_code")


@pytest.fixture(scope="module")
def new_codes() -> set[str]:
    return set(reference.seed_codes("ref_provinces_2025"))


def test_the_province_lists_are_the_ones_the_registry_is_checked_against(old_to_new, new_codes):
    assert len(old_to_new) == 63 and len(new_codes) == 34 and set(old_to_new.values()) == new_codes


def test_every_one_of_the_63_provinces_has_its_ict_department(sources, old_to_new):
    departments = Counter(s.province_code for s in sources if s.role == "ict_department")
    assert set(old_to_new) - set(departments) == set(), "provinces without a Sở TT&TT entry"
    assert set(departments) <= set(old_to_new), "ict_department entries with an unknown province code"


def test_every_one_of_the_34_provinces_has_its_science_department(sources, new_codes):
    departments = Counter(s.successor_province_code for s in sources if s.role == "science_department")
    assert set(departments) == new_codes
    assert all(count == 1 for count in departments.values()), departments


def test_province_codes_agree_with_the_merger_table(sources, old_to_new, new_codes):
    for source in sources:
        if source.role == "science_department":
            assert source.province_code == source.successor_province_code in new_codes, source.id
        else:
            assert old_to_new.get(source.province_code) == source.successor_province_code, source.id


def test_ids_are_unique_in_the_file(sources):
    # load_sources refuses duplicates too; this reads the raw YAML so a loader change cannot hide one
    raw_ids = [entry["id"] for entry in yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))["sources"]]
    assert len(raw_ids) == len(set(raw_ids)) == len(sources)


def test_successor_links_resolve_to_the_new_provinces_department(sources):
    by_id = {s.id: s for s in sources}
    for source in sources:
        if source.role == "ict_department":
            successor = by_id.get(source.successor)
            assert successor is not None, f"{source.id}: successor {source.successor!r} does not resolve"
            assert successor.role == "science_department", source.id
            assert successor.successor_province_code == source.successor_province_code, source.id
            assert successor.valid_from == DEPARTMENTS_MERGED_ON, successor.id
            # a department site stops the day before the merger; a site still serving (the seeds' archives
            # while they are crawled, a portal the new department kept) leaves valid_to open
            assert source.valid_to in (None, DEPARTMENTS_MERGED_ON - dt.timedelta(days=1)), source.id
        elif source.successor is not None:
            assert source.successor in by_id, source.id


def test_every_entry_says_where_its_url_comes_from(sources):
    for source in sources:
        evidence = source.evidence
        assert evidence.get("kind") in EVIDENCE_KINDS, f"{source.id}: no evidence"
        if evidence["kind"] == "page":
            assert domain_allowed(evidence["url"], source.allowed_domains), (
                f"{source.id}: page evidence {evidence['url']} is not a page of the site"
            )
        if evidence["kind"] == "mention":
            assert evidence.get("url") and source.base_url.rstrip("/").split("//")[1] in evidence["note"], source.id
        if evidence["kind"] == "inferred":
            assert "inferred" in evidence["note"] and "pattern" in evidence["note"], source.id
        if evidence["kind"] != "seed_corpus":
            assert source.id not in SEED_SOURCES


def test_every_entry_has_a_cms_family_with_a_reason(sources):
    for source in sources:
        assert source.cms in CMS_FAMILIES and source.cms_reason and len(source.cms_reason) > 20, source.id
        assert source.role in SOURCE_ROLES, source.id


def test_only_the_five_seed_sources_are_active_or_verified(sources):
    """Nothing goes live before a probe confirms it (`python -m vnict probe --all`)."""
    assert {s.id for s in sources if s.active} == SEED_SOURCES
    assert {s.id for s in sources if s.verified} == SEED_SOURCES


def test_urls_are_on_the_entries_own_hosts(sources):
    for source in sources:
        hosts = {urlsplit(url).hostname for url in (source.base_url, *source.list_urls)}
        assert all(host and host.endswith(".vn") for host in hosts), source.id
