"""ICT budgets: planned or spent, multi-year or one year, ICT money only."""

from extraction import extract_article


def _budgets(text, **kwargs):
    result = extract_article(text, source_province_code="25", **kwargs)
    return [
        (f["value"], f["kind"], f["year"], f["qualifier"]) for f in result["facts"] if f["indicator"] == "ict_budget"
    ]


def test_planned_budget_of_a_multi_year_plan_has_no_single_year():
    text = (
        "Để thực hiện kế hoạch ứng dụng CNTT giai đoạn 2009 - 2010, UBND tỉnh đã phê duyệt nguồn vốn đầu tư "
        "15 tỷ 945 triệu đồng, trong đó ngân sách Trung ương hỗ trợ 4 tỷ đồng."
    )
    assert _budgets(text, published="2009-03-20") == [
        (15_945_000_000, "target", None, None),
        (4_000_000_000, "target", None, None),
    ]


def test_spent_budget_with_its_year_and_a_breakdown_year():
    text = (
        "Giai đoạn 2016-2020, tổng vốn đầu tư cho ứng dụng CNTT đạt hơn 210 tỷ đồng, trong đó năm 2020 là 52 tỷ đồng."
    )
    assert _budgets(text, published="2021-01-11") == [
        (210_000_000_000, "actual", None, "more_than"),
        (52_000_000_000, "actual", 2020, None),
    ]


def test_revenue_and_other_money_are_not_ict_budgets():
    assert _budgets("Năm 2019, thu ngân sách nhà nước đạt 18.500 tỷ đồng.", published="2019-12-27") == []
    assert _budgets("Thiệt hại do lừa đảo qua mạng hơn 12 tỷ đồng.", published="2022-10-20") == []


def test_a_yearly_series_gives_one_actual_per_year_and_granted_money_is_spent():
    text = "Kinh phí cho ứng dụng CNTT năm 2011 là 120 tỷ đồng; 2012 là 100 tỷ; 2013 là 70 tỷ."
    assert _budgets(text, published="2016-11-17") == [
        (120_000_000_000, "actual", 2011, None),
        (100_000_000_000, "actual", 2012, None),
        (70_000_000_000, "actual", 2013, None),
    ]
    text = "Cuối năm 2012, UBND tỉnh cấp hơn 2,7 tỉ đồng cho Sở để thực hiện đề án ứng dụng CNTT."
    assert _budgets(text, published="2017-06-15") == [(2_700_000_000, "actual", 2012, "more_than")]


def test_a_companys_capital_is_not_an_ict_budget():
    assert _budgets("Công ty công nghệ thông tin này có vốn điều lệ 38 tỷ đồng.", published="2019-05-21") == []


def test_money_allotted_over_a_finished_period_is_spent_money():
    text = "Giai đoạn 2016 – 2020, tổng kinh phí bố trí cho các nhiệm vụ ứng dụng CNTT của tỉnh là hơn 22 tỷ đồng."
    assert _budgets(text, published="2021-03-01") == [(22_000_000_000, "actual", None, "more_than")]
    # the same words while the period runs are a plan
    assert _budgets(text, published="2017-03-01") == [(22_000_000_000, "target", None, "more_than")]
