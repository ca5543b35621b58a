"""The mirror speaks real HTTP: validators, 304 on conditional GET, charsets, robots.txt, determinism."""

from __future__ import annotations

import json
import time

import requests

from mirror import build
from mirror.server import start_mirror


def _any_article_url(mirror):
    site = build.build_site("dic")
    return mirror.site_urls["dic"] + site.articles[0]["path"]


def test_endpoints_cover_the_five_seed_sources(mirror):
    assert set(mirror.endpoints) == {"phutho_mic", "kontum_mic", "daknong_baodaknong", "dienbien_dic", "hatinh_stttt"}
    assert mirror.endpoints["phutho_mic"] == mirror.endpoints["kontum_mic"]  # one site (mic.gov.vn), two sources
    ports = {url.rsplit(":", 1)[1] for url in mirror.endpoints.values()}
    assert len(ports) == 4 and all(url.startswith("http://127.0.0.1:") for url in mirror.endpoints.values())


def test_pages_carry_validators_and_charset(mirror):
    response = requests.get(_any_article_url(mirror), timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["ETag"].startswith('"') and response.headers["Last-Modified"].endswith("GMT")
    assert int(response.headers["Content-Length"]) == len(response.content)


def test_conditional_get_answers_304(mirror):
    url = _any_article_url(mirror)
    first = requests.get(url, timeout=5)
    by_etag = requests.get(url, headers={"If-None-Match": first.headers["ETag"]}, timeout=5)
    assert by_etag.status_code == 304 and by_etag.content == b"" and by_etag.headers["ETag"] == first.headers["ETag"]
    assert requests.get(url, headers={"If-None-Match": "W/" + first.headers["ETag"]}, timeout=5).status_code == 304
    assert (
        requests.get(url, headers={"If-None-Match": '"other", ' + first.headers["ETag"]}, timeout=5).status_code == 304
    )
    by_date = requests.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]}, timeout=5)
    assert by_date.status_code == 304
    stale = requests.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}, timeout=5)
    assert stale.status_code == 200 and stale.content == first.content
    # If-None-Match takes precedence over If-Modified-Since (RFC 9110 13.2.2).
    mismatch = requests.get(
        url, headers={"If-None-Match": '"nope"', "If-Modified-Since": first.headers["Last-Modified"]}, timeout=5
    )
    assert mismatch.status_code == 200


def test_head_robots_and_404(mirror):
    base = mirror.endpoints["hatinh_stttt"]
    head = requests.head(base + "/", timeout=5)
    assert head.status_code == 200 and head.content == b"" and int(head.headers["Content-Length"]) > 1000
    robots = requests.get(base + "/robots.txt", timeout=5)
    assert robots.headers["Content-Type"].startswith("text/plain") and "Disallow: /wp-admin/" in robots.text
    assert requests.get(base + "/khong-co-trang-nay.html", timeout=5).status_code == 404
    assert requests.get(base + "/category/cong-nghe-thong-tin/page/9/", timeout=5).status_code == 404


def test_rendering_is_deterministic():
    first = {name: {path: page.body for path, page in site.pages.items()} for name, site in build.build_all().items()}
    build.build_site.cache_clear()
    second = {name: {path: page.body for path, page in site.pages.items()} for name, site in build.build_all().items()}
    assert first == second
    assert sum(len(pages) for pages in first.values()) > 40


def test_every_list_paginates_and_every_site_has_the_basics():
    for site in build.build_all().values():
        assert "/" in site.pages and "/robots.txt" in site.pages
        for listing_urls in site.list_paths.values():
            assert len(listing_urls) >= 2, site.site_id
        seeds = [article for article in site.articles if article.get("seed")]
        synthetic = [article for article in site.articles if article.get("synthetic")]
        assert seeds and len(synthetic) >= 3, site.site_id


def test_bundled_seed_texts_match_the_shared_corpus():
    from warehouse import settings

    shared = settings.SHARED_DIR / "corpus" / "seeds"
    for bundled in build.BUNDLED_SEEDS_DIR.glob("*.txt"):
        if shared.is_dir():
            assert bundled.read_bytes() == (shared / bundled.name).read_bytes()


def test_endpoints_file_and_latency(tmp_path):
    endpoints_file = tmp_path / "nested" / "endpoints.json"
    handle = start_mirror(latency_seconds=0.2, endpoints_file=endpoints_file)
    try:
        assert json.loads(endpoints_file.read_text()) == handle.endpoints
        started = time.monotonic()
        requests.get(handle.endpoints["dienbien_dic"] + "/robots.txt", timeout=5)
        assert time.monotonic() - started >= 0.2
    finally:
        handle.stop()
