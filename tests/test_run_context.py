"""What a task derives from its run when Airflow 3 gives it no logical date (manual and REST runs)."""

from datetime import UTC, datetime
from types import SimpleNamespace

from pipeline.tasks import run_date, run_key

RUN_AFTER = datetime(2026, 11, 25, 12, 1, 45, tzinfo=UTC)


def test_a_manual_run_without_logical_date_uses_when_it_was_meant_to_run():
    # What the Airflow 3 task context holds for `POST /dagRuns {"logical_date": null}`: no
    # logical_date / data_interval keys at all, a dag_run whose logical_date is None.
    dag_run = SimpleNamespace(logical_date=None, data_interval_end=None, run_after=RUN_AFTER)
    context = {"run_id": "manual__2026-11-25T12:01:45.123456+00:00", "dag_run": dag_run}
    assert run_date(context) == RUN_AFTER.isoformat()
    assert run_key(context) == "manual__2026-11-25T12_01_45.123456_00_00"


def test_a_scheduled_run_keeps_its_logical_date():
    logical = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    context = {"run_id": "scheduled__x", "logical_date": logical, "dag_run": SimpleNamespace(run_after=RUN_AFTER)}
    assert run_date(context) == logical.isoformat()


def test_a_context_with_nothing_falls_back_to_now():
    before = datetime.now(UTC)
    derived = datetime.fromisoformat(run_date({"run_id": "x", "logical_date": None}))
    assert before <= derived <= datetime.now(UTC)
