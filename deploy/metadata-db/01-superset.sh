#!/usr/bin/env bash
# First start of an empty metadata volume: a database and an owner for Superset's own metadata,
# next to Airflow's (one PostgreSQL server, two databases, two roles).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set superset_password="$SUPERSET_DB_PASSWORD" <<'SQL'
CREATE ROLE superset LOGIN PASSWORD :'superset_password';
CREATE DATABASE superset OWNER superset;
SQL
