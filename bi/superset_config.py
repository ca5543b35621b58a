"""Superset settings for the vn-ict-warehouse BI service; every value can be overridden from the
environment so the same file serves `make bi`, the browser test and docker compose.

Superset reads this file through SUPERSET_CONFIG_PATH (set by bi/launch.py). It must stay cheap and
side-effect free apart from creating the BI home folder.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

BI_HOME = Path(os.environ.get("VNICT_BI_HOME", Path(__file__).resolve().parent.parent / "data" / "bi"))
BI_HOME.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """A stable key per BI home: sessions and encrypted database passwords survive restarts."""
    if os.environ.get("SUPERSET_SECRET_KEY"):
        return os.environ["SUPERSET_SECRET_KEY"]
    key_file = BI_HOME / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

# Superset's own metadata (users, charts, dashboards): SQLite in the BI home on the embedded
# default, PostgreSQL in production (docker compose sets SUPERSET_METADATA_URI).
SQLALCHEMY_DATABASE_URI = os.environ.get(
    "SUPERSET_METADATA_URI", f"sqlite:///{BI_HOME / 'superset.db'}?check_same_thread=false"
)

# No example data, no telemetry, no calls home: the machine may be offline.
SUPERSET_LOAD_EXAMPLES = False
LOAD_EXAMPLES = False
SCARF_ANALYTICS = False

# A small in-process cache: a new snapshot (written at each publish) shows within a minute.
CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 60}
DATA_CACHE_CONFIG = CACHE_CONFIG
FILTER_STATE_CACHE_CONFIG = {**CACHE_CONFIG, "CACHE_DEFAULT_TIMEOUT": 86400}
EXPLORE_FORM_DATA_CACHE_CONFIG = FILTER_STATE_CACHE_CONFIG

# Local service on 127.0.0.1: plain HTTP, no CSRF on the API for the scripted import/export.
WTF_CSRF_ENABLED = os.environ.get("VNICT_BI_CSRF", "true").lower() == "true"
TALISMAN_ENABLED = False
SESSION_COOKIE_SECURE = False

FEATURE_FLAGS = {
    "DASHBOARD_NATIVE_FILTERS": True,
    "DASHBOARD_CROSS_FILTERS": True,
    "ENABLE_TEMPLATE_PROCESSING": False,
    # Draw every chart of a dashboard, also below the fold (screenshots, the browser test).
    "DASHBOARD_VIRTUALIZATION": False,
}
CONTENT_SECURITY_POLICY_WARNING = False

# Superset ships no Vietnamese interface translation: the UI is English, and chart titles carry
# both languages (the marts' bilingual labels).
BABEL_DEFAULT_LOCALE = "en"
LANGUAGES = {}

ROW_LIMIT = 50000
SUPERSET_WEBSERVER_TIMEOUT = 120
