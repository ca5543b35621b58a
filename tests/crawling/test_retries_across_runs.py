"""Transfer failures over several runs, through the real warehouse: crawl → load → crawl state → next run.

Each case says what the fetch record and ``raw.crawl_state`` hold after each run: landed, retrying
(asked again by the next run), gave_up (parked: daily runs leave it, --refresh or a backfill asks it),
pending (listed, not asked yet). Nothing once listed is forgotten.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import replace

import pytest
from siteadapter import SiteAdapter
from sitekit import FAST, article_page, build_news_site, headers_cut, page, slow, source_for, truncated_body

from scrapers.crawl import StateRow, crawl_sources
from scrapers.urls import page_identity
from warehouse import archive, database


def crawl_and_load(source, run_id, **options):
    reports = crawl_sources([source], run_id, states=None, adapters={source.id: SiteAdapter()}, **options)
    database.load_run(run_id)
    return reports[0]


def fetch_of(run_id, source, url):
    records = [r for r in archive.read_records(run_id, kind="fetches", source_id=source.id) if r["url"] == url]
    assert len(records) <= 1, records
    return records[0] if records else None


def state_of(source, url) -> dict:
    columns = (
        "crawl_status",
        "consecutive_failures",
        "failure_kind",
        "last_outcome",
        "last_status",
        "content_sha256",
        "last_reason",
    )
    with database.connect(read_only=True) as connection:
        rows = connection.fetchall(
            f"SELECT {', '.join(columns)} FROM raw.crawl_state WHERE source_id = ? AND canonical_url = ?",
            [source.id, page_identity(url)],
        )
    assert len(rows) == 1, rows
    return dict(zip(columns, rows[0]))


def landed_everything(site, source, paths):
    for path in paths:
        assert state_of(source, site.url(path))["crawl_status"] == "landed", path


@pytest.fixture
def news(make_site):
    """Two list pages of two articles each; paths[2] sits on list page 2."""
    site = make_site()
    paths = build_news_site(site, pages=2, per_page=2)
    return site, paths, source_for(site, "news")


def test_truncated_body_is_never_a_200_and_lands_on_the_next_run(news):
    site, paths, source = news
    site.route(paths[0], truncated_body)  # Content-Length 10 000, 200 bytes arrive
    crawl_and_load(source, "run1")
    record = fetch_of("run1", source, site.url(paths[0]))
    assert record["outcome"] == "failed" and record["failure_kind"] == "truncated"
    assert record["status_code"] is None and record["content_sha256"] is None
    assert record["reason"].startswith("truncated body: 200 of the 10000 bytes")
    state = state_of(source, site.url(paths[0]))
    assert state["crawl_status"] == "retrying" and state["consecutive_failures"] == 1

    site.page(paths[0], article_page("Đã sửa", "28/10/2024", "Trang đầy đủ."))
    crawl_and_load(source, "run2")
    assert fetch_of("run2", source, site.url(paths[0]))["outcome"] == "new"
    state = state_of(source, site.url(paths[0]))
    assert state["crawl_status"] == "landed" and state["consecutive_failures"] == 0
    landed_everything(site, source, paths)


@pytest.mark.parametrize("reset", [False, True], ids=["closed-mid-headers", "reset-mid-headers"])
def test_connection_lost_mid_headers_is_a_reset_not_a_page(news, reset):
    site, paths, source = news
    site.route(paths[1], headers_cut(reset=reset))
    site.route(paths[3], headers_cut(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Le", reset=reset))
    crawl_and_load(source, "run1")
    for path in (paths[1], paths[3]):
        record = fetch_of("run1", source, site.url(path))
        assert record["outcome"] == "failed" and record["failure_kind"] == "reset", record
        assert record["status_code"] is None and record["content_sha256"] is None
        assert record["outcome"] != "skipped_non_html" and "text/ht" not in (record["reason"] or "")
        assert state_of(source, site.url(path))["crawl_status"] == "retrying"

    for path in (paths[1], paths[3]):
        site.page(path, article_page("Bài", "27/10/2024", "Nội dung."))
    report = crawl_and_load(source, "run2")
    assert report.retried_from_state == 1  # paths[3] is on list page 2, which a daily run does not walk
    assert fetch_of("run2", source, site.url(paths[3]))["outcome"] == "new"
    landed_everything(site, source, paths)


def test_a_page_that_fails_twice_lands_on_the_third_run(news):
    site, paths, source = news
    failing = paths[2]  # on list page 2: daily runs stop at page 1, crawl state still owes it
    site.route(failing, truncated_body)
    crawl_and_load(source, "run1")
    assert state_of(source, site.url(failing))["consecutive_failures"] == 1

    site.route(failing, headers_cut())
    site.clear_log()
    report = crawl_and_load(source, "run2")
    assert site.paths_requested() == ["/news/"] + [failing] * 3  # list page 1 (304), then the owed article
    assert report.retried_from_state == 1
    state = state_of(source, site.url(failing))
    assert state["crawl_status"] == "retrying" and state["consecutive_failures"] == 2
    assert state["failure_kind"] == "reset"

    site.page(failing, article_page("Lần ba", "26/10/2024", "Được rồi."))
    crawl_and_load(source, "run3")
    assert fetch_of("run3", source, site.url(failing))["outcome"] == "new"
    assert state_of(source, site.url(failing))["crawl_status"] == "landed"
    landed_everything(site, source, paths)

    site.clear_log()
    crawl_and_load(source, "run4")  # settled: nothing owed any more
    assert site.paths_requested() == ["/news/"]


def test_a_40_second_page_costs_one_timeout_per_run_then_is_parked(make_site, monkeypatch):
    monkeypatch.setenv("VNICT_RETRY_GIVE_UP_AFTER", "3")
    site = make_site()
    paths = build_news_site(site, pages=1, per_page=3)
    slow_path = paths[1]
    site.route(slow_path, slow(40, page(article_page("Chậm", "27/10/2024", "Rất chậm."))))
    source = source_for(site, "slow", politeness=replace(FAST, timeout_seconds=0.3))
    expected = {1: ("retrying", 1), 2: ("retrying", 2), 3: ("gave_up", 3)}
    for run in (1, 2, 3):
        started = time.monotonic()
        crawl_and_load(source, f"run{run}")
        assert time.monotonic() - started < 3  # one 0.3 s timeout, not 3 attempts × timeout
        record = fetch_of(f"run{run}", source, site.url(slow_path))
        assert record["failure_kind"] == "timeout" and record["attempts"] == ["read timeout"]
        state = state_of(source, site.url(slow_path))
        assert (state["crawl_status"], state["consecutive_failures"]) == expected[run]

    site.clear_log()
    report = crawl_and_load(source, "run4")  # daily: the parked page costs nothing
    assert slow_path not in site.paths_requested() and report.parked == 1
    assert state_of(source, site.url(slow_path))["crawl_status"] == "gave_up"  # still there, not forgotten

    site.page(slow_path, article_page("Nhanh", "27/10/2024", "Đã nhanh."))
    site.clear_log()
    crawl_and_load(source, "run5", refresh=True)  # --refresh asks parked pages again
    assert slow_path in site.paths_requested()
    assert fetch_of("run5", source, site.url(slow_path))["outcome"] == "new"
    assert state_of(source, site.url(slow_path))["crawl_status"] == "landed"


def test_a_backfill_asks_parked_pages_again(news, monkeypatch):
    monkeypatch.setenv("VNICT_RETRY_GIVE_UP_AFTER", "1")
    site, paths, source = news
    site.route(paths[0], truncated_body)
    crawl_and_load(source, "run1")
    assert state_of(source, site.url(paths[0]))["crawl_status"] == "gave_up"
    site.page(paths[0], article_page("Đã sửa", "28/10/2024", "Trang đầy đủ."))
    report = crawl_and_load(source, "run2")
    assert report.parked == 1 and fetch_of("run2", source, site.url(paths[0])) is None
    crawl_and_load(source, "run3", mode="backfill")
    assert fetch_of("run3", source, site.url(paths[0]))["outcome"] == "new"
    landed_everything(site, source, paths)


def test_backoff_between_runs_defers_without_forgetting(news, monkeypatch):
    monkeypatch.setenv("VNICT_RETRY_BACKOFF_HOURS", "20")
    site, paths, source = news
    site.route(paths[0], truncated_body)
    crawl_and_load(source, "run1")
    site.clear_log()
    report = crawl_and_load(source, "run2")  # minutes later: the 20 h backoff has not elapsed
    assert paths[0] not in site.paths_requested() and report.deferred == 1
    assert state_of(source, site.url(paths[0]))["crawl_status"] == "retrying"
    last = dt.datetime(2026, 1, 1, 2, 0, tzinfo=dt.UTC)
    row = StateRow(
        page_identity(site.url(paths[0])),
        "article",
        last_fetched_at=last,
        consecutive_failures=2,
        crawl_status="retrying",
    )
    assert not row.due(last + dt.timedelta(hours=39)) and row.due(last + dt.timedelta(hours=40))


def test_a_source_past_its_time_budget_leaves_the_rest_pending_for_the_next_run(make_site):
    site = make_site(latency=0.15)
    paths = build_news_site(site, pages=1, per_page=6)
    source = source_for(site, "budget", politeness=replace(FAST, run_budget_seconds=0.7))
    report = crawl_and_load(source, "run1")
    fetched = [
        r for r in archive.read_records("run1", kind="fetches", source_id="budget") if r["page_kind"] == "article"
    ]
    assert report.budget_exhausted and 0 < len(fetched) < 6 and report.left_for_next_run == 6 - len(fetched)
    statuses = {path: state_of(source, site.url(path))["crawl_status"] for path in paths}
    assert sorted(set(statuses.values())) == ["landed", "pending"]  # every listed article is in crawl state

    report = crawl_and_load(source, "run2")
    assert not report.budget_exhausted or report.left_for_next_run < 6 - len(fetched)
    for run in ("run3", "run4"):
        if all(state_of(source, site.url(p))["crawl_status"] == "landed" for p in paths):
            break
        crawl_and_load(source, run)
    landed_everything(site, source, paths)
