"""A tiny adapter for the sitekit news site, so crawler tests do not depend on CMS-family markup."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urljoin

from scrapers import dom
from scrapers.urls import canonical_url


@dataclass(frozen=True)
class Item:
    url: str
    title: str
    published: dt.date | None = None
    lead: str | None = None


@dataclass(frozen=True)
class Article:
    title: str | None
    published_at: dt.datetime | None
    author: str | None
    lead: str | None
    body_text: str
    images_dropped: int = 0


def _date(text):
    try:
        day, month, year = (int(part) for part in text.strip().split("/"))
        return dt.date(year, month, day)
    except (ValueError, AttributeError):
        return None


class SiteAdapter:
    version = "test-1"

    def parse_list(self, html, page_url):
        root = dom.parse_html(html)
        items = []
        for row in dom.select(root, "li.item"):
            link = dom.select_one(row, "a[href]")
            if link is None:
                continue
            date_element = dom.select_one(row, ".date")
            items.append(
                Item(
                    canonical_url(link.get("href"), page_url),
                    dom.text(link, ""),
                    _date(dom.text(date_element)) if date_element is not None else None,
                )
            )
        return items

    def next_page_url(self, html, page_url, page_number):
        link = dom.select_one(dom.parse_html(html), "a.next[href]")
        return urljoin(page_url, link.get("href")) if link is not None else None

    def parse_article(self, html, url):
        root = dom.parse_html(html)
        body = dom.select_one(root, "div.body")
        if body is None:
            raise ValueError("no div.body on the page")
        title = dom.select_one(root, "h1")
        date_element = dom.select_one(root, ".date")
        day = _date(dom.text(date_element)) if date_element is not None else None
        published = dt.datetime(day.year, day.month, day.day, 8, 0) if day else None
        return Article(dom.text(title, "") if title is not None else None, published, None, None, dom.text(body))
