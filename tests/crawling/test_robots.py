"""robots.txt policy: RFC 9309 status rules, our User-Agent's group, Crawl-delay and Request-rate."""

from __future__ import annotations

from scrapers.robots import MAX_CRAWL_DELAY_SECONDS, RobotsPolicy, robots_url


def test_status_rules():
    assert RobotsPolicy.from_status(404).allows("http://x.vn/a") == (True, None)
    assert RobotsPolicy.from_status(403).mode == "allow_all"
    for status in (500, 503, 429, None):
        allowed, reason = RobotsPolicy.from_status(status, "connection error").allows("http://x.vn/a")
        assert not allowed and "unreachable" in reason


def test_rules_for_our_agent_and_delays():
    policy = RobotsPolicy.from_text(
        "User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n\n"
        "User-agent: vn-ict-warehouse\nDisallow: /admin/\nRequest-rate: 1/5\n"
    )
    assert policy.allows("http://x.vn/private/a") == (True, None)  # our group replaces the * group
    assert policy.allows("http://x.vn/admin/a") == (False, "disallowed by robots.txt")
    assert policy.crawl_delay() == 5.0
    assert RobotsPolicy.from_text("User-agent: *\nCrawl-delay: 2\n").crawl_delay() == 2.0
    assert RobotsPolicy.from_text("User-agent: *\nCrawl-delay: 86400\n").crawl_delay() == MAX_CRAWL_DELAY_SECONDS


def test_robots_url():
    assert robots_url("HTTP://Mic.gov.vn:8080/tin/a.html?x=1") == "http://mic.gov.vn:8080/robots.txt"
