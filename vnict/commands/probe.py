"""``python -m vnict probe URL``: look at a site and report what a registry entry for it needs.

Fetches robots.txt and the home page through the crawler's own fetcher (so Crawl-delay is honoured
from the first request after robots.txt, pages are capped at ``max_bytes``, redirects stay on the
site), detects the CMS family from markup (generator metas, asset paths, script globals, page
structure, URL shapes), finds the category pages whose link text mentions ICT topics, and fetches
the first few to check they are list pages: a page that is too large, that looks like an article
or that shows no article links is reported with the reason and kept out of the draft entry. Prints
one JSON document with a draft ``sources.yaml`` entry (``verified: false``) that passes the
registry's validation (``draft_validation`` says so, or why not).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from urllib.parse import urlsplit, urlunsplit

from vnict.commands.links import charset_from_content_type
from warehouse import settings

# (family, pattern, what it shows); searched in the raw HTML of the home page. The families are those of
# scrapers/adapters/families.yaml; every family there has a fingerprint here (tests/parsing/test_adapters_families.py).
FINGERPRINTS = [
    ("nukeviet_egov", re.compile(r"/themes/egov/", re.I), "eGovernment theme assets (/themes/egov/)"),
    ("nukeviet3", re.compile(r"<meta[^>]+generator[^>]+NukeViet v?3", re.I), "generator meta NukeViet 3"),
    ("nukeviet4", re.compile(r"<meta[^>]+generator[^>]+NukeViet", re.I), "generator meta NukeViet"),
    (
        "nukeviet4",
        re.compile(r"\bnv_base_siteurl\b|\bnv_lang_data\b|\bnv_module_name\b"),
        "NukeViet script globals (nv_*)",
    ),
    ("nukeviet4", re.compile(r"/themes/[\w-]+/(css|js|images)/", re.I), "theme assets under /themes/<name>/"),
    (
        "nukeviet4",
        re.compile(r"/assets/js/(global|language/\w+)\.js|/assets/editors/ckeditor", re.I),
        "NukeViet core assets (/assets/js/global.js, /assets/js/language/)",
    ),
    ("nukeviet4", re.compile(r"/uploads/news/\d{4}_\d{2}/", re.I), "NukeViet news uploads (/uploads/news/YYYY_MM/)"),
    (
        "nukeviet4",
        re.compile(r"[?&](amp;)?nv=\w+|/(vi|en)/news/|\bhref=\"[^\"]*/page-\d+\"", re.I),
        "NukeViet URL shapes (nv=module, /vi/news/, /page-N)",
    ),
    (
        "nukeviet4",
        re.compile(r"class=\"[^\"]*\bnews_column\b|id=\"news-bodyhtml\"|class=\"[^\"]*\bgenpage_", re.I),
        "NukeViet news module markup (news_column, news-bodyhtml, genpage)",
    ),
    ("nukeviet4", re.compile(r"nukeviet\.vn|VINADES", re.I), "NukeViet / VINADES credit"),
    (
        "liferay62",
        re.compile(r"/html/js/liferay|/html/js/barebone\.jsp|/html/js/everything\.jsp", re.I),
        "Liferay JS bundle (/html/js/...)",
    ),
    ("liferay62", re.compile(r"\bLiferay\.(Portlet|ThemeDisplay|Util|Browser|AUI)\b"), "Liferay.* JavaScript API"),
    ("liferay62", re.compile(r"class=\"[^\"]*\bportlet-(boundary|body|content)\b", re.I), "Liferay portlet markup"),
    ("wordpress", re.compile(r"/wp-content/|/wp-includes/", re.I), "wp-content / wp-includes assets"),
    ("wordpress", re.compile(r"<meta[^>]+generator[^>]+WordPress", re.I), "generator meta WordPress"),
    ("onecms", re.compile(r"ONECMS|POWERED BY ONECMS|\.1cdn\.vn", re.I), "OneCMS credit or 1cdn.vn CDN"),
    (
        "docbao_baohatinh",
        re.compile(r"class=\"(sapo_detail|date_news)\"|id=\"main-detail\"|cdn\.baohatinh\.vn", re.I),
        "baohatinh-style markup",
    ),
    (
        "generic",
        re.compile(r"/_layouts/|ms-rtestate-field|SharePoint", re.I),
        "SharePoint portal (no dedicated adapter)",
    ),
    ("generic", re.compile(r"<meta[^>]+generator[^>]+Joomla|/media/jui/", re.I), "Joomla (no dedicated adapter)"),
    (
        "generic",
        re.compile(r"<meta[^>]+generator[^>]+Drupal|/sites/default/files/", re.I),
        "Drupal (no dedicated adapter)",
    ),
]

# Link texts of the category pages we want, most specific first (compared without diacritics).
LIST_KEYWORDS = [
    "chuyen doi so",
    "an toan thong tin",
    "an ninh mang",
    "ung dung cntt",
    "cong nghe thong tin",
    "cntt",
    "chinh quyen dien tu",
    "chinh phu dien tu",
    "khoa hoc cong nghe",
    "khoa hoc - cong nghe",
    "buu chinh vien thong",
    "thong tin va truyen thong",
    "tin dia phuong",
    "tin hoat dong",
    "tin tuc su kien",
    "tin tuc",
    "tin chuyen nganh",
]


def fold(text: str) -> str:
    """Lowercase without Vietnamese diacritics, so "CÔNG NGHỆ THÔNG TIN" matches "cong nghe thong tin"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return " ".join("".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").split())


def detect_cms(html: str) -> tuple[str, list[str]]:
    """(family, evidence): the family with the most fingerprints; the first listed wins ties."""
    votes: dict[str, int] = {}
    evidence: list[str] = []
    for family, pattern, meaning in FINGERPRINTS:
        if pattern.search(html):
            votes[family] = votes.get(family, 0) + 1
            evidence.append(meaning)
    if not votes:
        return "generic", evidence
    # NukeViet eGov is a NukeViet 4 theme: its votes include the generic NukeViet ones.
    if "nukeviet_egov" in votes:
        votes["nukeviet_egov"] += votes.pop("nukeviet4", 0)
    if "nukeviet3" in votes:
        votes["nukeviet3"] += votes.pop("nukeviet4", 0)
    order = [family for family, _, _ in FINGERPRINTS]
    return max(votes, key=lambda family: (votes[family], -order.index(family))), evidence


def find_list_pages(html: str, page_url: str) -> list[dict]:
    """Category links on the home page whose text names an ICT topic, most specific topic first."""
    from scrapers import dom
    from scrapers.urls import canonical_url

    root = dom.parse_html(html)
    host = (urlsplit(page_url).hostname or "").removeprefix("www.")
    found: dict[str, dict] = {}
    for anchor in root.iter("a"):
        if anchor.get("href") is None:
            continue
        text = " ".join(dom.text(anchor).split()) or (anchor.get("title") or "")
        folded = fold(text)
        if not folded or len(folded.split()) > 8:  # long texts are article titles, not categories
            continue
        url = canonical_url(anchor.get("href"), page_url)
        if (urlsplit(url).hostname or "").removeprefix("www.") != host or url.rstrip("/") == canonical_url(
            page_url
        ).rstrip("/"):
            continue
        for rank, keyword in enumerate(LIST_KEYWORDS):
            if re.search(rf"(^|\W){re.escape(keyword)}(\W|$)", folded):
                if url not in found or found[url]["rank"] > rank:
                    found[url] = {"url": url, "text": text, "matched": keyword, "rank": rank}
                break
    return [dict(entry) for entry in sorted(found.values(), key=lambda entry: entry["rank"])]


# An article URL: "<alias>-<numeric id>.html", a dated path, or an "id=" detail page.
ARTICLE_URL = re.compile(r"-\d{2,}\.html?$|/\d{4}/\d{1,2}/\d{1,2}/|[?&](tintucid|newsid|articleid|id)=\d+", re.I)
MIN_ARTICLE_LINKS = 3
"""A list page shows at least this many article links."""
ARTICLE_BODY_CHARS = 800
"""A page with few links and a body at least this long is an article, not a list."""


def _robots_report(base: str, policy, fetches) -> dict:
    report: dict = {"url": base + "/robots.txt"}
    result = fetches[0] if fetches else None
    if result is not None:
        report["status"] = result.status_code
        if result.status_code is None:
            report["error"] = result.reason
    if policy.mode == "disallow_all":
        report["meaning"] = (
            "unreachable or server error: RFC 9309 says assume complete disallow "
            "(the crawler will not crawl the site until it can be read)"
        )
    elif policy.mode == "allow_all":
        report["meaning"] = "no robots.txt (4xx): everything allowed"
    else:
        report.update(
            allowed_home=policy.allows(base + "/", settings.USER_AGENT)[0],
            crawl_delay=policy.crawl_delay(settings.USER_AGENT) or None,
            sitemaps=list(policy.parser.sitemaps),
        )
    return report


def _probe_politeness(crawl_delay_floor: float = 0.0):
    from scrapers.registry import Politeness

    return Politeness(
        min_delay_seconds=max(settings.DEFAULT_MIN_DELAY_SECONDS, crawl_delay_floor),
        timeout_seconds=settings.FETCH_TIMEOUT_SECONDS,
        max_retries=1,
        max_bytes=settings.DEFAULT_MAX_BYTES,
    )


def _looks_like_article(url: str, html: str, items: list, adapter) -> str | None:
    """Why a fetched candidate list page is an article, or None."""
    if len(items) >= MIN_ARTICLE_LINKS:
        return None
    if ARTICLE_URL.search(urlsplit(url).path + ("?" + urlsplit(url).query if urlsplit(url).query else "")):
        return f"its URL has an article's shape and it shows {len(items)} article links"
    try:
        body = adapter.parse_article(html, url).body_text or ""
    except Exception:  # noqa: BLE001 - not parseable as an article either
        body = ""
    if len(body) >= ARTICLE_BODY_CHARS:
        return f"it reads as one article ({len(body)} characters of body text, {len(items)} article links)"
    return None


def _title_of(html: str) -> str | None:
    match = re.search(r"<title[^>]*>(.*?)</title>", html, re.I | re.S)
    if not match:
        return None
    import html as html_module

    title = " ".join(html_module.unescape(match.group(1)).split())
    return title[:120] or None


def validate_draft(entry: dict) -> str | None:
    """None when the registry accepts the draft entry, else the registry's error message."""
    from pathlib import Path

    from scrapers.registry import RegistryError, _parse_source

    try:
        _parse_source(Path("<probe draft>"), dict(entry), 0)
    except RegistryError as error:
        return str(error)
    return None


def add_arguments(parser) -> None:
    parser.add_argument("url", nargs="?", help="any URL of the site (its home page is probed)")
    parser.add_argument(
        "--follow",
        type=int,
        default=3,
        metavar="N",
        help="fetch the first N list pages found and count their article links (default 3; 0: none)",
    )
    parser.add_argument(
        "--all",
        action="store_true",
        help="probe every registry entry; write a report (JSON + table) and a suggested registry diff",
    )
    parser.add_argument(
        "--sources",
        metavar="FILE",
        help="registry file for --all (default: VNICT_SOURCES_FILE or scrapers/sources.yaml)",
    )
    parser.add_argument(
        "--only", action="append", metavar="ID", help="with --all: probe only this source id (repeatable)"
    )
    parser.add_argument(
        "--out", metavar="DIR", help="with --all: where the report goes (default data/probe/<UTC time>)"
    )


def _check_registered_list(get, adapter, url: str) -> dict:
    """Fetch one list URL the registry names and say whether it is a list page with article links."""
    checked: dict = {"url": url}
    result = get(url, "list")
    checked["fetch"] = {"outcome": result.outcome, "status": result.status_code, "bytes": result.bytes}
    if result.body is None:
        checked["rejected"] = f"{result.outcome}: {result.reason}"
        return checked
    from scrapers.textnorm import decode_page

    try:
        page_url = result.final_url or url
        items = adapter.parse_list(decode_page(result.body, result.content_type), page_url)
    except Exception as exc:  # noqa: BLE001 - one bad page should not spoil the report
        checked["rejected"] = f"{exc.__class__.__name__}: {exc}"
        return checked
    checked["article_links"] = len(items)
    checked["sample"] = [
        {"url": i.url, "title": i.title, "published": i.published.isoformat() if i.published else None}
        for i in items[:3]
    ]
    if items:
        checked["verified_list"] = True
    else:
        checked["rejected"] = "no article links found with the registered CMS adapter"
    return checked


def probe(url: str, follow: int = 3, check_urls=(), registered_cms: str | None = None) -> dict:
    """Probe one site from ``url``. ``check_urls`` (a registry entry's list_urls) are fetched too and
    read with the ``registered_cms`` adapter, so a report says whether the entry works as written."""
    import tempfile

    from scrapers.adapters import get_adapter
    from scrapers.fetch import Fetcher
    from scrapers.textnorm import decode_page

    parts = urlsplit(url if "://" in url else "https://" + url)
    base = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    host = parts.hostname or ""
    domains = sorted({parts.netloc.lower(), parts.netloc.lower().removeprefix("www.")})
    with tempfile.TemporaryDirectory(prefix="vnict-probe-") as landing:
        # The crawler's fetcher: one request at a time, spaced by max(min delay, Crawl-delay) from the
        # first request after robots.txt; pages capped at max_bytes; redirects kept on the site.
        from pathlib import Path

        fetcher = Fetcher(landing=Path(landing), host_lock_dir=None)
        politeness = _probe_politeness()
        home_url = url if parts.path not in ("", "/") else base + "/"
        policy, robots_fetches = fetcher.robots_policy(home_url, politeness, None, domains)
        if robots_fetches and robots_fetches[0].failure_kind in ("tls", "connect") and base.startswith("https://"):
            print(f"note: https failed ({robots_fetches[0].reason}); retrying over http", file=sys.stderr)
            base = "http://" + base[len("https://") :]
            home_url = "http://" + home_url[len("https://") :]
            policy, robots_fetches = fetcher.robots_policy(home_url, politeness, None, domains)
        report: dict = {"url": url, "robots": _robots_report(base, policy, robots_fetches)}
        crawl_delay = report["robots"].get("crawl_delay") or 0.0
        politeness = _probe_politeness(crawl_delay)

        def get(page_url: str, page_kind: str):
            result = fetcher.fetch(page_url, page_kind=page_kind, politeness=politeness, allowed_domains=domains)
            if result.outcome == "skipped_robots" and policy.mode == "disallow_all" and page_kind == "home":
                # robots.txt unreadable: one look at the home page, as a person would, says what the site is.
                result = fetcher._fetch(
                    page_url,
                    page_kind=page_kind,
                    politeness=politeness,
                    allowed_domains=domains,
                    previous=None,
                    check_robots=False,
                    html_only=True,
                    truncate=False,
                )
            return result

        home = get(home_url, "home")
        if home.body is None:
            raise RuntimeError(f"home page {home_url}: {home.outcome} ({home.reason})")
        final_url = home.final_url or home_url
        html = decode_page(home.body, home.content_type)
        report["home"] = {
            "url": final_url,
            "status": home.status_code,
            "content_type": home.content_type,
            "declared_charset": charset_from_content_type(home.content_type),
            "bytes": home.bytes,
        }
        family, evidence = detect_cms(html)
        report["cms"] = {"family": family, "evidence": evidence}
        list_pages = find_list_pages(html, final_url)
        adapter = get_adapter(family)
        for position, entry in enumerate(list_pages):
            if position >= max(follow, 0):
                if ARTICLE_URL.search(entry["url"]):
                    entry["rejected"] = "its URL has an article's shape (not fetched)"
                continue
            result = get(entry["url"], "list")
            entry["fetch"] = {"outcome": result.outcome, "bytes": result.bytes}
            if result.body is None:
                entry["rejected"] = f"{result.outcome}: {result.reason}"
                continue
            try:
                page_html = decode_page(result.body, result.content_type)
                page_url = result.final_url or entry["url"]
                items = adapter.parse_list(page_html, page_url)
                entry["article_links"] = len(items)
                entry["sample"] = [
                    {"url": i.url, "title": i.title, "published": i.published.isoformat() if i.published else None}
                    for i in items[:3]
                ]
                entry["next_page"] = adapter.next_page_url(page_html, page_url, 1)
                why_article = _looks_like_article(page_url, page_html, items, adapter)
                if why_article:
                    entry["rejected"] = f"not a list page: {why_article}"
                elif not items:
                    entry["rejected"] = "no article links found with the detected CMS adapter"
                else:
                    entry["verified_list"] = True
            except Exception as exc:  # one bad category page should not spoil the report
                entry["error"] = f"{exc.__class__.__name__}: {exc}"
                entry["rejected"] = entry["error"]
        if check_urls:
            registered_adapter = get_adapter(registered_cms or family)
            report["registered_list_pages"] = [
                _check_registered_list(get, registered_adapter, list_url) for list_url in check_urls
            ]
        fetcher.close()
    report["list_pages"] = [{k: v for k, v in entry.items() if k != "rank"} for entry in list_pages]
    verified = [entry["url"] for entry in list_pages if entry.get("verified_list")]
    unchecked = [entry["url"] for entry in list_pages if "rejected" not in entry and "fetch" not in entry]
    proposed = (verified or unchecked)[:4]
    notes = []
    if not proposed:
        proposed = [final_url]
        notes.append("no category page could be confirmed as a list page: the home page is proposed; check it")
    elif not verified:
        notes.append("list pages proposed from their link text only (not fetched: --follow 0); check them")
    final_host = urlsplit(final_url).hostname or host
    from scrapers.adapters.docbao import known_selectors

    historical = known_selectors(parts.hostname) or known_selectors(final_host)
    if historical:
        report["docbao_selectors"] = historical  # historical markup: check it against an article page
    source_id = re.sub(r"[^a-z0-9]+", "_", final_host.removeprefix("www.").split(".gov.vn")[0].lower()).strip("_")
    final_netloc = urlsplit(final_url).netloc.lower() or parts.netloc.lower()
    entry = {
        "id": source_id or "new_source",
        "name": _title_of(html) or final_host,
        "province_code": None,
        "successor_province_code": None,
        "base_url": base,
        "cms": family,
        "list_urls": proposed,
        "allowed_domains": sorted({final_netloc, final_netloc.removeprefix("www."), *domains}),
        "selectors": historical or {},
        "politeness": {"min_delay_seconds": max(settings.DEFAULT_MIN_DELAY_SECONDS, crawl_delay)},
        "active": False,
        "verified": False,
    }
    report["draft_registry_entry"] = entry
    problem = validate_draft(entry)
    report["draft_validation"] = {"valid": problem is None, "error": problem}
    if notes:
        report["notes"] = notes
    return report


def run(args) -> int:
    if args.all:
        from vnict.commands import probe_registry

        return probe_registry.run(args)
    if not args.url:
        print("probe: give a URL, or --all to probe every registry entry", file=sys.stderr)
        return 2
    try:
        report = probe(args.url, args.follow)
    except Exception as exc:
        print(f"probe: cannot probe {args.url}: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    return 0
