"""Indicator facts: phrases before or after the figure, lists, baselines, levels, kinds and years."""

from extraction import extract_article


def _facts(text, province="25", **kwargs):
    result = extract_article(text, source_province_code=province, **kwargs)
    return [(f["indicator"], f["value"], f["kind"], f["year"], f["admin_level"]) for f in result["facts"]]


def test_phrase_after_a_leading_figure_and_two_predicates_joined():
    facts = _facts(
        "Đến nay, 100% các cơ quan cấp tỉnh, cấp huyện đã có mạng LAN, được kết nối Internet tốc độ cao.",
        published="2015-12-02",
    )
    assert facts == [
        ("lan_coverage", 100, "actual", 2015, "province"),
        ("internet_coverage", 100, "actual", 2015, "province"),
    ]


def test_phrase_before_a_predicate_and_a_list_carrying_it():
    facts = _facts(
        "Đến cuối năm 2020 tỷ lệ CBCC cấp huyện được trang bị máy tính đạt 100%, cấp xã đạt 80%.",
        published="2016-05-03",
    )
    assert facts == [
        ("computer_ratio", 100, "target", 2020, "district"),
        ("computer_ratio", 80, "target", 2020, "commune"),
    ]


def test_baselines_in_parentheses_are_actuals_of_their_year():
    facts = _facts(
        "Mục tiêu đến năm 2010, tỷ lệ sử dụng thư điện tử ở cấp tỉnh đạt 60% (năm 2009 là 40%).", published="2009-03-20"
    )
    assert ("email_usage", 60, "target", 2010, "province") in facts
    assert ("email_usage", 40, "actual", 2009, "province") in facts


def test_counts_take_their_indicator_from_the_noun():
    facts = _facts(
        "Toàn tỉnh có 748 dịch vụ công trực tuyến mức độ 3 và 1.638 chứng thư số; 8 điểm cầu.", published="2017-07-07"
    )
    assert [f[:2] for f in facts] == [
        ("online_services_l3", 748),
        ("digital_certificates", 1638),
        ("video_conference_sites", 8),
    ]


def test_ratios_with_a_counted_unit():
    result = extract_article(
        "Đến nay, 49/71 xã, phường, thị trấn triển khai mạng chuyên dùng.",
        source_province_code="67",
        published="2018-08-27",
    )
    (fact,) = result["facts"]
    assert (fact["indicator"], fact["admin_level"], fact["numerator"], fact["denominator"]) == (
        "specialized_network_coverage",
        "commune",
        49,
        71,
    )


def test_changes_and_unknown_figures_are_not_facts():
    assert _facts("Tỷ lệ văn bản điện tử tăng 15% so với năm 2018; GDP tăng 7,2%.", published="2019-12-01") == []


def test_budget_needs_ict_context_and_plans_are_targets_without_a_single_year():
    facts = _facts(
        "Kế hoạch ứng dụng CNTT giai đoạn 2009 - 2010 được phê duyệt nguồn vốn 15 tỷ 945 triệu đồng.",
        published="2009-03-20",
    )
    assert facts == [("ict_budget", 15_945_000_000, "target", None, None)]
    assert _facts("Thu ngân sách nhà nước đạt 18.500 tỷ đồng.", published="2019-12-27") == []


def test_national_article_keeps_only_national_or_named_province_figures():
    text = "Bộ Tài chính đã cung cấp 850 dịch vụ công trực tuyến mức độ 3, 4. Cả nước có 46.000 dịch vụ công trực tuyến mức độ 3 và 4."
    result = extract_article(text, published="2019-12-01")
    assert [(f["indicator"], f["value"], f["province_code"]) for f in result["facts"]] == [
        ("online_services_l34", 46000, None)
    ]


def test_a_plan_title_makes_listed_figures_targets_but_a_report_title_does_not():
    plan = "Kế hoạch chuyển đổi số năm 2022\nThứ Ba, 15/02/2022 08:30\nCác chỉ tiêu như sau:\n- 90% văn bản trao đổi dưới dạng điện tử;"
    assert _facts(plan) == [("edoc_exchange", 90, "target", 2022, None)]
    report = "Kết quả thực hiện Kế hoạch ứng dụng CNTT năm 2017\nThứ Tư, 20/12/2017 14:10\nCó 90% văn bản trao đổi dưới dạng điện tử."
    assert _facts(report) == [("edoc_exchange", 90, "actual", 2017, None)]


