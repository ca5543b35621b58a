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
from datetime import date, datetime

from bs4 import BeautifulSoup, NavigableString, Tag

from scrapers import fastdom
from scrapers.adapters import boilerplate
from scrapers.adapters.link_discovery import discover_article_links
from scrapers.adapters.page import ListItem, ParsedArticle, canonical_url, make_soup
from scrapers.dates import parse_vietnamese_datetime, published_from_markup
from scrapers.fastdom import split_selector_list
from scrapers.textnorm import normalize_inline, normalize_text
from warehouse import settings

__all__ = ["ListItem", "ParsedArticle", "SelectorAdapter", "canonical_url", "make_soup", "split_selector_list"]


BLOCK_TAGS = frozenset(
    "p div section article header footer aside li ul ol h1 h2 h3 h4 h5 h6 blockquote table tr td th "
    "figure figcaption dl dt dd pre hr center main nav address".split()
)
NON_TEXT_TAGS = ("script", "style", "noscript", "iframe", "form", "button", "select", "input", "textarea", "svg", "template")


def block_text(element: Tag) -> str:
    """Text of ``element`` with a paragraph break at every block element and a line break at ``<br>``."""
    pieces: list[str] = []

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString or child.__class__.__name__ == "CData":
                    pieces.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "br":
                    pieces.append("\n")
                elif child.name in BLOCK_TAGS:
                    pieces.append("\n\n")
                    walk(child)
                    pieces.append("\n\n")
                else:
                    walk(child)

    walk(element)
    return normalize_text("".join(pieces))


def select_first(scope: Tag, selector: str | None) -> Tag | None:
    """The first match of the *first* selector in the list that matches anything.

    Selector lists in adapters and registry overrides are priorities ("the specific one, else the
    general one"), not a document-order union: ``.byline .author a, .byline`` must prefer the link.
    """
    if not selector:
        return None
    for part in split_selector_list(selector):
        try:
            found = scope.select_one(part)
        except Exception:  # an invalid override selector should not stop the run; the fallback applies
            continue
        if found is not None:
            return found
    return None


def select_all(scope: Tag, selector: str | None) -> list[Tag]:
    if not selector:
        return []
    try:
        return scope.select(selector)
    except Exception:
        return []


def element_text(element) -> str:
    """``get_text(" ", strip=True)`` of a bs4 Tag or an lxml element (``fastdom``)."""
    if isinstance(element, Tag):
        return element.get_text(" ", strip=True)
    return fastdom.inline_text(element)


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
    return parse_vietnamese_datetime(element_text(element), default_year=default_year)


_TITLE_FALLBACKS = (('meta[property="og:title"]', "content"), ("h1", None), ("title", None))


