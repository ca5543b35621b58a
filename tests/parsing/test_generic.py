"""The generic adapter on pages of CMSs it has never seen: link discovery and main-text extraction."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from scrapers.adapters import get_adapter
from scrapers.adapters.link_discovery import discover_article_links, url_article_score

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_sharepoint_style_portal_list(fixture_html):
    page_url = "https://stttt.yenbai.gov.vn/Pages/tin-tuc.aspx?CatID=3"
    html = fixture_html("unknown_portal_list.html")
    items = get_adapter("generic").parse_list(html, page_url)
    assert [(item.url, item.title, item.published) for item in items] == [
        (
            "https://stttt.yenbai.gov.vn/Pages/tin-tuc/chi-tiet.aspx?ItemID=5121",
            "Yên Bái tổ chức hội thảo chuyển đổi số trong doanh nghiệp nhỏ và vừa",
            date(2024, 11, 22),
        ),
        (
            "https://stttt.yenbai.gov.vn/Pages/tin-tuc/chi-tiet.aspx?ItemID=5108",
            "Triển khai ký số trên thiết bị di động cho cán bộ cấp xã",
            date(2024, 11, 18),
        ),
        (
            "https://stttt.yenbai.gov.vn/Pages/tin-tuc/chi-tiet.aspx?ItemID=5097",
            "Tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt VNeID",
            date(2024, 11, 12),
        ),
    ]
    assert items[0].lead.startswith("Hơn 150 doanh nghiệp")
    # Not the header's "today" date, the menu, the "most read" box, the external link or the footer.
    assert (
        get_adapter("generic").next_page_url(html, page_url, 1)
        == "https://stttt.yenbai.gov.vn/Pages/tin-tuc.aspx?CatID=3&page=2"
    )


def test_slug_only_urls_without_ids(fixture_html):
    page_url = "https://laocaitv.vn/chinh-tri-xa-hoi"
    items = discover_article_links(fixture_html("unknown_news_list.html"), page_url)
    assert [item.url.rsplit("/", 1)[1] for item in items] == [
        "tinh-uy-ban-hanh-nghi-quyet-ve-chuyen-doi-so-den-nam-2025-dinh-huong-den-2030",
        "khai-truong-trung-tam-giam-sat-dieu-hanh-do-thi-thong-minh",
        "cap-nhat-du-lieu-dan-cu-phuc-vu-de-an-06",
    ]
    assert items[0].title == "Tỉnh ủy ban hành nghị quyết về chuyển đổi số đến năm 2025, định hướng đến 2030"
    assert [item.published for item in items] == [None, date(2021, 9, 20), date(2021, 9, 18)]  # not today's header date


@pytest.mark.parametrize(
    "name,page_url,expected_count",
    [
        ("nukeviet4_viewcat_page.html", "https://stttt.quangtri.gov.vn/news/chuyen-doi-so/", 2),
        ("nukeviet3_viewcat.html", "http://x.gov.vn/tin-tuc/ung-dung-cntt/", 2),
        ("wordpress_archive.html", "https://example-stttt.gov.vn/chuyen-muc/chuyen-doi-so/", 2),
    ],
)
def test_generic_agrees_with_the_family_adapters_on_known_cms_pages(fixture_html, name, page_url, expected_count):
    family = {"nukeviet4": "nukeviet4", "nukeviet3": "nukeviet3", "wordpress": "wordpress"}[name.split("_")[0]]
    html = fixture_html(name)
    generic = [(i.url, i.title, i.published) for i in get_adapter("generic").parse_list(html, page_url)]
    specific = [(i.url, i.title, i.published) for i in get_adapter(family).parse_list(html, page_url)]
    assert generic == specific and len(generic) == expected_count


def test_unknown_article_main_text(fixture_html):
    article = get_adapter("generic").parse_article(
        fixture_html("unknown_article.html"),
        "https://laocaitv.vn/chinh-tri-xa-hoi/khai-truong-trung-tam-giam-sat-dieu-hanh-do-thi-thong-minh",
    )
    assert article.title == "Khai trương Trung tâm giám sát, điều hành đô thị thông minh"
    assert article.published_at == datetime(
        2021, 9, 20, 10, 30, tzinfo=VN
    )  # next to the headline, not the header's today
    assert article.author == "PV Minh Thu"
    assert article.body_text.startswith("Sáng 20/9, UBND tỉnh tổ chức lễ khai trương")
    assert "120 camera giao thông" in article.body_text and "năm 2022" in article.body_text
    for clutter in ("ADQuảng cáo", "Bình luận", "Đánh giá", "Tin liên quan", "POWERED BY", "Cập nhật dữ liệu dân cư"):
        assert clutter not in article.body_text
    assert "\n\n" in article.body_text


@pytest.mark.parametrize(
    "url,article_like",
    [
        ("https://a.gov.vn/tin-tuc/trien-khai-chu-ky-so-cho-can-bo-cap-xa-1234.html", True),
        ("https://a.gov.vn/Pages/tin-tuc/chi-tiet.aspx?ItemID=5121", True),
        ("https://a.gov.vn/2017/07/ha-tinh-trien-khai-nhiem-vu-ung-dung-cntt/", True),
        ("https://a.gov.vn/tag/chuyen-doi-so", False),
        ("https://a.gov.vn/chuyen-muc/an-toan-thong-tin/page/2/", False),
        ("https://a.gov.vn/news/chuyen-doi-so/page-3", False),
        ("https://a.gov.vn/uploads/bao-cao-2019.pdf", False),
        ("https://other.gov.vn/tin-tuc/trien-khai-chu-ky-so-cho-can-bo-cap-xa-1234.html", False),
        ("https://a.gov.vn/", False),
        ("https://a.gov.vn/Pages/ChiTietTin.aspx?IDNews=123", True),
        ("https://a.gov.vn/?p=4127", True),  # WordPress without pretty permalinks
        ("https://a.gov.vn/Pages/tin-tuc.aspx?CatID=3", True),  # a weak yes: the title and block decide
    ],
)
def test_url_article_score(url, article_like):
    assert (url_article_score(url, "https://a.gov.vn/tin-tuc/") > 0) is article_like


def test_category_ids_are_not_article_ids():
    from scrapers.adapters.link_discovery import has_strong_article_url

    assert has_strong_article_url("https://a.gov.vn/Pages/ChiTietTin.aspx?IDNews=123")
    assert has_strong_article_url("https://a.gov.vn/index.php?option=com_content&id=871&catid=12")
    assert not has_strong_article_url("https://a.gov.vn/Pages/tin-tuc.aspx?CatID=3")
    assert not has_strong_article_url("https://a.gov.vn/Default.aspx?tabid=54")


def test_home_grown_table_layout_with_block_links_and_an_unmarked_category_menu(fixture_html):
    page_url = "https://stttt.example.gov.vn/tin-tuc/cong-nghe-thong-tin"
    items = get_adapter("generic").parse_list(fixture_html("unknown_home_grown_list.html"), page_url)
    assert [(item.url, item.title, item.published) for item in items] == [
        (
            "https://stttt.example.gov.vn/tin-tuc/cong-nghe-thong-tin/so-hoa-ho-so-luu-tru-tai-cac-so-nganh",
            "Số hóa hồ sơ lưu trữ tại các sở, ngành của tỉnh",
            date(2023, 6, 12),
        ),
        (
            "https://stttt.example.gov.vn/tin-tuc/cong-nghe-thong-tin/nang-cap-cong-dich-vu-cong-cua-tinh",
            "Nâng cấp Cổng dịch vụ công của tỉnh theo chuẩn mới",
            date(2023, 6, 5),
        ),
        (
            "https://stttt.example.gov.vn/index.php?catid=12&id=871:trien-khai-hop-truc-tuyen&option=com_content&view=article",
            "Triển khai hệ thống họp trực tuyến đến cấp xã",
            date(2023, 5, 29),
        ),
    ]
    assert items[0].lead.startswith("Đến hết năm, hơn 1,2 triệu trang")
    assert (
        get_adapter("generic").next_page_url(fixture_html("unknown_home_grown_list.html"), page_url, 1)
        == "https://stttt.example.gov.vn/tin-tuc/cong-nghe-thong-tin/trang-2.html"
    )


def test_flat_list_without_item_wrappers():
    html = """<html><body><div id="noidung">
      <h3><a href="/tin/trien-khai-nen-tang-hoc-truc-tuyen-cho-can-bo-1301.html">Triển khai nền tảng học trực tuyến cho cán bộ, công chức</a></h3>
      <span class="ngay">03/03/2022</span>
      <p>Nền tảng cung cấp 40 khóa học về kỹ năng số và an toàn thông tin cho cán bộ các cấp.</p>
      <h3><a href="/tin/kiem-tra-an-toan-thong-tin-cac-he-thong-cap-tinh-1300.html">Kiểm tra an toàn thông tin các hệ thống cấp tỉnh năm 2022</a></h3>
      <span class="ngay">01/03/2022</span>
      <p>Đoàn kiểm tra đánh giá 12 hệ thống thông tin theo cấp độ đã được phê duyệt.</p>
    </div></body></html>"""
    items = discover_article_links(html, "https://stttt.example.gov.vn/tin/")
    assert [(item.published, item.lead[:20]) for item in items] == [
        (date(2022, 3, 3), "Nền tảng cung cấp 40"),
        (date(2022, 3, 1), "Đoàn kiểm tra đánh g"),
    ]


def test_base_href_and_vietnamese_box_names():
    html = """<html><head><base href="https://portal.example.gov.vn/vi/"></head><body>
      <div class="danhsach">
        <div class="item"><h3><a href="tin-tuc/ky-so-van-ban-dien-tu-dat-ty-le-cao-2201.html">Ký số văn bản điện tử đạt tỷ lệ cao trong quý I</a></h3><p>12/04/2023</p></div>
        <div class="item"><h3><a href="tin-tuc/mo-rong-mang-truyen-so-lieu-chuyen-dung-2199.html">Mở rộng mạng truyền số liệu chuyên dùng đến cấp xã</a></h3><p>10/04/2023</p></div>
      </div>
      <div class="boxtinxemnhieu"><ul><li><a href="tin-tuc/bai-doc-nhieu-nhat-trong-thang-qua-1980.html">Bài được đọc nhiều nhất trong tháng qua của cổng</a></li></ul></div>
    </body></html>"""
    items = discover_article_links(html, "https://portal.example.gov.vn/vi/tin-tuc/")
    assert [item.url for item in items] == [
        "https://portal.example.gov.vn/vi/tin-tuc/ky-so-van-ban-dien-tu-dat-ty-le-cao-2201.html",
        "https://portal.example.gov.vn/vi/tin-tuc/mo-rong-mang-truyen-so-lieu-chuyen-dung-2199.html",
    ]


@pytest.mark.parametrize(
    "pager,expected",
    [
        ('<div class="paging"><a href="/tin/?trang=2">Trang sau »</a></div>', "https://a.gov.vn/tin/?trang=2"),
        (
            '<nav><div class="nav-previous"><a href="/tin/page/2/">Bài cũ hơn</a></div></nav>',
            "https://a.gov.vn/tin/page/2/",
        ),
        ('<div><a href="/tin/p2">»</a></div>', "https://a.gov.vn/tin/p2"),
        ('<div><a href="/tin/bai-1.html">Xem tiếp</a></div>', None),
        ('<div><a href="javascript:;">Tiếp</a></div>', None),
    ],
)
def test_next_page_from_link_text(pager, expected):
    html = f"<html><body>{pager}</body></html>"
    assert get_adapter("generic").next_page_url(html, "https://a.gov.vn/tin/", 1) == expected


def test_megamenu_categories_with_html_urls_are_not_articles(fixture_html):
    page_url = "https://stttt.example.gov.vn/an-toan-thong-tin.html"
    items = get_adapter("generic").parse_list(fixture_html("unknown_megamenu_list.html"), page_url)
    assert [(item.url.rsplit("/", 1)[1], item.published) for item in items] == [
        ("canh-bao-chien-dich-gia-mao-cong-dich-vu-cong-tn3321.html", date(2024, 11, 8)),
        ("dien-tap-thuc-chien-an-toan-thong-tin-nam-2024-tn3302.html", date(2024, 10, 30)),
    ]
    assert items[0].title == "Cảnh báo chiến dịch giả mạo Cổng dịch vụ công để lừa đảo người dân"
    assert items[1].lead.startswith("Các đội ứng cứu")
