"""Read warehouse relations into pandas DataFrames that GX validates the same way on both backends.

Why pandas for PostgreSQL too (STACK.md allows the SQL data source there): one code path means
one set of behaviours to test, the row-level samples and quarantine rows come from the same
DataFrame index GX reports, and the marts are small (thousands of rows), so reading them whole is
cheaper than a second execution engine. DuckDB's SQL data source returns wrong results, so pandas
is the only choice there anyway.

Dates are the awkward part: GX's pandas "between" cannot compare mixed date objects and strings,
so every date or timestamp column ``x`` is kept as an ISO string (readable in samples) and gets a
numeric twin ``x__yyyymmdd`` that range and pair expectations compare.
"""

from __future__ import annotations

import datetime as dt
import decimal

DATE_SUFFIX = "__yyyymmdd"


def yyyymmdd(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _normalise_cell(value):
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def _as_day_number(value):
    if isinstance(value, dt.datetime):
        return float(yyyymmdd(value.date()))
    if isinstance(value, dt.date):
        return float(yyyymmdd(value))
    if isinstance(value, str) and len(value) >= 10:
        try:
            return float(yyyymmdd(dt.date.fromisoformat(value[:10])))
        except ValueError:
            return float("nan")
    return float("nan")


def to_frame(rows: list[tuple], columns: list[str], date_columns: set[str] | None = None):
    """A DataFrame of plain Python/NumPy values; date columns gain their ``__yyyymmdd`` twin."""
    import pandas as pd

    date_columns = set(date_columns or ())
    for index, column in enumerate(columns):
        if any(isinstance(row[index], (dt.date, dt.datetime)) for row in rows[:50]):
            date_columns.add(column)
    frame = pd.DataFrame([[_normalise_cell(value) for value in row] for row in rows], columns=columns)
    for column in sorted(date_columns & set(columns)):
        frame[column + DATE_SUFFIX] = [_as_day_number(row[columns.index(column)]) for row in rows]
    return frame


def read_frame(warehouse, sql: str, params: list | None = None, date_columns: set[str] | None = None):
    cursor = warehouse.execute(sql, params or None)
    columns = [description[0] for description in cursor.description]
    return to_frame(cursor.fetchall(), columns, date_columns)


def read_catalog(warehouse, schemas: list[str]) -> dict[str, list[str]]:
    """``{"schema.table": [columns in order]}`` for every table and view in the given schemas."""
    placeholders = ", ".join([warehouse.placeholder] * len(schemas))
    rows = warehouse.fetchall(
        f"SELECT table_schema, table_name, column_name FROM information_schema.columns "
        f"WHERE table_schema IN ({placeholders}) ORDER BY table_schema, table_name, ordinal_position",
        list(schemas),
    )
    catalog: dict[str, list[str]] = {}
    for schema, table, column in rows:
        catalog.setdefault(f"{schema}.{table}", []).append(column)
    return catalog
