"""warehouse.dbt_runner reports failing tests by name with their failing row counts."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from warehouse import dbt_runner


def test_a_failing_test_is_reported_with_its_name_and_row_count(duckdb_warehouse, tmp_path):
    copy = tmp_path / "broken.duckdb"
    shutil.copy(duckdb_warehouse.environment["VNICT_WAREHOUSE"], copy)
    with duckdb.connect(str(copy)) as connection:
        connection.execute("insert into audit.dim_province select * from audit.dim_province where province_code = '25'")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VNICT_WAREHOUSE", str(copy))
        result = dbt_runner.run_dbt(
            ["test", "--select", "dim_province"],
            target="duckdb",
            target_path=tmp_path / "target",
            log_path=tmp_path / "logs",
        )
    assert not result.success
    failed = {test.name: test for test in result.failed_tests}
    assert failed["unique_dim_province_province_code"].failures == 1
    assert failed["unique_dim_province_province_code"].model == "dim_province"
    assert failed["unique_dim_province_province_code"].column_name == "province_code"
    assert "assert_dim_province_has_63_provinces_and_34_successors" in failed
    assert result.status_of("not_null_dim_province_province_code") == "pass"
    assert "FAIL unique_dim_province_province_code on dim_province.province_code: 1 failing row(s)" in result.summary()
    # the runner released the database: this process can open it read-only again
    with duckdb.connect(str(copy), read_only=True) as connection:
        assert connection.execute("select count(*) from audit.dim_province").fetchone()[0] == 64


def test_the_build_result_lists_every_node_with_its_relation(duckdb_warehouse):
    nodes = {node.name: node for node in duckdb_warehouse.build_result.nodes}
    assert nodes["fct_indicator_observations"].status == "success"
    assert nodes["fct_indicator_observations"].relation == "audit.fct_indicator_observations"
    assert nodes["ref_provinces"].relation == "reference.ref_provinces"
    assert nodes["test_mart_targets_vs_actuals_attainment"].resource_type == "unit_test"
    assert nodes["test_mart_targets_vs_actuals_attainment"].attached_node == "mart_targets_vs_actuals"
    assert nodes["unique_dim_province_province_code"].attached_node == "dim_province"


def test_project_vars_are_passed_through(duckdb_warehouse, tmp_path):
    copy = tmp_path / "as_of.duckdb"
    shutil.copy(duckdb_warehouse.environment["VNICT_WAREHOUSE"], copy)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VNICT_WAREHOUSE", str(copy))
        result = dbt_runner.run_dbt(
            ["run", "--select", "mart_targets_vs_actuals"],
            target="duckdb",
            target_path=tmp_path / "target",
            log_path=tmp_path / "logs",
            dbt_vars={"as_of_year": 2020},
        )
    assert result.success, result.summary()
    with duckdb.connect(str(copy), read_only=True) as connection:
        assert connection.execute("select years_remaining from audit.mart_targets_vs_actuals").fetchall() == [(5,)]
