"""Load, validate and query the source registry (``scrapers/sources.yaml``).

The registry is data: adding a source on a known CMS family is a YAML edit. This module turns
the YAML into frozen ``Source`` objects, refuses malformed entries with an error that names the
file, the source and the field, and -- when the offline mirror is running -- rebases every URL
onto the mirror endpoint of its source (``VNICT_SOURCE_ENDPOINTS``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import re
import threading
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml

from scrapers.archive_settings import ArchiveSettings, parse_archive_settings
from scrapers.urls import domain_allowed
from warehouse import settings

log = logging.getLogger(__name__)

SOURCE_ID_PATTERN = re.compile(r"^[a-z0-9_]+$")
# What a source is, which decides on which province map it is counted (docs/sources_registry.md):
# the 63 pre-2025 Departments of Information and Communications (Sở TT&TT) on the 63-province map, the
# Departments of Science and Technology (Sở KH&CN) that took their duties on the 34-province map.
SOURCE_ROLES = frozenset({"ict_department", "science_department", "ministry", "newspaper"})
# Where a source's URL comes from: a stored public page of the site, a stored page that names its
# address (mention), the seed corpus (articles
# published there), or a guess from a naming pattern (which the evidence must say).
EVIDENCE_KINDS = frozenset({"page", "mention", "seed_corpus", "inferred"})


class RegistryError(ValueError):
    """A registry file that cannot be used; the message says which file, source and field."""


# The CMS families and their adapters ("module:Class"), listed once in scrapers/adapters/families.yaml:
# read here as data, so that validating the registry does not import the parsing code.
CMS_FAMILIES_FILE = Path(__file__).resolve().parent / "adapters" / "families.yaml"


def _load_cms_families(path: Path = CMS_FAMILIES_FILE) -> dict[str, str]:
    families = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(families, dict) or "generic" not in families:
        raise RegistryError(f"{path}: expected a mapping family -> 'module:Class' that includes generic")
    for family, target in families.items():
        if not (
            isinstance(family, str)
            and SOURCE_ID_PATTERN.match(family)
            and isinstance(target, str)
            and re.fullmatch(r"scrapers\.adapters\.\w+:\w+", target)
        ):
            raise RegistryError(
                f"{path}: family {family!r}: expected a name [a-z0-9_]+ and "
                f"'scrapers.adapters.<module>:<Class>', got {target!r}"
            )
    return families


CMS_FAMILY_ADAPTERS: dict[str, str] = _load_cms_families()
CMS_FAMILIES = frozenset(CMS_FAMILY_ADAPTERS)


@dataclass(frozen=True)
class Politeness:
    """How gently one source is crawled. Defaults live in ``warehouse.settings``."""

    min_delay_seconds: float = settings.DEFAULT_MIN_DELAY_SECONDS
    timeout_seconds: float = settings.DEFAULT_TIMEOUT_SECONDS
    connect_timeout_seconds: float = settings.DEFAULT_CONNECT_TIMEOUT_SECONDS
    max_pages: int = settings.DEFAULT_MAX_LIST_PAGES
    max_bytes: int = settings.DEFAULT_MAX_BYTES
    max_retries: int = settings.DEFAULT_MAX_RETRIES
    backoff_seconds: float = settings.DEFAULT_BACKOFF_SECONDS
    max_retry_after_seconds: float = settings.DEFAULT_MAX_RETRY_AFTER_SECONDS
    # Time the source may take in one run; past it no new request starts (pages wait for the next run).
    run_budget_seconds: float = settings.DEFAULT_RUN_BUDGET_SECONDS
    # Some provincial sites serve expired or self-signed certificates; turning verification off is a
    # per-source decision written in the registry, never a global one.
    verify_tls: bool = True


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    base_url: str
    cms: str
    list_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    province_code: str | None = None
    successor_province_code: str | None = None
    # Not part of equality/hash: a dict is unhashable, and a source is identified by its id.
    selectors: dict = field(default_factory=dict, compare=False, hash=False)
    politeness: Politeness = field(default_factory=Politeness)
    active: bool = True
    verified: bool = False
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor: str | None = None
    role: str | None = None
    # {kind: page | seed_corpus | inferred, url, seen_on, note}: why we believe the URL (shape: docs/contracts.md).
    evidence: dict = field(default_factory=dict, compare=False, hash=False)
    # Why `cms` was chosen (URL shapes, generator tags, or "no page seen"): a guess until a probe confirms it.
    cms_reason: str | None = None
    # Owned by the web-archive backfill: where the source's past pages are read from a web archive
    # (scrapers.archive_settings; present and not `enabled: false`: the source is archived).
    archive: ArchiveSettings | None = field(default=None, compare=False, hash=False)
    # How often the source is expected to publish (days); silent longer = stale. One definition of
    # freshness for the marts, the dashboard and the quality gate: docs/contracts.md, "Freshness".
    expected_publish_interval_days: int = settings.DEFAULT_EXPECTED_PUBLISH_INTERVAL_DAYS
    # Set when the source is served by the offline mirror (VNICT_SOURCE_ENDPOINTS): "http://127.0.0.1:PORT".
    endpoint: str | None = field(default=None, compare=False)
    # The English name the warehouse shows (ref_sources.source_name_en); without it a department's is
    # made from its Vietnamese name ("Ha Tinh Department of ...", scrapers.source_seed).
    name_en: str | None = None

    def is_active_on(self, day: dt.date) -> bool:
        if not self.active:
            return False
        if self.valid_from and day < self.valid_from:
            return False
        if self.valid_to and day > self.valid_to:
            return False
        return True

    def allows_url(self, url: str) -> bool:
        return domain_allowed(url, self.allowed_domains)

    @property
    def fetch_domains(self) -> tuple[str, ...]:
        """Where the crawler may go: only the mirror endpoint when mirrored (never the real site)."""
        if self.endpoint:
            return (urlsplit(self.endpoint).netloc.lower(),)
        return self.allowed_domains

    def localize(self, url: str) -> str:
        """``url`` moved onto the mirror endpoint when it points at one of the source's real domains."""
        if self.endpoint and domain_allowed(url, self.allowed_domains) and not domain_allowed(url, self.fetch_domains):
            return _rebase_url(url, self.endpoint)
        return url

    @property
    def is_archived(self) -> bool:
        """True when the archive backfill reads this source from a web archive."""
        return self.archive is not None and self.archive.enabled


