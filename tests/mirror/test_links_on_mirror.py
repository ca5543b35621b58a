"""``python -m vnict links`` on every mirror list page, served for real: right URLs, titles, dates, in order."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from mirror.build import build_all
from scrapers.adapters import get_adapter
from vnict import __main__ as cli
from warehouse import settings


def _expected_pages():
    """(site, source id, page URL path, expected [(path, title, published date)]) for every list page."""
    cases = []
    for site in build_all().values():
        articles = {article["id"]: article for article in site.articles}
        for listing in site.data["lists"]:
            members = [articles[article_id] for article_id in listing["articles"]]
            size = listing["page_size"]
            for index in range(0, len(members), size):
                number = index // size + 1
                path = listing["path"] if number == 1 else listing["page_url"].format(path=listing["path"], n=number)
                expected = [
                    (a["path"], a["title"], (a.get("published") or "")[:10] or None)
                    for a in members[index : index + size]
                ]
                for source_id in listing.get("source_ids", site.source_ids):
                    cases.append((site.site_id, source_id, path, expected))
    return cases


CASES = _expected_pages()


def test_every_list_has_at_least_two_pages():
    assert len(CASES) == 16


@pytest.fixture
def mirror_env(mirror, tmp_path, monkeypatch):
    endpoints_file = mirror.write_endpoints(tmp_path / "endpoints.json")
    monkeypatch.setenv("VNICT_SOURCE_ENDPOINTS", str(endpoints_file))
    return mirror


@pytest.mark.parametrize("site_id,source_id,path,expected", CASES, ids=[f"{c[1]}:{c[2]}" for c in CASES])
def test_links_command_on_mirror_list_page(site_id, source_id, path, expected, mirror_env, capsys):
    base = mirror_env.endpoints[source_id]
    assert cli.main(["links", base + path]) == 0
    captured = capsys.readouterr()
    printed = [json.loads(line) for line in captured.out.splitlines()]
    assert [(row["url"], row["title"], row["published"]) for row in printed] == [
        (base + article_path, title, published) for article_path, title, published in expected
    ]
    assert f"(source {source_id})" in captured.err or source_id in ("kontum_mic", "phutho_mic")


@pytest.mark.parametrize("site_id,source_id,path,expected", CASES, ids=[f"{c[1]}:{c[2]}" for c in CASES])
def test_generic_adapter_finds_the_same_links(site_id, source_id, path, expected, mirror_env, capsys):
    base = mirror_env.endpoints[source_id]
    assert cli.main(["links", "--cms", "generic", base + path]) == 0
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(row["url"], row["title"], row["published"]) for row in printed] == [
        (base + article_path, title, published) for article_path, title, published in expected
    ]


def test_pagination_walk_reaches_every_page_and_stops(mirror_env):
    import requests

    from scrapers.registry import load_sources

    for source in load_sources():
        if source.id not in mirror_env.endpoints:
            continue
        adapter = get_adapter(source.cms, source.selectors)
        for list_url in source.list_urls:
            url, number, seen = list_url, 1, []
            while url and number < 10:
                response = requests.get(url, timeout=5)
                assert response.status_code == 200, url
                seen.append(url)
                url = adapter.next_page_url(response.text, url, number)
                number += 1
            assert len(seen) == 2, (source.id, seen)


def test_links_cli_in_a_subprocess_on_a_saved_file(tmp_path):
    """The real command line, on a file: the registered adapter is chosen from the page's declared URL."""
    page = tmp_path / "list.html"
    page.write_bytes(build_all()["stttt_hatinh"].pages["/category/an-toan-thong-tin/"].body)
    env = {**os.environ, "PYTHONPATH": str(settings.PROJECT_ROOT)}
    env.pop("VNICT_SOURCE_ENDPOINTS", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "vnict",
            "links",
            str(page),
            "--base-url",
            "https://stttt.hatinh.gov.vn/category/an-toan-thong-tin/",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.PROJECT_ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0] == {
        "url": "https://stttt.hatinh.gov.vn/2017/07/ha-tinh-trien-khai-nhiem-vu-ung-dung-cntt-6-thang-cuoi-nam-2017/",
        "title": "Hà Tĩnh triển khai nhiệm vụ ứng dụng CNTT 6 tháng cuối năm 2017",
        "published": "2017-07-07",
    }
    assert "wordpress adapter (source hatinh_stttt)" in result.stderr


def test_links_reports_fetch_errors(capsys):
    assert cli.main(["links", "http://127.0.0.1:9/khong-co"]) == 1
    assert "cannot fetch" in capsys.readouterr().err
