"""End-to-end crawl of a healthy fake site: daily, incremental and backfill behaviour."""

from __future__ import annotations

import datetime as dt

from siteadapter import SiteAdapter
from sitekit import build_news_site, source_for

from scrapers.crawl import crawl_source, crawl_state_from_records
from scrapers.parse_articles import parse_and_extract
from warehouse import archive


def test_first_daily_crawl_lands_every_article_and_records_every_fetch(make_site):
    site = make_site()
    articles = build_news_site(site, pages=2, per_page=3)
    source = source_for(site)
    report = crawl_source(source, "run1", state={}, adapter=SiteAdapter())
    assert report.errors == []
    assert len(report.new_articles) == 6
    records = archive.read_records("run1", kind="fetches")
    kinds = [r["page_kind"] for r in records]
    assert kinds.count("robots") == 1 and kinds.count("list") == 2 and kinds.count("article") == 6
    assert {r["outcome"] for r in records} == {"new"}
    for record in records:
        assert record["content_sha256"] and archive.load(record["content_sha256"])
        assert record["status_code"] == 200 and record["bytes"] > 0 and record["requested_at"].endswith("Z")
    assert sorted(site.url(p) for p in articles) == sorted(r["url"] for r in records if r["page_kind"] == "article")


def test_second_daily_run_asks_only_list_page_one_and_gets_304(make_site):
    site = make_site()
    build_news_site(site, pages=3, per_page=2)
    source = source_for(site)
    crawl_source(source, "run1", state={}, adapter=SiteAdapter())
    state = crawl_state_from_records(archive.read_records("run1"))
    site.clear_log()
    report = crawl_source(source, "run2", state=state, adapter=SiteAdapter())
    assert site.paths_requested() == ["/news/"]
    assert report.outcomes == {"not_modified": 1}
    assert report.requests == 1 and report.new_articles == []
    (record,) = archive.read_records("run2")
    assert record["status_code"] == 304 and record["content_sha256"]  # hash carried forward


def test_daily_run_stops_paginating_at_the_first_known_page(make_site):
    site = make_site()
    build_news_site(site, pages=3, per_page=2)
    source = source_for(site)
    crawl_source(source, "run1", state={}, adapter=SiteAdapter())
    state = crawl_state_from_records(archive.read_records("run1"))
    # Two new articles push everything down: page 1 now holds the two new ones + nothing old.
    from sitekit import article_page, list_page

    site.page("/news/bai-7.html", article_page("Bài 7", "29/10/2024", "Nội dung bảy."))
    site.page("/news/bai-8.html", article_page("Bài 8", "30/10/2024", "Nội dung tám."))
    site.page(
        "/news/",
        list_page(
            site,
            [("/news/bai-8.html", "Bài 8", "30/10/2024"), ("/news/bai-7.html", "Bài 7", "29/10/2024")],
            "/news/?page=2",
        ),
    )
    site.page(
        "/news/?page=2",
        list_page(
            site, [("/news/bai-6.html", "B6", "28/10/2024"), ("/news/bai-5.html", "B5", "27/10/2024")], "/news/?page=3"
        ),
    )
    site.clear_log()
    report = crawl_source(source, "run2", state=state, adapter=SiteAdapter())
    assert site.paths_requested() == ["/news/", "/news/?page=2", "/news/bai-8.html", "/news/bai-7.html"]
    assert [a["url"] for a in report.new_articles] == [site.url("/news/bai-8.html"), site.url("/news/bai-7.html")]


def test_backfill_walks_all_pages_up_to_the_limit_and_since_bounds_it(make_site):
    site = make_site()
    build_news_site(site, pages=4, per_page=2, first_day=28)  # days 21..28 October
    source = source_for(site)
    report = crawl_source(source, "run1", mode="backfill", max_pages=3, state={}, adapter=SiteAdapter())
    assert report.list_pages == 3 and len(report.new_articles) == 6
    report = crawl_source(source, "run2", mode="backfill", since=dt.date(2024, 10, 26), state={}, adapter=SiteAdapter())
    assert sorted(a["url"].rsplit("/", 1)[1] for a in report.new_articles) == ["bai-6.html", "bai-7.html", "bai-8.html"]
    assert report.list_pages == 2  # page 2 holds 26 and 25; page 3 is wholly older than --since


