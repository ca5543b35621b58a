"""``python -m vnict probe --all``: probe every registry entry, report, and suggest the registry change.

For each source of the registry (or the ``--only`` ones) the site is probed as ``probe URL`` does it
(robots.txt, home page, CMS fingerprints, ICT category pages), and the entry's own ``list_urls`` are
fetched and read with its registered adapter, with a sample of the article links they show. Sources
on the same site are probed once. Nothing in the registry changes: the command writes

- ``probe_report.json``: one record per source (reachable, robots, CMS registered vs detected, list
  pages registered and discovered, article sample, suggestion);
- ``probe_report.txt``: the same as a table a person reads;
- ``suggested_registry.diff``: a unified diff of the registry file with the suggested edits
  (``cms``, ``cms_reason``, ``list_urls``, ``verified``), for the operator to review and apply
  with ``git apply`` -- or not. ``active`` is never suggested: going live is the operator's call.

A source whose site does not answer is reported as unreachable with the reason; the others go on.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import sys
from pathlib import Path

from warehouse import settings

MAX_SUGGESTED_LIST_URLS = 4


def probe_source(source, follow: int, site_cache: dict) -> dict:
    """The report record of one source; ``site_cache`` holds site probes by base URL (one per site)."""
    from vnict.commands.probe import probe

    record: dict = {
        "id": source.id,
        "name": source.name,
        "role": source.role,
        "province_code": source.province_code,
        "successor_province_code": source.successor_province_code,
        "base_url": source.base_url,
        "registered_cms": source.cms,
        "registered_list_urls": list(source.list_urls),
        "active": source.active,
        "verified": source.verified,
    }
    key = (source.base_url.rstrip("/"), tuple(source.list_urls), source.cms)
    if key not in site_cache:
        try:
            site_cache[key] = probe(
                source.base_url.rstrip("/") + "/", follow, check_urls=source.list_urls, registered_cms=source.cms
            )
        except Exception as exc:  # noqa: BLE001 - a dead site is a finding, not a crash
            site_cache[key] = {"error": f"{exc.__class__.__name__}: {exc}"}
    site = site_cache[key]
    if "error" in site:
        record.update(reachable=False, error=site["error"])
        record["suggestion"] = {
            "changes": {},
            "notes": [
                "unreachable: check the address (evidence in the registry); if the site is gone, read its history "
                "from a web archive (registry field `archive`, see docs/sources_registry.md)"
            ],
        }
        return record
    registered = site.get("registered_list_pages", [])
    discovered = [page for page in site.get("list_pages", []) if page.get("verified_list")]
    record.update(
        reachable=True,
        home={"url": site["home"]["url"], "status": site["home"]["status"]},
        robots=site["robots"],
        detected_cms=site["cms"]["family"],
        cms_evidence=site["cms"]["evidence"],
        registered_list_pages=registered,
        discovered_list_pages=[
            {"url": page["url"], "text": page["text"], "article_links": page.get("article_links")}
            for page in discovered
        ],
        article_sample=[item for page in registered + discovered for item in page.get("sample", [])][:3],
    )
    record["suggestion"] = suggest(source, record)
    return record


def suggest(source, record: dict) -> dict:
    """Which registry fields the probe's findings would change, and notes for the operator."""
    changes: dict = {}
    notes: list[str] = []
    detected = record["detected_cms"]
    if detected != source.cms and detected != "generic":
        changes["cms"] = detected
        changes["cms_reason"] = (f"probe {dt.date.today().isoformat()}: " + "; ".join(record["cms_evidence"]))[:400]
    working = [page["url"] for page in record["registered_list_pages"] if page.get("verified_list")]
    home = source.base_url.rstrip("/") + "/"
    only_home = bool(working) and all(url.rstrip("/") + "/" == home for url in working)
    found = [page["url"] for page in record["discovered_list_pages"]][:MAX_SUGGESTED_LIST_URLS]
    if found and (not working or only_home):
        changes["list_urls"] = found
        working = found
        notes.append(
            "the registered list pages show no article links"
            if not only_home
            else "the registry lists only the home page"
        )
        notes[-1] += "; the ICT category pages found from the home page (with article links) are proposed instead"
    elif not working:
        notes.append("no list page with article links was found: look at the site and set list_urls by hand")
    robots = record["robots"]
    if robots.get("allowed_home") is False or "disallow" in robots.get("meaning", ""):
        notes.append("robots.txt does not allow the crawler here (or could not be read): do not verify before it does")
        working = []
    if working and not source.verified:
        changes["verified"] = True
    if changes.get("verified"):
        notes.append("verified means the site answers and shows article links; set active: true yourself to crawl it")
    return {"changes": changes, "notes": notes}


def _block_bounds(lines: list[str], source_id: str) -> tuple[int, int, str] | None:
    """(first line, end line, indentation of the entry's keys) of one entry in the registry text."""
    for start, line in enumerate(lines):
        match = re.match(rf"^(\s*)- id: {re.escape(source_id)}\s*$", line)
        if match:
            entry_indent = match.group(1)
            end = next(
                (
                    i
                    for i in range(start + 1, len(lines))
                    if re.match(rf"^{entry_indent}- ", lines[i])
                    or (lines[i].strip() and not lines[i].startswith(entry_indent + " "))
                ),
                len(lines),
            )
            return start, end, entry_indent + "  "
    return None


