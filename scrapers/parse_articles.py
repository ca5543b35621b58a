"""Parse landed article pages and extract facts, for one source: archive bytes in, records out.

Used by ``python -m vnict reparse`` and by the DAG's parse task. Input is fetch records (any
runs); for every article URL the most recent landed page is parsed with the source's adapter, run
through ``extraction.extract_article``, and written as ``<source_id>.articles.jsonl`` and
``<source_id>.facts.jsonl`` of the given run. A page that fails to parse or extract is written
to ``<source_id>.parse_errors.jsonl`` and never stops the others. A page that parses but is no
readable article (``scrapers.content_checks``: empty body, navigation only, mojibake, an uncertain
legacy encoding) is written with its reasons to ``<source_id>.quarantine.jsonl`` and not extracted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from collections.abc import Iterable

from extraction import EXTRACTOR_VERSION, extract_article
from scrapers.adapters import adapter_for
from scrapers.registry import province_of_url
from scrapers.textnorm import declared_charset, decode_html_report, normalize_text, repair_mojibake
from scrapers.urls import article_id as make_article_id
from scrapers.urls import page_identity
from warehouse import archive
from warehouse.records import (
    ARTICLE_PAGE_KINDS,
    LANDED_OUTCOMES,
    ArticleRecord,
    FactRecord,
    FetchRecord,
    QuarantinedArticleRecord,
)

log = logging.getLogger(__name__)

VIETNAM_TZ = dt.timezone(dt.timedelta(hours=7), "Asia/Ho_Chi_Minh")  # no DST since 1975
# The fields that identify a fact (with its article, extractor version, type and offsets).
FACT_KEY_FIELDS = {
    "indicator": (
        "indicator",
        "kind",
        "year",
        "admin_level",
        "unit",
        "value",
        "value_high",
        "qualifier",
        "province_code",
    ),
    "ranking": ("ranking", "component", "year", "rank", "out_of", "province_code"),
    "incident": ("incident_type", "count", "unit", "period_start", "period_end", "target", "province_code"),
}
FACT_GROUPS = (("facts", "indicator"), ("rankings", "ranking"), ("incidents", "incident"))
_SPACE = re.compile(r"\s+")


def decode_page_report(body: bytes, content_type: str | None = None):
    """``(html, DecodedPage, lines repaired)``: the page decoded, how, and its mojibake undone.

    Double-encoded UTF-8 ("Káº¿t quáº£") is valid UTF-8, so decoding alone cannot see it; ftfy
    repairs the lines it judges bad (``scrapers.textnorm.repair_mojibake``)."""
    decoded = decode_html_report(body, declared_charset(content_type))
    html, repaired = repair_mojibake(decoded.text)
    return html, decoded, repaired


def body_sha256(body_text: str) -> str:
    """Hash of the normalised body: whitespace-insensitive, so a repost on another site matches."""
    normalised = _SPACE.sub(" ", normalize_text(body_text or "")).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def fact_id(article_id: str, extractor_version: str, fact_type: str, fact: dict) -> str:
    key = [
        article_id,
        extractor_version,
        fact_type,
        fact.get("char_start"),
        fact.get("char_end"),
        {name: fact.get(name) for name in FACT_KEY_FIELDS[fact_type]},
    ]
    return hashlib.sha1(json.dumps(key, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def page_as_of(record: dict) -> str:
    """When the page's content was as landed: a capture's archive timestamp, a live fetch's request
    time. A capture fetched today from a 2014 archive is a 2014 page, older than last month's fetch."""
    return str(record.get("capture_timestamp") or record.get("requested_at") or "")


def latest_landed_articles(fetch_records: Iterable[FetchRecord], source_id: str | None = None) -> list[FetchRecord]:
    """The most recent landed version of each article page (by ``page_as_of``), in first-seen order."""
    latest: dict[str, dict] = {}
    for record in fetch_records:
        if record.get("page_kind") not in ARTICLE_PAGE_KINDS or not record.get("content_sha256"):
            continue
        if record.get("outcome") not in LANDED_OUTCOMES:
            continue
        if source_id is not None and record.get("source_id") != source_id:
            continue
        key = record.get("canonical_url") or page_identity(record["url"])
        if key not in latest or _as_of_key(record) >= _as_of_key(latest[key]):
            latest[key] = record
    return list(latest.values())


def _as_of_key(record: dict) -> str:
    # ISO strings of both kinds compare as text once normalised to "...Z"/"+00:00"-free UTC.
    return page_as_of(record).replace("+00:00", "Z")


