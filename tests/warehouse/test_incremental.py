"""The incremental models give the same rows as a full refresh after new data arrives, on both
targets (each works on copies of the session's built warehouse, never on the shared one): the
fetch aggregate, and the per-article models (latest parse, latest extractor version's facts) with
everything downstream of them."""

from __future__ import annotations

import shutil
import uuid
from datetime import datetime

import pytest
import raw_scenario
from postgres_admin import psql as _psql

from warehouse import database, dbt_runner

MODEL = "int_fetches_aggregated_to_source_weeks"
LATER = datetime(2024, 5, 14, 3, 0)


def _later_fetches() -> list[dict]:
    fetches = [
        # same source and week as already-aggregated fetches: that row must be recomputed
        raw_scenario._fetch(
            "y1",
            "hatinh_stttt",
            "https://stttt.hatinh.gov.vn/a",
            "too_large",
            datetime(2024, 5, 7, 1, 0),
            reason="8 MB",
        ),
        # a new week
        raw_scenario._fetch("y2", "hatinh_stttt", "https://stttt.hatinh.gov.vn/b", "new", datetime(2024, 5, 13, 1, 0)),
        raw_scenario._fetch(
            "y3",
            "kontum_mic",
            "https://stttt.kontum.gov.vn/",
            "failed",
            datetime(2024, 5, 13, 1, 5),
            reason="timeout",
            status=None,
        ),
    ]
    for fetch in fetches:
        fetch["loaded_at"] = LATER
    return fetches


class Copies:
    """Copies of a built warehouse: a DuckDB file copy, or a PostgreSQL database from a template."""

    def __init__(self, built, tmp_path):
        self.built, self.tmp_path, self.databases = built, tmp_path, []

    def copy(self, environment: dict[str, str], name: str) -> dict[str, str]:
        if self.built.target == "duckdb":
            path = self.tmp_path / f"{name}.duckdb"
            shutil.copy(environment["VNICT_WAREHOUSE"], path)
            return {**environment, "VNICT_WAREHOUSE": str(path)}
        database_name = f"vnict_test_{name}_{uuid.uuid4().hex[:8]}"
        _psql("postgres", f'CREATE DATABASE "{database_name}" TEMPLATE "{environment["VNICT_PG_DATABASE"]}"')
        self.databases.append(database_name)
        return {**environment, "VNICT_PG_DATABASE": database_name}

    def drop(self):
        for database_name in self.databases:
            _psql("postgres", f'DROP DATABASE IF EXISTS "{database_name}" WITH (FORCE)')


def _with(environment, function):
    with pytest.MonkeyPatch.context() as patch:
        for key, value in environment.items():
            patch.setenv(key, value)
        return function()


def _build(environment, target, tmp_path, *args):
    result = _with(
        environment,
        lambda: dbt_runner.run_dbt(
            ["build", "--select", MODEL, *args],
            target=target,
            target_path=tmp_path / "target",
            log_path=tmp_path / "logs",
        ),
    )
    assert result.success, result.summary()


def _rows(environment, target):
    def read():
        with database.connect(read_only=True, target=target) as connection:
            rows = connection.fetchall(f"select * from intermediate.{MODEL} order by source_id, week_start")
            return [tuple(str(value) if value is not None else None for value in row) for row in rows]

    return _with(environment, read)


def _insert_later_fetches(environment, target):
    def insert():
        with database.connect(target=target) as connection:
            raw_scenario.insert_rows(connection, "fetches", _later_fetches())
            if connection.backend == "postgres":
                connection.commit()

    _with(environment, insert)


def test_incremental_run_equals_full_refresh(built, tmp_path):
    copies = Copies(built, tmp_path)
    try:
        incremental = copies.copy(built.environment, "incremental")
        before = _rows(incremental, built.target)
        _insert_later_fetches(incremental, built.target)
        _build(incremental, built.target, tmp_path)
        full = copies.copy(incremental, "full")
        _build(full, built.target, tmp_path, "--full-refresh")

        after = _rows(incremental, built.target)
        assert after == _rows(full, built.target)
        assert len(after) == len(before) + 2  # two new (source, week) pairs
        hatinh = [row for row in after if row[0] == "hatinh_stttt" and row[1] == "2024-05-06"]
        assert hatinh[0][2:4] == ("3", "2")  # fetch_count, failed_fetch_count: the old week was recomputed
        assert hatinh[0][10] == "failed: HTTP 500 x1; too_large: 8 MB x1"
    finally:
        copies.drop()


# --- articles and facts: per-article incremental models --------------------------------------