def test_progress_and_savings_are_not_coverage():
    text = (
        "Dự án văn phòng điện tử đã hoàn thành 100% khối lượng. Sử dụng văn phòng điện tử giúp tiết kiệm 40% chi phí. "
        "Tỷ lệ văn bản điện tử đạt 78%, tăng 8% so với cùng kỳ."
    )
    assert _facts(text, published="2018-07-13") == [("edoc_exchange", 78, "actual", 2018, None)]


def test_a_year_written_after_a_figure_dates_it():
    assert _facts("Tỷ lệ văn bản điện tử tăng từ 45% năm 2015 lên 80% năm 2017.", published="2018-03-01") == [
        ("edoc_exchange", 45, "actual", 2015, None),
        ("edoc_exchange", 80, "actual", 2017, None),
    ]


def test_a_breakdown_sentence_continues_the_indicator_before_it():
    text = (
        "Tỷ lệ cán bộ, công chức được trang bị máy tính trong toàn tỉnh đạt 88%. "
        "Trong đó, cấp tỉnh đạt 100%, cấp huyện đạt 96%."
    )
    assert _facts(text, published="2017-12-01") == [
        ("computer_ratio", 88, "actual", 2017, None),
        ("computer_ratio", 100, "actual", 2017, "province"),
        ("computer_ratio", 96, "actual", 2017, "district"),
    ]


def test_a_ministrys_own_figures_are_out_of_scope_but_its_reports_on_the_province_are_not():
    assert (
        _facts(
            "Năm 2016, Bộ Công Thương đã đưa vào sử dụng 44 dịch vụ công trực tuyến mức độ 3 và 4.",
            published="2017-05-01",
        )
        == []
    )
    assert _facts("Theo Bộ TT&TT, tỉnh đã cung cấp 748 dịch vụ công trực tuyến mức độ 3.", published="2017-05-01") == [
        ("online_services_l3", 748, "actual", 2017, None)
    ]


def test_counts_named_before_their_figure():
    text = "Số dịch vụ công trực tuyến mức độ 3 là 150. Tổng số máy tính trong các cơ quan nhà nước là 4.215 chiếc."
    assert [f[:2] for f in _facts(text, published="2019-01-10")] == [("online_services_l3", 150), ("computers", 4215)]


def test_three_levels_named_together_mean_every_level():
    text = "Đến nay, 100% các sở, ban, ngành, UBND các huyện, thị xã, thành phố và UBND các xã, phường, thị trấn đã có mạng LAN."
    assert _facts(text, published="2019-12-01") == [("lan_coverage", 100, "actual", 2019, None)]
    text = "Hiện nay, 100% các sở, ban, ngành và UBND các huyện, thị xã, thành phố có mạng LAN."
    assert _facts(text, published="2019-12-01") == [("lan_coverage", 100, "actual", 2019, "province")]


def test_levels_given_respectively():
    text = "Tỷ lệ máy tính/CBCC cấp tỉnh, cấp huyện, cấp xã lần lượt đạt 100%, 95% và 80%."
    assert _facts(text, published="2019-12-01") == [
        ("computer_ratio", 100, "actual", 2019, "province"),
        ("computer_ratio", 95, "actual", 2019, "district"),
        ("computer_ratio", 80, "actual", 2019, "commune"),
    ]


def test_indicators_given_respectively():
    text = "Tỷ lệ văn bản điện tử và tỷ lệ sử dụng thư điện tử lần lượt đạt 80% và 95%."
    assert _facts(text, published="2019-12-01") == [
        ("edoc_exchange", 80, "actual", 2019, None),
        ("email_usage", 95, "actual", 2019, None),
    ]


def test_part_of_a_total_takes_the_totals_noun_and_level_and_the_total_is_not_a_level_count():
    from extraction import extract_article

    text = (
        "Sở cho biết hiện có khoảng 300 trong tổng số hơn 900 dịch vụ công của tỉnh đã được đưa lên "
        "trực tuyến mức độ 3, 4."
    )
    facts = extract_article(text, source_province_code="25", published="2018-05-02")["facts"]
    assert [(f["indicator"], f["value"], f["qualifier"]) for f in facts] == [("online_services_l34", 300, "about")]


def test_every_fact_carries_a_confidence_and_its_reasons():
    from extraction import extract_article

    text = "Tỉnh đã có 100% sở, ngành sử dụng phần mềm quản lý văn bản và điều hành."
    fact = extract_article(text, source_province_code="25")["facts"][0]
    assert 0.6 <= fact["confidence"] < 0.95
    assert "year not stated" in fact["uncertainty"]


