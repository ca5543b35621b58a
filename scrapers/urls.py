"""Canonical URLs and article ids: one spelling per page, so that state and duplicates key cleanly.

Two links to the same page differ in tracking parameters, fragments, host case, default ports,
session ids and query order; all of these are removed or normalised here. Nothing that can select
a different page (path case, meaningful query parameters) is touched.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

from requests.utils import requote_uri

# Parameters that only say where a click came from (or carry a session), never which page it is.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "zarsrc",
        "zpid",
        "phpsessid",
        "jsessionid",
        "sid",
        "sessionid",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "hsa_")
DEFAULT_PORTS = {"http": 80, "https": 443}
# Liferay and other Java portals append ";jsessionid=..." to the path.
_PATH_SESSION = re.compile(r";jsessionid=[^/?#]*", re.IGNORECASE)
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def _mirror_origins() -> dict[str, tuple[str, str]]:
    """``{endpoint netloc: (scheme, netloc) of the live site}`` when sources are served by a mirror.

    Why: a page's identity must not depend on where this run happened to fetch it. The offline
    mirror listens on a free port that changes from run to run; keyed on the port, a second run
    would see every article as new. Canonical URLs therefore always name the live site."""
    import json
    import os

    endpoints_path = os.environ.get("VNICT_SOURCE_ENDPOINTS")
    if not endpoints_path:
        return {}
    from warehouse import settings

    sources_path = settings.sources_file()
    try:
        signature = (
            endpoints_path,
            os.stat(endpoints_path).st_mtime_ns,
            str(sources_path),
            os.stat(sources_path).st_mtime_ns,
        )
    except OSError:
        return {}
    if _MIRROR_ORIGINS_CACHE.get("signature") != signature:
        import yaml

        try:
            endpoints = json.loads(open(endpoints_path, encoding="utf-8").read())
            registry = yaml.safe_load(open(sources_path, encoding="utf-8").read()) or {}
        except (OSError, ValueError, yaml.YAMLError):
            return {}
        live = {
            entry.get("id"): entry.get("base_url") for entry in registry.get("sources") or [] if entry.get("base_url")
        }
        origins = {}
        for source_id, endpoint in endpoints.items():
            if source_id in live:
                live_parts = urlsplit(live[source_id])
                origins[urlsplit(endpoint).netloc.lower()] = (live_parts.scheme.lower(), live_parts.netloc.lower())
        _MIRROR_ORIGINS_CACHE.update(signature=signature, origins=origins)
    return _MIRROR_ORIGINS_CACHE["origins"]


_MIRROR_ORIGINS_CACHE: dict = {}


def page_identity(url: str, base: str | None = None) -> str:
    """The key of a page in crawl state, fetch records and article ids: its canonical URL, spelled
    with the live site's host when it was fetched from an offline-mirror endpoint (see _mirror_origins)."""
    canonical = canonical_url(url, base)
    origins = _mirror_origins()
    if not origins:
        return canonical
    parts = urlsplit(canonical)
    origin = origins.get(parts.netloc)
    if origin is None:
        return canonical
    return urlunsplit((origin[0], origin[1], parts.path, parts.query, ""))


def canonical_url(url: str, base: str | None = None) -> str:
    """Return the canonical spelling of ``url`` (resolved against ``base`` when relative)."""
    url = url.strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = host
    if port is not None and DEFAULT_PORTS.get(scheme) != port:
        netloc = f"{host}:{port}"
    if parts.username:  # credentials in URLs are never part of a page's identity, but keep them verbatim
        userinfo = parts.username + (f":{parts.password}" if parts.password else "")
        netloc = f"{userinfo}@{netloc}"
    path = _PATH_SESSION.sub("", parts.path) or "/"
    # Work on the raw "name=value" tokens so that the server sees the exact encoding it gave us
    # (re-encoding would turn "op=a/b" into "op=a%2Fb", a different-looking URL for the same page).
    tokens = [token for token in parts.query.split("&") if token]
    kept = [token for token in tokens if not _is_tracking(unquote_plus(token.split("=", 1)[0]))]
    # Sort by name only; the sort is stable so repeated names keep their relative order.
    kept.sort(key=lambda token: unquote_plus(token.split("=", 1)[0]))
    query = "&".join(kept)
    # One spelling for non-ASCII and escaped characters: "tin-tức" and "tin-t%e1%bb%a9c" are the same
    # page (requote_uri is what requests itself puts on the wire), escapes in upper case (RFC 3986 §6.2.2.1).
    return _ESCAPE.sub(lambda match: match.group(0).upper(), requote_uri(urlunsplit((scheme, netloc, path, query, ""))))


def article_id(canonical: str) -> str:
    """sha1 of the canonical URL, first 16 hex digits (the contract's article key)."""
    return hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:16]


def host_key(url: str) -> str:
    """``host`` or ``host:port`` (non-default port): the unit of politeness."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    if port is not None and DEFAULT_PORTS.get(parts.scheme.lower()) != port:
        return f"{host}:{port}"
    return host


def domain_allowed(url: str, allowed_domains) -> bool:
    """True when the URL's host is one of ``allowed_domains`` or a subdomain of one.

    An entry with a port (``127.0.0.1:8001``, as added for mirror endpoints) matches that
    host and port only; an entry without one matches the host on any port.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return False
    host = (parts.hostname or "").lower().rstrip(".")
    key = host_key(url)
    for entry in allowed_domains:
        entry = entry.lower().strip().rstrip(".")
        if ":" in entry:
            if key == entry:
                return True
        elif host == entry or host.endswith("." + entry):
            return True
    return False
