"""Ranking positions: components, changes, scores, several provinces in one sentence."""

from extraction import extract_article


def _ranks(text, province=None, **kwargs):
    result = extract_article(text, source_province_code=province, **kwargs)
    return [
        (r["ranking"], r["component"], r["rank"], r["year"], r["change"], r["province_code"], r["score"])
        for r in result["rankings"]
    ]


def test_components_with_their_change():
    text = (
        "Theo Vietnam ICT Index 2015, tỉnh đứng cuối cùng trong 63 tỉnh, cụ thể: Hạ tầng kỹ thuật CNTT "
        "xếp thứ 55/63 (Giảm 01 bậc); Hạ tầng nhân lực xếp thứ 59/63 (Tăng 01 bậc)."
    )
    assert _ranks(text, "11", published="2015-12-02") == [
        ("ict_index", "overall", 63, 2015, None, "11", None),
        ("ict_index", "infrastructure", 55, 2015, -1, "11", None),
        ("ict_index", "human_resources", 59, 2015, 1, "11", None),
    ]


def test_ranks_written_with_ve_component():
    text = (
        "Theo đánh giá mức độ ứng dụng CNTT trong cơ quan nhà nước năm 2016, Hà Tĩnh đứng thứ 17 về hạ tầng "
        "kỹ thuật; thứ 10 về ứng dụng CNTT trong nội bộ."
    )
    assert [r[1:4] for r in _ranks(text, "42", published="2017-07-07")] == [
        ("infrastructure", 17, 2016),
        ("internal_application", 10, 2016),
    ]


def test_round_up_of_several_provinces_with_scores():
    text = (
        "Theo Vietnam ICT Index 2017, Đà Nẵng tiếp tục dẫn đầu với 0,85 điểm. "
        "TP.HCM và Thừa Thiên Huế lần lượt đứng thứ 2 và 3."
    )
    assert _ranks(text, published="2017-11-29") == [
        ("ict_index", "overall", 1, 2017, None, "48", 0.85),
        ("ict_index", "overall", 2, 2017, None, "79", None),
        ("ict_index", "overall", 3, 2017, None, "46", None),
    ]


def test_other_indices_and_world_rankings_are_not_ict_ranks():
    text = (
        "Theo Vietnam ICT Index 2018, Huế xếp thứ 3. Chỉ số PCI 2018 ghi nhận Quảng Ninh đứng thứ nhất. "
        "Việt Nam xếp thứ 2 ở khu vực châu Á về tỷ lệ nhiễm mã độc."
    )
    # only Huế's ICT Index rank is one (a national article, so it carries Huế's own code)
    assert _ranks(text, published="2019-01-10") == [("ict_index", "overall", 3, 2018, None, "46", None)]


def test_whose_rank_it_is_in_round_ups():
    text = (
        "Theo Vietnam ICT Index 2017, Bộ Tài chính đứng thứ nhất, xếp thứ hai là Bảo hiểm xã hội Việt Nam. "
        "Đà Nẵng năm thứ 9 liên tiếp dẫn đầu khối tỉnh; hai vị trí thứ tư và thứ năm là Bắc Ninh và Lào Cai. "
        "Đây là lần thứ 12 chỉ số được công bố tại hội thảo lần thứ 21."
    )
    assert [(r[2], r[5]) for r in _ranks(text, published="2017-10-06")] == [(1, "48"), (4, "27"), (5, "10")]


def test_component_headings_and_a_province_named_on_its_own_line():
    text = (
        "Vietnam ICT Index 2019 vừa được công bố.\nHạ tầng kỹ thuật: Đà Nẵng xếp thứ 1 với 0,7925 điểm.\n"
        "Ứng dụng CNTT: Đà Nẵng xếp thứ 2 (với 0,85 điểm), sau Thừa Thiên Huế."
    )
    assert [r[1:4] + (r[5],) for r in _ranks(text, "48", published="2019-08-24")] == [
        ("infrastructure", 1, 2019, "48"),
        ("it_application", 2, 2019, "48"),
        ("it_application", 1, 2019, "46"),
    ]


