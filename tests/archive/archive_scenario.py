"""The archive scenario: captures of the offline mirror's real pages (mirror/) at several dates, as a
Wayback-style archive and as a WARC file, with a known answer for each capture.

Điện Biên (``dienbien_dic``, archive over HTTP): the site ran NukeViet 3 until the end of 2015 and
the eGovernment theme after (the CMS change), so the seed article's December 2015 capture is in
NukeViet 3 markup (``nukeviet3_article.html``, the seed's exact text) and the 2016 captures are the
mirror's pages. One listed capture answers with a redirect to the nearest capture, one old URL's
capture redirects to the page's new URL, one capture is the site's "page not found" (kept by the
archive with status 200), one URL is a duplicate of another capture (same bytes, same digest),
one list page and one capture out of the date range are listed too.

Hà Tĩnh (``hatinh_stttt``, WARC): two article responses (one the seed), the same page captured again
later (same bytes), a revisit record, a captured 404, a captured 301, a list page, another site's
page, and the request and warcinfo records a crawler writes.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import yaml
from fake_archive import FakeArchive
from jinja2 import Environment, FileSystemLoader

from mirror.build import build_site
from mirror.server import NOT_FOUND_PAGE
from warehouse import settings

HERE = Path(__file__).resolve().parent
DIC = "http://dic.gov.vn"
HATINH = "https://stttt.hatinh.gov.vn"
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")

# dic article id -> path on the site
DIC_SEED = "dic-ict-index-2015"
DIC_ARCHIVE = {
    "from": 2015,
    "to": 2016,
    "page_size": 2,
    "url_prefixes": ["dic.gov.vn/tin-tuc/", "dic.gov.vn/news/", "dic.gov.vn/index.php"],
    "cms_periods": [{"until": "2015-12-31", "cms": "nukeviet3"}],
}
# What the backfill must land, by original URL path: capture timestamp of the capture that answered.
EXPECTED_DIC_LANDED = {
    "dic-ict-index-2015": "20151215000000",  # NukeViet 3 markup
    "dic-dao-tao-can-bo": "20160115000000",  # reached through the old URL's redirect
    "dic-mot-cua-dien-tu": "20160201000000",  # its duplicate under index.php is not fetched
    "dic-canh-bao-ma-doc": "20160312000000",  # listed at 20160310, the archive redirected here
}
EXPECTED_HATINH_LANDED = {"ht-hoi-nghi-bcd-cntt-2017": "20170720020000", "ht-dich-vu-cong-muc-3-4": "20170910030000"}


def _articles(site_name: str) -> dict:
    site = build_site(site_name)
    return {article["id"]: article for article in site.articles}, site


def nukeviet3_page(article: dict, site_name: str) -> bytes:
    """The article as a NukeViet 3 site printed it (date as ``Thứ tư, 02/12/2015 - 03:40``)."""
    published = datetime.fromisoformat(article["published"])
    date_nv3 = f"{WEEKDAYS[published.weekday()]}, {published:%d/%m/%Y - %H:%M}"
    environment = Environment(loader=FileSystemLoader(str(HERE)), autoescape=True)
    html = environment.get_template("nukeviet3_article.html").render(
        article=article, site_name=site_name, date_nv3=date_nv3
    )
    return html.encode("utf-8")


def dic_archive(**options) -> FakeArchive:
    articles, site = _articles("dic")
    page = lambda article_id: site.pages[articles[article_id]["path"]].body  # noqa: E731
    url = lambda article_id: DIC + articles[article_id]["path"]  # noqa: E731
    fake = FakeArchive(**options)
    fake.add("20151215000000", url(DIC_SEED), nukeviet3_page(articles[DIC_SEED], site.name))
    fake.add("20160201000000", url("dic-mot-cua-dien-tu"), page("dic-mot-cua-dien-tu"))
    # the same page under NukeViet's unrewritten address: same bytes, same digest
    op = articles["dic-mot-cua-dien-tu"]["path"].removeprefix("/tin-tuc/").removesuffix(".html")
    fake.add("20160205000000", f"{DIC}/index.php?language=vi&nv=news&op={op}", page("dic-mot-cua-dien-tu"))
    # listed at 10 March; the replay answers with the nearest capture, two days later
    fake.add("20160310000000", url("dic-canh-bao-ma-doc"), redirect_to=("20160312000000", url("dic-canh-bao-ma-doc")))
    fake.add("20160312000000", url("dic-canh-bao-ma-doc"), page("dic-canh-bao-ma-doc"), listed=False)
    # the site moved its articles from /news/ to /tin-tuc/ and redirected the old addresses
    new = url("dic-dao-tao-can-bo")
    fake.add(
        "20160115000000", new.replace("/tin-tuc/", "/news/"), redirect_to=("20160115000000", new), listed_status="200"
    )
    fake.add("20160115000000", new, page("dic-dao-tao-can-bo"))
    # the site's "page not found", archived with status 200
    fake.add("20160401000000", url("dic-phan-mem-qlvb"), NOT_FOUND_PAGE)
    # a list page (no article) and a capture after the range asked for
    fake.add("20160201000000", f"{DIC}/tin-tuc/ung-dung-cntt/", site.pages["/tin-tuc/ung-dung-cntt/"].body)
    fake.add("20170601000000", url("dic-bao-mat-website"), page("dic-bao-mat-website"))
    return fake


def write_hatinh_warc(path: Path) -> Path:
    """A WARC file as a crawler (or an archive's export) writes it, with warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    articles, site = _articles("stttt_hatinh")
    page = lambda article_id: site.pages[articles[article_id]["path"]].body  # noqa: E731
    url = lambda article_id: HATINH + articles[article_id]["path"]  # noqa: E731
    with path.open("wb") as output:
        writer = WARCWriter(output, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test archive scenario"}))

        def response(target: str, date: str, body: bytes, status: str = "200 OK", headers=None):
            http = StatusAndHeaders(
                status, headers or [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                target, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": date}
            )
            writer.write_record(record)
            return record

        writer.write_record(
            writer.create_warc_record(
                url("ht-hoi-nghi-bcd-cntt-2017"), "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            )
        )
        first = response(url("ht-hoi-nghi-bcd-cntt-2017"), "2017-07-20T02:00:00Z", page("ht-hoi-nghi-bcd-cntt-2017"))
        response(url("ht-dich-vu-cong-muc-3-4"), "2017-09-10T03:00:00Z", page("ht-dich-vu-cong-muc-3-4"))
        response(url("ht-dich-vu-cong-muc-3-4"), "2017-10-01T03:00:00Z", page("ht-dich-vu-cong-muc-3-4"))
        revisit = writer.create_revisit_record(
            url("ht-hoi-nghi-bcd-cntt-2017"),
            digest=first.rec_headers.get_header("WARC-Payload-Digest"),
            refers_to_uri=url("ht-hoi-nghi-bcd-cntt-2017"),
            refers_to_date="2017-07-20T02:00:00Z",
            http_headers=StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            ),
            warc_headers_dict={"WARC-Date": "2017-08-01T00:00:00Z"},
        )
        writer.write_record(revisit)
        response(url("ht-phan-mem-dung-chung"), "2017-09-11T00:00:00Z", NOT_FOUND_PAGE, status="404 Not Found")
        response(
            f"{HATINH}/tin-tuc/ha-tinh-trien-khai-nhiem-vu-ung-dung-cntt-4127.html",
            "2017-09-12T00:00:00Z",
            b"",
            status="301 Moved Permanently",
            headers=[("Location", url("ht-hoi-nghi-bcd-cntt-2017")), ("Content-Type", "text/html")],
        )
        response(
            f"{HATINH}/category/cong-nghe-thong-tin/",
            "2017-09-12T00:00:00Z",
            site.pages["/category/cong-nghe-thong-tin/"].body,
        )
        response(
            "https://baohatinh.vn/khoa-hoc-cong-nghe/ha-tinh-trien-khai-nhiem-vu-134513.html",
            "2017-07-08T00:00:00Z",
            page("ht-hoi-nghi-bcd-cntt-2017"),
        )
    return path


def write_registry(path: Path, delay_seconds: float = 0.1) -> Path:
    """The real registry with an ``archive:`` block on the Điện Biên department (as an operator adds it)."""
    document = yaml.safe_load(settings.sources_file().read_text(encoding="utf-8"))
    for entry in document["sources"]:
        if entry["id"] == "dienbien_dic":
            entry["archive"] = dict(
                DIC_ARCHIVE, politeness={"min_delay_seconds": delay_seconds, "backoff_seconds": 0.1}
            )
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
