"""Heuristic discovery of article links on list pages of any site (the generic adapter's list side).

Every same-site anchor is scored for "looks like an article link": an id, a page extension or a
dated path in the URL, a long slug, a title-length anchor text, a heading around it, membership of
a block of repeated sibling items. Links in navigation, menus, footers, tag clouds, category and
pagination links are penalised; sidebar boxes ("latest", "most read", "related") are dropped when
the page has article links elsewhere. Each kept link's item block gives its date and lead.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from urllib.parse import urlsplit

from scrapers import dom
from scrapers.adapters.page import ListItem, canonical_url
from scrapers.dates import parse_vietnamese_datetime
from scrapers.textnorm import normalize_inline

NON_ARTICLE_PATH = re.compile(
    r"(^|/)(tag|tags|tu-khoa|chu-de|category|categories|chuyen-muc|danh-muc|author|tac-gia|page|trang|"
    r"search|tim-kiem|login|dang-nhap|register|dang-ky|lien-he|contact|gioi-thieu|about|rss|feed|sitemap|"
    r"video|videos|photo|anh|media|wp-admin|wp-login|admin|cart|gio-hang)(/|$|\.)",
    re.IGNORECASE,
)
# "?p=123" is a WordPress post, not a page number, so "p" is not listed here.
PAGINATION_PATH = re.compile(
    r"([/-](page|trang)[-/]?\d+(\.html?)?/?$|[?&](page|trang|pg|cur|paged|start|offset)=\d+|_cur=\d+)", re.IGNORECASE
)
FILE_EXTENSION = re.compile(
    r"\.(pdf|docx?|xlsx?|pptx?|zip|rar|jpe?g|png|gif|webp|mp3|mp4|avi|xml|rss|apk|exe)$", re.IGNORECASE
)
# An article id: a long number, "post123", or a query parameter naming an id (id=, ItemID=,
# IDNews=, tintucid=, WordPress p=) -- but not the ids of categories, tabs or menus.
ARTICLE_ID = re.compile(
    r"(\d{4,}|post\d+|[?&](?!cat|tab|menu|parent|zone|module|mid=|pid=|cid=)(\w*id\w*|p)=\d+)", re.IGNORECASE
)
PAGE_EXTENSION = re.compile(r"\.(html?|aspx|php|shtml|jsp)$", re.IGNORECASE)
DATED_PATH = re.compile(r"/(19|20)\d{2}/\d{1,2}/")
DATE_IN_TEXT = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}-\d{2}|ngày\s+\d{1,2}\s+tháng", re.IGNORECASE)

MIN_TITLE_WORDS = 5
MIN_SCORE = 3


def _site(host: str) -> str:
    host = host.lower().split(":")[0]
    return host[4:] if host.startswith("www.") else host


def document_base(root, page_url: str) -> str:
    """The URL relative links resolve against: ``<base href>`` when the page declares one."""
    base = next((element for element in root.iter("base") if element.get("href") is not None), None)
    return canonical_url(base.get("href"), page_url) if base is not None and base.get("href").strip() else page_url


def url_article_score(url: str, page_url: str) -> int:
    """How much a URL by itself looks like an article page (negative: certainly not one)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or FILE_EXTENSION.search(parts.path):
        return -10
    page = urlsplit(page_url)
    if _site(parts.netloc) != _site(page.netloc) or (
        parts.port != page.port and parts.netloc != page.netloc and _site(parts.netloc) == "127.0.0.1"
    ):
        return -10
    if canonical_url(url) == canonical_url(page_url) or (parts.path in ("", "/") and not parts.query):
        return -10
    path_and_query = parts.path + ("?" + parts.query if parts.query else "")
    if PAGINATION_PATH.search(path_and_query):
        return -10
    score = 0
    if NON_ARTICLE_PATH.search(parts.path) and not ARTICLE_ID.search(path_and_query):
        score -= 4
    last_segment = parts.path.rstrip("/").rsplit("/", 1)[-1]
    if ARTICLE_ID.search(last_segment) or ARTICLE_ID.search("?" + parts.query):
        score += 2
    if PAGE_EXTENSION.search(last_segment):
        score += 1
    if last_segment.count("-") >= 4:
        score += 2
    elif last_segment.count("-") >= 2:
        score += 1
    if DATED_PATH.search(parts.path):
        score += 1
    if canonical_url(url).startswith(canonical_url(page_url).rstrip("/") + "/"):
        score += 1  # an article filed under the category page being read
    return score


def has_strong_article_url(url: str) -> bool:
    """An id or a dated path: URL shapes categories rarely have (a ".html" alone, they often do)."""
    parts = urlsplit(url)
    last_segment = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return bool(
        ARTICLE_ID.search(last_segment) or ARTICLE_ID.search("?" + parts.query) or DATED_PATH.search(parts.path)
    )


