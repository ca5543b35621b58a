"""Security incidents: type, count, period; Vietnam's figures only."""

from extraction import extract_article


def _incidents(text, province=None, **kwargs):
    result = extract_article(text, source_province_code=province, **kwargs)
    return [
        (i["incident_type"], i["count"], i["period_start"], i["period_end"], i["province_code"])
        for i in result["incidents"]
    ]


def test_counts_with_their_type_and_the_period_of_the_sentence():
    text = (
        "Về an toàn thông tin, 6 tháng đầu năm, có 87 lượt đơn vị nhiễm mã độc Botnet; "
        "2 Cổng thông tin điện tử bị tấn công thay đổi giao diện."
    )
    assert _incidents(text, "42", published="2017-07-07") == [
        ("malware", 87, "2017-01-01", "2017-06-30", "42"),
        ("defacement", 2, "2017-01-01", "2017-06-30", "42"),
    ]


def test_period_named_in_an_earlier_paragraph_carries_over():
    text = "Trong quý III/2019, Trung tâm phát hiện nhiều cuộc tấn công.\nCụ thể, có 215 máy tính bị nhiễm mã độc."
    assert _incidents(text, "46", published="2019-10-04") == [("malware", 215, "2019-07-01", "2019-09-30", "46")]


def test_world_figures_and_vulnerabilities_are_not_incidents():
    text = (
        "WannaCry đã lây nhiễm hơn 200.000 máy tính tại 150 quốc gia trên thế giới. "
        "Với 4 triệu máy tính có lỗ hổng tại Việt Nam, các máy này có thể bị nhiễm mã độc."
    )
    assert _incidents(text, published="2017-05-15") == []


def test_national_list_and_city_shares():
    text = (
        "Tại Việt Nam đã có hơn 1.900 máy tính bị lây nhiễm mã độc tống tiền WannaCry. "
        "Ở Hà Nội, số lượng máy bị lây nhiễm khoảng 400, còn TP.HCM là 200."
    )
    found = _incidents(text, published="2017-05-16")
    assert [(i[0], i[1], i[4]) for i in found] == [
        ("malware", 1900, None),
        ("malware", 400, "01"),
        ("malware", 200, "79"),
    ]


def test_a_world_count_that_includes_vietnam_is_not_vietnams():
    text = "Đang có hơn 45.000 máy tính bị lây nhiễm mã độc tại hơn 100 quốc gia, bao gồm cả Việt Nam."
    assert _incidents(text, "01", published="2017-05-13") == []


def test_a_count_named_before_its_figure():
    text = "Năm 2018, số máy tính bị nhiễm mã độc trên địa bàn tỉnh là 320. Tổng số vụ tấn công thay đổi giao diện là 12, tăng 3 vụ."
    assert _incidents(text, "25", published="2019-01-10") == [
        ("malware", 320, "2018-01-01", "2018-12-31", "25"),
        ("defacement", 12, "2018-01-01", "2018-12-31", "25"),
    ]


def test_a_list_leaves_the_type_out_of_its_later_clauses():
    text = (
        "Trong quý I/2019 có 5 trang thông tin điện tử bị tấn công thay đổi giao diện; quý II/2019 có 3 trang. "
        "Năm 2018 có 87 lượt đơn vị nhiễm mã độc; 15 máy chủ được nâng cấp."
    )
    assert [(i[0], i[1], i[2]) for i in _incidents(text, "74", published="2019-10-10")] == [
        ("defacement", 5, "2019-01-01"),
        ("defacement", 3, "2019-04-01"),
        ("malware", 87, "2018-01-01"),
    ]


def test_a_breakdown_by_province_takes_the_type_of_the_sentence_before():
    from extraction import extract_article

    text = (
        "Cả nước có khoảng 800 máy tính bị nhiễm mã độc WannaCry. "
        "Trong đó, Hà Nội có khoảng 400 máy bị tấn công, còn TP HCM là hơn 200 máy."
    )
    found = extract_article(text, published="2017-05-16")["incidents"]
    assert [(i["count"], i["province_code"]) for i in found] == [(800, None), (400, "01"), (200, "79")]
    assert all(i["uncertainty"] for i in found[1:])


def test_kinds_of_malware_are_not_infections():
    from extraction import extract_article

    text = "Sở TT&TT TP.HCM cho biết có ít nhất 3 mã độc dạng biến thể từ WannaCry."
    assert extract_article(text, source_province_code="79", published="2017-05-22")["incidents"] == []


def test_botnet_addresses_named_before_their_figure_and_a_month_of_the_articles_year():
    text = (
        "Trong tháng 7, số lượng địa chỉ IP Việt Nam nằm trong các mạng botnet là 2.014.512 địa chỉ, "
        "giảm 4,84% so với tháng 6."
    )
    found = extract_article(text, published="2020-08-05")["incidents"]
    assert [(i["incident_type"], i["count"], i["period_start"]) for i in found] == [("malware", 2014512, "2020-07-01")]


def test_blocked_attempts_are_not_incidents():
    text = "Trong quý 1-2018, công nghệ chống lừa đảo của một hãng bảo mật đã ngăn chặn hơn 3,6 triệu lượt truy cập giả mạo tại Việt Nam."
    assert extract_article(text, published="2018-05-01")["incidents"] == []