_REQUIRED = ("id", "name", "base_url", "cms", "list_urls")
_KNOWN_KEYS = {f.name for f in fields(Source)}
_POLITENESS_KEYS = {f.name for f in fields(Politeness)}


def _fail(path, source_id, field_name, message) -> RegistryError:
    where = f"{path}: source {source_id!r}" if source_id else f"{path}"
    if field_name:
        where += f", field {field_name!r}"
    return RegistryError(f"{where}: {message}")


def _check_url(path, source_id, field_name, value) -> str:
    if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).hostname:
        raise _fail(path, source_id, field_name, f"expected an absolute http(s) URL, got {value!r}")
    return value.strip()


def _check_date(path, source_id, field_name, value) -> dt.date | None:
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail(path, source_id, field_name, f"expected a date YYYY-MM-DD or null, got {value!r}")


def _optional_code(path, source_id, field_name, value) -> str | None:
    if value is None:
        return None
    if isinstance(value, int):  # YAML reads 25 as an int; codes are strings ("01" keeps its zero)
        return f"{value:02d}"
    if isinstance(value, str):
        return value
    raise _fail(path, source_id, field_name, f"expected a province code string or null, got {value!r}")


def _politeness(path, source_id, value) -> Politeness:
    if value is None:
        return Politeness()
    if not isinstance(value, dict):
        raise _fail(path, source_id, "politeness", f"expected a mapping, got {type(value).__name__}")
    unknown = set(value) - _POLITENESS_KEYS
    if unknown:
        raise _fail(path, source_id, "politeness", f"unknown keys {sorted(unknown)}; known: {sorted(_POLITENESS_KEYS)}")
    checked = {}
    for key, item in value.items():
        if key == "verify_tls":
            if not isinstance(item, bool):
                raise _fail(path, source_id, "politeness.verify_tls", f"expected true or false, got {item!r}")
            checked[key] = item
            continue
        kind = int if key in ("max_pages", "max_bytes", "max_retries") else float
        if isinstance(item, bool) or not isinstance(item, (int, float)) or item < 0:
            raise _fail(path, source_id, f"politeness.{key}", f"expected a non-negative number, got {item!r}")
        if kind is int and item != int(item):
            raise _fail(path, source_id, f"politeness.{key}", f"expected a whole number, got {item!r}")
        checked[key] = kind(item)
    return Politeness(**checked)


