"""The work behind each DAG task, as plain functions that return small JSON-able dicts (XComs).

Each function is a thin join between the stage modules (scrapers.crawl, scrapers.parse_articles,
warehouse.database, warehouse.dbt_runner, expectations, pipeline.publish) so that the DAG file
stays declarative and every step can also be run and tested without Airflow.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from datetime import UTC, date, datetime
from pathlib import Path

from warehouse import settings
from warehouse.records import LANDED_OUTCOMES

log = logging.getLogger(__name__)


REBUILD_MODE = "rebuild"
"""DAG param ``mode=rebuild``: crawl nothing, re-parse every landed page from the archive, load,
build, validate and publish (the runbook's "reparse, load, re-run" in one DAG run)."""


def run_key(context) -> str:
    """A filesystem- and SQL-safe id for this DAG run (Airflow run ids contain ':' and '+')."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", str(context["run_id"]))


def run_date(context) -> str:
    """The date this run stands for, as ISO text (the quality gate checks dates against it).

    Airflow 3 runs triggered by hand or through the REST API have no logical date (the key is
    absent from the context, or None), so fall back to the end of the data interval, then to the
    run's ``run_after`` (when it was meant to run), then to now."""
    dag_run = context.get("dag_run")
    for value in (
        context.get("logical_date"),
        context.get("data_interval_end"),
        getattr(dag_run, "logical_date", None),
        getattr(dag_run, "data_interval_end", None),
        getattr(dag_run, "run_after", None),
        context.get("run_after"),
    ):
        if value:
            return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return datetime.now(UTC).isoformat()


def label_mapped_task(source_id: str) -> None:
    """Give the running mapped task its label for ``map_index_template="{{ source_id }}"``: the UI
    then lists crawl/parse tasks by source id instead of 0..n (rendered even when the task fails)."""
    from airflow.sdk import get_current_context

    get_current_context()["source_id"] = source_id


def source_down_reasons(report: dict, fetch_records: list[dict]) -> list[str] | None:
    """Why a source counts as down this run, or None when it is not.

    Down: it was asked something and no page landed or was confirmed unchanged (a refused
    connection, timeouts, 5xx on robots.txt and every list page…). A site that answers but
    forbids us in robots.txt, or has nothing new, is not down."""
    outcomes = report.get("outcomes") or {}
    if not report.get("requests") or any(outcomes.get(outcome) for outcome in LANDED_OUTCOMES):
        return None
    reasons = []
    for record in fetch_records:
        if record.get("outcome") not in LANDED_OUTCOMES and record.get("reason"):
            reason = f"{record.get('page_kind', 'page')} {record.get('url', '')}: {record['reason']}"
            if reason not in reasons:
                reasons.append(reason)
    return reasons or [f"outcomes {outcomes}"]


def _as_dict(value) -> dict:
    if hasattr(value, "to_dict"):
        return json.loads(json.dumps(value.to_dict(), default=str))
    if dataclasses.is_dataclass(value):
        return json.loads(json.dumps(dataclasses.asdict(value), default=str))
    if isinstance(value, dict):
        return json.loads(json.dumps(value, default=str))
    return {"value": str(value)}


def _source(source_id: str):
    from scrapers import registry

    for source in registry.load_sources():
        if source.id == source_id:
            return source
    raise KeyError(f"source {source_id!r} is not in the registry {settings.sources_file()}")


def active_source_ids(run_id: str | None = None) -> list[str]:
    """Active sources to crawl. Offline (``make run`` without ``--live``), a source with no mirror
    entry is skipped: logged, and named in the run's summary (``skipped_sources.json``)."""
    from scrapers import registry

    kept, skipped = registry.split_offline(registry.active_sources())
    for entry in skipped:
        log.warning("source %s %s", entry["source_id"], entry["reason"])
    if run_id is not None:
        _write_run_file(run_id, "skipped_sources.json", {"skipped_sources": skipped})
    ids = [source.id for source in kept]
    log.info("active sources: %s", ", ".join(ids))
    return ids


def crawl_source(source_id: str, run_id: str, params: dict | None = None, logical_date: str | None = None) -> dict:
    """Crawl one source; every fetch is recorded. A source that is down (nothing landed) is
    alerted by name and its task fails (``SourceDown``): the run is red, not green with a warning.
    Its failed fetch records are written first, so loading and the quality gate still see them."""
    from scrapers import crawl

    params = params or {}
    if params.get("mode") == REBUILD_MODE:
        # Rebuild from the archive: no request at all; the parse step re-reads every landed page.
        log.info("crawl %s: skipped (mode=rebuild rebuilds from the landing archive)", source_id)
        return {
            "source_id": source_id,
            "run_id": run_id,
            "mode": REBUILD_MODE,
            "report": {"source_id": source_id, "run_id": run_id, "mode": REBUILD_MODE, "requests": 0},
        }
    since = params.get("since")
    report = crawl.crawl_source(
        _source(source_id),
        run_id,
        mode=params.get("mode") or "daily",
        since=date.fromisoformat(since) if since else None,
        max_pages=params.get("max_pages"),
    )
    summary = _as_dict(report)
    summary["source_id"] = source_id
    summary["run_id"] = run_id
    log.info("crawl %s: %s", source_id, {k: v for k, v in summary.items() if not isinstance(v, list)})
    reasons = source_down_reasons(summary, _fetch_records(run_id, source_id))
    if reasons is not None:
        _source_down(source_id, run_id, reasons, summary, logical_date)
    return {"source_id": source_id, "run_id": run_id, "report": summary}


def _fetch_records(run_id: str, source_id: str) -> list[dict]:
    from warehouse.database import read_jsonl

    fetch_file = _run_dir(run_id) / f"{source_id}.fetches.jsonl"
    return read_jsonl(fetch_file) if fetch_file.exists() else []


def _source_down(source_id: str, run_id: str, reasons: list[str], summary: dict, logical_date: str | None):
    from pipeline import notify
    from pipeline.errors import SourceDown

    for reason in reasons:
        log.error("source %s: %s", source_id, reason)
    notify.alert_source_down(source_id, run_id, reasons, int(summary.get("requests") or 0), logical_date)
    raise SourceDown(source_id, reasons)


def _run_dir(run_id: str) -> Path:
    return settings.landing_dir() / "runs" / run_id


def parse_source(crawl_report: dict, run_id: str) -> dict:
    """Parse the article pages the crawl landed and extract candidate facts from them."""
    from scrapers import parse_articles

    source_id = crawl_report["source_id"]
    if crawl_report.get("mode") == REBUILD_MODE:
        from warehouse import archive

        # Every run's fetch records: each article's latest landed page, parsed anew into this run
        # (what `python -m vnict reparse` does, inside the DAG).
        fetch_records = archive.read_records(None, kind="fetches", source_id=source_id)
    else:
        fetch_records = _fetch_records(run_id, source_id)
    articles, facts = parse_articles.parse_and_extract(_source(source_id), run_id, fetch_records)
    result = {
        "source_id": source_id,
        "articles": len(articles),
        "facts": len(facts),
        "mode": crawl_report.get("mode") or "crawl",
    }
    log.info("parsed %s: %s", source_id, result)
    return result


def load_raw(run_id: str) -> dict:
    from warehouse import database

    return _as_dict(database.load_run(run_id))


def dbt_build(run_id: str) -> dict:
    """Load the analysts' review decisions, seed the reference data and build every model (marts
    into the audit schema), with tests. A malformed decisions file fails the task with the file and
    line of each problem, before dbt runs (docs/review.md)."""
    from warehouse.dbt_runner import run_dbt
    from warehouse.review.store import sync_decisions

    decisions_loaded = sync_decisions()
    outcome = {}
    for step in (["seed"], ["build", "--exclude", "resource_type:seed"]):
        result = run_dbt(step)
        outcome[step[0]] = _as_dict(result)
        if not result.success:
            _write_run_file(run_id, "dbt.json", outcome)
            _alert_dbt_failure(run_id, result)
            raise RuntimeError(f"dbt {' '.join(step)} failed: {_failed_nodes(result)}")
    # Documentation is a by-product: a failure to generate it is logged, never fatal.
    docs = run_dbt(["docs", "generate"])
    if not docs.success:
        log.warning("dbt docs generate failed for run %s; the previous docs stay in place", run_id)
    _write_run_file(run_id, "dbt.json", outcome)
    return {
        "success": True,
        "steps": list(outcome),
        "docs_generated": bool(docs.success),
        "review_decisions_loaded": decisions_loaded,
    }


def _failed_nodes(result) -> list:
    return getattr(result, "failures", None) or getattr(result, "failed_nodes", None) or []


def _alert_dbt_failure(run_id: str, result) -> None:
    try:
        from pipeline import notify

        notify.alert_dbt_failure(run_id, result)
    except Exception:  # noqa: BLE001 - never hide the dbt failure behind an alerting error
        log.exception("could not alert on the dbt failure of run %s", run_id)


def audit_and_publish(run_id: str, logical_date: str, build_report: dict | None = None) -> dict:
    """Validate the audit marts with Great Expectations; publish only when no error failed."""
    from pipeline import publish

    outcome = publish.write_audit_publish(run_id, logical_date=logical_date)
    result = _as_dict(outcome)
    _write_run_file(run_id, "quality.json", result)
    if not result.get("published", result.get("success", False)):
        # The gate already sent its detailed alert; this exception type tells the task-failure
        # callback not to page a second time for the same problem.
        raise publish.QualityGateBlocked(outcome)
    _refresh_bi_snapshot()
    return result


def _refresh_bi_snapshot() -> None:
    """Give BI a fresh read-only copy of the just-published marts (DuckDB admits one writer, so
    Superset never opens the warehouse itself). A failure leaves the previous snapshot and is
    logged: the marts are published either way."""
    if settings.warehouse_target() != "duckdb":
        return  # on PostgreSQL, BI reads the marts schema through a read-only role
    try:
        from bi.snapshot import write_bi_snapshot

        path = write_bi_snapshot(settings.warehouse_path(), None)
        log.info("BI snapshot refreshed: %s", path)
    except Exception:  # noqa: BLE001 - see docstring
        log.exception("could not refresh the BI snapshot; BI keeps the previous one")


def _write_run_file(run_id: str, name: str, payload: dict) -> Path:
    directory = settings.data_dir() / "runs" / run_id
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    temporary.replace(path)
    return path


def summarise(run_id: str) -> dict:
    """Print and store what this run did: per-source articles, facts per table, checks, paths."""
    from pipeline.summary import build_summary, format_summary

    summary = build_summary(run_id)
    path = _write_run_file(run_id, "summary.json", summary)
    (settings.data_dir() / "runs" / "latest_summary.json").write_text(
        path.read_text(encoding="utf-8"), encoding="utf-8"
    )
    text = format_summary(summary)
    for line in text.splitlines():
        log.info(line)
    print(text)
    return {"summary_path": str(path), "generated_at": datetime.now(UTC).isoformat()}
