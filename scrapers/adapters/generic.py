"""The fallback adapter for sites of unknown CMS: heuristic link discovery and library-based main text.

List pages go to ``scrapers.adapters.link_discovery``. Article pages: trafilatura extracts the main
text; the headline is the heading the <title> repeats; the date comes from machine-readable markup,
then a short date string next to the headline, then htmldate (via ``scrapers.dates``).
"""

from __future__ import annotations

import re

from scrapers import dom
from scrapers.adapters import boilerplate
from scrapers.adapters.base import ListItem, ParsedArticle, SelectorAdapter, page_title_fallback, with_lead
from scrapers.adapters.link_discovery import DATE_IN_TEXT, discover_article_links
from scrapers.dates import parse_vietnamese_datetime, published_by_htmldate, published_from_markup
from scrapers.textnorm import normalize_inline


class GenericAdapter:
    """Adapter for unknown sites; honours the same selector keys when a source provides some."""

    cms = "generic"

    def __init__(self, selectors: dict | None = None):
        self.selectors = dict(selectors or {})
        # Selector-driven parsing is used for the parts a source's overrides describe; the pager
        # logic (rel=next, numbered and "Trang sau" links) works without any selectors.
        self._selector_adapter = SelectorAdapter(self.selectors)

    def parse_list(self, html: str, page_url: str) -> list[ListItem]:
        if self.selectors.get("list_item"):
            return self._selector_adapter.parse_list(html, page_url)
        return discover_article_links(html, page_url)

    def next_page_url(self, html: str, page_url: str, page_number: int) -> str | None:
        return self._selector_adapter.next_page_url(html, page_url, page_number)

    def parse_article(self, html: str, url: str) -> ParsedArticle:
        if self.selectors.get("article_body"):
            return self._selector_adapter.parse_article(html, url)
        root = dom.parse_html(html)
        title = article_title(root)
        author = byline_author(root)
        body = boilerplate.extract_main_text(html)
        if title and body.startswith(title):
            body = body[len(title) :].lstrip()  # trafilatura keeps the headline as the first line
        lead = article_description(root)
        images = len(dom.descendants(root, "img"))
        # published_from_html would parse the page again to repeat the markup check done here: htmldate only.
        published = published_from_markup(root) or date_near_headline(root, title) or published_by_htmldate(html)
        return ParsedArticle(title or None, published, author, lead, with_lead(lead, body), images)


def date_near_headline(root, title: str | None, max_text_nodes: int = 40):
    """The first short date string after the headline (or before it, in a meta row just above).

    Portals print today's date in their header, so a date is only trusted next to the headline.
    The strings nearest the headline are read, ``max_text_nodes`` each way (comments and scripts
    count, they are not read).
    """
    if not title:
        return None
    heading = next((h for h in root.iter("h1", "h2", "h3") if normalize_inline(dom.text(h)) == title), None)
    if heading is None:
        return None
    after = dom.strings_from(heading)[:max_text_nodes]
    before = dom.strings(root, until=heading)[::-1][:max_text_nodes]
    for nearby in (after, before):
        for text, parent in nearby:
            if (parent is not None and parent.tag in ("script", "style")) or len(text.strip()) > 60:
                continue
            if DATE_IN_TEXT.search(text):
                found = parse_vietnamese_datetime(text)
                if found:
                    return found
    return None


def byline_author(root) -> str | None:
    """A short author byline (itemprop/class "author"), else the author meta tag (often the site's name)."""
    for element in dom.select(root, '[itemprop="author"], .author, .tac-gia, .tacgia, .byline, [rel="author"]'):
        text = boilerplate.clean_author(dom.text(element))
        if text and 1 <= len(text.split()) <= 8:
            return text
    meta = dom.select_one(root, 'meta[name="author"], meta[property="article:author"]')
    return boilerplate.clean_author(meta.get("content")) if meta is not None else None


_TITLE_SEPARATORS = re.compile(r"\s+[-–—|:»]\s+")


def article_title(root) -> str | None:
    """The headline: the heading that the <title> repeats, else og:title, else the <title> minus the site name.

    The first <h1> is often the site's name (Liferay, many portals), so it is not trusted alone.
    """
    title_element = next(root.iter("title"), None)
    page_title = normalize_inline(dom.text(title_element)) if title_element is not None else ""
    headings = [normalize_inline(dom.text(h)) for h in root.iter("h1", "h2", "h3")]
    headings = [text for text in headings if len(text.split()) >= 4]
    # The longest heading the <title> repeats: the site's name is usually a (shorter) heading too.
    repeated = [text for text in headings if page_title and text in page_title]
    if repeated:
        return max(repeated, key=len)
    og_title = dom.select_one(root, 'meta[property="og:title"]')
    if og_title is not None and normalize_inline(og_title.get("content")):
        return normalize_inline(og_title.get("content"))
    if page_title:
        parts = _TITLE_SEPARATORS.split(page_title)
        return max(parts, key=len) if len(parts) > 1 else page_title
    return page_title_fallback(root)


def article_description(root) -> str | None:
    """The article's own description (og:description first), when it reads as a lead and is on the page."""
    body = next(root.iter("body"), None)
    visible = normalize_inline(dom.text(body)) if body is not None else ""
    for selector in ('meta[property="og:description"]', 'meta[name="description"]', 'meta[itemprop="description"]'):
        element = dom.select_one(root, selector)
        text = boilerplate.clean_lead(element.get("content")) if element is not None else None
        if text and len(text.split()) >= 12 and text[:80] in visible:
            return text
    return None
