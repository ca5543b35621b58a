"""The production deployment's configuration, proven without Docker: CeleryExecutor with two workers.

docker-compose.yml cannot run here (no Docker engine), so this module starts the same services
as native processes with the compose file's settings (tests/distributed/native_stack.py):
PostgreSQL metadata, Redis broker and result backend, the api-server, a scheduler, a
dag-processor and two Celery workers, the PostgreSQL warehouse as the dbt target, and the
offline mirror serving the sources. It triggers the real pipeline DAG through the REST API
(``/api/v2``, JWT from ``/auth/token``) and checks:

1. the run succeeds with every task instance green, its tasks ran on both workers, and the marts
   are in the PostgreSQL warehouse (read through the read-only BI role, as Superset reads them);
2. a second run, during which one worker is SIGKILLed while it runs a task that may retry, still
   completes: the killed try is failed by the scheduler's heartbeat check, its retry lands on the
   surviving worker, and the warehouse holds no duplicate (every column the marts declare
   unique is unique, raw facts are unique by fact_id).

The stack is started once for the module (about a minute on two cores) and stopped, with its
databases dropped, at the end whatever happens. Failures carry the tails of every process log
and of the failing tasks' logs.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from native_stack import ROOT, NativeCeleryStack, _pg_connect

pytestmark = [pytest.mark.distributed, pytest.mark.timeout(1800)]

WORKERS = ("worker-a", "worker-b")
VICTIM, SURVIVOR = "worker-b", "worker-a"
RUN_TIMEOUT_SECONDS = 900
MARTS_DIR = ROOT / "dbt_project" / "models" / "marts"  # one YAML file per mart
RAW_FACT_TABLES = ("indicator_facts", "ranking_facts", "incident_facts")


@pytest.fixture(scope="module")
def stack(request):
    # Not tmp_path_factory: pytest sessions of other engineers on this machine prune old numbered
    # temp folders, and a failed run's logs are worth keeping for a look.
    workdir = Path(tempfile.mkdtemp(prefix="vnict-celery-stack-"))
    failures_before = request.session.testsfailed
    native = NativeCeleryStack(workdir, worker_names=WORKERS)
    try:
        native.start()
        native.unpause()
        yield native
    finally:
        problems = native.stop()
        failed = request.session.testsfailed > failures_before
        if failed or os.environ.get("VNICT_KEEP_STACK_DIR") == "1":
            print(f"\nnative stack folder kept for inspection (logs, landing, task logs): {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
        assert not problems, f"could not clean up everything the test started: {problems}"


def _describe_failures(stack: NativeCeleryStack, run_id: str, task_instances: list[dict]) -> str:
    lines = []
    for ti in task_instances:
        if ti["state"] != "success":
            lines.append(
                f"{ti['task_id']}[{ti['map_index']}] {ti['state']} try {ti['try_number']} on {ti['hostname']!r}"
            )
            if ti["try_number"]:
                lines.append(stack.task_log(run_id, ti["task_id"], ti["map_index"], ti["try_number"]))
    return "\n".join(lines)


def _run_and_wait(stack: NativeCeleryStack, conf: dict, on_poll=None) -> dict:
    started = time.monotonic()
    run_id = stack.trigger(conf)
    state = stack.wait_for_run(run_id, timeout=RUN_TIMEOUT_SECONDS, on_poll=on_poll)
    task_instances = stack.task_instances(run_id)
    return {
        "run_id": run_id,
        "state": state,
        "task_instances": task_instances,
        "wall_seconds": time.monotonic() - started,
    }


def _where_tasks_ran(task_instances: list[dict]) -> str:
    by_host: dict[str, list[str]] = {}
    for ti in sorted(task_instances, key=lambda ti: (ti["task_id"], ti["map_index"])):
        label = ti["task_id"] + (f"[{ti['map_index']}]" if ti["map_index"] >= 0 else "")
        if ti["try_number"] > 1:
            label += f" (try {ti['try_number']})"
        by_host.setdefault(ti["hostname"] or "-", []).append(label)
    return "; ".join(f"{host}: {', '.join(labels)}" for host, labels in sorted(by_host.items()))


def _record(request, line: str) -> None:
    """A line for the terminal summary (tests/distributed/conftest.py prints them)."""
    request.config.__dict__.setdefault("vnict_distributed_summary", []).append(line)


@pytest.fixture(scope="module")
def first_run(stack, request):
    _record(
        request,
        f"stack up in {stack.timings['startup_seconds']:.0f} s (db migrate {stack.timings['migrate_seconds']:.0f} s)",
    )
    run = _run_and_wait(stack, {"mode": "daily"})
    _record(
        request,
        f"run 1 (daily) {run['state']} in {run['wall_seconds']:.0f} s; {_where_tasks_ran(run['task_instances'])}",
    )
    return run


@pytest.fixture(scope="module")
def killed_worker_run(stack, first_run, request):
    """A backfill run (it walks every list page, so the crawl lasts) with worker-b killed mid-task."""
    observed_running: dict[tuple, float] = {}
    kill = {}

    def kill_victim_mid_task(task_instances):
        if kill:
            return
        on_victim = [ti for ti in task_instances if ti["state"] == "running" and ti["hostname"] == VICTIM]
        now = time.monotonic()
        for ti in on_victim:
            observed_running.setdefault((ti["task_id"], ti["map_index"], ti["try_number"]), now)
        # Only while everything the victim runs may be retried: a task with retries=0 killed
        # here would fail the run by design, which is not what this scenario is about.
        retryable = on_victim and all(ti["try_number"] <= ti["max_tries"] for ti in on_victim)
        settled = any(
            now - observed_running[(ti["task_id"], ti["map_index"], ti["try_number"])] >= 1.5 for ti in on_victim
        )
        if retryable and settled:
            stack.killed = {VICTIM}
            stack.processes[VICTIM].kill_tree(signal.SIGKILL)
            kill["at"] = now
            kill["task_instances"] = [(ti["task_id"], ti["map_index"], ti["try_number"]) for ti in on_victim]

    started = time.monotonic()
    run = _run_and_wait(stack, {"mode": "backfill"}, on_poll=kill_victim_mid_task)
    run["kill"] = kill
    killed = ", ".join(f"{task}[{index}] try {attempt}" for task, index, attempt in kill.get("task_instances", []))
    _record(
        request,
        f"run 2 (backfill) {run['state']} in {run['wall_seconds']:.0f} s; {VICTIM} SIGKILLed "
        f"{kill['at'] - started:.0f} s in while running {killed or 'nothing'}; "
        f"{_where_tasks_ran(run['task_instances'])}"
        if kill
        else f"run 2 (backfill) {run['state']} in {run['wall_seconds']:.0f} s; {VICTIM} was never killed",
    )
    return run


def _warehouse_query(stack: NativeCeleryStack, sql: str, user: str | None = None, password: str | None = None):
    import psycopg2

    if user is None:
        connection = _pg_connect(stack.warehouse_database)
    else:
        from native_stack import PG_HOST, PG_PORT

        connection = psycopg2.connect(
            host=PG_HOST, port=PG_PORT, user=user, password=password, dbname=stack.warehouse_database
        )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
    finally:
        connection.close()


def _marts_unique_columns() -> dict[str, list[str]]:
    """{mart: [columns]} for every column the dbt marts declare ``unique`` (their grain keys)."""
    models = [
        model
        for path in sorted(MARTS_DIR.glob("*.yml"))
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models") or []
    ]
    unique = {}
    for model in models:
        for column in model.get("columns", []) or []:
            tests = column.get("data_tests", column.get("tests")) or []
            names = {test if isinstance(test, str) else next(iter(test)) for test in tests}
            if "unique" in names:
                unique.setdefault(model["name"], []).append(column["name"])
    return unique


def test_pipeline_runs_green_on_two_celery_workers(stack, first_run):
    task_instances = first_run["task_instances"]
    assert first_run["state"] == "success", (
        f"run {first_run['run_id']} ended {first_run['state']}:\n"
        + _describe_failures(stack, first_run["run_id"], task_instances)
        + "\n"
        + stack.log_tails()
    )
    not_green = [ti for ti in task_instances if ti["state"] != "success"]
    # The DAG's run state alone is not enough: its last task (summarise, trigger_rule all_done)
    # succeeds even when an upstream task failed.
    assert not not_green, "tasks not green:\n" + _describe_failures(stack, first_run["run_id"], task_instances)
    hosts = {ti["hostname"] for ti in task_instances}
    assert hosts == set(WORKERS), (
        f"task instances ran on {sorted(hosts)}, expected both workers {WORKERS}: "
        + ", ".join(f"{ti['task_id']}[{ti['map_index']}]@{ti['hostname']}" for ti in task_instances)
    )
    crawled = [ti for ti in task_instances if ti["task_id"] == "source.crawl"]
    assert len(crawled) >= 5, f"expected one crawl per seed source, got {len(crawled)}"


def test_warehouse_is_the_postgres_target(stack, first_run):
    marts = dict(
        _warehouse_query(
            stack,
            """
        select table_name, (xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %I.%I',
               table_schema, table_name), false, true, '')))[1]::text::bigint
        from information_schema.tables where table_schema = 'marts' order by 1""",
        )
    )
    assert marts, "no table in schema marts of the PostgreSQL warehouse: the pipeline did not publish there"
    for table in ("dim_article", "fct_indicator_observations"):
        assert marts.get(table, 0) > 0, f"marts.{table} is empty or missing in PostgreSQL: {marts}"
    raw_articles = _warehouse_query(stack, "select count(*) from raw.articles")[0][0]
    assert raw_articles >= 5, f"raw.articles has {raw_articles} rows in PostgreSQL"
    duckdb_file = stack.workdir / "data" / "warehouse.duckdb"
    assert not duckdb_file.exists(), f"{duckdb_file} exists: some task wrote the embedded DuckDB target instead"


def test_bi_reader_role_reads_marts_and_nothing_else(stack, first_run):
    rows = _warehouse_query(stack, "select count(*) from marts.dim_article", stack.reader_role, stack.reader_password)
    assert rows[0][0] > 0, "the BI role sees an empty marts.dim_article"
    import psycopg2

    audit_exists = _warehouse_query(
        stack,
        "select count(*) from information_schema.tables where table_schema = 'audit' and table_name = 'dim_article'",
    )[0][0]
    # the gate's history is the Pipeline health dashboard's; the quarantine (articles' text) is not BI's
    runs = _warehouse_query(
        stack, "select count(*) from quality.validation_runs", stack.reader_role, stack.reader_password
    )
    assert runs[0][0] > 0, "the BI role sees no quality.validation_runs rows"
    for forbidden in ["raw.articles", "quality.quarantine_articles"] + (["audit.dim_article"] if audit_exists else []):
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            _warehouse_query(stack, f"select count(*) from {forbidden}", stack.reader_role, stack.reader_password)
    with pytest.raises(psycopg2.errors.ReadOnlySqlTransaction):
        _warehouse_query(stack, "create table marts.scribble (i int)", stack.reader_role, stack.reader_password)


def test_run_completes_after_a_worker_is_killed(stack, killed_worker_run):
    run = killed_worker_run
    assert run["kill"], (
        f"{VICTIM} never ran a retryable task long enough to be killed during run {run['run_id']}: "
        + ", ".join(f"{ti['task_id']}[{ti['map_index']}]@{ti['hostname']}" for ti in run["task_instances"])
    )
    assert not stack.processes[VICTIM].alive(), f"{VICTIM} survived SIGKILL"
    assert run["state"] == "success", (
        f"run {run['run_id']} ended {run['state']} after {VICTIM} was killed:\n"
        + _describe_failures(stack, run["run_id"], run["task_instances"])
        + "\n"
        + stack.log_tails()
    )
    not_green = [ti for ti in run["task_instances"] if ti["state"] != "success"]
    assert not not_green, "tasks not green:\n" + _describe_failures(stack, run["run_id"], run["task_instances"])
    by_key = {(ti["task_id"], ti["map_index"]): ti for ti in run["task_instances"]}
    for task_id, map_index, killed_try in run["kill"]["task_instances"]:
        final = by_key[(task_id, map_index)]
        assert final["try_number"] > killed_try, f"{task_id}[{map_index}] was not retried after the kill: {final}"
        assert final["hostname"] == SURVIVOR, f"{task_id}[{map_index}]'s retry ran on {final['hostname']!r}"
        tries = {attempt["try_number"]: attempt for attempt in stack.tries(run["run_id"], task_id, map_index)}
        assert tries[killed_try]["hostname"] == VICTIM and tries[killed_try]["state"] != "success", tries[killed_try]


def test_no_duplicates_after_the_retried_run(stack, killed_worker_run):
    for table in RAW_FACT_TABLES:
        total, distinct = _warehouse_query(stack, f"select count(*), count(distinct fact_id) from raw.{table}")[0]
        assert total == distinct, f"raw.{table}: {total} rows but {distinct} distinct fact_id"
    published = {
        row[0]
        for row in _warehouse_query(
            stack, "select table_name from information_schema.tables where table_schema = 'marts'"
        )
    }
    unique_columns = _marts_unique_columns()
    checked = []
    for mart, columns in unique_columns.items():
        if mart not in published:
            continue
        for column in columns:
            total, distinct, nulls = _warehouse_query(
                stack, f'select count(*), count(distinct "{column}"), count(*) - count("{column}") from marts."{mart}"'
            )[0]
            assert total - nulls == distinct, (
                f"marts.{mart}.{column} (declared unique) has {total - nulls - distinct} duplicates"
            )
            checked.append(f"{mart}.{column}")
    assert any(name.startswith("fct_") for name in checked), (
        f"no fact mart checked for duplicates (published: {sorted(published)}, declared unique: {unique_columns})"
    )
