"""Crawl state through the real warehouse: crawl → load (warehouse.database) → read-only state → re-run."""

from __future__ import annotations

import duckdb
from siteadapter import SiteAdapter
from sitekit import build_news_site, source_for

from scrapers.crawl import StateRow, crawl_sources, load_crawl_state, load_crawl_states
from warehouse import archive, database, settings


def test_state_is_empty_without_warehouse_or_tables():
    assert load_crawl_state("anything") == {}
    duckdb.connect(str(settings.warehouse_path())).close()  # a file with no raw schema yet
    assert load_crawl_states(["a", "b"]) == {"a": {}, "b": {}}


def test_rerun_with_warehouse_state_asks_only_list_page_one(make_site):
    sites = [make_site(), make_site()]
    for site in sites:
        build_news_site(site, pages=2, per_page=2)
    sources = [source_for(site, f"site_{n}") for n, site in enumerate(sites)]
    adapters = {s.id: SiteAdapter() for s in sources}
    crawl_sources(sources, "run1", states=None, adapters=adapters)  # states read from the (absent) warehouse
    database.load_run("run1")
    states = load_crawl_states([s.id for s in sources])
    state = states["site_0"]
    assert all(isinstance(row, StateRow) for row in state.values())
    kinds = sorted(row.page_kind for row in state.values() if row.page_kind != "robots")
    assert kinds == ["article"] * 4 + ["list"] * 2
    # robots.txt belongs to a host: every source is offered the latest robots fetch of every host
    robots = sorted(url for url, row in state.items() if row.page_kind == "robots")
    assert robots == sorted(url for url, row in states["site_1"].items() if row.page_kind == "robots")
    assert len(robots) == len(sites) and all(url.endswith("/robots.txt") for url in robots)
    for site in sites:
        site.clear_log()
    reports = crawl_sources(sources, "run2", states=None, adapters=adapters)
    for site, report in zip(sites, reports):
        assert site.paths_requested() == ["/news/"]  # robots.txt reused (< 24 h), list page 1 → 304
        assert report.outcomes == {"not_modified": 1} and report.requests == 1
    database.load_run("run2")
    database.load_run("run2")  # loading twice changes nothing
    with database.connect(read_only=True) as connection:
        (fetches,) = connection.fetchall("select count(*) from raw.fetches")[0:1]
        assert fetches[0] == len(archive.read_records(kind="fetches")) == 2 * 7 + 2
        rows = connection.fetchall(
            "select canonical_url, content_sha256 from raw.crawl_state "
            "where source_id = 'site_0' and page_kind = 'list'"
        )
    assert all(sha for _, sha in rows)  # the 304 kept the landed hash


def test_state_read_waits_for_a_writer_holding_the_lock(tmp_path):
    import subprocess
    import sys
    import time

    from scrapers.crawl import CrawlStateUnavailable

    with database.connect() as connection:
        database.ensure_raw_schema(connection)
    path = settings.warehouse_path()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
                "time.sleep(float(sys.argv[2])); c.close()"
            ),
            str(path),
            "1.2",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        assert load_crawl_states(["a"]) == {"a": {}}  # waited for the writer, then read
        assert time.monotonic() - started > 0.3
    finally:
        holder.wait(timeout=10)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
                "time.sleep(float(sys.argv[2])); c.close()"
            ),
            str(path),
            "5",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        try:
            load_crawl_states(["a"], attempts=2)
        except CrawlStateUnavailable as error:
            assert "lock" in str(error).lower()
        else:
            raise AssertionError("expected CrawlStateUnavailable while the writer holds the file")
    finally:
        holder.kill()
        holder.wait(timeout=10)
