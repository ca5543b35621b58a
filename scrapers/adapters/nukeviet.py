"""NukeViet news-module adapters: NukeViet 4 default theme, the eGovernment theme, and NukeViet 3.

Selectors follow the templates cited in shared/spec/site_notes.md §2.1 (detail.tpl, viewcat_page.tpl
of nukeviet/nukeviet and nukeviet/eGovernment). Article dates print as ``l - d/m/Y H:i``
("Thứ tư - 02/12/2015 03:40"); list pages paginate as ``<category>/page-N``.
"""

from __future__ import annotations

import re

from scrapers import dom
from scrapers.adapters.base import ListItem, SelectorAdapter, canonical_url
from scrapers.textnorm import normalize_inline

_COMMON = {
    "list_link": "h2 > a, h3 > a, h4 > a, a.show",
    "list_title": "h2 > a, h3 > a, h4.list-group-item-heading",
    "list_lead": ".text-justify, .hometext, p",
    "next_page": '.pagination a[rel="next"], a.page-link[rel="next"]',
    "pagination": ".pagination, .generate_page, .genpage_nobottom, .genpage_cute",
    "article_lead": ".hometext, #hometext",
    "article_body": "#news-bodyhtml, div.bodytext",
    "article_author": "p.h5.text-right, .author",
    "article_remove": "ul.related, .related, .news-tags, .comment, #idcomment, .socialicon, .fb-like, .print, .newsdetailmetatop",
    "article_captions": "figcaption, .image-caption, .caption",
}

_PAGE_SUFFIX = re.compile(r"/page-(\d+)/?$")


class NukeViet4Adapter(SelectorAdapter):
    cms = "nukeviet4"
    DEFAULT_SELECTORS = {
        **_COMMON,
        "list_item": ".news_column .panel-body, .list-group > a.show",
        "list_date": ".text-muted li, ul.list-inline li, em.time, span.date, time",
        "article_title": ".news_column h1.title, h1.title, .news_column h1",
        "article_date": ".row.margin-bottom-lg span.h5, span.h5, em.time, [itemprop=datePublished]",
    }

    def list_item_from_block(self, block, page_url: str) -> ListItem | None:
        item = super().list_item_from_block(block, page_url)
        if item is None or item.lead:
            return item
        # viewcat_page.tpl prints {CONTENT.hometext} as bare text inside the panel body.
        bare = normalize_inline(" ".join(dom.own_strings(block)))
        return ListItem(item.url, item.title, item.published, bare or None)

    def next_page_url(self, html: str, page_url: str, page_number: int) -> str | None:
        found = super().next_page_url(html, page_url, page_number)
        if found:
            return found
        # Some themes render the pager with JavaScript only; derive /page-N when the page links to it.
        base = _PAGE_SUFFIX.sub("", page_url.split("?")[0]).rstrip("/")
        wanted = canonical_url(f"{base}/page-{page_number + 1}")
        hrefs = {
            canonical_url(a.get("href"), page_url) for a in dom.parse_html(html).iter("a") if a.get("href") is not None
        }
        return wanted if wanted in hrefs else None


class NukeVietEgovAdapter(NukeViet4Adapter):
    """eGovernment theme: ``div.newsdetail`` article wrapper and ``div.newsdetailmetatop`` meta row."""

    cms = "nukeviet_egov"
    DEFAULT_SELECTORS = {
        **NukeViet4Adapter.DEFAULT_SELECTORS,
        "list_item": ".news_column.listpage .panel-body, .news_column .panel-body",
        "list_date": ".text-muted ul.list-inline li, .text-muted li, ul.list-inline li",
        "article_title": ".newsdetail h1.title, .newsdetail h1, h1.title",
        "article_date": ".newsdetailmetatop span.h5, .newsdetail span.h5, span.h5",
    }


class NukeViet3Adapter(NukeViet4Adapter):
    """NukeViet 3: ``div#news_detail`` article, ``div.items`` list blocks, plain-anchor pager."""

    cms = "nukeviet3"
    DEFAULT_SELECTORS = {
        **_COMMON,
        "list_item": ".news_column .items",
        "list_link": "h2 > a, h3 > a",
        "list_title": "h2 > a, h3 > a",
        "list_date": "span.date, span.time, .time",
        "list_lead": "p",
        "pagination": ".generate_page, .pages, .news_column",
        "article_title": "#news_detail h1, h1",
        "article_date": "#news_detail span.time, span.time",
        "article_lead": "#hometext, .hometext",
        "article_body": "div.bodytext, #news_detail .bodytext",
        "article_author": '#news_detail p[align="right"], #news_detail p[style*="right"]',
        "article_captions": "#imghome, figcaption, .caption",
    }
