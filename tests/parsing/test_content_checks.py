"""Decoding reports, mojibake repair and content checks (issue 12), unit by unit.

The same cases run end to end over several pipeline runs in tests/crawling/test_bad_input_runs.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "crawling"))

from sitekit import encode_cp1258  # noqa: E402
from test_bad_input_runs import MENU, SIDEBAR, double_encoded, encode_tcvn3, nukeviet_article  # noqa: E402

from scrapers.adapters import get_adapter  # noqa: E402
from scrapers.content_checks import check_article, navigation_share  # noqa: E402
from scrapers.textnorm import decode_html_report, decode_vni, looks_like_mojibake, repair_mojibake  # noqa: E402

SHORT_LINES = [
    "Quảng Ngãi: Tình hình an toàn thông tin năm 2019",
    "Phú Yên có 95% xã kết nối mạng chuyên dùng (15/10/2019)",
]


@pytest.mark.parametrize("text", SHORT_LINES)
def test_short_windows_1258_text_without_charset_is_not_read_as_tcvn3(text):
    # Letters alone preferred TCVN3 here ("Quaềng Ngaịi"); common syllables decide now.
    report = decode_html_report(encode_cp1258(text))
    assert (report.text, report.encoding, report.source) == (text, "cp1258", "detected")
    assert report.runner_up and report.margin >= 6
    assert report.note().startswith("encoding detected: cp1258")


def test_tcvn3_and_vni_pages_without_charset_are_detected_and_named():
    text = "năm 2016, toàn tỉnh có 95% cơ quan nhà nước có mạng nội bộ và sử dụng phần mềm quản lý văn bản"
    report = decode_html_report(encode_tcvn3(text))
    assert (report.text, report.encoding) == (text, "tcvn3")
    vni = "Keát quaû öùng duïng coâng ngheä thoâng tin naêm 2016 cuûa tænh Ñieän Bieân".encode("cp1252")
    assert decode_vni(vni) == "Kết quả ứng dụng công nghệ thông tin năm 2016 của tỉnh Điện Biên"
    assert decode_html_report(vni).encoding == "vni"


def test_declared_and_utf8_pages_say_where_the_encoding_came_from():
    assert decode_html_report("Kết quả".encode()).source == "utf-8"
    assert decode_html_report(encode_cp1258("Kết quả năm 2016"), "windows-1258").source == "declared"
    assert decode_html_report("Kết quả".encode()).note() is None


def test_double_encoded_utf8_is_detected_and_repaired_line_by_line():
    page = double_encoded("Kết quả ứng dụng CNTT năm 2018").decode("utf-8") + "\nĐà Nẵng, Thừa Thiên Huế"
    assert looks_like_mojibake(page) and "Káº¿t quáº£" in page
    repaired, lines = repair_mojibake(page)
    assert repaired == "Kết quả ứng dụng CNTT năm 2018\nĐà Nẵng, Thừa Thiên Huế" and lines == 1
    assert not looks_like_mojibake("Kết quả ứng dụng CNTT năm 2016, Đà Nẵng, Thừa Thiên Huế")


def test_an_empty_body_element_is_not_filled_with_the_menu_and_sidebar():
    html = nukeviet_article("Thông báo lịch tiếp công dân tháng 1", "06/01/2024 08:00", "")
    parsed = get_adapter("nukeviet4").parse_article(html, "https://stttt.example.gov.vn/tin/1")
    assert parsed.body_text == ""
    report = check_article({"title": parsed.title, "body_text": parsed.body_text}, html)
    assert report.issues == ["empty body: the page has no article text"]


def test_a_menu_is_navigation_not_an_article():
    html = nukeviet_article("Chuyên mục tin tức", "05/01/2024 08:00", MENU.replace("nav", "div") + SIDEBAR)
    parsed = get_adapter("nukeviet4").parse_article(html, "https://stttt.example.gov.vn/tin/2")
    assert navigation_share(parsed.body_text, html) == 1.0
    (issue,) = check_article({"title": parsed.title, "body_text": parsed.body_text}, html).issues
    assert issue.startswith("navigation only: 100%")


def test_a_real_article_with_a_link_in_its_text_passes():
    body = (
        "<p>Năm 2023, tỷ lệ hồ sơ trực tuyến của tỉnh đạt 85%, theo báo cáo đăng trên "
        "<a href='/dich-vu-cong/'>Dịch vụ công trực tuyến</a> của tỉnh.</p>"
    )
    html = nukeviet_article("Kết quả dịch vụ công", "05/01/2024 08:00", body)
    parsed = get_adapter("nukeviet4").parse_article(html, "https://stttt.example.gov.vn/tin/3")
    assert check_article({"title": parsed.title, "body_text": parsed.body_text}, html).ok
