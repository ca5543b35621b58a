"""The whole-article contract: shape, determinism, offsets, clutter, published keyword."""

from pathlib import Path

from extraction import EXTRACTOR_VERSION, extract_article

ARTICLES = Path(__file__).resolve().parent / "articles"


def test_contract_shape_and_evidence_offsets():
    text = (ARTICLES / "a02_binhdinh_report.txt").read_text(encoding="utf-8")
    result = extract_article(text)
    assert set(result) == {"province_code", "published", "facts", "rankings", "incidents"}
    assert EXTRACTOR_VERSION
    for entry in result["facts"] + result["rankings"] + result["incidents"]:
        assert text[entry["char_start"] : entry["char_end"]] == entry["sentence"]
        assert 0 < entry["confidence"] <= 1


def test_same_text_same_facts():
    text = (ARTICLES / "a05_quarter_incidents.txt").read_text(encoding="utf-8")
    assert extract_article(text) == extract_article(text)


def test_clutter_produces_nothing():
    clutter = (
        "ADQuảng cáo\n(0) Bình luận\nĐang xử lý.....\nhttp://dic.gov.vn/assets/images/logo.png\n/uploads/a/100.jpg\n"
    )
    result = extract_article(clutter, source_province_code="11")
    assert result["facts"] == result["rankings"] == result["incidents"] == []


def test_published_keyword_wins_over_the_text():
    text = "Thứ Ba, 03/05/2016 1006\nĐến nay 100% cơ quan có mạng LAN."
    assert extract_article(text)["published"] == "2016-05-03"
    assert extract_article(text, published="2016-05-04")["published"] == "2016-05-04"


def test_a_long_flattened_table_stays_fast():
    import time

    text = "Đến nay " + "100% cơ quan có mạng LAN, 95% cán bộ có máy tính, " * 1500 + "hết."
    started = time.process_time()
    result = extract_article(text, source_province_code="25", published="2018-01-01")
    assert time.process_time() - started < 20, "work must grow about linearly with the sentence"
    assert [(f["indicator"], f["value"]) for f in result["facts"]] == [("lan_coverage", 100), ("computer_ratio", 95)]


def test_a_review_of_the_year_before_dates_its_figures_by_that_year():
    text = (
        "URL: http://example.org/tin/d2013011009000.htm\n"
        "TITLE: Sở Thông tin và Truyền thông tổng kết năm 2012\n"
        "SOURCE: a provincial paper, 2013\n\n"
        "Hiện nay, 100% cơ quan nhà nước của tỉnh đã có mạng LAN và kết nối Internet băng thông rộng.\n"
    )
    result = extract_article(text, source_province_code="37")
    assert {(f["indicator"], f["year"]) for f in result["facts"]} == {
        ("lan_coverage", 2012),
        ("internet_coverage", 2012),
    }
    # a title that reports nothing ("hạ tầng ... năm 2012") does not move the page's year
    other = extract_article(text.replace("tổng kết năm 2012", "hạ tầng năm 2012"), source_province_code="37")
    assert {(f["indicator"], f["year"]) for f in other["facts"]} == {
        ("lan_coverage", 2013),
        ("internet_coverage", 2013),
    }
