"""Defaults for every path and knob, in one place; each can be overridden by an environment variable.

Why environment variables: the same code runs embedded (DuckDB, SQLite Airflow, the offline
mirror) and in production (docker compose, PostgreSQL); only settings differ.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("VNICT_SHARED_DIR", PROJECT_ROOT.parent / "shared"))


def _path(var: str, default: Path) -> Path:
    return Path(os.environ.get(var, str(default))).resolve()


def data_dir() -> Path:
    return _path("VNICT_DATA_DIR", PROJECT_ROOT / "data")


def warehouse_path() -> Path:
    return _path("VNICT_WAREHOUSE", data_dir() / "warehouse.duckdb")


def landing_dir() -> Path:
    """Raw pages (content-addressed, gzip) and per-run record files."""
    return _path("VNICT_LANDING_DIR", data_dir() / "landing")


def sources_file() -> Path:
    return _path("VNICT_SOURCES_FILE", PROJECT_ROOT / "scrapers" / "sources.yaml")


def source_endpoints_file() -> Path | None:
    """JSON {source_id: "http://127.0.0.1:PORT"} written by the mirror; rebases sources onto it."""
    value = os.environ.get("VNICT_SOURCE_ENDPOINTS")
    return Path(value).resolve() if value else None


def warehouse_target() -> str:
    """dbt target and warehouse backend: ``duckdb`` (embedded default) or ``postgres``."""
    return os.environ.get("VNICT_TARGET", "duckdb")


USER_AGENT = os.environ.get(
    "VNICT_USER_AGENT",
    "vn-ict-warehouse/0.1 (+https://github.com/vn-ict-warehouse; open data research crawler)",
)
