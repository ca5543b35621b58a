"""Sentence splitting keeps offsets into the text and leaves page clutter out."""

from extraction.sentences import read_header, split_clauses, split_sentences

CLUTTERED = """Đang xử lý.....
ADQuảng cáo
Toàn tỉnh có 5.768 máy tính. Tỷ lệ đạt 97%.
/uploads/news/2015_12/img_8030.jpg Đoàn công tác làm việc với huyện (ảnh: Xuân Dũng). Đến nay có 100% cơ quan có mạng LAN.
Cán bộ xã ứng dụng công nghệ thông tin
(0) Bình luận
POWERED BY ONECMS - A PRODUCT OF NEKO
"""


def test_offsets_point_into_the_text_given():
    for sentence in split_sentences(CLUTTERED):
        assert CLUTTERED[sentence.start : sentence.end] == sentence.text


def test_clutter_captions_and_headings_are_not_sentences():
    texts = [s.text for s in split_sentences(CLUTTERED)]
    assert texts == ["Toàn tỉnh có 5.768 máy tính.", "Tỷ lệ đạt 97%.", "Đến nay có 100% cơ quan có mạng LAN."]


def test_abbreviations_do_not_end_a_sentence():
    texts = [s.text for s in split_sentences("Tại TP. Hồ Chí Minh có 100 điểm cầu. Hà Nội có 50.")]
    assert texts == ["Tại TP. Hồ Chí Minh có 100 điểm cầu.", "Hà Nội có 50."]


def test_header_lines_are_read_and_skipped():
    text = "URL: http://x.vn/a\nTITLE: Tiêu đề\n\nNội dung có 5 điểm cầu."
    header, body_start = read_header(text)
    assert header == {"URL": "http://x.vn/a", "TITLE": "Tiêu đề"}
    assert [s.text for s in split_sentences(text, body_start)] == ["Nội dung có 5 điểm cầu."]


def test_clauses_split_at_semicolons_outside_parentheses():
    sentence = "cấp tỉnh 60% (năm 2009; ước) ; cấp huyện 30%"
    spans = split_clauses(sentence)
    assert [sentence[s:e].strip() for s, e in spans] == ["cấp tỉnh 60% (năm 2009; ước)", "cấp huyện 30%"]


def test_list_items_belong_to_the_paragraph_that_announced_them():
    text = "Các chỉ tiêu như sau:\n- 100% cơ quan có mạng LAN;\n- 90% văn bản điện tử.\nĐoạn mới có 5 điểm cầu."
    paragraphs = [s.paragraph for s in split_sentences(text)]
    assert paragraphs == [0, 0, 0, 1]
