"""End to end: the real DAG under ``airflow dags test`` against the offline mirror on loopback.

Run once per session (module-scoped fixture) because it is the heaviest scenario: two DAG runs
(the second must find nothing new and change no row counts), then assertions on the warehouse.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED_PROVINCES = {"25", "62", "67", "11", "42"}
SEED_TITLE_FRAGMENTS = {
    "25": "Phú Thọ: Kế hoạch ứng dụng công nghệ thông tin",
    "62": "Kon Tum: Phê duyệt Kế hoạch ứng dụng công nghệ thông tin",
    "67": "Tạo cơ sở thiết lập chính quyền điện tử",
}
COUNTED_TABLES = (
    "raw.articles",
    "raw.indicator_facts",
    "raw.ranking_facts",
    "raw.incident_facts",
    "marts.dim_article",
    "marts.fct_indicator_observations",
    "marts.fct_ict_rankings",
    "marts.fct_security_incidents",
    "marts.mart_extraction_review",
)


def _airflow_home(tmp: Path) -> Path:
    """A private SQLite metadata DB; copied from the project's initialised one when available."""
    home = tmp / "airflow"
    home.mkdir()
    project_db = ROOT / ".airflow" / "airflow.db"
    environment = _environment(tmp, home, None)
    if project_db.exists():
        shutil.copy(project_db, home / "airflow.db")
    else:
        subprocess.run([str(Path(sys.executable).with_name("airflow")), "db", "migrate"], env=environment,
                       check=True, capture_output=True, timeout=300)
        subprocess.run([str(Path(sys.executable).with_name("airflow")), "pools", "set", "warehouse_writer", "1", "x"],
                       env=environment, check=True, capture_output=True, timeout=120)
    return home


