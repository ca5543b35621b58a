"""One alert path for every failure (work in progress: channels land in the next commit)."""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def alert_quality_gate(gate, published: bool) -> dict:
    log.warning("quality gate alert for run %s: %s", gate.run_id, gate.summary())
    return {}
