"""Alerts an operator reads must name what broke: the source, the run, the deadline (docs/runbook.md)."""

from expectations.result import Failure, GateResult
from pipeline import notify


def _gate(failures) -> GateResult:
    return GateResult(
        run_id="manual__r1",
        logical_date="2026-12-04",
        success=True,
        errors=0,
        warnings=len(failures),
        passed=10,
        failed=len(failures),
        expectation_count=10 + len(failures),
        data_docs_path="/tmp/data_docs/index.html",
        duration_seconds=1.0,
        failures=failures,
    )


def test_a_warning_about_sources_names_them_in_the_title():
    coverage = Failure(
        "raw",
        "quality.source_coverage",
        "source_answered",
        "ExpectColumnValuesToBeBetween",
        "warning",
        "landed_records",
        1,
        rows=[{"source_id": "hatinh_stttt", "landed_records": 0}],
    )
    article = Failure(
        "raw",
        "raw.articles",
        "title_present",
        "ExpectColumnValuesToNotBeNull",
        "warning",
        "title",
        1,
        rows=[{"source_id": "kontum_mic", "article_id": "a1"}],
    )  # about one article, not the source
    alert = notify.quality_gate_alert(_gate([coverage, article]), published=True)
    assert alert.title == (
        "[vn-ict] WARNING run manual__r1: source_answered on source_coverage (+1 more) · sources: hatinh_stttt"
    )


def test_the_source_down_alert_names_the_source_and_its_first_failure():
    alert = notify.source_down_alert(
        "hatinh_stttt",
        "manual__r1",
        ["robots http://127.0.0.1:9/robots.txt: connection error: refused"],
        fetches=2,
        logical_date="2026-12-04",
    )
    assert alert.title.startswith("[vn-ict] source hatinh_stttt DOWN in run manual__r1: robots http://127.0.0.1:9")
    assert "connection error: refused" in alert.text and alert.keys == ["source|hatinh_stttt|down"]


def test_the_deadline_alert_reads_the_context_airflow_gives_its_callback():
    # the shape of airflow.models.deadline.Deadline.handle_miss's context: a DAGRunResponse dump + the deadline
    context = {
        "dag_run": {
            "dag_id": "vn_ict_pipeline",
            "dag_run_id": "manual__r1",
            "state": "running",
            "logical_date": None,
            "queued_at": "2026-12-04T08:00:00Z",
            "start_date": "2026-12-04T08:00:02Z",
        },
        "deadline": {"id": "d1", "deadline_time": "2026-12-04T10:00:00+00:00"},
    }
    alert = notify.run_late_alert(context)
    assert alert.title == "[vn-ict] run LATE vn_ict_pipeline run manual__r1: not finished by 2026-12-04T10:00:00+00:00"
    assert "state running" in alert.text and alert.run_id == "manual__r1"
