"""Builders for the quality tests' warehouse: raw rows of one run, dbt-like staging facts, audit marts.

The marts mirror what the dbt project builds (names and columns of ``dbt_project/models/marts``),
so the quality gate is tested without waiting for dbt. Scenario helpers (``make_percentage_impossible``...)
change the warehouse the way a bad article or a broken model would. Named uniquely (not in
``conftest``) so that test modules can import it whatever other conftest files pytest has loaded.
"""

from __future__ import annotations

import datetime as dt

import duckdb

LOGICAL_DATE = dt.date(2026, 11, 20)
SOURCES = ("phutho_mic", "kontum_mic")
ARTICLES = [
    # article_id, source_id, url, published_date, province_code
    ("a000000000000001", "phutho_mic", "https://mic.phutho.gov.vn/tin-tuc/ha-tang-so-2025.html", "2026-11-10", "25"),
    ("a000000000000002", "phutho_mic", "https://mic.phutho.gov.vn/tin-tuc/chuyen-doi-so.html", "2026-10-02", "25"),
    ("a000000000000003", "kontum_mic", "https://stttt.kontum.gov.vn/tin/an-toan-thong-tin.html", "2026-11-15", "62"),
    ("a000000000000004", "kontum_mic", "https://stttt.kontum.gov.vn/tin/xep-hang-ict.html", "2026-09-30", "62"),
]


def build_sample_warehouse(path, run_id: str) -> None:
    from warehouse.database import Warehouse, ensure_raw_schema

    connection = duckdb.connect(str(path))
    ensure_raw_schema(Warehouse(connection, "duckdb"))
    load_raw_run(connection, run_id)
    connection.execute("CREATE SCHEMA IF NOT EXISTS reference")
    connection.execute(
        "CREATE OR REPLACE TABLE reference.ref_sources AS SELECT * FROM (VALUES "
        "('phutho_mic', '25'), ('kontum_mic', '62')) v(source_id, province_code)"
    )
    connection.execute("CREATE SCHEMA IF NOT EXISTS audit")
    connection.execute("""CREATE OR REPLACE TABLE audit.dim_province AS SELECT * FROM (VALUES
        ('25', 'Tỉnh Phú Thọ', '25'), ('62', 'Tỉnh Kon Tum', '51'), ('01', 'Thành phố Hà Nội', '01'))
        v(province_code, province_name, successor_province_code)""")
    connection.execute("""CREATE OR REPLACE TABLE audit.dim_indicator AS SELECT * FROM (VALUES
        ('computer_ratio', 'pct'), ('computers', 'count'), ('online_services_l4', 'count'))
        v(indicator_code, unit)""")
    # fresh_until_date as dbt computes it (macros/freshness.sql): last publication (or first crawl,
    # if later) + the registry's expected interval, here 30 days.
    connection.execute("""CREATE OR REPLACE TABLE audit.dim_source AS SELECT * FROM (VALUES
        ('phutho_mic', '25', true, DATE '2026-11-10', 30, DATE '2026-12-10'),
        ('kontum_mic', '62', true, DATE '2026-11-15', 30, DATE '2026-12-15'),
        ('daknong_old', '67', false, DATE '2019-01-01', 30, DATE '2019-01-31'))
        v(source_id, province_code, is_active, last_published_date, expected_publish_interval_days, fresh_until_date)""")
    values = ", ".join(f"('{a}', '{s}', '{u}', DATE '{d}', '{p}')" for a, s, u, d, p in ARTICLES)
    connection.execute(
        f"CREATE OR REPLACE TABLE audit.dim_article AS SELECT * FROM (VALUES {values}) "
        "v(article_id, source_id, url, published_date, province_code)"
    )
    connection.execute("""CREATE OR REPLACE TABLE audit.dim_date AS
        SELECT CAST(d AS DATE) AS date_day, year(d) AS year FROM range(DATE '2026-09-01', DATE '2026-12-01', INTERVAL 1 DAY) t(d)""")
    connection.execute("""CREATE OR REPLACE TABLE audit.fct_indicator_observations AS SELECT * FROM (VALUES
        ('25', 'computer_ratio', 'province', 2025, 'actual', 98.5, 'pct', 'a000000000000001', 'Tỷ lệ cán bộ có máy tính đạt 98,5%.'),
        ('25', 'computer_ratio', 'province', 2030, 'target', 100.0, 'pct', 'a000000000000002', 'Phấn đấu đến năm 2030 đạt 100%.'),
        ('25', 'computers', 'province', 2025, 'actual', 5768.0, 'count', 'a000000000000001', 'có khoảng 5.768 máy tính'),
        ('62', 'computer_ratio', 'province', 2025, 'actual', 95.0, 'pct', 'a000000000000003', 'đạt 95%'),
        ('62', 'online_services_l4', 'province', 2025, 'actual', 312.0, 'count', 'a000000000000003', '312 dịch vụ công mức độ 4'))
        v(province_code, indicator_code, admin_level, year, kind, value, unit, article_id, sentence)""")
    connection.execute("""CREATE OR REPLACE TABLE audit.fct_ict_rankings AS SELECT * FROM (VALUES
        ('62', 'ict_index', 'overall', 2024, 40, 63, 'a000000000000004', 'xếp thứ 40/63'),
        ('62', 'ict_index', 'infrastructure', 2025, 12, 34, 'a000000000000004', 'xếp thứ 12/34'))
        v(province_code, ranking_code, component_code, year, rank, out_of, article_id, sentence)""")
    connection.execute("""CREATE OR REPLACE TABLE audit.fct_security_incidents AS SELECT * FROM (VALUES
        ('62', 'malware', 87, DATE '2026-01-01', DATE '2026-06-30', 'a000000000000003'))
        v(province_code, incident_type, incident_count, period_start, period_end, article_id)""")
    connection.execute("""CREATE OR REPLACE TABLE audit.mart_source_health AS SELECT * FROM (VALUES
        ('phutho_mic', DATE '2026-11-09', 4, 0, 1, 4), ('kontum_mic', DATE '2026-11-09', 4, 1, 1, 5),
        ('phutho_mic', DATE '2026-11-16', 2, 0, 0, 11)) v(source_id, week_start, fetch_count, failed_fetch_count,
        new_article_count, days_since_last_new_article)""")
    load_staging_facts(connection, run_id)
    connection.close()


