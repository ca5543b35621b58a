"""robots.txt policy per RFC 9309, parsed with protego.

The rules for a robots.txt that is not simply there (RFC 9309 §2.3.1):
- 2xx: parse it (at most the first ``settings.ROBOTS_MAX_BYTES``);
- 4xx ("unavailable"): no restrictions, crawl everything;
- 5xx, 429 and network failures ("unreachable"): assume complete disallow. Here that lasts for the
  run; every page of the host is then recorded as ``skipped_robots`` with the reason.
429 is a 4xx code but means "slow down", not "no rules": it is treated as unreachable, as the
major crawlers do.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

from warehouse import settings

MAX_CRAWL_DELAY_SECONDS = 60.0
"""A Crawl-delay beyond this is capped: a site asking for an hour between pages would stall a run."""


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "/robots.txt", "", ""))


@dataclass(frozen=True)
class RobotsPolicy:
    """What one host's robots.txt allows us to do during this run."""

    mode: str  # "rules" | "allow_all" | "disallow_all"
    reason: str | None = None
    parser: Protego | None = None

    @classmethod
    def from_text(cls, text: str) -> RobotsPolicy:
        return cls(mode="rules", parser=Protego.parse(text))

    @classmethod
    def from_status(cls, status_code: int | None, failure: str | None = None) -> RobotsPolicy:
        """Policy for a robots.txt that did not yield a body: 4xx → allow all, else disallow all."""
        if status_code is not None and 400 <= status_code < 500 and status_code != 429:
            return cls(mode="allow_all", reason=f"robots.txt answered HTTP {status_code}: no restrictions (RFC 9309)")
        detail = failure or (f"HTTP {status_code}" if status_code else "no response")
        return cls(
            mode="disallow_all",
            reason=f"robots.txt unreachable ({detail}): whole site disallowed for this run (RFC 9309)",
        )

    def allows(self, url: str, user_agent: str = settings.USER_AGENT) -> tuple[bool, str | None]:
        """(allowed, reason when not)."""
        if self.mode == "allow_all":
            return True, None
        if self.mode == "disallow_all":
            return False, self.reason
        if self.parser.can_fetch(url, user_agent):
            return True, None
        return False, "disallowed by robots.txt"

    def crawl_delay(self, user_agent: str = settings.USER_AGENT) -> float:
        if self.mode != "rules":
            return 0.0
        delay = float(self.parser.crawl_delay(user_agent) or 0.0)
        rate = self.parser.request_rate(user_agent)  # "Request-rate: 1/5" = one request per 5 seconds
        if rate and rate.requests:
            delay = max(delay, rate.seconds / rate.requests)
        return min(delay, MAX_CRAWL_DELAY_SECONDS)


def decode_robots(body: bytes) -> str:
    # RFC 9309 §2.2: robots.txt is UTF-8; stray bytes must not make the whole file unreadable.
    return body[: settings.ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
