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


def offline() -> bool:
    """Whether this process may only reach 127.0.0.1 (the embedded run on the offline mirror).

    ``VNICT_OFFLINE=1`` (set by ``make run`` unless ``--live``) or a mirror endpoints file
    (``VNICT_SOURCE_ENDPOINTS``) makes the run offline; ``VNICT_OFFLINE=0`` lifts it explicitly."""
    value = os.environ.get("VNICT_OFFLINE", "").strip().lower()
    if value in ("1", "true", "yes"):
        return True
    if value in ("0", "false", "no"):
        return False
    return source_endpoints_file() is not None


def warehouse_target() -> str:
    """dbt target and warehouse backend: ``duckdb`` (embedded default) or ``postgres``."""
    return os.environ.get("VNICT_TARGET", "duckdb")


USER_AGENT = os.environ.get(
    "VNICT_USER_AGENT",
    "vn-ict-warehouse/0.1 (+https://github.com/vn-ict-warehouse; open data research crawler)",
)

# --- parsing and the offline mirror (added by the parsing side) ---
PLAUSIBLE_YEARS = (1995, 2100)
"""Dates outside this range are rejected as parse errors (Vietnamese provincial sites start in the late 1990s)."""

MIRROR_HOST = os.environ.get("VNICT_MIRROR_HOST", "127.0.0.1")


def mirror_endpoints_file() -> Path:
    """Where ``python -m vnict mirror`` writes its endpoints unless told otherwise."""
    return _path("VNICT_MIRROR_ENDPOINTS_FILE", data_dir() / "mirror_endpoints.json")


FETCH_TIMEOUT_SECONDS = float(os.environ.get("VNICT_FETCH_TIMEOUT_SECONDS", "20"))
"""Timeout of one-off fetches by the ``links`` and ``probe`` commands."""

SHORT_BODY_CHARS = 200
"""A CMS selector's body shorter than this is cross-checked against the main-text extractor."""

# --- Content checks before an article counts (scrapers/content_checks.py) -------------------
MIN_ARTICLE_BODY_CHARS = int(os.environ.get("VNICT_MIN_ARTICLE_BODY_CHARS", "20"))
"""An article body shorter than this (characters) is quarantined as too short."""
MIN_ARTICLE_BODY_WORDS = int(os.environ.get("VNICT_MIN_ARTICLE_BODY_WORDS", "5"))
"""An article body with fewer words than this is quarantined as too short."""
MAX_NAVIGATION_SHARE = float(os.environ.get("VNICT_MAX_NAVIGATION_SHARE", "0.6"))
"""A body whose letters are this share or more link/menu text of the page is navigation, not an article."""
MIN_ENCODING_MARGIN = 6
"""A detected legacy encoding must beat the runner-up by this many syllable points, else it is quarantined."""

# --- Crawling defaults (a source's `politeness:` block overrides the per-source ones) ---------
DEFAULT_MIN_DELAY_SECONDS = float(os.environ.get("VNICT_MIN_DELAY_SECONDS", "1.0"))
DEFAULT_TIMEOUT_SECONDS = 20.0
"""Read timeout: the longest silence tolerated while waiting for bytes (and the whole-body budget × 3)."""
DEFAULT_CONNECT_TIMEOUT_SECONDS = 10.0
DEFAULT_MAX_LIST_PAGES = 5
DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_MAX_RETRIES = 3
"""Retries after the first attempt, on 5xx, 429, timeouts and connection errors (never on other 4xx)."""
DEFAULT_BACKOFF_SECONDS = 1.0
"""Exponential backoff base: waits of 1, 2, 4 ... seconds between attempts."""
DEFAULT_MAX_RETRY_AFTER_SECONDS = 120.0
"""A server's Retry-After is honoured up to this cap; beyond it the page is given up for this run."""
MAX_REDIRECTS = 5
ROBOTS_CACHE_SECONDS = 24 * 3600
"""RFC 9309 §2.4: a robots.txt may be reused from cache for up to 24 hours."""
ROBOTS_MAX_BYTES = 512_000
"""RFC 9309 §2.5: parse at least the first 500 KiB of a robots.txt."""
DEFAULT_RUN_BUDGET_SECONDS = 1800.0
"""Time one source may take in one run (politeness ``run_budget_seconds``). Past it, no new request
is started for the source; pages not asked yet stay pending and are asked in the next run."""

