"""The source seed of the warehouse (dbt_project/seeds/ref_sources.csv) is what the crawler's
registry (scrapers/sources.yaml) gives, byte for byte, and the command that writes it says so."""

import subprocess
import sys
from argparse import Namespace

from scrapers import source_seed
from scrapers.registry import load_sources
from vnict.commands import sources as sources_command
from warehouse import reference
from warehouse.settings import PROJECT_ROOT


def test_ref_sources_seed_is_generated_from_the_registry():
    assert source_seed.seed_path().read_bytes() == source_seed.seed_csv().encode("utf-8"), (
        "dbt_project/seeds/ref_sources.csv is out of date with scrapers/sources.yaml: "
        "run `vnict sources --write-seed` and commit the seed"
    )


def test_the_seed_has_one_row_per_registry_source_with_its_english_name():
    sources = load_sources(source_seed.REGISTRY, endpoints={})
    rows = reference.seed_rows("ref_sources")
    assert [row["source_id"] for row in rows] == [source.id for source in sources]
    names = {row["source_id"]: row["source_name_en"] for row in rows}
    assert names["phutho_mic"] == "Ministry of Information and Communications, local news: Phu Tho"  # registry name_en
    assert names["quangbinh_stttt"] == "Quang Binh Department of Information and Communications"  # derived by rule


def test_check_seed_passes_on_the_committed_seed():
    check = subprocess.run(
        [sys.executable, "-m", "vnict", "sources", "--check-seed"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0 and "is current" in check.stdout, check.stdout + check.stderr


def test_a_stale_seed_fails_the_check_and_write_seed_restores_the_same_bytes(tmp_path, monkeypatch, capsys):
    committed = source_seed.seed_path().read_bytes()
    # a copy of the seeds folder: the committed file is never touched by the test
    monkeypatch.setattr(reference, "SEEDS_DIR", tmp_path)
    stale = tmp_path / "ref_sources.csv"
    stale.write_bytes(committed.replace(b"Phu Tho", b"Phu Tho (stale)"))
    arguments = dict(active=False, json=False)
    assert sources_command.run(Namespace(**arguments, write_seed=False, check_seed=True)) == 1
    assert "run `vnict sources --write-seed`" in capsys.readouterr().err
    assert sources_command.run(Namespace(**arguments, write_seed=True, check_seed=False)) == 0
    assert stale.read_bytes() == committed
    assert sources_command.run(Namespace(**arguments, write_seed=False, check_seed=True)) == 0
