"""Airflow callbacks shared by every DAG: one failure path, defined once.

Kept separate from ``pipeline.notify`` (the channels) so that a DAG file imports only this
small module at parse time; the notifier is imported when a callback actually fires.
"""

from __future__ import annotations

import logging
import sys
from datetime import timedelta
from pathlib import Path

log = logging.getLogger(__name__)


def alert_on_failure(context) -> None:
    """Send a failed task to the alert path; never raise (an alert must not hide the failure)."""
    try:
        from pipeline import notify

        notify.alert_task_failure(context)
    except Exception:  # noqa: BLE001 - the original failure is what matters; log ours
        log.exception("could not send the failure alert for %s", context.get("task_instance"))


def alert_run_late(context: dict | None = None, **kwargs) -> None:
    """Deadline-alert callback (``DeadlineAlert`` on the DAG): the run was not finished in time.

    Airflow runs it through the executor with ``context = {"dag_run": {...}, "deadline": {...}}``.
    Never raises, like every alert."""
    try:
        from pipeline import notify

        notify.alert_run_late(context or {})
    except Exception:  # noqa: BLE001 - a late run must not also produce a failing callback
        log.exception("could not send the deadline alert")


RUNBOOK = Path(__file__).resolve().parent.parent / "docs" / "runbook.md"


def runbook_markdown() -> str:
    """The operator's runbook shown as the DAG's documentation in the UI (one file, docs/runbook.md)."""
    try:
        return RUNBOOK.read_text(encoding="utf-8")
    except OSError:
        return f"The operator's runbook is docs/runbook.md in the repository ({RUNBOOK} was not found)."


def run_deadline():
    """The DAG's deadline alert: a run not finished ``VNICT_RUN_DEADLINE_MINUTES`` after it was
    queued (default 120) calls ``alert_run_late`` through the executor, like any failure alert.

    None under ``airflow dags test`` (``make run``, the end-to-end tests): there no scheduler
    watches deadlines, and Airflow 3.3.2's ``dag.test()`` crashes at the end of a successful run of
    a DAG that has one (it looks the alert up by id in a DAG it serialised itself:
    ``AttributeError: 'dict' object has no attribute 'hex'``)."""
    from airflow.sdk import DeadlineAlert, DeadlineReference, SyncCallback

    from warehouse.settings import run_deadline_minutes

    if sys.argv[1:3] == ["dags", "test"]:
        return None
    return DeadlineAlert(
        reference=DeadlineReference.DAGRUN_QUEUED_AT,
        interval=timedelta(minutes=run_deadline_minutes()),
        callback=SyncCallback(alert_run_late),
        name="run_late",
    )
