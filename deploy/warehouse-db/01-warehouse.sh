#!/usr/bin/env bash
# First start of an empty warehouse volume: the warehouse database, the role the pipeline writes
# with, and a read-only role for BI tools.
#
# Executed by the postgres image's entrypoint (files in /docker-entrypoint-initdb.d run once,
# in name order, only when the data directory is empty). The same SQL is applied by
# tests/distributed/test_celery_pipeline.py to a scratch database, so it is exercised in CI.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set loader_password="$WAREHOUSE_DB_PASSWORD" --set database="$WAREHOUSE_DB_NAME" <<'SQL'
CREATE ROLE vnict_loader LOGIN PASSWORD :'loader_password';
CREATE DATABASE :"database" OWNER vnict_loader;
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$WAREHOUSE_DB_NAME" \
  --set bi_password="$BI_READER_PASSWORD" -f "$(dirname "${BASH_SOURCE[0]}")/bi_reader.sql.inc"
