"""The dbt project built for real on DuckDB and on PostgreSQL from the raw scenario in
raw_scenario.py: the marts hold what the scenario implies, and both targets agree."""

from __future__ import annotations

import unicodedata

import pytest
import raw_scenario

CORE_MARTS = [
    "dim_province",
    "dim_indicator",
    "dim_source",
    "dim_article",
    "dim_date",
    "fct_indicator_observations",
    "fct_ict_rankings",
    "fct_security_incidents",
]
BI_MARTS = [
    "mart_province_scorecard",
    "mart_targets_vs_actuals",
    "mart_incidents_by_period",
    "mart_rankings_history",
    "mart_source_health",
    "mart_source_crawl_status",
    "mart_source_coverage",
    "mart_extraction_review",
    "mart_online_services_share",
]
PRIMARY_KEYS = {
    "dim_province": "province_code",
    "dim_indicator": "indicator_code",
    "dim_source": "source_id",
    "dim_article": "article_id",
    "dim_date": "date_day",
    "fct_indicator_observations": "indicator_observation_id",
    "fct_ict_rankings": "ranking_observation_id",
    "fct_security_incidents": "security_incident_id",
    "mart_province_scorecard": "scorecard_id",
    "mart_targets_vs_actuals": "target_id",
    "mart_incidents_by_period": "incident_period_id",
    "mart_rankings_history": "ranking_history_id",
    "mart_source_health": "source_week_id",
    "mart_source_crawl_status": "source_id",
    "mart_source_coverage": "coverage_id",
    "mart_extraction_review": "fact_id",
    "mart_online_services_share": "online_services_share_id",
}


def test_seed_and_build_succeed_with_only_the_quarantine_warning(built):
    assert built.seed_result.success, built.seed_result.summary()
    assert built.build_result.success, built.build_result.summary()
    assert built.build_result.failed_tests == []
    warned = {test.name: test.failures for test in built.build_result.warned_tests}
    assert warned == {"vnict_is_empty_quarantine_rejected_rows_": 6}
    unit_tests = [n for n in built.build_result.nodes if n.resource_type == "unit_test"]
    assert len(unit_tests) >= 5 and all(n.status == "pass" for n in unit_tests)


def test_marts_are_built_in_the_audit_schema_not_in_marts(built):
    relations = {n.name: n.relation for n in built.build_result.nodes if n.resource_type == "model"}
    for mart in CORE_MARTS + BI_MARTS:
        assert relations[mart] == f"audit.{mart}"
    assert relations["stg_raw__articles"] == "staging.stg_raw__articles"
    assert relations["int_articles_reposts_grouped"] == "intermediate.int_articles_reposts_grouped"
    assert relations["quarantine_rejected_rows"] == "quality.quarantine_rejected_rows"


@pytest.mark.parametrize("mart", CORE_MARTS + BI_MARTS)
def test_every_mart_has_a_unique_primary_key(built, mart):
    key = PRIMARY_KEYS[mart]
    [(rows, distinct, nulls)] = built.query(
        f"select count(*), count(distinct {key}), sum(case when {key} is null then 1 else 0 end) from audit.{mart}"
    )
    assert rows == distinct and not nulls


def test_dim_province_has_63_provinces_rolling_up_to_34(built):
    [(provinces, successors, regions)] = built.query(
        "select count(*), count(distinct successor_province_code), count(distinct region) from audit.dim_province"
    )
    assert (provinces, successors, regions) == (63, 34, 6)
    [(successor, name, valid_to)] = built.query(
        "select successor_province_code, successor_province_name, cast(valid_to as varchar) "
        "from audit.dim_province where province_code = '02'"
    )
    assert (successor, name, valid_to) == ("08", "Tuyên Quang", "2025-06-30")


