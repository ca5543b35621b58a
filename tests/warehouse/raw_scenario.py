"""A small, realistic raw-schema scenario with known answers for the dbt warehouse tests.

Two articles (Phú Thọ, Hà Tĩnh), a repost of the Phú Thọ article on another source (same
body_sha256), an older parse and an older extractor version that must be superseded, an article
naming an unknown province, and facts including deliberately bad ones (a 140 % percentage, an
unknown indicator code, a rank above out_of, a negative incident count), and valid facts whose
confidence is below the publish threshold (settings.PUBLISH_MIN_CONFIDENCE): they go to the
review mart, not the fact marts; the Hà Tĩnh LAN fact sits exactly at the threshold (published).
Crawl state with pages landed, retrying, parked (gave_up, with their reasons), pending and refused."""

from __future__ import annotations

from datetime import datetime

from warehouse import settings
from warehouse.database import RAW_TABLES, Warehouse, ensure_raw_schema

LOADED_AT = datetime(2024, 5, 6, 3, 0, 0)
BODY_PHUTHO = "Năm 2020, 85% cơ quan nhà nước tỉnh Phú Thọ đã có mạng LAN. Mục tiêu đến năm 2025 đạt 100%."
BODY_HATINH = "Hà Tĩnh xếp thứ 30/63 về chỉ số ICT Index 2021. 6 tháng đầu năm 2021 có 87 máy tính nhiễm mã độc."

ARTICLE_PHUTHO = "a1phutho00000001"
ARTICLE_REPOST = "a1repost00000002"
ARTICLE_HATINH = "a2hatinh00000003"
ARTICLE_UNKNOWN_PROVINCE = "a4unknown0000004"
CAPTURE_HATINH = {
    "capture_timestamp": datetime(2022, 9, 3, 4, 5, 6),
    "capture_url": "https://web.archive.org/web/20220903040506id_/https://stttt.hatinh.gov.vn/ict-index-2021",
}


def _article(article_id, source_id, url, title, published, province, body, parser_version, parsed_at, body_sha):
    return {
        "article_id": article_id,
        "content_sha256": f"page-{article_id}-{parser_version}",
        "parser_version": parser_version,
        "source_id": source_id,
        "url": url,
        "canonical_url": url,
        "title": title,
        "published_at": f"{published}T08:00:00+07:00",
        "published_date": published,
        "author": None,
        "lead": None,
        "body_text": body,
        "body_sha256": body_sha,
        "province_code": province,
        "extractor_version": "2.0",
        "parsed_at": parsed_at,
        "run_id": "run-2024-05-06",
        "loaded_at": LOADED_AT,
    }


ARTICLES = [
    # an older parse of the Phú Thọ article with a worse title: the later parse wins
    _article(
        ARTICLE_PHUTHO,
        "phutho_mic",
        "https://mic.phutho.gov.vn/tin/lan-2020",
        "Tin cu",
        "2021-03-10",
        "25",
        BODY_PHUTHO,
        "1.0",
        datetime(2024, 5, 1, 1, 0),
        "body-phutho",
    ),
    _article(
        ARTICLE_PHUTHO,
        "phutho_mic",
        "https://mic.phutho.gov.vn/tin/lan-2020",
        "Phu\u0301 Thọ: 85% cơ quan có mạng LAN",
        "2021-03-10",
        "25",
        BODY_PHUTHO,
        "1.1",
        datetime(2024, 5, 6, 2, 0),
        "body-phutho",
    ),
    _article(
        ARTICLE_REPOST,
        "daknong_baodaknong",
        "https://baodaknong.vn/phu-tho-lan-2020.html",
        "Phú Thọ: 85% cơ quan có mạng LAN",
        "2021-03-12",
        "25",
        BODY_PHUTHO,
        "1.1",
        datetime(2024, 5, 6, 2, 5),
        "body-phutho",
    ),
    # read from a web archive (python -m vnict backfill-archive): its capture provenance reaches the marts
    dict(
        _article(
            ARTICLE_HATINH,
            "hatinh_stttt",
            "https://stttt.hatinh.gov.vn/ict-index-2021",
            "Hà Tĩnh và ICT Index 2021",
            "2022-08-01",
            "42",
            BODY_HATINH,
            "1.1",
            datetime(2024, 5, 6, 2, 10),
            "body-hatinh",
        ),
        **CAPTURE_HATINH,
    ),
    # a province code the reference does not know: the article stays, its facts are quarantined
    _article(
        ARTICLE_UNKNOWN_PROVINCE,
        "hatinh_stttt",
        "https://stttt.hatinh.gov.vn/tinh-99",
        "Tỉnh 99",
        "2022-09-01",
        "99",
        "Tỉnh 99 có 70% cơ quan có mạng LAN.",
        "1.1",
        datetime(2024, 5, 6, 2, 15),
        "body-unknown",
    ),
]