ARTICLES_LATER = datetime(2024, 5, 20, 3, 0)
ARTICLE_NEW = "a5newart00000005"
ARTICLE_HATINH_REPOST = "a6hatrep00000006"
ARTICLE_PHUTHO_EARLIER = "a7phuthoearly007"
PHUTHO_FACT_IDS = ("f-lan-actual", "f-lan-target")


def _later(record: dict) -> dict:
    return {**record, "loaded_at": ARTICLES_LATER, "run_id": "run-2024-05-20"}


def _later_articles_and_facts() -> dict[str, list[dict]]:
    """New raw rows after the first build: a new article, a re-extraction of the Hà Tĩnh article by
    a newer extractor (which reads another value and finds no ranking or incident any more), a
    repost of it on another source, and a repost of the Phú Thọ article published before the
    original (so the canonical article of an existing group changes)."""
    parsed = datetime(2024, 5, 20, 2, 0)
    extracted = datetime(2024, 5, 20, 2, 30)
    articles = [
        raw_scenario._article(
            ARTICLE_NEW,
            "phutho_mic",
            "https://mic.phutho.gov.vn/tin/cds-2023",
            "Phú Thọ 2023",
            "2024-01-15",
            "25",
            "Năm 2023, 95% hồ sơ được xử lý trực tuyến trên toàn tỉnh Phú Thọ.",
            "1.1",
            parsed,
            "body-new",
        ),
        raw_scenario._article(
            ARTICLE_HATINH_REPOST,
            "phutho_mic",
            "https://mic.phutho.gov.vn/tin/hatinh-ict",
            "Hà Tĩnh và ICT Index 2021",
            "2022-08-05",
            "42",
            raw_scenario.BODY_HATINH,
            "1.1",
            parsed,
            "body-hatinh",
        ),
        raw_scenario._article(
            ARTICLE_PHUTHO_EARLIER,
            "hatinh_stttt",
            "https://stttt.hatinh.gov.vn/phu-tho-lan",
            "Phú Thọ: 85% cơ quan có mạng LAN",
            "2021-03-01",
            "25",
            raw_scenario.BODY_PHUTHO,
            "1.1",
            parsed,
            "body-phutho",
        ),
    ]
    indicator = raw_scenario._indicator
    indicator_facts = [
        indicator(
            "f-new-online", ARTICLE_NEW, "lan_coverage", 95, "actual", 2023, version="3.0", extracted_at=extracted
        ),
        indicator(
            "f-hatinh-lan-v3",
            raw_scenario.ARTICLE_HATINH,
            "lan_coverage",
            91,
            "actual",
            2021,
            version="3.0",
            extracted_at=extracted,
        ),
        indicator(
            "f-hatinh-repost-lan",
            ARTICLE_HATINH_REPOST,
            "lan_coverage",
            91,
            "actual",
            2021,
            version="3.0",
            extracted_at=extracted,
        ),
        indicator(
            "f-phutho-early-lan",
            ARTICLE_PHUTHO_EARLIER,
            "lan_coverage",
            85,
            "actual",
            2020,
            version="3.0",
            extracted_at=extracted,
            sentence=raw_scenario.SENTENCE_LAN,
        ),
    ]
    incident_facts = [
        raw_scenario._fact(
            "i-new-malware",
            ARTICLE_NEW,
            "3.0",
            incident_type="malware",
            count=12,
            unit="computers",
            period_start="2023-07-01",
            period_end="2023-12-31",
            target=None,
            qualifier=None,
            extracted_at=extracted,
        ),
    ]
    for article in articles:
        article["extractor_version"] = "3.0"
    return {
        table: [_later(record) for record in records]
        for table, records in [
            ("articles", articles),
            ("indicator_facts", indicator_facts),
            ("incident_facts", incident_facts),
        ]
    }


def _insert_later_articles_and_facts(environment, target):
    def insert():
        with database.connect(target=target) as connection:
            for table, records in _later_articles_and_facts().items():
                raw_scenario.insert_rows(connection, table, records)
            if connection.backend == "postgres":
                connection.commit()

    _with(environment, insert)


def _build_all(environment, target, tmp_path, *args):
    result = _with(
        environment,
        lambda: dbt_runner.run_dbt(
            ["build", *args], target=target, target_path=tmp_path / "target", log_path=tmp_path / "logs"
        ),
    )
    assert result.success, result.summary()
    return result


COMPARED_SCHEMAS = ("intermediate", "quality", "audit")


