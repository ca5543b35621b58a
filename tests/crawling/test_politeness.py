"""Politeness: User-Agent, minimum delay, one request at a time per host across threads and processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from sitekit import FAST, build_news_site

from scrapers.fetch import Fetcher

ROOT = Path(__file__).resolve().parents[2]

FETCH_SCRIPT = """
import sys
from dataclasses import replace
from scrapers.fetch import Fetcher
from scrapers.registry import Politeness
politeness = Politeness(min_delay_seconds=float(sys.argv[2]), timeout_seconds=5, max_retries=0)
fetcher = Fetcher()
for path in sys.argv[3:]:
    result = fetcher.fetch(sys.argv[1] + path, page_kind="article", politeness=politeness,
                           allowed_domains=[sys.argv[1].split("//")[1]])
    assert result.outcome == "new", result
"""


def test_user_agent_and_minimum_delay(make_site):
    site = make_site()
    paths = build_news_site(site, pages=1, per_page=3)
    fetcher = Fetcher()
    politeness = replace(FAST, min_delay_seconds=0.25)
    for path in paths:
        fetcher.fetch(
            site.url(path), page_kind="article", politeness=politeness, allowed_domains=[f"127.0.0.1:{site.port}"]
        )
    user_agents = {headers.get("User-Agent") for _, headers, _ in site.requests}
    assert len(user_agents) == 1 and user_agents.pop().startswith("vn-ict-warehouse/")
    starts = [site.request_times(path)[0] for path in paths]
    assert all(later - earlier >= 0.24 for earlier, later in zip(starts, starts[1:]))


def test_threads_overlap_across_hosts_but_never_within_one(make_site):
    from concurrent.futures import ThreadPoolExecutor

    sites = [make_site(latency=0.15), make_site(latency=0.15)]
    paths = {site.port: build_news_site(site, pages=1, per_page=3) for site in sites}
    fetcher = Fetcher()
    jobs = [(site, path) for site in sites for path in paths[site.port]]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(
            pool.map(
                lambda job: fetcher.fetch(
                    job[0].url(job[1]),
                    page_kind="article",
                    politeness=FAST,
                    allowed_domains=[f"127.0.0.1:{job[0].port}"],
                ),
                jobs,
            )
        )
    elapsed = time.monotonic() - started
    assert [r.outcome for r in results] == ["new"] * 6
    assert all(site.max_active == 1 for site in sites)  # never two requests at once on a host
    assert elapsed < 6 * 0.15  # but the two hosts were crawled side by side (robots + 3 pages each)


def test_processes_share_the_host_lock(make_site, tmp_path):
    site = make_site(latency=0.15)
    paths = build_news_site(site, pages=1, per_page=4)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    commands = [[sys.executable, "-c", FETCH_SCRIPT, site.base_url, "0", *paths[i::2]] for i in range(2)]
    processes = [subprocess.Popen(command, env=env, cwd=ROOT) for command in commands]
    assert [process.wait(timeout=30) for process in processes] == [0, 0]
    assert len(site.requests) >= 6  # 4 pages + robots.txt in each process
    assert site.max_active == 1


def test_an_unusable_lock_directory_degrades_to_process_locking(make_site, tmp_path):
    site = make_site()
    build_news_site(site, pages=1, per_page=1)
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("a file where the lock directory should be")
    fetcher = Fetcher(host_lock_dir=blocker / "locks")
    result = fetcher.fetch(
        site.url("/news/bai-1.html"), page_kind="article", politeness=FAST, allowed_domains=[f"127.0.0.1:{site.port}"]
    )
    assert result.outcome == "new"
