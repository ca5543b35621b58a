"""Airflow callbacks shared by every DAG: one failure path, defined once.

Kept separate from ``pipeline.notify`` (the channels) so that a DAG file imports only this
small module at parse time; the notifier is imported when a callback actually fires.
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def alert_on_failure(context) -> None:
    """Send a failed task to the alert path; never raise (an alert must not hide the failure)."""
    try:
        from pipeline import notify

        notify.alert_task_failure(context)
    except Exception:  # noqa: BLE001 - the original failure is what matters; log ours
        log.exception("could not send the failure alert for %s", context.get("task_instance"))