def test_places_given_relative_to_another():
    text = (
        "Theo Vietnam ICT Index 2019, TP Đà Nẵng dẫn đầu với 0,8654/1 điểm, theo sau là tỉnh Thừa Thiên Huế "
        "(0,8046/1 điểm) và Quảng Ninh (0,7350/1 điểm). Ở chỉ số “hạ tầng kỹ thuật”, Đà Nẵng xếp hạng 1, đơn vị "
        "xếp sau là Bà Rịa - Vũng Tàu. Dịch vụ công trực tuyến: Đà Nẵng xếp thứ 4 sau Thừa Thiên Huế, Quảng Ninh, "
        "Tiền Giang."
    )
    ranks = {(r[1], r[2], r[5]) for r in _ranks(text, "48", published="2019-08-24")}
    assert {
        ("overall", 1, "48"),
        ("overall", 2, "46"),
        ("overall", 3, "22"),
        ("infrastructure", 1, "48"),
        ("infrastructure", 2, "77"),
        ("online_services", 4, "48"),
        ("online_services", 1, "46"),
        ("online_services", 2, "22"),
        ("online_services", 3, "82"),
    } <= ranks


def test_flattened_ranking_table_rows():
    text = (
        "Kết quả đánh giá mức độ ứng dụng CNTT năm 2017 của các tỉnh\n\nTT\n\n1\n\nThừa Thiên - Huế\n\n01 (0,727)\n\n"
        "2\n\nTP. Đà Nẵng\n\n02 (0,716)\n\n3\n\nLâm Đồng\n\n03 (0,714)\n\n4\n\nQuảng Ninh\n\n04 (0,703)"
    )
    ranks = [(r[0], r[2], r[3], r[5]) for r in _ranks(text, published="2018-07-05")]
    assert ranks == [
        ("it_application", 1, 2017, "46"),
        ("it_application", 2, 2017, "48"),
        ("it_application", 3, 2017, "68"),
        ("it_application", 4, 2017, "22"),
    ]


def test_ranks_in_words_and_vi_thu():
    text = "Theo Vietnam ICT Index 2018, Đà Nẵng dẫn đầu, Quảng Ninh đứng thứ hai, Hà Nội xếp vị thứ 4."
    assert [(r[2], r[5]) for r in _ranks(text, published="2018-11-01")] == [(1, "48"), (2, "22"), (4, "01")]


def test_year_of_each_rank_and_regional_ranks():
    assert [
        (r[2], r[3])
        for r in _ranks(
            "Năm 2017, chỉ số ICT Index của tỉnh xếp thứ 20, năm 2018 xếp thứ 15.", "25", published="2019-06-01"
        )
    ] == [(20, 2017), (15, 2018)]
    assert _ranks("Tỉnh xếp thứ 5 trong khu vực Tây Nguyên về chỉ số ICT Index.", "64", published="2019-06-01") == []


def test_last_years_rank_in_a_comparison_and_the_rank_moved_from():
    text = (
        "Theo bảng xếp hạng ICT Index năm 2018, Lào Cai đứng thứ 8, giảm 1 bậc so với năm 2017 (hạng 7). "
        "Trong khi Hà Nội lùi từ vị trí thứ bảy xuống thứ 10."
    )
    ranks = [(r[2], r[3], r[5]) for r in _ranks(text, published="2018-09-01")]
    assert (8, 2018, "10") in ranks and (7, 2017, "10") in ranks
    assert (7, 2017, "01") in ranks and (10, 2018, "01") in ranks


def test_goals_regions_and_unknown_components_are_not_ranks():
    text = (
        "Theo Vietnam ICT Index 2019, lãnh đạo quyết tâm đưa Hà Nội vươn lên dẫn đầu. "
        "Quảng Ninh cũng là tỉnh dẫn đầu về chỉ số ICT Index khu vực phía Bắc. "
        "Đà Nẵng xếp hạng 6 về chỉ số an toàn thông tin mạng."
    )
    assert _ranks(text, published="2019-09-01") == []


def test_the_newer_ict_index_name_of_a_component_is_that_component():
    # since 2020 the ICT Index calls its production-and-business component "Công nghiệp CNTT"
    result = extract_article(
        "Đà Nẵng xếp hạng 6 về chỉ số công nghiệp công nghệ thông tin trong ICT Index 2023.", published="2024-08-01"
    )
    assert [(r["component"], r["rank"], r["province_code"]) for r in result["rankings"]] == [
        ("production_business", 6, "48")
    ]


