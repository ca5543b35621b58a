"""``python -m scrapers probe URL``: look at a site and report what a registry entry for it needs.

Fetches robots.txt and the home page, detects the CMS family from fingerprints (generator metas,
asset paths, script globals), finds the category pages whose link text mentions ICT topics, and
optionally counts the article links on them. Prints one JSON document, including a draft
``sources.yaml`` entry marked ``verified: false`` for the engineer to check and paste.
"""
from __future__ import annotations

import json
import re
import sys
import time
import unicodedata
from urllib.parse import urlsplit, urlunsplit

from scrapers import settings
from scrapers.commands.links import charset_from_content_type, fetch_html

# (family, pattern, what it shows); searched in the raw HTML of the home page.
FINGERPRINTS = [
    ("nukeviet_egov", re.compile(r"/themes/egov/", re.I), "eGovernment theme assets (/themes/egov/)"),
    ("nukeviet3", re.compile(r"<meta[^>]+generator[^>]+NukeViet v?3", re.I), "generator meta NukeViet 3"),
    ("nukeviet4", re.compile(r"<meta[^>]+generator[^>]+NukeViet", re.I), "generator meta NukeViet"),
    ("nukeviet4", re.compile(r"\bnv_base_siteurl\b|\bnv_lang_data\b|\bnv_module_name\b"), "NukeViet script globals (nv_*)"),
    ("nukeviet4", re.compile(r"/themes/[\w-]+/(css|js|images)/", re.I), "theme assets under /themes/<name>/"),
    ("liferay62", re.compile(r"/html/js/liferay|/html/js/barebone\.jsp|/html/js/everything\.jsp", re.I), "Liferay JS bundle (/html/js/...)"),
    ("liferay62", re.compile(r"\bLiferay\.(Portlet|ThemeDisplay|Util|Browser|AUI)\b"), "Liferay.* JavaScript API"),
    ("liferay62", re.compile(r"class=\"[^\"]*\bportlet-(boundary|body|content)\b", re.I), "Liferay portlet markup"),
    ("wordpress", re.compile(r"/wp-content/|/wp-includes/", re.I), "wp-content / wp-includes assets"),
    ("wordpress", re.compile(r"<meta[^>]+generator[^>]+WordPress", re.I), "generator meta WordPress"),
    ("onecms", re.compile(r"ONECMS|POWERED BY ONECMS|\.1cdn\.vn", re.I), "OneCMS credit or 1cdn.vn CDN"),
    ("docbao_baohatinh", re.compile(r"class=\"(sapo_detail|date_news)\"|id=\"main-detail\"|cdn\.baohatinh\.vn", re.I), "baohatinh-style markup"),
    ("generic", re.compile(r"/_layouts/|ms-rtestate-field|SharePoint", re.I), "SharePoint portal (no dedicated adapter)"),
    ("generic", re.compile(r"<meta[^>]+generator[^>]+Joomla|/media/jui/", re.I), "Joomla (no dedicated adapter)"),
    ("generic", re.compile(r"<meta[^>]+generator[^>]+Drupal|/sites/default/files/", re.I), "Drupal (no dedicated adapter)"),
]

