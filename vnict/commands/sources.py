"""``python -m vnict sources``: list the source registry (validated), one source a line.

    python -m vnict sources [--active] [--json]

Loading validates the whole registry (``scrapers.registry.load_sources``): a broken entry is
reported with its file, source and field, and the exit status is 2. With ``VNICT_SOURCE_ENDPOINTS``
set, each source shows the mirror endpoint it is served from.
"""
from __future__ import annotations

import datetime as dt
import json
import sys

HELP = "list the source registry"


def add_arguments(parser) -> None:
    parser.add_argument("--active", action="store_true", help="only sources active today")
    parser.add_argument("--json", action="store_true", help="one JSON object per source instead of a table")


def describe(source) -> dict:
    return {
        "id": source.id, "name": source.name, "role": source.role, "cms": source.cms, "cms_reason": source.cms_reason,
        "province_code": source.province_code, "successor_province_code": source.successor_province_code,
        "evidence": {key: (value.isoformat() if hasattr(value, "isoformat") else value)
                     for key, value in (source.evidence or {}).items()},
        "archived": source.is_archived,
        "active": source.active, "verified": source.verified, "active_today": source.is_active_on(dt.date.today()),
        "valid_from": source.valid_from.isoformat() if source.valid_from else None,
        "valid_to": source.valid_to.isoformat() if source.valid_to else None,
        "successor": source.successor, "list_urls": list(source.list_urls), "selectors": dict(source.selectors or {}),
        "endpoint": source.endpoint,
    }


def run(args) -> int:
    from warehouse import settings
    from scrapers.registry import RegistryError, load_sources

    try:
        sources = load_sources()
    except RegistryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    rows = [describe(source) for source in sources]
    if args.active:
        rows = [row for row in rows if row["active_today"]]
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return 0
    print(f"{len(rows)} source(s) in {settings.sources_file()}")
    for row in rows:
        state = "active" if row["active_today"] else "inactive"
        verified = "verified" if row["verified"] else "unverified"
        where = row["endpoint"] or (row["list_urls"][0] if row["list_urls"] else "")
        print(f"{row['id']:<24} {row['cms']:<16} province {row['province_code'] or '-':<4} {state:<8} {verified:<10} {where}")
    return 0
