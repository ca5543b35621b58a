"""Severity of an expectation: ``error`` blocks publishing, ``warning`` alerts but publishes.

The severity travels with the expectation in its GX ``meta`` (``{"severity": "error"}``) so that
Data Docs show it and a suite read back from disk still knows how much each failure matters.
"""

from __future__ import annotations

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


def severity_of(meta: dict | None) -> str:
    """The severity recorded in an expectation's meta; an unlabelled expectation blocks (fail safe)."""
    value = (meta or {}).get("severity", ERROR)
    if value not in SEVERITIES:
        raise ValueError(f"expectation meta has severity {value!r}; use one of {SEVERITIES}")
    return value
