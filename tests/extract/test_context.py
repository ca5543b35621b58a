"""Target or actual, which year, which qualifier."""

from extraction.context import ArticleContext, decide_kind_and_year, explicit_year, qualifier_before


def _kind(clause, context=None, before_clause=""):
    context = context or ArticleContext(province_code="25", reference_year=2017)
    offset = clause.index("%") - 3
    return decide_kind_and_year(context, clause, offset, before_clause + clause, before_clause)[:2]


def test_target_cues_and_future_deadlines():
    assert _kind("phấn đấu đến năm 2020 đạt 100%") == ("target", 2020)
    assert _kind("đến cuối năm 2017 phải đạt 90%") == ("target", 2017)
    assert _kind("đến nay đã đạt 100%") == ("actual", 2017)


def test_a_past_deadline_is_an_actual_of_that_year():
    assert _kind("tính đến hết năm 2016, tỷ lệ đạt 95%") == ("actual", 2016)


def test_a_stated_year_dates_later_clauses():
    assert _kind(" cơ quan có trang tin đạt 100%", before_clause="Năm 2016, tỷ lệ văn bản đạt 85%;") == ("actual", 2016)


def test_plan_articles_make_unmarked_figures_targets():
    context = ArticleContext(province_code="25", reference_year=2016, is_plan=True, plan_end_year=2020)
    assert _kind("cấp xã đạt 80%", context) == ("target", 2020)


def test_explicit_year_ignores_comparisons_and_qualifiers():
    assert explicit_year("tăng so với năm 2014, năm 2015 đạt") == 2015
    assert qualifier_before("đạt trên 95%", 9) == "more_than"
    assert qualifier_before("trung bình đạt khoảng 97%", 22) == "about"
    assert qualifier_before("đạt 97%", 4) is None


def test_the_nearest_stated_year_dates_a_figure():
    assert explicit_year("Năm 2019, tỷ lệ đạt 85%, dự kiến năm 2020 đạt") == 2020
