"""The dbt seeds, the repository's one copy of each reference list, agree with the shared spec they
were taken from (../shared/spec/*.csv and spec/provinces/) and with each other.

Inside the repository only the seeds are read (``warehouse.reference``); the spec is the public
taxonomy and province data beside the clone, so a change there shows up here as a difference to
bring into the seed (docs/adding.md).
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


def _spec_rows(relative: str) -> list[dict[str, str]]:
    with open(SPEC / relative, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("seed", sorted(TAXONOMY))
def test_taxonomy_seed_holds_the_spec_codes_with_the_same_values(seed):
    key = reference.KEY_COLUMNS[seed]
    spec = {row[key]: row for row in _spec_rows(TAXONOMY[seed])}
    seeded = {row[key]: row for row in reference.seed_rows(seed)}
    assert set(seeded) == set(spec), (
        f"dbt_project/seeds/{seed}.csv and shared/spec/{TAXONOMY[seed]} differ: only in the seed "
        f"{sorted(set(seeded) - set(spec))}, only in the spec {sorted(set(spec) - set(seeded))}")
    for code, spec_row in spec.items():
        for column, value in spec_row.items():
            assert seeded[code].get(column) == value, f"{seed}.csv, {code}, {column}: {seeded[code].get(column)!r} vs spec {value!r}"


def test_the_63_provinces_and_their_successors_are_the_specs():
    spec = {row["old_code"]: row for row in _spec_rows("provinces/provinces_63_to_34.csv")}
    seeded = {row["province_code"]: row for row in reference.seed_rows("ref_provinces")}
    assert set(seeded) == set(spec) and len(seeded) == 63
    same = {"province_name_2024": "old_name_2024", "province_name": "old_name_2025_03", "province_type": "old_type_2024",
            "successor_province_code": "new_code", "successor_province_name": "new_name", "merger_change_vi": "change"}
    for code, row in seeded.items():
        for seed_column, spec_column in same.items():
            assert row[seed_column] == spec[code][spec_column], f"ref_provinces.csv, {code}, {seed_column}"


def test_the_34_provinces_are_the_specs_and_the_successor_links_agree():
    spec = {row["code"]: row for row in _spec_rows("provinces/provinces_34_2025.csv")}
    seeded = {row["province_code"]: row for row in reference.seed_rows("ref_provinces_2025")}
    assert set(seeded) == set(spec) and len(seeded) == 34
    for code, row in seeded.items():
        assert (row["province_name"], row["predecessor_codes"], row["predecessor_names"]) == (
            spec[code]["name"], spec[code]["old_codes_merged"], spec[code]["old_names_merged"]), code
    successors = reference.seed_index("ref_provinces", "successor_province_code")
    for code, row in seeded.items():
        assert sorted(row["predecessor_codes"].split(";")) == sorted(old for old, new in successors.items() if new == code), (
            f"ref_provinces_2025.csv, {code}: predecessor_codes disagree with ref_provinces.csv successor_province_code")


def test_every_seed_is_read_by_its_key():
    for seed, key in reference.KEY_COLUMNS.items():
        codes = [row[key] for row in reference.seed_rows(seed)]
        assert codes and len(codes) == len(set(codes)) and all(codes), f"{seed}.csv: key {key} empty or repeated"
