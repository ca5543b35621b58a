#!/usr/bin/env bash
# Start Superset: initialise its metadata (idempotent), register the warehouse and its marts,
# keep the dataset list in step with the marts, then serve.
set -euo pipefail

superset db upgrade
superset fab create-admin \
  --username "${SUPERSET_ADMIN_USER:-admin}" --password "${SUPERSET_ADMIN_PASSWORD}" \
  --firstname Admin --lastname VNICT --email "${SUPERSET_ADMIN_EMAIL:-admin@localhost}" || true
superset init
python /app/vnict/bootstrap.py || echo "bootstrap: warehouse not ready yet; retrying in the background"

# Marts appear after the pipeline's first publish (and new ones when a mart is added): register
# them without a restart. Idempotent: existing datasets only get their columns refreshed.
(
  while sleep "${SUPERSET_DATASET_SYNC_SECONDS:-600}"; do
    python /app/vnict/bootstrap.py --quiet || true
  done
) &

exec gunicorn --bind 0.0.0.0:8088 --workers "${SUPERSET_WORKERS:-2}" --worker-class gthread --threads 4 \
  --timeout 120 --limit-request-line 0 --limit-request-field_size 0 "superset.app:create_app()"
