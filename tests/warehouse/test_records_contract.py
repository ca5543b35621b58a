"""The records of warehouse/records.py are the one definition of the raw tables: the loader's DDL is
derived from them, and everything else that spells the columns again is held to them here.

- the dbt sources (``_staging__sources.yml``): the same tables, columns (in table order) and types;
- docs/contracts.md: its generated column list is current, and each hand-written section of a raw
  table names every column of its record;
- a real crawl and parse of the offline mirror (served on 127.0.0.1), loaded into a real DuckDB
  warehouse, writes records whose keys are exactly the declared fields: no key the loader would drop
  without a word, no column missing; and the tables it creates have the records' columns and types.
"""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import pytest
import yaml

from pipeline import run_local, tasks
from warehouse import archive, database, records, settings
from warehouse.records import RAW_RECORDS, columns_of, record_fields, record_problems
from warehouse.review.decisions import Decision

SOURCES_YAML = settings.PROJECT_ROOT / "dbt_project" / "models" / "staging" / "_staging__sources.yml"
RUN_ID = "records_contract_run"
# The landing file kind each landing record is written under (warehouse.archive.write_records).
LANDING_KINDS = {
    "fetches": "fetches",
    "listings": "listings",
    "articles": "articles",
    "article_quarantine": "quarantine",
}
# DuckDB's names for the SQL types the records declare.
DUCKDB_TYPES = {
    "TEXT": "VARCHAR",
    "DOUBLE PRECISION": "DOUBLE",
    "INTEGER": "INTEGER",
    "BIGINT": "BIGINT",
    "TIMESTAMP": "TIMESTAMP",
    "DATE": "DATE",
}


def base_type(sql_type: str) -> str:
    return sql_type.replace(" PRIMARY KEY", "").replace(" NOT NULL", "")


# --- the records themselves ----------------------------------------------------------------------


def test_the_loader_uses_the_column_map_derived_from_the_records():
    assert database.RAW_TABLES is records.RAW_TABLES and database.PRIMARY_KEYS is records.PRIMARY_KEYS
    assert list(records.RAW_TABLES) == list(RAW_RECORDS)
    assert set(database.FACT_TABLES.values()) == {"indicator_facts", "ranking_facts", "incident_facts"}
    for table, record_type in RAW_RECORDS.items():
        key = records.PRIMARY_KEYS[table]
        assert key and set(key) <= set(columns_of(record_type)), table
        # every raw row says when it was loaded (dbt's loaded_at_field), and the loader stamps it
        assert columns_of(record_type)["loaded_at"] == records.Column("TIMESTAMP NOT NULL", set_by_loader=True)
        for name, column in columns_of(record_type).items():
            # a column a record may lack, or that was added later, must be nullable
            if not column.key and "NOT NULL" in column.sql_type and not column.set_by_loader:
                assert name in record_type.__required_keys__, f"{table}.{name}"


def test_record_problems_names_undeclared_and_missing_keys():
    record = {field.name: None for field in record_fields(records.ListingRecord) if field.name != "loaded_at"}
    assert record_problems(record, records.ListingRecord) == []
    record["crawl_depth"] = 2
    del record["list_url"]
    assert record_problems(record, records.ListingRecord) == ["undeclared key 'crawl_depth'", "missing key 'list_url'"]
    # the loader's own stamp is not something a stage hands over
    assert record_problems({**record, "loaded_at": None}, records.ListingRecord)[0] == "undeclared key 'crawl_depth'"
    assert "undeclared key 'loaded_at'" in record_problems({**record, "loaded_at": None}, records.ListingRecord)


def test_a_field_that_says_nothing_of_the_warehouse_is_refused():
    from typing import Annotated, TypedDict

    # the functional form: this module's annotations are strings (from __future__ import annotations)
    Loose = TypedDict("Loose", {"fetch_id": Annotated[str, records.Column("TEXT NOT NULL", key=True)], "note": str})  # noqa: UP013 - the functional form on purpose

    with pytest.raises(TypeError, match=r"Loose\.note: annotate it with exactly one Column"):
        record_fields(Loose)


