"""``python -m vnict probe`` against a NukeViet-like site it has never seen, over real HTTP.

It names the family from markup alone (no generator meta, no nv_* globals, no /themes/ path), keeps
a 30 MB page and an article out of the draft's list pages, waits the Crawl-delay from the first
request after robots.txt, and its draft entry passes the registry's validation.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from sitekit import huge_streamed

from scrapers.registry import load_sources
from vnict import __main__ as cli
from vnict.commands.probe import detect_cms
from warehouse import settings

FIXTURES = Path(__file__).resolve().parents[1] / "parsing" / "fixtures"

HOME = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Sở Thông tin và Truyền thông tỉnh Thử Nghiệm</title>
<link rel="stylesheet" href="https://cdn.example.vn/style.min.css">
<script src="/assets/js/jquery/jquery.min.js"></script><script src="/assets/js/language/vi.js"></script>
<script src="/assets/js/global.js"></script></head><body>
<ul class="menu">
 <li><a href="/vi/news/chuyen-doi-so/">Chuyển đổi số</a></li>
 <li><a href="/vi/news/an-toan-thong-tin/bao-cao-toan-van-2024-123456.html">An toàn thông tin</a></li>
 <li><a href="/vi/news/tin-tuc/bai-noi-bat-2381.html">Tin tức</a></li>
</ul>
<div class="news_column"><div class="panel panel-default"><div class="panel-body">
 <a href="/vi/news/chuyen-doi-so/tinh-dat-95-phan-tram-2380.html"><img src="/uploads/news/2024_10/anh.jpg" alt=""></a>
 <h3><a href="/vi/news/chuyen-doi-so/tinh-dat-95-phan-tram-2380.html" title="Tỉnh đạt 95%">Tỉnh đạt 95%</a></h3>
</div></div></div>
<div class="genpage_nobottom"><a href="/vi/news/page-2">2</a></div>
</body></html>"""

LONG_ARTICLE = (
    "<html><head><meta charset='utf-8'><title>Bài nổi bật</title></head><body><div class='news_column'>"
    "<h1 class='title'>Bài nổi bật</h1><div id='news-bodyhtml' class='bodytext'>"
    + "<p>Tỉnh đã triển khai nhiều giải pháp chuyển đổi số trong cơ quan nhà nước, nâng tỷ lệ hồ sơ "
    "trực tuyến và số hóa dữ liệu phục vụ người dân, doanh nghiệp.</p>" * 12 + "</div></div></body></html>"
)


@pytest.fixture
def nukeviet_like(make_site, monkeypatch):
    monkeypatch.setattr(settings, "DEFAULT_MIN_DELAY_SECONDS", 0.0)
    site = make_site()
    site.page("/robots.txt", "User-agent: *\nCrawl-delay: 0.5\nAllow: /\n", content_type="text/plain")
    site.page("/", HOME)
    site.page("/vi/news/chuyen-doi-so/", (FIXTURES / "nukeviet4_viewcat_page.html").read_text(encoding="utf-8"))
    site.route("/vi/news/an-toan-thong-tin/bao-cao-toan-van-2024-123456.html", huge_streamed(30_000_000))
    site.page("/vi/news/tin-tuc/bai-noi-bat-2381.html", LONG_ARTICLE)
    return site


def run_probe(site, capsys, follow=3) -> dict:
    assert cli.main(["probe", "--follow", str(follow), site.url("/")]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_markup_alone_says_nukeviet():
    family, evidence = detect_cms(HOME)
    assert family == "nukeviet4", evidence
    assert any("core assets" in item for item in evidence) and any("URL shapes" in item for item in evidence)


def test_probe_names_nukeviet_and_proposes_only_real_list_pages(nukeviet_like, capsys, tmp_path):
    report = run_probe(nukeviet_like, capsys)
    assert report["cms"]["family"] == "nukeviet4"
    by_url = {entry["url"]: entry for entry in report["list_pages"]}
    category = nukeviet_like.url("/vi/news/chuyen-doi-so/")
    huge = nukeviet_like.url("/vi/news/an-toan-thong-tin/bao-cao-toan-van-2024-123456.html")
    article = nukeviet_like.url("/vi/news/tin-tuc/bai-noi-bat-2381.html")
    assert by_url[category]["verified_list"] and by_url[category]["article_links"] >= 2
    assert by_url[huge]["fetch"]["outcome"] == "too_large" and by_url[huge]["rejected"].startswith("too_large")
    assert by_url[huge]["fetch"]["bytes"] < 6_000_000  # stopped reading at the 5 MB cap, not 30 MB
    assert "not a list page" in by_url[article]["rejected"]
    draft = report["draft_registry_entry"]
    assert draft["list_urls"] == [category] and draft["cms"] == "nukeviet4"
    assert draft["politeness"]["min_delay_seconds"] == 0.5  # the site's Crawl-delay

    assert report["draft_validation"] == {"valid": True, "error": None}
    registry = tmp_path / "sources.yaml"
    registry.write_text(yaml.safe_dump({"sources": [draft]}, allow_unicode=True), encoding="utf-8")
    (source,) = load_sources(registry, endpoints={})
    assert source.cms == "nukeviet4" and source.list_urls == (category,) and not source.active


def test_probe_waits_the_crawl_delay_from_its_first_request(nukeviet_like, capsys):
    run_probe(nukeviet_like, capsys)
    with nukeviet_like.lock:
        starts = [when for _, _, when in nukeviet_like.requests]
    assert [path for path, _, _ in nukeviet_like.requests][:2] == ["/robots.txt", "/"]
    assert len(starts) == 5  # robots.txt, home, three candidate list pages
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:])]
    assert min(gaps) >= 0.5 - 0.02, gaps  # robots.txt → home page included


def test_without_following_article_shaped_links_are_not_proposed(nukeviet_like, capsys):
    report = run_probe(nukeviet_like, capsys, follow=0)
    assert report["draft_registry_entry"]["list_urls"] == [nukeviet_like.url("/vi/news/chuyen-doi-so/")]
    assert report["draft_validation"]["valid"] and nukeviet_like.paths_requested() == ["/robots.txt", "/"]
