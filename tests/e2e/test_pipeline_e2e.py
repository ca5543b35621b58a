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
        subprocess.run(
            [str(Path(sys.executable).with_name("airflow")), "db", "migrate"],
            env=environment,
            check=True,
            capture_output=True,
            timeout=300,
        )
        subprocess.run(
            [str(Path(sys.executable).with_name("airflow")), "pools", "set", "warehouse_writer", "1", "x"],
            env=environment,
            check=True,
            capture_output=True,
            timeout=120,
        )
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
    a page's identity must not depend on the port it was fetched from. The first is a bare
    ``airflow dags test``; the second is what ``make run`` runs (``python -m pipeline.run_local``)."""
    from mirror.server import start_mirror

    tmp = tmp_path_factory.mktemp("e2e")
    airflow_home = _airflow_home(tmp)
    airflow = str(Path(sys.executable).with_name("airflow"))
    warehouse = tmp / "data" / "warehouse.duckdb"
    runs = []
    endpoints = tmp / "endpoints_0.json"
    mirror = start_mirror(endpoints_file=endpoints)
    try:
        completed = subprocess.run(
            [airflow, "dags", "test", "vn_ict_pipeline", "2026-11-24T02:00:00+00:00"],
            env=_environment(tmp, airflow_home, endpoints),
            capture_output=True,
            text=True,
            timeout=900,
            cwd=ROOT,
        )
    finally:
        mirror.stop()
    assert completed.returncode == 0, (completed.stdout + completed.stderr)[-6000:]
    runs.append(
        {
            "counts": _counts(warehouse),
            "log": completed.stdout + completed.stderr,
            "summary": json.loads((tmp / "data" / "runs" / "latest_summary.json").read_text(encoding="utf-8")),
        }
    )
    make_run = subprocess.run(
        [sys.executable, "-m", "pipeline.run_local"],
        env=_environment(tmp, airflow_home, None),
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert make_run.returncode == 0, (make_run.stdout + make_run.stderr)[-6000:]
    runs.append(
        {
            "counts": _counts(warehouse),
            "log": make_run.stdout + make_run.stderr,
            "stdout": make_run.stdout,
            "summary": json.loads((tmp / "data" / "runs" / "latest_summary.json").read_text(encoding="utf-8")),
        }
    )
    yield {"tmp": tmp, "warehouse": warehouse, "runs": runs, "airflow_home": airflow_home}


def test_every_seed_article_lands_with_its_province(pipeline_runs):
    with duckdb.connect(str(pipeline_runs["warehouse"]), read_only=True) as connection:
        provinces = {
            row[0]
            for row in connection.execute(
                "select distinct province_code from marts.dim_article where province_code is not null"
            ).fetchall()
        }
        titles = [row[0] for row in connection.execute("select title from marts.dim_article").fetchall()]
    assert SEED_PROVINCES <= provinces
    for fragment in SEED_TITLE_FRAGMENTS.values():
        assert any(fragment in (title or "") for title in titles), fragment


def test_facts_from_all_five_seed_articles_carry_evidence(pipeline_runs):
    with duckdb.connect(str(pipeline_runs["warehouse"]), read_only=True) as connection:
        facts_by_province = dict(
            connection.execute(
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
            ).fetchall()
        )
        # Specific facts a reader can check against the articles.
        # published, or waiting for review when its confidence is under the threshold: extracted either way
        lan_daknong = connection.execute(
            """select value from marts.fct_indicator_observations
               where province_code = '67' and indicator_code = 'lan_coverage' and admin_level = 'province'
               union all
               select value from marts.mart_extraction_review
               where province_code = '67' and fact_code = 'lan_coverage' and admin_level = 'province'
                 and sentence is not null and confidence < publish_min_confidence"""
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
    from warehouse import settings

    assert summary["marts"]["mart_extraction_review"] is not None
    assert summary["publish_min_confidence"] == settings.PUBLISH_MIN_CONFIDENCE


# --- What `make run` shows (issue 13): one line per phase, the summary once, the rest in a file, ---
# --- and task logs the Airflow UI can read. ---

TASK_LOGS_AS_THE_UI_READS_THEM = """
import json, sys
from sqlalchemy import select
from airflow.models import DagRun, TaskInstance
from airflow.utils.log.log_reader import TaskLogReader
from airflow.utils.session import create_session
reader = TaskLogReader()
with create_session() as session:
    run = session.scalars(select(DagRun).where(DagRun.run_id == sys.argv[1])).one()
    logs = {}
    for ti in session.scalars(select(TaskInstance).where(TaskInstance.run_id == run.run_id)):
        chunks, _ = reader.read_log_chunks(ti, ti.try_number, {})
        logs[f"{ti.task_id}[{ti.rendered_map_index or ti.map_index}]"] = [str(getattr(c, "event", c)) for c in chunks]