def _fact(fact_id, article_id, version, **fields):
    base = {
        "fact_id": fact_id,
        "article_id": article_id,
        "extractor_version": version,
        "province_code": None,
        "sentence": fields.pop("sentence", "câu"),
        "char_start": fields.pop("char_start", 0),
        "char_end": fields.pop("char_end", 60),
        "confidence": fields.pop("confidence", 0.9),
        "extracted_at": fields.pop("extracted_at", datetime(2024, 5, 6, 2, 30)),
        "run_id": "run-2024-05-06",
        "loaded_at": LOADED_AT,
    }
    base.update(fields)
    return base


def _indicator(fact_id, article_id, indicator, value, kind, year, unit="pct", version="2.0", **extra):
    return _fact(
        fact_id,
        article_id,
        version,
        indicator=indicator,
        value=value,
        value_high=None,
        unit=unit,
        kind=kind,
        year=year,
        admin_level="province",
        also_level=None,
        numerator=None,
        denominator=None,
        qualifier=None,
        **extra,
    )


SENTENCE_LAN = "Năm 2020, 85% cơ quan nhà nước tỉnh Phú Thọ đã có mạng LAN."
SENTENCE_LOW_CONFIDENCE = "Phấn đấu 45% dịch vụ công trực tuyến mức độ 3, 4."
THRESHOLD = settings.PUBLISH_MIN_CONFIDENCE  # the publish threshold the pipeline uses by default
INDICATOR_FACTS = [
    # superseded: extractor 1.0 read 80 %, version 2.0 reads 85 %
    _indicator(
        "f-old-lan",
        ARTICLE_PHUTHO,
        "lan_coverage",
        80,
        "actual",
        2020,
        version="1.0",
        extracted_at=datetime(2024, 5, 1, 1, 30),
    ),
    _indicator("f-lan-actual", ARTICLE_PHUTHO, "lan_coverage", 85, "actual", 2020, sentence=SENTENCE_LAN),
    _indicator(
        "f-lan-target",
        ARTICLE_PHUTHO,
        "lan_coverage",
        100,
        "target",
        2025,
        char_start=61,
        char_end=95,
        sentence="Mục tiêu đến năm 2025 đạt 100%.",
    ),
    # the repost carries the same fact: it must become the same observation, with 2 sources
    _indicator("f-lan-actual-repost", ARTICLE_REPOST, "lan_coverage", 85, "actual", 2020, sentence=SENTENCE_LAN),
    _indicator(
        "f-lan-target-repost",
        ARTICLE_REPOST,
        "lan_coverage",
        100,
        "target",
        2025,
        char_start=61,
        char_end=95,
        sentence="Mục tiêu đến năm 2025 đạt 100%.",
    ),
    # exactly at the publish threshold: published
    _indicator("f-hatinh-lan", ARTICLE_HATINH, "lan_coverage", 90, "actual", 2021, confidence=THRESHOLD),
    # valid but below the threshold: in the review mart with its reasons, not in the fact marts
    _indicator(
        "f-low-confidence",
        ARTICLE_HATINH,
        "online_services_l34",
        45,
        "target",
        2025,
        char_start=30,
        confidence=round(THRESHOLD * 0.8, 4),
        uncertainty="province inferred from the article; year not stated",
        sentence=SENTENCE_LOW_CONFIDENCE,
    ),
    # bad rows: quarantined with their reason, never in the marts
    _indicator("f-bad-pct", ARTICLE_HATINH, "edoc_exchange", 140, "actual", 2021),
    _indicator("f-bad-code", ARTICLE_HATINH, "quantum_coverage", 50, "actual", 2021),
    _indicator("f-unknown-province", ARTICLE_UNKNOWN_PROVINCE, "lan_coverage", 70, "actual", 2021),
]

