"""The scrapers' one page model: lxml trees, CSS selectors translated by cssselect, text as a reader sees it.

Why lxml: libxml2 builds the tree and evaluates XPath in C. A BeautifulSoup tree (built by the very
same libxml2 parser) with soupsieve matching cost 2.4 times as much per article page and 3.6 times
as much per list page on the offline mirror.

Selectors (``select``, ``select_one``, ``compile_css``) are CSS as browsers' ``querySelectorAll``
reads it: the matches are descendants of the scope, in document order, and a combinator's left
side may lie above the scope (``.news_column h1`` from inside ``.news_column``). The root element
stands for the whole page and can match itself. cssselect does the parsing and the translation to
XPath; two rules are added on top of its ``HTMLTranslator``, both the HTML standard's:

- combinators become conditions on the matched element (``p[ancestor::div]``) rather than a path
  walked down from the scope (``div/descendant::p``), which is what gives the scoping above;
- the values of the attributes HTML declares case-insensitive (``align``, ``type``, ``rel``…) match
  whatever their case (``p[align="right"]`` matches ``align="RIGHT"``).

cssselect marks its translator hooks as open to change in minor versions, hence the exact pin and
tests/parsing/test_dom.py, which pins the semantics above.

Text (``text``, ``block_text``) is what a reader sees: no comments, nothing from ``script``/``style``/
``template``/``rt``/``rp``; ``strings`` gives every string, comments and scripts included, for
searches that look for a pattern anywhere. ``decompose`` removes an element and keeps the text on
either side of it as separate strings, so removing an ad box never glues two words together.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from cssselect import HTMLTranslator, SelectorError, parse
from lxml import etree

# Strings nested in these are not the page's text.
NON_TEXT_CONTAINERS = frozenset(("rt", "rp", "style", "script", "template"))
# Elements a reader sees as blocks: ``block_text`` puts a paragraph break around each.
BLOCK_TAGS = frozenset(
    "p div section article header footer aside li ul ol h1 h2 h3 h4 h5 h6 blockquote table tr td th "
    "figure figcaption dl dt dd pre hr center main nav address".split()
)
# The HTML standard's attributes whose values selectors match case-insensitively
# (https://html.spec.whatwg.org/multipage/semantics-other.html#case-sensitivity-of-selectors).
CASE_INSENSITIVE_ATTRIBUTES = frozenset(
    "accept accept-charset align alink axis bgcolor charset checked clear codetype color compact declare defer dir "
    "direction disabled enctype face frame hreflang http-equiv lang language link media method multiple nohref "
    "noresize noshade nowrap readonly rel rev rules scope scrolling selected shape target text type valign "
    "valuetype vlink".split()
)

_Comment = etree.Comment


class InvalidSelector(ValueError):
    """A CSS selector cssselect cannot parse or translate (the message says which and why)."""


def parse_html(html: str):
    """Root element of ``html`` as libxml2's HTML parser builds it (recovering from broken markup)."""
    parser = etree.HTMLParser(recover=True)
    parser.feed(html if html else " ")
    root = parser.close()
    if root is None:  # pragma: no cover - recover=True always yields a document for non-empty input
        raise ValueError("empty document")
    return root


# -- selectors --------------------------------------------------------------------------------


class _HtmlTranslator(HTMLTranslator):
    """cssselect's HTML translator with the HTML standard's case-insensitive attribute values."""

    def xpath_attrib(self, selector):
        if selector.flag is None and selector.attrib.lower() in CASE_INSENSITIVE_ATTRIBUTES:
            selector.flag = "i"  # cssselect's own case-insensitive match ([attr=value i])
        return super().xpath_attrib(selector)


class _MatchingTranslator(_HtmlTranslator):
    """Combinators as conditions on the matched element, so that ancestors may lie above the scope.

    ``:has()`` keeps cssselect's own translation: its argument is relative to the element it tests.
    """

    _relative = _HtmlTranslator()

    def xpath_descendant_combinator(self, left, right):
        return right.add_condition(f"ancestor::{left}")

    def xpath_child_combinator(self, left, right):
        return right.add_condition(f"parent::{left}")

    def xpath_indirect_adjacent_combinator(self, left, right):
        return right.add_condition(f"preceding-sibling::{left}")

    def xpath_direct_adjacent_combinator(self, left, right):
        left.add_name_test()  # "p[c]" -> "*[self::p and c]": a condition on the one previous sibling
        previous = f"preceding-sibling::*[1][{left.condition}]" if left.condition else "preceding-sibling::*[1]"
        return right.add_condition(previous)

    def xpath_relation(self, relation):
        return self._relative.xpath_relation(relation)


_TRANSLATOR = _MatchingTranslator()


class CssSelector:
    """A CSS selector, or a comma list of them, compiled once; ``parts`` are the list's members in order."""

    __slots__ = ("css", "parts", "_in_page", "_in_element")

    def __init__(self, css: str, expressions: list[str], parts: tuple[CssSelector, ...] = ()):
        self.css = css
        self.parts = parts or (self,)
        self._in_page = etree.XPath(" | ".join(f"descendant-or-self::{expression}" for expression in expressions))
        self._in_element = etree.XPath(" | ".join(f"descendant::{expression}" for expression in expressions))

    def select(self, scope) -> list:
        """Matches among ``scope``'s descendants (the root element: the whole page), in document order."""
        return (self._in_element if scope.getparent() is not None else self._in_page)(scope)

    def select_one(self, scope):
        found = self.select(scope)
        return found[0] if found else None


