"""Vietnamese number grammar: thousands dots, decimal commas, money in words, ranges, ratios, masks."""

from extraction.numbers import find_numbers, parse_vietnamese_number


def _values(text):
    return [(m.unit, m.value) for m in find_numbers(text)]


def test_dot_groups_thousands_and_comma_is_the_decimal_mark():
    assert parse_vietnamese_number("5.768") == 5768
    assert parse_vietnamese_number("2,5") == 2.5
    assert parse_vietnamese_number("1.234,5") == 1234.5


def test_percentages_including_decimals_and_ranges():
    assert _values("đạt 2,5% và 97%") == [("pct", 2.5), ("pct", 97)]
    (mention,) = find_numbers("khoảng 60-70% ở cấp tỉnh")
    assert (mention.value, mention.value_high) == (60, 70)
    (mention,) = find_numbers("từ 50 đến 60% cán bộ")
    assert (mention.value, mention.value_high) == (50, 60)


def test_money_spelled_in_words_is_whole_dong():
    assert _values("với 15 tỷ 945 triệu đồng") == [("vnd", 15_945_000_000)]
    assert _values("khoảng 2,5 tỷ đồng") == [("vnd", 2_500_000_000)]
    assert _values("500 triệu đồng") == [("vnd", 500_000_000)]


def test_ratios_give_a_percentage_with_numerator_and_denominator():
    (mention,) = find_numbers("49/71 xã, phường")
    assert mention.unit == "ratio" and (mention.numerator, mention.denominator) == (49, 71)
    assert round(mention.value, 1) == 69.0


def test_dates_times_documents_years_levels_and_ranks_are_never_values():
    text = (
        "Ngày 17/3/2009, lúc 10:48, Quyết định Số 235/QĐ-UBND theo Nghị định số 43/2011/NĐ-CP, "
        "năm 2017, dịch vụ công mức độ 3, 4, xếp thứ 17, 6 tháng đầu năm, Sáng 7/7, công nghiệp 4.0"
    )
    assert find_numbers(text) == ()


def test_counts_keep_their_multiplier_word():
    (mention,) = find_numbers("4 triệu máy tính")
    assert mention.unit == "plain" and mention.value == 4_000_000
    assert _values("hơn 6.200 hộp thư") == [("plain", 6200)]


def test_english_style_separators_where_they_cannot_be_misread():
    assert _values("đạt 98.5% văn bản") == [("pct", 98.5)]
    assert _values("có 5,768 máy tính") == [("plain", 5768)]
    assert _values("95 % cơ quan") == [("pct", 95)]
    assert _values("cách mạng công nghiệp 4.0") == []


def test_ratio_written_with_tren():
    (mention,) = find_numbers("45 trên tổng số 50 cơ quan")
    assert (mention.unit, mention.numerator, mention.denominator, mention.value) == ("ratio", 45, 50, 90.0)


def test_a_ratio_written_with_trong_so():
    mentions = [
        m for m in find_numbers("37 trong số 40 đơn vị đã sử dụng mạng truyền số liệu chuyên dùng") if m.unit == "ratio"
    ]
    assert [(m.numerator, m.denominator, round(m.value, 1)) for m in mentions] == [(37, 40, 92.5)]
