"""Publication dates from datelines and leads; reporting periods."""

import datetime as dt

from extraction.periods import dateline_date, find_period, find_published
from extraction.sentences import iter_lines


def _published(text, title=None):
    return find_published(iter_lines(text), title)


def test_dateline_forms():
    assert dateline_date("Thứ Ba, 03/05/2016 1006") == dt.date(2016, 5, 3)
    assert dateline_date("Lê Dung| 27/08/2018 10:48") == dt.date(2018, 8, 27)
    assert dateline_date("Thứ tư - 02/12/2015 03:40") == dt.date(2015, 12, 2)
    assert dateline_date("Ngày 17/3/2009, UBND tỉnh Kon Tum đã ban hành Quyết định Số 235/QĐ-UBND") is None


def test_a_decision_date_in_the_lead_is_not_the_publication_date():
    assert _published("Kon Tum: Phê duyệt kế hoạch\nNgày 17/3/2009, UBND tỉnh Kon Tum đã ban hành Quyết định.") is None


def test_news_lead_takes_the_year_from_its_sentence_only_when_clear():
    lead = "Sáng 7/7, Sở TT&TT chủ trì hội nghị triển khai nhiệm vụ 6 tháng cuối năm 2017 của tỉnh."
    assert _published(lead) == dt.date(2017, 7, 7)
    assert _published("Chiều 16/5, thống kê từ hệ thống giám sát cho thấy số máy nhiễm tăng.") is None
    # a January meeting reviewing the past year happens the year after: the year is not clear
    assert _published("Sáng 15/1, Sở tổ chức hội nghị tổng kết công tác năm 2018.") is None


def test_same_day_report_with_full_date():
    assert _published("Báo cáo được công bố chiều nay, ngày 15/5/2017 tại Hà Nội.") == dt.date(2017, 5, 15)


def test_periods():
    assert find_period("6 tháng đầu năm 2017", None) == ("2017-01-01", "2017-06-30")
    assert find_period("trong 6 tháng đầu năm, ghi nhận", 2017) == ("2017-01-01", "2017-06-30")
    assert find_period("Trong quý III/2019, phát hiện", None) == ("2019-07-01", "2019-09-30")
    assert find_period("9 tháng đầu năm 2020", None) == ("2020-01-01", "2020-09-30")
    assert find_period("năm 2018, hệ thống phát hiện", None) == ("2018-01-01", "2018-12-31")
    assert find_period("không có kỳ nào", 2017) is None


def test_iso_and_single_digit_datelines():
    assert dateline_date("2016-05-03 10:06") == dt.date(2016, 5, 3)
    assert dateline_date("Thứ ba, 3/5/2016, 10:06 (GMT+7)") == dt.date(2016, 5, 3)


def test_a_lead_after_the_papers_name():
    assert _published(
        "(Baohatinh.vn) - Sáng 7/7, UBND tỉnh tổ chức hội nghị triển khai nhiệm vụ 6 tháng cuối năm 2017."
    ) == dt.date(2017, 7, 7)
    assert _published("TTO - Chiều 16/5/2017, Bkav cho biết số máy nhiễm đã tăng.") == dt.date(2017, 5, 16)


def test_header_year_ignores_a_collection_span_and_a_pseudo_url():
    from extraction.periods import header_year

    assert header_year({"URL": "unknown (Vietnamese online news, 2016-2019)"}) is None
    assert header_year({"SOURCE": "baomoi.com news crawl, 2017 (public dataset)"}) == 2017
    assert header_year({"URL": "https://example.vn/2018/05/bai-viet.html"}) == 2018


def test_a_lead_inside_the_first_lines_takes_the_year_the_body_makes_clear():
    text = (
        "Tóm tắt bài viết về chính quyền điện tử của thành phố.\n"
        "Tại hội nghị sáng 18/7, lãnh đạo thành phố cho biết nhiều kết quả.\n"
        "Trong 6 tháng đầu năm 2019, thành phố đã cung cấp nhiều dịch vụ; năm 2019 là năm bản lề."
    )
    assert _published(text) == dt.date(2019, 7, 18)
    # one bare mention of a past year is only a lower bound
    assert _published("Tóm tắt bài.\nNgày 24/12, ông A cho biết, năm 2013 thống kê có 40% cán bộ dùng thư.") is None
    # a plan's year is ahead of the text
    assert _published("Ngày 31-3, ông B nói năm 2020 thành phố sẽ trực tuyến hoá toàn bộ thủ tục.") is None


