"""The facts suite: every number the extractor read from an article is physically possible.

Checked on the fact marts in the audit schema (what would be published): percentages within
0-100, counts not negative, ranks within 1..out_of with out_of at most the number of provinces
that existed that year (63 before the 2025 reform, 34 after), plausible years, and codes,
kinds and province codes within the taxonomy seeded by dbt.
"""

from __future__ import annotations

from expectations.checks import Check, LayerPlan, SuiteInputs, present
from expectations.frames import DATE_SUFFIX, read_frame
from expectations.reference import DEFAULTED
from expectations.severity import ERROR, WARNING

SUITE = "facts"


def build_plan(inputs: SuiteInputs) -> LayerPlan:
    from expectations.raw import raw_run_id

    plan = LayerPlan()
    builders = {"indicator": _indicator_checks, "ranking": _ranking_checks, "incident": _incident_checks}
    run_id = raw_run_id(inputs)
    for fact_type, table_config in inputs.config["facts"].items():
        for relation, renamed in table_config["relations"].items():
            layer, name = relation.split(".", 1)
            table = f"{inputs.schema(layer)}.{name}"
            if table not in inputs.catalog:
                plan.skip(SUITE, table, "*", f"{table} does not exist (not built yet?)")
                continue
            columns = inputs.columns(table)
            if "run_id" in columns and layer != "audit":
                # Staging holds every run's facts: judge this run's, or one old defect blocks forever.
                plan.frames[table] = _run_rows_frame(table, run_id, inputs.blocked_keys.get(table))
            names = {key: name for key, name in table_config.items() if key not in ("relations", "percentage_unit")}
            names.update(renamed or {})
            resolved = {key: present(columns, name) for key, name in names.items()}
            for key, column in resolved.items():
                if column is None:
                    plan.skip(SUITE, table, key, f"no column {names[key]!r} in {table}")
            builders[fact_type](plan, inputs, table, resolved, table_config)
            _taxonomy_check(plan, inputs, table, resolved.get("province"), "provinces", "province_code_known")
    return plan


def _run_rows_frame(table: str, run_id: str | None, blocked: list[str] | None = None):
    """This run's facts, plus the facts still blocked from earlier runs (``expectations.blocks``)."""
    from expectations.raw import run_rows_filter

    def build(warehouse):
        where, params = run_rows_filter(warehouse.placeholder, run_id, "fact_id", blocked or [])
        return read_frame(warehouse, f"SELECT * FROM {table} WHERE {where}", params)

    return build


def _year_checks(plan: LayerPlan, inputs: SuiteInputs, table: str, year: str | None, ahead: int) -> None:
    if not year:
        return
    earliest = inputs.config["thresholds"]["earliest_fact_year"]
    latest = inputs.as_of.year + ahead
    plan.add(
        Check(
            SUITE,
            table,
            "year_plausible",
            "ExpectColumnValuesToBeBetween",
            {"column": year, "min_value": earliest, "max_value": latest},
            ERROR,
            description=f"year between {earliest} and {latest}",
        )
    )


def _taxonomy_check(plan, inputs, table, column, taxonomy_name, check_name, severity=ERROR) -> None:
    if not column:
        return
    values = inputs.taxonomy.get(taxonomy_name)
    if not values:
        plan.skip(SUITE, table, check_name, f"no reference list of {taxonomy_name}")
        return
    plan.add(
        Check(
            SUITE,
            table,
            check_name,
            "ExpectColumnValuesToBeInSet",
            {"column": column, "value_set": sorted(values)},
            severity,
            description=f"{column} is one of the {len(values)} known {taxonomy_name}",
        )
    )


