#!/usr/bin/env bash
# Start Superset the way `make bi` does (bi/launch.py): initialise its metadata once, import the
# dashboards of bi/dashboards/ pointed at the PostgreSQL warehouse (VNICT_BI_DATABASE_URI, the
# read-only role), serve on 8088. Alongside, bootstrap.py registers every table of the `marts`
# schema as a dataset too, and keeps doing so: marts appear after the pipeline's first publish,
# and a mart added later shows up without a restart.
set -euo pipefail

(
  until curl --fail --silent http://localhost:8088/health >/dev/null 2>&1; do sleep 10; done
  while true; do
    python /app/vnict/deploy/superset/bootstrap.py --quiet || true
    sleep "${SUPERSET_DATASET_SYNC_SECONDS:-600}"
  done
) &

exec python /app/vnict/bi/launch.py serve --host 0.0.0.0 --port 8088