RANKING_FACTS = [
    _fact(
        "r-ict-2021",
        ARTICLE_HATINH,
        "2.0",
        ranking="ict_index",
        component="overall",
        rank=30,
        out_of=63,
        year=2021,
        change=5,
        # printed "725,5/1.000 điểm": the marts carry the scale and the score on 0..1 (0.7255)
        score=725.5,
        score_scale=1000,
        **CAPTURE_HATINH,
    ),
    _fact(
        "r-bad-rank",
        ARTICLE_HATINH,
        "2.0",
        ranking="ict_index",
        component="infrastructure",
        rank=70,
        out_of=63,
        year=2021,
        change=None,
        score=None,
        char_start=70,
    ),
    # below the threshold, no reason given (an extractor without `uncertainty`)
    _fact(
        "r-low-confidence",
        ARTICLE_HATINH,
        "2.0",
        ranking="ict_index",
        component="human_resources",
        rank=12,
        out_of=63,
        year=2020,
        change=None,
        score=None,
        char_start=75,
        confidence=round(THRESHOLD * 0.66, 4),
    ),
]

INCIDENT_FACTS = [
    _fact(
        "i-malware-h1",
        ARTICLE_HATINH,
        "2.0",
        incident_type="malware",
        count=87,
        unit="computers",
        period_start="2021-01-01",
        period_end="2021-06-30",
        target=None,
        qualifier=None,
    ),
    _fact(
        "i-bad-count",
        ARTICLE_HATINH,
        "2.0",
        incident_type="ddos",
        count=-3,
        unit="cases",
        period_start="2021-01-01",
        period_end="2021-06-30",
        target=None,
        qualifier=None,
        char_start=80,
    ),
    _fact(
        "i-low-confidence",
        ARTICLE_HATINH,
        "2.0",
        incident_type="phishing",
        count=4,
        unit="cases",
        period_start="2021-01-01",
        period_end="2021-12-31",
        target=None,
        qualifier=None,
        char_start=85,
        confidence=round(THRESHOLD * 0.5, 4),
        uncertainty="national figure or the province's?",
    ),
]


def _fetch(fetch_id, source_id, url, outcome, requested_at, reason=None, status=200):
    return {
        "fetch_id": fetch_id,
        "run_id": "run-2024-05-06",
        "source_id": source_id,
        "url": url,
        "canonical_url": url,
        "page_kind": "article",
        "status_code": status,
        "outcome": outcome,
        "reason": reason,
        "bytes": 1000,
        "duration_ms": 120,
        "content_sha256": None,
        "content_type": "text/html",
        "etag": None,
        "last_modified": None,
        "requested_at": requested_at,
        "loaded_at": LOADED_AT,
    }


FETCHES = [
    _fetch("x1", "phutho_mic", "https://mic.phutho.gov.vn/tin/lan-2020", "new", datetime(2024, 5, 6, 1, 0)),
    _fetch(
        "x2", "daknong_baodaknong", "https://baodaknong.vn/phu-tho-lan-2020.html", "new", datetime(2024, 5, 6, 1, 5)
    ),
    _fetch("x3", "hatinh_stttt", "https://stttt.hatinh.gov.vn/ict-index-2021", "new", datetime(2024, 5, 6, 1, 10)),
    _fetch(
        "x4",
        "hatinh_stttt",
        "https://stttt.hatinh.gov.vn/missing",
        "failed",
        datetime(2024, 5, 6, 1, 11),
        reason="HTTP 500",
        status=500,
    ),
    _fetch(
        "x5",
        "kontum_mic",
        "https://stttt.kontum.gov.vn/",
        "failed",
        datetime(2024, 4, 29, 1, 0),
        reason="timeout",
        status=None,
    ),
]


