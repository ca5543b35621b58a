"""Run dbt in-process (``dbt.cli.main.dbtRunner``) against the configured warehouse, and report.

The DAG and the quality gates call :func:`run_dbt` rather than a ``dbt`` subprocess: it uses the
project's own ``dbt_project/`` and ``profiles.yml``, the target from settings (``VNICT_TARGET``),
the warehouse path from settings (absolute, so the caller's working directory does not matter),
and returns a structured :class:`DbtRunResult` (per-node status, failed tests with their names
and failing row counts) instead of log lines to parse.

dbtRunner is not thread-safe and DuckDB allows one writing process: call it from one task at a
time (an Airflow pool of size 1).
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from warehouse import settings

log = logging.getLogger(__name__)

DBT_PROJECT_DIR = settings.PROJECT_ROOT / "dbt_project"
DBT_PROFILES_DIR = DBT_PROJECT_DIR
BUILD_SCHEMA_VARIABLE = "VNICT_BUILD_SCHEMA"
"""Schema the marts are written to (default ``audit``: write-audit-publish)."""

_TEST_RESOURCE_TYPES = {"test", "unit_test"}


@dataclass(frozen=True)
class NodeResult:
    """One executed node: a model, seed, snapshot, data test or unit test."""

    unique_id: str
    name: str
    resource_type: str
    status: str  # success | error | skipped | pass | fail | warn | no-op
    message: str | None = None
    failures: int | None = None  # failing rows of a test
    execution_time: float = 0.0
    relation: str | None = None  # schema.name of a model or seed
    attached_node: str | None = None  # the model a test is about
    column_name: str | None = None


@dataclass(frozen=True)
class FailedTest:
    """A data test or unit test that failed (or errored, or warned)."""

    name: str
    unique_id: str
    status: str  # fail | error | warn
    failures: int | None
    message: str | None
    model: str | None
    column_name: str | None
    severity: str | None = None

    def describe(self) -> str:
        rows = f"{self.failures} failing row(s)" if self.failures is not None else "no row count"
        where = ".".join(part for part in (self.model, self.column_name) if part)
        return f"{self.status.upper()} {self.name}" + (f" on {where}" if where else "") + f": {rows}"


@dataclass
class DbtRunResult:
    """What a dbt invocation did, without parsing logs."""

    success: bool
    args: list[str]
    target: str
    elapsed_seconds: float
    nodes: list[NodeResult] = field(default_factory=list)
    exception: str | None = None

    @property
    def failed_tests(self) -> list[FailedTest]:
        """Tests with status fail or error (these make ``success`` false)."""
        return [t for t in self._tests() if t.status in ("fail", "error")]

    @property
    def warned_tests(self) -> list[FailedTest]:
        """Tests at severity warn that found rows (they do not make ``success`` false)."""
        return [t for t in self._tests() if t.status == "warn"]

    @property
    def failed_nodes(self) -> list[NodeResult]:
        """Models, seeds and tests that errored or failed."""
        return [n for n in self.nodes if n.status in ("error", "fail")]

    def status_of(self, name: str) -> str | None:
        """Status of the node with this name (model, seed or test), or None if it did not run."""
        for node in self.nodes:
            if node.name == name:
                return node.status
        return None

    def summary(self) -> str:
        """A few lines a person reads: outcome, counts by status, then each failing node."""
        counts: dict[str, int] = {}
        for node in self.nodes:
            counts[node.status] = counts.get(node.status, 0) + 1
        head = (
            f"dbt {' '.join(self.args)} on {self.target}: {'OK' if self.success else 'FAILED'} in "
            f"{self.elapsed_seconds:.1f}s ({', '.join(f'{k}={v}' for k, v in sorted(counts.items())) or 'no nodes'})"
        )
        lines = [head]
        if self.exception:
            lines.append(f"  exception: {self.exception}")
        for test in self.failed_tests + self.warned_tests:
            lines.append("  " + test.describe())
        for node in self.failed_nodes:
            if node.resource_type not in _TEST_RESOURCE_TYPES:
                lines.append(f"  ERROR {node.resource_type} {node.name}: {(node.message or '').splitlines()[0:1]}")
        return "\n".join(lines)

    def _tests(self) -> list[FailedTest]:
        tests = []
        for node in self.nodes:
            if node.resource_type in _TEST_RESOURCE_TYPES and node.status in ("fail", "error", "warn"):
                tests.append(
                    FailedTest(
                        name=node.name,
                        unique_id=node.unique_id,
                        status=node.status,
                        failures=node.failures,
                        message=node.message,
                        model=node.attached_node,
                        column_name=node.column_name,
                    )
                )
        return tests


def dbt_environment(target: str | None = None, build_schema: str | None = None) -> dict[str, str]:
    """The environment variables profiles.yml and dbt_project.yml read, from settings."""
    environment = {
        "VNICT_TARGET": target or settings.warehouse_target(),
        "VNICT_WAREHOUSE": str(settings.warehouse_path()),
    }
    if build_schema:
        environment[BUILD_SCHEMA_VARIABLE] = build_schema
    return environment


def dbt_project_vars(dbt_vars: dict | None = None) -> dict:
    """The project variables every invocation gets: settings first, the caller's on top.

    ``publish_min_confidence`` comes from ``settings.publish_min_confidence()`` so that the pipeline,
    the tests and a by-hand run all publish at the threshold configured in one place (the default in
    dbt_project.yml only serves a bare ``dbt`` command, and a test keeps it equal to settings)."""
    return {"publish_min_confidence": settings.publish_min_confidence(), **(dbt_vars or {})}


def run_dbt(
    args: list[str],
    target: str | None = None,
    *,
    build_schema: str | None = None,
    target_path: str | Path | None = None,
    log_path: str | Path | None = None,
    project_dir: str | Path | None = None,
    dbt_vars: dict | None = None,
) -> DbtRunResult:
    """Run ``dbt <args>`` (e.g. ``["build"]``, ``["seed"]``, ``["test", "--select", "marts"]``).

    target: ``duckdb`` or ``postgres`` (default: settings, i.e. VNICT_TARGET).
    build_schema: schema the marts are written to (default: VNICT_BUILD_SCHEMA or ``audit``).
    target_path / log_path: where dbt writes its artifacts and logs; give each concurrent caller
    its own (two dbt processes sharing ``target/`` overwrite each other's manifest).
    dbt_vars: project variables, e.g. ``{"as_of_year": 2025}`` for reproducible "years remaining";
    added to :func:`dbt_project_vars` (``publish_min_confidence`` from settings unless given here).

    Never raises for dbt failures: ``success`` is False and ``exception``/``nodes`` say why.
    """
    from dbt.cli.main import dbtRunner

    environment = dbt_environment(target, build_schema)
    chosen_target = environment["VNICT_TARGET"]
    if chosen_target == "duckdb":
        Path(environment["VNICT_WAREHOUSE"]).parent.mkdir(parents=True, exist_ok=True)
    cli_args = list(args) + [
        "--project-dir",
        str(project_dir or DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROFILES_DIR if project_dir is None else project_dir),
        "--target",
        chosen_target,
    ]
    if target_path:
        cli_args += ["--target-path", str(target_path)]
    if log_path:
        cli_args += ["--log-path", str(log_path)]
    cli_args += ["--vars", json.dumps(dbt_project_vars(dbt_vars))]

    saved = {key: os.environ.get(key) for key in environment}
    os.environ.update(environment)
    started = time.monotonic()
    result, crash = None, None
    try:
        result = dbtRunner().invoke(cli_args)
    except Exception as error:  # dbt reports its own failures in the result; this is a crash of dbt itself
        crash = error
    finally:
        if chosen_target == "duckdb":
            _release_duckdb()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    elapsed = time.monotonic() - started

    nodes = _node_results(result.result) if result is not None else []
    failure = crash if crash is not None else getattr(result, "exception", None)
    exception = f"{type(failure).__name__}: {failure}" if failure is not None else None
    run_result = DbtRunResult(
        success=bool(result is not None and result.success),
        args=list(args),
        target=chosen_target,
        elapsed_seconds=elapsed,
        nodes=nodes,
        exception=exception,
    )
    (log.info if run_result.success else log.error)("%s", run_result.summary())
    return run_result


def _release_duckdb() -> None:
    """Close the DuckDB database dbt-duckdb keeps open in this process after a run.

    Why: dbt-duckdb caches one database handle per process; while it is open, this process cannot
    open the same file read-only ("different configuration") and other processes cannot open it
    at all (the file lock). The next dbt run reopens it."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # dbt-duckdb not installed: nothing to release
        return
    with DuckDBConnectionManager._LOCK:
        environment = DuckDBConnectionManager._ENV
        DuckDBConnectionManager._ENV = None
        if environment is not None:
            try:
                environment.close()
            except Exception as error:  # closing is best effort; the next open replaces it anyway
                log.debug("closing dbt-duckdb's database failed: %s", error)


def _node_results(execution_result) -> list[NodeResult]:
    """Flatten a RunExecutionResult (build/run/test/seed) into NodeResults; other commands give none."""
    results = getattr(execution_result, "results", None)
    if not results:
        return []
    nodes = []
    for item in results:
        node = getattr(item, "node", None)
        if node is None:
            continue
        resource_type = str(getattr(node, "resource_type", ""))
        resource_type = resource_type.split(".")[-1].lower()
        relation = None
        if resource_type in ("model", "seed", "snapshot"):
            relation = f"{node.schema}.{getattr(node, 'alias', None) or node.name}"
        attached = getattr(node, "attached_node", None)
        if resource_type == "unit_test":
            attached = getattr(node, "tested_node_unique_id", None)
        column_name = getattr(node, "column_name", None)
        status = str(getattr(item.status, "value", item.status)).lower()
        nodes.append(
            NodeResult(
                unique_id=node.unique_id,
                name=node.name,
                resource_type=resource_type,
                status=status,
                message=item.message,
                failures=item.failures,
                execution_time=float(item.execution_time or 0.0),
                relation=relation,
                attached_node=attached.split(".")[-1] if isinstance(attached, str) else attached,
                column_name=column_name,
            )
        )
    return nodes
