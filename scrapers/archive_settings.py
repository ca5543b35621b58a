"""The registry's optional ``archive:`` block: where a source's past pages can be read from a web archive.

A department's site may be gone, or list only its latest pages; its history then survives in a
Wayback-style archive (the Internet Archive, or any pywb/OpenWayback server). The block says where
that archive answers (its CDX index and its replay prefix), which of the site's URLs to list, the
years wanted, how gently to treat the archive host, and which CMS the site ran when, so that old
captures are parsed with the adapter of the markup they were written in. Every key is optional:
a source without the block can still be backfilled with the defaults below and the CLI's options.

    archive:
      enabled: true                         # false: keep the block, do not read the source from an archive
      url: https://web.archive.org          # the archive's root; CDX at <url>/cdx/search/cdx, replay at <url>/web/
      cdx_url: null                         # override for archives laid out otherwise (pywb: <root>/<coll>/cdx)
      replay_url: null                      #   and <root>/<coll>/
      url_prefixes: [dic.gov.vn/tin-tuc/]   # listed with matchType=prefix; default: the base_url's host
      article_url_pattern: null             # regex an original URL must match to be an article capture
      from: 2012                            # first year (or date) of captures wanted
      to: 2024                              # last year (or date)
      page_size: 500                        # CDX rows per request (resume key between pages)
      cms_periods:                          # the site's CMS before it ran the registry's `cms`
        - {until: 2015-12-31, cms: nukeviet3}
      politeness: {min_delay_seconds: 2.0}  # the archive host's own delay, retries, timeouts

Parsing raises ``ValueError("<field>: <message>")``; ``scrapers.registry`` names the file and source.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

DEFAULT_ARCHIVE_URL = "https://web.archive.org"
DEFAULT_PAGE_SIZE = 500
KNOWN_KEYS = frozenset(
    {
        "enabled",
        "url",
        "cdx_url",
        "replay_url",
        "url_prefixes",
        "article_url_pattern",
        "from",
        "to",
        "page_size",
        "cms_periods",
        "politeness",
    }
)
_TIMESTAMP = re.compile(r"^\d{4,14}$")


@dataclass(frozen=True)
class CmsPeriod:
    """Captures taken on or before ``until`` were written by CMS family ``cms``."""

    until: dt.date
    cms: str


@dataclass(frozen=True)
class ArchiveSettings:
    # false: the block is kept (its prefixes, CMS history) but the source is not read from an archive
    enabled: bool = True
    url: str = DEFAULT_ARCHIVE_URL
    cdx_url: str | None = None
    replay_url: str | None = None
    url_prefixes: tuple[str, ...] = ()
    article_url_pattern: str | None = None
    # CDX timestamps (4 to 14 digits): "2012" is the start of 2012 as `from`, its end as `to`.
    from_timestamp: str | None = None
    to_timestamp: str | None = None
    page_size: int = DEFAULT_PAGE_SIZE
    cms_periods: tuple[CmsPeriod, ...] = ()
    # A scrapers.registry.Politeness for the archive host (None: the archive defaults of settings).
    politeness: object = field(default=None, compare=False)

    @property
    def cdx_endpoint(self) -> str:
        return self.cdx_url or self.url.rstrip("/") + "/cdx/search/cdx"

    @property
    def replay_prefix(self) -> str:
        """Replay URLs are ``<replay_prefix><14-digit timestamp>id_/<original URL>``."""
        prefix = self.replay_url or self.url.rstrip("/") + "/web/"
        return prefix if prefix.endswith("/") else prefix + "/"

    @property
    def hosts(self) -> tuple[str, ...]:
        """The archive's hosts (host:port): the only places a backfill may fetch from."""
        return tuple(dict.fromkeys(urlsplit(url).netloc.lower() for url in (self.cdx_endpoint, self.replay_prefix)))

    def cms_at(self, day: dt.date | None, default: str) -> str:
        """The CMS family that wrote a capture taken on ``day`` (``default``: the registry's ``cms``)."""
        if day is not None:
            for period in sorted(self.cms_periods, key=lambda p: p.until):
                if day <= period.until:
                    return period.cms
        return default


def archive_politeness_defaults() -> dict:
    """The politeness keys an archive host gets unless the block says otherwise."""
    from warehouse import settings

    return {
        "min_delay_seconds": settings.ARCHIVE_MIN_DELAY_SECONDS,
        "run_budget_seconds": settings.ARCHIVE_RUN_BUDGET_SECONDS,
    }