@lru_cache(maxsize=2048)
def compile_css(css: str) -> CssSelector:
    """``css`` (a selector or a comma list) compiled to XPath; raises ``InvalidSelector``."""
    try:
        selectors = parse(css)
        expressions = []
        for selector in selectors:
            if selector.pseudo_element:
                raise InvalidSelector(f"{css!r}: pseudo-elements (::{selector.pseudo_element}) select no element")
            expressions.append(_TRANSLATOR.selector_to_xpath(selector, prefix=""))
    except SelectorError as exc:
        raise InvalidSelector(f"{css!r}: {exc}") from exc
    if not expressions:
        raise InvalidSelector(f"{css!r}: no selector")
    parts = tuple(CssSelector(css, [expression]) for expression in expressions) if len(expressions) > 1 else ()
    return CssSelector(css, expressions, parts)


def select(scope, css: str) -> list:
    """Elements under ``scope`` matching ``css``, in document order (see the module docstring)."""
    return compile_css(css).select(scope)


def select_one(scope, css: str):
    """The first element under ``scope`` matching ``css``, or None."""
    return compile_css(css).select_one(scope)


def descendants(element, *tags) -> list:
    """The descendant elements named ``tags``, in document order."""
    return list(element.iterdescendants(*tags))


def ancestors(element) -> Iterator:
    """The elements around ``element``, nearest first, up to the root element."""
    return element.iterancestors()


def next_siblings(element) -> Iterator:
    """The elements after ``element`` under the same parent (comments skipped)."""
    return (node for node in element.itersiblings() if isinstance(node.tag, str))


def class_names(element) -> list[str]:
    """The element's class names (``class`` split at whitespace)."""
    return (element.get("class") or "").split()


# -- text ------------------------------------------------------------------------------------


def text(element, separator: str = " ") -> str:
    """The text a reader sees in ``element``: its strings stripped, empty ones dropped, joined by ``separator``."""
    pieces: list[str] = []
    tag = element.tag
    context = tag if isinstance(tag, str) and tag in NON_TEXT_CONTAINERS else None
    _inline(element, context, context, pieces)
    return separator.join(pieces)


def _inline(element, wanted, context, pieces) -> None:
    if context == wanted:
        own = element.text
        if own:
            own = own.strip()
            if own:
                pieces.append(own)
    for child in element:
        tag = child.tag
        if tag.__class__ is str:  # comments and processing instructions hold no text, only their tails
            _inline(child, wanted, tag if tag in NON_TEXT_CONTAINERS else context, pieces)
        if context == wanted:
            tail = child.tail
            if tail:
                tail = tail.strip()
                if tail:
                    pieces.append(tail)


def block_text(element) -> str:
    """``element``'s text as written: "\\n" at ``<br>``, "\\n\\n" around each block element (not normalised)."""
    pieces: list[str] = []
    tag = element.tag
    context = tag if isinstance(tag, str) and tag in NON_TEXT_CONTAINERS else None
    _block(element, context, pieces)
    return "".join(pieces)


def _block(element, context, pieces) -> None:
    if context is None and element.text:
        pieces.append(element.text)
    for child in element:
        tag = child.tag
        if tag.__class__ is str:
            child_context = tag if tag in NON_TEXT_CONTAINERS else context
            if tag == "br":
                pieces.append("\n")
            elif tag in BLOCK_TAGS:
                pieces.append("\n\n")
                _block(child, child_context, pieces)
                pieces.append("\n\n")
            else:
                _block(child, child_context, pieces)
        if context is None and child.tail:
            pieces.append(child.tail)


def own_strings(element) -> list[str]:
    """The text strings directly inside ``element`` (not inside its child elements), in order."""
    if element.tag in NON_TEXT_CONTAINERS:
        return []
    found = [element.text] if element.text else []
    return found + [child.tail for child in element if child.tail]


def strings(element, *, until=None) -> list[tuple[str, object]]:
    """Every string in ``element``'s subtree as ``(string, parent element)``, in document order.

    All strings, comments and script included: for searches that look for a pattern anywhere. With
    ``until``, only the strings that come before that element's start tag.
    """
    found: list[tuple[str, object]] = []
    # The page root's top-level neighbours (comments before and after <html>) belong to the page.
    page = element.getparent() is None
    nodes = (
        ([*reversed(list(element.itersiblings(preceding=True)))] if page else [])
        + [element]
        + (list(element.itersiblings()) if page else [])
    )
    try:
        for node in nodes:
            _strings(node, found, until)
    except _Reached:
        pass
    return found


class _Reached(Exception):
    pass


def _strings(element, found, until) -> None:
    if element is until:
        raise _Reached
    if element.tag.__class__ is str:
        if element.text:
            found.append((element.text, element))
    else:  # a comment or processing instruction: its content is one string of its parent
        found.append((element.text or "", element.getparent()))
    for child in element:
        _strings(child, found, until)
        if child.tail:
            found.append((child.tail, element))


def strings_from(element) -> list[tuple[str, object]]:
    """The strings from ``element``'s start tag to the end of the page, as ``strings`` gives them."""
    found: list[tuple[str, object]] = []
    node = element
    _strings(node, found, None)
    while node is not None:
        tail_parent = node.getparent()
        if node.tail and tail_parent is not None:
            found.append((node.tail, tail_parent))
        for sibling in node.itersiblings():
            _strings(sibling, found, None)
            if sibling.tail:
                found.append((sibling.tail, tail_parent))
        node = tail_parent
    return found


def decompose(element) -> None:
    """Remove ``element`` from its tree; the text after it stays a string of its own."""
    parent = element.getparent()
    if parent is None:
        return
    placeholder = _Comment("")  # a comment is neither text nor an element to ``text`` and selectors
    placeholder.tail = element.tail
    element.tail = None
    parent.replace(element, placeholder)
