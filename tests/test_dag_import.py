"""Every DAG file imports quickly, without errors or cycles, and declares the expected graph."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_dag_files_import_without_errors_and_quickly(tmp_path):
    script = (
        "import time; started = time.monotonic()\n"
        "from airflow.dag_processing.dagbag import DagBag\n"
        f"bag = DagBag(dag_folder={str(ROOT / 'dags')!r})\n"
        "import json; print(json.dumps({'errors': {k: str(v) for k, v in bag.import_errors.items()},"
        " 'dags': sorted(bag.dags), 'tasks': {d: sorted(bag.dags[d].task_ids) for d in bag.dags},"
        " 'stats': [[str(s.file), s.duration.total_seconds()] for s in bag.dagbag_stats],"
        " 'operator': {d: {'description': bag.dags[d].description, 'doc_md': bag.dags[d].doc_md,"
        " 'deadlines': [[type(a.reference).__name__, a.interval.total_seconds(), a.callback.path]"
        " for a in bag.dags[d].deadline or []],"
        " 'labels': {t.task_id: t.map_index_template for t in bag.dags[d].tasks}} for d in bag.dags}}))\n"
    )
    environment = {
        "PATH": "/usr/bin:/bin",
        "AIRFLOW_HOME": str(tmp_path),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "PYTHONPATH": str(ROOT),
    }
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=environment, timeout=120
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    import json

    report = json.loads(completed.stdout.strip().splitlines()[-1])
    assert report["errors"] == {}
    assert "vn_ict_pipeline" in report["dags"]
    assert {
        "list_sources",
        "source.crawl",
        "source.parse_and_extract",
        "load_raw",
        "dbt_build",
        "audit_and_publish",
        "summarise",
    } <= set(report["tasks"]["vn_ict_pipeline"])
    operator = report["operator"]["vn_ict_pipeline"]
    assert operator["description"]
    assert operator["doc_md"] == (ROOT / "docs" / "runbook.md").read_text(encoding="utf-8")  # the runbook, one file
    assert operator["deadlines"] == [["DagRunQueuedAtDeadline", 120 * 60.0, "pipeline.callbacks.alert_run_late"]]
    # mapped tasks are labelled by source id in the UI
    assert operator["labels"]["source.crawl"] == operator["labels"]["source.parse_and_extract"] == "{{ source_id }}"
    for file_name, seconds in report["stats"]:
        # Parsing must stay cheap: no network, database or heavy import at top level.
        assert seconds < 2.0, f"{file_name} took {seconds:.2f}s to parse"


def test_dag_files_do_not_import_heavy_modules_at_top_level():
    for dag_file in (ROOT / "dags").glob("*.py"):
        top_level_imports = [
            line for line in dag_file.read_text(encoding="utf-8").splitlines() if line.startswith(("import ", "from "))
        ]
        for line in top_level_imports:
            for heavy in ("great_expectations", "dbt", "duckdb", "pandas", "requests", "scrapers.extract"):
                assert heavy not in line, f"{dag_file.name} imports {heavy} at top level: {line}"
