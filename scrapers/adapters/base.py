"""The adapter protocol's data types and the selector-driven adapter every CMS family builds on.

A CMS family is a set of CSS selectors (``DEFAULT_SELECTORS`` in its module) plus, where the family
needs it, a small override of one method. Per-source overrides from the registry are merged on top
of the family's selectors, so a source on a known CMS family needs no Python change.

Selector keys (each a CSS selector string; ``*_attr`` keys name an attribute):
  list_item, list_link, list_title, list_date, list_date_attr, list_lead, next_page, pagination,
  article_title, article_date, article_date_attr, article_author, article_lead, article_body,
  article_remove, article_captions
"""

from __future__ import annotations

import re
from datetime import datetime

from scrapers import dom
from scrapers.adapters import boilerplate
from scrapers.adapters.link_discovery import discover_article_links
from scrapers.adapters.page import ListItem, ParsedArticle, canonical_url
from scrapers.dates import parse_vietnamese_datetime, published_from_markup
from scrapers.textnorm import normalize_inline, normalize_text
from warehouse import settings

__all__ = ["ListItem", "ParsedArticle", "SelectorAdapter", "canonical_url"]


NON_TEXT_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "svg",
    "template",
)


def block_text(element) -> str:
    """Text of ``element`` with a paragraph break at every block element and a line break at ``<br>``."""
    return normalize_text(dom.block_text(element))


def _compiled_parts(selector: str | None) -> tuple[dom.CssSelector, ...]:
    """The members of a selector list, each compiled; none when the list is not valid CSS."""
    if not selector:
        return ()
    try:
        return dom.compile_css(selector).parts
    except dom.InvalidSelector:  # a broken registry override must not stop the run: the fallbacks apply
        return ()


def select_first(scope, selector: str | None):
    """The first match of the *first* selector in the list that matches anything.

    Selector lists in adapters and registry overrides are priorities ("the specific one, else the
    general one"), not a document-order union: ``.byline .author a, .byline`` must prefer the link.
    """
    for part in _compiled_parts(selector):
        found = part.select_one(scope)
        if found is not None:
            return found
    return None


def select_all(scope, selector: str | None) -> list:
    """Every match of the selector list, in document order; none for an invalid selector."""
    if not selector:
        return []
    try:
        return dom.select(scope, selector)
    except dom.InvalidSelector:
        return []


def element_date(element, attribute: str | None = None, default_year: int | None = None) -> datetime | None:
    if element is None:
        return None
    if attribute and element.get(attribute):
        found = parse_vietnamese_datetime(element.get(attribute), default_year=default_year)
        if found:
            return found
    for attr in ("datetime", "content", "title"):
        if element.get(attr):
            found = parse_vietnamese_datetime(element.get(attr))
            if found:
                return found
    return parse_vietnamese_datetime(dom.text(element), default_year=default_year)


_TITLE_FALLBACKS = (('meta[property="og:title"]', "content"), ("h1", None), ("title", None))


def page_title_fallback(root) -> str | None:
    """og:title, else the first <h1>, else <title> of the page (``root``: its root element)."""
    for selector, attribute in _TITLE_FALLBACKS:
        element = dom.select_one(root, selector)
        if element is not None:
            text = normalize_inline(element.get(attribute) if attribute else dom.text(element))
            if text:
                return text
    return None


_SOURCE_PREFIX = re.compile(r"^\(?[A-Za-zĐđ][\w.]{1,20}\)?\s*[-–]\s*")


def with_lead(lead: str | None, body_text: str) -> str:
    """Body text that starts with the lead, since leads often carry facts the extractor needs.

    Many sites print the lead (sapo) outside the body container; some also repeat it as the first
    paragraph. The lead is prepended only when the body does not already start with it (ignoring a
    source prefix such as "(Mic.gov.vn) - " or "DIC-").
    """
    if not lead:
        return body_text
    core = _SOURCE_PREFIX.sub("", lead).strip()
    if not core or core[:60] in body_text[: len(core) + 200]:
        return body_text
    return f"{lead}\n\n{body_text}" if body_text else lead


