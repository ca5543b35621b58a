"""Carry table and column comments (dbt's descriptions) from the audit marts to what readers see.

dbt writes each mart's description and its columns' descriptions as comments (`persist_docs`), but
only on the relations it builds, in the `audit` schema. Publishing copies rows (`CREATE TABLE ... AS
SELECT`, `INSERT ... SELECT`), which copies no comments, and the BI snapshot is another copy again.
So after every copy the comments are read from the source relation and written onto the copy, in
the same transaction: an analyst's `\\d+ marts.x`, DuckDB's `duckdb_columns()` and Superset's
column list show the dbt descriptions on `marts.*` and in the BI snapshot.

One reader per backend (DuckDB's catalog functions, PostgreSQL's `obj_description` /
`col_description`), one writer (`COMMENT ON`, the same SQL on both).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RelationComments:
    """The comment of one table and of its columns (only the columns that have one)."""

    table: str
    comment: str | None = None
    columns: dict[str, str] = field(default_factory=dict)


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def read_duckdb_comments(
    connection, catalog: str, schema: str, tables: list[str] | None = None
) -> dict[str, RelationComments]:
    """Comments of the tables (and views) of `catalog.schema` through a duckdb connection or cursor."""
    found: dict[str, RelationComments] = {}
    for table, comment in connection.execute(
        "select table_name, comment from duckdb_tables() where database_name = ? and schema_name = ? "
        "union all select view_name, comment from duckdb_views() where database_name = ? and schema_name = ?",
        [catalog, schema, catalog, schema],
    ).fetchall():
        found[table] = RelationComments(table, comment or None)
    for table, column, comment in connection.execute(
        "select table_name, column_name, comment from duckdb_columns() "
        "where database_name = ? and schema_name = ? and comment is not null and comment <> '' order by column_index",
        [catalog, schema],
    ).fetchall():
        found.setdefault(table, RelationComments(table)).columns[column] = comment
    return {name: value for name, value in found.items() if tables is None or name in tables}


def read_postgres_comments(warehouse, schema: str, tables: list[str] | None = None) -> dict[str, RelationComments]:
    """Comments of the tables of `schema` on PostgreSQL (through warehouse.database.Warehouse)."""
    found: dict[str, RelationComments] = {}
    for table, comment in warehouse.fetchall(
        "SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind IN ('r', 'v', 'p')",
        [schema],
    ):
        found[table] = RelationComments(table, comment or None)
    for table, column, comment in warehouse.fetchall(
        "SELECT c.relname, a.attname, col_description(c.oid, a.attnum) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid "
        "WHERE n.nspname = %s AND c.relkind IN ('r', 'v', 'p') AND a.attnum > 0 AND NOT a.attisdropped "
        "AND col_description(c.oid, a.attnum) IS NOT NULL ORDER BY c.relname, a.attnum",
        [schema],
    ):
        found.setdefault(table, RelationComments(table)).columns[column] = comment
    return {name: value for name, value in found.items() if tables is None or name in tables}


def comment_statements(
    qualified_schema: str, comments: dict[str, RelationComments], columns_present: dict[str, set[str]] | None = None
) -> list[str]:
    """`COMMENT ON` statements that put `comments` on the same-named tables of `qualified_schema`
    (e.g. `marts` or `bi_snapshot.marts`, already quoted where needed). A column the copy does not
    have (`columns_present`) is skipped rather than failing the publish."""
    statements = []
    for table, relation in sorted(comments.items()):
        target = f"{qualified_schema}.{quote_identifier(table)}"
        if relation.comment:
            statements.append(f"COMMENT ON TABLE {target} IS {quote_literal(relation.comment)}")
        for column, comment in relation.columns.items():
            if columns_present is not None and column not in columns_present.get(table, set()):
                continue
            statements.append(f"COMMENT ON COLUMN {target}.{quote_identifier(column)} IS {quote_literal(comment)}")
    return statements
