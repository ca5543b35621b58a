#!/usr/bin/env bash
# One-shot initialisation of the Airflow side of docker-compose.yml (service airflow-init).
#
# Runs as root only to hand the named volumes to AIRFLOW_UID; every Airflow command runs as
# that user. Safe to run again: migrations, pools and the password file are idempotent.
set -euo pipefail

airflow_uid="$(stat -c %u /opt/vnict/dags 2>/dev/null || echo 50000)"
airflow_uid="${AIRFLOW_UID:-$airflow_uid}"
for directory in /opt/airflow/logs /opt/airflow/auth /var/lib/vnict/data /var/lib/vnict/landing /var/lib/vnict/data/data_docs; do
  mkdir -p "$directory"
  chown -R "${airflow_uid}:0" "$directory"
done

as_airflow() { setpriv --reuid="${airflow_uid}" --regid=0 --clear-groups --reset-env -- env "$@"; }
# setpriv --reset-env drops the environment; pass through what Airflow and the project read.
exported_environment=()
while IFS= read -r name; do
  exported_environment+=("${name}=${!name}")
done < <(compgen -e | grep -E '^(AIRFLOW|VNICT_|PYTHONPATH$|PATH$)')
exported_environment+=("HOME=/home/airflow")

echo "airflow-init: migrating the metadata database"
as_airflow "${exported_environment[@]}" airflow db migrate

echo "airflow-init: pools"
# DuckDB allows one writer; PostgreSQL allows more, but load_raw, dbt_build and audit_and_publish
# still must not interleave within a run (write-audit-publish), so the default stays 1.
as_airflow "${exported_environment[@]}" airflow pools set warehouse_writer "${WAREHOUSE_WRITER_SLOTS:-1}" \
  "Tasks that write the warehouse: load_raw, dbt_build, audit_and_publish"

echo "airflow-init: admin user for the simple auth manager"
# The simple auth manager reads {user: password} from this file; writing it from .env avoids
# a generated password being printed into container logs.
password_file="${AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE:-/opt/airflow/auth/passwords.json}"
python3 - "$password_file" <<'PYTHON'
import json, os, sys
path = sys.argv[1]
with open(path, "w", encoding="utf-8") as handle:
    json.dump({os.environ.get("AIRFLOW_ADMIN_USER", "admin"): os.environ["AIRFLOW_ADMIN_PASSWORD"]}, handle)
PYTHON
chown "${airflow_uid}:0" "$password_file"
chmod 0600 "$password_file"

echo "airflow-init: done (Airflow $(as_airflow "${exported_environment[@]}" airflow version))"