print(json.dumps(logs))
"""


def test_make_run_prints_one_line_per_phase_and_the_summary_once(pipeline_runs):
    from pipeline.dag_test_output import PHASES

    stdout = pipeline_runs["runs"][1]["stdout"]
    lines = stdout.splitlines()
    phase_lines = [line for line in lines if line.startswith("[") and f"/{len(PHASES)}]" in line.split()[0]]
    names = [line.split("]", 1)[1].split("  ")[0].strip() for line in phase_lines]
    assert names[:6] == [
        "sources",
        "crawl",
        "parse + extract",
        "load raw",
        "dbt build + tests",
        "checks + publish + BI snapshot",
    ], stdout
    assert sorted(names[6:]) == ["summary", "verdict"], stdout  # both follow the publish, in either order
    assert all("success" in line and "failed" not in line for line in phase_lines), phase_lines
    assert "5 tasks: 5 success" in phase_lines[1]
    assert stdout.count("== Pipeline run") == 1
    assert "Pushing xcom" not in stdout and "[DAG TEST]" not in stdout
    assert len(lines) < 45, stdout
    log_path = Path(next(line for line in lines if line.startswith("full log: ")).split(": ", 1)[1])
    full_log = log_path.read_text(encoding="utf-8")
    assert "[DAG TEST] starting task_id=dbt_build" in full_log and "Pushing xcom" in full_log


def test_make_run_task_logs_are_readable_in_the_ui(pipeline_runs):
    """What the api-server does for the Logs tab: Airflow's own log reader on the run's task instances."""
    stdout = pipeline_runs["runs"][1]["stdout"]
    run_id = next(line for line in stdout.splitlines() if line.startswith("run ")).split()[1].rstrip(":")
    environment = _environment(pipeline_runs["tmp"], pipeline_runs["airflow_home"], None)
    completed = subprocess.run(
        [sys.executable, "-c", TASK_LOGS_AS_THE_UI_READS_THEM, run_id],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    logs = json.loads(completed.stdout.strip().splitlines()[-1])
    assert {
        "source.crawl[hatinh_stttt]",
        "source.parse_and_extract[phutho_mic]",
        "dbt_build[-1]",
        "summarise[-1]",
    } <= set(logs)
    for task, events in logs.items():
        text = "\n".join(events)
        assert "not found" not in text.lower() and len(events) > 3, (task, events[:10])
    assert any("Pipeline run" in event for event in logs["summarise[-1]"])
    assert any("crawl hatinh_stttt" in event for event in logs["source.crawl[hatinh_stttt]"])


def test_a_clean_run_on_the_old_mirror_articles_warns_about_nothing_and_quarantines_nothing(pipeline_runs):
    """The mirror's articles are years old, yet no source is stale on its first crawl: freshness
    counts only silence we watched (docs/contracts.md, "Freshness"), so a clean run is all green."""
    for run in pipeline_runs["runs"]:
        quality = run["summary"]["quality"]
        assert (quality["warnings"], quality["errors"], quality["expectations_failed"]) == (0, 0, 0), quality
    with duckdb.connect(str(pipeline_runs["warehouse"]), read_only=True) as connection:
        stale = connection.execute("select source_id from marts.dim_source where is_stale").fetchall()
        quarantine = connection.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'quality' and table_name = 'quarantine_rows'"
        ).fetchone()[0]
        quarantined = (
            connection.execute("select count(*) from quality.quarantine_rows").fetchone()[0] if quarantine else 0
        )
    assert stale == [] and quarantined == 0


# --- Bad data: the gate blocks publishing (issue 6). These run last: they add a third DAG run. ---
# The same run has a source that is completely down (issue 13): its task fails, the alert names it.

DEAD_SOURCE = "hatinh_stttt"


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the socket is closed


def _task_instances(airflow_home: Path) -> tuple[str, list[tuple]]:
    import sqlite3

    with sqlite3.connect(airflow_home / "airflow.db") as connection:
        run_id, state = connection.execute(
            "select run_id, state from dag_run where dag_id = 'vn_ict_pipeline' order by id desc limit 1"
        ).fetchone()
        rows = connection.execute(
            "select task_id, map_index, rendered_map_index, state, try_number from task_instance where run_id = ?",
            [run_id],
        ).fetchall()
    return state, rows


def _alert_receivers():
    """The quality tests' real SMTP sink and webhook receiver (tests/ is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("alert_receivers", ROOT / "tests" / "quality" / "alert_receivers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SmtpSink(), module.WebhookReceiver()