def _evidence(path, source_id, value) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(
            path, source_id, "evidence", f"expected a mapping {{kind, url, seen_on, note}}, got {type(value).__name__}"
        )
    kind = value.get("kind")
    if kind not in EVIDENCE_KINDS:
        raise _fail(path, source_id, "evidence.kind", f"expected one of {sorted(EVIDENCE_KINDS)}, got {kind!r}")
    unknown = set(value) - {"kind", "url", "seen_on", "note"}
    if unknown:
        raise _fail(path, source_id, "evidence", f"unknown keys {sorted(unknown)}; known: kind, url, seen_on, note")
    checked = dict(value)
    if kind in ("page", "mention"):
        checked["url"] = _check_url(path, source_id, "evidence.url", value.get("url"))
    elif value.get("url") is not None:
        checked["url"] = _check_url(path, source_id, "evidence.url", value["url"])
    if kind == "inferred" and not (isinstance(value.get("note"), str) and value["note"].strip()):
        raise _fail(path, source_id, "evidence.note", "an inferred URL must say how it was inferred")
    if value.get("note") is not None and not isinstance(value["note"], str):
        raise _fail(path, source_id, "evidence.note", f"expected a string, got {value['note']!r}")
    checked["seen_on"] = _check_date(path, source_id, "evidence.seen_on", value.get("seen_on"))
    return checked


def _optional_text(path, source_id, field_name, value) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, source_id, field_name, f"expected a non-empty string or null, got {value!r}")
    return value.strip()


def _parse_source(path: Path, raw: dict, index: int) -> Source:
    if not isinstance(raw, dict):
        raise _fail(path, f"#{index}", None, f"each source must be a mapping, got {type(raw).__name__}")
    source_id = raw.get("id")
    label = source_id if isinstance(source_id, str) else f"#{index}"
    for key in _REQUIRED:
        if raw.get(key) in (None, "", []):
            raise _fail(path, label, key, "is required")
    if not isinstance(source_id, str) or not SOURCE_ID_PATTERN.match(source_id):
        raise _fail(path, label, "id", "must match [a-z0-9_]+")
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        # Warn rather than fail: registry authors may annotate entries (notes, probe results).
        log.warning("%s: source %r has unknown keys %s (ignored)", path, source_id, sorted(unknown))
    cms = raw["cms"]
    if cms not in CMS_FAMILIES:
        raise _fail(path, source_id, "cms", f"unknown CMS family {cms!r}; choose one of {sorted(CMS_FAMILIES)}")
    base_url = _check_url(path, source_id, "base_url", raw["base_url"])
    list_urls = raw["list_urls"]
    if isinstance(list_urls, str) or not isinstance(list_urls, list):
        raise _fail(path, source_id, "list_urls", "expected a list of URLs")
    list_urls = tuple(_check_url(path, source_id, f"list_urls[{i}]", url) for i, url in enumerate(list_urls))
    if len(set(list_urls)) != len(list_urls):
        raise _fail(path, source_id, "list_urls", "lists the same URL twice")
    allowed = raw.get("allowed_domains")
    if allowed is None:
        allowed = [urlsplit(base_url).hostname]
    if isinstance(allowed, str) or not isinstance(allowed, list) or not all(isinstance(d, str) and d for d in allowed):
        raise _fail(path, source_id, "allowed_domains", "expected a list of host names")
    allowed = tuple(d.lower() for d in allowed)
    for i, url in enumerate((base_url, *list_urls)):
        if not domain_allowed(url, allowed):
            name = "base_url" if i == 0 else f"list_urls[{i - 1}]"
            raise _fail(path, source_id, name, f"{url} is outside allowed_domains {list(allowed)}")
    selectors = raw.get("selectors") or {}
    if not isinstance(selectors, dict):
        raise _fail(path, source_id, "selectors", "expected a mapping of selector overrides")
    for key in ("active", "verified"):
        if key in raw and not isinstance(raw[key], bool):
            raise _fail(path, source_id, key, f"expected true or false, got {raw[key]!r}")
    valid_from = _check_date(path, source_id, "valid_from", raw.get("valid_from"))
    valid_to = _check_date(path, source_id, "valid_to", raw.get("valid_to"))
    if valid_from and valid_to and valid_to < valid_from:
        raise _fail(path, source_id, "valid_to", f"{valid_to} is before valid_from {valid_from}")
    successor = raw.get("successor")
    if successor is not None and not isinstance(successor, str):
        raise _fail(path, source_id, "successor", "expected a source id or null")
    if not isinstance(raw["name"], str):
        raise _fail(path, source_id, "name", "expected a string")
    role = raw.get("role")
    if role is not None and role not in SOURCE_ROLES:
        raise _fail(path, source_id, "role", f"expected one of {sorted(SOURCE_ROLES)} or null, got {role!r}")
    try:
        archive = parse_archive_settings(
            raw.get("archive"),
            cms_families=CMS_FAMILIES,
            parse_politeness=lambda value: _politeness(path, source_id, value),
        )
    except RegistryError:
        raise
    except ValueError as exc:
        field_name, _, message = str(exc).partition(": ")
        raise _fail(path, source_id, field_name, message) from exc
    interval = raw.get("expected_publish_interval_days")
    if interval is None:
        interval = settings.DEFAULT_EXPECTED_PUBLISH_INTERVAL_DAYS
    elif isinstance(interval, bool) or not isinstance(interval, int) or interval < 1:
        raise _fail(
            path, source_id, "expected_publish_interval_days", f"expected a whole number of days >= 1, got {interval!r}"
        )
    return Source(
        id=source_id,
        name=raw["name"],
        base_url=base_url,
        cms=cms,
        list_urls=list_urls,
        allowed_domains=allowed,
        province_code=_optional_code(path, source_id, "province_code", raw.get("province_code")),
        successor_province_code=_optional_code(
            path, source_id, "successor_province_code", raw.get("successor_province_code")
        ),
        selectors=dict(selectors),
        politeness=_politeness(path, source_id, raw.get("politeness")),
        active=raw.get("active", True),
        verified=raw.get("verified", False),
        valid_from=valid_from,
        valid_to=valid_to,
        successor=successor,
        role=role,
        evidence=_evidence(path, source_id, raw.get("evidence")),
        cms_reason=_optional_text(path, source_id, "cms_reason", raw.get("cms_reason")),
        archive=archive,
        expected_publish_interval_days=interval,
        name_en=_optional_text(path, source_id, "name_en", raw.get("name_en")),
    )