def _yaml_scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def apply_changes(text: str, changes_by_id: dict[str, dict]) -> str:
    """The registry text with each source's suggested fields replaced inside its own entry (comments kept)."""
    lines = text.splitlines(keepends=True)
    for source_id, changes in changes_by_id.items():
        bounds = _block_bounds(lines, source_id)
        if bounds is None or not changes:
            continue
        start, end, pad = bounds
        block = lines[start:end]
        block[0] = block[0].replace("- id:", "  id:", 1)  # the first key sits after the dash: same shape as the others
        for key, value in changes.items():
            index = next((i for i, line in enumerate(block) if line.startswith(f"{pad}{key}:")), None)
            if key == "list_urls":
                if index is None:
                    continue
                stop = index + 1
                while stop < len(block) and block[stop].lstrip().startswith("- ") and block[stop].startswith(pad):
                    stop += 1
                rendered = (
                    f"{pad}list_urls: [" + ", ".join(_yaml_scalar(url) if "?" in url else url for url in value) + "]\n"
                )
                block[index:stop] = [rendered]
                continue
            rendered = f"{pad}{key}: {value if key == 'cms' else _yaml_scalar(value)}\n"
            if index is not None:
                block[index] = rendered
            elif key == "cms_reason":
                cms_index = next((i for i, line in enumerate(block) if line.startswith(f"{pad}cms:")), None)
                if cms_index is not None:
                    block.insert(cms_index + 1, rendered)
        block[0] = block[0].replace("  id:", "- id:", 1)
        lines[start:end] = block
    return "".join(lines)


def format_table(records: list[dict]) -> str:
    header = f"{'source':<26} {'prov':<5} {'reach':<6} {'robots':<7} {'cms registered→detected':<28} {'lists ok':<9} {'articles':<8} suggestion"
    rows = [header, "-" * len(header)]
    for record in records:
        if not record["reachable"]:
            rows.append(
                f"{record['id']:<26} {record['province_code'] or '-':<5} {'no':<6} {'-':<7} {record['registered_cms'] + '→?':<28} "
                f"{'-':<9} {'-':<8} {record['error'][:70]}"
            )
            continue
        robots = record["robots"]
        robots_state = (
            "ok"
            if robots.get("allowed_home")
            else (
                "none"
                if "allow" in robots.get("meaning", "") and "disallow" not in robots.get("meaning", "")
                else "blocked"
            )
        )
        registered = record["registered_list_pages"]
        ok = sum(1 for page in registered if page.get("verified_list"))
        articles = sum(page.get("article_links", 0) for page in registered)
        cms = f"{record['registered_cms']}→{record['detected_cms']}"
        changes = record["suggestion"]["changes"]
        suggestion = ", ".join(f"{key}={value}" for key, value in changes.items() if key != "cms_reason") or "none"
        rows.append(
            f"{record['id']:<26} {record['province_code'] or '-':<5} {'yes':<6} {robots_state:<7} {cms:<28} "
            f"{f'{ok}/{len(registered)}':<9} {articles:<8} {suggestion[:90]}"
        )
    reachable = sum(1 for record in records if record["reachable"])
    to_verify = sum(1 for record in records if record["suggestion"]["changes"].get("verified"))
    rows.append("")
    rows.append(
        f"{len(records)} source(s) probed: {reachable} reachable, {len(records) - reachable} unreachable, "
        f"{to_verify} suggested verified"
    )
    return "\n".join(rows) + "\n"


def run(args) -> int:
    from scrapers.registry import RegistryError, load_sources

    registry_path = Path(args.sources) if args.sources else settings.sources_file()
    try:
        sources = load_sources(registry_path)
    except RegistryError as exc:
        print(f"probe --all: {exc}", file=sys.stderr)
        return 2
    if args.only:
        unknown = set(args.only) - {source.id for source in sources}
        if unknown:
            print(f"probe --all: no source {sorted(unknown)} in {registry_path}", file=sys.stderr)
            return 2
        sources = [source for source in sources if source.id in set(args.only)]
    out_dir = (
        Path(args.out)
        if args.out
        else settings.data_dir() / "probe" / dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    site_cache: dict = {}
    records = []
    for number, source in enumerate(sources, 1):
        print(f"[{number}/{len(sources)}] {source.id}: {source.base_url}", file=sys.stderr)
        records.append(probe_source(source, args.follow, site_cache))
    report = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "registry": str(registry_path),
        "sources": records,
        "summary": {
            "probed": len(records),
            "reachable": sum(1 for r in records if r["reachable"]),
            "suggested_verified": sum(1 for r in records if r["suggestion"]["changes"].get("verified")),
        },
    }
    (out_dir / "probe_report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )
    table = format_table(records)
    (out_dir / "probe_report.txt").write_text(table, encoding="utf-8")
    original = registry_path.read_text(encoding="utf-8")
    suggested = apply_changes(original, {record["id"]: record["suggestion"]["changes"] for record in records})
    try:
        label = registry_path.resolve().relative_to(settings.PROJECT_ROOT).as_posix()
    except ValueError:
        label = registry_path.name
    diff = "".join(
        difflib.unified_diff(
            original.splitlines(keepends=True),
            suggested.splitlines(keepends=True),
            fromfile=f"a/{label}",
            tofile=f"b/{label}",
        )
    )
    (out_dir / "suggested_registry.diff").write_text(diff, encoding="utf-8")
    print(table, end="")
    print(
        f"report: {out_dir / 'probe_report.json'}\ntable: {out_dir / 'probe_report.txt'}\n"
        f"suggested registry change (nothing applied): {out_dir / 'suggested_registry.diff'}"
        + ("" if diff else " (empty: no change suggested)")
    )
    return 0
