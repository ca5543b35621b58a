"""lxml-based page model for the hot article path: one parse, CSS selectors compiled once to XPath.

BeautifulSoup tree building plus soupsieve matching cost ~5 ms per article page; libxml2 builds the
same tree (BeautifulSoup's "lxml" builder drives the very same parser) in a fraction of that and
evaluates compiled XPath in C. This module reproduces, on an ``lxml.etree`` tree, exactly the
BeautifulSoup/soupsieve behaviour ``SelectorAdapter`` relies on:

- ``parse_html``: the tree bs4's lxml builder sees (``etree.HTMLParser(recover=True)`` fed the
  decoded text).
- ``compile_css``: a CSS selector (one part or a comma list) as XPath with soupsieve's semantics:
  matches are descendants of the scope (the document's root element included for a whole page),
  combinators may look above the scope, results in document order. Only the selector subset the
  adapters and docbao's selector sets use is translated (type, ``*``, ``.class``, ``#id``,
  ``[attr]``, ``[attr=|^=|$=|*=|~=|'|='v]``, ``:not(compound, ...)``, ``:has([>] compound)``,
  descendant/``>``/``+``/``~``); anything else returns ``None`` and the caller keeps the
  BeautifulSoup path.
- ``inline_text``: ``Tag.get_text(" ", strip=True)`` (no comments, no script/style/template/rt/rp
  strings).
- ``block_text_pieces``: the pieces ``base.block_text`` joins.
- ``decompose``: ``Tag.decompose()`` without merging the text around the removed element (bs4
  keeps those strings separate; ``get_text(" ", strip=True)`` joins them with a space).
"""
from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

# bs4's HTMLTreeBuilder.DEFAULT_STRING_CONTAINERS: strings nested in these are not "main content".
STRING_CONTAINERS = frozenset(("rt", "rp", "style", "script", "template"))
# Attributes bs4 splits into lists (soupsieve matches their values space-joined): not translated.
_LIST_ATTRIBUTES = frozenset(("class", "accesskey", "dropzone", "rel", "rev", "headers", "accept-charset",
                              "archive", "sizes", "sandbox", "for"))
_UPPER, _LOWER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"

try:  # soupsieve matches these attributes' values case-insensitively in HTML documents
    from soupsieve.css_parser import HTML_CASE_INSENSITIVE_ATTRIBUTES as _CASE_INSENSITIVE
except ImportError:  # pragma: no cover - soupsieve ships with bs4
    _CASE_INSENSITIVE = frozenset(("align", "type", "lang", "dir", "charset", "valign", "method"))

_Comment = etree.Comment


def parse_html(html: str):
    """Root element of ``html`` as libxml2's HTML parser builds it (the tree bs4's lxml builder gets)."""
    parser = etree.HTMLParser(recover=True)
    parser.feed(html if html else " ")
    root = parser.close()
    if root is None:  # pragma: no cover - recover=True always yields a document for non-empty input
        raise ValueError("empty document")
    return root


# -- text -------------------------------------------------------------------------------------

def inline_text(element) -> str:
    """``Tag.get_text(" ", strip=True)`` of ``element``."""
    pieces: list[str] = []
    tag = element.tag
    context = tag if isinstance(tag, str) and tag in STRING_CONTAINERS else None
    _inline(element, context, context, pieces)
    return " ".join(pieces)


def _inline(element, wanted, context, pieces) -> None:
    if context == wanted:
        text = element.text
        if text:
            text = text.strip()
            if text:
                pieces.append(text)
    for child in element:
        tag = child.tag
        if tag.__class__ is str:
            _inline(child, wanted, tag if tag in STRING_CONTAINERS else context, pieces)
        if context == wanted:
            tail = child.tail
            if tail:
                tail = tail.strip()
                if tail:
                    pieces.append(tail)


def block_text_pieces(element, block_tags) -> list[str]:
    """The raw pieces of ``base.block_text``: text, "\\n" at ``<br>``, "\\n\\n" around block elements."""
    pieces: list[str] = []
    tag = element.tag
    context = tag if isinstance(tag, str) and tag in STRING_CONTAINERS else None
    _block(element, context, pieces, block_tags)
    return pieces


def _block(element, context, pieces, block_tags) -> None:
    if context is None and element.text:
        pieces.append(element.text)
    for child in element:
        tag = child.tag
        if tag.__class__ is str:
            child_context = tag if tag in STRING_CONTAINERS else context
            if tag == "br":
                pieces.append("\n")
            elif tag in block_tags:
                pieces.append("\n\n")
                _block(child, child_context, pieces, block_tags)
                pieces.append("\n\n")
            else:
                _block(child, child_context, pieces, block_tags)
        if context is None and child.tail:
            pieces.append(child.tail)