# --- Web archives (python -m vnict backfill-archive; a source's `archive.politeness` overrides) --
ARCHIVE_MIN_DELAY_SECONDS = float(os.environ.get("VNICT_ARCHIVE_MIN_DELAY_SECONDS", "2.0"))
"""Between two requests to an archive host (CDX pages and captures alike). The Internet Archive asks
automated clients to stay well under one request per second; 2 s leaves room for other users."""
ARCHIVE_RUN_BUDGET_SECONDS = 6 * 3600.0
"""Time one backfill-archive run may take; the captures not fetched yet are fetched by the next run."""
# How often a source is expected to publish, in days, when its registry entry does not say
# (`expected_publish_interval_days` in scrapers/sources.yaml). A source is stale once it has been
# silent for longer (docs/contracts.md, "Freshness"). 30 days: a provincial ICT news section that
# publishes nothing for a month has usually moved or changed its CMS.
DEFAULT_EXPECTED_PUBLISH_INTERVAL_DAYS = 30


def retry_backoff_hours() -> float:
    """Across runs: after N consecutive failed runs of a page, it is asked again no sooner than
    this × 2^(N-1) hours after its last attempt (20 h: the next daily run, then every 2nd, 4th day).
    ``VNICT_RETRY_BACKOFF_HOURS`` overrides it (tests use 0: every run)."""
    return float(os.environ.get("VNICT_RETRY_BACKOFF_HOURS", "20"))


def retry_give_up_after() -> int:
    """Across runs: a page whose transfer failed this many runs in a row is parked (``gave_up``);
    only ``--refresh`` or a backfill asks it again. ``VNICT_RETRY_GIVE_UP_AFTER`` overrides it."""
    return int(os.environ.get("VNICT_RETRY_GIVE_UP_AFTER", "4"))


CRAWL_MAX_WORKERS = int(os.environ.get("VNICT_CRAWL_MAX_WORKERS", "16"))
"""Threads across hosts; a host never has more than one request in flight whatever this is."""


def host_lock_dir() -> Path:
    """Per-host lock files shared by every crawling process on this machine (one request per host)."""
    return _path("VNICT_HOST_LOCK_DIR", data_dir() / "host_locks")


# --- Publishing extracted facts --------------------------------------------------------------
PUBLISH_MIN_CONFIDENCE = 0.8
"""Extractor confidence (0..1) a fact needs to reach the fact marts; facts below it go to the
review mart (``marts.mart_extraction_review``) instead, so nothing extracted is lost. Chosen on real
articles the extractor had not seen (docs/extraction_quality.md, "What the confidence is made of"):
the lowest threshold at which the entries let through were right at least nine times in ten on
every blind batch of the fourth session (0.905 on realset9-12, 0.938 on realset13-14; 0.75 gave
0.890 and 0.875). Recall there: 0.630 and 0.526 blind, 0.601 pooled over every labelled set.
Passed to dbt as the var ``publish_min_confidence`` by ``warehouse.dbt_runner``;
``dbt_project/dbt_project.yml`` repeats it as the var's default (a test keeps the two equal)."""


def publish_min_confidence() -> float:
    """PUBLISH_MIN_CONFIDENCE, or VNICT_PUBLISH_MIN_CONFIDENCE when set (read at call time)."""
    raw = os.environ.get("VNICT_PUBLISH_MIN_CONFIDENCE", "").strip()
    if not raw:
        return PUBLISH_MIN_CONFIDENCE
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(
            f"VNICT_PUBLISH_MIN_CONFIDENCE={raw!r} is not a number; set a confidence between 0 and 1 "
            f"(e.g. {PUBLISH_MIN_CONFIDENCE}) or unset it to use the default"
        ) from None
    if not 0.0 <= value <= 1.0:
        raise ValueError(
            f"VNICT_PUBLISH_MIN_CONFIDENCE={raw!r} is outside 0..1; extractor confidences are between 0 and 1"
        )
    return value


RUN_DEADLINE_MINUTES = 120.0
"""A DAG run still unfinished this long after it was queued raises the deadline alert ("run LATE"):
the daily run takes a few minutes, a large backfill well under an hour on one machine."""


def run_deadline_minutes() -> float:
    """RUN_DEADLINE_MINUTES, or VNICT_RUN_DEADLINE_MINUTES when set (read when the DAG is parsed)."""
    raw = os.environ.get("VNICT_RUN_DEADLINE_MINUTES", "").strip()
    if not raw:
        return RUN_DEADLINE_MINUTES
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"VNICT_RUN_DEADLINE_MINUTES={raw!r} is not a number of minutes") from None
    if value <= 0:
        raise ValueError(f"VNICT_RUN_DEADLINE_MINUTES={raw!r} must be positive")
    return value


def review_decisions_file() -> Path:
    """The analysts' review decisions (accept, reject, correct, add): ``review/decisions.csv`` in the
    repository, reviewed like code; ``VNICT_REVIEW_DECISIONS`` points at another file (tests, a
    deployment that keeps its decisions elsewhere). See docs/review.md."""
    return _path("VNICT_REVIEW_DECISIONS", PROJECT_ROOT / "review" / "decisions.csv")


REVIEWER_VARIABLE = "VNICT_REVIEWER"
"""Who a decision made on the command line is recorded as, when ``--by`` is not given."""