def test_parse_and_extract_writes_articles_with_contract_fields(make_site):
    site = make_site()
    build_news_site(site, pages=1, per_page=2)
    source = source_for(site)
    crawl_source(source, "run1", state={}, adapter=SiteAdapter())
    articles, facts = parse_and_extract(source, "parse1", archive.read_records("run1"), adapter=SiteAdapter())
    assert len(articles) == 2
    article = articles[0]
    assert len(article["article_id"]) == 16 and article["published_at"].endswith("+07:00")
    assert article["published_date"] == "2024-10-28" and "95%" in article["body_text"]
    assert archive.read_records("parse1", kind="articles") == articles
    assert archive.read_records("parse1", kind="facts") == facts


def test_mirror_mode_rebases_absolute_links_and_blocks_the_real_site(make_site):
    from dataclasses import replace

    from sitekit import article_page, list_page

    from scrapers.registry import rebase_source

    site = make_site()
    site.page("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    site.page(
        "/news/",
        list_page(
            site,
            [("https://real.example.vn/news/a.html", "A", "28/10/2024"), ("/news/b.html", "B", "27/10/2024")],
            None,
        ),
    )
    site.page("/news/a.html", article_page("A", "28/10/2024", "Bài A."))
    site.route(
        "/news/b.html",
        lambda handler: (
            handler.send_response(301),
            handler.send_header("Location", "https://real.example.vn/b"),
            handler.send_header("Content-Length", "0"),
            handler.end_headers(),
        ),
    )
    real = replace(
        source_for(site),
        base_url="https://real.example.vn",
        list_urls=("https://real.example.vn/news/",),
        allowed_domains=("real.example.vn",),
    )
    mirrored = rebase_source(real, site.base_url)
    report = crawl_source(mirrored, "run1", state={}, adapter=SiteAdapter())
    records = {r["url"]: r for r in archive.read_records("run1")}
    assert records[site.url("/news/a.html")]["outcome"] == "new"
    assert records[site.url("/news/b.html")]["outcome"] == "redirect_blocked"
    assert all(url.startswith(site.base_url) for url in records) and report.errors == []


def test_fetch_records_are_checkpointed_during_long_crawls(make_site, monkeypatch):
    import scrapers.crawl as crawl_module

    site = make_site()
    build_news_site(site, pages=2, per_page=3)
    seen_sizes = []
    original = archive.write_records

    def spy(run_id, source_id, kind, records, landing=None):
        if kind == "fetches":
            seen_sizes.append(len(list(records)))
        return original(run_id, source_id, kind, records, landing)

    monkeypatch.setattr(crawl_module, "CHECKPOINT_RECORDS", 3)
    monkeypatch.setattr(crawl_module.archive, "write_records", spy)
    crawl_source(source_for(site), "run1", state={}, adapter=SiteAdapter())
    assert seen_sizes == [3, 6, 9, 9]  # every 3 records, then the final write
    assert len(archive.read_records("run1")) == 9


def test_conditional_get_with_last_modified_only(make_site):
    from email.utils import formatdate

    from sitekit import list_page

    site = make_site()
    build_news_site(site, pages=1, per_page=2)
    body = list_page(site, [("/news/bai-2.html", "B2", "28/10/2024"), ("/news/bai-1.html", "B1", "27/10/2024")], None)
    stamp = formatdate(1_700_000_000, usegmt=True)

    def last_modified_only(handler):
        if handler.headers.get("If-Modified-Since") == stamp:
            handler.send_response(304)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        data = body.encode("utf-8")
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Last-Modified", stamp)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    site.route("/news/", last_modified_only)
    source = source_for(site)
    crawl_source(source, "run1", state={}, adapter=SiteAdapter())
    state = crawl_state_from_records(archive.read_records("run1"))
    report = crawl_source(source, "run2", state=state, adapter=SiteAdapter())
    (record,) = archive.read_records("run2")
    assert report.outcomes == {"not_modified": 1} and record["last_modified"] == stamp
    assert site.requests[-1][1].get("If-None-Match") is None


def test_refresh_reasks_known_articles_conditionally(make_site):
    from sitekit import article_page

    site = make_site()
    paths = build_news_site(site, pages=1, per_page=3)
    source = source_for(site)
    crawl_source(source, "run1", state={}, adapter=SiteAdapter())
    site.page(paths[0], article_page("Sửa", "28/10/2024", "Nội dung đã được đính chính."))
    state = crawl_state_from_records(archive.read_records("run1"))
    report = crawl_source(source, "run2", state=state, adapter=SiteAdapter(), refresh=True)
    outcomes = {
        r["url"].rsplit("/", 1)[1]: r["outcome"] for r in archive.read_records("run2") if r["page_kind"] == "article"
    }
    assert outcomes == {"bai-3.html": "updated", "bai-2.html": "not_modified", "bai-1.html": "not_modified"}
    assert [a["outcome"] for a in report.new_articles] == ["updated"]
