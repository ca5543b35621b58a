"""Selector sets from the docbao project's provincial-newspaper configs (shared/spec/site_notes.md §1).

``BaoHaTinhAdapter`` parses baohatinh.vn-style article pages (2019 markup): date in
``.date_news span``, sapo ``.sapo_detail``, body ``#main-detail`` with ``p.pBody`` paragraphs and the
author in ``p.pAuthor``, captions ``.iCaption`` (and ``i`` inside centred image paragraphs) dropped,
the ``.drelated`` box removed. docbao read lists from every anchor of the home page, so list pages
use the heuristic link finder restricted to baohatinh's article URL shape (``-post<id>.html``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from scrapers.adapters.base import ListItem, SelectorAdapter

SELECTOR_SETS_FILE = Path(__file__).with_name("docbao_selectors.yaml")


@lru_cache(maxsize=1)
def selector_sets() -> dict[str, dict[str, str]]:
    """Per-host article selector sets translated from docbao's configs (data in docbao_selectors.yaml)."""
    return yaml.safe_load(SELECTOR_SETS_FILE.read_text(encoding="utf-8"))


def known_selectors(host: str | None) -> dict[str, str] | None:
    """The docbao selector set for ``host`` (with or without "www."), if there is one."""
    host = (host or "").lower().removeprefix("www.")
    found = selector_sets().get(host)
    return dict(found) if found else None


class BaoHaTinhAdapter(SelectorAdapter):
    cms = "docbao_baohatinh"
    ARTICLE_URL = re.compile(r"-post\d+\.html$|/\d{5,}\.html?$")
    DEFAULT_SELECTORS = {
        "list_item": "",
        "article_title": "h1.title_detail, h1.title-detail, .title_detail, h1",
        "article_date": ".date_news span, .date_news",
        "article_author": "#main-detail p.pAuthor, p.pAuthor",
        "article_lead": ".sapo_detail",
        "article_body": "#main-detail",
        "article_remove": ".drelated, .box-related, .tags, .social",
        "article_captions": ".iCaption, p.pCenter i, p.pBody.pCenter i",
    }

    def fallback_list(self, html: str, page_url: str) -> list[ListItem]:
        items = super().fallback_list(html, page_url)
        matching = [item for item in items if self.ARTICLE_URL.search(item.url)]
        return matching or items