def _rebase_url(url: str, endpoint: str) -> str:
    target = urlsplit(endpoint)
    parts = urlsplit(url)
    return urlunsplit((target.scheme, target.netloc, parts.path, parts.query, parts.fragment))


def rebase_source(source: Source, endpoint: str) -> Source:
    """The same source served from ``endpoint`` (scheme+host+port replaced, paths kept)."""
    target = urlsplit(endpoint)
    if target.scheme not in ("http", "https") or not target.hostname:
        raise RegistryError(f"endpoint for source {source.id!r} is not an http(s) URL: {endpoint!r}")
    endpoint_domain = target.netloc.lower()
    return replace(
        source,
        base_url=_rebase_url(source.base_url, endpoint),
        list_urls=tuple(_rebase_url(url, endpoint) for url in source.list_urls),
        allowed_domains=(*source.allowed_domains, endpoint_domain),
        endpoint=f"{target.scheme}://{target.netloc}",
    )


def _load_endpoints(endpoints) -> dict[str, str]:
    if endpoints is None:
        endpoints_file = settings.source_endpoints_file()
        if endpoints_file is None:
            return {}
        endpoints = endpoints_file
    if isinstance(endpoints, (str, Path)):
        path = Path(endpoints)
        try:
            endpoints = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RegistryError(f"{path}: cannot read source endpoints (VNICT_SOURCE_ENDPOINTS): {exc}") from exc
    if not isinstance(endpoints, dict):
        raise RegistryError(f"source endpoints must be a mapping {{source_id: url}}, got {type(endpoints).__name__}")
    return {str(k): str(v) for k, v in endpoints.items()}


def _signature(path: Path | None):
    if path is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return ("missing", str(path))
    return (str(path), stat.st_mtime_ns, stat.st_size)


# Parsed registries keyed by the files' paths and modification times: callers such as the
# extractor look sources up per page, and re-reading the YAML each time would dominate.
_CACHE: dict[tuple, tuple[Source, ...]] = {}
_CACHE_LOCK = threading.Lock()


