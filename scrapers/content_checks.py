"""Content checks before an article counts: is what the adapter parsed an article we can read?

A page can land and parse without error and still be no article: its body empty, a navigation
menu taken for the text, mojibake that survived decoding, or a legacy encoding guessed with too
little evidence. ``check_article`` says so with reasons; the parse step then writes the article to
``<source_id>.quarantine.jsonl`` (loaded into ``raw.article_quarantine``, warned about by the
quality gate) instead of ``<source_id>.articles.jsonl``, so it is neither published nor dropped.
Thresholds live in ``warehouse/settings.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scrapers.textnorm import DecodedPage, looks_like_mojibake, normalize_inline
from warehouse import settings

_WORD = re.compile(r"\w+")
_ALNUM = re.compile(r"\w")
# Elements whose text is navigation wherever it appears.
_NAVIGATION_XPATH = "//a | //nav | //header | //footer | //aside | //*[@role='navigation'] | //select"


@dataclass
class ContentReport:
    """``issues`` keep the article out (quarantine); ``notes`` are said and kept with the article."""

    issues: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues


def navigation_texts(html: str) -> list[str]:
    """Texts of the page's links and navigation blocks (menus, header, footer, sidebars), longest first."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # noqa: BLE001 - an unparseable page has no navigation we can tell
        return []
    texts = set()
    for element in root.xpath(_NAVIGATION_XPATH):
        text = normalize_inline(element.text_content())
        if len(text) >= 2:
            texts.add(text)
    return sorted(texts, key=len, reverse=True)


def navigation_share(body_text: str, html: str) -> float:
    """Share of the body's letters and digits that are link or menu text of the page (0..1).

    Why the page's links rather than the body's markup: the adapters return text, and a menu that
    a fallback extractor took for the body is made of the very link texts the page's menus show."""
    body = normalize_inline(body_text)
    total = len(_ALNUM.findall(body))
    if not total:
        return 0.0
    remaining = body
    for text in navigation_texts(html):
        if len(text) <= 200:  # a long "link" is an article teaser wrapped in <a>: not navigation
            remaining = remaining.replace(text, " ")
    return round(1 - len(_ALNUM.findall(remaining)) / total, 3)


def _non_ascii_words(text: str) -> int:
    return sum(1 for word in _WORD.findall(text) if not word.isascii())


def check_article(
    article: dict,
    html: str,
    decoded: DecodedPage | None = None,
    repaired_lines: int = 0,
    parsed_body: str | None = None,
) -> ContentReport:
    """Reasons the parsed ``article`` is not a usable article (issues) and what to know about it (notes).

    ``parsed_body`` is the adapter's own body text before the lead was prepended: a page whose body
    is empty is empty even when the page has a lead."""
    report = ContentReport()
    body = article.get("body_text") or ""
    own_body = body if parsed_body is None else parsed_body
    if decoded is not None and decoded.note():
        report.notes.append(decoded.note())
    if repaired_lines:
        report.notes.append(f"mojibake repaired in {repaired_lines} line(s) (UTF-8 decoded twice; ftfy)")
    if not own_body.strip():
        report.issues.append("empty body: the page has no article text")
        return report
    characters, words = len(body), len(_WORD.findall(body))
    if characters < settings.MIN_ARTICLE_BODY_CHARS or words < settings.MIN_ARTICLE_BODY_WORDS:
        report.issues.append(
            f"too short: {characters} characters, {words} words (minimum "
            f"{settings.MIN_ARTICLE_BODY_CHARS} characters and {settings.MIN_ARTICLE_BODY_WORDS} words)"
        )
    share = navigation_share(own_body, html)
    if share >= settings.MAX_NAVIGATION_SHARE:
        report.issues.append(
            f"navigation only: {share:.0%} of the body is link or menu text "
            f"(at most {settings.MAX_NAVIGATION_SHARE:.0%})"
        )
    if looks_like_mojibake(f"{article.get('title') or ''}\n{body}"):
        report.issues.append("mojibake not repaired: the text still reads as UTF-8 decoded twice")
    if (
        decoded is not None
        and decoded.source == "detected"
        and decoded.margin is not None
        and decoded.margin < settings.MIN_ENCODING_MARGIN
        and _non_ascii_words(body) >= 5
    ):
        report.issues.append(
            f"encoding uncertain: {decoded.encoding} beat {decoded.runner_up} by only "
            f"{decoded.margin} (at least {settings.MIN_ENCODING_MARGIN}); declare the source's charset"
        )
    return report
