"""The faults of real provincial sites, one by one, each next to a healthy source.

For every fault: the run finishes, the healthy source is complete, the failure is recorded with
its reason, and a re-run (with crawl state derived from the first run's records, as the load step
derives ``raw.crawl_state``) neither loses nor duplicates anything.
"""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from siteadapter import SiteAdapter
from sitekit import (
    FAST,
    article_page,
    build_news_site,
    huge_declared,
    huge_streamed,
    page,
    redirect,
    reset_connection,
    slow,
    source_for,
    status,
    truncated_body,
)

from scrapers.crawl import crawl_sources, crawl_state_from_records
from scrapers.fetch import Fetcher
from scrapers.parse_articles import parse_and_extract
from warehouse import archive

HEALTHY_ARTICLES = 4


@pytest.fixture
def crawl(make_site):
    """``crawl(faulty_site, faulty_source, run_id, rerun=False)`` next to a healthy source.

    Returns (reports by source id, the faulty source's fetch records, elapsed seconds).
    """
    healthy_site = make_site()
    build_news_site(healthy_site, pages=2, per_page=2)
    healthy = source_for(healthy_site, "healthy")

    def run(faulty_site, faulty_source, run_id, rerun=False):
        adapter = SiteAdapter()
        states = {"healthy": {}, faulty_source.id: {}}
        if rerun:  # state as the load step derives it from every earlier fetch record
            states = {
                sid: crawl_state_from_records(archive.read_records(kind="fetches", source_id=sid)) for sid in states
            }
        started = time.monotonic()
        reports = crawl_sources(
            [faulty_source, healthy], run_id, states=states, adapters={faulty_source.id: adapter, "healthy": adapter}
        )
        elapsed = time.monotonic() - started
        by_id = {r.source_id: r for r in reports}
        assert not [e for r in reports for e in r.errors if e.startswith("crawl aborted")]
        healthy_records = archive.read_records(run_id, kind="fetches", source_id="healthy")
        if not rerun:  # the healthy source is complete
            assert by_id["healthy"].outcomes_by_kind["article"] == {"new": HEALTHY_ARTICLES}
        else:  # and on a re-run nothing of it is refetched but list page 1 (304)
            assert [r["outcome"] for r in healthy_records] == ["not_modified"]
        return by_id, archive.read_records(run_id, kind="fetches", source_id=faulty_source.id), elapsed

    return run


def assert_rerun_safe(source_id):
    """Across runs: unique fetch ids, one fetch per URL per run, landed pages never lost."""
    records = archive.read_records(kind="fetches")
    fetch_ids = [r["fetch_id"] for r in records]
    assert len(fetch_ids) == len(set(fetch_ids))
    for run_id in archive.list_runs():
        run_records = archive.read_records(run_id, kind="fetches", source_id=source_id)
        keys = [(r["page_kind"], r["canonical_url"]) for r in run_records]
        assert len(keys) == len(set(keys)), f"duplicate fetches in {run_id}"
    for record in records:
        if record["content_sha256"]:
            assert archive.exists(record["content_sha256"])
    stored = [p for p in archive.pages_dir().rglob("*.html.gz")]
    assert len(stored) == len({p.name for p in stored})


def faulty(make_site, per_page=3, robots="User-agent: *\nAllow: /\n", politeness=FAST):
    site = make_site()
    paths = build_news_site(site, pages=1, per_page=per_page, robots=robots)
    return site, paths, source_for(site, "faulty", politeness=politeness)


def by_path(records, site, path):
    matches = [r for r in records if r["url"] == site.url(path)]
    assert len(matches) == 1, matches
    return matches[0]


def test_500_then_200_is_retried_and_lands(make_site, crawl):
    site, paths, source = faulty(make_site)
    site.sequence(paths[0], status(500), page(article_page("Bài", "28/10/2024", "Nội dung.")))
    reports, records, _ = crawl(site, source, "run1")
    record = by_path(records, site, paths[0])
    assert record["outcome"] == "new" and record["status_code"] == 200
    assert record["attempts"] == ["HTTP 500", "200"]
    assert reports["faulty"].outcomes_by_kind["article"] == {"new": 3}
    crawl(site, source, "run2", rerun=True)
    assert_rerun_safe("faulty")


