"""The dbt seeds, the repository's one copy of each reference list, agree with the shared spec they
were taken from (../shared/spec/*.csv and spec/provinces/) and with each other.

Inside the repository only the seeds are read (``warehouse.reference``); the spec is the public
taxonomy and province data beside the clone, so a change there shows up here as a difference to
bring into the seed. A seed may go ahead of the spec (a new indicator, a province renamed before the
spec says so) only where ``AHEAD_OF_SPEC`` says so, with why (docs/adding.md).
"""

from __future__ import annotations

import csv

import pytest

from warehouse import reference
from warehouse.settings import SHARED_DIR

SPEC = SHARED_DIR / "spec"
TAXONOMY = {  # seed -> spec file
    "ref_indicators": "indicators.csv",
    "ref_rankings": "rankings.csv",
    "ref_ranking_components": "ranking_components.csv",
    "ref_incident_types": "incident_types.csv",
}

# Where a seed deliberately differs from the shared spec, and why: (seed, code) for a code the spec
# lacks, (seed, code, column) for a value it gives otherwise. Empty: today every seed equals the spec.
AHEAD_OF_SPEC: dict[tuple[str, ...], str] = {}


def _differs_on_purpose(*key: str) -> bool:
    return key in AHEAD_OF_SPEC and len(AHEAD_OF_SPEC[key].split()) >= 4


def _spec_rows(relative: str) -> list[dict[str, str]]:
    with open(SPEC / relative, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("seed", sorted(TAXONOMY))
def test_taxonomy_seed_holds_the_spec_codes_with_the_same_values(seed):
    key = reference.KEY_COLUMNS[seed]
    spec = {row[key]: row for row in _spec_rows(TAXONOMY[seed])}
    seeded = {row[key]: row for row in reference.seed_rows(seed)}
    only_in_spec = sorted(set(spec) - set(seeded))
    assert not only_in_spec, (
        f"shared/spec/{TAXONOMY[seed]} has codes dbt_project/seeds/{seed}.csv lacks: {only_in_spec}"
    )
    only_in_seed = sorted(code for code in set(seeded) - set(spec) if not _differs_on_purpose(seed, code))
    assert not only_in_seed, (
        f"dbt_project/seeds/{seed}.csv has codes shared/spec/{TAXONOMY[seed]} lacks: "
        f"{only_in_seed}; say why in AHEAD_OF_SPEC (tests/warehouse/test_reference_seeds.py)"
    )
    for code, spec_row in spec.items():
        for column, value in spec_row.items():
            assert seeded[code].get(column) == value or _differs_on_purpose(seed, code, column), (
                f"{seed}.csv, {code}, {column}: {seeded[code].get(column)!r}, the spec says {value!r}"
            )


def test_the_63_provinces_and_their_successors_are_the_specs():
    spec = {row["old_code"]: row for row in _spec_rows("provinces/provinces_63_to_34.csv")}
    seeded = {row["province_code"]: row for row in reference.seed_rows("ref_provinces")}
    assert set(seeded) == set(spec) and len(seeded) == 63
    same = {
        "province_name_2024": "old_name_2024",
        "province_name": "old_name_2025_03",
        "province_type": "old_type_2024",
        "successor_province_code": "new_code",
        "successor_province_name": "new_name",
        "merger_change_vi": "change",
    }
    for code, row in seeded.items():
        for seed_column, spec_column in same.items():
            assert row[seed_column] == spec[code][spec_column] or _differs_on_purpose(
                "ref_provinces", code, seed_column
            ), (
                f"ref_provinces.csv, {code}, {seed_column}: {row[seed_column]!r}, the spec says {spec[code][spec_column]!r}"
            )


def test_the_34_provinces_are_the_specs_and_the_successor_links_agree():
    spec = {row["code"]: row for row in _spec_rows("provinces/provinces_34_2025.csv")}
    seeded = {row["province_code"]: row for row in reference.seed_rows("ref_provinces_2025")}
    assert set(seeded) == set(spec) and len(seeded) == 34
    for code, row in seeded.items():
        for seed_column, spec_column in {
            "province_name": "name",
            "predecessor_codes": "old_codes_merged",
            "predecessor_names": "old_names_merged",
        }.items():
            assert row[seed_column] == spec[code][spec_column] or _differs_on_purpose(
                "ref_provinces_2025", code, seed_column
            ), (
                f"ref_provinces_2025.csv, {code}, {seed_column}: {row[seed_column]!r}, the spec says {spec[code][spec_column]!r}"
            )
    successors = reference.seed_index("ref_provinces", "successor_province_code")
    for code, row in seeded.items():
        assert sorted(row["predecessor_codes"].split(";")) == sorted(
            old for old, new in successors.items() if new == code
        ), f"ref_provinces_2025.csv, {code}: predecessor_codes disagree with ref_provinces.csv successor_province_code"


def test_every_seed_is_read_by_its_key():
    for seed, key in reference.KEY_COLUMNS.items():
        codes = [row[key] for row in reference.seed_rows(seed)]
        assert codes and len(codes) == len(set(codes)) and all(codes), f"{seed}.csv: key {key} empty or repeated"