def test_repost_becomes_one_observation_with_two_sources(built):
    rows = built.query_dicts(
        "select article_id, value, source_count, article_ids, observation_source_count, has_conflicting_values "
        "from audit.fct_indicator_observations "
        "where province_code = '25' and indicator_code = 'lan_coverage' and kind = 'actual' and year = 2020"
    )
    assert rows == [
        {
            "article_id": raw_scenario.ARTICLE_PHUTHO,
            "value": 85.0,
            "source_count": 2,
            "article_ids": f"{raw_scenario.ARTICLE_PHUTHO},{raw_scenario.ARTICLE_REPOST}",
            "observation_source_count": 2,
            "has_conflicting_values": False,
        }
    ]


def test_no_duplicate_observations_at_the_declared_grain(built):
    duplicates = built.query(
        "select province_code, indicator_code, admin_level, year, kind, unit, article_id, count(*) "
        "from audit.fct_indicator_observations group by 1, 2, 3, 4, 5, 6, 7 having count(*) > 1"
    )
    assert duplicates == []
    [(rows,)] = built.query("select count(*) from audit.fct_indicator_observations")
    assert rows == 3  # Phú Thọ actual + target (repost folded in), Hà Tĩnh actual


def test_latest_parse_and_latest_extractor_version_win(built):
    [(title, parser_version, is_repost)] = built.query(
        f"select title, parser_version, is_repost from audit.dim_article where article_id = '{raw_scenario.ARTICLE_PHUTHO}'"
    )
    assert title == unicodedata.normalize("NFC", "Phu\u0301 Thọ: 85% cơ quan có mạng LAN") and parser_version == "1.1"
    assert not is_repost
    [(repost,)] = built.query(
        f"select is_repost from audit.dim_article where article_id = '{raw_scenario.ARTICLE_REPOST}'"
    )
    assert repost
    values = built.query("select value from audit.fct_indicator_observations where value = 80")
    assert values == []  # extractor 1.0's reading was superseded by 2.0's


def test_capture_provenance_reaches_dim_article_and_the_fact_marts(built):
    """A page read from a web archive keeps when and where it was captured, on both targets."""
    expected = (raw_scenario.CAPTURE_HATINH["capture_timestamp"], raw_scenario.CAPTURE_HATINH["capture_url"])
    articles = built.query("select article_id, capture_timestamp, capture_url from audit.dim_article order by 1")
    assert [row[1:] for row in articles if row[0] == raw_scenario.ARTICLE_HATINH] == [expected]
    assert all(row[1:] == (None, None) for row in articles if row[0] != raw_scenario.ARTICLE_HATINH)
    assert built.query("select capture_timestamp, capture_url from audit.fct_ict_rankings") == [expected]
    # live facts carry none
    assert built.query("select count(*) from audit.fct_indicator_observations where capture_url is not null") == [(0,)]


def test_bad_rows_are_quarantined_with_their_reason_and_kept_out_of_the_marts(built):
    quarantined = dict(built.query("select row_id, quarantine_reason from quality.quarantine_rejected_rows"))
    assert quarantined == {
        "f-bad-pct": "pct outside 0..100",
        "f-bad-code": "unknown indicator code",
        "r-bad-rank": "rank outside 1..out_of",
        "i-bad-count": "negative count",
        "f-unknown-province": "unknown article province code",
        raw_scenario.ARTICLE_UNKNOWN_PROVINCE: "unknown province code",
    }
    [(url,)] = built.query("select article_url from quality.quarantine_indicator_facts where fact_id = 'f-bad-pct'")
    assert url == "https://stttt.hatinh.gov.vn/ict-index-2021"
    assert (
        built.query(
            "select 1 from audit.fct_indicator_observations where value > 100 or indicator_code = 'edoc_exchange'"
        )
        == []
    )
    assert built.query("select 1 from audit.fct_ict_rankings where rank > out_of") == []
    assert built.query("select 1 from audit.fct_security_incidents where incident_count < 0") == []


def test_targets_vs_actuals_attainment(built):
    rows = built.query_dicts(
        "select province_code, indicator_code, target_year, target_value, actual_year, actual_value, attainment_pct, is_met "
        "from audit.mart_targets_vs_actuals"
    )
    assert rows == [
        {
            "province_code": "25",
            "indicator_code": "lan_coverage",
            "target_year": 2025,
            "target_value": 100.0,
            "actual_year": 2020,
            "actual_value": 85.0,
            "attainment_pct": 85.0,
            "is_met": False,
        }
    ]


