"""``python -m vnict links URL_OR_FILE``: print the article links of a list page as JSON lines.

One object per line, in page order: ``{"url", "title", "published"}`` (published as YYYY-MM-DD or
null). The adapter is the registered source's when the page's host (or mirror endpoint) matches
one, the generic heuristic link finder otherwise. A file is read as raw bytes and decoded like a
fetched page; ``--base-url`` tells where it came from (else its canonical/og:url/base href is used).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from pathlib import Path

from warehouse import settings

log = logging.getLogger(__name__)
_CHARSET_PARAMETER = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def add_arguments(parser) -> None:
    parser.add_argument("target", metavar="URL_OR_FILE", help="list page URL (http/https) or a saved HTML file")
    parser.add_argument("--base-url", help="the URL a saved file came from (resolves links, picks the adapter)")
    parser.add_argument("--cms", help="use this adapter family instead of guessing (e.g. nukeviet4, generic)")
    parser.add_argument("--lead", action="store_true", help="also print each item's lead (summary) when found")


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, or None (never requests' ISO-8859-1 default)."""
    match = _CHARSET_PARAMETER.search(content_type or "")
    return match.group(1) if match else None


def fetch_html(url: str, timeout: float | None = None) -> tuple[str, str, requests.Response]:  # noqa: F821 - imported lazily
    """GET ``url`` with the project's User-Agent; return (decoded HTML, final URL, response)."""
    import requests

    from scrapers.textnorm import decode_html

    headers = {
        "User-Agent": settings.USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        "Accept-Language": "vi,en;q=0.5",
    }
    try:
        response = requests.get(url, headers=headers, timeout=timeout or settings.FETCH_TIMEOUT_SECONDS)
    except (requests.exceptions.SSLError, requests.exceptions.ConnectionError) as exc:
        if not url.startswith("https://"):
            raise
        # Many provincial sites serve http only or carry broken certificates: try plain http once,
        # rather than switching certificate checks off.
        log.warning("https failed for %s (%s); trying http", url, exc.__class__.__name__)
        print(f"note: https failed ({exc.__class__.__name__}); retrying over http", file=sys.stderr)
        response = requests.get(
            "http://" + url[len("https://") :], headers=headers, timeout=timeout or settings.FETCH_TIMEOUT_SECONDS
        )
    response.raise_for_status()
    return (
        decode_html(response.content, charset_from_content_type(response.headers.get("Content-Type"))),
        response.url,
        response,
    )


def _declared_page_url(html: str) -> str | None:
    """Where a saved page came from: its canonical/og:url/base href, else the host most of its links name."""
    from collections import Counter
    from urllib.parse import urlsplit

    from scrapers import dom

    root = dom.parse_html(html)
    for selector, attribute in (
        ('link[rel="canonical"]', "href"),
        ('meta[property="og:url"]', "content"),
        ("base[href]", "href"),
    ):
        element = dom.select_one(root, selector)
        value = element.get(attribute) if element is not None else None
        if value and value.startswith(("http://", "https://")):
            return value
    hrefs = (a.get("href") for a in root.iter("a") if a.get("href") is not None)
    origins = Counter(
        f"{parts.scheme}://{parts.netloc}/"
        for parts in (urlsplit(href) for href in hrefs)
        if parts.scheme in ("http", "https") and parts.netloc
    )
    return origins.most_common(1)[0][0] if origins else None


def load_page(target: str, base_url: str | None = None) -> tuple[str, str]:
    """(HTML, page URL) of a URL or a saved file."""
    if target.startswith(("http://", "https://")):
        html, final_url, _ = fetch_html(target)
        return html, final_url
    from scrapers.textnorm import decode_html

    path = Path(target)
    html = decode_html(path.read_bytes(), None)
    # Relative links of a page with no known origin resolve against a placeholder site.
    return html, base_url or _declared_page_url(html) or "http://saved-page.invalid/"


def adapter_for_url(page_url: str, cms: str | None = None):
    """(adapter, source id or None) for a page: forced family, registered source, or generic."""
    from scrapers.adapters import get_adapter

    if cms:
        return get_adapter(cms), None
    try:
        from scrapers.registry import find_source_for_url, load_sources

        source = find_source_for_url(page_url, load_sources())
    except Exception as exc:  # a broken registry must not stop a one-off look at a page
        log.warning("source registry unavailable (%s); using the generic adapter", exc)
        source = None
    if source is None:
        return get_adapter("generic"), None
    return get_adapter(source.cms, source.selectors), source.id


def list_items(target: str, base_url: str | None = None, cms: str | None = None):
    html, page_url = load_page(target, base_url)
    adapter, source_id = adapter_for_url(page_url, cms)
    return adapter.parse_list(html, page_url), adapter, source_id


def run(args) -> int:
    import requests

    try:
        items, adapter, source_id = list_items(args.target, args.base_url, args.cms)
    except requests.RequestException as exc:  # before OSError: requests' errors subclass it
        print(f"links: cannot fetch {args.target}: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"links: cannot read {args.target}: {exc} (give an http(s) URL or an existing file)", file=sys.stderr)
        return 1
    print(
        f"links: {len(items)} article links via {adapter.cms} adapter"
        + (f" (source {source_id})" if source_id else ""),
        file=sys.stderr,
    )
    for item in items:
        record = {
            "url": item.url,
            "title": item.title,
            "published": item.published.isoformat() if item.published else None,
        }
        if args.lead:
            record["lead"] = item.lead
        print(json.dumps(record, ensure_ascii=False))
    return 0
