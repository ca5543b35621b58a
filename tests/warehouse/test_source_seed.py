"""The source seed of the warehouse matches the crawler's registry."""
import source_seed


def test_ref_sources_seed_matches_the_registry():
    assert source_seed.SEED_PATH.read_text(encoding="utf-8") == source_seed.seed_csv(), (
        "dbt_project/seeds/ref_sources.csv is out of date with scrapers/sources.yaml: "
        "run `python tests/warehouse/source_seed.py` and commit the seed"
    )
