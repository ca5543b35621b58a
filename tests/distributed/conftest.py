"""The ``distributed`` marker: the native CeleryExecutor proof, run by ``make test-distributed``.

It starts a whole Airflow deployment (api-server, scheduler, dag-processor, two Celery workers)
and runs the pipeline twice, which takes minutes; ``make test`` leaves it to
``make test-distributed`` (which .ci/run also calls). The static compose test in this folder is
not marked and runs everywhere. Items are deselected, not skipped: they are reported as
deselected, and ``-m distributed`` or VNICT_DISTRIBUTED_TESTS=1 selects them.
"""

from __future__ import annotations

import os


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "distributed: starts a native CeleryExecutor Airflow (minutes); run by make test-distributed"
    )


def pytest_collection_modifyitems(config, items):
    if config.getoption("markexpr") or os.environ.get("VNICT_DISTRIBUTED_TESTS") == "1":
        return
    selected, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("distributed") else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Where each task ran and how long the runs took: the numbers the deployment notes quote."""
    lines = getattr(config, "vnict_distributed_summary", None)
    if lines:
        terminalreporter.section("native CeleryExecutor deployment")
        for line in lines:
            terminalreporter.write_line(line)