def test_crawl_state_sql_writes_the_columns_of_its_record():
    insert = re.search(r"INSERT INTO raw\.crawl_state \((.*?)\)", database.REFRESH_CRAWL_STATE_SQL, re.DOTALL)
    assert [name.strip() for name in insert.group(1).split(",")] == list(columns_of(records.CrawlStateRecord))


def test_a_review_decision_is_a_review_decision_record():
    decision = Decision(
        line_number=2,
        decided_at=dt.datetime(2026, 11, 30, 9, 0),
        reviewer="lan",
        action="add",
        reason="the extractor missed it",
        fields={"fact_type": "indicator", "code": "computer_ratio"},
    )
    assert record_problems(decision.record("review/decisions.csv"), records.ReviewDecisionRecord) == []


# --- (a) the dbt sources -----------------------------------------------------------------------


def test_dbt_sources_declare_the_records_columns_and_types():
    [raw] = [
        source
        for source in yaml.safe_load(SOURCES_YAML.read_text(encoding="utf-8"))["sources"]
        if source["name"] == "raw"
    ]
    tables = {table["name"]: table.get("columns") or [] for table in raw["tables"]}
    assert set(tables) == set(RAW_RECORDS)
    for table, record_type in RAW_RECORDS.items():
        expected = columns_of(record_type)
        declared = tables[table]
        assert [column["name"] for column in declared] == list(expected), table
        for column in declared:
            assert "data_type" in column, f"{table}.{column['name']}: state its data_type"
            assert column["data_type"].upper() == base_type(expected[column["name"]].sql_type), (
                f"{table}.{column['name']}"
            )


# --- (b) docs/contracts.md ---------------------------------------------------------------------


def test_the_generated_raw_tables_section_of_the_contracts_is_current():
    document = records.CONTRACTS_DOC.read_text(encoding="utf-8")
    assert records.contracts_with_current_section(document) == document, (
        "docs/contracts.md is out of date: run python -m warehouse.records"
    )


def _section(document: str, heading: str) -> str:
    """The text under the heading line that starts with ``heading``, up to the next heading."""
    match = re.search(rf"^#+ {re.escape(heading)}.*?$(.*?)(?=^#+ |\Z)", document, re.MULTILINE | re.DOTALL)
    assert match, f"docs/contracts.md has no section {heading!r}"
    return match.group(1)


def _named(text: str) -> set[str]:
    """Every name in backticks (a backticked CSV header names each of its columns), and every key of
    the JSON examples (``"indicator": ...``)."""
    backticked = {name for span in re.findall(r"`([^`]+)`", text) for name in re.split(r"[,\s]+", span) if name}
    return backticked | set(re.findall(r'"([a-z_]+)":', text))


# The hand-written sections that describe each table's columns (a quarantined article has "the same
# fields as an article", a fact the extractor's fields); raw.runs is described by the generated list only.
PROSE_SECTIONS = {
    "fetches": ["`*.fetches.jsonl`"],
    "listings": ["`*.listings.jsonl`"],
    "articles": ["`*.articles.jsonl`"],
    "article_quarantine": ["`*.quarantine.jsonl`", "`*.articles.jsonl`"],
    "indicator_facts": ["`*.facts.jsonl`", "Extractor"],
    "ranking_facts": ["`*.facts.jsonl`", "Extractor"],
    "incident_facts": ["`*.facts.jsonl`", "Extractor"],
    "crawl_state": ["Crawl state"],
    "review_decisions": ["Review decisions"],
}


@pytest.mark.parametrize("table", sorted(PROSE_SECTIONS))
def test_the_hand_written_contract_names_every_column(table):
    document = records.CONTRACTS_DOC.read_text(encoding="utf-8")
    named = set().union(*(_named(_section(document, heading)) for heading in PROSE_SECTIONS[table]))
    loader_stamped = {name for name, column in columns_of(RAW_RECORDS[table]).items() if column.set_by_loader}
    unnamed = [name for name in columns_of(RAW_RECORDS[table]) if name not in named | loader_stamped]
    assert unnamed == [], f"docs/contracts.md does not describe raw.{table} column(s) {unnamed}"


