"""Boilerplate lines and inline clutter are removed; real sentences survive."""

from __future__ import annotations

from scrapers.adapters.boilerplate import clean_author, clean_body, is_boilerplate_line


def test_clutter_lines_are_dropped():
    text = "\n\n".join(
        [
            "Đang xử lý.....",
            "Câu thật thứ nhất của bài viết.",
            "ADQuảng cáo",
            "Quảng cáo",
            "(0) Bình luận",
            "Bình luận (12)",
            "ĐÁNH GIÁ BÀI VIẾT( 0)",
            "Đánh giá: 4,5/5",
            "Lượt xem: 1006",
            "Nổi bật",
            "Đừng bỏ lỡ",
            "Tin liên quan",
            "POWERED BY ONECMS - A PRODUCT OF NEKO",
            "http://dic.gov.vn/assets/images/logo.png",
            "|",
            "Chia sẻ",
            "Câu thật thứ hai, có 100% cơ quan kết nối.",
        ]
    )
    assert clean_body(text) == "Câu thật thứ nhất của bài viết.\n\nCâu thật thứ hai, có 100% cơ quan kết nối."


def test_inline_logo_urls_and_glued_clutter_are_removed():
    assert (
        clean_body("DIC-Sở Thông tin và Truyền thông tỉnh Điện Biênhttp://dic.gov.vn/assets/images/logo.png")
        == "DIC-Sở Thông tin và Truyền thông tỉnh Điện Biên"
    )
    assert (
        clean_body("sử dụng máy tính trong công việc. /uploads/news/2015_12/img_8030.jpg Đoàn Kiểm tra")
        == "sử dụng máy tính trong công việc. Đoàn Kiểm tra"
    )
    assert clean_body("35 hệ thống Đang xử lý.....") == "35 hệ thống"


def test_real_sentences_that_look_like_clutter_survive():
    for sentence in (
        "Quảng cáo trực tuyến tăng 20% trong năm 2018.",
        "Bình luận của chuyên gia về chỉ số ICT Index.",
        "Theo Sở TT&TT, đánh giá năm 2016 xếp Hà Tĩnh thứ 17.",
    ):
        assert not is_boilerplate_line(sentence)
        assert clean_body(sentence) == sentence


def test_author_labels():
    assert clean_author("Tác giả bài viết: Hoài Nam") == "Hoài Nam"
    assert clean_author(" bởi Biên tập viên ") == "Biên tập viên"
    assert clean_author("Lê Dung|") == "Lê Dung"
    assert clean_author("") is None