def _indicator_checks(plan, inputs, table, columns, table_config) -> None:
    value, unit = columns.get("value"), columns.get("unit")
    if value and unit:
        plan.add(
            Check(
                SUITE,
                table,
                "percentage_within_0_100",
                "ExpectColumnValuesToBeBetween",
                {"column": value, "min_value": 0, "max_value": 100},
                ERROR,
                when=(unit, "==", table_config.get("percentage_unit", "pct")),
                description="a percentage is between 0 and 100",
            )
        )
    value_high = columns.get("value_high")
    if value_high and unit:
        plan.add(
            Check(
                SUITE,
                table,
                "percentage_range_within_0_100",
                "ExpectColumnValuesToBeBetween",
                {"column": value_high, "min_value": 0, "max_value": 100},
                ERROR,
                when=(unit, "==", table_config.get("percentage_unit", "pct")),
                description="the upper end of a percentage range is between 0 and 100",
            )
        )
    if value:
        plan.add(
            Check(
                SUITE,
                table,
                "value_not_negative",
                "ExpectColumnValuesToBeBetween",
                {"column": value, "min_value": 0},
                ERROR,
                description="counts, ratios and percentages are never negative",
            )
        )
    thresholds = inputs.config["thresholds"]
    _year_checks(plan, inputs, table, columns.get("year"), thresholds["latest_fact_year_ahead"])
    _taxonomy_check(plan, inputs, table, columns.get("indicator"), "indicators", "indicator_code_known")
    # Without a seed the kinds list is our guess, so an unknown kind warns instead of blocking.
    guessed = inputs.taxonomy.get(DEFAULTED, set())
    _taxonomy_check(
        plan, inputs, table, columns.get("kind"), "kinds", "kind_known", WARNING if "kinds" in guessed else ERROR
    )
    _taxonomy_check(plan, inputs, table, columns.get("admin_level"), "admin_levels", "admin_level_known", WARNING)


def _ranking_checks(plan, inputs, table, columns, table_config) -> None:
    rank, out_of, year = columns.get("rank"), columns.get("out_of"), columns.get("year")
    thresholds = inputs.config["thresholds"]
    if rank:
        plan.add(
            Check(
                SUITE,
                table,
                "rank_at_least_1",
                "ExpectColumnValuesToBeBetween",
                {"column": rank, "min_value": 1},
                ERROR,
                description="ranks start at 1",
            )
        )
    if rank and out_of:
        plan.add(
            Check(
                SUITE,
                table,
                "rank_within_out_of",
                "ExpectColumnPairValuesAToBeGreaterThanB",
                {"column_A": out_of, "column_B": rank, "or_equal": True, "ignore_row_if": "either_value_is_missing"},
                ERROR,
                description="a rank is not beyond the number of provinces ranked",
            )
        )
    if out_of and year:
        reform = thresholds["province_reform_year"]
        plan.add(
            Check(
                SUITE,
                table,
                "out_of_provinces_before_reform",
                "ExpectColumnValuesToBeBetween",
                {"column": out_of, "min_value": 1, "max_value": thresholds["provinces_before_2025"]},
                ERROR,
                when=(year, "<", reform),
                description=f"at most {thresholds['provinces_before_2025']} provinces before {reform}",
            )
        )
        plan.add(
            Check(
                SUITE,
                table,
                "out_of_provinces_after_reform",
                "ExpectColumnValuesToBeBetween",
                {"column": out_of, "min_value": 1, "max_value": thresholds["provinces_from_2025"]},
                ERROR,
                when=(year, ">=", reform),
                description=f"at most {thresholds['provinces_from_2025']} provinces from {reform}",
            )
        )
    # A ranking is published about a past year, never a future one.
    _year_checks(plan, inputs, table, year, 0)
    _taxonomy_check(plan, inputs, table, columns.get("ranking"), "rankings", "ranking_code_known")
    _taxonomy_check(plan, inputs, table, columns.get("component"), "components", "component_code_known")


def _incident_checks(plan, inputs, table, columns, table_config) -> None:
    count = columns.get("count")
    if count:
        plan.add(
            Check(
                SUITE,
                table,
                "count_not_negative",
                "ExpectColumnValuesToBeBetween",
                {"column": count, "min_value": 0},
                ERROR,
                description="incident counts are never negative",
            )
        )
    start, end = columns.get("period_start"), columns.get("period_end")
    if start and end:
        plan.add(
            Check(
                SUITE,
                table,
                "period_ordered",
                "ExpectColumnPairValuesAToBeGreaterThanB",
                {
                    "column_A": end + DATE_SUFFIX,
                    "column_B": start + DATE_SUFFIX,
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
                ERROR,
                description="a reporting period ends on or after it starts",
            )
        )
    _taxonomy_check(plan, inputs, table, columns.get("incident_type"), "incident_types", "incident_type_known")
