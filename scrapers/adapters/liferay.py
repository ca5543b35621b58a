"""Liferay 6.2 asset-publisher adapter ("abstracts" list display, "full content" article display).

List and article selectors come from the 6.2 JSPs cited in shared/spec/site_notes.md §2.2
(abstracts.jsp, full_content.jsp). Not documented there, so *inferred* from Liferay 6.2's
taglibs as generally rendered: the metadata entries (``span.metadata-entry.metadata-publish-date``),
the page iterator (``ul.lfr-pagination-buttons`` with "Tiếp"/"Next" links and a ``_cur=N`` query
parameter) and the journal-article wrapper (``div.journal-content-article``).
"""

from __future__ import annotations

import re

from scrapers import dom
from scrapers.adapters.base import SelectorAdapter, canonical_url

_NEXT_LABEL = re.compile(r"^(Tiếp|Trang sau|Sau|Next|›|»|>)", re.IGNORECASE)


class Liferay62Adapter(SelectorAdapter):
    cms = "liferay62"
    DEFAULT_SELECTORS = {
        "list_item": ".asset-abstract, li.title-list",
        "list_link": "h3.asset-title a, .asset-title a, a",
        "list_title": "h3.asset-title a, .asset-title a",
        "list_date": ".metadata-publish-date, .metadata-display-date, .asset-metadata .metadata-entry",
        "list_lead": ".asset-summary",
        "next_page": 'a[rel="next"]',
        "pagination": ".lfr-pagination-buttons, .taglib-page-iterator, .pagination",
        "article_title": ".taglib-header .header-title, h1.header-title, .asset-full-content h1, .asset-title",
        "article_date": ".asset-full-content .metadata-publish-date, .metadata-publish-date, .metadata-display-date",
        "article_author": ".journal-content-article .author, .metadata-author",
        "article_lead": ".journal-content-article .sapo, .asset-full-content .asset-summary",
        "article_body": ".asset-full-content .journal-content-article, .asset-full-content .asset-content, .journal-content-article",
        "article_remove": ".sapo, .asset-metadata, .taglib-ratings, .taglib-social-bookmarks, .lfr-discussion, .loading-animation, .asset-links, .related-assets",
        "article_captions": "figcaption, .image-caption, .caption",
    }

    def next_page_url(self, html: str, page_url: str, page_number: int) -> str | None:
        root = dom.parse_html(html)
        for item in dom.select(root, ".lfr-pagination-buttons li, .taglib-page-iterator li, .pager li"):
            anchor = next((a for a in item.iterdescendants("a") if a.get("href") is not None), None)
            if anchor is None or "disabled" in dom.class_names(item):
                continue
            if _NEXT_LABEL.match(dom.text(anchor)) and not anchor.get("href").startswith(("#", "javascript:")):
                return canonical_url(anchor.get("href"), page_url)
        return super().next_page_url(html, page_url, page_number)