def decompose(element) -> None:
    """Remove ``element`` from its tree, keeping the text after it as a separate string (as bs4 does)."""
    parent = element.getparent()
    if parent is None:
        return
    placeholder = _Comment("")  # comments are neither text nor elements to get_text and selectors
    placeholder.tail = element.tail
    element.tail = None
    parent.replace(element, placeholder)


def descendants(element, *tags):
    """``Tag.find_all(tags)``: the descendants named ``tags`` in document order (``element`` excluded)."""
    return list(element.iterdescendants(*tags))


def is_element(node) -> bool:
    return isinstance(node, etree._Element)


# -- CSS -> XPath -----------------------------------------------------------------------------

_IDENT = r"-?(?:[A-Za-z_]|[^\x00-\x7f])(?:[\w-]|[^\x00-\x7f])*"
_TOKEN = re.compile(
    rf"""(?P<comb>\s*[>+~]\s*)
       |(?P<ws>\s+)
       |(?P<type>{_IDENT}|\*)
       |\.(?P<cls>{_IDENT})
       |\#(?P<id>{_IDENT})
       |:(?P<pseudo>not|has)\((?P<argument>[^()\\]*)\)
       |\[\s*(?P<attr>{_IDENT})\s*(?:(?P<op>[\^$*~|]?=)\s*(?:(?P<ident>{_IDENT})|"(?P<dq>[^"\\]*)"|'(?P<sq>[^'\\]*)'))?\s*\]
    """,
    re.VERBOSE,
)


class CompiledSelector:
    """A CSS selector list compiled to XPath, evaluated from a document root or from an element."""

    __slots__ = ("selector", "_in_document", "_in_element")

    def __init__(self, selector: str, predicate_path: str):
        self.selector = selector
        self._in_document = etree.XPath("descendant-or-self::" + predicate_path)
        self._in_element = etree.XPath("descendant::" + predicate_path)

    def select(self, scope, document: bool = False) -> list:
        return (self._in_document if document else self._in_element)(scope)

    def select_one(self, scope, document: bool = False):
        found = (self._in_document if document else self._in_element)(scope)
        return found[0] if found else None


def _literal(value: str) -> str | None:
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    return None


def _compound_predicates(compound: dict) -> list[str] | None:
    predicates = []
    for class_name in compound["classes"]:
        predicates.append(f"contains(concat(' ', normalize-space(@class), ' '), ' {class_name} ')")
    for element_id in compound["ids"]:
        literal = _literal(element_id)
        if literal is None:
            return None
        predicates.append(f"@id={literal}")
    for name, op, value in compound["attributes"]:
        if op is None:
            predicates.append(f"@{name}")
            continue
        if name in _LIST_ATTRIBUTES:
            return None
        attribute = f"@{name}"
        if name in _CASE_INSENSITIVE:
            attribute = f"translate(@{name}, '{_UPPER}', '{_LOWER}')"
            value = value.translate(str.maketrans(_UPPER, _LOWER))
        literal = _literal(value)
        if literal is None:
            return None
        if op == "=":
            predicates.append(f"{attribute}={literal}")
        elif not value and op in ("^=", "$=", "*="):
            predicates.append("false()")
        elif op == "^=":
            predicates.append(f"starts-with({attribute}, {literal})")
        elif op == "*=":
            predicates.append(f"contains({attribute}, {literal})")
        elif op == "$=":
            predicates.append(f"@{name} and substring({attribute}, string-length({attribute}) - {len(value) - 1})={literal}")
        elif op == "~=":
            if not value or any(char.isspace() for char in value):
                predicates.append("false()")
            else:
                predicates.append(f"contains(concat(' ', normalize-space({attribute}), ' '), ' {value} ')")
        elif op == "|=":
            dash = _literal(value + "-")
            predicates.append(f"({attribute}={literal} or starts-with({attribute}, {dash}))")
        else:  # pragma: no cover - the token pattern allows no other operator
            return None
    predicates.extend(compound["pseudo"])
    return predicates


def _single_compound(selector: str) -> str | None:
    """``name[predicates]`` of a selector that is one compound (no combinator), else None."""
    parts = _parse_complex(selector)
    if not parts or len(parts) != 1:
        return None
    predicates = _compound_predicates(parts[0][1])
    if predicates is None:
        return None
    return (parts[0][1]["type"] or "*") + "".join(f"[{p}]" for p in predicates)