def _environment(tmp: Path, airflow_home: Path, endpoints: Path | None) -> dict:
    environment = dict(os.environ)
    environment.update(
        AIRFLOW_HOME=str(airflow_home),
        AIRFLOW__CORE__DAGS_FOLDER=str(ROOT / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{airflow_home}/airflow.db",
        PYTHONPATH=str(ROOT),
        VNICT_DATA_DIR=str(tmp / "data"),
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    environment.pop("VNICT_WAREHOUSE", None)
    environment.pop("VNICT_LANDING_DIR", None)
    if endpoints is not None:
        environment["VNICT_SOURCE_ENDPOINTS"] = str(endpoints)
    return environment


def _counts(warehouse: Path) -> dict:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return {table: connection.execute(f"select count(*) from {table}").fetchone()[0] for table in COUNTED_TABLES}


@pytest.fixture(scope="module")
def pipeline_runs(tmp_path_factory):
    """Two DAG runs, each with its own mirror on new free ports, as two ``make run`` calls do:
    a page's identity must not depend on the port it was fetched from."""
    from mirror.server import start_mirror

    tmp = tmp_path_factory.mktemp("e2e")
    airflow_home = _airflow_home(tmp)
    airflow = str(Path(sys.executable).with_name("airflow"))
    warehouse = tmp / "data" / "warehouse.duckdb"
    runs = []
    for number, logical_date in enumerate(("2026-11-24T02:00:00+00:00", "2026-11-25T02:00:00+00:00")):
        endpoints = tmp / f"endpoints_{number}.json"
        mirror = start_mirror(endpoints_file=endpoints)
        try:
            completed = subprocess.run(
                [airflow, "dags", "test", "vn_ict_pipeline", logical_date],
                env=_environment(tmp, airflow_home, endpoints), capture_output=True, text=True, timeout=900, cwd=ROOT,
            )
        finally:
            mirror.stop()
        log_tail = (completed.stdout + completed.stderr)[-6000:]
        assert completed.returncode == 0, log_tail
        runs.append({"counts": _counts(warehouse), "log": completed.stdout + completed.stderr,
                     "summary": json.loads((tmp / "data" / "runs" / "latest_summary.json").read_text(encoding="utf-8"))})
    yield {"tmp": tmp, "warehouse": warehouse, "runs": runs}


def test_every_seed_article_lands_with_its_province(pipeline_runs):
    with duckdb.connect(str(pipeline_runs["warehouse"]), read_only=True) as connection:
        provinces = {row[0] for row in connection.execute(
            "select distinct province_code from marts.dim_article where province_code is not null").fetchall()}
        titles = [row[0] for row in connection.execute("select title from marts.dim_article").fetchall()]
    assert SEED_PROVINCES <= provinces
    for fragment in SEED_TITLE_FRAGMENTS.values():
        assert any(fragment in (title or "") for title in titles), fragment


def test_facts_from_all_five_seed_articles_carry_evidence(pipeline_runs):
    with duckdb.connect(str(pipeline_runs["warehouse"]), read_only=True) as connection:
        facts_by_province = dict(connection.execute(
            """
            select a.province_code, count(*)
            from (
                select article_id, sentence from marts.fct_indicator_observations
                union all select article_id, sentence from marts.fct_ict_rankings
                union all select article_id, sentence from marts.fct_security_incidents
            ) f join marts.dim_article a using (article_id)
            where f.sentence is not null and length(f.sentence) > 10
            group by 1
            """
        ).fetchall())
        # Specific facts a reader can check against the articles.
        lan_daknong = connection.execute(
            """select value from marts.fct_indicator_observations
               where province_code = '67' and indicator_code = 'lan_coverage' and admin_level = 'province'"""
        ).fetchall()
        dienbien_overall = connection.execute(
            """select rank, out_of from marts.fct_ict_rankings
               where province_code = '11' and component_code = 'overall' and year = 2015"""
        ).fetchall()
        hatinh_botnet = connection.execute(
            """select incident_count from marts.fct_security_incidents
               where province_code = '42' and incident_type = 'malware'"""
        ).fetchall()
    assert SEED_PROVINCES <= set(facts_by_province), facts_by_province
    assert (100.0,) in [tuple(map(float, row)) for row in lan_daknong]
    assert (63, 63) in dienbien_overall
    assert (87,) in hatinh_botnet


def test_second_run_finds_nothing_new_and_changes_no_row_counts(pipeline_runs):
    first, second = pipeline_runs["runs"]
    assert first["counts"]["raw.articles"] >= 5
    assert second["counts"] == first["counts"]
    assert sum(source["new_articles"] for source in first["summary"]["sources"].values()) >= 5
    assert sum(source["new_articles"] for source in second["summary"]["sources"].values()) == 0


def test_no_duplicate_facts_in_the_marts(pipeline_runs):
    with duckdb.connect(str(pipeline_runs["warehouse"]), read_only=True) as connection:
        duplicates = connection.execute(
            """
            select count(*) from (
                select province_code, indicator_code, admin_level, year, kind, article_id, value, count(*) as copies
                from marts.fct_indicator_observations group by all having count(*) > 1
            )
            """
        ).fetchone()[0]
    assert duplicates == 0


def test_summary_reports_sources_marts_and_paths(pipeline_runs):
    summary = json.loads((pipeline_runs["tmp"] / "data" / "runs" / "latest_summary.json").read_text(encoding="utf-8"))
    assert set(summary["sources"]) >= {"phutho_mic", "kontum_mic", "daknong_baodaknong", "dienbien_dic", "hatinh_stttt"}
    assert summary["marts"]["fct_indicator_observations"] > 0
    assert summary["paths"]["warehouse"].endswith("warehouse.duckdb")
    assert summary["quality"]["published"] is True
    # the review mart (entries below the publish threshold) is published with the others, at the
    # threshold from settings
    from scrapers import settings

    assert summary["marts"]["mart_extraction_review"] is not None
    assert summary["publish_min_confidence"] == settings.PUBLISH_MIN_CONFIDENCE


def test_a_clean_run_on_the_old_mirror_articles_warns_about_nothing_and_quarantines_nothing(pipeline_runs):
    """The mirror's articles are years old, yet no source is stale on its first crawl: freshness
    counts only silence we watched (docs/contracts.md, "Freshness"), so a clean run is all green."""
    for run in pipeline_runs["runs"]:
        quality = run["summary"]["quality"]
        assert (quality["warnings"], quality["errors"], quality["expectations_failed"]) == (0, 0, 0), quality
    with duckdb.connect(str(pipeline_runs["warehouse"]), read_only=True) as connection:
        stale = connection.execute("select source_id from marts.dim_source where is_stale").fetchall()
        quarantine = connection.execute("select count(*) from information_schema.tables "
                                        "where table_schema = 'quality' and table_name = 'quarantine_rows'").fetchone()[0]
        quarantined = connection.execute("select count(*) from quality.quarantine_rows").fetchone()[0] if quarantine else 0
    assert stale == [] and quarantined == 0


# --- Bad data: the gate blocks publishing (issue 6). These run last: they add a third DAG run. ---

def _alert_receivers():
    """The quality tests' real SMTP sink and webhook receiver (tests/ is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("alert_receivers", ROOT / "tests" / "quality" / "alert_receivers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SmtpSink(), module.WebhookReceiver()


def _marts_snapshot(warehouse: Path) -> dict:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        tables = [row[0] for row in connection.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
        return {table: connection.execute(f"select * from marts.{table} order by all").fetchall() for table in tables}


@pytest.fixture(scope="module")
def bad_data_run(pipeline_runs):
    """A third run: the Điện Biên site publishes an article claiming 250 %; alerts go to local receivers."""
    from mirror.server import start_mirror

    tmp, warehouse = pipeline_runs["tmp"], pipeline_runs["warehouse"]
    before = _marts_snapshot(warehouse)
    smtp, webhook = _alert_receivers()
    endpoints = tmp / "endpoints_bad.json"
    mirror = start_mirror(endpoints_file=endpoints, scenario=Path(__file__).with_name("bad_data_scenario.yaml"))
    environment = _environment(tmp, pipeline_runs["tmp"] / "airflow", endpoints)
    environment.update(
        VNICT_SMTP_HOST="127.0.0.1", VNICT_SMTP_PORT=str(smtp.port), VNICT_ALERT_EMAIL_TO="ops@example.org",
        VNICT_ALERT_WEBHOOK_URL=webhook.url,
    )
    try:
        completed = subprocess.run(
            [str(Path(sys.executable).with_name("airflow")), "dags", "test", "vn_ict_pipeline", "2026-11-26T02:00:00+00:00"],
            env=environment, capture_output=True, text=True, timeout=900, cwd=ROOT,
        )
    finally:
        mirror.stop()
    run_dirs = sorted((tmp / "data" / "runs").glob("manual__*"), key=lambda path: path.stat().st_mtime)
    quality = json.loads((run_dirs[-1] / "quality.json").read_text(encoding="utf-8"))
    yield {"completed": completed, "before": before, "after": _marts_snapshot(warehouse), "quality": quality,
           "emails": smtp.bodies(), "webhooks": webhook.payloads, "warehouse": warehouse}
    smtp.close()
    webhook.close()


def test_bad_data_blocks_publishing_and_leaves_the_marts_exactly_as_they_were(bad_data_run):
    output = bad_data_run["completed"].stdout + bad_data_run["completed"].stderr
    assert "QualityGateBlocked" in output or "quality gate blocked" in output, output[-4000:]
    assert bad_data_run["quality"]["published"] is False
    assert bad_data_run["quality"]["errors"] >= 1
    assert bad_data_run["after"] == bad_data_run["before"]


def test_bad_data_alert_names_the_expectation_and_the_value_on_both_channels(bad_data_run):
    blocking = [failure for failure in bad_data_run["quality"]["failures"] if failure["severity"] == "error"]
    assert blocking, bad_data_run["quality"]["failures"]
    expectation = blocking[0]["expectation"]
    assert len(bad_data_run["emails"]) == 1, bad_data_run["emails"]
    assert len(bad_data_run["webhooks"]) == 1, bad_data_run["webhooks"]
    for text in (bad_data_run["emails"][0], json.dumps(bad_data_run["webhooks"][0], ensure_ascii=False)):
        assert expectation in text
        assert "250" in text


def test_bad_data_row_is_kept_in_quarantine_with_its_expectation(bad_data_run):
    with duckdb.connect(str(bad_data_run["warehouse"]), read_only=True) as connection:
        rows = connection.execute("select * from quality.quarantine_rows").fetchall()
        columns = [column[0] for column in connection.description]
    quarantined = [dict(zip(columns, row)) for row in rows]
    matching = [row for row in quarantined if "250" in json.dumps(row, default=str)]
    assert matching, quarantined[:3]
    assert any(row.get("expectation") for row in matching)


# --- The runbook after a block (issue 12): the block stays until accepted; mode=rebuild publishes. ---

@pytest.fixture(scope="module")
def rebuild_run(bad_data_run, pipeline_runs):
    """The 250 % is what the site printed: list the blocked rows, accept them (who, why), then run
    the DAG with ``mode=rebuild`` (no request: every landed page re-parsed from the archive)."""
    tmp = pipeline_runs["tmp"]
    environment = _environment(tmp, tmp / "airflow", None)  # no mirror: a rebuild fetches nothing
    python = str(Path(sys.executable))
    listed = subprocess.run([python, "-m", "expectations", "blocked"], env=environment, capture_output=True,
                            text=True, timeout=300, cwd=ROOT)
    blocked = [json.loads(line) for line in listed.stdout.splitlines() if line.startswith("{")]
    accepted = [subprocess.run([python, "-m", "expectations", "accept", "--table", row["table_name"], "--key",
                                row["row_key"], "--expectation", row["expectation"], "--by", "e2e@example.org",
                                "--reason", "the article really prints 250 %"],
                               env=environment, capture_output=True, text=True, timeout=300, cwd=ROOT)
                for row in blocked]
    completed = subprocess.run(
        [str(Path(sys.executable).with_name("airflow")), "dags", "test", "vn_ict_pipeline", "2026-11-27T02:00:00+00:00",
         "--conf", json.dumps({"mode": "rebuild"})],
        env=environment, capture_output=True, text=True, timeout=900, cwd=ROOT)
    run_dirs = sorted((tmp / "data" / "runs").glob("manual__*"), key=lambda path: path.stat().st_mtime)
    quality = json.loads((run_dirs[-1] / "quality.json").read_text(encoding="utf-8"))
    yield {"blocked": blocked, "accepted": accepted, "completed": completed, "quality": quality,
           "before": bad_data_run["after"], "after": _marts_snapshot(pipeline_runs["warehouse"]),
           "warehouse": pipeline_runs["warehouse"]}


def test_the_block_outlives_its_run_until_accepted_then_a_rebuild_run_publishes(rebuild_run):
    assert rebuild_run["blocked"], "the 250 % row must still be listed as blocked after its run"
    assert all(result.returncode == 0 for result in rebuild_run["accepted"]), [r.stderr for r in rebuild_run["accepted"]]
    output = rebuild_run["completed"].stdout + rebuild_run["completed"].stderr
    assert rebuild_run["completed"].returncode == 0, output[-6000:]
    assert rebuild_run["quality"]["published"] is True, rebuild_run["quality"]["failures"]
    assert rebuild_run["after"] != rebuild_run["before"]  # the new article is published at last
    with duckdb.connect(str(rebuild_run["warehouse"]), read_only=True) as connection:
        assert connection.execute("select count(*) from marts.fct_indicator_observations where value = 250").fetchone()[0] == 0
        assert connection.execute("select count(*) from quality.blocked_rows where status = 'blocked'").fetchone()[0] == 0
        assert connection.execute("select count(*) from raw.fetches f join raw.runs r using (run_id) "
                                  "where r.fetch_records = 0").fetchone()[0] == 0  # the rebuild fetched nothing