def load_sources(path=None, endpoints=None) -> list[Source]:
    """Every source in the registry file, validated, rebased onto mirror endpoints if any."""
    path = Path(path) if path is not None else settings.sources_file()
    key = None
    if endpoints is None or isinstance(endpoints, (str, Path)):
        endpoints_path = Path(endpoints) if endpoints is not None else settings.source_endpoints_file()
        key = (_signature(path), _signature(endpoints_path))
        with _CACHE_LOCK:
            if key in _CACHE:
                return list(_CACHE[key])
    sources = _load_sources_uncached(path, endpoints)
    if key is not None:
        with _CACHE_LOCK:
            _CACHE[key] = tuple(sources)
    return sources


def _load_sources_uncached(path: Path, endpoints) -> list[Source]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read the source registry: {exc}") from exc
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("sources"), list):
        raise RegistryError(f"{path}: expected a top-level 'sources:' list")
    sources = [_parse_source(path, raw, index) for index, raw in enumerate(document["sources"])]
    seen: set[str] = set()
    for source in sources:
        if source.id in seen:
            raise _fail(path, source.id, "id", "appears more than once")
        seen.add(source.id)
    for source in sources:
        if source.successor is not None and source.successor not in seen:
            raise _fail(path, source.id, "successor", f"names unknown source {source.successor!r}")
    mapping = _load_endpoints(endpoints)
    return [rebase_source(s, mapping[s.id]) if s.id in mapping else s for s in sources]


def get_source(source_id: str, sources: list[Source] | None = None) -> Source:
    sources = load_sources() if sources is None else sources
    for source in sources:
        if source.id == source_id:
            return source
    raise KeyError(f"no source {source_id!r} in the registry; known: {', '.join(s.id for s in sources)}")


def active_sources(on_date: dt.date | None = None, sources: list[Source] | None = None) -> list[Source]:
    """Sources with ``active: true`` whose validity interval contains ``on_date`` (default today)."""
    day = on_date or dt.date.today()
    sources = load_sources() if sources is None else sources
    return [s for s in sources if s.is_active_on(day)]


def split_offline(sources: list[Source]) -> tuple[list[Source], list[dict]]:
    """(sources this process may crawl, [{source_id, reason}] it must skip).

    In an offline run (``settings.offline()``: ``make run`` without ``--live``) only sources served by
    the mirror are crawled; a source without a mirror entry would otherwise go to its real site."""
    if not settings.offline():
        return list(sources), []
    kept, skipped = [], []
    for source in sources:
        if source.endpoint:
            kept.append(source)
        else:
            skipped.append(
                {
                    "source_id": source.id,
                    "reason": f"no mirror entry for {source.base_url}: skipped, the offline run never leaves "
                    f"127.0.0.1 (add the site to mirror/sites/, or run with --live)",
                }
            )
    return kept, skipped


def find_source_for_url(url: str, sources: list[Source] | None = None) -> Source | None:
    """The registered source whose allowed domains cover ``url``; active ones win, then the first listed.

    With mirror endpoints every source sits on 127.0.0.1 but on its own port, and the port is
    part of the match, so the right source is still found.
    """
    sources = load_sources() if sources is None else sources
    matches = [s for s in sources if s.allows_url(url)]
    if not matches:
        return None
    # An endpoint entry (host:port) is more specific than a bare domain.
    matches.sort(
        key=lambda s: (not s.active, not any(":" in d and domain_allowed(url, [d]) for d in s.allowed_domains))
    )
    return matches[0]


def province_of_url(url: str) -> str | None:
    """The province of the registered source whose domains cover ``url``, or None.

    A host several provinces' sources share (the ministry's mic.gov.vn) names no province of its
    own. Handed to ``extraction.extract_article`` by its callers, so that the extractor stays free
    of the crawler; a registry that cannot be read answers None (extraction must not stop)."""
    return _province_of_host(urlsplit(url).netloc.lower(), url)


@functools.lru_cache(maxsize=4096)
def _province_of_host(host: str, url: str) -> str | None:
    # one registry lookup per host: load_sources reads the YAML file on every call
    try:
        covering = [source for source in load_sources() if source.allows_url(url)]
    except (RegistryError, OSError) as error:
        log.warning("source registry unreadable, no province from the article's address: %s", error)
        return None
    codes = {str(source.province_code) for source in covering if source.province_code}
    return codes.pop() if len(codes) == 1 else None
