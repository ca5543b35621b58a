"""scrapers.dates: every Vietnamese date form seen on the sites, in Asia/Ho_Chi_Minh, impossible dates rejected."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from scrapers.dates import parse_vietnamese_date, parse_vietnamese_datetime, published_from_html

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Thứ Ba, 03/05/2016", datetime(2016, 5, 3, tzinfo=VN)),
        ("Thứ Ba, 03/05/2016 1006", datetime(2016, 5, 3, tzinfo=VN)),  # a view counter after the date
        ("27/08/2018 10:48", datetime(2018, 8, 27, 10, 48, tzinfo=VN)),
        ("Lê Dung| 27/08/2018 10:48", datetime(2018, 8, 27, 10, 48, tzinfo=VN)),
        ("Thứ tư - 02/12/2015 03:40", datetime(2015, 12, 2, 3, 40, tzinfo=VN)),
        ("Ngày 17/3/2009", datetime(2009, 3, 17, tzinfo=VN)),
        ("ngày 17 tháng 3 năm 2009", datetime(2009, 3, 17, tzinfo=VN)),
        ("NGÀY 17 THÁNG 3, 2009 | 08:05", datetime(2009, 3, 17, 8, 5, tzinfo=VN)),
        ("17 tháng 03 năm 2009", datetime(2009, 3, 17, tzinfo=VN)),
        ("28 Tháng Ba, 2022", datetime(2022, 3, 28, tzinfo=VN)),
        ("5 tháng Mười Hai 2019", datetime(2019, 12, 5, tzinfo=VN)),
        ("Cập nhật lúc 10:48 ngày 27/08/2018", datetime(2018, 8, 27, 10, 48, tzinfo=VN)),
        ("10:48 27/08/2018", datetime(2018, 8, 27, 10, 48, tzinfo=VN)),
        ("10:30 - 20/09/2021", datetime(2021, 9, 20, 10, 30, tzinfo=VN)),
        ("08:15, 18-09-2021", datetime(2021, 9, 18, 8, 15, tzinfo=VN)),
        ("Thứ sáu, 20/04/2012 - 09:15", datetime(2012, 4, 20, 9, 15, tzinfo=VN)),
        ("15.10.2021", datetime(2021, 10, 15, tzinfo=VN)),
        ("03/05/2016 02:15:00 PM", datetime(2016, 5, 3, 14, 15, tzinfo=VN)),
        ("(22/11/2024)", datetime(2024, 11, 22, tzinfo=VN)),
        ("2016-05-03T10:06:00+07:00", datetime(2016, 5, 3, 10, 6, tzinfo=VN)),
        ("2022-03-28T10:05:00+00:00", datetime(2022, 3, 28, 17, 5, tzinfo=VN)),
        ("2018-08-27T03:48:00Z", datetime(2018, 8, 27, 10, 48, tzinfo=VN)),
        ("2015-12-02", datetime(2015, 12, 2, tzinfo=VN)),
    ],
)
def test_forms(text, expected):
    found = parse_vietnamese_datetime(text)
    assert found == expected
    assert found.utcoffset().total_seconds() == 7 * 3600


def test_day_month_takes_the_year_from_context():
    assert parse_vietnamese_datetime("Sáng 7/7") is None
    assert parse_vietnamese_datetime("Sáng 7/7", default_year=2017) == datetime(2017, 7, 7, tzinfo=VN)
    assert parse_vietnamese_date("Chiều 15/3, hội nghị", default_year=2019).isoformat() == "2019-03-15"


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2016",
        "32/01/2016",
        "12/13/2016",
        "00/05/2016",
        "27/08/1890 10:48",
        "25:99 27/08/2018",
        "",
        None,
        "không có ngày",
        "21/21 sở, ngành",
        "2016-13-45",
    ],
)
def test_impossible_or_absent_dates_give_none(text):
    found = parse_vietnamese_datetime(text)
    assert found is None or text == "25:99 27/08/2018" and found == datetime(2018, 8, 27, tzinfo=VN)


def test_meta_tags():
    assert (
        published_from_html('<meta property="article:published_time" content="2016-05-03T10:06:00+07:00">')
        .date()
        .isoformat()
        == "2016-05-03"
    )
    assert published_from_html('<span itemprop="datePublished" content="2015-12-02T03:40:00+07:00"></span>').hour == 3
    assert (
        published_from_html(
            '<p>x</p><time class="entry-date" datetime="2017-07-07T16:45:00+07:00">07/07/2017</time>'
        ).day
        == 7
    )
    assert published_from_html("<html><body><p>Không có ngày tháng</p></body></html>") is None