def test_same_period_last_year_and_this_years_deadline_settle_the_year():
    assert _published("Chiều 18/7, kỳ họp khai mạc.\nThu ngân sách tăng 6% so với cùng kỳ năm 2018.") == dt.date(
        2019, 7, 18
    )
    assert _published(
        "Sáng 24/6, hệ thống được khai trương với mục tiêu đến hết năm 2019 giảm 30% thời gian họp."
    ) == dt.date(2019, 6, 24)
    # a January review of 2018 that names the tasks of 2019 more than once
    text = (
        "Chiều 10/1, Văn phòng tổ chức hội nghị tổng kết công tác năm 2018.\n"
        "Về nhiệm vụ 2019, Thủ tướng đề nghị đổi mới; phong trào thi đua 2019 được phát động."
    )
    assert _published(text) == dt.date(2019, 1, 10)


def test_a_crawl_header_that_states_the_publication_date():
    from extraction.periods import header_published, header_year

    assert header_published(
        {"SOURCE": "baotayninh.vn (Báo Tây Ninh), published Chủ nhật: 18:53 ngày 25/08/2019; excerpt"}
    ) == dt.date(2019, 8, 25)
    assert header_published({"SOURCE": "mic.gov.vn (print view), page dated 4/18/2013 8:21:51 AM"}) == dt.date(
        2013, 4, 18
    )
    assert header_published({"SOURCE": "baogialai.com.vn, dated 2026-02-24 in the stored copy"}) == dt.date(2026, 2, 24)
    assert header_published({"PUBLISHED": "2016-05-03 10:06"}) == dt.date(2016, 5, 3)
    # a date in a note, after "no publication date", or a retrieval date is not the page's
    assert (
        header_published({"SOURCE": 'aita.gov.vn, no publication date shown (the lead dates "Sáng ngày 19/6/2012")'})
        is None
    )
    assert header_published({"SOURCE": "baomoi.com news crawl, 2017 (public dataset)"}) is None
    assert header_published({"SOURCE": "x.vn, article excerpt (text refers to the workshop of 21/9/2023)"}) is None
    # a month without a day dates nothing, but it gives the article's year
    assert header_published({"SOURCE": "baohungyen.vn, published 02/2018 (month from the URL path)"}) is None
    assert header_year({"SOURCE": "baohungyen.vn, published 02/2018 (month from the URL path)"}) == 2018


def test_a_running_total_since_a_year_and_since_new_year():
    assert find_period("Tính từ năm 2015 đến nay, đã có 37 trang bị tấn công", 2019) == ("2015-01-01", None)
    assert find_period("kể từ năm 2014 trở lại đây", None) == ("2014-01-01", None)
    # "từ đầu năm đến nay" counts from the start of the year the page was published in
    assert find_period("Từ đầu năm đến nay, 45 máy tính bị nhiễm", 2019, 2020) == ("2020-01-01", None)
    assert find_period("Từ đầu năm đến nay, 45 máy tính bị nhiễm", 2019) == ("2019-01-01", None)


def test_the_first_months_of_a_named_year_without_dau():
    assert find_period("Trong 9 tháng năm 2025, Trung tâm đã xử lý", 2025) == ("2025-01-01", "2025-09-30")
    assert find_period("11 tháng của năm 2020", None) == ("2020-01-01", "2020-11-30")
    # a date is a month, not a count of months
    assert find_period("ngày 15 tháng 9 năm 2025", None) == ("2025-09-01", "2025-09-30")


def test_a_span_of_days_takes_the_year_of_the_report():
    assert find_period("từ ngày 12-5 đến 16-5 đã giám sát", 2017) == ("2017-05-12", "2017-05-16")
    assert find_period("từ 12/5/2017 đến ngày 16/5/2017", None) == ("2017-05-12", "2017-05-16")
