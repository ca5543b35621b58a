"""Put the decisions file into the warehouse (``raw.review_decisions``) for dbt to apply.

Called before every dbt build (``pipeline.tasks.dbt_build``) and by ``python -m vnict review
sync``. The table is replaced whole, in one transaction: the file is the decisions' source of truth,
so a line deleted from it (a decision withdrawn) must stop applying at the next build. A file with a
problem raises ``DecisionFileError`` before anything is written, and the previous decisions stay.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from warehouse import database, settings
from warehouse.review.decisions import read_decisions

log = logging.getLogger(__name__)
TABLE = "review_decisions"


def sync_decisions(path: Path | None = None, target: str | None = None) -> int:
    """Replace ``raw.review_decisions`` with the file's decisions; returns how many were loaded."""
    path = Path(path or settings.review_decisions_file())
    decisions = read_decisions(path)
    records = [decision.record(str(path)) for decision in decisions]
    now = datetime.now(UTC).replace(tzinfo=None)
    with database.connect(target=target) as connection:
        database.ensure_raw_schema(connection)
        connection.begin()
        try:
            connection.execute(f"DELETE FROM raw.{TABLE}")
            loaded = database._upsert(connection, TABLE, records, now)
            connection.commit()
        except Exception:
            connection.rollback()
            raise
    log.info("review decisions: %d loaded from %s", loaded, path)
    return loaded
