"""Canonical URLs, article ids and the content-addressed landing zone."""

from __future__ import annotations

import gzip
import hashlib
import threading

import pytest

from scrapers.urls import article_id, canonical_url, domain_allowed
from warehouse import archive


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("HTTP://Mic.GOV.vn:80/Tin/A.html#top", "http://mic.gov.vn/Tin/A.html"),
        ("https://x.vn:443", "https://x.vn/"),
        ("https://x.vn/a?utm_source=fb&b=2&fbclid=z&a=1&gclid=q&utm_medium=m", "https://x.vn/a?a=1&b=2"),
        ("https://x.vn/a;jsessionid=ABC123?p=1", "https://x.vn/a?p=1"),
        (
            "http://x.vn:8080/index.php?nv=news&op=tin/abc-1.html",
            "http://x.vn:8080/index.php?nv=news&op=tin/abc-1.html",
        ),
        ("http://x.vn/a?b=2&a=1&a=0", "http://x.vn/a?a=1&a=0&b=2"),
        ("http://x.vn/tin-tức/bài viết?q=đ", "http://x.vn/tin-t%E1%BB%A9c/b%C3%A0i%20vi%E1%BA%BFt?q=%C4%91"),
        ("http://x.vn/tin-t%e1%bb%a9c/%7Euser", "http://x.vn/tin-t%E1%BB%A9c/~user"),
    ],
)
def test_canonical_url(raw, expected):
    assert canonical_url(raw) == expected
    assert canonical_url(expected) == expected  # idempotent


def test_relative_urls_and_article_id():
    url = canonical_url("../b.html?utm_campaign=x", "http://X.vn/news/a/")
    assert url == "http://x.vn/news/b.html"
    assert article_id(url) == hashlib.sha1(url.encode()).hexdigest()[:16]


def test_domain_allowed():
    assert domain_allowed("http://www.mic.gov.vn/", ["mic.gov.vn"])
    assert not domain_allowed("http://evilmic.gov.vn/", ["mic.gov.vn"])
    assert domain_allowed("http://127.0.0.1:81/", ["127.0.0.1:81"])
    assert not domain_allowed("http://127.0.0.1:82/", ["127.0.0.1:81"])
    assert not domain_allowed("ftp://mic.gov.vn/", ["mic.gov.vn"])


def test_store_is_content_addressed_idempotent_and_exact(isolated_data):
    data = "Sở Thông tin và Truyền thông".encode("cp1258", errors="ignore") + b"\x00\xff raw"
    digest = archive.store(data)
    assert digest == hashlib.sha256(data).hexdigest()
    path = archive.page_path(digest)
    assert path.parent.name == digest[:2] and path.name == f"{digest}.html.gz"
    assert gzip.decompress(path.read_bytes()) == data
    first_bytes = path.read_bytes()
    assert archive.store(data) == digest and path.read_bytes() == first_bytes
    assert archive.load(digest) == data
    with pytest.raises(FileNotFoundError):
        archive.load("0" * 64)


def test_concurrent_stores_of_the_same_page_leave_one_file(isolated_data):
    data = b"<html>same</html>" * 1000
    threads = [threading.Thread(target=archive.store, args=(data,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    files = list(archive.pages_dir().rglob("*"))
    assert [f.name for f in files if f.is_file()] == [f"{hashlib.sha256(data).hexdigest()}.html.gz"]


def test_records_round_trip_atomically(isolated_data):
    records = [{"url": "http://x.vn/á", "n": 1}, {"url": "http://x.vn/b", "n": 2}]
    path = archive.write_records("20240101T000000Z-crawl", "src_a", "fetches", records)
    archive.write_records("20240102T000000Z-crawl", "src_a", "fetches", records[:1])
    archive.write_records("20240102T000000Z-crawl", "src_b", "articles", [{"a": 1}])
    assert path.read_text(encoding="utf-8").count("\n") == 2 and "á" in path.read_text(encoding="utf-8")
    assert archive.read_records("20240101T000000Z-crawl", kind="fetches") == records
    assert len(archive.read_records(kind="fetches")) == 3
    assert archive.read_records(kind="articles", source_id="src_b") == [{"a": 1}]
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    with pytest.raises(ValueError):
        archive.write_records("../escape", "s", "fetches", [])


def test_a_damaged_record_line_is_skipped_not_fatal(isolated_data, caplog):
    path = archive.write_records("run1", "src", "fetches", [{"n": 1}, {"n": 2}])
    path.write_text(path.read_text(encoding="utf-8") + '{"n": 3, "trunc\n', encoding="utf-8")
    assert archive.read_records("run1") == [{"n": 1}, {"n": 2}]
    assert "not a JSON record" in caplog.text
