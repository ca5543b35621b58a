"""Run ``Check``s with Great Expectations Core 1.x and build the Data Docs site; nothing else.

One GX suite, validation definition and checkpoint per validated table (a pandas DataFrame asset
takes its frame as a batch parameter, so a checkpoint validates one frame). The Data Docs site
``<data dir>/data_docs/`` is updated once per run, after the last checkpoint, with this run's
validation pages and the index (``build_docs``). Why not ``UpdateDataDocsAction`` on every
checkpoint: it rebuilds the index once per table, and the index reads every stored result, so a
run got slower with every past run (measured: 10 s -> 20 s on the second run). The index lists the
latest ``VALIDATION_RESULTS_IN_INDEX`` results; older pages stay on disk. Suites are rebuilt from code on every run (the suites' source of truth is this package); validation
results persist under ``<data dir>/gx/validations`` for the Data Docs index.

GX is imported inside functions only: it takes ~8 s, and DAG files import this package.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from expectations.checks import Check
from expectations.severity import severity_of

log = logging.getLogger(__name__)

SITE_NAME = "vnict_data_docs"
VALIDATION_RESULTS_IN_INDEX = 500
DATASOURCE_NAME = "vnict_frames"
_CONTEXTS: dict = {}


@dataclass
class CheckOutcome:
    check: Check
    success: bool
    unexpected_count: int | None = None
    observed_value: object = None
    unexpected_index: list = field(default_factory=list)
    unexpected_values: list = field(default_factory=list)
    exception: str | None = None
    result_identifier: object = None  # GX ValidationResultIdentifier of the table's validation
    docs_url: str | None = None  # its Data Docs page, set by build_docs


def _quiet_gx() -> None:
    """GX logs every metric at INFO and draws progress bars; an Airflow log needs neither."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    for name in (
        "great_expectations",
        "great_expectations.core",
        "great_expectations.data_context",
        "great_expectations.expectations",
        "great_expectations.validator",
        "posthog",
    ):
        logging.getLogger(name).setLevel(logging.WARNING)


def suite_name(check: Check) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "_", f"{check.suite}__{check.table}")


