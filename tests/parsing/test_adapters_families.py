"""Each CMS family's adapter on realistic saved pages: list items, pagination, article fields, boilerplate."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import yaml

from scrapers.adapters import FAMILIES, ListItem, SelectorAdapter, get_adapter
from scrapers.adapters.generic import GenericAdapter
from scrapers.registry import CMS_FAMILIES, RegistryError, load_sources
from scrapers.textnorm import decode_html
from vnict.commands.probe import FINGERPRINTS

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_every_family_listed_has_an_adapter():
    """scrapers/adapters/families.yaml is the one list: the registry, the adapters and probe read it."""
    assert set(FAMILIES) == CMS_FAMILIES and len(FAMILIES) >= 8
    for family in FAMILIES:
        adapter = get_adapter(family)
        assert (type(adapter).__module__, type(adapter).__name__) == FAMILIES[family], family
        assert adapter.cms == family, f"{family}: the class's cms (stamped into parser_version) must be its family"
        assert family == "generic" or isinstance(adapter, SelectorAdapter), f"{family}: selectors come from the family"
        assert all(callable(getattr(adapter, name)) for name in ("parse_list", "next_page_url", "parse_article"))
    assert isinstance(get_adapter("some-unknown-cms"), GenericAdapter)


def test_probe_can_suggest_every_family_and_no_other():
    assert {family for family, _, _ in FINGERPRINTS} == CMS_FAMILIES, (
        "vnict/commands/probe.py FINGERPRINTS: give each family of scrapers/adapters/families.yaml a fingerprint"
    )


def test_the_registry_refuses_a_family_not_listed(tmp_path):
    registry = tmp_path / "sources.yaml"
    registry.write_text(
        yaml.safe_dump(
            {
                "sources": [
                    {
                        "id": "x_stttt",
                        "name": "Sở X",
                        "base_url": "https://stttt.x.gov.vn",
                        "cms": "joomla",
                        "list_urls": ["https://stttt.x.gov.vn/tin-tuc/"],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(RegistryError, match=r"field 'cms': unknown CMS family 'joomla'; choose one of \[.*'nukeviet4'"):
        load_sources(registry, endpoints={})


def test_nukeviet4_list(fixture_html):
    page_url = "https://stttt.quangtri.gov.vn/news/chuyen-doi-so/"
    html = fixture_html("nukeviet4_viewcat_page.html")
    adapter = get_adapter("nukeviet4")
    assert adapter.parse_list(html, page_url) == [
        ListItem(
            "https://stttt.quangtri.gov.vn/news/chuyen-doi-so/quang-tri-ra-mat-nen-tang-so-ho-tro-nong-dan-tieu-thu-nong-san-2381.html",
            "Quảng Trị ra mắt nền tảng số hỗ trợ nông dân tiêu thụ nông sản",
            date(2021, 10, 15),
            "Sàn thương mại điện tử của tỉnh giúp các hợp tác xã đưa sản phẩm OCOP lên môi trường mạng.",
        ),
        ListItem(
            "https://stttt.quangtri.gov.vn/news/chuyen-doi-so/hoi-nghi-chuyen-doi-so-cap-xa-nam-2021-2370.html",
            "Hội nghị chuyển đổi số cấp xã năm 2021",
            date(2021, 10, 2),
            "Tổ công nghệ số cộng đồng được thành lập tại 100% xã, phường, thị trấn.",
        ),
    ]
    assert adapter.next_page_url(html, page_url, 1) == "https://stttt.quangtri.gov.vn/news/chuyen-doi-so/page-2"


def test_nukeviet4_article(fixture_html):
    article = get_adapter("nukeviet4").parse_article(fixture_html("nukeviet4_detail.html"), "https://x.gov.vn/a.html")
    assert article.title == "Quảng Trị ra mắt nền tảng số hỗ trợ nông dân tiêu thụ nông sản"
    assert article.published_at == datetime(2021, 10, 15, 8, 32, tzinfo=VN)
    assert article.author == "Hoài Nam"
    assert article.lead.startswith("Sàn thương mại điện tử")
    assert article.body_text.startswith("Sàn thương mại điện tử")  # the lead sits outside the body: prepended
    assert "312 hộ sản xuất và 45 hợp tác xã" in article.body_text
    assert "Tin liên quan" not in article.body_text and "Hội nghị chuyển đổi số cấp xã" not in article.body_text
    assert article.images_dropped == 1


def test_nukeviet3_list_pagination_and_article(fixture_html):
    page_url = "http://stttt.example.gov.vn/tin-tuc/ung-dung-cntt/"
    adapter = get_adapter("nukeviet3")
    items = adapter.parse_list(fixture_html("nukeviet3_viewcat.html"), page_url)
    assert [(item.title, item.published) for item in items] == [
        ("Triển khai hệ thống hội nghị truyền hình đến cấp huyện", date(2012, 4, 20)),
        ("Tập huấn sử dụng thư điện tử công vụ cho cán bộ các sở", date(2012, 3, 11)),
    ]
    assert (
        items[0].url
        == "http://stttt.example.gov.vn/tin-tuc/ung-dung-cntt/trien-khai-he-thong-hoi-nghi-truyen-hinh-den-cap-huyen-412/"
    )
    # NukeViet 3 pagers are plain anchors with the current page in <strong>.
    assert (
        adapter.next_page_url(fixture_html("nukeviet3_viewcat.html"), page_url, 1)
        == "http://stttt.example.gov.vn/tin-tuc/ung-dung-cntt/page-2"
    )
    article = adapter.parse_article(fixture_html("nukeviet3_detail.html"), page_url + "x/")
    assert article.title == "Triển khai hệ thống hội nghị truyền hình đến cấp huyện"
    assert article.published_at == datetime(2012, 4, 20, 9, 15, tzinfo=VN)
    assert article.author == "Văn Hùng"
    assert "Trong quý I, đã có 6 cuộc họp" in article.body_text
    assert "Điểm cầu tại UBND huyện" not in (article.lead or "")  # the image caption of #imghome


def test_windows_1258_page_parses_after_decoding(fixture_bytes):
    html = decode_html(fixture_bytes("nukeviet3_detail_cp1258_no_charset.html"), None)
    article = get_adapter("nukeviet3").parse_article(html, "http://stttt.daklak.gov.vn/x/")
    assert article.title == "Đắk Lắk: Ứng dụng công nghệ thông tin trong cơ quan nhà nước năm 2009"
    assert article.published_at == datetime(2009, 12, 28, 16, 40, tzinfo=VN)
    assert "đường truyền số liệu chuyên dùng được triển khai tới 15 huyện, thị xã" in article.body_text


def test_malformed_html_still_parses(fixture_html):
    article = get_adapter("nukeviet_egov").parse_article(
        fixture_html("malformed_nukeviet.html"), "https://x.gov.vn/a.html"
    )
    assert article.title.startswith("Hội thảo an toàn thông tin năm 2019")
    assert article.published_at == datetime(2019, 11, 14, 15, 20, tzinfo=VN)
    assert "Tỉnh đã triển khai giám sát an toàn thông tin tập trung cho 35 hệ thống." in article.body_text
    assert "Đang xử lý" not in article.body_text


def test_wordpress_archive_and_single(fixture_html):
    page_url = "https://example-stttt.gov.vn/chuyen-muc/chuyen-doi-so/"
    adapter = get_adapter("wordpress")
    html = fixture_html("wordpress_archive.html")
    items = adapter.parse_list(html, page_url)
    assert [(item.url, item.published) for item in items] == [
        (
            "https://example-stttt.gov.vn/2022/03/ra-mat-ung-dung-cong-dan-so-cua-tinh/",
            date(2022, 3, 28),
        ),  # utm_ dropped
        ("https://example-stttt.gov.vn/2022/03/danh-gia-muc-do-chuyen-doi-so-cap-tinh-nam-2021/", date(2022, 3, 15)),
    ]
    assert items[1].lead.startswith("Bộ chỉ số DTI năm 2021")
    assert adapter.next_page_url(html, page_url, 1) == "https://example-stttt.gov.vn/chuyen-muc/chuyen-doi-so/page/2/"
    article = adapter.parse_article(fixture_html("wordpress_single.html"), items[0].url)
    assert article.title == "Ra mắt ứng dụng công dân số của tỉnh"
    assert article.published_at == datetime(2022, 3, 28, 17, 5, tzinfo=VN)  # the published <time>, not "updated"
    assert article.author == "Biên tập viên"
    assert "25.000 lượt tải" in article.body_text
    for clutter in ("Lãnh đạo tỉnh bấm nút", "Chia sẻ", "Bài viết liên quan", "Quảng cáo"):
        assert clutter not in article.body_text
    assert article.images_dropped == 1


def test_docbao_baohatinh_article_and_home(fixture_html):
    adapter = get_adapter("docbao_baohatinh")
    article = adapter.parse_article(fixture_html("baohatinh_detail.html"), "https://baohatinh.vn/x-post242182.html")
    assert article.title == "Hà Tĩnh đứng thứ 17 về hạ tầng kỹ thuật ứng dụng CNTT"
    assert article.published_at == datetime(2017, 7, 8, 10, 21, tzinfo=VN)
    assert article.author == "Thu Hà"
    assert article.lead.startswith("(Baohatinh.vn) - Theo đánh giá")
    assert "748 dịch vụ công trực tuyến mức độ 3" in article.body_text
    for clutter in ("Quang cảnh hội nghị", "Ảnh minh họa", "Tin liên quan", "baohatinh.png"):
        assert clutter not in article.body_text
    items = adapter.parse_list(fixture_html("baohatinh_home.html"), "https://baohatinh.vn/")
    assert [item.url for item in items] == [
        "https://baohatinh.vn/ha-tinh-dung-thu-17-ve-ha-tang-ky-thuat-ung-dung-cntt-post242182.html",
        "https://baohatinh.vn/day-manh-dich-vu-cong-truc-tuyen-muc-do-3-4-post242090.html",
    ]
    assert items[0].published == date(2017, 7, 8)


def test_source_selector_overrides_take_precedence(fixture_html):
    html = fixture_html("unknown_article.html")
    overrides = {
        "article_title": "h1.detail-title",
        "article_date": ".detail-info .time",
        "article_author": ".detail-info .author",
        "article_body": ".detail-content",
        "article_remove": ".rating",
    }
    for family in ("wordpress", "onecms", "generic"):
        article = get_adapter(family, overrides).parse_article(html, "https://laocaitv.vn/chinh-tri-xa-hoi/x")
        assert article.title == "Khai trương Trung tâm giám sát, điều hành đô thị thông minh"
        assert article.published_at == datetime(2021, 9, 20, 10, 30, tzinfo=VN)
        assert article.author == "PV Minh Thu"
        assert "120 camera giao thông" in article.body_text and "ADQuảng cáo" not in article.body_text
    # An override changes only the keys it names; the family's other selectors stay.
    adapter = get_adapter("wordpress", {"article_body": ".detail-content"})
    assert adapter.selectors["article_body"] == ".detail-content"
    assert adapter.selectors["list_item"] == get_adapter("wordpress").selectors["list_item"]


def test_invalid_override_selector_falls_back_instead_of_crashing(fixture_html):
    article = get_adapter("wordpress", {"article_body": "div[[[broken"}).parse_article(
        fixture_html("unknown_article.html"), "https://x/"
    )
    assert "120 camera giao thông" in article.body_text


def test_docbao_selector_sets_are_valid_css_and_drive_the_generic_adapter():
    from scrapers import dom
    from scrapers.adapters.docbao import known_selectors, selector_sets

    empty = dom.parse_html("<html><body></body></html>")
    for host, selectors in selector_sets().items():
        assert "article_body" in selectors and "article_date" in selectors, host
        for selector in selectors.values():
            dom.select(empty, selector)  # raises on invalid CSS
    assert known_selectors("www.laocai.gov.vn")["article_body"] == "div.ArticleContent"
    assert known_selectors("example.org") is None
    page = (
        "<html><head><title>x</title></head><body><h1>Lào Cai: Khai trương trung tâm điều hành thông minh</h1>"
        "<div class='PostDate'>Thứ Hai, 20/09/2021 10:30</div><div class='ArticleSummary'>Tóm tắt bài viết.</div>"
        "<div class='ArticleContent'><p>Nội dung chính của bài viết.</p></div><div class='footer'>POWERED BY X</div></body></html>"
    )
    article = get_adapter("generic", known_selectors("laocai.gov.vn")).parse_article(page, "https://laocai.gov.vn/x")
    assert article.title == "Lào Cai: Khai trương trung tâm điều hành thông minh"
    assert article.published_at == datetime(2021, 9, 20, 10, 30, tzinfo=VN)
    assert article.body_text == "Tóm tắt bài viết.\n\nNội dung chính của bài viết."


def test_liferay_title_list_and_page_iterator(fixture_html):
    page_url = "https://portal.example.gov.vn/web/guest/chuyen-doi-so"
    html = fixture_html("liferay62_title_list.html")
    adapter = get_adapter("liferay62")
    items = adapter.parse_list(html, page_url)
    assert [(item.url.rsplit("/", 1)[1], item.title, item.published) for item in items] == [
        (
            "nen-tang-tich-hop-chia-se-du-lieu-cap-tinh-lgsp",
            "Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) đi vào vận hành",
            date(2022, 6, 14),
        ),
        (
            "cap-tai-khoan-dinh-danh-dien-tu-muc-2",
            "Đẩy nhanh cấp tài khoản định danh điện tử mức độ 2 cho người dân",
            date(2022, 6, 2),
        ),
    ]
    assert adapter.next_page_url(html, page_url, 1) == (
        "https://portal.example.gov.vn/web/guest/chuyen-doi-so?_101_INSTANCE_cds_cur=2&p_p_id=101_INSTANCE_cds&p_p_lifecycle=0"
    )
    # The generic finder agrees (Liferay friendly URLs carry no id: the items' dates vouch for them).
    assert [(i.url, i.published) for i in get_adapter("generic").parse_list(html, page_url)] == [
        (i.url, i.published) for i in items
    ]


def test_onecms_adapter_on_a_common_vietnamese_news_template():
    html = """<html><body><div class="article">
      <h1 class="article__title">Đắk Nông phát động cuộc thi sáng kiến chuyển đổi số</h1>
      <div class="article__meta"><span class="article__author">Thanh Nga</span> <time datetime="2023-05-10T09:00:00+07:00">10/05/2023 09:00</time></div>
      <h2 class="article__sapo">Cuộc thi nhằm tìm kiếm các giải pháp số phục vụ người dân.</h2>
      <div class="article__body"><p>Hạn nhận hồ sơ dự thi là ngày 30/6/2023.</p><div class="ads">ADQuảng cáo</div></div>
    </div></body></html>"""
    article = get_adapter("onecms").parse_article(html, "https://baodaknong.vn/x-1.html")
    assert article.title == "Đắk Nông phát động cuộc thi sáng kiến chuyển đổi số"
    assert article.published_at == datetime(2023, 5, 10, 9, 0, tzinfo=VN)
    assert article.author == "Thanh Nga"
    assert (
        article.body_text
        == "Cuộc thi nhằm tìm kiếm các giải pháp số phục vụ người dân.\n\nHạn nhận hồ sơ dự thi là ngày 30/6/2023."
    )


def test_a_redesigned_site_falls_back_to_heuristics(fixture_html):
    """A registered NukeViet site that moved to another CMS: its selectors find nothing useful."""
    page_url = "https://stttt.yenbai.gov.vn/Pages/tin-tuc.aspx?CatID=3"
    items = get_adapter("nukeviet4").parse_list(fixture_html("unknown_portal_list.html"), page_url)
    assert len(items) == 3 and items[0].title.startswith("Yên Bái tổ chức hội thảo")
    # The body selector hits a teaser box: the main-text extractor's longer text wins.
    html = fixture_html("unknown_article.html").replace(
        '<div class="detail-content">', '<div class="bodytext">Xem thêm</div><div class="detail-content">'
    )
    article = get_adapter("nukeviet4").parse_article(html, "https://laocaitv.vn/x")
    assert "120 camera giao thông" in article.body_text