def _long_title_and_slug(url: str, title: str) -> bool:
    """Article titles run to 7+ words and their slugs repeat them; category names are shorter."""
    last_segment = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return len(title.split()) >= 7 and last_segment.count("-") >= 5


def _links(element) -> list:
    """The anchors with an ``href`` inside ``element``, in document order."""
    return [anchor for anchor in element.iterdescendants("a") if anchor.get("href") is not None]


def _in_chrome(anchor) -> bool:
    for parent in dom.ancestors(anchor):
        if parent.tag in ("body", "html"):
            return False
        if parent.tag in ("article", "main"):
            return False  # an item's own header/footer is content, not site chrome
        if parent.tag in ("nav", "footer", "header", "aside", "menu"):
            return True
        if _matches_chrome(parent):
            return True
    return False


_CHROME_CLASS = re.compile(
    r"(^|[\s_-])(menu|nav|navbar|breadcrumbs?|pagination|pager|paging|page-numbers|tags?|tagcloud|social|share|"
    r"footer|header|topbar|top-bar|sitemap|lang|language|search|copyright|banner|logo|sidebar-menu)($|[\s_-])",
    re.IGNORECASE,
)


def _matches_chrome(element) -> bool:
    classes = " ".join(dom.class_names(element))
    identifier = element.get("id") or ""
    return bool(
        _CHROME_CLASS.search(classes)
        or _CHROME_CLASS.search(identifier)
        or element.get("role") in ("navigation", "banner", "contentinfo")
    )


_SIDE_CLASS = re.compile(
    r"(^|[\s_-])(sidebar|aside|widget|related|other-news|most-read|most-viewed|latest-news|box-right|col-right|right-col)($|[\s_-])"
    # Vietnamese box names, often written without hyphens: "tinlienquan", "box-docnhieu", "xemnhieu"...
    r"|lien-?quan|tin-?khac|doc-?nhieu|xem-?nhieu|tin-?moi-?nhat|moi-?cap-?nhat",
    re.IGNORECASE,
)


def _in_side_box(anchor) -> bool:
    """Sidebars and "related/latest/most read" boxes repeat articles listed elsewhere on the site."""
    for parent in dom.ancestors(anchor):
        if parent.tag in ("body", "html"):
            return False
        if parent.tag == "aside":
            return True
        if _SIDE_CLASS.search(" ".join(dom.class_names(parent))) or _SIDE_CLASS.search(parent.get("id") or ""):
            return True
    return False


def _signature(anchor, depth: int = 3) -> str:
    """Tag/class path of the anchor's ancestors: links in repeated item blocks share it."""
    return "/".join(
        parent.tag + "." + ".".join(sorted(dom.class_names(parent))) for parent in list(dom.ancestors(anchor))[:depth]
    )


_GLUED_DATE = re.compile(
    r"\s*[-–|(\[]?\s*(\d{1,2}:\d{2}\s*[-,]?\s*)?\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(\s*[-,]?\s*\d{1,2}:\d{2})?\s*[)\]]?\s*$"
)


def _glued_date(anchor) -> date | None:
    match = _GLUED_DATE.search(normalize_inline(dom.text(anchor)))
    found = parse_vietnamese_datetime(match.group(0)) if match else None
    return found.date() if found else None


def _anchor_title(anchor) -> str:
    # A link wrapping a whole item (heading, lead, date): the heading is the title.
    heading = next(anchor.iterdescendants("h1", "h2", "h3", "h4", "h5"), None)
    if heading is not None and dom.text(heading, ""):
        return _GLUED_DATE.sub("", normalize_inline(dom.text(heading)))
    # Some lists put the date inside the link ("Tiêu đề (22/11/2024)"): it is not part of the title.
    text = _GLUED_DATE.sub("", normalize_inline(dom.text(anchor)))
    title_attr = _GLUED_DATE.sub("", normalize_inline(anchor.get("title")))
    if len(title_attr.split()) > len(text.split()):
        return title_attr
    return text


def _item_block(anchor, url: str, page_url: str):
    """The largest ancestor of ``anchor`` that holds links to this URL only: the list item."""
    block = anchor
    for parent in dom.ancestors(anchor):
        if parent.tag in ("body", "html"):
            break
        # Only other *article* links end the item: category, tag and author links sit inside items.
        urls = {
            canonical_url(a.get("href"), page_url)
            for a in _links(parent)
            if not a.get("href").startswith(("#", "javascript:", "mailto:"))
        }
        urls = {other for other in urls if url_article_score(other, page_url) > 0}
        if len(urls - {url}) > 0:
            break
        block = parent
    return block


def _siblings_until_next_item(block, url: str, page_url: str, limit: int = 4):
    for sibling in list(dom.next_siblings(block))[:limit]:
        links = [canonical_url(a.get("href"), page_url) for a in _links(sibling)]
        if sibling.tag == "a" and sibling.get("href"):
            links.append(canonical_url(sibling.get("href"), page_url))
        if any(link != url and url_article_score(link, page_url) > 0 for link in links):
            return
        yield sibling