def test_one_districts_figure_is_kept_with_a_low_confidence():
    from extraction import extract_article

    text = "Năm 2018, UBND quận Hải Châu đã có 100% cán bộ sử dụng thư điện tử công vụ."
    facts = extract_article(text, source_province_code="48", published="2018-12-01")["facts"]
    assert facts and all(f["confidence"] < 0.7 for f in facts)
    assert "one district" in facts[0]["uncertainty"]


def test_staff_counted_then_where_they_work_sets_each_figures_level():
    facts = _facts(
        "Đến nay, tỉnh đã cấp hộp thư điện tử cho 100% số cán bộ, công chức tại các ban, sở, ngành, "
        "UBND cấp huyện và trên 80% số cán bộ, công chức các xã, phường, thị trấn.",
        published="2018-02-10",
    )
    assert ("email_usage", 100, "actual", 2018, "province") in facts
    assert ("email_usage", 80, "actual", 2018, "commune") in facts


def test_shares_of_businesses_and_households_are_no_agency_indicators():
    assert (
        _facts(
            "Đến nay, đã có 70% DN sử dụng thư điện tử trong hoạt động sản xuất, kinh doanh.", published="2018-05-02"
        )
        == []
    )
    assert (
        _facts(
            "Hiện tỷ lệ hộ gia đình sử dụng internet cáp quang đạt 50%, tỷ lệ người dân sử dụng internet đạt hơn 57%.",
            published="2024-05-02",
        )
        == []
    )


def test_counts_of_agencies_running_the_one_stop_shop():
    facts = _facts(
        "Tỉnh đã triển khai Hệ thống dịch vụ hành chính công trực tuyến tích hợp Một cửa điện tử liên thông "
        "17 sở, ngành, 11/11 UBND huyện, thị xã, thành phố, 156 xã, phường.",
        province="89",
        published="2020-05-01",
    )
    assert facts == [
        ("one_stop_units", 17, "actual", 2020, "province"),
        ("one_stop_units", 11, "actual", 2020, "district"),
        ("one_stop_units", 156, "actual", 2020, "commune"),
    ]
    # the same nouns without the system named are no facts
    assert (
        _facts("Đoàn công tác đã làm việc với 17 sở, ngành và 11 UBND huyện.", province="89", published="2020-05-01")
        == []
    )


def test_all_of_them_counted_and_the_old_tone_place():
    facts = _facts(
        "Hệ thống hội nghị truyền hình gồm 133 điểm cầu: 02 điểm cầu tại Uỷ ban nhân dân tỉnh, 10/10 điểm "
        "cầu tại Uỷ ban nhân dân cấp huyện, 121/121 điểm cầu tại Uỷ ban nhân dân cấp xã.",
        province="60",
        published="2024-05-01",
    )
    assert ("video_conference_sites", 10, "actual", 2024, "district") in facts
    assert ("video_conference_sites", 121, "actual", 2024, "commune") in facts


def test_national_report_split_between_the_central_and_local_levels():
    # the central level's share is the ministries' own (out of scope); the provincial one is the country's
    result = extract_article(
        "Theo báo cáo, tỷ lệ máy tính trang bị cho cán bộ ở Trung ương là 90%, cấp tỉnh là 96%.",
        published="2016-05-03",
    )
    assert [(f["indicator"], f["value"], f["admin_level"], f["province_code"]) for f in result["facts"]] == [
        ("computer_ratio", 96, "province", None)
    ]
    assert "national aggregate by administrative level" in result["facts"][0]["uncertainty"]


def test_tablets_are_not_the_agencies_computers():
    facts = _facts(
        "Tại bộ phận một cửa của phường có thêm 2 máy tính bảng để người dân đánh giá.", published="2017-05-03"
    )
    assert facts == []


def test_a_ratio_counts_its_level_whatever_follows():
    # "trên toàn tỉnh" after the counted units does not widen them to every level
    facts = _facts(
        "Internet băng thông rộng đã phủ 101/101 xã, phường, thị trấn trên toàn tỉnh.", published="2017-05-03"
    )
    assert facts == [("internet_coverage", 100, "actual", 2017, "commune")]


