"""``python -m vnict extract --format jsonl FILE...``: facts of article files, one JSON object per file.

A plain-text file may start with header lines (``URL: …``, ``TITLE: …``, ``SOURCE: …``);
the extractor reads them. A ``.html``/``.htm`` file is parsed to text first: with the project's
CMS adapter when the registry knows its URL, otherwise with trafilatura.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

HELP = "extract facts from article text/HTML files, one JSON object per file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="article text (.txt) or HTML (.html) files")
    parser.add_argument("--format", choices=["jsonl"], default="jsonl", help="output format (default: jsonl)")
    parser.add_argument("--url", default=None, help="the article's URL, when the file does not say it")
    parser.add_argument(
        "--province", default=None, metavar="CODE", help="the source's province code (pre-2025), when known"
    )


def _read_html(raw: str, url: str | None) -> tuple[str, str | None, object, str | None]:
    """(body text, title, published, url) of an HTML page."""
    import trafilatura  # imported here: only HTML input needs it

    metadata = trafilatura.extract_metadata(raw)
    url = url or (getattr(metadata, "url", None) if metadata else None)  # the page's canonical URL
    parsed = _parse_with_adapter(raw, url)
    if parsed is not None:
        return (*parsed, url)
    text = trafilatura.extract(raw, include_comments=False, include_tables=True, favor_precision=True) or ""
    title = getattr(metadata, "title", None) if metadata else None
    published = getattr(metadata, "date", None) if metadata else None
    return text, title, published, url


def _parse_with_adapter(raw: str, url: str | None):
    if not url:
        return None
    from scrapers.adapters import get_adapter
    from scrapers.registry import find_source_for_url

    try:
        source = find_source_for_url(url)
        if source is None:
            return None
        article = get_adapter(source.cms, getattr(source, "selectors", None)).parse_article(raw, url)
    except Exception:  # noqa: BLE001 - a failing adapter falls back to generic extraction
        return None
    body = "\n".join(part for part in (article.lead, article.body_text) if part)
    return body, article.title, article.published_at


def extract_file(path: str, *, url: str | None = None, province: str | None = None) -> dict:
    from extraction import extract_article
    from scrapers.registry import province_of_url

    with open(path, encoding="utf-8-sig", errors="replace") as handle:  # -sig: a byte-order mark is not text
        raw = handle.read()
    title = published = None
    if path.lower().endswith((".html", ".htm")):
        raw, title, published, url = _read_html(raw, url)
    result = extract_article(
        raw, title=title, url=url, published=published, source_province_code=province, province_of_url=province_of_url
    )
    return {"doc": os.path.basename(path), **result}


def run(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files:
        try:
            record = extract_file(path, url=args.url, province=args.province)
        except OSError as error:
            print(f"extract: cannot read {path}: {error.strerror}; check the path", file=sys.stderr)
            status = 1
            continue
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return status
