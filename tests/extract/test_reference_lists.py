"""The extractor's dictionaries agree with the dbt seeds that own the codes (docs/adding.md).

The seeds (dbt_project/seeds/ref_*.csv) own every code with its names and unit; the extractor's
data files hold only wordings keyed by code. A code the extractor can emit without a seed row
would be caught at run time by the quality gate, which then blocks publishing; these tests catch
it in a second, naming the file and the row to add. Every seed code is either read by some
wording or listed under ``not_extracted`` with the reason.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from extraction import extract_article
from extraction.dictionaries import DATA_DIR, indicator_unit, province_alias_rows
from extraction.indicators import _service_level_code
from warehouse import reference
from warehouse.settings import PROJECT_ROOT, SHARED_DIR

ARTICLES = Path(__file__).resolve().parent / "articles"
REAL_ARTICLES = sorted(
    [
        *(SHARED_DIR / "corpus" / "seeds").glob("*.txt"),
        *(SHARED_DIR / "corpus" / "dev").glob("*.txt"),
        *(SHARED_DIR / "corpus" / "dev2").glob("*.txt"),
    ]
)


def _yaml(name: str) -> dict:
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


def _relative(path: Path) -> str:
    return str(path.relative_to(PROJECT_ROOT))


def _extracted_codes() -> dict[str, tuple[str, set[str], dict[str, str]]]:
    """{seed: (dictionary file, codes its wordings can give, {code: why not extracted})}."""
    indicators = _yaml("indicators.yaml")
    indicator_codes = set()
    for code, definition in indicators["indicators"].items():
        indicator_codes.update((definition or {}).get("resolved_by_level") or [code])
    rankings = _yaml("rankings.yaml")
    incidents = _yaml("incidents.yaml")
    return {
        "ref_indicators": ("indicators.yaml", indicator_codes, indicators.get("not_extracted") or {}),
        "ref_rankings": (
            "rankings.yaml",
            set(rankings["rankings"]),
            (rankings.get("not_extracted") or {}).get("rankings") or {},
        ),
        "ref_ranking_components": (
            "rankings.yaml",
            set(rankings["components"]),
            (rankings.get("not_extracted") or {}).get("components") or {},
        ),
        "ref_incident_types": ("incidents.yaml", set(incidents["types"]), incidents.get("not_extracted") or {}),
    }


def _row_to_add(seed: str, code: str) -> str:
    header = next(iter(reference.seed_rows(seed)))
    return ",".join(code if column == reference.KEY_COLUMNS[seed] else f"<{column}>" for column in header)


@pytest.mark.parametrize("seed", sorted(_extracted_codes()))
def test_every_code_the_extractor_reads_has_its_seed_row(seed):
    dictionary, codes, _ = _extracted_codes()[seed]
    missing = sorted(codes - reference.seed_codes(seed))
    assert not missing, "\n".join(
        f"extraction/data/{dictionary} reads {code!r}, but {_relative(reference.seed_path(seed))} has no row for it: "
        f"add the row\n    {_row_to_add(seed, code)}\n(docs/adding.md; without it the quality gate blocks publishing)"
        for code in missing
    )


@pytest.mark.parametrize("seed", sorted(_extracted_codes()))
def test_every_seed_code_is_read_or_listed_as_not_extracted_with_why(seed):
    dictionary, codes, not_extracted = _extracted_codes()[seed]
    unread = sorted(reference.seed_codes(seed) - codes - set(not_extracted))
    assert not unread, (
        f"{_relative(reference.seed_path(seed))} has codes no wording of extraction/data/{dictionary} "
        f"reads: {unread}; add their wordings, or list them under not_extracted with why"
    )
    for code, why in not_extracted.items():
        assert code in reference.seed_codes(seed), f"{dictionary}: not_extracted names {code!r}, which is no seed code"
        assert code not in codes, f"{dictionary}: {code!r} is both read and listed as not extracted"
        assert isinstance(why, str) and len(why.split()) >= 4, f"{dictionary}: say why {code!r} is not extracted"


def test_online_services_resolve_by_level_to_exactly_the_declared_codes():
    declared = _yaml("indicators.yaml")["indicators"]["online_services"]["resolved_by_level"]
    produced = {
        _service_level_code(text)
        for text in ("mức độ 1", "mức độ 2", "mức 1, 2", "mức độ 3", "mức độ 4", "mức độ 3, 4", "mức độ 3 trở lên")
    }
    assert produced == set(declared)


def test_units_come_from_the_seed():
    for code, definition in _yaml("indicators.yaml")["indicators"].items():
        assert set(definition) <= {"phrases", "count_nouns", "agency_counts", "usage_share", "resolved_by_level"}, (
            f"indicators.yaml, {code}: names and units belong to dbt_project/seeds/ref_indicators.csv"
        )
    assert indicator_unit("computers") == "count" and indicator_unit("computer_ratio") == "pct"
    assert indicator_unit("online_services") == "count_or_pct"  # the unit its level codes share
    assert indicator_unit("no_such_code") is None


@pytest.mark.parametrize(
    "path", [*REAL_ARTICLES, *sorted(ARTICLES.glob("*.txt"))], ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_every_code_in_the_output_is_a_seed_code(path):
    """The Python grammar also names codes (budgets, levels): what comes out is checked, not only the data files."""
    result = extract_article(path.read_text(encoding="utf-8"), include_implausible=True)
    provinces = reference.seed_codes("ref_provinces")
    assert {fact["indicator"] for fact in result["facts"]} <= reference.seed_codes("ref_indicators")
    assert {fact["unit"] for fact in result["facts"]} <= {"pct", "count", "vnd"}
    assert {entry["ranking"] for entry in result["rankings"]} <= reference.seed_codes("ref_rankings")
    assert {entry["component"] for entry in result["rankings"]} <= reference.seed_codes("ref_ranking_components")
    assert {entry["incident_type"] for entry in result["incidents"]} <= reference.seed_codes("ref_incident_types")
    named = {result["province_code"]} | {
        entry["province_code"] for group in ("facts", "rankings", "incidents") for entry in result[group]
    }
    assert named - {None} <= provinces


def test_province_aliases_are_keyed_by_the_seeds_codes():
    rows = province_alias_rows()
    codes = [row["province_code"] for row in rows]
    assert len(codes) == len(set(codes)), "extraction/data/province_aliases.csv lists a province twice"
    assert set(codes) == reference.seed_codes("ref_provinces"), (
        "extraction/data/province_aliases.csv must have one row per province of dbt_project/seeds/ref_provinces.csv: "
        f"missing {sorted(reference.seed_codes('ref_provinces') - set(codes))}, "
        f"unknown {sorted(set(codes) - reference.seed_codes('ref_provinces'))}"
    )
    assert list(next(iter(rows))) == ["province_code", "aliases", "host_aliases"], (
        "names and successors live in the seed"
    )


@pytest.mark.parametrize("seed_row", reference.seed_rows("ref_provinces"), ids=lambda row: row["province_code"])
def test_the_seeds_names_of_a_province_are_among_its_aliases(seed_row):
    """A renamed province (a new row value in the seed) needs its new name written in the aliases too."""
    aliases = next(
        row["aliases"].split(";") for row in province_alias_rows() if row["province_code"] == seed_row["province_code"]
    )
    for column in ("province_name", "province_name_2024"):
        name = seed_row[column]
        written = {name, re.sub(r"^(Tỉnh|Thành phố) ", "", name)}  # "Tỉnh Hà Giang" is written "Hà Giang" too
        assert written & set(aliases), (
            f"extraction/data/province_aliases.csv, province {seed_row['province_code']}: add {column} "
            f"{name!r} of dbt_project/seeds/ref_provinces.csv (or {sorted(written - {name})[0]!r}) to its aliases {aliases}"
        )