def test_a_year_by_year_series_keeps_the_sentences_component():
    text = (
        "Theo đánh giá mức độ ứng dụng CNTT của Bộ TT&TT, Cổng thông tin điện tử Thừa Thiên Huế luôn nằm trong "
        "top đầu (năm 2008: xếp thứ 5; năm 2009: thứ 3; năm 2010: thứ 1)."
    )
    assert [(r[1], r[2], r[3]) for r in _ranks(text, "46", published="2014-05-01")] == [
        ("portal", 5, 2008),
        ("portal", 3, 2009),
        ("portal", 1, 2010),
    ]


def test_the_title_states_a_rank():
    text = "Báo cáo Vietnam ICT Index 2020 vừa được công bố tại Hà Nội với nhiều thay đổi."
    result = extract_article(
        text, title="Vietnam ICT Index 2020, Thái Nguyên xếp thứ 44/63 tỉnh, thành phố", published="2020-11-20"
    )
    assert [(r["rank"], r["year"], r["province_code"]) for r in result["rankings"]] == [(44, 2020, "19")]
    assert "read from the title" in result["rankings"][0]["uncertainty"]


def test_a_sentence_that_opens_with_its_year_and_a_portal_named_with_its_address():
    text = (
        "Theo kết quả đánh giá mức độ ứng dụng công nghệ thông tin của cơ quan nhà nước năm 2013 vừa được Bộ "
        "Thông tin và Truyền thông công bố, Cổng thông tin điện tử Thừa Thiên Huế (www.thuathienhue.gov.vn) "
        "đạt 233/240 điểm, xếp thứ 01/63 tỉnh, thành phố trong cả nước."
    )
    ranks = extract_article(text, published="2014-04-20")["rankings"]
    assert [(r["component"], r["rank"], r["year"], r["province_code"]) for r in ranks] == [("portal", 1, 2013, "46")]


def test_a_heading_line_names_the_component_of_the_paragraph_under_it():
    text = (
        "Bộ Thông tin và Truyền thông công bố kết quả đánh giá mức độ ứng dụng CNTT năm 2016.\n"
        "1. Chỉ số Hạ tầng kỹ thuật CNTT:\n"
        "Tỉnh đạt 0,812/1,000 điểm; xếp thứ 30/63 tỉnh, thành.\n"
        "2. Nguồn nhân lực cho ứng dụng công nghệ thông tin:\n"
        "Tỉnh đạt 0,700/1,000 điểm; xếp thứ 12/63 tỉnh, thành.\n"
        "Theo cách xếp hạng cũ, tỉnh xếp hạng tổng thể đứng thứ 20/63."
    )
    result = extract_article(text, source_province_code="44", published="2017-05-10")
    assert [(r["component"], r["rank"], r["score"], r["score_scale"]) for r in result["rankings"]] == [
        ("infrastructure", 30, 0.812, 1),
        ("human_resources", 12, 0.7, 1),
        ("overall", 20, None, None),
    ]


def test_components_listed_with_their_own_ranks_and_scores_in_brackets():
    text = (
        "Theo xếp hạng mức độ ứng dụng CNTT năm 2013, tỉnh đạt 700,5/1.000 điểm, xếp thứ 8/63, trong đó "
        "chỉ số thành phần về Hạ tầng kỹ thuật CNTT xếp thứ 2 (đạt 98/100 điểm), chỉ số thành phần về Ứng dụng "
        "CNTT trong hoạt động nội bộ xếp thứ 11 (đạt 170,5/250 điểm); chỉ số thành phần về Công tác đảm bảo an "
        "toàn thông tin xếp thứ 7 (đạt 80/100 điểm); chỉ số Nguồn nhân lực cho ứng dụng CNTT đứng thứ 4."
    )
    result = extract_article(text, source_province_code="46", published="2014-04-10")
    assert [(r["component"], r["rank"], r["score"], r["score_scale"]) for r in result["rankings"]] == [
        ("overall", 8, 700.5, 1000),
        ("infrastructure", 2, 98, 100),
        ("internal_application", 11, 170.5, 250),
        ("human_resources", 4, None, None),
    ]