def as_timestamp(value, *, end: bool = False) -> str | None:
    """A year, a date or a CDX timestamp as CDX timestamp digits (None stays None).

    A date ``to`` is made inclusive (``20241231`` covers that whole day in CDX semantics)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y%m%d%H%M%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    text = str(value).strip().replace("-", "")
    if not _TIMESTAMP.match(text):
        raise ValueError(f"expected a year, a date YYYY-MM-DD or 4 to 14 timestamp digits, got {value!r}")
    return text


def _check_url(name: str, value) -> str:
    if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).hostname:
        raise ValueError(f"{name}: expected an absolute http(s) URL, got {value!r}")
    return value.strip()


def parse_archive_settings(value, *, cms_families, parse_politeness) -> ArchiveSettings | None:
    """The ``archive:`` mapping of one registry entry, checked. ``parse_politeness(mapping)`` is the
    registry's own politeness parser (the archive host's politeness has the same keys)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(f"archive: expected a mapping, got {type(value).__name__}")
    if value.get("politeness") is not None and not isinstance(value["politeness"], dict):
        raise ValueError(f"archive.politeness: expected a mapping, got {type(value['politeness']).__name__}")
    unknown = set(value) - KNOWN_KEYS
    if unknown:
        raise ValueError(f"archive: unknown keys {sorted(unknown)}; known: {sorted(KNOWN_KEYS)}")
    checked: dict = {}
    if "enabled" in value:
        if not isinstance(value["enabled"], bool):
            raise ValueError(f"archive.enabled: expected true or false, got {value['enabled']!r}")
        checked["enabled"] = value["enabled"]
    for key in ("url", "cdx_url", "replay_url"):
        if value.get(key) is not None:
            checked[key] = _check_url(f"archive.{key}", value[key])
    prefixes = value.get("url_prefixes") or []
    if (
        isinstance(prefixes, str)
        or not isinstance(prefixes, list)
        or not all(isinstance(p, str) and p for p in prefixes)
    ):
        raise ValueError("archive.url_prefixes: expected a list of URL prefixes such as dic.gov.vn/tin-tuc/")
    checked["url_prefixes"] = tuple(prefixes)
    pattern = value.get("article_url_pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            raise ValueError(f"archive.article_url_pattern: not a regular expression: {exc}") from exc
        checked["article_url_pattern"] = pattern
    for key, name in (("from", "from_timestamp"), ("to", "to_timestamp")):
        try:
            checked[name] = as_timestamp(value.get(key))
        except ValueError as exc:
            raise ValueError(f"archive.{key}: {exc}") from exc
    if (
        checked["from_timestamp"]
        and checked["to_timestamp"]
        and checked["to_timestamp"].ljust(14, "9") < checked["from_timestamp"].ljust(14, "0")
    ):
        raise ValueError(f"archive.to: {value.get('to')} is before archive.from {value.get('from')}")
    page_size = value.get("page_size", DEFAULT_PAGE_SIZE)
    if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
        raise ValueError(f"archive.page_size: expected a positive whole number, got {page_size!r}")
    checked["page_size"] = page_size
    periods = []
    for index, period in enumerate(value.get("cms_periods") or []):
        where = f"archive.cms_periods[{index}]"
        if not isinstance(period, dict) or set(period) != {"until", "cms"}:
            raise ValueError(f"{where}: expected {{until: YYYY-MM-DD, cms: FAMILY}}, got {period!r}")
        until = period["until"]
        if isinstance(until, str):
            try:
                until = dt.date.fromisoformat(until)
            except ValueError:
                pass
        if not isinstance(until, dt.date):
            raise ValueError(f"{where}.until: expected a date YYYY-MM-DD, got {period['until']!r}")
        if period["cms"] not in cms_families:
            raise ValueError(f"{where}.cms: unknown CMS family {period['cms']!r}; choose one of {sorted(cms_families)}")
        periods.append(CmsPeriod(until, period["cms"]))
    checked["cms_periods"] = tuple(periods)
    # Keys left out take the archive defaults (settings.ARCHIVE_*), not a source site's defaults.
    checked["politeness"] = parse_politeness({**archive_politeness_defaults(), **(value.get("politeness") or {})})
    return ArchiveSettings(**checked)
