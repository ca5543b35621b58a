"""dbt's descriptions reach the readers: the published `marts.*` tables (DuckDB and PostgreSQL) and
the BI snapshot carry the table and column comments dbt wrote on the audit marts (issue 13, point 6).

Reuses the session's dbt builds (conftest.py): on DuckDB a copy of the file is published and
snapshotted; on PostgreSQL the session database is published (its `audit` schema is unchanged).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from pipeline import publish
from warehouse import database
from warehouse.relation_comments import read_duckdb_comments, read_postgres_comments

# One YAML file per mart, beside its SQL (dbt_project/models/marts/<mart>.yml).
MARTS_DIR = Path(__file__).resolve().parents[2] / "dbt_project" / "models" / "marts"
# A few marts analysts query directly; every described column of each must arrive.
CHECKED_MARTS = [
    "fct_indicator_observations",
    "fct_ict_rankings",
    "mart_rankings_history",
    "mart_source_health",
    "dim_source",
]


def _words(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _descriptions() -> dict[str, tuple[str, dict[str, str]]]:
    models = [
        model
        for path in sorted(MARTS_DIR.glob("*.yml"))
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", [])
    ]
    assert {model["name"] for model in models} >= set(CHECKED_MARTS), f"a checked mart has no YAML in {MARTS_DIR}"
    return {
        model["name"]: (
            _words(model.get("description")),
            {
                column["name"]: _words(column.get("description"))
                for column in model.get("columns", [])
                if column.get("description")
            },
        )
        for model in models
        if model["name"] in CHECKED_MARTS
    }


def _assert_described(comments, where: str) -> None:
    for mart, (description, columns) in _descriptions().items():
        assert mart in comments, f"{where}.{mart} has no comments at all"
        assert _words(comments[mart].comment) == description, f"{where}.{mart}: table comment differs from dbt's"
        got = {name: _words(text) for name, text in comments[mart].columns.items()}
        missing = sorted(name for name in columns if got.get(name) != columns[name])
        assert not missing, f"{where}.{mart}: columns without dbt's description: {missing}"


def test_published_marts_and_the_bi_snapshot_carry_dbt_descriptions(built, tmp_path):
    environment = dict(built.environment)
    if built.target == "duckdb":
        copy = tmp_path / "warehouse.duckdb"
        shutil.copyfile(environment["VNICT_WAREHOUSE"], copy)
        environment["VNICT_WAREHOUSE"] = str(copy)
    with pytest.MonkeyPatch.context() as patch:
        for key, value in environment.items():
            patch.setenv(key, value)
        patch.delenv("VNICT_BUILD_SCHEMA", raising=False)
        publish.publish_marts("run-comments", target=built.target)
        # twice: the PostgreSQL publish takes its row-copy path the second time, the comments stay
        publish.publish_marts("run-comments-2", target=built.target)
        with database.connect(read_only=True, target=built.target) as connection:
            if built.target == "duckdb":
                catalog = connection.fetchall("select current_database()")[0][0]
                published = read_duckdb_comments(connection, catalog, "marts")
            else:
                published = read_postgres_comments(connection, "marts")
    _assert_described(published, f"{built.target} marts")
    if built.target == "duckdb":
        from bi.snapshot import write_bi_snapshot

        snapshot = tmp_path / "bi" / "marts_snapshot.duckdb"
        write_bi_snapshot(copy, snapshot)
        with duckdb.connect(str(snapshot), read_only=True) as connection:
            catalog = connection.execute("select current_database()").fetchone()[0]
            _assert_described(read_duckdb_comments(connection, catalog, "marts"), "BI snapshot marts")