def get_context(data_dir: Path):
    """An in-memory GX context whose validation results and Data Docs are files under ``data_dir``.

    Why not ``get_context(mode="file")``: a file context re-reads its YAML variables on nearly
    every store access (profiled: 60% of a gate's time). Suites, validation definitions and
    checkpoints are rebuilt from this package on every run anyway, so only the validation results
    (``<data_dir>/gx/validations``, which the Data Docs index lists) and the site need to persist.
    """
    key = str(data_dir)
    if key in _CONTEXTS:
        return _CONTEXTS[key]
    _quiet_gx()
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    _quiet_gx()
    defaults = InMemoryStoreBackendDefaults(init_temp_docs_sites=False)
    stores = dict(defaults.stores)
    stores[defaults.validation_results_store_name] = {
        "class_name": "ValidationResultsStore",
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(data_dir / "gx" / "validations"),
        },
    }
    site = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(data_dir / "data_docs") + "/",
        },
        "site_index_builder": {
            "class_name": "DefaultSiteIndexBuilder",
            "validation_results_limit": VALIDATION_RESULTS_IN_INDEX,
        },
    }
    config = DataContextConfig(
        stores=stores,
        expectations_store_name=defaults.expectations_store_name,
        validation_results_store_name=defaults.validation_results_store_name,
        checkpoint_store_name=defaults.checkpoint_store_name,
        data_docs_sites={SITE_NAME: site},
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    _CONTEXTS[key] = context
    return context


def _to_gx_expectation(check: Check):
    import great_expectations as gx
    from great_expectations.expectations.row_conditions import Column

    expectation_class = getattr(gx.expectations, check.expectation)
    kwargs = dict(check.kwargs)
    if check.when:
        column, operator, value = check.when
        kwargs["row_condition"] = {
            "==": Column(column).__eq__,
            "!=": Column(column).__ne__,
            "<": Column(column).__lt__,
            "<=": Column(column).__le__,
            ">": Column(column).__gt__,
            ">=": Column(column).__ge__,
        }[operator](value)
    meta = {"severity": check.severity, "check": check.name, "layer": check.suite, "description": check.description}
    return expectation_class(**kwargs, meta=meta)


def _get_or_add(getter, adder, name):
    try:
        return getter(name)
    except Exception:  # noqa: BLE001 - GX raises different lookup errors per store
        return adder(name)


def validate_table(
    context, run_id: str, table: str, checks: list[Check], frame, rows_kept: int = 500
) -> list[CheckOutcome]:
    """Validate one DataFrame with its suite through a checkpoint; Data Docs come after (build_docs)."""
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier

    name = suite_name(checks[0])
    datasource = _get_or_add(context.data_sources.get, context.data_sources.add_pandas, DATASOURCE_NAME)
    asset = _get_or_add(datasource.get_asset, datasource.add_dataframe_asset, name)
    batch_definition = _get_or_add(asset.get_batch_definition, asset.add_batch_definition_whole_dataframe, "whole")
    # Built whole, not with add_expectation: each add_expectation call goes through the store.
    suite = gx.ExpectationSuite(
        name=name,
        meta={"table": table, "layer": checks[0].suite},
        expectations=[_to_gx_expectation(check) for check in checks],
    )
    by_name = {check.name: check for check in checks}
    suite = context.suites.add_or_update(suite)
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=name, data=batch_definition, suite=suite)
    )
    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=name,
            validation_definitions=[definition],
            actions=[],
            # SUMMARY with a large partial list, not COMPLETE: the stored results (and Data Docs) stay
            # bounded when a whole column goes bad, and the first rows are all the quarantine keeps.
            result_format={"result_format": "SUMMARY", "partial_unexpected_count": rows_kept},
        )
    )
    result = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=RunIdentifier(run_name=run_id))
    outcomes = []
    for identifier, validation in result.run_results.items():
        for expectation_result in validation.results:
            config = expectation_result.expectation_config
            check = by_name[config.meta["check"]]
            severity_of(config.meta)  # refuses a suite whose severity label was mangled
            details = expectation_result.result or {}
            exception = expectation_result.exception_info or {}
            raised = exception.get("raised_exception") if isinstance(exception, dict) else None
            if raised is None and isinstance(exception, dict):
                # Metric-level failures are keyed by metric id; any of them raising means "could not check".
                raised_messages = [
                    value.get("exception_message")
                    for value in exception.values()
                    if isinstance(value, dict) and value.get("exception_message")
                ]
            else:
                raised_messages = [exception.get("exception_message")] if raised else []
            outcomes.append(
                CheckOutcome(
                    check=check,
                    success=bool(expectation_result.success),
                    unexpected_count=details.get("unexpected_count"),
                    observed_value=details.get("observed_value"),
                    unexpected_index=list(
                        details.get("unexpected_index_list") or details.get("partial_unexpected_index_list") or []
                    ),
                    unexpected_values=list(
                        details.get("unexpected_list") or details.get("partial_unexpected_list") or []
                    ),
                    exception="; ".join(str(message) for message in raised_messages if message) or None,
                    result_identifier=identifier,
                )
            )
    return outcomes


def build_docs(context, outcomes: list[CheckOutcome]) -> None:
    """Write this run's validation pages and the site index; point each outcome at its page.

    A site that cannot be written is logged, not raised: the verdict of the validation stands
    without its pages, and the alert still goes out.
    """
    identifiers = list(
        {
            str(outcome.result_identifier): outcome.result_identifier
            for outcome in outcomes
            if outcome.result_identifier is not None
        }.values()
    )
    try:
        context.build_data_docs(site_names=[SITE_NAME], resource_identifiers=identifiers)
    except Exception:  # noqa: BLE001 - see docstring
        log.exception("could not build the Data Docs site")
        return
    urls = {str(identifier): _docs_url(context, identifier) for identifier in identifiers}
    for outcome in outcomes:
        outcome.docs_url = urls.get(str(outcome.result_identifier))


def _docs_url(context, identifier) -> str | None:
    try:
        urls = context.get_docs_sites_urls(resource_identifier=identifier, site_name=SITE_NAME)
        return urls[0]["site_url"] if urls else None
    except Exception:  # noqa: BLE001 - a missing link must not fail validation
        log.warning("no Data Docs page for %s", identifier, exc_info=True)
        return None


def docs_index(data_dir: Path) -> str:
    return str(data_dir / "data_docs" / "index.html")