def _warehouse_tables(environment, target) -> dict[str, list[tuple]]:
    """Every table the build wrote (intermediate, quality, marts), rows as sorted text tuples."""

    def read():
        with database.connect(read_only=True, target=target) as connection:
            schemas = ", ".join(f"'{schema}'" for schema in COMPARED_SCHEMAS)
            tables = connection.fetchall(
                f"select table_schema, table_name from information_schema.tables "
                f"where table_schema in ({schemas}) and table_type = 'BASE TABLE' order by 1, 2"
            )
            return {
                f"{schema}.{name}": sorted(
                    tuple("" if value is None else str(value) for value in row)
                    for row in connection.fetchall(f'select * from {schema}."{name}"')
                )
                for schema, name in tables
            }

    return _with(environment, read)


def test_incremental_articles_and_facts_equal_full_refresh(built, tmp_path):
    copies = Copies(built, tmp_path)
    try:
        incremental = copies.copy(built.environment, "incr_articles")
        before = _warehouse_tables(incremental, built.target)
        _insert_later_articles_and_facts(incremental, built.target)
        _build_all(incremental, built.target, tmp_path)
        full = copies.copy(incremental, "full_articles")
        _build_all(full, built.target, tmp_path, "--full-refresh")

        after, refreshed = _warehouse_tables(incremental, built.target), _warehouse_tables(full, built.target)
        assert set(after) == set(refreshed)
        assert "intermediate.int_articles_latest_parse" in after
        for table in sorted(after):
            assert after[table] == refreshed[table], f"{table}: incremental run differs from a full refresh"

        def query(sql):
            return _with(incremental, lambda: _query(built.target, sql))

        # the new data did reach the marts
        assert len(after["audit.dim_article"]) == len(before["audit.dim_article"]) + 3
        hatinh = query(
            "select value from audit.fct_indicator_observations "
            "where province_code = '42' and indicator_code = 'lan_coverage' and year = 2021"
        )
        assert [float(row[0]) for row in hatinh] == [91.0]  # the newer extractor's value replaced 90
        # the re-extraction found no incident and no ranking: the older version's ones are gone
        assert (
            query(
                f"select count(*) from intermediate.int_incident_facts_latest_version "
                f"where article_id = '{raw_scenario.ARTICLE_HATINH}'"
            )[0][0]
            == 0
        )
        assert (
            query(
                f"select count(*) from intermediate.int_ranking_facts_latest_version "
                f"where article_id = '{raw_scenario.ARTICLE_HATINH}'"
            )[0][0]
            == 0
        )
        # the earlier repost became the canonical article of the Phú Thọ group (3 articles now)
        group = query(
            f"select canonical_article_id, group_article_count from intermediate.int_articles_reposts_grouped "
            f"where article_id = '{raw_scenario.ARTICLE_PHUTHO}'"
        )
        assert (group[0][0], int(group[0][1])) == (ARTICLE_PHUTHO_EARLIER, 3)
    finally:
        copies.drop()


def _query(target, sql):
    with database.connect(read_only=True, target=target) as connection:
        return [tuple(row) for row in connection.fetchall(sql)]


def test_a_warehouse_built_before_score_scale_gains_it_without_a_full_refresh(built, tmp_path):
    """A warehouse whose raw table and incremental ranking model predate ``score_scale``: the
    loader's schema step adds the raw column, and the next ordinary build appends it to the
    incremental model (on_schema_change) and carries it to the marts; rows loaded before keep null."""
    copies = Copies(built, tmp_path)
    try:
        before = copies.copy(built.environment, "before_scale")
        cascade = " CASCADE" if built.target == "postgres" else ""  # the staging view reads the column

        def drop_the_column():
            with database.connect(target=built.target) as connection:
                connection.execute(f"ALTER TABLE raw.ranking_facts DROP COLUMN score_scale{cascade}")
                connection.execute(
                    f"ALTER TABLE intermediate.int_ranking_facts_latest_version DROP COLUMN score_scale{cascade}"
                )
                database.ensure_raw_schema(connection)
                if connection.backend == "postgres":
                    connection.commit()

        _with(before, drop_the_column)
        _build_all(before, built.target, tmp_path)

        def query(sql):
            return _with(before, lambda: _query(built.target, sql))

        columns = query(
            "select column_name from information_schema.columns where table_schema = 'intermediate' "
            "and table_name = 'int_ranking_facts_latest_version' order by ordinal_position"
        )
        assert columns[-1] == ("score_scale",)
        assert query(
            "select score, score_scale, score_normalised from audit.fct_ict_rankings "
            "where province_code = '42' and year = 2021"
        ) == [(725.5, None, None)]
    finally:
        copies.drop()
