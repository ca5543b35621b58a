"""Source coverage over the whole registry: mart_source_coverage built for real on DuckDB and PostgreSQL
from the ref_sources seed (generated from scrapers/sources.yaml) and the articles of raw_scenario.py.
Every province of the 63 and of the 34 map has its rows; a source counts on the map its role says;
verified / live / archived come from the registry; the years are those of the articles held."""

from __future__ import annotations

from collections import defaultdict

import pytest

from scrapers.registry import load_sources
from warehouse import settings


@pytest.fixture(scope="module")
def registry():
    return load_sources(settings.PROJECT_ROOT / "scrapers" / "sources.yaml", endpoints={})


def _coverage(built) -> dict[tuple[str, str], dict[str, dict]]:
    by_province: dict[tuple[str, str], dict[str, dict]] = defaultdict(dict)
    for row in built.query_dicts("select * from audit.mart_source_coverage"):
        by_province[(row["province_map"], row["province_code"])][row["source_id"]] = row
    return by_province


def test_every_province_of_both_maps_is_there_with_the_registrys_sources(built, registry):
    coverage = _coverage(built)
    assert len([key for key in coverage if key[0] == "63"]) == 63
    assert len([key for key in coverage if key[0] == "34"]) == 34
    rows = sum(len(sources) for sources in coverage.values())
    assert rows == len([s for s in registry if s.role != "science_department"]) + len(registry)
    assert all(source_id is not None for sources in coverage.values() for source_id in sources)  # no gap today


def test_a_merged_province_gathers_its_predecessors_sources_and_its_new_department(built):
    coverage = _coverage(built)
    # Lâm Đồng (34 map) = Lâm Đồng + Đắk Nông + Bình Thuận (63 map), and the Sở KH&CN that took the ICT duties
    assert set(coverage[("34", "68")]) == {
        "lamdong_stttt",
        "daknong_stttt",
        "daknong_baodaknong",
        "binhthuan_stttt",
        "lamdong_skhcn",
    }
    assert set(coverage[("63", "67")]) == {"daknong_stttt", "daknong_baodaknong"}
    assert coverage[("63", "67")]["daknong_stttt"]["successor_source_id"] == "lamdong_skhcn"
    assert "kontum_mic" in coverage[("34", "51")] and "kontum_mic" in coverage[("63", "62")]
    science = [
        row for sources in coverage.values() for row in sources.values() if row["source_role"] == "science_department"
    ]
    assert len(science) == 34 and {row["province_map"] for row in science} == {"34"}


def test_verified_live_archived_and_the_years_held(built):
    coverage = _coverage(built)
    hatinh = coverage[("63", "42")]["hatinh_stttt"]
    assert (hatinh["is_verified"], hatinh["is_live"], hatinh["is_archived"]) == (True, True, False)
    assert (
        hatinh["article_count"],
        hatinh["first_article_year"],
        hatinh["last_article_year"],
        hatinh["years_with_articles"],
    ) == (2, 2022, 2022, 1)
    assert coverage[("34", "42")]["hatinh_stttt"]["article_count"] == 2  # the same source on the 34 map
    phutho = coverage[("63", "25")]["phutho_mic"]
    assert (phutho["article_count"], phutho["first_article_year"], phutho["evidence_kind"]) == (1, 2021, "seed_corpus")
    guessed = coverage[("63", "02")]["hagiang_stttt"]
    assert (
        guessed["is_verified"],
        guessed["is_live"],
        guessed["article_count"],
        guessed["first_article_year"],
        guessed["evidence_kind"],
    ) == (False, False, 0, None, "inferred")
    seen = coverage[("34", "08")]["tuyenquang_skhcn"]
    assert seen["evidence_kind"] == "page" and seen["has_source"] is True