def _page_state(
    source_id,
    url,
    crawl_status,
    last_fetched_at,
    failure_kind=None,
    reason=None,
    failures=0,
    page_kind="article",
    status=None,
):
    return {
        "source_id": source_id,
        "canonical_url": url,
        "page_kind": page_kind,
        "first_seen_at": datetime(2024, 4, 1, 1, 0),
        "last_fetched_at": last_fetched_at,
        "etag": None,
        "last_modified": None,
        "content_sha256": "sha-" + url if crawl_status == "landed" else None,
        "last_status": status,
        "last_outcome": None if crawl_status == "pending" else ("new" if crawl_status == "landed" else "failed"),
        "failure_kind": failure_kind,
        "last_reason": reason,
        "consecutive_failures": failures,
        "crawl_status": crawl_status,
        "loaded_at": LOADED_AT,
    }


# Crawl state as the load step derives it (docs/crawling.md, "Retries across runs"): Hà Tĩnh has
# two pages parked for HTTP 500 and one for a timeout, one retrying, one pending and one refused.
PARKED_REASON = "HTTP 500"
CRAWL_STATE = [
    _page_state(
        "phutho_mic", "https://mic.phutho.gov.vn/tin/lan-2020", "landed", datetime(2024, 5, 6, 1, 0), status=200
    ),
    _page_state(
        "hatinh_stttt", "https://stttt.hatinh.gov.vn/ict-index-2021", "landed", datetime(2024, 5, 6, 1, 10), status=200
    ),
    _page_state(
        "hatinh_stttt",
        "https://stttt.hatinh.gov.vn/missing",
        "gave_up",
        datetime(2024, 5, 6, 1, 11),
        "server_error",
        PARKED_REASON,
        4,
        status=500,
    ),
    _page_state(
        "hatinh_stttt",
        "https://stttt.hatinh.gov.vn/mat-tich",
        "gave_up",
        datetime(2024, 5, 2, 1, 0),
        "server_error",
        PARKED_REASON,
        5,
        status=500,
    ),
    _page_state(
        "hatinh_stttt",
        "https://stttt.hatinh.gov.vn/cham",
        "gave_up",
        datetime(2024, 5, 4, 1, 0),
        "timeout",
        "read timeout after 20 s",
        4,
    ),
    _page_state(
        "hatinh_stttt",
        "https://stttt.hatinh.gov.vn/lan-2",
        "retrying",
        datetime(2024, 5, 5, 1, 0),
        "reset",
        "connection reset",
        1,
    ),
    _page_state("hatinh_stttt", "https://stttt.hatinh.gov.vn/moi", "pending", None),
    _page_state(
        "hatinh_stttt",
        "https://stttt.hatinh.gov.vn/cu",
        "refused",
        datetime(2024, 5, 3, 1, 0),
        "client_error",
        "HTTP 404",
        0,
        status=404,
    ),
    _page_state(
        "kontum_mic",
        "https://stttt.kontum.gov.vn/",
        "retrying",
        datetime(2024, 4, 29, 1, 0),
        "timeout",
        "timeout",
        1,
        page_kind="list",
    ),
]

RUNS = [
    {"run_id": "run-2024-05-06", "loaded_at": LOADED_AT, "fetch_records": 5, "article_records": 5, "fact_records": 16}
]


def insert_rows(warehouse: Warehouse, table: str, records: list[dict]) -> None:
    columns = list(RAW_TABLES[table])
    placeholders = ", ".join([warehouse.placeholder] * len(columns))
    sql = f"INSERT INTO raw.{table} ({', '.join(columns)}) VALUES ({placeholders})"
    warehouse.executemany(sql, [tuple(record.get(column) for column in columns) for record in records])


def load_scenario(warehouse: Warehouse) -> None:
    """Create the raw schema and insert the scenario (the database must be empty)."""
    ensure_raw_schema(warehouse)
    for table, records in [
        ("fetches", FETCHES),
        ("articles", ARTICLES),
        ("indicator_facts", INDICATOR_FACTS),
        ("ranking_facts", RANKING_FACTS),
        ("incident_facts", INCIDENT_FACTS),
        ("runs", RUNS),
        ("crawl_state", CRAWL_STATE),
    ]:
        insert_rows(warehouse, table, records)
    if warehouse.backend != "duckdb":
        warehouse.commit()