def _iso_published(value) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=VIETNAM_TZ)
        value = value.astimezone(VIETNAM_TZ)
        return value.isoformat(), value.date().isoformat()
    if isinstance(value, dt.date):
        return None, value.isoformat()
    return None, None


def _parser_version(adapter) -> str:
    version = getattr(adapter, "version", None) or getattr(adapter, "PARSER_VERSION", None)
    return str(version or "unknown")


def parser_version_for(source, adapter) -> str:
    """The adapter's version, plus a fingerprint of the source's selector overrides when it has any.

    Why: raw articles are keyed by (article, page bytes, parser version). Fixing a source's
    selectors in the registry and running ``reparse`` must land the corrected parse as a new row,
    not collide with the broken one and be dropped (the runbook's "fix the source, reparse, load")."""
    version = _parser_version(adapter)
    selectors = getattr(source, "selectors", None) or {}
    if not selectors:
        return version
    digest = hashlib.sha1(json.dumps(selectors, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
    return f"{version}+sel.{digest.hexdigest()[:8]}"


def capture_date(record: dict) -> dt.date | None:
    value = record.get("capture_timestamp")
    if not value:
        return None
    return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()


def cms_for_record(source, record: dict) -> str:
    """The CMS family that wrote this page: the registry's ``cms``, or for an archived capture the
    family of the period it was captured in (``archive.cms_periods``: sites change CMS over years)."""
    archive_settings = getattr(source, "archive", None)
    if archive_settings is None or not record.get("capture_timestamp"):
        return source.cms
    return archive_settings.cms_at(capture_date(record), source.cms)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def build_article(
    source, run_id: str, record: FetchRecord, parsed, parser_version: str, parsed_at: str
) -> ArticleRecord:
    """The article record of one parsed page; ``parse_and_extract`` adds how the page was decoded
    (``encoding``, ``encoding_source``, ``content_notes``) once the content checks ran."""
    canonical = record.get("canonical_url") or page_identity(record["url"])
    published_at, published_date = _iso_published(getattr(parsed, "published_at", None))
    body_text = normalize_text(getattr(parsed, "body_text", None) or "")
    title = getattr(parsed, "title", None)
    return {
        "article_id": make_article_id(canonical),
        "source_id": source.id,
        # a capture's article is the page at its original address, not the archive's replay URL
        "url": record.get("original_url") or record.get("final_url") or record["url"],
        "canonical_url": canonical,
        "content_sha256": record["content_sha256"],
        "title": normalize_text(title) if title else title,
        "published_at": published_at,
        "published_date": published_date,
        "author": getattr(parsed, "author", None),
        "lead": getattr(parsed, "lead", None),
        "body_text": body_text,
        "body_sha256": body_sha256(body_text),
        "province_code": source.province_code,
        "parser_version": parser_version,
        "extractor_version": None,
        "parsed_at": parsed_at,
        "run_id": run_id,
        # provenance of an archived copy (null for a live fetch): when the archive captured the
        # page, and where that capture can be read again
        "capture_timestamp": record.get("capture_timestamp"),
        "capture_url": record.get("capture_url"),
    }


def uncertainty_text(value) -> str | None:
    """The contract's ``uncertainty``: the reasons a confidence is below 1 as one "a; b" text, or None.

    Extractors that do not give it yet (or give nothing to say) load as null; a list of reasons is
    joined, so the warehouse holds one shape whatever the extractor emits."""
    if value is None:
        return None
    reasons = value if isinstance(value, (list, tuple)) else str(value).split(";")
    text = "; ".join(str(reason).strip() for reason in reasons if str(reason).strip())
    return text or None


def build_facts(
    article: ArticleRecord, extraction: dict, extractor_version: str, extracted_at: str
) -> list[FactRecord]:
    """Fact records of one article: the extractor's fields plus the contract's keys."""
    facts = []
    for group, fact_type in FACT_GROUPS:
        for entry in extraction.get(group) or []:
            fact = dict(entry)
            fact["province_code"] = entry.get("province_code") or article["province_code"]
            fact["uncertainty"] = uncertainty_text(entry.get("uncertainty"))
            fact.update(
                {
                    "fact_type": fact_type,
                    "fact_id": fact_id(article["article_id"], extractor_version, fact_type, entry),
                    "article_id": article["article_id"],
                    "extractor_version": extractor_version,
                    "extracted_at": extracted_at,
                    "run_id": article["run_id"],
                    "capture_timestamp": article.get("capture_timestamp"),
                    "capture_url": article.get("capture_url"),
                }
            )
            facts.append(fact)
    return facts


def parse_and_extract(
    source, run_id: str, fetch_records: Iterable[FetchRecord], *, adapter=None, landing=None, write: bool = True
) -> tuple[list[ArticleRecord], list[FactRecord]]:
    """Parse every landed article of ``source`` in ``fetch_records``; write and return (articles, facts)."""
    from scrapers.content_checks import check_article

    adapter = adapter or adapter_for(source)
    adapters = {source.cms: (adapter, parser_version_for(source, adapter))}
    extractor_version = EXTRACTOR_VERSION
    articles: list[ArticleRecord] = []
    facts: list[FactRecord] = []
    errors: list[dict] = []
    quarantined: list[QuarantinedArticleRecord] = []
    for record in latest_landed_articles(fetch_records, source.id):
        stage = "load"
        try:
            body = archive.load(record["content_sha256"], landing)
            stage = "decode"
            html, decoded, repaired = decode_page_report(body, record.get("content_type"))
            stage = "parse"
            page_adapter, parser_version = _adapter_of(source, record, adapters)
            page_url = record.get("original_url") or record.get("final_url") or record["url"]
            parsed = page_adapter.parse_article(html, page_url)
            article = build_article(source, run_id, record, parsed, parser_version, _now())
            stage = "check"
            report = check_article(
                article, html, decoded, repaired, parsed_body=normalize_text(getattr(parsed, "body_text", None) or "")
            )
        except Exception as exc:  # one bad page must not stop the run
            errors.append(_parse_error(source, run_id, record, stage, exc))
            continue
        article["encoding"] = decoded.encoding
        article["encoding_source"] = decoded.source
        article["content_notes"] = "; ".join(report.notes) or None
        if not report.ok:
            # Not an article we can read: kept with its reasons, never published, never dropped.
            log.warning("source %s: quarantined %s: %s", source.id, article["url"], "; ".join(report.issues))
            quarantined.append(dict(article, quarantine_reason="; ".join(report.issues)))
            continue
        try:
            extraction = (
                extract_article(
                    article["body_text"],
                    title=article["title"],
                    url=article["url"],
                    published=article["published_date"],
                    source_province_code=source.province_code,
                    include_implausible=True,
                    province_of_url=province_of_url,
                )
                or {}
            )
            if "province_code" in extraction:  # the extractor decides (null for national articles)
                article["province_code"] = extraction["province_code"]
            article["extractor_version"] = str(extractor_version)
            if article["published_date"] is None and extraction.get("published"):
                article["published_date"] = extraction["published"]
            facts.extend(build_facts(article, extraction, str(extractor_version), _now()))
        except Exception as exc:  # the article stays; its facts are missing and recorded as such
            errors.append(_parse_error(source, run_id, record, "extract", exc))
        articles.append(article)
    if write:
        archive.write_records(run_id, source.id, "articles", articles, landing)
        archive.write_records(run_id, source.id, "facts", facts, landing)
        archive.write_records(run_id, source.id, "parse_errors", errors, landing)
        archive.write_records(run_id, source.id, "quarantine", quarantined, landing)
    return articles, facts


def _adapter_of(source, record: dict, adapters: dict):
    """(adapter, parser_version) for the CMS that wrote this page; a family other than the source's
    own is named in the parser version, so the warehouse tells which markup a parse read."""
    family = cms_for_record(source, record)
    if family not in adapters:
        from scrapers.adapters import get_adapter

        # The registry's selector overrides are written for the site's current CMS, not the old one.
        other = get_adapter(family, None)
        adapters[family] = (other, f"{_parser_version(other)}+cms.{family}")
    return adapters[family]


def _parse_error(source, run_id: str, record: dict, stage: str, exc: Exception) -> dict:
    log.warning("source %s: cannot %s %s: %s", source.id, stage, record.get("url"), exc)
    canonical = record.get("canonical_url") or page_identity(record["url"])
    return {
        "run_id": run_id,
        "source_id": source.id,
        "url": record.get("url"),
        "canonical_url": canonical,
        "article_id": make_article_id(canonical),
        "content_sha256": record.get("content_sha256"),
        "stage": stage,
        "parse_error": f"{type(exc).__name__}: {exc}"[:1000],
        "parsed_at": _now(),
    }
