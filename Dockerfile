# The project's Airflow image: the official Apache Airflow image plus the project's locked
# dependencies (exported from uv.lock, installed with hash checking) and its code.
#
#   docker compose build            # or: docker build -t vn-ict-warehouse/airflow:0.1.0 .
#
# Every Airflow service in docker-compose.yml runs this one image, so the scheduler, the
# dag-processor and every Celery worker import exactly the same code and library versions.

ARG AIRFLOW_IMAGE=apache/airflow:3.3.2-python3.11
ARG UV_VERSION=0.13.9

# --- 1. requirements.txt from the lock (same uv as the Makefile; no resolution at build time) ---
FROM ${AIRFLOW_IMAGE} AS lock-export
ARG UV_VERSION
RUN pip install --no-cache-dir --user "uv==${UV_VERSION}"
WORKDIR /tmp/lock
COPY --chown=airflow:0 pyproject.toml uv.lock ./
RUN python -m uv export --frozen --no-dev --no-emit-project --format requirements-txt \
        --output-file requirements.txt

# --- 2. the runtime image ---
FROM ${AIRFLOW_IMAGE}
ARG UV_VERSION
LABEL org.opencontainers.image.title="vn-ict-warehouse airflow" \
      org.opencontainers.image.description="Airflow 3.3 with the vn-ict-warehouse pipeline (crawl, parse, load, dbt, GX, publish)"

USER root
# setpriv (util-linux) lets the init job drop from root to AIRFLOW_UID; curl is used by health checks.
RUN apt-get update \
    && apt-get install -y --no-install-recommends util-linux curl \
    && apt-get clean && rm -rf /var/lib/apt/lists/*
USER airflow

COPY --from=lock-export --chown=airflow:0 /tmp/lock/requirements.txt /opt/vnict/requirements.txt
# apache-airflow itself is pinned in the lock (3.3.2, the base image's version), so installing
# the lock cannot move Airflow; hashes make the install reproducible.
RUN pip install --no-cache-dir --require-hashes -r /opt/vnict/requirements.txt

COPY --chown=airflow:0 vnict /opt/vnict/vnict
COPY --chown=airflow:0 warehouse /opt/vnict/warehouse
COPY --chown=airflow:0 extraction /opt/vnict/extraction
COPY --chown=airflow:0 scrapers /opt/vnict/scrapers
COPY --chown=airflow:0 bi /opt/vnict/bi
COPY --chown=airflow:0 pipeline /opt/vnict/pipeline
COPY --chown=airflow:0 expectations /opt/vnict/expectations
COPY --chown=airflow:0 mirror /opt/vnict/mirror
COPY --chown=airflow:0 dbt_project /opt/vnict/dbt_project
COPY --chown=airflow:0 dags /opt/vnict/dags
COPY --chown=airflow:0 review /opt/vnict/review
COPY --chown=airflow:0 deploy/airflow /opt/vnict/deploy/airflow
COPY --chown=airflow:0 pyproject.toml uv.lock README.md /opt/vnict/
# The project itself, editable so that settings.PROJECT_ROOT is /opt/vnict (dbt_project/, review/);
# --no-deps: every dependency came from the lock above. This also installs the `vnict` command.
RUN pip install --no-cache-dir --no-deps -e /opt/vnict

ENV PYTHONPATH=/opt/vnict \
    AIRFLOW__CORE__DAGS_FOLDER=/opt/vnict/dags \
    AIRFLOW__CORE__LOAD_EXAMPLES=False \
    VNICT_DATA_DIR=/var/lib/vnict/data \
    VNICT_LANDING_DIR=/var/lib/vnict/landing
WORKDIR /opt/airflow
