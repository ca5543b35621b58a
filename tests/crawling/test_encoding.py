"""Legacy encodings end to end: a Windows-1258 page served without any charset lands unchanged
and is decoded (``scrapers.textnorm.decode_html``) to correct NFC Vietnamese by the parse step."""

from __future__ import annotations

from siteadapter import SiteAdapter
from sitekit import build_news_site, encode_cp1258, page, source_for

from scrapers.crawl import crawl_source
from scrapers.parse_articles import parse_and_extract
from warehouse import archive


def test_windows_1258_page_without_charset_header_is_decoded(make_site):
    site = make_site()
    paths = build_news_site(site, pages=1, per_page=2)
    source = source_for(site)
    text = "Sở Thông tin và Truyền thông tỉnh Đắk Nông: 95% cơ quan nhà nước có mạng nội bộ."
    body = encode_cp1258(
        f"<html><body><h1>Tiêu đề tiếng Việt</h1><span class='date'>28/10/2024</span>"
        f"<div class='body'><p>{text}</p></div></body></html>"
    )
    site.route(paths[0], page(body, content_type="text/html"))  # no charset anywhere
    crawl_source(source, "run1", state={}, adapter=SiteAdapter())
    records = archive.read_records("run1")
    (record,) = [r for r in records if r["url"] == site.url(paths[0])]
    assert record["outcome"] == "new" and archive.load(record["content_sha256"]) == body  # landed unchanged
    articles, _ = parse_and_extract(source, "parse1", records, adapter=SiteAdapter())
    (article,) = [a for a in articles if a["url"] == site.url(paths[0])]
    assert article["title"] == "Tiêu đề tiếng Việt"
    assert article["body_text"] == text