def _block_date(block) -> date | None:
    for element in dom.select(block, "time[datetime], [itemprop=datePublished]"):
        found = parse_vietnamese_datetime(element.get("datetime") or element.get("content") or dom.text(element))
        if found:
            return found.date()
    for text, _ in dom.strings(block):
        if not DATE_IN_TEXT.search(text) or len(text.strip()) > 60:
            continue  # a date inside a sentence of the lead is an event date, not the publication date
        found = parse_vietnamese_datetime(text)
        if found:
            return found.date()
    return None


def _block_lead(block, title: str) -> str | None:
    candidates = ([block] if block.tag in ("p", "div") else []) + list(block.iterdescendants("p", "div"))
    for paragraph in candidates:
        if next(paragraph.iterdescendants("p", "div", "a", "h1", "h2", "h3", "h4"), None) is not None:
            continue
        text = normalize_inline(dom.text(paragraph))
        if len(text.split()) >= 12 and text != title and not DATE_IN_TEXT.fullmatch(text):
            return text
    return None


def discover_article_links(html: str, page_url: str) -> list[ListItem]:
    """Article links of a list page, in page order, found by heuristics (see module docstring)."""
    root = dom.parse_html(html)
    page_url = document_base(root, page_url)
    for tag in dom.descendants(root, "script", "style", "noscript", "template"):
        dom.decompose(tag)
    candidates: list[tuple] = []
    for anchor in _links(root):
        href = anchor.get("href").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = canonical_url(href, page_url)
        score = url_article_score(url, page_url)
        if score <= -10:
            continue
        title = _anchor_title(anchor)
        words = len(title.split())
        if words >= MIN_TITLE_WORDS:
            score += 2
            if words >= 8:
                score += 1
        elif words == 0:
            score -= 1  # image-only link: kept only if the URL is very article-like
        else:
            score -= 3
        if _in_chrome(anchor):
            score -= 4
        in_heading = (
            next(anchor.iterancestors("h1", "h2", "h3", "h4", "h5"), None) is not None
            or next(anchor.iterdescendants("h2", "h3", "h4"), None) is not None
        )
        if in_heading:
            score += 1
        candidates.append((anchor, url, title, score, in_heading, _in_side_box(anchor)))

    # Sidebars ("latest", "most read", "related") repeat articles listed elsewhere: keep their links
    # only when the page has no article links outside them.
    if any(score >= MIN_SCORE and not side for _, _, _, score, _, side in candidates):
        candidates = [candidate for candidate in candidates if not candidate[5]]
    candidates = [candidate[:5] for candidate in candidates]
    signatures = Counter(_signature(c[0]) for c in candidates if len(c[2].split()) >= MIN_TITLE_WORDS)
    # url -> [first position, anchor with the best title, that title, best score, title from a heading]
    best: dict[str, list] = {}
    for position, (anchor, url, title, score, in_heading) in enumerate(candidates):
        if signatures[_signature(anchor)] >= 3:
            score += 2  # one of several repeated item blocks
        if url not in best:
            best[url] = [position, anchor, title, score, in_heading]
            continue
        entry = best[url]
        entry[3] = max(entry[3], score)
        # A heading's text is the title; otherwise the longest text ("Xem tiếp" and image links lose).
        better = (in_heading and not entry[4]) or (
            in_heading == entry[4] and len(title.split()) > len(entry[2].split())
        )
        if better and title:
            entry[1], entry[2], entry[4] = anchor, title, in_heading

    items = []
    for url, (_position, anchor, title, score, in_heading) in sorted(best.items(), key=lambda entry: entry[1][0]):
        if score < MIN_SCORE or len(title.split()) < MIN_TITLE_WORDS - 2:
            continue
        block = _item_block(anchor, url, page_url)
        published = _block_date(block) or _glued_date(anchor)
        lead = _block_lead(block, title)
        if published is None or lead is None:
            # Flat lists (and broken nesting) put an item's date and lead after its heading, with no
            # wrapper: read the following siblings up to the next article link.
            for sibling in _siblings_until_next_item(block, url, page_url):
                published = published or _block_date(sibling)
                lead = lead or _block_lead(sibling, title)
        rich = bool(in_heading or published or lead)
        items.append((ListItem(url, title, published, lead), rich, has_strong_article_url(url)))
    # A URL without an id or a date, with nothing around it (no heading, date or lead), is most
    # likely a category in an unmarked menu when the page has real items; on a page of bare links
    # only long titles with long slugs pass.
    page_has_rich_items = sum(rich for _, rich, _ in items) >= 2
    return [
        item
        for item, rich, strong in items
        if strong
        or rich
        or (not page_has_rich_items and (_long_title_and_slug(item.url, item.title) or PAGE_EXTENSION.search(item.url)))
    ]
