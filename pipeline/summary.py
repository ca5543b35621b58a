"""The end-of-run summary a person reads: what was fetched, what landed, what was checked, where it is."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from warehouse import settings

log = logging.getLogger(__name__)

MART_TABLES = (
    "dim_province",
    "dim_indicator",
    "dim_source",
    "dim_article",
    "fct_indicator_observations",
    "fct_ict_rankings",
    "fct_security_incidents",
    "mart_extraction_review",  # extracted entries below the publish threshold, waiting for review
)


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _bi_snapshot_path() -> str | None:
    try:
        from bi.snapshot import default_snapshot_path

        return str(default_snapshot_path(settings.warehouse_path()))
    except Exception:  # noqa: BLE001 - the summary never fails for an optional path
        return None


def _dbt_counts(result: dict) -> dict:
    """Models built and tests passed/failed/warned, from the per-node results dbt_runner stores."""
    counts = {"success": result.get("success"), "models": 0, "tests_passed": 0, "tests_failed": 0, "tests_warned": 0}
    for node in result.get("nodes") or []:
        status = node.get("status")
        if node.get("resource_type") in ("model", "seed", "snapshot") and status == "success":
            counts["models"] += 1
        elif status == "pass":
            counts["tests_passed"] += 1
        elif status in ("fail", "error"):
            counts["tests_failed"] += 1
        elif status == "warn":
            counts["tests_warned"] += 1
    return counts


def _add_crawl_state(connection, summary: dict) -> None:
    """Pages still owed per source (docs/crawling.md, "Retries across runs"): retrying, parked, pending."""
    try:
        rows = connection.fetchall(
            "SELECT source_id, "
            "sum(CASE WHEN crawl_status = 'retrying' THEN 1 ELSE 0 END), "
            "sum(CASE WHEN crawl_status = 'gave_up' THEN 1 ELSE 0 END), "
            "sum(CASE WHEN crawl_status = 'pending' THEN 1 ELSE 0 END) "
            "FROM raw.crawl_state GROUP BY source_id"
        )
    except Exception:  # noqa: BLE001 - an older warehouse without the columns: no such counts
        if connection.backend != "duckdb":
            connection.rollback()
        return
    for source_id, retrying, parked, pending in rows:
        counts = summary["sources"].setdefault(
            source_id, {"new_articles": 0, "updated_articles": 0, "failed_fetches": 0, "fetches": 0}
        )
        counts.update(retrying=int(retrying or 0), parked=int(parked or 0), pending=int(pending or 0))


def build_summary(run_id: str) -> dict:
    from warehouse import database

    run_dir = settings.data_dir() / "runs" / run_id
    summary: dict = {"run_id": run_id, "sources": {}, "marts": {}, "warehouse": str(settings.warehouse_path())}
    try:
        with database.connect(read_only=True) as connection:
            rows = connection.fetchall(
                """
                SELECT source_id,
                       count(*) FILTER (WHERE page_kind = 'article' AND outcome = 'new') AS new_articles,
                       count(*) FILTER (WHERE page_kind = 'article' AND outcome = 'updated') AS updated_articles,
                       count(*) FILTER (WHERE outcome IN ('failed', 'too_large', 'redirect_blocked')) AS failed_fetches,
                       count(*) AS fetches
                FROM raw.fetches WHERE run_id = ? GROUP BY source_id ORDER BY source_id
                """
                if connection.backend == "duckdb"
                else """
                SELECT source_id,
                       count(*) FILTER (WHERE page_kind = 'article' AND outcome = 'new'),
                       count(*) FILTER (WHERE page_kind = 'article' AND outcome = 'updated'),
                       count(*) FILTER (WHERE outcome IN ('failed', 'too_large', 'redirect_blocked')),
                       count(*)
                FROM raw.fetches WHERE run_id = %s GROUP BY source_id ORDER BY source_id
                """,
                [run_id],
            )
            for source_id, new, updated, failed, fetches in rows:
                summary["sources"][source_id] = {
                    "new_articles": new,
                    "updated_articles": updated,
                    "failed_fetches": failed,
                    "fetches": fetches,
                }
            _add_crawl_state(connection, summary)
            for table in MART_TABLES:
                try:
                    summary["marts"][table] = connection.fetchall(f"SELECT count(*) FROM marts.{table}")[0][0]
                except Exception:  # noqa: BLE001 - a mart that was never published is reported as missing
                    summary["marts"][table] = None
    except Exception as error:  # noqa: BLE001 - a summary must print even when the warehouse is unreadable
        summary["warehouse_error"] = str(error)
    summary["skipped_sources"] = _read_json(run_dir / "skipped_sources.json").get("skipped_sources", [])
    quality = _read_json(run_dir / "quality.json")
    dbt = _read_json(run_dir / "dbt.json")
    summary["quality"] = {
        "published": quality.get("published"),
        "expectations_passed": quality.get("passed"),
        "expectations_failed": quality.get("failed"),
        "errors": quality.get("errors"),
        "warnings": quality.get("warnings"),
    }
    summary["dbt"] = {step: _dbt_counts(result) for step, result in dbt.items()}
    try:
        summary["publish_min_confidence"] = settings.publish_min_confidence()
    except ValueError as error:  # a summary must print even when the setting is wrong (dbt_build failed on it)
        summary["publish_min_confidence"] = None
        summary["settings_error"] = str(error)
    summary["paths"] = {
        "warehouse": str(settings.warehouse_path()),
        "dbt_docs": str(settings.PROJECT_ROOT / "dbt_project" / "target" / "index.html"),
        "data_docs": quality.get("data_docs_path"),
        "landing": str(settings.landing_dir()),
        "bi_snapshot": _bi_snapshot_path(),
    }
    return summary


def format_summary(summary: dict) -> str:
    lines = [f"== Pipeline run {summary['run_id']} =="]
    lines.append(
        f"{'source':28s} {'new':>5s} {'updated':>8s} {'failed':>7s} {'fetches':>8s} "
        f"{'retrying':>9s} {'parked':>7s} {'pending':>8s}"
    )
    for source_id, counts in summary.get("sources", {}).items():
        lines.append(
            f"{source_id:28s} {counts['new_articles']:>5} {counts['updated_articles']:>8} "
            f"{counts['failed_fetches']:>7} {counts['fetches']:>8} {counts.get('retrying', 0):>9} "
            f"{counts.get('parked', 0):>7} {counts.get('pending', 0):>8}"
        )
    for skipped in summary.get("skipped_sources") or []:
        lines.append(f"skipped source {skipped['source_id']}: {skipped['reason']}")
    lines.append("marts (rows): " + ", ".join(f"{name}={count}" for name, count in summary.get("marts", {}).items()))
    if summary.get("publish_min_confidence") is not None:
        waiting = summary.get("marts", {}).get("mart_extraction_review")
        lines.append(
            f"publish threshold: confidence >= {summary['publish_min_confidence']} "
            f"({waiting if waiting is not None else '?'} entries below it in marts.mart_extraction_review)"
        )
    quality = summary.get("quality", {})
    lines.append(
        f"quality gate: published={quality.get('published')} expectations passed={quality.get('expectations_passed')} "
        f"failed={quality.get('expectations_failed')} (errors={quality.get('errors')}, warnings={quality.get('warnings')})"
    )
    for step, result in summary.get("dbt", {}).items():
        lines.append(
            f"dbt {step}: success={result.get('success')} built={result.get('models')} tests passed="
            f"{result.get('tests_passed')} failed={result.get('tests_failed')} warned={result.get('tests_warned')}"
        )
    for name, path in summary.get("paths", {}).items():
        lines.append(f"{name}: {path}")
    if summary.get("warehouse_error"):
        lines.append(f"warehouse not readable: {summary['warehouse_error']}")
    return "\n".join(lines)