def test_a_paragraph_goes_on_about_the_level_it_named_and_machines_are_no_agencies():
    text = (
        "Đến nay, 100% các cơ quan cấp tỉnh đã có mạng LAN; 100% số máy tính được kết nối mạng internet. "
        "Tỷ lệ CBCC được trang bị máy tính làm việc đạt 100%. "
        "Cùng với đó, 100% huyện đã có mạng LAN. Tỷ lệ CBCC được trang bị máy tính làm việc đạt 95%."
    )
    assert _facts(text, published="2020-05-03") == [
        ("lan_coverage", 100, "actual", 2020, "province"),
        ("computer_ratio", 100, "actual", 2020, "province"),
        ("lan_coverage", 100, "actual", 2020, "district"),
        ("computer_ratio", 95, "actual", 2020, "district"),
    ]


def test_a_count_named_before_its_figure_with_the_classifier_may():
    facts = _facts(
        "Hạ tầng gồm: 46 máy chủ; số máy trạm của các cơ quan trong tỉnh là 1.277 máy; ...", published="2010-12-20"
    )
    assert ("computers", 1277, "actual", 2010, None) in facts


def test_a_sentence_reporting_what_is_done_does_not_inherit_the_paragraphs_plan():
    text = (
        "Năm 2010, Sở phấn đấu hoàn thành kế hoạch được giao. "
        "Tỷ lệ các đơn vị được kết nối Internet băng thông rộng đạt 100%, hiện đã kết nối cho tất cả các cơ quan."
    )
    assert _facts(text, published="2010-12-20") == [("internet_coverage", 100, "actual", 2010, None)]


def test_machines_and_mailboxes_hit_in_an_attack_are_no_equipment():
    text = (
        "Tin tặc đã tấn công vào gần 1 triệu tài khoản thư điện tử của các cơ quan. "
        "Đã có hơn 200.000 máy tính tại 150 quốc gia bị ảnh hưởng."
    )
    assert _facts(text, province=None, published="2017-05-15") == []


def test_targets_take_the_deadline_the_next_sentence_sets_for_them():
    text = (
        "Sở đang xây dựng Cổng dịch vụ công, bảo đảm cung cấp khoảng 300 dịch vụ công trực tuyến mức độ 3. "
        "Các chỉ tiêu này dự kiến sẽ hoàn thành vào cuối năm 2017."
    )
    facts = _facts(text, published="2017-03-01", title="Phấn đấu năm 2018 cung cấp dịch vụ công trực tuyến")
    assert facts == [("online_services_l3", 300, "target", 2017, None)]


def test_a_baseline_after_a_comma_and_per_unit_counts():
    text = (
        "Mục tiêu đến cuối năm 2010 là có 60% thông tin chỉ đạo điều hành được đưa lên cổng thông tin điện tử, "
        "năm 2009 là 30%. Trang bị cho 82 xã, mỗi đơn vị 01 bộ máy tính."
    )
    assert _facts(text, published="2010-03-01") == [
        ("directive_info_online", 60, "target", 2010, None),
        ("directive_info_online", 30, "actual", 2009, None),
    ]


def test_a_province_as_the_topic_and_a_total_with_its_part():
    text = (
        "Còn với Nam Định, đến nay, tỉnh này đã cung cấp 500 dịch vụ công trực tuyến mức 4. "
        "Tổng số dịch vụ công trực tuyến mức độ 3, 4 của các bộ, ngành, địa phương là hơn 50.000 dịch vụ, "
        "trong đó số dịch vụ công trực tuyến mức 4 là trên 15.000."
    )
    result = extract_article(text, published="2020-05-10")
    assert [(f["indicator"], f["value"], f["province_code"]) for f in result["facts"]] == [
        ("online_services_l4", 500, "36"),
        ("online_services_l34", 50000, None),
        ("online_services_l4", 15000, None),
    ]


def test_what_a_plan_sets_out_is_a_target_for_the_sentences_after_it_too():
    text = (
        "Đây là nội dung kế hoạch ứng dụng CNTT năm 2016 vừa được UBND tỉnh ban hành.\n"
        "Kế hoạch nêu rõ, bảo đảm hệ thống thư điện tử hoạt động 24/24. "
        "95% các phòng, ban thuộc UBND huyện có mạng LAN; 60% các xã có mạng LAN."
    )
    facts = _facts(text, published="2016-01-12", title="Năm 2016: 95% phòng, ban cấp huyện có mạng LAN")
    assert [(code, value, kind) for code, value, kind, *_ in facts] == [
        ("lan_coverage", 95, "target"),
        ("lan_coverage", 60, "target"),
    ]