def load_staging_facts(connection, run_id: str) -> None:
    """dbt's staging views as tables: every run's extracted facts, flagged but not yet filtered."""
    connection.execute("CREATE SCHEMA IF NOT EXISTS staging")
    connection.execute(f"""CREATE OR REPLACE TABLE staging.stg_raw__indicator_facts AS SELECT * FROM (VALUES
        ('f1', 'a000000000000001', '25', '{run_id}', 'computer_ratio', 'actual', 'pct', 'province', 2025, 98.5, NULL),
        ('f2', 'a000000000000003', NULL, '{run_id}', 'computers', 'actual', 'count', 'province', 2025, 5768.0, NULL),
        ('f0', 'a000000000000009', '25', 'run_0', 'computer_ratio', 'actual', 'pct', 'province', 2019, 180.0,
         'pct outside 0..100'))
        v(fact_id, article_id, fact_province_code, run_id, indicator_code, kind, unit, admin_level, year, value,
          rejection_reason)""")
    connection.execute(f"""CREATE OR REPLACE TABLE staging.stg_raw__ranking_facts AS SELECT * FROM (VALUES
        ('r1', 'a000000000000004', '62', '{run_id}', 'ict_index', 'overall', 40, 63, 2024))
        v(fact_id, article_id, fact_province_code, run_id, ranking_code, component_code, rank, out_of, year)""")
    connection.execute(f"""CREATE OR REPLACE TABLE staging.stg_raw__incident_facts AS SELECT * FROM (VALUES
        ('i1', 'a000000000000003', '62', '{run_id}', 'malware', 87, DATE '2026-01-01', DATE '2026-06-30'))
        v(fact_id, article_id, fact_province_code, run_id, incident_type, incident_count, period_start, period_end)""")