NEXT_PAGE_TEXT = re.compile(
    r"^\s*(trang sau|trang tiếp|tiếp theo|tiếp|sau|next|next page|older posts|bài cũ hơn|cũ hơn|tin cũ hơn|›|»|>>|>)"
    r"\s*[›»>]*\s*$",
    re.IGNORECASE,
)


class SelectorAdapter:
    """An adapter driven entirely by CSS selectors; CMS family modules subclass it with their defaults."""

    cms = "selector"
    DEFAULT_SELECTORS: dict[str, str] = {}

    def __init__(self, selectors: dict | None = None):
        merged = dict(self.DEFAULT_SELECTORS)
        merged.update({key: value for key, value in (selectors or {}).items() if value is not None})
        self.selectors = merged

    # -- list pages -------------------------------------------------------------------------
    def parse_list(self, html: str, page_url: str) -> list[ListItem]:
        root = dom.parse_html(html)
        base = next((element for element in root.iter("base") if element.get("href") is not None), None)
        if base is not None and base.get("href").strip():
            page_url = canonical_url(base.get("href"), page_url)  # relative links resolve against <base href>
        items: list[ListItem] = []
        seen: set[str] = set()
        for block in select_all(root, self.selectors.get("list_item")):
            item = self.list_item_from_block(block, page_url)
            if item and item.url not in seen:
                seen.add(item.url)
                items.append(item)
        # Safety net for redesigns and inferred markup: when the family's selectors find nothing, or
        # far fewer items than the heuristic finder, the page is not the markup they were written for.
        if len(items) < 3:
            heuristic = self.fallback_list(html, page_url)
            if not items or len(heuristic) >= max(3, 2 * len(items) + 1):
                return heuristic
        return items

    def list_item_from_block(self, block, page_url: str) -> ListItem | None:
        link = select_first(block, self.selectors.get("list_link"))
        if link is None:
            link = (
                block
                if block.tag == "a"
                else next((anchor for anchor in block.iterdescendants("a") if anchor.get("href") is not None), None)
            )
        if link is None or not link.get("href") or link.get("href").startswith(("javascript:", "mailto:", "#")):
            return None
        title_element = select_first(block, self.selectors.get("list_title"))
        title = normalize_inline(dom.text(title_element if title_element is not None else link))
        title = title or normalize_inline(link.get("title"))
        if not title:
            return None
        date_element = select_first(block, self.selectors.get("list_date"))
        published = element_date(date_element, self.selectors.get("list_date_attr"))
        lead_element = select_first(block, self.selectors.get("list_lead"))
        lead = normalize_inline(dom.text(lead_element)) if lead_element is not None else None
        return ListItem(
            canonical_url(link.get("href"), page_url), title, published.date() if published else None, lead or None
        )

    def fallback_list(self, html: str, page_url: str) -> list[ListItem]:
        """When the family's selectors find nothing (a redesign), fall back to heuristic link discovery."""

        return discover_article_links(html, page_url)

    def next_page_url(self, html: str, page_url: str, page_number: int) -> str | None:
        """URL of page ``page_number + 1``, where ``html`` is page ``page_number`` (1-based) of a list.

        Only links the page itself shows are followed, so a crawl stops on the last page.
        """
        root = dom.parse_html(html)
        explicit = select_first(root, self.selectors.get("next_page"))
        if explicit is None:
            explicit = dom.select_one(root, 'link[rel="next"], a[rel="next"]')
        if explicit is not None and explicit.get("href") and not explicit.get("href").startswith(("#", "javascript:")):
            return canonical_url(explicit.get("href"), page_url)
        wanted = str(page_number + 1)
        containers = select_all(root, self.selectors.get("pagination")) or [root]
        anchors = [
            anchor
            for container in containers
            for anchor in container.iterdescendants("a")
            if anchor.get("href") is not None
        ]
        for anchor in anchors:
            if dom.text(anchor, "") == wanted and not anchor.get("href").startswith(("#", "javascript:")):
                return canonical_url(anchor.get("href"), page_url)
        # Pagers without numbers: "Trang sau", "Bài cũ hơn", "»" (the whole link text, so "Xem tiếp" is no match).
        for anchor in anchors:
            if NEXT_PAGE_TEXT.match(dom.text(anchor)) and not anchor.get("href").startswith(("#", "javascript:")):
                found = canonical_url(anchor.get("href"), page_url)
                if found != canonical_url(page_url):
                    return found
        return None

    # -- article pages ----------------------------------------------------------------------
    def parse_article(self, html: str, url: str) -> ParsedArticle:
        """Title, date, author, lead and body text of an article page."""
        root = dom.parse_html(html)
        title_element = select_first(root, self.selectors.get("article_title"))
        title = normalize_inline(dom.text(title_element)) if title_element is not None else None
        title = title or page_title_fallback(root)
        published = self.article_published(root)
        author_element = select_first(root, self.selectors.get("article_author"))
        author = boilerplate.clean_author(dom.text(author_element)) if author_element is not None else None
        lead_element = select_first(root, self.selectors.get("article_lead"))
        lead = boilerplate.clean_lead(self.text_without_clutter(lead_element)) if lead_element is not None else None
        body_element = select_first(root, self.selectors.get("article_body"))
        if body_element is None:
            body_text, dropped = self.fallback_body(html)
        else:
            element_empty = not "".join(body_element.itertext()).strip()
            body_text, dropped = self.body_text(body_element)
            body_text = self._cross_checked_body(body_text, html, element_empty)
        body_text = with_lead(lead, body_text)
        return ParsedArticle(title or None, published, author or None, lead or None, body_text, dropped)

    def _cross_checked_body(self, body_text: str, html: str, element_empty: bool = False) -> str:
        """The selector's body, or the main-text extractor's when the selector hit a small element.

        A redesign or a teaser box gives a short body: the main-text extractor decides when it finds
        clearly more. Never for an empty body element (the article is empty: the content checks
        say so; filling it would publish the menu and sidebar as text) and never a text made of the
        page's links and menus (``scrapers.content_checks.navigation_share``)."""
        if element_empty or len(body_text) >= settings.SHORT_BODY_CHARS:
            return body_text
        extracted, _ = self.fallback_body(html)
        if len(extracted) >= 2 * settings.SHORT_BODY_CHARS and len(extracted) > 3 * max(len(body_text), 1):
            from scrapers.content_checks import navigation_share

            if navigation_share(extracted, html) < settings.MAX_NAVIGATION_SHARE:
                return extracted
        return body_text

    def _remove(self, element, key: str) -> None:
        """Remove what selector ``key`` matches inside ``element``."""
        for tag in select_all(element, self.selectors.get(key)):
            dom.decompose(tag)

    def text_without_clutter(self, element) -> str:
        """Inline text of ``element`` without its captions, images and removable parts (a lead's image box).

        Mutates ``element``: parse_article owns its tree, and re-parsing a copy would double the cost.
        """
        self._remove(element, "article_captions")
        self._remove(element, "article_remove")
        return dom.text(element)

    def article_published(self, root) -> datetime | None:
        """The first parseable date of the most specific date selector, else machine-readable markup."""
        date_attribute = self.selectors.get("article_date_attr")
        for part in _compiled_parts(self.selectors.get("article_date")):
            for element in part.select(root):
                found = element_date(element, date_attribute)
                if found:
                    return found
        return published_from_markup(root)

    def body_text(self, body) -> tuple[str, int]:
        """Body text and the number of images dropped. Mutates ``body`` (parse_article's own tree)."""
        for tag in dom.descendants(body, *NON_TEXT_TAGS):
            dom.decompose(tag)
        self._remove(body, "article_remove")
        captions = select_all(body, self.selectors.get("article_captions"))
        images = dom.descendants(body, "img")
        dropped = len(images) or len(captions)
        for tag in captions + images:
            dom.decompose(tag)
        return boilerplate.clean_body(block_text(body)), dropped

    def fallback_body(self, html: str) -> tuple[str, int]:
        return boilerplate.clean_body(boilerplate.extract_main_text(html)), 0