def test_machines_cleaned_of_a_named_malware_are_infections():
    found = _incidents(
        "Các cán bộ kỹ thuật đã kiểm tra, bóc gỡ mã độc botnet cho 2 máy chủ và hơn 20 máy tính bị nhiễm mã độc.",
        province="11",
        published="2017-09-20",
    )
    assert ("malware", 2, None, None, "11") in found or any(i[:2] == ("malware", 2) for i in found)
    assert any(i[:2] == ("malware", 20) for i in found)


def test_a_running_total_since_a_year():
    found = _incidents(
        "Tính từ năm 2015 đến nay, đã có 37 trang thông tin điện tử của tỉnh bị tấn công thay đổi giao diện.",
        province="45",
        published="2020-03-12",
    )
    assert found == [("defacement", 37, "2015-01-01", None, "45")]


def test_machines_hit_by_a_named_threat_take_the_type_named_before():
    text = (
        "Bkav cảnh báo mã độc gián điệp mới lây lan qua trình duyệt. "
        "Hệ thống ghi nhận đã có hơn 3.000 máy tính tại Việt Nam bị SpyAgent theo dõi."
    )
    assert _incidents(text, published="2018-07-30") == [("malware", 3000, None, None, None)]


def test_machines_installed_by_a_vendor_are_not_hit():
    text = "Trong đợt rà soát mã độc, 40 máy tính được Viettel cài đặt phần mềm diệt virus."
    assert _incidents(text, "42", published="2018-07-30") == []


def test_a_national_security_agency_speaks_of_vietnam_and_the_title_names_the_period():
    text = (
        "Hơn 900.000 địa chỉ IP bị nhiễm mã độc trong năm 2016\n\n"
        "Trong đó, Trung tâm VNCERT đã bóc gỡ mã độc tại 800.000 địa chỉ IP thuộc các tổ chức, doanh nghiệp."
    )
    assert _incidents(text, title="Hơn 900.000 địa chỉ IP bị nhiễm mã độc trong năm 2016") == [
        ("malware", 800000, "2016-01-01", "2016-12-31", None)
    ]


def test_detected_and_blocked_events_happened_but_spam_and_rates_are_no_incidents():
    text = (
        "Trong 10 tháng đầu năm 2023, Sở đã phát hiện, ngăn chặn, xử lý gần 9.000 lượt virus phát tán; "
        "7.000 lượt phát tán email rác; 213 email chứa mã độc; 35 email có nội dung lừa đảo. "
        "Cứ 10 email thì có 1,6 email chứa mã độc."
    )
    assert _incidents(text, "46", published="2023-11-07") == [
        ("malware", 9000, "2023-01-01", "2023-10-31", "46"),
        ("malware", 213, "2023-01-01", "2023-10-31", "46"),
        ("phishing", 35, "2023-01-01", "2023-10-31", "46"),
    ]


def test_attacks_counted_first_take_the_main_type_a_later_sentence_gives():
    text = (
        "Từ đầu năm đến nay đã có 7 trang thông tin điện tử của các sở bị tấn công. "
        "Vụ mới nhất xảy ra cuối tháng 6. "
        "Các trang này chủ yếu bị tấn công thay đổi giao diện, nhiễm mã độc."
    )
    assert _incidents(text, "48", published="2016-07-13") == [("defacement", 7, "2016-01-01", None, "48")]


def test_one_named_portal_hit_is_one_incident_dated_by_the_report():
    text = "Sáng 9/8/2013, Cổng thông tin điện tử Sóc Trăng bị hacker thay đổi nội dung trang chủ."
    assert _incidents(text, published="2013-08-09") == [("defacement", 1, "2013-08-09", "2013-08-09", "94")]
    # a site that only might be hit is no incident
    assert (
        _incidents("Trang thông tin điện tử Sóc Trăng có thể bị tấn công thay đổi giao diện.", published="2013-08-09")
        == []
    )


def test_an_article_naming_only_vietnam_counts_vietnams_incidents_from_its_first_sentence():
    text = (
        "Trong đó, loại hình malware chiếm số lượng lớn nhất với 4.000 sự cố. "
        "Đáng chú ý là có tới 16 trang web có tên miền .gov.vn đã bị tấn công thay đổi giao diện."
    )
    assert _incidents(text, published="2016-05-15") == [
        ("malware", 4000, None, None, None),
        ("defacement", 16, None, None, None),
    ]
    # the same words in a story about another country are not Vietnam's
    assert (
        _incidents("Tại Mỹ, loại hình malware chiếm số lượng lớn nhất với 4.000 sự cố.", published="2016-05-15") == []
    )


def test_a_count_per_day_is_a_rate_but_a_count_within_one_day_is_that_days_count():
    text = (
        "Trong năm 2019, các hãng bảo mật ước tính trung bình mỗi ngày có khoảng 3.000 cuộc tấn công "
        "mã độc tống tiền. Chỉ trong một ngày 14/5/2019, 1.200 máy tính tại Việt Nam bị nhiễm mã độc tống tiền."
    )
    found = _incidents(text, None, published="2019-06-01")
    assert [(kind, count) for kind, count, *_ in found] == [("malware", 1200)]
