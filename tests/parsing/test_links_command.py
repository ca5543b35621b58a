"""``python -m vnict links`` against local HTTP servers: legacy encodings, broken markup, the generic fallback."""

from __future__ import annotations

import json
import unicodedata

from vnict import __main__ as cli

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_windows_1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters (â, ê, ô, ă, ơ, ư, đ) plus combining tone marks."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
            out += base.encode("cp1258") + "".join(c for c in decomposed if c in TONE_MARKS).encode("cp1258")
    return bytes(out)


def _run_links(url: str, capsys, *extra: str) -> list[dict]:
    assert cli.main(["links", *extra, url]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_windows_1258_list_page_without_charset(httpserver, fixture_html, capsys):
    body = to_windows_1258(fixture_html("nukeviet3_viewcat.html").replace("charset=utf-8", ""))
    httpserver.expect_request("/tin-tuc/ung-dung-cntt/").respond_with_data(body, content_type="text/html")
    rows = _run_links(httpserver.url_for("/tin-tuc/ung-dung-cntt/"), capsys)
    assert [row["title"] for row in rows] == [
        "Triển khai hệ thống hội nghị truyền hình đến cấp huyện",
        "Tập huấn sử dụng thư điện tử công vụ cho cán bộ các sở",
    ]
    assert [row["published"] for row in rows] == ["2012-04-20", "2012-03-11"]


def test_windows_1258_list_page_served_as_iso_8859_1(httpserver, fixture_html, capsys):
    body = to_windows_1258(fixture_html("unknown_portal_list.html").replace("charset=utf-8", "charset=iso-8859-1"))
    httpserver.expect_request("/Pages/tin-tuc.aspx").respond_with_data(
        body, content_type="text/html; charset=ISO-8859-1"
    )
    rows = _run_links(httpserver.url_for("/Pages/tin-tuc.aspx") + "?CatID=3", capsys)
    assert rows[0]["title"] == "Yên Bái tổ chức hội thảo chuyển đổi số trong doanh nghiệp nhỏ và vừa"
    assert len(rows) == 3


def test_malformed_list_page(httpserver, capsys):
    broken = (
        "<html><body><div class=list><div class=item><h3><a href=/tin/so-hoa-tai-lieu-luu-tru-cua-tinh-1201.html>"
        "Số hóa tài liệu lưu trữ của tỉnh đạt kết quả tích cực</h3><span>01/02/2020</span>"
        "<div class=item><h3><a href='/tin/hoi-nghi-an-toan-thong-tin-nam-2020-1200.html'>Hội nghị an toàn thông tin năm 2020 "
        "của tỉnh<span>(15/01/2020)</span></a></h3></div><p>lời dẫn<b>không đóng"
    )
    httpserver.expect_request("/tin/").respond_with_data(broken, content_type="text/html; charset=utf-8")
    rows = _run_links(httpserver.url_for("/tin/"), capsys)
    assert [(row["url"].rsplit("/", 1)[1], row["title"], row["published"]) for row in rows] == [
        (
            "so-hoa-tai-lieu-luu-tru-cua-tinh-1201.html",
            "Số hóa tài liệu lưu trữ của tỉnh đạt kết quả tích cực",
            "2020-02-01",
        ),
        ("hoi-nghi-an-toan-thong-tin-nam-2020-1200.html", "Hội nghị an toàn thông tin năm 2020 của tỉnh", "2020-01-15"),
    ]


def test_saved_file_uses_its_canonical_url_and_the_generic_adapter(tmp_path, fixture_html, capsys):
    page = tmp_path / "page.html"
    page.write_text(
        fixture_html("unknown_news_list.html").replace(
            "<head>", '<head><link rel="canonical" href="https://laocaitv.vn/chinh-tri-xa-hoi">'
        ),
        encoding="utf-8",
    )
    rows = _run_links(str(page), capsys)
    assert (
        rows[1]["url"]
        == "https://laocaitv.vn/chinh-tri-xa-hoi/khai-truong-trung-tam-giam-sat-dieu-hanh-do-thi-thong-minh"
    )
    assert set(rows[0]) == {"url", "title", "published"}


def test_missing_file_is_reported(capsys):
    assert cli.main(["links", "/khong/co/tep.html"]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_saved_file_without_a_declared_url(tmp_path, fixture_html, capsys):
    page = tmp_path / "wp.html"
    page.write_text(
        fixture_html("wordpress_archive.html").replace('<link rel="next"', '<link rel="prev-x"'), encoding="utf-8"
    )
    rows = _run_links(str(page), capsys)  # absolute links name the site: it is taken as the origin
    assert [row["url"] for row in rows][
        0
    ] == "https://example-stttt.gov.vn/2022/03/ra-mat-ung-dung-cong-dan-so-cua-tinh/"
    relative = tmp_path / "relative.html"
    relative.write_text(fixture_html("nukeviet4_viewcat_page.html"), encoding="utf-8")
    rows = _run_links(str(relative), capsys)
    assert rows[0]["url"].startswith("http://saved-page.invalid/news/chuyen-doi-so/quang-tri-ra-mat") and len(rows) == 2


def test_https_failure_falls_back_to_http(httpserver, fixture_html, capsys):
    """A plain-http server asked over https fails the TLS handshake: the command retries over http."""
    httpserver.expect_request("/news/chuyen-doi-so/").respond_with_data(
        fixture_html("nukeviet4_viewcat_page.html"), content_type="text/html; charset=utf-8"
    )
    url = httpserver.url_for("/news/chuyen-doi-so/").replace("http://", "https://")
    assert cli.main(["links", url]) == 0
    captured = capsys.readouterr()
    assert "retrying over http" in captured.err
    assert len(captured.out.splitlines()) == 2