def test_persistent_500_fails_with_reason_and_is_retried_next_run(make_site, crawl):
    site, paths, source = faulty(make_site)
    site.route(paths[1], status(503))
    _, records, _ = crawl(site, source, "run1")
    record = by_path(records, site, paths[1])
    assert record["outcome"] == "failed" and record["status_code"] == 503
    assert record["reason"] == "HTTP 503 (after 3 attempts)" and len(record["attempts"]) == 3
    site.page(paths[1], article_page("Đã sửa", "27/10/2024", "Nội dung sau khi sửa."))
    _, records, _ = crawl(site, source, "run2", rerun=True)
    # list page 1 is unchanged (304) but the failed article is not known: it is fetched again
    assert [r["outcome"] for r in records] == ["not_modified", "new"]
    assert_rerun_safe("faulty")


def test_404_is_not_retried(make_site, crawl):
    site, paths, source = faulty(make_site)
    site.route(paths[2], status(404))
    _, records, _ = crawl(site, source, "run1")
    record = by_path(records, site, paths[2])
    assert record["outcome"] == "failed" and record["reason"] == "HTTP 404" and record["attempts"] == ["404 failed"]
    assert site.paths_requested().count(paths[2]) == 1
    _, records, _ = crawl(site, source, "run2", rerun=True)
    assert [r["outcome"] for r in records] == ["not_modified"]  # a 404 is not asked again daily
    assert_rerun_safe("faulty")


def test_429_retry_after_is_honoured(make_site, crawl):
    site, paths, source = faulty(make_site)
    site.sequence(paths[0], status(429, {"Retry-After": "1"}), page(article_page("Bài", "28/10/2024", "Nội dung.")))
    _, records, _ = crawl(site, source, "run1")
    record = by_path(records, site, paths[0])
    assert record["outcome"] == "new" and record["attempts"] == ["HTTP 429", "200"]
    first, second = site.request_times(paths[0])
    assert second - first >= 0.95
    assert_rerun_safe("faulty")


def test_429_retry_after_beyond_the_cap_gives_up_for_the_run(make_site, crawl):
    site, paths, source = faulty(make_site)
    site.route(paths[0], status(429, {"Retry-After": "3600"}))
    _, records, elapsed = crawl(site, source, "run1")
    record = by_path(records, site, paths[0])
    assert record["outcome"] == "failed" and "exceeds the cap" in record["reason"] and elapsed < 10
    assert_rerun_safe("faulty")


def test_timeout_is_recorded_and_asked_again_next_run(make_site, crawl):
    # A timeout is not retried within the run (it would cost another full timeout); the next run asks again.
    politeness = replace(FAST, timeout_seconds=0.4, max_retries=1)
    site, paths, source = faulty(make_site, politeness=politeness)
    site.route(paths[0], slow(1.5, page(article_page("Chậm", "28/10/2024", "Rất chậm."))))
    _, records, elapsed = crawl(site, source, "run1")
    record = by_path(records, site, paths[0])
    assert record["outcome"] == "failed" and record["reason"].startswith("read timeout")
    assert record["failure_kind"] == "timeout" and record["status_code"] is None
    assert record["attempts"] == ["read timeout"] and elapsed < 8
    site.page(paths[0], article_page("Nhanh", "28/10/2024", "Đã nhanh."))
    _, records, _ = crawl(site, source, "run2", rerun=True)
    assert by_path(records, site, paths[0])["outcome"] == "new"
    assert_rerun_safe("faulty")


def test_reset_connection_is_retried_then_recorded(make_site, crawl):
    site, paths, source = faulty(make_site)
    site.sequence(paths[0], reset_connection, page(article_page("Bài", "28/10/2024", "Nội dung.")))
    site.route(paths[1], reset_connection)
    _, records, _ = crawl(site, source, "run1")
    assert by_path(records, site, paths[0])["outcome"] == "new"
    record = by_path(records, site, paths[1])
    assert record["outcome"] == "failed" and record["reason"].startswith("connection reset")
    assert len(record["attempts"]) == 3
    assert_rerun_safe("faulty")


