"""Superset settings for the docker compose deployment; every secret comes from the environment.

Superset's own metadata lives in PostgreSQL (the `superset` database next to Airflow's), so
dashboards survive container rebuilds; the warehouse itself is registered by bootstrap.py.
"""
import os

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
SQLALCHEMY_DATABASE_URI = os.environ["SUPERSET_METADATA_URI"]

# The warehouse is read through a read-only role; keep SQL Lab read-only as well.
PREVENT_UNSAFE_DB_CONNECTIONS = True
SQLLAB_CTAS_NO_LIMIT = False
ROW_LIMIT = 50_000

# No outbound telemetry from a deployment that may run on an offline network.
FEATURE_FLAGS = {"DASHBOARD_RBAC": True}
TALISMAN_ENABLED = False
WTF_CSRF_ENABLED = True
