"""The dashboards bundle (bi/dashboards/, Superset's export format) is valid and reads real marts.

Checked without Superset: every YAML file parses; every reference (chart → dataset → database,
dashboard → chart, filter → dataset column) resolves; every dataset's SQL runs on a warehouse whose
`marts` schema is built from the dbt contracts (so a renamed mart column fails here) and returns
exactly the columns the dataset declares; every chart uses only columns and metrics of its
dataset; titles are bilingual; the province → ISO 3166-2 mapping covers the 63 provinces.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

import duckdb
import pytest
import yaml

from bi import launch

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BUNDLE = PROJECT_ROOT / "bi" / "dashboards"
ISO_CODES = PROJECT_ROOT / "dbt_project" / "seeds" / "ref_provinces.csv"  # column iso_3166_2
PROVINCES_SEED = PROJECT_ROOT / "dbt_project" / "seeds" / "ref_provinces.csv"
DASHBOARD_SLUGS = {
    "province-ict-scorecard",
    "plans-versus-results",
    "security-incidents",
    "ict-rankings",
    "pipeline-health",
    "extraction-review-queue",
}


def _load(kind: str) -> dict[str, dict]:
    return {
        str(path.relative_to(BUNDLE)): yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((BUNDLE / kind).rglob("*.yaml"))
    }


DATABASES, DATASETS, CHARTS, DASHBOARDS = (_load(kind) for kind in ("databases", "datasets", "charts", "dashboards"))
DATASETS_BY_UUID = {dataset["uuid"]: dataset for dataset in DATASETS.values()}
CHARTS_BY_UUID = {chart["uuid"]: chart for chart in CHARTS.values()}


def _chart_uuids(dashboard: dict) -> list[str]:
    return [
        node["meta"]["uuid"]
        for node in dashboard["position"].values()
        if isinstance(node, dict) and node.get("type") == "CHART"
    ]


def test_bundle_has_the_six_dashboards_and_valid_metadata():
    metadata = yaml.safe_load((BUNDLE / "metadata.yaml").read_text())
    assert metadata["version"] == "1.0.0" and metadata["type"] == "assets"
    assert {dashboard["slug"] for dashboard in DASHBOARDS.values()} == DASHBOARD_SLUGS
    assert len(DATABASES) == 1
    every = [*DATABASES.values(), *DATASETS.values(), *CHARTS.values(), *DASHBOARDS.values()]
    uuids = [item["uuid"] for item in every]
    assert len(uuids) == len(set(uuids)), "uuids must be unique across the bundle"
    assert all(item["version"] == "1.0.0" for item in every)


def test_every_reference_resolves():
    database_uuids = {database["uuid"] for database in DATABASES.values()}
    for name, dataset in DATASETS.items():
        assert dataset["database_uuid"] in database_uuids, name
    for name, chart in CHARTS.items():
        assert chart["dataset_uuid"] in DATASETS_BY_UUID, f"{name}: unknown dataset {chart['dataset_uuid']}"
    on_a_dashboard = set()
    for name, dashboard in DASHBOARDS.items():
        uuids = _chart_uuids(dashboard)
        assert uuids, f"{name} has no chart"
        for uuid in uuids:
            assert uuid in CHARTS_BY_UUID, f"{name}: position names unknown chart {uuid}"
        on_a_dashboard.update(uuids)
        local_ids = {
            node["meta"]["chartId"]
            for node in dashboard["position"].values()
            if isinstance(node, dict) and node.get("type") == "CHART"
        }
        assert len(local_ids) == len(uuids) and None not in local_ids, f"{name}: charts need distinct chartIds"
        for native_filter in dashboard["metadata"]["native_filter_configuration"]:
            assert set(native_filter["scope"]["excluded"]) <= local_ids, f"{name}: {native_filter['name']!r} scope"
            for target in native_filter["targets"]:
                dataset = DATASETS_BY_UUID[target["datasetUuid"]]
                columns = {column["column_name"] for column in dataset["columns"]}
                assert target["column"]["name"] in columns, f"{name}: filter {native_filter['name']!r}"
    assert on_a_dashboard == set(CHARTS_BY_UUID), "every chart is on a dashboard"


def test_titles_are_bilingual_and_dashboards_described():
    for name, dashboard in DASHBOARDS.items():
        assert " / " in dashboard["dashboard_title"], name
        assert len(dashboard["description"] or "") > 80, f"{name} needs a short description"
        markdown = [
            node for node in dashboard["position"].values() if isinstance(node, dict) and node.get("type") == "MARKDOWN"
        ]
        assert markdown and markdown[0]["meta"]["code"] == dashboard["description"], f"{name} shows its description"
        for native_filter in dashboard["metadata"]["native_filter_configuration"]:
            assert " / " in native_filter["name"], native_filter["name"]
    for name, chart in CHARTS.items():
        assert " / " in chart["slice_name"], f"{name}: title needs English / Vietnamese"
    for name, dataset in DATASETS.items():
        for metric in dataset["metrics"]:
            assert " / " in (metric["verbose_name"] or ""), f"{name}.{metric['metric_name']}"


def _duckdb_columns(snapshot: Path, sql: str) -> list[tuple[str, str]]:
    with duckdb.connect(str(snapshot), read_only=True) as connection:
        return [(row[0], row[1]) for row in connection.execute(f"describe {sql}").fetchall()]


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_dataset_runs_on_the_marts_and_declares_its_columns(name, bi_snapshots):
    dataset = DATASETS[name]
    assert dataset["schema"] == "marts"
    sql = dataset["sql"] or f'select * from marts."{dataset["table_name"]}"'
    for label, snapshot in bi_snapshots.items():
        actual = dict(_duckdb_columns(snapshot, sql))
        declared = {column["column_name"]: column["type"] for column in dataset["columns"]}
        assert actual == declared, (
            f"{name} on the {label} warehouse: the SQL returns {actual} but the dataset declares {declared}; "
            "update the dataset's columns (and its charts) to the marts' contracts"
        )
        with duckdb.connect(str(snapshot), read_only=True) as connection:
            for metric in dataset["metrics"]:
                connection.execute(f"select {metric['expression']} from ({sql}) as dataset").fetchall()


def test_datasets_read_published_marts_only():
    """BI reads `marts` (and the quality gate's outcomes), never raw, staging or audit."""
    for name, dataset in DATASETS.items():
        relations = set(re.findall(r"\b(?:from|join)\s+([a-z_]+)\.([a-z_]+)", dataset["sql"] or "", re.IGNORECASE))
        assert relations, name
        for schema, table in relations:
            assert (schema, table) in {("marts", table), ("quality", "validation_runs")}, (
                f"{name} reads {schema}.{table}"
            )


def _chart_references(params: dict) -> tuple[set[str], set[str]]:
    """(column names, saved metric names) a chart's params use."""
    columns: set[str] = set()
    metrics: set[str] = set()

    def column(value):
        if isinstance(value, str):
            columns.add(value)
        elif isinstance(value, dict) and value.get("column_name"):
            columns.add(value["column_name"])

    def metric(value):
        if isinstance(value, str):
            metrics.add(value)
        elif isinstance(value, dict) and value.get("expressionType") == "SIMPLE":
            column(value.get("column"))

    for key in ("x_axis", "entity", "series"):
        if params.get(key):
            column(params[key])
    for key in ("groupby", "all_columns", "columns"):
        value = params.get(key) or []
        for item in [value] if isinstance(value, str) else value:
            column(item)
    for item in params.get("order_by_cols") or []:
        column(json.loads(item)[0])
    for key in ("metric", "timeseries_limit_metric", "secondary_metric"):
        if params.get(key):
            metric(params[key])
    for item in params.get("metrics") or []:
        metric(item)
    for adhoc in params.get("adhoc_filters") or []:
        if adhoc.get("expressionType") == "SIMPLE":
            column(adhoc.get("subject"))
    return columns, metrics


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_uses_columns_and_metrics_of_its_dataset(name):
    chart = CHARTS[name]
    dataset = DATASETS_BY_UUID[chart["dataset_uuid"]]
    columns, metrics = _chart_references(chart["params"])
    known_columns = {column["column_name"] for column in dataset["columns"]}
    known_metrics = {metric["metric_name"] for metric in dataset["metrics"]}
    assert columns <= known_columns, f"{name}: unknown columns {columns - known_columns} in {dataset['table_name']}"
    assert metrics <= known_metrics, f"{name}: unknown metrics {metrics - known_metrics} in {dataset['table_name']}"
    sort = chart["params"].get("x_axis_sort")
    assert sort is None or sort in metrics | columns, f"{name}: x_axis_sort {sort!r}"
    assert chart["params"]["viz_type"] == chart["viz_type"]


def test_province_iso_codes_cover_the_63_provinces_and_no_dataset_spells_its_own():
    rows = list(csv.DictReader(ISO_CODES.open(encoding="utf-8")))
    seed_codes = [row["province_code"] for row in csv.DictReader(PROVINCES_SEED.open(encoding="utf-8"))]
    assert len(rows) == 63
    assert sorted(row["province_code"] for row in rows) == sorted(seed_codes)
    iso = [row["iso_3166_2"] for row in rows]
    assert len(set(iso)) == 63 and all(re.fullmatch(r"VN-(\d\d|[A-Z]{2})", code) for code in iso)
    assert {
        "01": "VN-HN",
        "79": "VN-SG",
        "48": "VN-DN",
        "31": "VN-HP",
        "92": "VN-CT",
        "22": "VN-13",
        "12": "VN-01",
    }.items() <= {row["province_code"]: row["iso_3166_2"] for row in rows}.items()
    # The seed is the one list: no dataset spells ISO codes of its own.
    for name, dataset in DATASETS.items():
        assert not re.search(r"'VN-[0-9A-Z]{2}'", dataset["sql"] or ""), (
            f"{name} spells ISO codes; use the mart's iso_3166_2"
        )


def test_the_scorecard_dataset_is_a_select_of_its_mart():
    """The map's logic (headline value, 34-province means, colour-scale anchors) lives in dbt
    (mart_province_scorecard_map, documented and unit-tested there); the dataset only selects it."""
    scorecard = next(d for d in DATASETS.values() if d["table_name"] == "bi_province_scorecard")
    statements = [line for line in scorecard["sql"].splitlines() if line.strip() and not line.strip().startswith("--")]
    assert statements == ["select * from marts.mart_province_scorecard_map"], statements


def test_bundle_renders_this_machines_database(tmp_path, monkeypatch):
    monkeypatch.delenv("VNICT_BI_DATABASE_URI", raising=False)
    snapshot = tmp_path / "snap.duckdb"
    bundle = launch.build_bundle(tmp_path / "bundle.zip", snapshot)
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        database = yaml.safe_load(archive.read(next(n for n in names if n.startswith("bundle/databases/"))))
    assert len([n for n in names if n.endswith(".yaml")]) == 1 + len(DATABASES) + len(DATASETS) + len(CHARTS) + len(
        DASHBOARDS
    )
    assert database["sqlalchemy_uri"] == f"duckdb:///{snapshot}"
    assert database["extra"]["engine_params"]["connect_args"]["read_only"] is True
    assert database["allow_dml"] is False

    monkeypatch.setenv("VNICT_BI_DATABASE_URI", "postgresql+psycopg2://bi_reader:secret@warehouse-db:5432/vnict")
    with zipfile.ZipFile(launch.build_bundle(tmp_path / "bundle_pg.zip", snapshot)) as archive:
        database = yaml.safe_load(
            archive.read(next(n for n in archive.namelist() if n.startswith("bundle/databases/")))
        )
    assert database["sqlalchemy_uri"].startswith("postgresql+psycopg2://bi_reader:")
    assert "engine_params" not in database["extra"]


def test_review_queue_dashboard_shows_each_entry_with_its_evidence_and_counts_by_kind_and_reason():
    """The extraction review queue: article link, sentence, value, confidence and why, per entry;
    counts by kind and by reason for doubt; it reads the review mart only."""
    dashboard = next(d for d in DASHBOARDS.values() if d["slug"] == "extraction-review-queue")
    charts = [CHARTS_BY_UUID[uuid] for uuid in _chart_uuids(dashboard)]
    datasets = {DATASETS_BY_UUID[chart["dataset_uuid"]]["table_name"] for chart in charts}
    assert datasets == {"bi_extraction_review", "bi_extraction_review_reasons", "bi_review_decisions"}
    for name in datasets - {"bi_review_decisions"}:
        sql = next(d for d in DATASETS.values() if d["table_name"] == name)["sql"]
        assert "marts.mart_extraction_review" in sql
    queue = next(chart for chart in charts if chart["viz_type"] == "table")
    assert {"article_link", "sentence", "value", "unit", "confidence", "uncertainty_label"} <= set(
        queue["params"]["all_columns"]
    )
    assert queue["params"]["allow_render_html"] is True  # the article link is clickable
    grouped = {
        column
        for chart in charts
        for column in (chart["params"].get("groupby") or []) + [chart["params"].get("x_axis")]
    }
    assert {"fact_type_label", "reason"} <= grouped


def test_review_dashboard_orders_the_queue_by_impact_and_shows_throughput_and_decisions():
    """The review loop (docs/review.md): the queue in review order with the entry_key to decide on,
    decisions per day (throughput) and every decision with its outcome, from mart_review_decisions."""
    dashboard = next(d for d in DASHBOARDS.values() if d["slug"] == "extraction-review-queue")
    charts = {CHARTS_BY_UUID[uuid]["slice_name"]: CHARTS_BY_UUID[uuid] for uuid in _chart_uuids(dashboard)}
    queue = charts["Review queue / Danh sách chờ kiểm tra"]["params"]
    assert {"queue_position", "impact", "queue_reason", "entry_key", "article_link", "sentence"} <= set(
        queue["all_columns"]
    )
    assert queue["order_by_cols"][0] == '["queue_position", true]'
    throughput = charts["Review throughput / Số quyết định rà soát theo ngày"]
    assert (
        throughput["params"]["x_axis"],
        throughput["params"]["metrics"],
        throughput["params"]["time_grain_sqla"],
    ) == ("decided_date", ["decisions"], "P1D")
    decisions = charts["Decisions and what became of them / Quyết định và kết quả áp dụng"]["params"]
    assert {"status_label", "entry_key", "status_reason", "published_value"} <= set(decisions["all_columns"])
    sql = DATASETS_BY_UUID[throughput["dataset_uuid"]]["sql"]
    assert "marts.mart_review_decisions" in sql


def test_reasons_dataset_splits_the_uncertainty_into_one_row_per_reason(fixture_snapshot):
    dataset = next(d for d in DATASETS.values() if d["table_name"] == "bi_extraction_review_reasons")
    with duckdb.connect(str(fixture_snapshot), read_only=True) as connection:
        entries, ids = connection.execute(
            "select count(*), count(distinct fact_id) from marts.mart_extraction_review"
        ).fetchone()
        two_reasons = connection.execute(
            "select count(*) from marts.mart_extraction_review where uncertainty like '%;%'"
        ).fetchone()[0]
        rows, distinct, reasons = connection.execute(
            f"select count(*), count(distinct fact_id), count(distinct reason) from ({dataset['sql']}) as dataset"
        ).fetchone()
        semicolons = connection.execute(
            f"select count(*) from ({dataset['sql']}) as dataset where reason like '%;%' or reason <> trim(reason)"
        ).fetchone()[0]
    assert entries > 0 and two_reasons > 0
    assert distinct == ids and rows == entries + two_reasons and semicolons == 0 and reasons > 1


def test_no_chart_adds_up_counts_of_different_units():
    """Incident counts come in different units (affected units, web portals, attacks): a chart may
    show them side by side, labelled with their unit, but never stack or sum them (issue 13)."""
    incidents = next(d for d in DATASETS.values() if d["table_name"] == "bi_incidents_by_period")
    count_metrics = {"incidents_half_year", "incidents_longer_period"}
    for name, chart in CHARTS.items():
        if chart["dataset_uuid"] != incidents["uuid"]:
            continue
        params = chart["params"]
        metrics = set(params.get("metrics") or []) | {params.get("metric")}
        if metrics & count_metrics and chart["viz_type"] != "table":
            assert "incident_series_label" in (params.get("groupby") or []), f"{name}: series without their unit"
            assert not params.get("stack"), f"{name}: stacks incident counts of different units"
            assert chart["viz_type"] != "pie", f"{name}: a pie adds up counts of different units"


def test_attainment_is_never_averaged_across_indicators():
    """Attainment (actual / target) is shown per target, never as a mean over unrelated indicators."""
    targets = next(d for d in DATASETS.values() if d["table_name"] == "bi_targets_vs_actuals")
    expressions = {m["metric_name"]: m["expression"] for m in targets["metrics"]}
    assert not any("AVG(attainment" in expression.upper().replace(" ", "") for expression in expressions.values())
    for name, chart in CHARTS.items():
        if chart["dataset_uuid"] == targets["uuid"] and "attainment" in (chart["params"].get("metrics") or []):
            assert chart["params"]["x_axis"] == "target_label", f"{name}: attainment grouped over several targets"


def test_the_map_colour_scale_is_pinned_and_anchors_stay_off_other_charts(bi_snapshots):
    """Superset's country map spreads its colours between the smallest and largest value: the
    scorecard dataset pins the scale with rows on no map (0 and, for percentages, 100), which no
    other chart may show."""
    scorecard = next(d for d in DATASETS.values() if d["table_name"] == "bi_province_scorecard")
    with duckdb.connect(str(bi_snapshots["contracts"]), read_only=True) as connection:
        anchors = connection.execute(
            f"select iso_3166_2, unit, province_code, map_value from ({scorecard['sql']}) where is_scale_anchor"
        ).fetchall()
        indicators = connection.execute(
            f"select count(distinct province_map || indicator_code) from ({scorecard['sql']}) "
            "where not is_scale_anchor and map_value is not null"
        ).fetchone()[0]
    assert anchors and all(code.startswith("SCALE-") and province is None for code, _, province, _ in anchors)
    assert {value for code, unit, _, value in anchors if unit == "pct"} == {0, 100}
    assert len([a for a in anchors if a[0] == "SCALE-0"]) == indicators
    for name, chart in CHARTS.items():
        if chart["dataset_uuid"] == scorecard["uuid"] and chart["viz_type"] not in ("country_map", "big_number_total"):
            filters = [f.get("sqlExpression") for f in chart["params"].get("adhoc_filters") or []]
            assert "NOT is_scale_anchor" in filters, f"{name} would show the colour-scale anchors as data"