# --- (c) what a real crawl and parse write -----------------------------------------------------

# A page of the mirrored Điện Biên site whose body is a single short line: parsed, then quarantined.
QUARANTINE_SCENARIO = {
    "articles": [
        {
            "site": "dic",
            "lists": ["/tin-tuc/ung-dung-cntt/"],
            "id": "dic-thong-bao-ngan",
            "synthetic": True,
            "path": "/tin-tuc/ung-dung-cntt/thong-bao-lich-tiep-cong-dan-1403.html",
            "title": "Thông báo lịch tiếp công dân",
            "published": "2016-03-02T08:00:00+07:00",
            "date_text": "Thứ tư - 02/03/2016 08:00",
            "views": "12",
            "lead": "",
            "author": "",
            "body": "Xem tệp đính kèm.",
        }
    ]
}


@pytest.fixture(scope="module")
def mirror_run(tmp_path_factory):
    """One offline run as the DAG does it (crawl and parse each mirrored source, then load), on the
    project registry (delays set to 0) and the mirror plus one article that is no article."""
    from mirror.server import start_mirror

    tmp = tmp_path_factory.mktemp("records_contract")
    document = yaml.safe_load(settings.sources_file().read_text(encoding="utf-8"))
    for entry in document["sources"]:
        entry.setdefault("politeness", {})["min_delay_seconds"] = 0.0
    registry = tmp / "sources.yaml"
    registry.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    scenario = tmp / "scenario.yaml"
    scenario.write_text(yaml.safe_dump(QUARANTINE_SCENARIO, allow_unicode=True), encoding="utf-8")
    mirror = start_mirror(endpoints_file=tmp / "endpoints.json", scenario=str(scenario))
    environment = run_local.airflow_environment(tmp / "endpoints.json")
    try:
        with pytest.MonkeyPatch.context() as patch:
            for name in ("VNICT_BUILD_SCHEMA", "VNICT_PUBLISH_MIN_CONFIDENCE", "VNICT_RETRY_GIVE_UP_AFTER"):
                patch.delenv(name, raising=False)
            for name, value in {
                "VNICT_DATA_DIR": tmp / "data",
                "VNICT_LANDING_DIR": tmp / "landing",
                "VNICT_WAREHOUSE": tmp / "warehouse.duckdb",
                "VNICT_TARGET": "duckdb",
                "VNICT_SOURCES_FILE": registry,
                "VNICT_SOURCE_ENDPOINTS": environment["VNICT_SOURCE_ENDPOINTS"],
                "VNICT_OFFLINE": environment["VNICT_OFFLINE"],
            }.items():
                patch.setenv(name, str(value))
            source_ids = tasks.active_source_ids()
            for source_id in source_ids:
                tasks.parse_source(tasks.crawl_source(source_id, RUN_ID), RUN_ID)
            load = tasks.load_raw(RUN_ID)
            landed = {
                table: archive.read_records(RUN_ID, kind=kind, landing=tmp / "landing")
                for table, kind in LANDING_KINDS.items()
            }
            facts = archive.read_records(RUN_ID, kind="facts", landing=tmp / "landing")
        for fact_type, table in database.FACT_TABLES.items():
            landed[table] = [fact for fact in facts if fact["fact_type"] == fact_type]
        yield {"source_ids": source_ids, "load": load, "landed": landed, "warehouse": tmp / "warehouse.duckdb"}
    finally:
        mirror.stop()


def test_the_run_wrote_every_kind_of_landing_record(mirror_run):
    assert len(mirror_run["source_ids"]) >= 5
    counts = {table: len(rows) for table, rows in mirror_run["landed"].items()}
    assert all(counts.values()), counts
    assert [row["title"] for row in mirror_run["landed"]["article_quarantine"]] == ["Thông báo lịch tiếp công dân"]
    assert mirror_run["load"]["fetches"] == counts["fetches"] and mirror_run["load"]["articles"] == counts["articles"]