def _pseudo_predicate(name: str, argument: str) -> str | None:
    """``:not(compound, ...)`` and ``:has(compound)`` / ``:has(> compound)``; anything richer is unsupported."""

    argument = argument.strip()
    if not argument or _EMPTY_PART.search(argument):
        return None
    if name == "not":
        alternatives = [_single_compound(part) for part in split_selector_list(argument)]
        if not alternatives or any(alternative is None for alternative in alternatives):
            return None
        return "not(" + " or ".join(f"self::{alternative}" for alternative in alternatives) + ")"
    axis = "descendant"
    if argument.startswith(">"):
        axis, argument = "child", argument[1:].strip()
    if "," in argument:
        return None
    path = _single_compound(argument)
    return f"{axis}::{path}" if path else None


def _parse_complex(selector: str) -> list[tuple[str | None, dict]] | None:
    """``[(combinator before, compound), ...]`` for one complex selector, or None when unsupported."""
    selector = selector.strip()
    parts: list[tuple[str | None, dict]] = []
    compound: dict | None = None
    combinator: str | None = None
    position = 0
    while position < len(selector):
        match = _TOKEN.match(selector, position)
        if match is None:
            return None
        position = match.end()
        kind = match.lastgroup
        if kind in ("ws", "comb"):
            if compound is None:
                return None  # a leading or doubled combinator
            parts.append((combinator, compound))
            compound = None
            combinator = match.group("comb").strip() if kind == "comb" else " "
            continue
        if compound is None:
            compound = {"type": None, "classes": [], "ids": [], "attributes": [], "pseudo": []}
            if kind == "type":
                compound["type"] = match.group("type").lower()
                continue
        elif kind == "type":
            return None  # a type selector after a class/id/attribute
        if kind == "cls":
            compound["classes"].append(match.group("cls"))
        elif kind == "id":
            compound["ids"].append(match.group("id"))
        elif kind == "argument":  # the :not()/:has() alternative (its last group)
            predicate = _pseudo_predicate(match.group("pseudo"), match.group("argument"))
            if predicate is None:
                return None
            compound["pseudo"].append(predicate)
        else:
            value = match.group("ident")
            if value is None:
                value = match.group("dq") if match.group("dq") is not None else match.group("sq")
            compound["attributes"].append((match.group("attr").lower(), match.group("op"), value))
    if compound is None:
        return None  # empty, or a trailing combinator
    parts.append((combinator, compound))
    return parts


def _xpath_for_complex(parts: list[tuple[str | None, dict]]) -> str | None:
    """The predicate path (``name[...]``) of the rightmost compound with its left context as predicates."""
    relation = ""
    for index, (combinator, compound) in enumerate(parts):
        predicates = _compound_predicates(compound)
        if predicates is None:
            return None
        name = compound["type"] or "*"
        own = "".join(f"[{p}]" for p in predicates) + (f"[{relation}]" if relation else "")
        if index == len(parts) - 1:
            return f"{name}{own}"
        next_combinator = parts[index + 1][0]
        if next_combinator == " ":
            relation = f"ancestor::{name}{own}"
        elif next_combinator == ">":
            relation = f"parent::{name}{own}"
        elif next_combinator == "~":
            relation = f"preceding-sibling::{name}{own}"
        elif next_combinator == "+":
            relation = "preceding-sibling::*[1]" + (f"[self::{name}]" if name != "*" else "") + own
        else:
            return None
    return None


_EMPTY_PART = re.compile(r"(?:^|,)\s*(?:,|$)")


@lru_cache(maxsize=1024)
def compile_css(selector: str | None) -> CompiledSelector | None:
    """``selector`` (a CSS selector or a comma list of them) compiled to XPath, or None if unsupported."""
    if not selector or not selector.strip() or _EMPTY_PART.search(selector):
        return None  # soupsieve rejects an empty part ("a, , b", "a,"): the caller keeps its path

    alternatives = []
    for part in split_selector_list(selector):
        parts = _parse_complex(part)
        if not parts:
            return None
        path = _xpath_for_complex(parts)
        if path is None:
            return None
        alternatives.append(path)
    if not alternatives:
        return None
    if len(alternatives) == 1:
        path = alternatives[0]
    else:  # a union in document order: one step whose predicate is any alternative's
        path = "*[" + " or ".join(f"self::{alternative}" for alternative in alternatives) + "]"
    try:
        return CompiledSelector(selector, path)
    except etree.XPathSyntaxError:
        return None


def split_selector_list(selector: str) -> list[str]:
    """Split "a, b[x='1,2'], c" at top-level commas (not inside brackets, parentheses or quotes)."""
    parts, depth, quote, current = [], 0, None, []
    for char in selector:
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part]
