"""Daily pipeline: crawl the provincial ICT sources, extract facts, build and audit the warehouse, publish.

The file only declares the graph; the work lives in ``pipeline.tasks`` (imported inside each task
so that parsing this file needs no network, no database and no heavy import). The operator's
runbook shown in the UI is ``docs/runbook.md``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import Param, dag, task, task_group

from pipeline.callbacks import alert_on_failure, run_deadline, runbook_markdown

DEFAULT_ARGS = {
    "owner": "data-engineering",
    "retries": 2,
    "retry_delay": timedelta(seconds=30),
    "retry_exponential_backoff": True,
    "on_failure_callback": alert_on_failure,
}


@dag(
    dag_id="vn_ict_pipeline",
    schedule="0 2 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["vn-ict", "warehouse"],
    description="Crawl the provincial ICT sources, extract facts, build, check and publish the marts",
    # A run that hangs or runs late alerts through the same path as every failure (pipeline.notify).
    deadline=run_deadline(),
    params={
        "mode": Param(
            "daily",
            enum=["daily", "backfill", "rebuild"],
            description="daily stops at seen articles; backfill walks all pages; rebuild fetches nothing "
            "and re-parses every landed page from the archive (after fixing a source or the parser)",
        ),
        "since": Param(
            None, type=["null", "string"], description="backfill: ignore list items published before this date"
        ),
        "max_pages": Param(None, type=["null", "integer"], description="limit of list pages per list URL"),
    },
    doc_md=runbook_markdown(),
)
def vn_ict_pipeline():
    @task
    def list_sources(**context) -> list[str]:
        from pipeline import tasks

        return tasks.active_source_ids(tasks.run_key(context))

    # One mapped task group per source: crawl[X] -> parse_and_extract[X], so a source that fails
    # stops only its own parse, never the healthy sources'. Labelled by source id in the UI
    # (map_index_template), not 0..n. A source that is down fails its crawl task (no task retry:
    # the fetcher already retried every request).
    @task(max_active_tis_per_dagrun=4, retries=1, map_index_template="{{ source_id }}")
    def crawl(source_id: str, **context) -> dict:
        from pipeline import tasks

        tasks.label_mapped_task(source_id)
        return tasks.crawl_source(source_id, tasks.run_key(context), context["params"], tasks.run_date(context))

    @task(retries=0, map_index_template="{{ source_id }}")
    def parse_and_extract(crawl_report: dict, **context) -> dict:
        from pipeline import tasks

        tasks.label_mapped_task(crawl_report["source_id"])
        return tasks.parse_source(crawl_report, tasks.run_key(context))

    # all_done: one source failing must not keep the healthy sources' pages out of the warehouse.
    # It reads the run's landed records from disk, not XComs, so a failed source cannot break it.
    @task(pool="warehouse_writer", trigger_rule="all_done")
    def load_raw(**context) -> dict:
        from pipeline import tasks

        return tasks.load_raw(tasks.run_key(context))

    @task(pool="warehouse_writer", retries=0)
    def dbt_build(load_report: dict, **context) -> dict:
        from pipeline import tasks

        return tasks.dbt_build(tasks.run_key(context))

    @task(pool="warehouse_writer", retries=0)
    def audit_and_publish(build_report: dict, **context) -> dict:
        from pipeline import tasks

        return tasks.audit_and_publish(tasks.run_key(context), tasks.run_date(context), build_report)

    @task(trigger_rule="all_done", retries=0)
    def summarise(publish_report: dict | None = None, **context) -> dict:
        from pipeline import tasks

        return tasks.summarise(tasks.run_key(context))

    @task_group(group_id="source")
    def per_source(source_id: str):
        return parse_and_extract(crawl(source_id))

    parsed = per_source.expand(source_id=list_sources())

    # The run turns red when a source's task or the quality gate failed, while the summary is
    # still written (summarise runs whatever happened upstream).
    @task(retries=0)
    def run_complete() -> None:
        """Leaf that succeeds only when every source was parsed and the marts were published."""

    loaded = load_raw()
    parsed >> loaded
    published = audit_and_publish(dbt_build(loaded))
    summarise(published)
    [parsed, published] >> run_complete()


vn_ict_pipeline()
