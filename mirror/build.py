"""Render the mirror's sites into pages: templates + YAML data + the real seed texts -> bytes.

Each site lives in ``mirror/sites/<site>/``: ``site.yaml`` (lists, articles, robots.txt) and Jinja2
templates. Seed articles take their text, line by line, from the seed files; the site's ``recipe``
for a seed only says which line plays which part on the page (title, date, lead, caption, ad box,
comment counter…), so the page carries the seed's exact text, clutter included, as the real page did.
Rendering is deterministic: no clocks, no randomness, sorted data, so content hashes are stable.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime
from functools import cache
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader

from warehouse import settings

SITES_DIR = Path(__file__).resolve().parent / "sites"
BUNDLED_SEEDS_DIR = SITES_DIR / "seed_texts"
BODY_KINDS = ("para", "ad", "caption", "figure", "author")


@dataclass(frozen=True)
class Page:
    body: bytes
    content_type: str
    last_modified: str  # RFC 7231 date
    etag: str


@dataclass
class Site:
    site_id: str
    name: str
    source_ids: list[str]
    data: dict = field(default_factory=dict, repr=False)  # site.yaml as loaded
    pages: dict[str, Page] = field(default_factory=dict)  # "/path?query" -> page
    list_paths: dict[str, list[str]] = field(default_factory=dict)  # source_id -> list page URLs (page 1..N)
    articles: list[dict] = field(default_factory=list)


def seeds_dir() -> Path:
    """The shared corpus when present (CI checkouts beside ../shared), else the bundled copies."""
    shared = settings.SHARED_DIR / "corpus" / "seeds"
    return shared if shared.is_dir() else BUNDLED_SEEDS_DIR


def seed_lines(seed_file: str) -> list[str]:
    text = (seeds_dir() / seed_file).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def apply_recipe(seed_file: str, recipe: dict) -> list[dict]:
    """Seed lines as page blocks ``{"kind", "text", ...}`` in seed order.

    ``recipe["roles"]`` entries ``{startswith, kind, parts?}`` each claim the first unclaimed line
    starting with ``startswith``; unclaimed lines are body paragraphs. ``recipe["inline_figures"]``
    cut a paragraph around an image path and its caption (text dumps glue them into the paragraph).
    """
    lines = seed_lines(seed_file)
    kinds: list[dict | None] = [None] * len(lines)
    for role in recipe.get("roles", []):
        for index, line in enumerate(lines):
            if kinds[index] is None and line.startswith(role["startswith"]):
                kinds[index] = role
                break
        else:
            raise ValueError(f"{seed_file}: no unclaimed line starts with {role['startswith']!r}")
    blocks: list[dict] = []
    for line, role in zip(lines, kinds):
        block = {"kind": role["kind"] if role else "para", "text": line}
        if role and role.get("parts"):
            parts = role["parts"]
            if "".join(parts.values()).replace(" ", "") != line.replace(" ", ""):
                raise ValueError(f"{seed_file}: parts {parts} do not add up to the line {line!r}")
            block.update(parts)
        blocks.append(block)
    for figure in recipe.get("inline_figures", []):
        blocks = _cut_inline_figure(blocks, figure, seed_file)
    return blocks


def _cut_inline_figure(blocks: list[dict], figure: dict, seed_file: str) -> list[dict]:
    for index, block in enumerate(blocks):
        text = block["text"]
        if block["kind"] == "para" and figure["image"] in text and figure["caption"] in text:
            before, rest = text.split(figure["image"], 1)
            between, after = rest.split(figure["caption"], 1)
            if between.strip():
                raise ValueError(f"{seed_file}: text between image and caption: {between!r}")
            new = [
                {"kind": "para", "text": before.strip()},
                {"kind": "figure", "text": figure["caption"], "image": figure["image"]},
                {"kind": "para", "text": after.strip()},
            ]
            return blocks[:index] + [b for b in new if b["text"]] + blocks[index + 1 :]
    raise ValueError(f"{seed_file}: inline figure {figure['image']!r} not found")


def article_blocks(article: dict) -> list[dict]:
    if article.get("seed"):
        return apply_recipe(article["seed"], article.get("recipe", {}))
    blocks = [{"kind": "para", "text": paragraph.strip()} for paragraph in article["body"].strip().split("\n\n")]
    if article.get("author"):
        blocks.append({"kind": "author", "text": article["author"]})
    return blocks


def first_of(blocks: list[dict], kind: str) -> dict | None:
    return next((block for block in blocks if block["kind"] == kind), None)


def _http_date(value) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, 8, 0)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return format_datetime(value.astimezone(UTC), usegmt=True)


def _page(body: str, content_type: str, modified) -> Page:
    data = body.encode("utf-8")
    return Page(data, content_type, _http_date(modified), '"' + hashlib.sha256(data).hexdigest()[:32] + '"')


def _prepare_article(article: dict) -> dict:
    """The template context of one article: its blocks and the parts the header needs."""
    blocks = article_blocks(article)
    prepared = dict(article)
    prepared["blocks"] = blocks
    title_block = first_of(blocks, "title")
    prepared["title"] = article.get("title") or (title_block["text"] if title_block else None)
    lead_block = first_of(blocks, "lead")
    prepared.setdefault("lead", lead_block["text"] if lead_block else None)
    date_block = first_of(blocks, "date")
    if date_block and "date_text" not in date_block:
        prepared.setdefault("date_text", date_block["text"])
    for block in blocks:  # parts of seed lines (date text, view count…) become header fields
        for key, value in block.items():
            if key not in ("kind", "text", "image"):
                prepared.setdefault(key, value)
    prepared["body_blocks"] = [block for block in blocks if block["kind"] in BODY_KINDS]
    prepared["chrome"] = {block["kind"]: block for block in blocks if block["kind"] not in BODY_KINDS}
    prepared["chrome_all"] = [block for block in blocks if block["kind"] not in BODY_KINDS]
    if not prepared["title"]:
        raise ValueError(f"article {article['id']} has no title")
    return prepared


def _modified(article: dict, fallback: str):
    return article.get("published") or article.get("modified") or fallback


def load_scenario(path: str | Path | None) -> dict[str, list[dict]]:
    """Extra articles a test scenario adds to the sites: ``{site: [article, ...]}``.

    A scenario file (YAML) holds ``articles: [{site: dic, lists: [/tin-tuc/...], <article fields>}]``;
    each article is put first in the lists it names, as a newly published article would be.
    Why: a test can make a mirrored site publish, say, an article with an impossible figure,
    without touching the real seed data."""
    if not path:
        return {}
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    by_site: dict[str, list[dict]] = {}
    for article in data.get("articles") or []:
        by_site.setdefault(article["site"], []).append(article)
    return by_site


def _with_scenario(data: dict, extra_articles: list[dict]) -> dict:
    data = dict(data, articles=list(data["articles"]), lists=[dict(listing) for listing in data["lists"]])
    for extra in extra_articles:
        article = {key: value for key, value in extra.items() if key not in ("site", "lists")}
        data["articles"].append(article)
        for listing in data["lists"]:
            if listing["path"] in extra.get("lists", []):
                listing["articles"] = [article["id"], *listing["articles"]]
    return data


@cache
def build_site(site_dir_name: str, scenario: str | None = None) -> Site:
    """Render one site (cached: the result is the same every time), with a scenario's extra articles."""
    site_dir = SITES_DIR / site_dir_name
    data = yaml.safe_load((site_dir / "site.yaml").read_text(encoding="utf-8"))
    extra_articles = load_scenario(scenario).get(site_dir_name, [])
    if extra_articles:
        data = _with_scenario(data, extra_articles)
    environment = Environment(loader=FileSystemLoader(str(site_dir)), autoescape=True, keep_trailing_newline=True)
    site = Site(data["site_id"], data["name"], list(data["source_ids"]), data)
    articles = {article["id"]: _prepare_article(article) for article in data["articles"]}
    site.articles = list(articles.values())
    fallback_modified = data["last_modified"]
    html = "text/html; charset=utf-8"
    newest_first = sorted(articles.values(), key=lambda a: str(a.get("published") or ""), reverse=True)
    common = {"site": data, "lists": data["lists"], "all_articles": newest_first}

    for article in articles.values():
        body = environment.get_template("article.html").render(**common, article=article)
        site.pages[article["path"]] = _page(body, html, _modified(article, fallback_modified))

    for listing in data["lists"]:
        members = [articles[article_id] for article_id in listing["articles"]]
        size = listing["page_size"]
        chunks = [members[start : start + size] for start in range(0, len(members), size)]
        urls = [listing["path"]] + [
            listing["page_url"].format(path=listing["path"], n=n) for n in range(2, len(chunks) + 1)
        ]
        for number, (url, chunk) in enumerate(zip(urls, chunks), start=1):
            pager = {
                "number": number,
                "count": len(chunks),
                "urls": urls,
                "previous": urls[number - 2] if number > 1 else None,
                "next": urls[number] if number < len(chunks) else None,
            }
            body = environment.get_template("list.html").render(**common, listing=listing, items=chunk, pager=pager)
            newest = max((str(_modified(a, fallback_modified)) for a in chunk), default=fallback_modified)
            site.pages[url] = _page(body, html, newest)
        for source_id in listing.get("source_ids", site.source_ids):
            site.list_paths.setdefault(source_id, []).extend(urls)

    home = environment.get_template("home.html").render(**common, latest=newest_first[: data.get("home_size", 6)])
    site.pages["/"] = _page(home, html, fallback_modified)
    site.pages["/robots.txt"] = _page(data["robots"], "text/plain; charset=utf-8", fallback_modified)
    return site


def site_names() -> list[str]:
    return sorted(path.name for path in SITES_DIR.iterdir() if (path / "site.yaml").is_file())


def build_all(scenario: str | Path | None = None) -> dict[str, Site]:
    return {name: build_site(name, str(scenario) if scenario else None) for name in site_names()}