def test_truncated_body_is_retried_then_recorded(make_site, crawl):
    site, paths, source = faulty(make_site)
    site.route(paths[0], truncated_body)
    _, records, _ = crawl(site, source, "run1")
    record = by_path(records, site, paths[0])
    assert record["outcome"] == "failed" and record["reason"].startswith("truncated body")
    assert record["content_sha256"] is None  # nothing half-received is landed
    assert_rerun_safe("faulty")


def test_20_mb_pages_are_refused(make_site, crawl):
    site, paths, source = faulty(make_site)  # FAST caps pages at 1 MB
    site.route(paths[0], huge_declared(20_000_000))
    site.route(paths[1], huge_streamed(20_000_000))
    _, records, elapsed = crawl(site, source, "run1")
    declared, streamed = by_path(records, site, paths[0]), by_path(records, site, paths[1])
    assert declared["outcome"] == "too_large" and "Content-Length 20000000" in declared["reason"]
    assert declared["bytes"] == 0
    assert streamed["outcome"] == "too_large" and "stopped reading" in streamed["reason"]
    assert 1_000_000 < streamed["bytes"] < 1_200_000 and elapsed < 10
    _, records, _ = crawl(site, source, "run2", rerun=True)
    assert [r["outcome"] for r in records] == ["not_modified"]  # refused pages are not asked again daily
    assert_rerun_safe("faulty")


def test_redirect_to_another_domain_is_blocked(make_site, crawl):
    site, paths, source = faulty(make_site)
    elsewhere = make_site()
    elsewhere.page("/landing.html", article_page("Ngoài", "28/10/2024", "Trang khác."))
    site.route(paths[0], redirect(f"http://localhost:{elsewhere.port}/landing.html"))
    site.route(paths[1], redirect("/news/moved.html", code=301))
    site.page("/news/moved.html", article_page("Chuyển", "27/10/2024", "Đã chuyển."))
    _, records, _ = crawl(site, source, "run1")
    blocked = by_path(records, site, paths[0])
    assert blocked["outcome"] == "redirect_blocked" and "localhost" in blocked["reason"]
    assert elsewhere.paths_requested() == []
    moved = by_path(records, site, paths[1])
    assert moved["outcome"] == "new" and moved["final_url"] == site.url("/news/moved.html")
    assert_rerun_safe("faulty")


def test_redirect_loop_and_long_chains_stop(make_site, crawl):
    site, paths, source = faulty(make_site)
    site.route(paths[0], redirect("/loop-b"))
    site.route("/loop-b", redirect(paths[0]))
    for hop in range(10):
        site.route(paths[1] if hop == 0 else f"/chain-{hop}", redirect(f"/chain-{hop + 1}"))
    _, records, _ = crawl(site, source, "run1")
    loop = by_path(records, site, paths[0])
    assert loop["outcome"] == "failed" and loop["reason"].startswith("redirect loop")
    chain = by_path(records, site, paths[1])
    assert chain["outcome"] == "failed" and chain["reason"].startswith("more than 5 redirects")
    assert_rerun_safe("faulty")


def test_robots_disallow_is_honoured(make_site, crawl):
    site, paths, source = faulty(make_site, robots="User-agent: *\nDisallow: /news/bai-2.html\n")
    assert paths[1] == "/news/bai-2.html"
    _, records, _ = crawl(site, source, "run1")
    record = by_path(records, site, paths[1])
    assert record["outcome"] == "skipped_robots" and record["reason"] == "disallowed by robots.txt"
    assert paths[1] not in site.paths_requested()
    assert_rerun_safe("faulty")


def test_robots_rules_for_our_user_agent_apply(make_site, crawl):
    robots = "User-agent: *\nAllow: /\n\nUser-agent: vn-ict-warehouse\nDisallow: /news/\n"
    site, paths, source = faulty(make_site, robots=robots)
    reports, records, _ = crawl(site, source, "run1")
    assert [r["outcome"] for r in records] == ["new", "skipped_robots"]  # robots.txt, then list page
    assert site.paths_requested() == ["/robots.txt"]


