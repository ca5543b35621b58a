"""The vocabulary of the raw records every stage hands on: fetch outcomes, failure classes, page kinds.

Why here, at the bottom layer: the crawler writes these values, the raw loader classifies them in
SQL (``database.retry_class_sql``), the parse stage and the orchestrator read them. Spelling them
once keeps those four readers in agreement.
"""
from __future__ import annotations

# A fetch whose page bytes are in the landing archive (the page was read or known unchanged).
LANDED_OUTCOMES = frozenset({"new", "updated", "unchanged", "not_modified"})
# Pages that carry an article: a live article page, or an article page read from a web archive.
ARTICLE_PAGE_KINDS = frozenset({"article", "capture"})

# What went wrong with a fetch that landed nothing (``failure_kind`` of a fetch record), and what
# the crawler does about it across runs (docs/crawling.md, "Outcomes"):
#   transient: the transfer failed or the server struggled; asked again in a later run, with
#              backoff, and parked as ``gave_up`` after ``settings.retry_give_up_after()`` runs;
#   uncounted: asked again next run without counting towards parking (nothing was asked of the page);
#   permanent: the answer will not change by tomorrow; asked again only by ``--refresh``/backfill.
TRANSIENT_FAILURES = frozenset({"truncated", "reset", "timeout", "connect", "server_error", "rate_limited",
                                "undecodable", "tls", "unexpected"})
UNCOUNTED_FAILURES = frozenset({"robots_unreachable"})
PERMANENT_FAILURES = frozenset({"client_error", "too_large", "off_site", "redirect_loop", "too_many_redirects",
                                "not_html", "robots_disallowed", "bad_request", "offline",
                                # archive captures (scrapers.captures): an archived error page, and a
                                # redirect the archive recorded but holds no capture of the target for
                                "error_page", "redirect_capture"})
