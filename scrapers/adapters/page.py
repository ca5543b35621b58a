"""What an adapter returns, and the canonical URL helper every page reader shares.

Kept apart from ``base`` so that link discovery and the selector adapter both build on it without
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from scrapers.urls import canonical_url as project_canonical_url


@dataclass(frozen=True)
class ListItem:
    url: str
    title: str
    published: date | None = None
    lead: str | None = None


@dataclass(frozen=True)
class ParsedArticle:
    title: str | None
    published_at: datetime | None
    author: str | None
    lead: str | None
    body_text: str
    images_dropped: int = 0


def canonical_url(url: str, base: str | None = None) -> str:
    """The project's one canonical spelling of a URL (``scrapers.urls``), resolved against ``base``."""
    return project_canonical_url(url, base)