def test_scorecard_ranks_provinces_on_their_latest_actual(built):
    rows = built.query(
        "select province_code, latest_year, value, national_rank, provinces_reporting, source_count "
        "from audit.mart_province_scorecard order by province_code"
    )
    assert rows == [("25", 2020, 85.0, 2, 2, 2), ("42", 2021, 90.0, 1, 2, 1)]


def test_incidents_rankings_and_source_health(built):
    assert built.query(
        "select province_code, half_year_label, incident_type, report_count, half_year_incident_count "
        "from audit.mart_incidents_by_period"
    ) == [("42", "2021-H1", "malware", 1, 87)]
    assert built.query(
        "select province_code, ranking_code, component_code, year, rank, out_of, rank_change "
        "from audit.mart_rankings_history"
    ) == [("42", "ict_index", "overall", 2021, 30, 63, 5)]
    health = built.query_dicts(
        "select fetch_count, failed_fetch_count, failure_reasons, new_article_count, facts_extracted, facts_quarantined "
        "from audit.mart_source_health where source_id = 'hatinh_stttt' and week_start = date '2024-05-06'"
    )
    assert health == [
        {
            "fetch_count": 2,
            "failed_fetch_count": 1,
            "failure_reasons": "failed: HTTP 500 x1",
            # 11 extracted: 3 published, 5 quarantined, 3 below the publish threshold (in review)
            "new_article_count": 2,
            "facts_extracted": 11,
            "facts_quarantined": 5,
        }
    ]


def test_a_score_keeps_its_scale_and_is_compared_on_0_1(built):
    # r-ict-2021 was printed "725,5/1.000 điểm": the raw row carries score 725.5 on scale 1000
    [ranking] = built.query_dicts(
        "select score, score_scale, score_normalised from audit.fct_ict_rankings "
        "where province_code = '42' and ranking_code = 'ict_index' and year = 2021"
    )
    assert ranking == {"score": 725.5, "score_scale": 1000, "score_normalised": pytest.approx(0.7255)}
    [history] = built.query_dicts(
        "select score, score_scale, score_normalised from audit.mart_rankings_history "
        "where province_code = '42' and ranking_code = 'ict_index' and year = 2021"
    )
    assert history == ranking
    # the contract is additive: the new columns come after every column the marts had before
    for mart, last_before in [
        ("fct_ict_rankings", "review_reason"),
        ("mart_rankings_history", "has_conflicting_values"),
    ]:
        columns = [
            row[0]
            for row in built.query(
                "select column_name from information_schema.columns "
                f"where table_schema = 'audit' and table_name = '{mart}' order by ordinal_position"
            )
        ]
        assert columns[-3:] == [last_before, "score_scale", "score_normalised"], mart


@pytest.mark.parametrize("mart", CORE_MARTS + BI_MARTS)
def test_duckdb_and_postgres_marts_agree(duckdb_warehouse, postgres_warehouse, mart):
    if mart in ("dim_date", "mart_source_health"):
        sql = f"select count(*) from audit.{mart}"
    else:
        sql = f"select * from audit.{mart} order by {PRIMARY_KEYS[mart]}"

    def normalised(rows):
        return [tuple(round(v, 6) if isinstance(v, float) else v for v in row) for row in rows]

    assert normalised(duckdb_warehouse.query(sql)) == normalised(postgres_warehouse.query(sql))


def test_builds_finish_in_reasonable_time(duckdb_warehouse, postgres_warehouse):
    # Generous bound: the machine is shared; the figures themselves are printed with -s.
    print(
        f"\nseed+build: duckdb {duckdb_warehouse.build_seconds:.1f}s, postgres {postgres_warehouse.build_seconds:.1f}s"
    )
    assert duckdb_warehouse.build_seconds < 180 and postgres_warehouse.build_seconds < 180
