"""The publish threshold on extractor confidence, for real on DuckDB and PostgreSQL.

Facts at or above ``publish_min_confidence`` reach the fact marts; valid facts below it are kept,
with their evidence and the extractor's reasons (``uncertainty``), in ``mart_extraction_review``;
changing the setting moves them between the two; one source of truth (warehouse/settings.py) for
the dbt var; raw tables take entries with or without ``uncertainty``, and a warehouse built before
the column existed upgrades in place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import raw_scenario
import yaml

from scrapers import parse_articles
from warehouse import archive, database, dbt_runner, settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FACT_MARTS = {
    "indicator": "fct_indicator_observations",
    "ranking": "fct_ict_rankings",
    "incident": "fct_security_incidents",
}
BELOW_THRESHOLD = {"f-low-confidence", "r-low-confidence", "i-low-confidence"}


# --- one source of truth -------------------------------------------------------------------------


def test_dbt_project_default_equals_the_setting():
    """dbt_project.yml repeats settings.PUBLISH_MIN_CONFIDENCE for a bare `dbt` command: keep them equal."""
    project = yaml.safe_load((PROJECT_ROOT / "dbt_project" / "dbt_project.yml").read_text(encoding="utf-8"))
    assert project["vars"]["publish_min_confidence"] == settings.PUBLISH_MIN_CONFIDENCE, (
        "dbt_project/dbt_project.yml vars.publish_min_confidence must equal warehouse/settings.py "
        "PUBLISH_MIN_CONFIDENCE; change both together"
    )


def test_setting_is_overridden_by_the_environment_and_checked(monkeypatch):
    monkeypatch.delenv("VNICT_PUBLISH_MIN_CONFIDENCE", raising=False)
    assert settings.publish_min_confidence() == settings.PUBLISH_MIN_CONFIDENCE
    assert 0 < settings.PUBLISH_MIN_CONFIDENCE <= 1
    monkeypatch.setenv("VNICT_PUBLISH_MIN_CONFIDENCE", "0.9")
    assert settings.publish_min_confidence() == 0.9
    for wrong in ("high", "1.5", "-0.1"):
        monkeypatch.setenv("VNICT_PUBLISH_MIN_CONFIDENCE", wrong)
        with pytest.raises(ValueError, match="VNICT_PUBLISH_MIN_CONFIDENCE"):
            settings.publish_min_confidence()


def test_every_dbt_invocation_gets_the_threshold_from_settings(monkeypatch):
    monkeypatch.setenv("VNICT_PUBLISH_MIN_CONFIDENCE", "0.6")
    assert dbt_runner.dbt_project_vars() == {"publish_min_confidence": 0.6}
    assert dbt_runner.dbt_project_vars({"as_of_year": 2025, "publish_min_confidence": 0.3}) == {
        "publish_min_confidence": 0.3,
        "as_of_year": 2025,
    }


# --- the split, on both targets ------------------------------------------------------------------


def test_below_threshold_facts_are_in_review_not_in_the_fact_marts(built):
    review = {row["fact_id"]: row for row in built.query_dicts("select * from audit.mart_extraction_review")}
    assert set(review) == BELOW_THRESHOLD
    indicator = review["f-low-confidence"]
    assert {
        key: indicator[key]
        for key in (
            "fact_type",
            "article_id",
            "article_url",
            "source_id",
            "province_code",
            "province_name",
            "fact_code",
            "kind",
            "year",
            "admin_level",
            "value",
            "unit",
            "sentence",
            "char_start",
            "uncertainty",
            "extractor_version",
        )
    } == {
        "fact_type": "indicator",
        "article_id": raw_scenario.ARTICLE_HATINH,
        "article_url": "https://stttt.hatinh.gov.vn/ict-index-2021",
        "source_id": "hatinh_stttt",
        "province_code": "42",
        "province_name": "Tỉnh Hà Tĩnh",
        "fact_code": "online_services_l34",
        "kind": "target",
        "year": 2025,
        "admin_level": "province",
        "value": 45.0,
        "unit": "pct",
        "sentence": raw_scenario.SENTENCE_LOW_CONFIDENCE,
        "char_start": 30,
        "uncertainty": "province inferred from the article; year not stated",
        "extractor_version": "2.0",
    }
    assert indicator["article_title"] == "Hà Tĩnh và ICT Index 2021"
    assert str(indicator["published_date"]) == "2022-08-01"
    assert indicator["confidence"] == pytest.approx(raw_scenario.THRESHOLD * 0.8)
    assert indicator["publish_min_confidence"] == pytest.approx(raw_scenario.THRESHOLD)
    ranking, incident = review["r-low-confidence"], review["i-low-confidence"]
    assert (
        ranking["fact_type"],
        ranking["fact_code"],
        ranking["component_code"],
        ranking["value"],
        ranking["out_of"],
        ranking["unit"],
        ranking["year"],
        ranking["uncertainty"],
    ) == ("ranking", "ict_index", "human_resources", 12.0, 63, "rank", 2020, None)
    assert (
        incident["fact_type"],
        incident["fact_code"],
        incident["value"],
        str(incident["period_start"]),
        str(incident["period_end"]),
        incident["year"],
    ) == ("incident", "phishing", 4.0, "2021-01-01", "2021-12-31", 2021)
    assert incident["fact_name_en"] == "Phishing or scam"

    assert (
        built.query("select 1 from audit.fct_indicator_observations where indicator_code = 'online_services_l34'") == []
    )
    assert built.query("select 1 from audit.fct_ict_rankings where component_code = 'human_resources'") == []
    assert built.query("select 1 from audit.fct_security_incidents where incident_type = 'phishing'") == []
    # ... and nothing downstream of the fact marts shows them either
    assert built.query("select 1 from audit.mart_province_scorecard where indicator_code = 'online_services_l34'") == []
    assert built.query("select 1 from audit.mart_rankings_history where component_code = 'human_resources'") == []
    assert built.query("select 1 from audit.mart_incidents_by_period where incident_type = 'phishing'") == []


def test_a_fact_exactly_at_the_threshold_is_published(built):
    rows = built.query(
        "select value, confidence from audit.fct_indicator_observations "
        "where province_code = '42' and indicator_code = 'lan_coverage' and year = 2021"
    )
    assert rows == [(90.0, pytest.approx(raw_scenario.THRESHOLD))]
    assert built.query("select 1 from audit.mart_extraction_review where fact_id = 'f-hatinh-lan'") == []


def test_low_confidence_never_blocks_the_build_and_rejected_facts_stay_in_quarantine(built):
    assert built.build_result.success, built.build_result.summary()
    assert {test.name for test in built.build_result.nodes if test.resource_type == "unit_test"} >= {
        "test_int_indicator_facts_conformed_publish_threshold",
        "test_int_unpublished_facts_unioned_below_threshold",
    }
    assert built.build_result.status_of("assert_every_unpublished_fact_is_in_review") == "pass"
    quarantined = {row[0] for row in built.query("select row_id from quality.quarantine_rejected_rows")}
    assert not quarantined & BELOW_THRESHOLD
    assert built.query("select 1 from audit.mart_extraction_review where fact_id in ('f-bad-pct', 'r-bad-rank')") == []


# --- changing the setting moves facts (a copy of the DuckDB build) --------------------------------


def _rebuild(environment: dict, tmp_path: Path, threshold: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        for key, value in environment.items():
            patch.setenv(key, value)
        patch.setenv("VNICT_PUBLISH_MIN_CONFIDENCE", threshold)
        result = dbt_runner.run_dbt(
            ["build", "--exclude", "resource_type:seed"],
            target="duckdb",
            target_path=tmp_path / "target",
            log_path=tmp_path / "logs",
        )
    assert result.success, result.summary()


def _published_and_review(environment: dict) -> tuple[set, set, float]:
    with pytest.MonkeyPatch.context() as patch:
        for key, value in environment.items():
            patch.setenv(key, value)
        with database.connect(read_only=True, target="duckdb") as connection:
            published = {
                tuple(row)
                for row in connection.fetchall(
                    "select 'indicator', indicator_code, year from audit.fct_indicator_observations "
                    "union all select 'ranking', component_code, year from audit.fct_ict_rankings "
                    "union all select 'incident', incident_type, cast(extract(year from period_start) as integer) "
                    "from audit.fct_security_incidents"
                )
            }
            review = {row[0] for row in connection.fetchall("select fact_id from audit.mart_extraction_review")}
            thresholds = {
                row[0]
                for row in connection.fetchall(
                    "select distinct publish_min_confidence from audit.mart_extraction_review"
                )
            }
    return published, review, thresholds


def test_changing_the_setting_moves_facts_between_the_marts_and_review(duckdb_warehouse, tmp_path):
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(duckdb_warehouse.environment["VNICT_WAREHOUSE"], copy)
    environment = {**duckdb_warehouse.environment, "VNICT_WAREHOUSE": str(copy)}

    # lower: everything valid is published, the review queue is empty
    _rebuild(environment, tmp_path, "0.1")
    published, review, _ = _published_and_review(environment)
    assert review == set()
    assert {
        ("indicator", "online_services_l34", 2025),
        ("ranking", "human_resources", 2020),
        ("incident", "phishing", 2021),
    } <= published

    # higher: the fact that sat at the default threshold goes to review, with the threshold in force
    _rebuild(environment, tmp_path, "0.95")
    published, review, thresholds = _published_and_review(environment)
    assert {"f-hatinh-lan", *BELOW_THRESHOLD} <= review
    assert ("indicator", "lan_coverage", 2021) not in published
    assert thresholds == {0.95}


# --- uncertainty in the raw tables ----------------------------------------------------------------


def _fact(fact_id: str, **extra) -> dict:
    return {
        "fact_type": "indicator",
        "fact_id": fact_id,
        "article_id": raw_scenario.ARTICLE_HATINH,
        "extractor_version": "3.0",
        "indicator": "lan_coverage",
        "value": 70,
        "unit": "pct",
        "kind": "actual",
        "year": 2022,
        "admin_level": "province",
        "province_code": "42",
        "sentence": "câu",
        "char_start": 0,
        "char_end": 10,
        "confidence": 0.5,
        "extracted_at": "2024-06-01T00:00:00",
        "run_id": "run-uncertainty",
        **extra,
    }


def test_entries_load_with_or_without_uncertainty(tmp_path, monkeypatch):
    monkeypatch.setenv("VNICT_TARGET", "duckdb")
    monkeypatch.setenv("VNICT_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.setenv("VNICT_LANDING_DIR", str(tmp_path / "landing"))
    article = {"article_id": raw_scenario.ARTICLE_HATINH, "province_code": "42", "run_id": "run-uncertainty"}
    extraction = {
        "facts": [
            _fact("with-reasons", uncertainty=" year not stated ;province inferred from the article; "),
            _fact("with-list", uncertainty=["year not stated", "", "ranking name guessed"]),
            _fact("empty", uncertainty="  "),
            _fact("without"),
        ]
    }
    facts = parse_articles.build_facts(article, extraction, "3.0", "2024-06-01T00:00:00")
    assert [fact["uncertainty"] for fact in facts] == [
        "year not stated; province inferred from the article",
        "year not stated; ranking name guessed",
        None,
        None,
    ]
    # a record written before the contract had the key loads too
    legacy = {key: value for key, value in facts[-1].items() if key != "uncertainty"} | {"fact_id": "legacy"}
    archive.write_records("run-uncertainty", "hatinh_stttt", "facts", [*facts, legacy])
    database.load_run("run-uncertainty")
    with database.connect(read_only=True) as connection:
        loaded = dict(connection.fetchall("select fact_id, uncertainty from raw.indicator_facts"))
    assert set(loaded) == {fact["fact_id"] for fact in facts} | {"legacy"}
    assert loaded[facts[0]["fact_id"]] == "year not stated; province inferred from the article"
    assert loaded["legacy"] is None


def test_a_warehouse_built_before_uncertainty_upgrades_in_place(duckdb_warehouse, tmp_path):
    """Raw and the per-article incremental models of an older warehouse lack the column: the load adds
    it to raw (old rows null), the next dbt build appends it to the incremental models, no full refresh."""
    import duckdb

    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(duckdb_warehouse.environment["VNICT_WAREHOUSE"], copy)
    environment = {**duckdb_warehouse.environment, "VNICT_WAREHOUSE": str(copy), "VNICT_LANDING_DIR": str(tmp_path)}
    with duckdb.connect(str(copy)) as connection:
        for kind in ("indicator", "ranking", "incident"):
            connection.execute(f"alter table raw.{kind}_facts drop column uncertainty")
            connection.execute(f"alter table intermediate.int_{kind}_facts_latest_version drop column uncertainty")
    new_fact = _fact("after-upgrade", uncertainty="year not stated", extracted_at="2024-06-01T00:00:00")
    with pytest.MonkeyPatch.context() as patch:
        for key, value in environment.items():
            patch.setenv(key, value)
        patch.delenv("VNICT_PUBLISH_MIN_CONFIDENCE", raising=False)
        archive.write_records("run-upgrade", "hatinh_stttt", "facts", [new_fact])
        database.load_run("run-upgrade")
        result = dbt_runner.run_dbt(
            ["build", "--exclude", "resource_type:seed"],
            target="duckdb",
            target_path=tmp_path / "target",
            log_path=tmp_path / "logs",
        )
        assert result.success, result.summary()
        with database.connect(read_only=True) as connection:
            raw_nulls = connection.fetchall(
                "select count(*) from raw.indicator_facts where uncertainty is null and fact_id <> 'after-upgrade'"
            )
            review = dict(connection.fetchall("select fact_id, uncertainty from audit.mart_extraction_review"))
    assert raw_nulls[0][0] > 0
    # the article was re-extracted by 3.0 (newest): its older version's facts no longer count
    assert review == {"after-upgrade": "year not stated"}


# --- write-audit-publish: a low confidence never blocks, the review mart reaches BI --------------


def test_a_low_confidence_entry_never_blocks_publishing_and_its_review_reaches_bi(duckdb_warehouse, tmp_path):
    """A later run brings one valid fact below the threshold: dbt puts it in the review mart, the
    quality gate passes (the fact is valid), and the publish step copies the review mart to `marts`
    and into the BI snapshot like every other mart."""
    from datetime import datetime

    from pipeline import tasks

    data = tmp_path / "data"
    data.mkdir()
    copy = data / "warehouse.duckdb"
    shutil.copy(duckdb_warehouse.environment["VNICT_WAREHOUSE"], copy)
    environment = {**duckdb_warehouse.environment, "VNICT_WAREHOUSE": str(copy), "VNICT_DATA_DIR": str(data)}
    low = raw_scenario._indicator(
        "f-low-later",
        raw_scenario.ARTICLE_PHUTHO,
        "computer_ratio",
        70,
        "actual",
        2020,
        char_start=200,
        confidence=round(raw_scenario.THRESHOLD / 2, 4),
        uncertainty="which agencies the share covers is unclear",
        sentence="Khoảng 70% cán bộ có máy tính.",
        run_id="run-later",
        loaded_at=datetime(2024, 5, 20, 3, 0),
    )
    with pytest.MonkeyPatch.context() as patch:
        for key, value in environment.items():
            patch.setenv(key, value)
        for key in ("VNICT_PUBLISH_MIN_CONFIDENCE", "VNICT_BUILD_SCHEMA", "VNICT_BI_SNAPSHOT"):
            patch.delenv(key, raising=False)
        with database.connect(target="duckdb") as connection:
            # without the scenario's deliberately bad rows, which would (rightly) block publishing
            for table in ("indicator_facts", "ranking_facts", "incident_facts"):
                connection.execute(
                    f"delete from raw.{table} where fact_id in "
                    "('f-bad-pct', 'f-bad-code', 'r-bad-rank', 'i-bad-count', 'f-unknown-province')"
                )
            connection.execute(f"delete from raw.articles where article_id = '{raw_scenario.ARTICLE_UNKNOWN_PROVINCE}'")
            raw_scenario.insert_rows(connection, "indicator_facts", [low])
        built = dbt_runner.run_dbt(
            ["build", "--exclude", "resource_type:seed", "--full-refresh"],
            target="duckdb",
            target_path=tmp_path / "target",
            log_path=tmp_path / "logs",
        )
        assert built.success, built.summary()
        patch.setenv("VNICT_ALERT_DISABLE", "email,webhook")
        # the DAG's task: validate, publish (raises QualityGateBlocked otherwise), refresh the BI snapshot
        result = tasks.audit_and_publish("run-later", "2024-05-20")
        assert result["published"], [
            (f["suite"], f["table"], f["expectation"], f["severity"]) for f in result["failures"]
        ]
        assert result["published_tables"]["mart_extraction_review"] == len(BELOW_THRESHOLD) + 1
        with database.connect(read_only=True, target="duckdb") as connection:
            review = dict(connection.fetchall("select fact_id, uncertainty from marts.mart_extraction_review"))
            published = connection.fetchall(
                "select 1 from marts.fct_indicator_observations where indicator_code = 'computer_ratio'"
            )
    assert review["f-low-later"] == "which agencies the share covers is unclear" and published == []
    import duckdb

    with duckdb.connect(str(data / "bi" / "marts_snapshot.duckdb"), read_only=True) as snapshot:
        assert snapshot.execute("select count(*) from marts.mart_extraction_review").fetchone()[0] == len(review)