def page_title_fallback(soup) -> str | None:
    """og:title, else the first <h1>, else <title>: of a BeautifulSoup document or an lxml root element."""
    lxml_root = not isinstance(soup, Tag)
    for selector, attribute in _TITLE_FALLBACKS:
        element = fastdom.compile_css(selector).select_one(soup, document=True) if lxml_root else soup.select_one(selector)
        if element is not None:
            text = normalize_inline(element.get(attribute) if attribute else element_text(element))
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
        self._article_selectors = self._compile_article_selectors()

    # Article selector keys and how parse_article uses them: "first" = priority list (select_first),
    # "parts" = every part in turn (article_published), "all" = the whole list at once (select_all).
    _ARTICLE_KEYS = (("article_title", "first"), ("article_author", "first"), ("article_lead", "first"),
                     ("article_body", "first"), ("article_date", "parts"), ("article_remove", "all"),
                     ("article_captions", "all"))
    # parse_article's BeautifulSoup hooks: a subclass overriding one keeps the BeautifulSoup path.
    _SOUP_HOOKS = ("text_without_clutter", "article_published", "body_text")

    def _compile_article_selectors(self) -> dict | None:
        """The article selectors compiled for lxml (``fastdom``), or None when parse_article must use bs4.

        None when a selector uses syntax outside ``fastdom``'s subset (``:has()``, ``:not()``…) or a
        subclass overrides one of the BeautifulSoup hooks.
        """
        if any(getattr(type(self), hook) is not getattr(SelectorAdapter, hook) for hook in self._SOUP_HOOKS):
            return None
        compiled: dict = {}
        for key, use in self._ARTICLE_KEYS:
            selector = self.selectors.get(key)
            if not selector:
                compiled[key] = [] if use != "all" else None
                continue
            if use == "all":
                compiled[key] = fastdom.compile_css(selector)
                if compiled[key] is None:
                    return None
                continue
            parts = [fastdom.compile_css(part) for part in split_selector_list(selector)]
            if any(part is None for part in parts):
                return None
            compiled[key] = parts
        return compiled

    # -- list pages -------------------------------------------------------------------------
    def parse_list(self, html: str, page_url: str) -> list[ListItem]:
        soup = make_soup(html)
        base = soup.find("base", href=True)
        if base is not None and base["href"].strip():
            page_url = canonical_url(base["href"], page_url)  # relative links resolve against <base href>
        items: list[ListItem] = []
        seen: set[str] = set()
        for block in select_all(soup, self.selectors.get("list_item")):
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

    def list_item_from_block(self, block: Tag, page_url: str) -> ListItem | None:
        link = select_first(block, self.selectors.get("list_link")) or (block if block.name == "a" else block.find("a", href=True))
        if link is None or not link.get("href") or link["href"].startswith(("javascript:", "mailto:", "#")):
            return None
        title_element = select_first(block, self.selectors.get("list_title"))
        title = normalize_inline(title_element.get_text(" ", strip=True) if title_element else link.get_text(" ", strip=True))
        title = title or normalize_inline(link.get("title"))
        if not title:
            return None
        date_element = select_first(block, self.selectors.get("list_date"))
        published = element_date(date_element, self.selectors.get("list_date_attr"))
        lead_element = select_first(block, self.selectors.get("list_lead"))
        lead = normalize_inline(lead_element.get_text(" ", strip=True)) if lead_element else None
        return ListItem(canonical_url(link["href"], page_url), title, published.date() if published else None, lead or None)

    def fallback_list(self, html: str, page_url: str) -> list[ListItem]:
        """When the family's selectors find nothing (a redesign), fall back to heuristic link discovery."""

        return discover_article_links(html, page_url)

    def next_page_url(self, html: str, page_url: str, page_number: int) -> str | None:
        """URL of page ``page_number + 1``, where ``html`` is page ``page_number`` (1-based) of a list.

        Only links the page itself shows are followed, so a crawl stops on the last page.
        """
        soup = make_soup(html)
        explicit = select_first(soup, self.selectors.get("next_page")) or soup.select_one('link[rel="next"], a[rel="next"]')
        if explicit is not None and explicit.get("href") and not explicit["href"].startswith(("#", "javascript:")):
            return canonical_url(explicit["href"], page_url)
        wanted = str(page_number + 1)
        containers = select_all(soup, self.selectors.get("pagination")) or [soup]
        for container in containers:
            for anchor in container.find_all("a", href=True):
                if anchor.get_text(strip=True) == wanted and not anchor["href"].startswith(("#", "javascript:")):
                    return canonical_url(anchor["href"], page_url)
        # Pagers without numbers: "Trang sau", "Bài cũ hơn", "»" (the whole link text, so "Xem tiếp" is no match).
        for container in containers:
            for anchor in container.find_all("a", href=True):
                if NEXT_PAGE_TEXT.match(anchor.get_text(" ", strip=True)) and not anchor["href"].startswith(("#", "javascript:")):
                    found = canonical_url(anchor["href"], page_url)
                    if found != canonical_url(page_url):
                        return found
        return None

    # -- article pages ----------------------------------------------------------------------
    def parse_article(self, html: str, url: str) -> ParsedArticle:
        """Title, date, author, lead and body text of an article page.

        The page is parsed once with lxml and the selectors run as compiled XPath (``fastdom``),
        with the same results as the BeautifulSoup path (``parse_article_soup``, pinned by
        tests/parsing/test_fastdom.py), which stays for selectors outside ``fastdom``'s subset.
        """
        compiled = self._article_selectors
        if compiled is None:
            return self.parse_article_soup(html, url)
        root = fastdom.parse_html(html)

        def first(scope, key: str, document: bool = False):
            for part in compiled[key]:
                found = part.select_one(scope, document)
                if found is not None:
                    return found
            return None

        title_element = first(root, "article_title", True)
        title = normalize_inline(fastdom.inline_text(title_element)) if title_element is not None else None
        title = title or page_title_fallback(root)
        published = None
        date_attribute = self.selectors.get("article_date_attr")
        for part in compiled["article_date"]:
            for element in part.select(root, True):
                published = element_date(element, date_attribute)
                if published:
                    break
            if published:
                break
        published = published or published_from_markup(root)
        author_element = first(root, "article_author", True)
        author = boilerplate.clean_author(fastdom.inline_text(author_element)) if author_element is not None else None
        lead_element = first(root, "article_lead", True)
        lead = None
        if lead_element is not None:
            self._remove_lxml(lead_element, ("article_captions", "article_remove"))
            lead = boilerplate.clean_lead(fastdom.inline_text(lead_element))
        body_element = first(root, "article_body", True)
        if body_element is None:
            body_text, dropped = self.fallback_body(html)
        else:
            element_empty = not "".join(body_element.itertext()).strip()
            body_text, dropped = self._body_text_lxml(body_element)
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

    def _remove_lxml(self, element, keys) -> None:
        """``text_without_clutter``'s removals on an lxml element (selected in turn, like the bs4 path)."""
        for key in keys:
            selector = self._article_selectors[key]
            if selector is not None:
                for tag in selector.select(element):
                    fastdom.decompose(tag)

    def _body_text_lxml(self, body) -> tuple[str, int]:
        """``body_text`` on an lxml element: the same removals in the same order, the same text."""
        for tag in fastdom.descendants(body, *NON_TEXT_TAGS):
            fastdom.decompose(tag)
        self._remove_lxml(body, ("article_remove",))
        selector = self._article_selectors["article_captions"]
        captions = selector.select(body) if selector is not None else []
        images = fastdom.descendants(body, "img")
        dropped = len(images) or len(captions)
        for tag in captions + images:
            fastdom.decompose(tag)
        text = normalize_text("".join(fastdom.block_text_pieces(body, BLOCK_TAGS)))
        return boilerplate.clean_body(text), dropped

    def parse_article_soup(self, html: str, url: str) -> ParsedArticle:
        """``parse_article`` on a BeautifulSoup tree with soupsieve selectors (the reference path)."""
        soup = make_soup(html)
        title_element = select_first(soup, self.selectors.get("article_title"))
        title = normalize_inline(title_element.get_text(" ", strip=True)) if title_element else None
        title = title or page_title_fallback(soup)
        published = self.article_published(soup)
        author_element = select_first(soup, self.selectors.get("article_author"))
        author = boilerplate.clean_author(author_element.get_text(" ", strip=True)) if author_element else None
        lead_element = select_first(soup, self.selectors.get("article_lead"))
        lead = boilerplate.clean_lead(self.text_without_clutter(lead_element)) if lead_element else None
        body_element = select_first(soup, self.selectors.get("article_body"))
        if body_element is None:
            body_text, dropped = self.fallback_body(html)
        else:
            element_empty = not body_element.get_text(strip=True)
            body_text, dropped = self.body_text(body_element)
            body_text = self._cross_checked_body(body_text, html, element_empty)
        body_text = with_lead(lead, body_text)
        return ParsedArticle(title or None, published, author or None, lead or None, body_text, dropped)

    def text_without_clutter(self, element: Tag) -> str:
        """Inline text of ``element`` without its captions, images and removable parts (a lead's image box).

        Mutates ``element``: parse_article owns its soup, and re-parsing a copy would double the cost.
        """
        for key in ("article_captions", "article_remove"):
            for tag in select_all(element, self.selectors.get(key)):
                if not tag.decomposed:
                    tag.decompose()
        return element.get_text(" ", strip=True)

    def article_published(self, soup: BeautifulSoup) -> datetime | None:
        """The first parseable date of the most specific date selector, else machine-readable markup."""
        for part in split_selector_list(self.selectors.get("article_date") or ""):
            for element in select_all(soup, part):
                found = element_date(element, self.selectors.get("article_date_attr"))
                if found:
                    return found
        return published_from_markup(soup)

    def body_text(self, body: Tag) -> tuple[str, int]:
        """Body text and the number of images dropped. Mutates ``body`` (parse_article's own soup)."""
        for tag in body.find_all(NON_TEXT_TAGS):
            tag.decompose()
        # Group selectors ("a, b") are allowed; removing a parent first makes its children decomposed.
        for tag in select_all(body, self.selectors.get("article_remove")):
            if not tag.decomposed:
                tag.decompose()
        captions = [tag for tag in select_all(body, self.selectors.get("article_captions")) if not tag.decomposed]
        images = body.find_all("img")
        dropped = len(images) or len(captions)
        for tag in captions + images:
            if not tag.decomposed:
                tag.decompose()
        return boilerplate.clean_body(block_text(body)), dropped

    def fallback_body(self, html: str) -> tuple[str, int]:

        return boilerplate.clean_body(boilerplate.extract_main_text(html)), 0
