"""Task errors that carry their own alert, so the failure callback does not page twice.

Imported only when raised (it imports Airflow's exception base).
"""

from __future__ import annotations

from airflow.sdk.exceptions import AirflowFailException


class SourceDown(AirflowFailException):
    """Every fetch of a source failed this run. Fails its crawl task at once, without task retries
    (the fetcher already retried every request with backoff); the source-down alert, which names
    the source, was sent before raising (``already_alerted``)."""

    already_alerted = True

    def __init__(self, source_id: str, reasons: list[str]):
        first = reasons[0] if reasons else "no answer"
        super().__init__(
            f"source {source_id} is down: nothing landed this run ({len(reasons)} failure(s); first: {first})"
        )
        self.source_id = source_id
        self.reasons = reasons