def _marts_snapshot(warehouse: Path) -> dict:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
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
    dead_endpoints = dict(mirror.endpoints, **{DEAD_SOURCE: f"http://127.0.0.1:{_closed_port()}"})
    endpoints.write_text(json.dumps(dead_endpoints), encoding="utf-8")
    environment = _environment(tmp, pipeline_runs["tmp"] / "airflow", endpoints)
    environment.update(
        VNICT_SMTP_HOST="127.0.0.1",
        VNICT_SMTP_PORT=str(smtp.port),
        VNICT_ALERT_EMAIL_TO="ops@example.org",
        VNICT_ALERT_WEBHOOK_URL=webhook.url,
    )
    try:
        completed = subprocess.run(
            [
                str(Path(sys.executable).with_name("airflow")),
                "dags",
                "test",
                "vn_ict_pipeline",
                "2026-11-26T02:00:00+00:00",
            ],
            env=environment,
            capture_output=True,
            text=True,
            timeout=900,
            cwd=ROOT,
        )
    finally:
        mirror.stop()
    run_dirs = sorted((tmp / "data" / "runs").glob("manual__*"), key=lambda path: path.stat().st_mtime)
    quality = json.loads((run_dirs[-1] / "quality.json").read_text(encoding="utf-8"))
    run_state, task_instances = _task_instances(pipeline_runs["tmp"] / "airflow")
    emails, webhooks = smtp.bodies(), webhook.payloads
    yield {
        "completed": completed,
        "before": before,
        "after": _marts_snapshot(warehouse),
        "quality": quality,
        "emails": [e for e in emails if "BLOCKED" in e],
        "webhooks": [w for w in webhooks if "BLOCKED" in w["text"]],
        "all_emails": emails,
        "all_webhooks": webhooks,
        "warehouse": warehouse,
        "run_state": run_state,
        "task_instances": task_instances,
    }
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


def test_a_source_that_is_down_fails_its_task_and_the_run_and_is_named_in_its_alert(bad_data_run):
    crawl = {
        label: (state, tries)
        for task, _, label, state, tries in bad_data_run["task_instances"]
        if task == "source.crawl"
    }
    assert crawl[DEAD_SOURCE] == ("failed", 1), crawl  # labelled by source id; no task retry
    assert all(state == "success" for label, (state, _) in crawl.items() if label != DEAD_SOURCE), crawl
    dead_index = next(
        index
        for task, index, label, *_ in bad_data_run["task_instances"]
        if task == "source.crawl" and label == DEAD_SOURCE
    )
    parse = {
        index: state
        for task, index, _, state, _ in bad_data_run["task_instances"]
        if task == "source.parse_and_extract"
    }
    # only the dead source's parse is skipped: the healthy sources are parsed, loaded and checked
    assert parse.pop(dead_index) == "upstream_failed" and set(parse.values()) == {"success"}, parse
    assert bad_data_run["run_state"] == "failed"
    down = [text for text in bad_data_run["all_emails"] if f"source {DEAD_SOURCE} DOWN" in text]
    assert len(down) == 1 and "connection error" in down[0], bad_data_run["all_emails"]
    assert [w for w in bad_data_run["all_webhooks"] if w["text"].startswith(f"[vn-ict] source {DEAD_SOURCE} DOWN")]
    # one alert per problem: the gate's and the source's, no second "task FAILED" page for the same source
    assert len(bad_data_run["all_emails"]) == 2, bad_data_run["all_emails"]


