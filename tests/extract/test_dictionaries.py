"""Phrase dictionaries: loaded from data files once, matched regardless of case and separators."""

from extraction import dictionaries
from extraction.dictionaries import PhraseMatcher, indicator_phrase_matcher, normalize_phrase


def test_separators_and_case_do_not_matter():
    matcher = PhraseMatcher({"máy tính cán bộ công chức": "computer_ratio"})
    (match,) = matcher.find_all("Tỷ lệ Máy tính/cán bộ, công chức đạt 95%")
    assert match.value == "computer_ratio" and match.phrase == "máy tính cán bộ công chức"
    assert normalize_phrase("Máy tính/cán bộ,  công chức") == "máy tính cán bộ công chức"


def test_longest_phrase_wins_and_spans_filter():
    matcher = PhraseMatcher({"ứng dụng cntt": "it_application", "ứng dụng cntt trong nội bộ": "internal_application"})
    text = "thứ 10 về ứng dụng CNTT trong nội bộ"
    assert [m.value for m in matcher.find_all(text)] == ["internal_application"]
    assert matcher.find_all(text, 0, 10) == []


def test_dictionaries_are_data_loaded_once():
    assert dictionaries.DATA_DIR.joinpath("indicators.yaml").exists()
    assert indicator_phrase_matcher() is indicator_phrase_matcher()
    codes = set(dictionaries.indicator_definitions())
    assert {"computer_ratio", "online_services", "ict_budget"} <= codes
    assert dictionaries.province_alias_rows() is dictionaries.province_alias_rows()
