"""Fetcher unit behaviour with an injected sleep: backoff schedule, Retry-After forms, no retry on 4xx."""

from __future__ import annotations

import time
from dataclasses import replace
from email.utils import formatdate

from sitekit import FAST, article_page, page, status

from scrapers.fetch import Fetcher


def fetch(site, path, politeness, sleeps):
    fetcher = Fetcher(sleep=sleeps.append, host_lock_dir=None)
    return fetcher.fetch(
        site.url(path), page_kind="article", politeness=politeness, allowed_domains=[f"127.0.0.1:{site.port}"]
    )


def test_backoff_doubles_from_the_first_retry(make_site):
    site = make_site()
    site.page("/robots.txt", "", content_type="text/plain")
    site.sequence("/a.html", status(503), status(502), status(500), page(article_page("A", "1/1/2024", "x")))
    sleeps = []
    result = fetch(
        site, "/a.html", replace(FAST, max_retries=3, backoff_seconds=1.0, max_retry_after_seconds=60), sleeps
    )
    assert result.outcome == "new" and result.attempts == ["HTTP 503", "HTTP 502", "HTTP 500", "200"]
    assert sleeps == [1.0, 2.0, 4.0]


def test_retry_after_in_seconds_and_as_a_date(make_site):
    site = make_site()
    site.page("/robots.txt", "", content_type="text/plain")
    site.sequence("/a.html", status(429, {"Retry-After": "7"}), page(article_page("A", "1/1/2024", "x")))
    future = formatdate(time.time() + 30, usegmt=True)
    site.sequence("/b.html", status(503, {"Retry-After": future}), page(article_page("B", "1/1/2024", "y")))
    sleeps = []
    assert fetch(site, "/a.html", replace(FAST, max_retry_after_seconds=60), sleeps).outcome == "new"
    assert sleeps == [7.0]
    sleeps.clear()
    assert fetch(site, "/b.html", replace(FAST, max_retry_after_seconds=60), sleeps).outcome == "new"
    assert 25 <= sleeps[0] <= 31


def test_client_errors_are_not_retried_and_retries_are_bounded(make_site):
    site = make_site()
    site.page("/robots.txt", "", content_type="text/plain")
    site.route("/gone.html", status(410))
    site.route("/down.html", status(500))
    sleeps = []
    gone = fetch(site, "/gone.html", FAST, sleeps)
    assert gone.outcome == "failed" and gone.reason == "HTTP 410" and sleeps == []
    down = fetch(site, "/down.html", replace(FAST, max_retries=1, backoff_seconds=0.5), sleeps)
    assert down.outcome == "failed" and down.reason == "HTTP 500 (after 2 attempts)" and sleeps == [0.5]
    assert site.paths_requested().count("/down.html") == 2


def test_fetch_record_has_every_contract_field(make_site):
    site = make_site()
    site.page("/robots.txt", "", content_type="text/plain")
    site.page("/a.html", article_page("A", "1/1/2024", "x"))
    result = fetch(site, "/a.html", FAST, [])
    record = result.to_record("run1", "src")
    for name in (
        "fetch_id",
        "run_id",
        "source_id",
        "url",
        "canonical_url",
        "page_kind",
        "status_code",
        "outcome",
        "reason",
        "bytes",
        "duration_ms",
        "content_sha256",
        "content_type",
        "etag",
        "last_modified",
        "requested_at",
    ):
        assert name in record
    assert record["etag"] and record["last_modified"] and record["content_type"].startswith("text/html")
    assert record["bytes"] == len(result.body) and record["duration_ms"] >= 0