def make_extracted_percentage_impossible(path, run_id: str) -> None:
    """The mirror's article claims 'tỷ lệ ... đạt 250%': dbt's staging flags it, the marts never see it."""
    execute(
        path,
        f"""INSERT INTO staging.stg_raw__indicator_facts VALUES ('f9', 'a000000000000002', '25', '{run_id}',
        'computer_ratio', 'actual', 'pct', 'province', 2025, 250.0, 'pct outside 0..100')""",
    )


def load_raw_run(connection, run_id: str) -> None:
    """Raw rows as the loader writes them: fetches for both sources, the articles of ARTICLES."""
    now = dt.datetime(2026, 11, 20, 1, 0, 0)
    for index, (article_id, source_id, url, published, province) in enumerate(ARTICLES):
        connection.execute(
            "INSERT INTO raw.fetches (fetch_id, run_id, source_id, url, canonical_url, page_kind, status_code, outcome,"
            " bytes, duration_ms, requested_at, loaded_at) VALUES (?, ?, ?, ?, ?, 'article', 200, 'new', 1000, 50, ?, ?)"
            " ON CONFLICT DO NOTHING",
            [f"{run_id}-f{index}", run_id, source_id, url, url, now, now],
        )
        connection.execute(
            "INSERT INTO raw.articles (article_id, content_sha256, parser_version, source_id, url, canonical_url, title,"
            " published_date, body_text, province_code, parsed_at, run_id, loaded_at)"
            " VALUES (?, ?, 'p1', ?, ?, ?, 'Tin', ?, 'Nội dung', ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [article_id, f"sha-{run_id}-{index}", source_id, url, url, published, province, now, run_id, now],
        )
    connection.execute("INSERT INTO raw.runs VALUES (?, ?, 4, 4, 8) ON CONFLICT DO NOTHING", [run_id, now])


def execute(path, sql: str, params=None):
    connection = duckdb.connect(str(path))
    try:
        result = (
            connection.execute(sql, params or []).fetchall()
            if sql.lstrip().upper().startswith(("SELECT", "WITH"))
            else connection.execute(sql, params or [])
        )
        return result if isinstance(result, list) else None
    finally:
        connection.close()


def make_percentage_impossible(path) -> None:
    """An article claims 'tỷ lệ ... đạt 140%' and the extractor believed it."""
    execute(
        path,
        "UPDATE audit.fct_indicator_observations SET value = 140, sentence = 'Tỷ lệ ... đạt 140%' "
        "WHERE article_id = 'a000000000000003' AND indicator_code = 'computer_ratio'",
    )


def make_all_percentages_impossible(path) -> None:
    """Several impossible percentages, so an alert has more bad values than it shows (three)."""
    execute(path, "UPDATE audit.fct_indicator_observations SET value = value + 150 WHERE unit = 'pct'")
    execute(
        path,
        "INSERT INTO audit.fct_indicator_observations VALUES ('01', 'computer_ratio', 'province', 2024,"
        " 'actual', 250, 'pct', 'a000000000000002', 'tỷ lệ ... đạt 250%')",
    )


def duplicate_grain(path) -> None:
    execute(path, "INSERT INTO audit.fct_ict_rankings SELECT * FROM audit.fct_ict_rankings WHERE year = 2024")


def make_source_stale(path) -> None:
    """A warning-only defect: one source has published nothing for over a year (30-day interval)."""
    execute(
        path,
        "UPDATE audit.dim_source SET last_published_date = DATE '2025-10-01', "
        "fresh_until_date = DATE '2025-10-31' WHERE source_id = 'kontum_mic'",
    )


def table_rows(path, table: str) -> list:
    return execute(path, f"SELECT * FROM {table} ORDER BY ALL")