def test_make_run_names_the_failed_source_on_its_phase_line(bad_data_run, tmp_path):
    """The bad-data run's output read as `make run` reads it (pipeline.dag_test_output)."""
    from pipeline.dag_test_output import DagTestOutput

    phases = []
    output = DagTestOutput(tmp_path / "replay.log", None, phases.append)
    for line in bad_data_run["completed"].stdout.splitlines():
        output.feed(line)
    output.close()
    crawl = next(line for line in phases if line.startswith("crawl "))
    assert "4 success" in crawl and "1 failed" in crawl and crawl.split("<- ")[1].startswith(DEAD_SOURCE), phases
    publish = next(line for line in phases if line.startswith("checks + publish"))
    assert "1 failed" in publish and "audit_and_publish" in publish, phases
    assert output.run_state == "failed"


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
    listed = subprocess.run(
        [python, "-m", "vnict", "quality", "blocked"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    blocked = [json.loads(line) for line in listed.stdout.splitlines() if line.startswith("{")]
    accepted = [
        subprocess.run(
            [
                python,
                "-m",
                "vnict",
                "quality",
                "accept",
                "--table",
                row["table_name"],
                "--key",
                row["row_key"],
                "--expectation",
                row["expectation"],
                "--by",
                "e2e@example.org",
                "--reason",
                "the article really prints 250 %",
            ],
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
        )
        for row in blocked
    ]
    completed = subprocess.run(
        [
            str(Path(sys.executable).with_name("airflow")),
            "dags",
            "test",
            "vn_ict_pipeline",
            "2026-11-27T02:00:00+00:00",
            "--conf",
            json.dumps({"mode": "rebuild"}),
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    run_dirs = sorted((tmp / "data" / "runs").glob("manual__*"), key=lambda path: path.stat().st_mtime)
    quality = json.loads((run_dirs[-1] / "quality.json").read_text(encoding="utf-8"))
    yield {
        "blocked": blocked,
        "accepted": accepted,
        "completed": completed,
        "quality": quality,
        "before": bad_data_run["after"],
        "after": _marts_snapshot(pipeline_runs["warehouse"]),
        "warehouse": pipeline_runs["warehouse"],
    }


def test_the_block_outlives_its_run_until_accepted_then_a_rebuild_run_publishes(rebuild_run):
    assert rebuild_run["blocked"], "the 250 % row must still be listed as blocked after its run"
    assert all(result.returncode == 0 for result in rebuild_run["accepted"]), [
        r.stderr for r in rebuild_run["accepted"]
    ]
    output = rebuild_run["completed"].stdout + rebuild_run["completed"].stderr
    assert rebuild_run["completed"].returncode == 0, output[-6000:]
    assert rebuild_run["quality"]["published"] is True, rebuild_run["quality"]["failures"]
    assert rebuild_run["after"] != rebuild_run["before"]  # the new article is published at last
    with duckdb.connect(str(rebuild_run["warehouse"]), read_only=True) as connection:
        assert (
            connection.execute("select count(*) from marts.fct_indicator_observations where value = 250").fetchone()[0]
            == 0
        )
        assert (
            connection.execute("select count(*) from quality.blocked_rows where status = 'blocked'").fetchone()[0] == 0
        )
        assert (
            connection.execute(
                "select count(*) from raw.fetches f join raw.runs r using (run_id) where r.fetch_records = 0"
            ).fetchone()[0]
            == 0
        )  # the rebuild fetched nothing
