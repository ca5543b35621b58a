"""The article's province and the provinces named in a sentence."""

from extraction.provinces import detect_article_province, find_provinces


def test_title_prefix_names_the_province():
    assert detect_article_province("Kon Tum: Phê duyệt kế hoạch", "Nội dung.") == "62"
    assert detect_article_province("Chủ tịch Hà Nội: Loa phường", "Nội dung.") == "01"


def test_dominant_province_in_a_provincial_text():
    text = "UBND tỉnh Đắk Nông chỉ đạo. Toàn tỉnh có 5.768 máy tính. Sở TT&TT Đắk Nông cho biết."
    assert detect_article_province(None, text) == "67"


def test_national_text_naming_several_cities_has_no_province():
    text = "Tại Việt Nam, mã độc lây nhiễm ở Hà Nội, TP.HCM và Đà Nẵng; cả nước có hàng nghìn máy bị nhiễm."
    assert detect_article_province(None, text) is None


def test_source_province_wins():
    assert detect_article_province("Tin tức", "tỉnh Điện Biên, tỉnh Lào Cai", source_province_code="11") == "11"
    # a title opening with another province wins: a ministry site reports on every province
    assert detect_article_province("Kon Tum: Phê duyệt kế hoạch", "Nội dung.", source_province_code="25") == "62"


def test_look_alikes_are_not_provinces():
    assert find_provinces("khu vực châu Á - Thái Bình Dương") == []
    assert [m.province_code for m in find_provinces("TP.HCM và Thừa Thiên Huế")] == ["79", "46"]


def test_a_province_leading_the_country_in_its_title_is_that_provinces_story():
    assert (
        detect_article_province(
            "Hà Nam dẫn đầu cả nước về tỷ lệ hồ sơ trực tuyến toàn trình",
            "Theo số liệu, tỷ lệ hồ sơ trực tuyến toàn trình của tỉnh đạt 60%.",
        )
        == "35"
    )


def test_a_ministrys_announcement_naming_several_provinces_is_national():
    body = (
        "Ở khối địa phương, tỉnh An Giang dẫn đầu về dịch vụ công trực tuyến; tỉnh Thừa Thiên Huế dẫn đầu về "
        "cung cấp thông tin; tỉnh Lào Cai dẫn đầu về hạ tầng. Tỉnh An Giang cũng dẫn đầu xếp hạng tổng thể."
    )
    assert detect_article_province("Bộ Thông tin và Truyền thông: Công bố kết quả đánh giá năm 2011", body) is None


def test_a_provincial_papers_local_story_naming_only_a_district():
    assert (
        detect_article_province(
            "Thăng Bình khai trương hệ thống hội nghị truyền hình trực tuyến",
            "Sáng 2.4, UBND huyện Thăng Bình khai trương hệ thống.",
            url="http://baoquangnam.vn/cai-cach-hanh-chinh/thang-binh-110397.html",
        )
        == "49"
    )


def test_a_provincial_paper_republishing_national_news_is_national():
    # its province one name in a list of provinces
    body = (
        "Trong tháng, 28 cơ quan nhà nước có website bị chèn nội dung, gồm các đơn vị tại Hà Tĩnh, Đà Nẵng, "
        "Hà Nội, Hải Phòng, TP.HCM, Quảng Bình, Lạng Sơn."
    )
    assert (
        detect_article_province(
            "28 cơ quan nhà nước có website bị chèn nội dung quảng cáo",
            body,
            url="https://baohatinh.vn/thiet-bi-so/28-co-quan/256192.htm",
        )
        is None
    )
    # or a national story quoting a national security source and naming no province
    assert (
        detect_article_province(
            "Rủi ro phần mềm gián điệp",
            "Theo Bkav, năm 2019 có 1,8 triệu máy tính bị mất dữ liệu.",
            url="https://baogialai.com.vn/channel/744/202006/rui-ro-5687905/",
        )
        is None
    )
    # a local story that names no province is the paper's own
    assert (
        detect_article_province(
            "87% cán bộ, công chức sử dụng hộp thư điện tử thường xuyên",
            "Hiện nay, 87% cán bộ, công chức sử dụng hộp thư điện tử thường xuyên.",
            url="https://baovinhlong.com.vn/thoi-su/201711/87-can-bo-2862906/",
        )
        == "86"
    )
