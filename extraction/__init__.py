"""Turn Vietnamese article text into candidate facts: indicators, rankings, incidents.

Public interface (docs/contracts.md, section "Extractor"):
``EXTRACTOR_VERSION`` and ``extract_article(text, *, title=None, url=None, published=None,
source_province_code=None) -> dict``. The phrase dictionaries live under ``data/``.
"""

from __future__ import annotations

from .article import extract_article

# Bump whenever a change can alter the facts extracted from the same text (reparse relies on it).
EXTRACTOR_VERSION = "extract-2.3.1"

__all__ = ["EXTRACTOR_VERSION", "extract_article"]
