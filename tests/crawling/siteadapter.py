"""A tiny adapter for the sitekit news site, so crawler tests do not depend on CMS-family markup."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urljoin

from bs4 import BeautifulSoup

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
        soup = BeautifulSoup(html, "lxml")
        items = []
        for row in soup.select("li.item"):
            link = row.find("a", href=True)
            if link is None:
                continue
            date_element = row.select_one(".date")
            items.append(Item(canonical_url(link["href"], page_url), link.get_text(strip=True),
                              _date(date_element.get_text()) if date_element else None))
        return items

    def next_page_url(self, html, page_url, page_number):
        link = BeautifulSoup(html, "lxml").select_one("a.next[href]")
        return urljoin(page_url, link["href"]) if link else None

    def parse_article(self, html, url):
        soup = BeautifulSoup(html, "lxml")
        body = soup.select_one("div.body")
        if body is None:
            raise ValueError("no div.body on the page")
        title = soup.find("h1")
        date_element = soup.select_one(".date")
        day = _date(date_element.get_text()) if date_element else None
        published = dt.datetime(day.year, day.month, day.day, 8, 0) if day else None
        return Article(title.get_text(strip=True) if title else None, published, None, None,
                       body.get_text(" ", strip=True))