def test_robots_500_disallows_the_site_for_the_run(make_site, crawl):
    site, paths, source = faulty(make_site)
    site.route("/robots.txt", status(500))
    _, records, _ = crawl(site, source, "run1")
    robots, listing = records
    assert robots["page_kind"] == "robots" and robots["outcome"] == "failed" and robots["status_code"] == 500
    assert listing["outcome"] == "skipped_robots" and "unreachable (HTTP 500" in listing["reason"]
    assert site.paths_requested() == ["/robots.txt"] * 3
    site.page("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    _, records, _ = crawl(site, source, "run2", rerun=True)
    assert [r["outcome"] for r in records if r["page_kind"] == "article"] == ["new"] * 3
    assert_rerun_safe("faulty")


def test_robots_404_allows_everything(make_site, crawl):
    site, paths, source = faulty(make_site, robots=None)
    _, records, _ = crawl(site, source, "run1")
    assert records[0]["outcome"] == "failed" and records[0]["status_code"] == 404
    assert [r["outcome"] for r in records[1:]] == ["new"] * 4


def test_dead_site_yields_records_not_exceptions(make_site, crawl):
    site, paths, source = faulty(make_site)
    site.stop()
    _, records, _ = crawl(site, source, "run1")
    robots, listing = records
    assert robots["outcome"] == "failed" and robots["reason"].startswith("connection error")
    assert listing["outcome"] == "skipped_robots" and "unreachable" in listing["reason"]
    site.server.server_close()


def test_malformed_html_never_crashes_the_run(make_site, crawl):
    site, paths, source = faulty(make_site)
    site.page(
        "/news/",
        "<html><body><ul><li class='item'><a href='/news/bai-3.html'>Bài ba<span class=date>"
        "28/10/2024</li><li class=item><a href=/news/bai-2.html>Bài hai</a>\x00<span class='date'>"
        "27/10/2024<li class='item'><a href='/news/bai-1.html'>Bài một</ul></div></table>",
    )
    site.page(paths[0], "<html><body><h1>Tiêu đề<div class=body><p>Thân bài <b>không đóng thẻ<p>đoạn hai")
    site.page(paths[1], "\x00\xff<<<>>>not html at all")
    site.page(paths[2], "")
    _, records, _ = crawl(site, source, "run1")
    assert [r["outcome"] for r in records if r["page_kind"] == "article"] == ["new"] * 3
    articles, _ = parse_and_extract(source, "parse1", records, adapter=SiteAdapter())
    errors = archive.read_records("parse1", kind="parse_errors")
    assert len(articles) == 1 and "Thân bài" in articles[0]["body_text"]
    assert len(errors) == 2 and all(e["parse_error"] and e["stage"] == "parse" for e in errors)
    assert_rerun_safe("faulty")


def test_one_host_never_sees_concurrent_requests_and_crawl_delay_wins(make_site):
    site = make_site(latency=0.05)
    build_news_site(site, pages=1, per_page=3, robots="User-agent: *\nCrawl-delay: 0.2\n")
    first = source_for(site, "first", list_paths=("/news/",))
    build_news_site(site, pages=1, per_page=3, prefix="/news2", robots="User-agent: *\nCrawl-delay: 0.2\n")
    second = source_for(site, "second", list_paths=("/news2/",))
    fetcher = Fetcher()
    crawl_sources(
        [first, second], "run1", states={}, fetcher=fetcher, adapters={"first": SiteAdapter(), "second": SiteAdapter()}
    )
    log = sorted(entry for entry in fetcher.gate.request_log if entry[0] == f"127.0.0.1:{site.port}")
    assert len(log) == 9  # robots once for both sources, 2 list pages, 6 articles
    for (_, start_a, end_a), (_, start_b, _) in zip(log, log[1:]):
        assert start_b >= end_a  # never overlapping
        assert start_b - start_a >= 0.2 - 1e-3  # Crawl-delay 0.2 beats min_delay 0
    assert site.paths_requested().count("/robots.txt") == 1


def test_robots_redirects_are_followed_only_inside_the_source(make_site, crawl):
    site, paths, source = faulty(make_site)
    site.route("/robots.txt", redirect("/robots-real.txt"))
    site.page("/robots-real.txt", "User-agent: *\nDisallow: /news/bai-1.html\n", content_type="text/plain")
    _, records, _ = crawl(site, source, "run1")
    assert by_path(records, site, "/robots.txt")["final_url"] == site.url("/robots-real.txt")
    assert by_path(records, site, "/news/bai-1.html")["outcome"] == "skipped_robots"

    other, other_paths, other_source = faulty(make_site)
    elsewhere = make_site()
    other.route("/robots.txt", redirect(f"http://localhost:{elsewhere.port}/robots.txt"))
    _, records, _ = crawl(other, replace(other_source, id="faulty_2"), "run2")
    robots, listing = records
    assert robots["outcome"] == "redirect_blocked" and elsewhere.paths_requested() == []
    assert listing["outcome"] == "skipped_robots" and "unreachable" in listing["reason"]


def test_non_html_answers_are_skipped_without_download(make_site, crawl):
    site, paths, source = faulty(make_site)
    site.route(paths[0], page(b"%PDF-1.4 " + b"0" * 50_000, content_type="application/pdf"))
    _, records, _ = crawl(site, source, "run1")
    record = by_path(records, site, paths[0])
    assert record["outcome"] == "skipped_non_html" and record["reason"] == "content type application/pdf"
    assert record["bytes"] == 0 and record["content_sha256"] is None
    _, records, _ = crawl(site, source, "run2", rerun=True)
    assert [r["outcome"] for r in records] == ["not_modified"]  # not asked again
    assert_rerun_safe("faulty")


def test_many_broken_sites_at_once_do_not_hold_up_the_healthy_ones(make_site):
    healthy_site = make_site()
    build_news_site(healthy_site, pages=2, per_page=3)
    dead = make_site()
    dead.stop()
    robots_down = make_site()
    build_news_site(robots_down, pages=1, per_page=2)
    robots_down.route("/robots.txt", status(503))
    slow_site = make_site()
    slow_paths = build_news_site(slow_site, pages=1, per_page=2)
    for path in slow_paths:
        slow_site.route(path, slow(1.5, page(article_page("Chậm", "1/1/2024", "x"))))
    huge_site = make_site()
    huge_paths = build_news_site(huge_site, pages=1, per_page=2)
    for path in huge_paths:
        huge_site.route(path, huge_streamed(20_000_000))
    quick_timeouts = replace(FAST, timeout_seconds=0.3, max_retries=1)
    sources = [
        source_for(healthy_site, "healthy"),
        source_for(dead, "dead"),
        source_for(robots_down, "robots_down"),
        source_for(slow_site, "slow", politeness=quick_timeouts),
        source_for(huge_site, "huge"),
    ]
    adapter = SiteAdapter()
    started = time.monotonic()
    reports = {
        r.source_id: r for r in crawl_sources(sources, "run1", states={}, adapters={s.id: adapter for s in sources})
    }
    assert time.monotonic() - started < 10
    assert reports["healthy"].outcomes_by_kind["article"] == {"new": 6}
    assert reports["dead"].outcomes == {"failed": 1, "skipped_robots": 1}
    assert reports["robots_down"].outcomes == {"failed": 1, "skipped_robots": 1}
    assert reports["slow"].outcomes_by_kind["article"] == {"failed": 2}
    assert reports["huge"].outcomes_by_kind["article"] == {"too_large": 2}
    assert all(not r.errors for r in reports.values())
    for source in sources:  # every source left its record file, even the dead one
        assert archive.read_records("run1", source_id=source.id)
    dead.server.server_close()


def test_only_a_source_that_answered_nothing_counts_as_down(make_site, crawl):
    """The DAG's rule for failing a source's crawl task (pipeline.tasks.source_down_reasons): down when
    nothing landed; a site that answers but forbids us, or has nothing new, is not down."""
    from pipeline.tasks import source_down_reasons

    site, paths, source = faulty(make_site)
    site.stop()
    reports, records, _ = crawl(site, source, "run1")
    reasons = source_down_reasons(reports["faulty"].to_dict(), records)
    assert reasons and reasons[0].startswith(f"robots {site.url('/robots.txt')}: connection error"), reasons
    assert source_down_reasons(reports["healthy"].to_dict(), archive.read_records("run1", source_id="healthy")) is None
    site.server.server_close()

    forbidding, _, forbidding_source = faulty(make_site, robots="User-agent: *\nDisallow: /\n")
    reports, records, _ = crawl(forbidding, replace(forbidding_source, id="faulty_2"), "run2")
    assert [r["outcome"] for r in records] == ["new", "skipped_robots"]
    assert source_down_reasons(reports["faulty_2"].to_dict(), records) is None
