"""Synthetic raw data with known totals, generated inside DuckDB (fast enough for 100,000 articles).

Articles are spread over the 63 provinces and the registry's sources; every 10th article is a
repost (same body_sha256, another source, a day later) of the one before it and carries the same
facts. Each original article has 3 indicator facts (an actual and a target LAN coverage, a
computer count), every 5th a ranking, every 7th an incident, every 50th a bad percentage (150 %)
that must be quarantined. ``expected_totals(n)`` gives what the marts must then hold.
"""

from __future__ import annotations

from datetime import datetime

from warehouse.database import Warehouse, ensure_raw_schema

PROVINCES = [
    "01",
    "02",
    "04",
    "06",
    "08",
    "10",
    "11",
    "12",
    "14",
    "15",
    "17",
    "19",
    "20",
    "22",
    "24",
    "25",
    "26",
    "27",
    "30",
    "31",
    "33",
    "34",
    "35",
    "36",
    "37",
    "38",
    "40",
    "42",
    "44",
    "45",
    "46",
    "48",
    "49",
    "51",
    "52",
    "54",
    "56",
    "58",
    "60",
    "62",
    "64",
    "66",
    "67",
    "68",
    "70",
    "72",
    "74",
    "75",
    "77",
    "79",
    "80",
    "82",
    "83",
    "84",
    "86",
    "87",
    "89",
    "91",
    "92",
    "93",
    "94",
    "95",
    "96",
]
SOURCES = ["phutho_mic", "kontum_mic", "daknong_baodaknong", "dienbien_dic", "hatinh_stttt"]


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join(f"'{value}'" for value in values) + "]"


def generate(warehouse: Warehouse, count: int, first: int = 0, loaded_at: datetime | None = None) -> None:
    """Insert articles first..first+count-1 (and their fetches and facts) into raw.*."""
    assert warehouse.backend == "duckdb", "the generator uses DuckDB's range() and lists"
    ensure_raw_schema(warehouse)
    loaded = f"timestamp '{(loaded_at or datetime(2024, 5, 6, 3, 0)).isoformat(sep=' ')}'"
    provinces, sources = _sql_list(PROVINCES), _sql_list(SOURCES)
    last = first + count
    base = f"""
        select
            i,
            case when i % 10 = 9 then i - 1 else i end as base,
            i % 10 = 9 as is_repost
        from range({first}, {last}) as numbers(i)
    """
    statements = [
        f"""insert into raw.fetches
        select 'x' || i, 'bench', {sources}[i % 5 + 1], 'https://site/' || i, 'https://site/' || i, 'article',
               case when i % 20 = 0 then 500 else 200 end, case when i % 20 = 0 then 'failed' else 'new' end,
               case when i % 20 = 0 then 'HTTP 500' end, 1000, 50, null, 'text/html', null, null,
               {loaded} - interval 1 hour, {loaded}
        from ({base}) as b""",
        f"""insert into raw.articles
        select 'a' || i, 'page' || i, '1.1', {sources}[i % 5 + 1], 'https://site/' || i, 'https://site/' || i,
               'Bài ' || base, cast(date '2015-01-01' + cast(base % 3000 + (case when is_repost then 1 else 0 end) as integer) as varchar),
               date '2015-01-01' + cast(base % 3000 + (case when is_repost then 1 else 0 end) as integer),
               null, null, 'Nội dung bài viết số ' || base || ' ' || repeat('về ứng dụng công nghệ thông tin ', 4), 'body' || base, {provinces}[base % 63 + 1], '2.0',
               {loaded} - interval 30 minute, 'bench', {loaded}
        from ({base}) as b""",
    ]
    indicator_rows = [
        ("0", "'lan_coverage'", "cast(base % 100 as double)", "'pct'", "'actual'", "2010 + base % 10"),
        ("1", "'lan_coverage'", "100.0", "'pct'", "'target'", "2025"),
        ("2", "'computers'", "cast(base % 5000 as double)", "'count'", "'actual'", "2010 + base % 10"),
    ]
    for k, indicator, value, unit, kind, year in indicator_rows:
        statements.append(f"""insert into raw.indicator_facts
        select 'f' || i || '-{k}', 'a' || i, '2.0', {indicator}, {value}, null, {unit}, {kind}, {year}, 'province', null,
               null, null, null, null, 'Câu ' || base || ' số {k}', {k} * 100, {k} * 100 + 90, 0.9,
               {loaded} - interval 20 minute, 'bench', {loaded}
        from ({base}) as b""")
    statements += [
        f"""insert into raw.indicator_facts
        select 'f' || i || '-bad', 'a' || i, '2.0', 'edoc_exchange', 150.0, null, 'pct', 'actual', 2020, 'province',
               null, null, null, null, null, 'Câu sai ' || i, 400, 480, 0.5, {loaded} - interval 20 minute, 'bench', {loaded}
        from ({base}) as b where i % 50 = 0""",
        f"""insert into raw.ranking_facts
        select 'r' || i, 'a' || i, '2.0', 'ict_index', 'overall', cast(base % 63 + 1 as integer), 63,
               cast(2010 + (base // 5) % 10 as integer), null, null, null, 'Xếp hạng ' || base, 500, 560, 0.9,
               {loaded} - interval 20 minute, 'bench', {loaded}
        from ({base}) as b where base % 5 = 0""",
        f"""insert into raw.incident_facts
        select 'i' || i, 'a' || i, '2.0', 'malware', base % 100, 'computers',
               make_date(cast(2015 + base % 8 as integer), 1, 1), make_date(cast(2015 + base % 8 as integer), 6, 30),
               null, null, null, 'Sự cố ' || base, 600, 660, 0.9, {loaded} - interval 20 minute, 'bench', {loaded}
        from ({base}) as b where base % 7 = 0""",
    ]
    for statement in statements:
        warehouse.execute(statement)


def expected_totals(count: int) -> dict[str, int]:
    """What the marts must hold after generate(count) from 0."""
    originals = [i for i in range(count) if i % 10 != 9]
    return {
        "dim_article": count,
        "fct_indicator_observations": 3 * len(originals),
        "fct_ict_rankings": sum(1 for i in originals if i % 5 == 0),
        "fct_security_incidents": sum(1 for i in originals if i % 7 == 0),
        "quarantine_indicator_facts": sum(1 for i in range(count) if i % 50 == 0),
        "reposts": count - len(originals),
    }
