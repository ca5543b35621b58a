"""The marts suite: what BI reads is well-formed, joined, fresh, and of a believable size.

Unique grain per table, referential integrity from facts to their dimensions, freshness of every
source (a source that published nothing for too long is flagged), and volume: the row count may
not drop to zero (error: publishing it would empty the dashboards) and the number of new facts
per run must stay within a band learned from recent runs (warning: a backfill is legitimate).
"""

from __future__ import annotations

from expectations.checks import Check, LayerPlan, SuiteInputs, present
from expectations.frames import DATE_SUFFIX, yyyymmdd
from expectations.history import ROW_COUNT_CHECK
from expectations.severity import ERROR, WARNING

SUITE = "marts"
VOLUME_TABLE = "quality.fact_volume"


def build_plan(inputs: SuiteInputs) -> LayerPlan:
    plan = LayerPlan()
    audit = inputs.schema("audit")
    bands = []
    for name, table_config in inputs.config["marts"].items():
        table = f"{audit}.{name}"
        if table not in inputs.catalog:
            plan.skip(SUITE, table, "*", f"{table} does not exist in the audit schema")
            continue
        columns = inputs.columns(table)
        _grain_check(plan, table, columns, table_config.get("grain", []))
        for column_name, target in (table_config.get("references") or {}).items():
            _reference_check(plan, inputs, table, columns, column_name, target)
        if table_config.get("freshness"):
            _freshness_check(
                plan, inputs, table, columns, table_config["freshness"], table_config.get("freshness_when")
            )
        if table_config.get("volume"):
            bands.append(_row_count_checks(plan, inputs, table))
    if bands:
        plan.frames[VOLUME_TABLE] = _volume_frame(bands)
        plan.add(
            Check(
                SUITE,
                VOLUME_TABLE,
                "new_facts_not_dropped_to_zero",
                "ExpectColumnPairValuesAToBeGreaterThanB",
                {
                    "column_A": "new_rows",
                    "column_B": "band_low",
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
                WARNING,
                description="new facts this run are not zero when recent runs always had some",
            )
        )
        plan.add(
            Check(
                SUITE,
                VOLUME_TABLE,
                "new_facts_no_tenfold_jump",
                "ExpectColumnPairValuesAToBeGreaterThanB",
                {
                    "column_A": "band_high",
                    "column_B": "new_rows",
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
                WARNING,
                description="new facts this run are within 10x of the recent typical number",
            )
        )
    return plan


def _grain_check(plan: LayerPlan, table: str, columns: list[str], grain_specs: list[str]) -> None:
    # "x?" joins the grain only when the table has it (dbt keys include target and unit, fixtures may not).
    grain_specs = [spec for spec in grain_specs if not spec.endswith("?") or present(columns, spec[:-1])]
    grain_specs = [spec.rstrip("?") for spec in grain_specs]
    grain = [present(columns, spec) for spec in grain_specs]
    missing = [spec for spec, column in zip(grain_specs, grain) if column is None]
    if missing or not grain:
        plan.skip(SUITE, table, "grain_unique", f"grain columns {missing or grain_specs} not in {table}")
        return
    if len(grain) == 1:
        plan.add(
            Check(
                SUITE,
                table,
                "grain_unique",
                "ExpectColumnValuesToBeUnique",
                {"column": grain[0]},
                ERROR,
                description=f"one row per {grain[0]}",
            )
        )
        plan.add(
            Check(
                SUITE,
                table,
                "key_present",
                "ExpectColumnValuesToNotBeNull",
                {"column": grain[0]},
                ERROR,
                description=f"every row has a {grain[0]}",
            )
        )
    else:
        # Nullable grain parts (national facts have no province) still count as values for uniqueness.
        plan.add(
            Check(
                SUITE,
                table,
                "grain_unique",
                "ExpectCompoundColumnsToBeUnique",
                {"column_list": grain, "ignore_row_if": "never"},
                ERROR,
                description=f"one row per {' x '.join(grain)}",
            )
        )


def _reference_check(plan, inputs: SuiteInputs, table, columns, column_name: str, target: str) -> None:
    column = present(columns, column_name)
    target_name, target_column_name = target.split(".", 1)
    target_table = f"{inputs.schema('audit')}.{target_name}"
    target_column = present(inputs.columns(target_table), target_column_name)
    name = f"{column_name}_in_{target_name}"
    if column is None or target_column is None:
        plan.skip(SUITE, table, name, f"{table}.{column_name} or {target_table}.{target_column_name} missing")
        return
    values = inputs.distinct_values(target_table, target_column)
    plan.add(
        Check(
            SUITE,
            table,
            name,
            "ExpectColumnValuesToBeInSet",
            {"column": column, "value_set": sorted(values, key=str)},
            ERROR,
            description=f"every {column} exists in {target_name}.{target_column}",
        )
    )


def _freshness_check(plan, inputs: SuiteInputs, table, columns, column_name: str, when_column: str | None) -> None:
    """An active source is stale once its fresh-until date (dbt's one definition, from publication
    dates and the registry's expected interval: dbt_project/macros/freshness.sql) is before the
    run's logical date. The gate only compares dates: it never re-derives freshness on its own."""
    column = present(columns, column_name)
    if column is None:
        plan.skip(SUITE, table, "source_fresh", f"no freshness column {column_name!r} in {table}")
        return
    as_of = inputs.logical_date
    plan.add(
        Check(
            SUITE,
            table,
            "source_fresh",
            "ExpectColumnValuesToBeBetween",
            {"column": column + DATE_SUFFIX, "min_value": yyyymmdd(as_of)},
            WARNING,
            when=(when_column, "==", True) if when_column in columns else None,
            description=f"every active source is still fresh on {as_of} ({column}: last publication "
            "or first crawl + its expected publishing interval)",
        )
    )


def _row_count_checks(plan: LayerPlan, inputs: SuiteInputs, table: str):
    row_count = inputs.row_count(table)
    band = inputs.history.volume_band(table, inputs.run_id, row_count, inputs.config["thresholds"])
    previous = band.previous_row_count
    # Recorded every run (it feeds the band); it can only fail once a previous run had rows.
    plan.add(
        Check(
            SUITE,
            table,
            ROW_COUNT_CHECK,
            "ExpectTableRowCountToBeBetween",
            {"min_value": 1 if previous else 0},
            ERROR,
            description=f"the table is not empty when the previous run had {previous} rows",
        )
    )
    if previous:
        factor = inputs.config["thresholds"]["volume_jump_factor"]
        plan.add(
            Check(
                SUITE,
                table,
                "row_count_no_tenfold_jump",
                "ExpectTableRowCountToBeBetween",
                {"max_value": factor * previous},
                WARNING,
                description=f"at most {factor}x the previous run's {previous} rows",
            )
        )
    return band


def _volume_frame(bands):
    def build(warehouse):
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "table_name": band.table,
                    "row_count": band.row_count,
                    "previous_row_count": band.previous_row_count,
                    "new_rows": band.new_rows,
                    "band_low": band.low,
                    "band_high": band.high,
                }
                for band in bands
            ],
            columns=["table_name", "row_count", "previous_row_count", "new_rows", "band_low", "band_high"],
        ).astype({"new_rows": "float", "band_low": "float", "band_high": "float"})

    return build