@pytest.mark.parametrize("table", [*LANDING_KINDS, *database.FACT_TABLES.values()])
def test_landing_records_have_exactly_the_declared_fields(mirror_run, table):
    record_type = RAW_RECORDS[table]
    problems = {}
    for row in mirror_run["landed"][table]:
        for problem in record_problems(row, record_type):
            problems.setdefault(problem, 0)
            problems[problem] += 1
    assert problems == {}, f"{record_type.__name__} records of a real run: {problems}"


def test_the_warehouse_tables_have_the_records_columns_and_types(mirror_run):
    with duckdb.connect(str(mirror_run["warehouse"]), read_only=True) as connection:
        for table, record_type in RAW_RECORDS.items():
            created = connection.execute(
                "select column_name, data_type, is_nullable from information_schema.columns "
                "where table_schema = 'raw' and table_name = ? order by ordinal_position",
                [table],
            ).fetchall()
            expected = [
                (
                    name,
                    DUCKDB_TYPES[base_type(column.sql_type)],
                    "NO" if "NOT NULL" in column.sql_type or column.key else "YES",
                )
                for name, column in columns_of(record_type).items()
            ]
            assert created == expected, table
        # every landing record of the run is a row (none dropped for a key it lacked)
        for table in ("fetches", "listings", "articles", "article_quarantine", *database.FACT_TABLES.values()):
            rows = connection.execute(f"select count(*) from raw.{table} where run_id = ?", [RUN_ID]).fetchone()[0]
            assert rows == len(mirror_run["landed"][table]), table
        assert connection.execute("select fetch_records from raw.runs where run_id = ?", [RUN_ID]).fetchone()[0] == len(
            mirror_run["landed"]["fetches"]
        )


# --- (d) a warehouse created before a column was added ----------------------------------------


def test_a_warehouse_created_before_score_scale_gains_it_last_and_loads_it(tmp_path):
    """raw.ranking_facts as it was before ``score_scale`` became a column: ``ensure_raw_schema`` adds
    it at the end (where a new table has it too, so ``select *`` sees one column order), the rows
    already there keep null, and the loader then writes the scale of new rows."""
    columns = dict(records.RAW_TABLES["ranking_facts"])
    assert list(columns)[-1] == "score_scale", "a column added later goes last"
    before = {name: sql_type for name, sql_type in columns.items() if name != "score_scale"}
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    try:
        warehouse = database.Warehouse(connection, "duckdb")
        warehouse.execute("CREATE SCHEMA raw")
        warehouse.execute(
            "CREATE TABLE raw.ranking_facts ("
            + ", ".join(f"{name} {sql_type.replace(' PRIMARY KEY', '')}" for name, sql_type in before.items())
            + ", PRIMARY KEY (fact_id))"
        )
        old_row = {
            "fact_id": "old",
            "article_id": "a",
            "extractor_version": "1",
            "score": 0.41,
            "loaded_at": "2024-01-01",
        }
        warehouse.execute(
            f"INSERT INTO raw.ranking_facts ({', '.join(old_row)}) VALUES ({', '.join('?' * len(old_row))})",
            list(old_row.values()),
        )

        database.ensure_raw_schema(warehouse)
        database.ensure_raw_schema(warehouse)  # a second time changes nothing

        created = connection.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'raw' and table_name = 'ranking_facts' order by ordinal_position"
        ).fetchall()
        assert created == [(name, DUCKDB_TYPES[base_type(sql_type)]) for name, sql_type in columns.items()]
        new_record = {"fact_id": "new", "article_id": "a", "extractor_version": "2", "ranking": "ict_index"}
        new_record.update(score=725.5, score_scale=1000)
        assert database._upsert(warehouse, "ranking_facts", [new_record], dt.datetime(2024, 5, 6)) == 1
        assert connection.execute(
            "select fact_id, score, score_scale from raw.ranking_facts order by fact_id"
        ).fetchall() == [("new", 725.5, 1000.0), ("old", 0.41, None)]
    finally:
        connection.close()