# Link texts of the category pages we want, most specific first (compared without diacritics).
LIST_KEYWORDS = [
    "chuyen doi so", "an toan thong tin", "an ninh mang", "ung dung cntt", "cong nghe thong tin", "cntt",
    "chinh quyen dien tu", "chinh phu dien tu", "khoa hoc cong nghe", "khoa hoc - cong nghe", "buu chinh vien thong",
    "thong tin va truyen thong", "tin dia phuong", "tin hoat dong", "tin tuc su kien", "tin tuc", "tin chuyen nganh",
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
    from bs4 import BeautifulSoup

    from scrapers.urls import canonical_url

    soup = BeautifulSoup(html, "lxml")
    host = (urlsplit(page_url).hostname or "").removeprefix("www.")
    found: dict[str, dict] = {}
    for anchor in soup.find_all("a", href=True):
        text = " ".join(anchor.get_text(" ", strip=True).split()) or (anchor.get("title") or "")
        folded = fold(text)
        if not folded or len(folded.split()) > 8:  # long texts are article titles, not categories
            continue
        url = canonical_url(anchor["href"], page_url)
        if (urlsplit(url).hostname or "").removeprefix("www.") != host or url.rstrip("/") == canonical_url(page_url).rstrip("/"):
            continue
        for rank, keyword in enumerate(LIST_KEYWORDS):
            if re.search(rf"(^|\W){re.escape(keyword)}(\W|$)", folded):
                if url not in found or found[url]["rank"] > rank:
                    found[url] = {"url": url, "text": text, "matched": keyword, "rank": rank}
                break
    return [dict(entry) for entry in sorted(found.values(), key=lambda entry: entry["rank"])]


def probe_robots(base: str) -> dict:
    import requests
    from protego import Protego

    robots_url = base + "/robots.txt"
    report = {"url": robots_url}
    try:
        try:
            response = requests.get(robots_url, headers={"User-Agent": settings.USER_AGENT}, timeout=settings.FETCH_TIMEOUT_SECONDS)
        except (requests.exceptions.SSLError, requests.exceptions.ConnectionError):
            if not robots_url.startswith("https://"):
                raise
            robots_url = "http://" + robots_url[len("https://"):]  # http-only site or broken certificate
            report["url"] = robots_url
            response = requests.get(robots_url, headers={"User-Agent": settings.USER_AGENT}, timeout=settings.FETCH_TIMEOUT_SECONDS)
    except requests.RequestException as exc:
        report.update(status=None, error=f"{exc.__class__.__name__}: {exc}",
                      meaning="unreachable: RFC 9309 says assume complete disallow until it can be read")
        return report
    report["status"] = response.status_code
    if response.status_code >= 500:
        report["meaning"] = "server error: RFC 9309 says assume complete disallow"
    elif response.status_code >= 400:
        report["meaning"] = "no robots.txt (4xx): everything allowed"
    else:
        rules = Protego.parse(response.text)
        report.update(allowed_home=rules.can_fetch(base + "/", settings.USER_AGENT),
                      crawl_delay=rules.crawl_delay(settings.USER_AGENT), sitemaps=list(rules.sitemaps))
    return report


def add_arguments(parser) -> None:
    parser.add_argument("url", help="any URL of the site (its home page is probed)")
    parser.add_argument("--follow", type=int, default=3, metavar="N",
                        help="fetch the first N list pages found and count their article links (default 3; 0: none)")


def probe(url: str, follow: int = 3) -> dict:
    from scrapers.adapters import get_adapter

    parts = urlsplit(url if "://" in url else "https://" + url)
    base = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    report: dict = {"url": url, "robots": probe_robots(base)}
    html, final_url, response = fetch_html(url if parts.path not in ("", "/") else base + "/")
    report["home"] = {"url": final_url, "status": response.status_code, "content_type": response.headers.get("Content-Type"),
                      "declared_charset": charset_from_content_type(response.headers.get("Content-Type")), "bytes": len(response.content)}
    family, evidence = detect_cms(html)
    report["cms"] = {"family": family, "evidence": evidence}
    list_pages = find_list_pages(html, final_url)
    adapter = get_adapter(family)
    for entry in list_pages[: max(follow, 0)]:
        time.sleep(settings.DEFAULT_MIN_DELAY_SECONDS)  # politeness between our own requests
        try:
            page_html, page_url, _ = fetch_html(entry["url"])
            items = adapter.parse_list(page_html, page_url)
            entry["article_links"] = len(items)
            entry["sample"] = [{"url": i.url, "title": i.title, "published": i.published.isoformat() if i.published else None} for i in items[:3]]
            entry["next_page"] = adapter.next_page_url(page_html, page_url, 1)
        except Exception as exc:  # one bad category page should not spoil the report
            entry["error"] = f"{exc.__class__.__name__}: {exc}"
    report["list_pages"] = [{k: v for k, v in entry.items() if k != "rank"} for entry in list_pages]
    host = urlsplit(final_url).hostname or parts.hostname
    from scrapers.adapters.docbao import known_selectors

    historical = known_selectors(parts.hostname) or known_selectors(host)
    if historical:
        report["docbao_selectors"] = historical  # historical markup: check it against an article page
    report["draft_registry_entry"] = {
        "id": re.sub(r"[^a-z0-9]+", "_", host.removeprefix("www.").split(".gov.vn")[0].lower()).strip("_"),
        "name": None, "province_code": None, "successor_province_code": None,
        "base_url": base, "cms": family, "list_urls": [entry["url"] for entry in list_pages[:4]],
        "allowed_domains": sorted({host, host.removeprefix("www.")}), "selectors": historical or {},
        "politeness": {"min_delay_seconds": max(settings.DEFAULT_MIN_DELAY_SECONDS, report["robots"].get("crawl_delay") or 0)},
        "active": False, "verified": False,
    }
    return report


def run(args) -> int:
    try:
        report = probe(args.url, args.follow)
    except Exception as exc:
        print(f"probe: cannot probe {args.url}: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    return 0
