# One-command entry points. Everything runs from the repository's own .venv, created from the
# committed lock with uv; uv itself is bootstrapped from PyPI into .tools/ when missing.
SHELL := /bin/bash
ROOT := $(abspath .)
UV_VERSION := 0.13.9
PYTHON_BOOTSTRAP ?= python3.11
UV := $(shell command -v uv 2>/dev/null || echo $(ROOT)/.tools/bin/uv)
VENV := $(ROOT)/.venv
PY := $(VENV)/bin/python

export AIRFLOW_HOME ?= $(ROOT)/.airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(ROOT)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__PARALLELISM ?= 4
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN ?= sqlite:///$(AIRFLOW_HOME)/airflow.db
export AIRFLOW__COSMOS__ENABLE_TELEMETRY := False
export AIRFLOW__CORE__UNIT_TEST_MODE := False
export NO_PROXY := 127.0.0.1,localhost
export no_proxy := 127.0.0.1,localhost

.PHONY: help setup run test lint bench airflow clean browser

help:
	@echo "make setup             create .venv from uv.lock and a project-local Airflow (.airflow/, SQLite)"
	@echo "make run               run the whole pipeline once on the offline mirror: one line per phase, then"
	@echo "                       the summary; the full log's path is printed (live sites: python -m pipeline.run_local --live)"
	@echo "make airflow           Airflow UI on http://127.0.0.1:8080 (AIRFLOW_PORT=...), runs use the offline mirror;"
	@echo "                       make airflow LIVE=1 crawls the real sites"
	@echo "make bi                Superset dashboards on http://127.0.0.1:8088 (BI_PORT=...), from the BI snapshot"
	@echo "make bi-venv           create Superset's own virtualenv (.venv-bi/) only"
	@echo "make test              the whole test suite (BI and browser tests included; ~15 min on 2 cores)"
	@echo "make test-bi           the BI tests only (Superset + headless Chromium, ~2 min)"
	@echo "make test-distributed  the production proof: CeleryExecutor, PostgreSQL, Redis, two workers (~6 min)"
	@echo "make lint              ruff (lint and format check), import layering (import-linter), sqlfluff on dbt SQL"
	@echo "make bench             the benchmarks (numbers as JSON lines in data/bench/latest.jsonl)"
	@echo "make browser           install Debian's chromium (for the browser test) when missing"
	@echo "make clean             remove data/ and .airflow/ (the warehouse, the landing archive, Airflow's state)"

$(UV):
	$(PYTHON_BOOTSTRAP) -m venv $(ROOT)/.tools
	$(ROOT)/.tools/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON_BOOTSTRAP)
	@touch $@

$(AIRFLOW_HOME)/.initialised: $(VENV)/.synced
	@mkdir -p $(AIRFLOW_HOME)
	$(VENV)/bin/airflow db migrate >$(AIRFLOW_HOME)/migrate.log 2>&1 || (tail -50 $(AIRFLOW_HOME)/migrate.log; exit 1)
	$(VENV)/bin/airflow pools set warehouse_writer 1 "DuckDB allows a single writing process" >/dev/null
	@touch $@

setup: $(VENV)/.synced $(AIRFLOW_HOME)/.initialised

run: setup
	$(PY) -m pipeline.run_local

# The suite includes the BI tests: Superset's own virtualenv and Debian's Chromium (browser test).
# --durations: the slowest tests are printed at the end, to keep the suite under its 20-minute budget.
test: setup bi-venv browser
	$(PY) -m pytest -q -p no:cacheprovider --durations=20

# The same checks as .pre-commit-config.yaml; .ci/run runs it before the tests.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/sqlfluff lint dbt_project/models dbt_project/macros dbt_project/tests

browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

bench: setup
	$(PY) -m bench

# pipeline/airflow_ui.py: .venv/bin on PATH (standalone spawns `airflow`), 127.0.0.1, the offline mirror.
airflow: setup
	AIRFLOW__CORE__PARALLELISM=8 $(PY) -m pipeline.airflow_ui $(if $(LIVE),--live)

clean:
	rm -rf $(ROOT)/data $(AIRFLOW_HOME)

# The production deployment (docker-compose.yml), proven without Docker: the compose file's static
# checks plus a native CeleryExecutor Airflow (api-server, scheduler, dag-processor, two Celery
# workers, PostgreSQL metadata and warehouse, Redis) running the DAG twice, one worker killed
# mid-run. Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (.ci/run starts them).
.PHONY: test-distributed
test-distributed: setup
	VNICT_DISTRIBUTED_TESTS=1 $(PY) -m pytest -q -p no:cacheprovider tests/distributed

# BI: Apache Superset 6.1 in its own virtualenv (.venv-bi/, from bi/requirements.lock: its pins
# conflict with Airflow's), reading a read-only snapshot of the marts (bi/snapshot.py, refreshed
# at each publish); dashboards as code in bi/dashboards/. See docs/bi.md.
BI_VENV := $(ROOT)/.venv-bi
BI_PORT ?= 8088
.PHONY: bi bi-venv test-bi

$(BI_VENV)/.synced: bi/requirements.lock | $(UV)
	$(UV) venv --allow-existing --python $(PYTHON_BOOTSTRAP) $(BI_VENV)
	VIRTUAL_ENV=$(BI_VENV) $(UV) pip sync --require-hashes bi/requirements.lock
	@touch $@

bi-venv: $(BI_VENV)/.synced

bi: bi-venv
	@echo "[bi] BI snapshot of the published marts (written only when missing) ..."
	@$(BI_VENV)/bin/python -m bi.snapshot --if-missing
	$(BI_VENV)/bin/python bi/launch.py serve --host 127.0.0.1 --port $(BI_PORT)

# The BI tests, the browser test included (Superset + headless /usr/bin/chromium, ~2 minutes).
test-bi: setup bi-venv
	$(PY) -m pytest -q -p no:cacheprovider tests/bi
