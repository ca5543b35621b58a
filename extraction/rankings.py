"""Read national ICT ranking positions (Vietnam ICT Index, the ministry's IT-application ranking).

A ranking sentence names the ranking ("VietNam ICT Index 2015", "mức độ ứng dụng CNTT trong
cơ quan nhà nước năm 2016") and then ranks, for the whole index or for its components:
"Hạ tầng kỹ thuật CNTT xếp thứ 55/63 (Giảm 01 bậc)", "đứng thứ 17 về hạ tầng kỹ thuật",
"đứng cuối cùng trong 63 tỉnh", "Quảng Ninh dẫn đầu", "Bắc Ninh và Hải Phòng lần lượt đứng thứ
4 và 5", with a score ("0,61 điểm") now and then. Ranks are read only where a ranking is named
in the sentence or shortly before it.

Whose rank it is matters as much as the number. Round-ups name several provinces, ministries and
countries in one sentence, so every rank is given to its grammatical subject: the nearest entity
before it in its clause ("Bộ Tài chính đứng thứ nhất" is a ministry's, dropped), or the entity the
rank is said to be ("Hai vị trí thứ tư và thứ năm là A và B", "Ở vị trí thứ 2 là A"), or, when the
sentence names nobody, the province the sentence continues about, and only then the article's own
province (with lower confidence). Ordinals that count events ("lần thứ 11 liên tiếp", "năm thứ 14",
"kỳ họp thứ 5") are masked before ranks are looked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .context import ArticleContext
from .dictionaries import cue_matcher, other_index_matcher, ranking_component_matcher, ranking_name_matcher
from .numbers import parse_vietnamese_number
from .periods import YEAR
from .provinces import find_provinces
from .sentences import Sentence

_WORD_RANK = r"nhất|nhì|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười"
_RANK_WORDS = {
    "nhất": 1,
    "nhì": 2,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
_RANK = re.compile(
    r"(?<!\w)(?:thứ hạng|thứ|hạng|vị thứ|vị trí số|vị trí thứ|vị trí)\s+(?P<rank>\d{1,2})(?![\d,.]\d)(?!\d)(?!\s*(?:bậc|hạng|điểm|%))"
    r"(?:\s*/\s*(?P<out_of>\d{1,3}))?"
    r"(?:\s+(?:trên|trong|/)\s+(?:tổng số\s+|số\s+)?(?P<out_of_words>\d{1,3})(?=\s+(?:tỉnh|địa phương|quốc gia|nước)))?",
    re.IGNORECASE,
)
_LAST = re.compile(
    r"đứng\s+(?:ở\s+)?(?:vị trí\s+)?cuối\s+(?:cùng\s+)?(?:bảng\s+)?(?:trong\s+(?:số\s+)?(?:tổng\s+số\s+)?(?P<out_of>\d{1,2}))?",
    re.IGNORECASE,
)
# "đứng thứ hai cả nước": ranks written in words, only after a ranking verb ("thứ năm" alone is Thursday)
_RANK_IN_WORDS = re.compile(
    rf"(?:(?:đứng|xếp|giữ|xếp hạng|ở|là)\s+(?:ở\s+)?(?:vị trí\s+|hạng\s+)?|vị trí\s+)thứ\s+(?P<word>{_WORD_RANK})(?!\w)",
    re.IGNORECASE,
)
# every rank wording holds one of these words: a cheap test before the rank patterns
_RANK_HINT_WORDS = (
    "thứ ",
    "Thứ ",
    "hạng",
    "Hạng",
    "vị trí",
    "Vị trí",
    "cuối",
    "Cuối",
    "dẫn đầu",
    "Dẫn đầu",
    "đứng đầu",
    "Đứng đầu",
    "quán quân",
    "bậc ",
    "sau là",
    "Xếp sau",
    "xếp sau",
    "Theo sau",
    "theo sau",
    "Tiếp theo",
    "tiếp theo",
)


_RANK_HINT = re.compile("|".join(re.escape(word) for word in _RANK_HINT_WORDS))


def _has_rank_hint(text: str) -> bool:
    """Every rank wording holds one of these words: a literal alternation, far cheaper than the rank patterns."""
    return _RANK_HINT.search(text) is not None


_FIRST = re.compile(
    r"dẫn đầu|đứng đầu|hạng nhất|(?<=CNTT )tốt nhất|(?<=thông tin )tốt nhất|(?:xếp|đứng|giữ)\s+(?:ở\s+)?(?:vị trí\s+|hạng\s+)?(?:thứ\s+)?nhất|quán quân",
    re.IGNORECASE,
)
# "từ vị trí thứ 4 năm 2015 xuống thứ 18 năm 2016": a year written right after a rank is that rank's
_YEAR_RIGHT_AFTER_RANK = re.compile(
    rf"\s*(?:/\s*\d{{2}}\s*)?(?:cả nước\s*|toàn quốc\s*)?\(?\s*(?:của\s+|trong\s+|vào\s+|như\s+)?năm\s+({YEAR})(?!\s*[-–]\s*\d)",
    re.IGNORECASE,
)
_YEAR_OWN_BEFORE = re.compile(rf"(?<!so với )(?<!so với năm )(?:năm|Năm)\s+({YEAR})(?!\s*[-–]\s*\d)")
_GROUP_OF_LEADERS = re.compile(
    r"(?:\d{1,2}|hai|ba|bốn|năm|các|những|nhóm|top\s*\d*)\s+(?:tỉnh|địa phương|đơn vị|thành phố|bộ|cơ quan)(?:,?\s*thành(?:\s+phố)?)?\s*(?:[^\s.,;:()]+\s+){0,2}$",
    re.IGNORECASE,
)
_THIS_COMPONENT = re.compile(r"(?:chỉ số|lĩnh vực|tiêu chí|chỉ tiêu) (?:thành phần )?này", re.IGNORECASE)
_ALSO = re.compile(r"(?<!\w)cũng(?!\w)", re.IGNORECASE)
_LEADER_NAMED_RIGHT_AFTER = re.compile(r"\s+(?:là\s+)?(?:tỉnh\s+|thành phố\s+|TP\.?\s*)?[A-ZĐ]")
_REGION_NAMED = re.compile(
    r"(?:khu vực|vùng|miền)\s+(?:phía\s+)?(?:Bắc|Nam|Trung|Tây|Đông|đồng bằng|trung du|duyên hải|miền núi|Đồng bằng|Trung du|Duyên hải|Tây Nguyên)"
)
# names only the ministry's assessment carries ("... trong các cơ quan nhà nước", "..., phát triển chính phủ điện tử")
_UNAMBIGUOUS_NAME = re.compile(r"cơ quan nhà nước|chính phủ điện tử")
_GOAL_BEFORE = re.compile(
    r"(?:quyết tâm|phấn đấu|mục tiêu|kế hoạch|mong muốn|hướng tới|kỳ vọng)[^.;,]{0,50}$", re.IGNORECASE
)
_INDEFINITE_SUBJECT = re.compile(r"(?:có|một|mỗi|những)\s+(?:\d+\s+)?(?:tỉnh|địa phương|đơn vị)\s*$", re.IGNORECASE)
_RANK_STEP = re.compile(
    r"(?<!\w)(?:từ|lên|xuống|ở|đứng ở|đứng|giữ)\s+bậc\s+(?P<rank>\d{1,2})(?![\d,.]\d)", re.IGNORECASE
)
_MOVED_TO_RANK = re.compile(
    r"(?<!\w)(?:xuống|lên)\s+(?:đứng\s+)?(?:vị trí\s+|hạng\s+)?(?:thứ\s+)?(?P<rank>\d{1,2})(?!\d|[,.]\d|\s*[/%])(?!\s*(?:bậc|hạng|vị trí|điểm))",
    re.IGNORECASE,
)
_COMPARED_RANK = re.compile(
    rf"so với\s+(?:năm\s+)?(?P<year>{YEAR})\s*\(\s*(?:hạng\s+|thứ\s+|vị trí\s+)?(?P<rank>\d{{1,2}})\s*\)", re.IGNORECASE
)
_SERIES_YEAR = re.compile(rf"(?:năm|Năm)\s+{YEAR}\s*[:,]\s*(?:xếp\s+|đứng\s+)?$")
# "từ vị trí thứ bảy xuống thứ 10": searched up to the first character of the rank's wording
_FROM_RANK = re.compile(r"từ\s+(?:vị trí\s+|hạng\s+|bậc\s+)?(?:thứ\s+)?(?=\S*$)", re.IGNORECASE)
# "Hội thảo ... lần thứ 24 (năm 2023), Quảng Ninh xếp hạng 3": the event's year, not the rank's
_IN_BRACKETS_OR_EVENT = re.compile(r"\(\s*$|(?:hội thảo|hội nghị|công bố|tổ chức)[^.;,]{0,40}$", re.IGNORECASE)
_MOVED_TO_THE_TOP = re.compile(r"(?:lên|vươn lên)\s+(?:đứng\s+|vị trí\s+)?(?:đầu|dẫn đầu|thứ nhất)", re.IGNORECASE)
# "chỉ số xếp hạng ứng dụng CNTT của tỉnh Đắk Lắk 28/63 tỉnh thành": a province's rank written as a fraction
_PROVINCE_THEN_FRACTION = re.compile(r"\s*[:(]?\s*(?:xếp\s+|đứng\s+)?(?P<rank>\d{1,2})\s*/\s*(?P<out_of>63|34)(?!\d)")
_PROVINCE_THEN_BARE_RANK = re.compile(r"\s+(?:là|đạt)\s+(?P<rank>\d{1,2})(?=\s*(?:[.;)]|$))")
_MOVED_WORD_BEFORE = re.compile(r"(?:lên|xuống)\s+(?:đứng\s+)?(?:vị trí\s+)?\S{0,8}$", re.IGNORECASE)
_YEAR_JUST_BEFORE = re.compile(rf"(?<!của )(?:năm|Năm)\s+({YEAR})\s*[,:]?\s*(?:đứng|xếp|ở|là)?\s*$")
_RESPECTIVELY_OPENING = re.compile(r"lần lượt", re.IGNORECASE)
_RANK_LIST = re.compile(
    rf"(?:vị trí|thứ|hạng)\s+(?:thứ\s+|số\s+)?(?P<ranks>(?:\d{{1,2}}|{_WORD_RANK})(?:\s*(?:,|và|;)\s*(?:thứ\s+|hạng\s+|vị trí\s+)?(?:\d{{1,2}}|{_WORD_RANK}))+)(?!\s*/\s*\d{{3}})"
    rf"(?:\s+(?:của|trong|vào)\s+năm\s+(?P<year>{YEAR}))?",
    re.IGNORECASE,
)
# "Hai vị trí thứ tư và thứ năm là A và B", "vị trí thứ 2, 3 lần lượt thuộc về A, B"
# "theo sau là A và B", "tiếp theo là các địa phương: A (0,xx điểm), B", "Xếp sau Đà Nẵng ... là A và B",
# "đơn vị xếp sau là A"
_FOLLOWERS = re.compile(
    r"(?:theo sau|tiếp theo(?:\s+sau)?|kế tiếp|kế đến|(?:xếp|đứng)\s+(?:ngay\s+)?sau(?P<leader>\s+(?=[A-ZĐ]))?)"
    r"(?:\s+(?:đó|nữa))?[^.;:()]{0,60}?\s*(?:(?:lần lượt\s+)?là|:)\s*(?:các\s+(?:tỉnh|địa phương)\s*:?\s*)?",
    re.IGNORECASE,
)
# "xếp vị trí thứ hai sau Thanh Hóa": the one after "sau" holds the place before
_PLACE_AFTER_ANOTHER = re.compile(
    rf"(?:xếp|đứng)\s+(?:ở\s+)?(?:vị trí\s+|hạng\s+)?thứ\s+(?P<rank>\d{{1,2}}|{_WORD_RANK})\s*(?:\([^()]{{0,30}}\)\s*)?,?\s*"
    r"(?:chỉ\s+)?(?:đứng\s+)?sau\s+",
    re.IGNORECASE,
)
_NEXT_PLACES = re.compile(
    r"lần lượt\s+(?:chiếm|giữ|xếp|đứng)\s+(?:ở\s+)?(?P<count>hai|ba|2|3)\s+vị trí\s+(?:tiếp theo|kế tiếp|sau đó)",
    re.IGNORECASE,
)
_RANKS_THEN_NAMES = re.compile(
    rf"vị trí\s+(?:thứ\s+|số\s+)?(?P<ranks>(?:\d{{1,2}}|{_WORD_RANK})(?:\s*(?:,|và)\s*(?:thứ\s+|số\s+)?(?:\d{{1,2}}|{_WORD_RANK}))+)"
    r"[^.;:]{0,40}?\s(?:lần lượt\s+)?(?:là|thuộc về)\s+",
    re.IGNORECASE,
)
# a rank followed by the one who holds it: "Đứng ở vị trí thứ hai là Bảo hiểm Xã hội"
_HOLDER_AFTER = re.compile(
    r"(?:\s+(?:trong|của)\s+bảng xếp hạng)?[^.;:,]{0,25}?(?<![^\s])(?:vẫn\s+)?(?:là|thuộc về)\s+"
    r"|\s+(?:là\s+)?của\s+(?=(?:tỉnh\s+|thành phố\s+|TP\.?\s*)?[A-ZĐ])",
    re.IGNORECASE,
)
_CHANGE = re.compile(
    r"\s*[,(]?\s*(?P<direction>tăng|giảm|tụt|vượt|lên|xuống)\s+0?(?P<steps>\d{1,2})\s+(?:bậc|hạng|vị trí|bước)",
    re.IGNORECASE,
)
# "0,8654 điểm", "0,8654/1 điểm" (a 0..1 index), "725,5/1.000 điểm", "180/240 điểm" (other scales)
_SCORE = re.compile(
    r"(?<![\d.,/])(?P<score>\d+(?:,\d+)?)\s*(?:/\s*(?P<scale>\d{1,3}(?:\.\d{3})?(?:,\d{1,3})?)\s*)?điểm", re.IGNORECASE
)
_SCORE_RIGHT_AFTER = re.compile(
    r"[^()\d]{0,25}\(\s*(?:đạt\s+|với\s+)?(?P<score>\d+(?:,\d+)?)\s*(?:/\s*(?P<scale>\d{1,3}(?:\.\d{3})?(?:,\d{1,3})?)\s*)?điểm",
    re.IGNORECASE,
)
_OUT_OF_IN_SENTENCE = re.compile(
    r"(?:trong|so với|trên|giữa)\s+(?:số\s+|tổng số\s+)?(\d{2})\s+(?:tỉnh|địa phương)", re.IGNORECASE
)
_ABOUT = re.compile(
    r"\s*(?:(?:toàn quốc|cả nước|trong cả nước|(?:trong số|trong|trên|so với)\s+\d{2}\s+(?:tỉnh|địa phương)(?:,\s*thành(?:\s+phố)?)?)\s*,?\s*)?(?:,\s*cụ thể(?:\s+(?:là|như))?\s*:?\s*(?:chỉ số\s+)?"
    r"|(?:về|ở|trong|đối với)\s+(?:(?:chỉ số|chỉ tiêu|nhóm|lĩnh vực|tiêu chí|xếp hạng)\s+(?:thành phần\s+|đánh giá\s+)?)?"
    r"|(?:chỉ số|chỉ tiêu)\s+(?:thành phần\s+|đánh giá\s+)?)[“\"‘']?",
    re.IGNORECASE,
)
_YEAR_RIGHT_AFTER_NAME = re.compile(rf"\s*(?:\([^)]{{0,40}}\)\s*)?\)?\s*(?:năm\s+)?({YEAR})(?!\d)", re.IGNORECASE)
_NOT_THE_RANKING_YEAR = re.compile(r"(?:so với|hơn|từ|trước)\s*(?:năm\s*)?$", re.IGNORECASE)
_REGIONAL = re.compile(
    r"\s*(?:trong|của|tại|ở)\s+(?:khu vực|vùng|miền|các tỉnh(?!\s*,?\s*(?:thành|TP\b|tp\b))|nhóm)(?!\s+(?:cả nước|toàn quốc|các tỉnh, thành phố trực thuộc))",
    re.IGNORECASE,
)
_COMPONENT_JOIN = re.compile(
    r"\s*(?:(?:đạt|với)\s+\d+(?:,\d+)?\s*điểm\s*)?(?:,|và)?\s*(?:về\s+)?(?:chỉ số\s+)?", re.IGNORECASE
)
_YEAR_WITH_NAM = re.compile(rf"(?:năm|Năm)\s+({YEAR})(?!\s*[-–]\s*\d)")
_SENTENCE_YEAR = re.compile(rf"^\W*(?:Trong\s+|Tính đến\s+)?(?:năm\s+)?({YEAR})\s*,", re.IGNORECASE)
_TABLE_YEAR = re.compile(rf"bảng xếp hạng\s+(?:trong\s+)?năm\s+({YEAR})", re.IGNORECASE)
_RANK_WORD_AFTER_NAME = re.compile(r"(?:đứng|xếp|giữ|dẫn đầu|vị trí)\s", re.IGNORECASE)
_NAME_SPAN_END = re.compile(r"[;:]|\.\s")
_ANY_YEAR_AFTER_NAME = re.compile(rf"(?<![\d/.-])({YEAR})(?![\d/])")
_EVENT_DATE_BEFORE = re.compile(
    r"(?:\d{1,2}\s*[/-]\s*\d{1,2}\s*[/-]\s*|tháng\s+\d{1,2}\s*(?:/|năm)\s*|(?:hội thảo|hội nghị|công bố|tổ chức|diễn ra|phát hành)[^.;]{0,30}?(?:năm\s+)?)$",
    re.IGNORECASE,
)
_THIS_YEAR = re.compile(r"năm nay|lần xếp hạng này", re.IGNORECASE)
_SMALL_NUMBER = re.compile(rf"\d{{1,2}}|{_WORD_RANK}", re.IGNORECASE)
_COMPONENT_LEFT_WINDOW = 120
_COMPONENTS_JOINED = re.compile(r"\s*(?:,|và|;)\s*(?:về\s+)?(?:chỉ số\s+)?", re.IGNORECASE)
_PARAGRAPHS_A_RANKING_GOVERNS = 5  # pages put one line per paragraph: a ranking story runs over several
# a full stop inside a sentence ends a clause only after a word or a figure, never after "TP." or "Q."
_CLAUSE_DELIMITER = re.compile(r";|(?<=[a-zà-ỹđ0-9])\.\s|\n")
# Ordinals that count events, not places in a table: masked before ranks are read.
_NOT_A_RANK = re.compile(
    rf"(?:lần|năm|kỳ họp|khoá|khóa|đợt|phiên|kỳ|mùa|thế hệ|cuộc cách mạng công nghiệp)\s+thứ\s+(?:\d{{1,2}}|{_WORD_RANK})(?:\s+liên tiếp)?"
    rf"|thứ\s+(?:\d{{1,2}}|{_WORD_RANK})\s+liên tiếp"
    r"|\d{1,2}\s+(?:năm|lần)\s+(?:liên tiếp|liền|qua|gần đây|trở lại đây|tổ chức)"
    r"|\d{1,2}\s+lần(?=\s|,)",
    re.IGNORECASE,
)
# Who else can hold a rank: ministries and central agencies, and countries. Their ranks are not a province's.
_AGENCY = re.compile(
    r"(?<!\w)(?:Bộ\s+(?!trưởng|phận|máy|chỉ số|tiêu chí|công cụ|hồ sơ|câu hỏi)[A-ZĐ\w]|Bảo hiểm [Xx]ã hội|Ngân hàng Nhà nước|"
    r"Thanh tra Chính phủ|Văn phòng Chính phủ|Kiểm toán Nhà nước|Ủy ban Dân tộc|Uỷ ban Dân tộc|Thông tấn xã|"
    r"Đài Truyền hình|Đài Tiếng nói|Tổng cục|Kho bạc|cơ quan này|bộ này|ngành này|"
    # a province's own departments and districts ranked inside the province ("Sở Tài chính đứng đầu khối sở")
    r"Sở\s+[A-ZĐ]\w*|(?:huyện|quận|thị xã|thị trấn|xã|phường)\s+[A-ZĐ]\w*)"
)
_AGENCY_NOT_SUBJECT_BEFORE = re.compile(
    r"(?:theo|của|do|từ|với|cùng|và|giữa|tại|Lãnh đạo|đại diện|phía)\s*$", re.IGNORECASE
)
_AGENCY_NOT_SUBJECT_AFTER = re.compile(
    r"[^.;,]{0,50}?\s(?:vừa\s+|đã\s+|chính thức\s+)?(?:công bố|phối hợp|đánh giá|cho biết|thông báo|tổ chức|chủ trì|ban hành|"
    r"xếp hạng các|khảo sát|thực hiện)",
    re.IGNORECASE,
)
_COUNTRY = re.compile(
    r"(?<!\w)(?:Việt Nam|nước ta)(?=\s+(?:đã\s+|vẫn\s+|tiếp tục\s+|chỉ\s+|cũng\s+)?(?:xếp|đứng|nằm|tăng|giảm|tụt|vươn|giữ|ở vị trí|được xếp))",
    re.IGNORECASE,
)
_AGENCY_NAME_TAIL = 25
# "vượt qua Đà Nẵng", "xếp sau Đà Nẵng", "cao hơn Hà Nội": the one compared with, never the one ranked
_OBJECT_BEFORE = re.compile(
    r"(?:vượt qua|vượt|sau|hơn|so với|trước|thay)\s+(?:tỉnh\s+|thành phố\s+|TP\.?\s*)?$", re.IGNORECASE
)
_MINISTRY_GROUP = re.compile(
    r"khối\s+(?:các\s+)?(?:bộ|sở|huyện|xã|cơ quan)|cơ quan ngang bộ|các bộ, ngành|nhóm (?:các\s+)?bộ", re.IGNORECASE
)
# "0,8654/1 điểm": an index score on a 0..1 scale, or on another ("725,5/1.000 điểm")
_BASE_CONFIDENCE = 0.92


@dataclass(frozen=True)
class _Entity:
    start: int
    end: int
    kind: str  # "province", "agency", "country"
    code: str | None


@dataclass
class _Mention:
    start: int
    end: int
    rank: int
    out_of: int | None
    holders: list  # entities named for this rank by the wording itself ("lần lượt", "là A")
    wording: str  # "number", "words", "first", "last", "respectively", "holder_after"
    year: int | None = None  # a year written with this very rank ("từ vị trí thứ 2, thứ 3 của năm 2018")
    implausible: str | None = None  # why the rank cannot be true ("xếp thứ 70/63"); kept as evidence only


def _ranking_named(text: str):
    return ranking_name_matcher().find_all(text)


def _mask_non_ranks(text: str) -> str:
    return _NOT_A_RANK.sub(lambda m: "#" * len(m.group(0)), text)


def _word_or_number(token: str) -> int:
    token = token.lower()
    return _RANK_WORDS[token] if token in _RANK_WORDS else int(token)


def _components_after(text: str, start: int, end: int, excluded: list) -> list[str]:
    """'về hạ tầng kỹ thuật' / 'về dịch vụ công trực tuyến và cơ chế chính sách' -> components."""
    about = _ABOUT.match(text, start)
    if not about:
        return []
    found = []
    cursor = about.end()
    for match in ranking_component_matcher().find_all(text, cursor, end):
        if any(m.start < match.end and match.start < m.end for m in excluded):
            continue
        gap = text[cursor : match.start]
        if gap.strip(" ,") and not _COMPONENT_JOIN.fullmatch(gap):
            break
        found.append(match.value)
        cursor = match.end
    return found


_ABOUT_STRICT = re.compile(r"\s*(?:(?:cả nước|toàn quốc|trong cả nước)\s*)?,?\s*(?:về|ở)\s+", re.IGNORECASE)
_LEAD_IN = re.compile(
    r"[\s“”\"'‘’(]*(?:(?:chỉ số|chỉ tiêu|xếp hạng|lĩnh vực|tiêu chí|nhóm|thành phần|mức độ|đánh giá)\s+)*[\s“”\"'‘’(]*",
    re.IGNORECASE,
)


def _names_an_unknown_component(text: str, end: int, names: list) -> bool:
    """'về chỉ số công nghiệp CNTT' right after a rank: a component, but none the taxonomy knows."""
    about = _ABOUT_STRICT.match(text, end)
    if not about:
        return False
    window_end = min(len(text), about.end() + 80)
    for matcher in (ranking_name_matcher(), ranking_component_matcher()):
        for match in matcher.find_all(text, about.end(), window_end):
            if _LEAD_IN.fullmatch(text, about.end(), match.start):
                return False  # "về chỉ số “sẵn sàng cho phát triển ...”": the ranking itself, or a known component
    return True


# "Nguồn nhân lực cho ứng dụng CNTT": what the component serves, not a second component
_FOR_BEFORE = re.compile(r"(?<!\w)cho\s+(?:việc\s+)?$", re.IGNORECASE)
_NAMED_COMPONENT_BEFORE = re.compile(
    r"chỉ\s*số\s*(?:thành\s*phần\s*)?(?:về\s+)?(?P<name>[^()\d;:]{3,90}?)\s*(?:xếp|đứng|giữ|đạt)[^;]{0,12}$",
    re.IGNORECASE,
)


def _unknown_component_before(text: str, start: int, floor: int, names: list) -> bool:
    """'chỉ số thành phần về Công tác đảm bảo an toàn, an ninh thông tin xếp thứ 7': a component named right
    before its rank, but none the taxonomy knows (nor the ranking itself)."""
    named = _NAMED_COMPONENT_BEFORE.search(text, max(floor, start - 140), start)
    if not named:
        return False
    name_start, name_end = named.span("name")
    for matcher in (ranking_name_matcher(), ranking_component_matcher()):
        if matcher.find_all(text, name_start, name_end):
            return False
    return not any(n.start < name_end and name_start < n.end for n in names)


def _components_before(text: str, start: int, floor: int, excluded: list) -> list[str]:
    """The component(s) named before a rank in its clause: 'Hạ tầng kỹ thuật: Đà Nẵng xếp thứ 1',
    'Hạ tầng nhân lực xếp thứ 59/63', '<thành phần> (xếp thứ 12/63)', 'Cổng thông tin điện tử <tỉnh>
    ... xếp thứ 1', 'Ở mảng hạ tầng nhân lực và môi trường tổ chức - chính sách, Đà Nẵng xếp vị thứ 3'."""
    window_start = max(floor, start - _COMPONENT_LEFT_WINDOW)
    # a ";" inside brackets ("Trang/Cổng thông tin điện tử (Cung cấp, cập nhật thông tin; các chức năng ...)
    # đứng thứ nhất") does not end the clause that names the component
    delimiters = [
        m.end()
        for m in _CLAUSE_DELIMITER.finditer(text, window_start, start)
        if text.count("(", 0, m.start()) <= text.count(")", 0, m.start())
    ]
    if delimiters:
        window_start = delimiters[-1]
    matches = [
        m
        for m in ranking_component_matcher().find_all(text, window_start, start)
        if not any(e.start < m.end and m.start < e.end for e in excluded)
        and not _FOR_BEFORE.search(text, max(0, m.start - 15), m.start)
    ]
    if not matches:
        return []
    # the heading that opens the clause ("Cơ chế, chính sách và quy định cho ứng dụng CNTT (xếp thứ 9)"),
    # with the ones joined to it by "và" or a comma
    found = [matches[0]]
    for match in matches[1:]:
        if not _COMPONENTS_JOINED.fullmatch(text[found[-1].end : match.start]):
            break
        found.append(match)
    return list(dict.fromkeys(m.value for m in found))


def _entities(text: str) -> list[_Entity]:
    entities = [_Entity(m.start, m.end, "province", m.province_code) for m in find_provinces(text)]
    agencies = []
    for match in _AGENCY.finditer(text):
        if _AGENCY_NOT_SUBJECT_BEFORE.search(text, max(0, match.start() - 20), match.start()):
            continue
        if _AGENCY_NOT_SUBJECT_AFTER.match(text, match.end()):
            continue
        if _OBJECT_BEFORE.search(text, max(0, match.start() - 15), match.start()):
            continue
        agencies.append(_Entity(match.start(), match.end(), "agency", None))
    # a name runs on after its head word ("Bảo hiểm xã hội Việt Nam", "Ngân hàng Nhà nước chi nhánh Hà Nội"):
    # a province or a country inside it is the agency's
    named_spans = [(a.start, a.end + _AGENCY_NAME_TAIL) for a in agencies]
    for match in _COUNTRY.finditer(text):
        if not any(s <= match.start() < e for s, e in named_spans):
            entities.append(_Entity(match.start(), match.end(), "country", None))
    entities = [
        e
        for e in entities
        if not any(s <= e.start < e_ for s, e_ in named_spans)
        and not _OBJECT_BEFORE.search(text, max(0, e.start - 15), e.start)
    ]
    entities.extend(agencies)
    entities.sort(key=lambda e: e.start)
    return entities


def _holders_named_from(text: str, start: int, count: int) -> list[_Entity]:
    """Entities listed from ``start`` on ('A và B', 'A, B, C'), at most ``count``, none skipped."""
    found = []
    cursor = start
    for entity in _entities(text[start : start + 160]):
        gap = text[cursor : start + entity.start]
        if found and not re.fullmatch(r"\s*(?:,|và|;|\([^)]{0,30}\))?\s*(?:,|và)?\s*(?:tỉnh|thành phố|TP\.?)?\s*", gap):
            break
        if not found and gap.strip(" :") not in ("", "tỉnh", "thành phố", "TP", "TP.", "các tỉnh", "các địa phương"):
            break
        found.append(_Entity(start + entity.start, start + entity.end, entity.kind, entity.code))
        cursor = start + entity.end
        if len(found) == count:
            break
    return found


RANK_BEYOND_THE_FIELD = "rank beyond the number of provinces"


def _follower_mentions(text: str, mentions: list, taken: list, known_ranks: dict) -> None:
    """Places given relative to another: "Đà Nẵng dẫn đầu ..., theo sau là Thừa Thiên Huế (0,80 điểm) và Quảng
    Ninh", "Xếp sau Đà Nẵng ... là TP HCM và Hà Nội" (the next places after the one ranked before), and
    "xếp vị trí thứ hai sau Thanh Hóa" (the one named after "sau" holds the place before)."""
    for match in _FOLLOWERS.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        before = [m for m in mentions if m.end <= match.start()]
        leader = _holders_named_from(text, match.end("leader"), 1) if match.group("leader") is not None else []
        named_before = [e for e in _entities(text[: match.start()]) if e.kind == "province"]
        if before:
            base = before[-1].rank
        elif leader and leader[0].code in known_ranks:
            base = known_ranks[leader[0].code]
        elif not leader and named_before and named_before[-1].code in known_ranks:
            base = known_ranks[named_before[-1].code]  # "TP Đà Nẵng đạt 0,8654 điểm, theo sau là ..."
        else:
            continue  # after whom is not said in a way we can count from
        holders = _holders_named_from(text, match.end(), 6)
        if not holders or len(holders) > 5 or base + len(holders) > 63:
            continue
        for offset, holder in enumerate(holders, start=1):
            mentions.append(_Mention(match.start(), match.end(), base + offset, None, [holder], "follower"))
        taken.append(match.span())
    for match in _NEXT_PLACES.finditer(text):
        # "Thành phố Hồ Chí Minh và Hà Nội lần lượt chiếm hai vị trí tiếp theo": after the place named before
        count = _word_or_number(match.group("count"))
        holders = [e for e in _entities(text[_clause_start(text, match.start()) : match.start()])]
        base = ([m.rank for m in mentions if m.end <= match.start()] or [known_ranks.get("__last__")])[-1]
        if base is None or len(holders) < count:
            continue
        start = _clause_start(text, match.start())
        for offset, holder in enumerate(holders[-count:], start=1):
            entity = _Entity(start + holder.start, start + holder.end, holder.kind, holder.code)
            mentions.append(_Mention(match.start(), match.end(), base + offset, None, [entity], "follower"))
        taken.append(match.span())
    for match in _PLACE_AFTER_ANOTHER.finditer(text):
        rank = _word_or_number(match.group("rank"))
        holders = _holders_named_from(text, match.end(), 6)
        if rank < 2 or not holders:
            continue
        if len(holders) == 1:
            places = [rank - 1]  # "xếp vị trí thứ hai sau Thanh Hóa"
        elif len(holders) == rank - 1:
            places = list(range(1, rank))  # "xếp thứ 4 sau A, B, C": the three before, in order
        else:
            continue
        for place, holder in zip(places, holders):
            mentions.append(_Mention(match.end(), holder.end, place, None, [holder], "follower"))
        taken.append((match.end(), holders[-1].end))


def _rank_mentions(text: str, include_implausible: bool = False, known_ranks: dict | None = None) -> list[_Mention]:
    """Rank wordings of one sentence in order (text already masked of event ordinals).

    ``include_implausible``: "xếp thứ 70/63" is kept as a mention flagged with the reason (the pipeline's
    evidence for the quality gate) instead of being dropped."""
    mentions: list[_Mention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int | None = None) -> bool:
        end = start + 1 if end is None else end
        return not any(s < end and start < e for s, e in taken)

    for match in _RANKS_THEN_NAMES.finditer(text):
        ranks = [_word_or_number(r) for r in _SMALL_NUMBER.findall(match.group("ranks"))]
        holders = _holders_named_from(text, match.end(), len(ranks))
        if len(holders) == len(ranks):
            for rank, holder in zip(ranks, holders):
                mentions.append(_Mention(match.start(), match.end(), rank, None, [holder], "respectively"))
            taken.append((match.start(), max(match.end(), holders[-1].end)))
    for opening in _RESPECTIVELY_OPENING.finditer(text):
        # "A, B lần lượt đứng thứ 2 và 3", "A và B lần lượt tụt từ vị trí thứ 2, thứ 3 của năm 2018 xuống thứ 7 và 8"
        if not free(opening.start()):
            continue
        clause_start = _clause_start(text, opening.start())
        closing = _CLAUSE_DELIMITER.search(text, opening.end())
        clause_end = closing.start() if closing else len(text)
        named = _entities(text[clause_start : opening.start()])
        for rank_list in _RANK_LIST.finditer(text, opening.end(), clause_end):
            ranks = [_word_or_number(r) for r in _SMALL_NUMBER.findall(rank_list.group("ranks"))]
            holders = [
                _Entity(clause_start + e.start, clause_start + e.end, e.kind, e.code) for e in named[-len(ranks) :]
            ]
            if len(holders) != len(ranks):
                continue
            year_before = _YEAR_JUST_BEFORE.search(text, max(opening.end(), rank_list.start() - 25), rank_list.start())
            year = rank_list.group("year") or (year_before.group(1) if year_before else None)
            for rank, holder in zip(ranks, holders):
                mentions.append(
                    _Mention(
                        rank_list.start(),
                        rank_list.end(),
                        rank,
                        None,
                        [holder],
                        "respectively",
                        int(year) if year else None,
                    )
                )
            taken.append(rank_list.span())
    for match in _COMPARED_RANK.finditer(text):
        # "giảm 3 bậc so với năm 2017 (7)": last year's rank, of the same component and province
        if free(match.start("rank"), match.end("rank")) and 1 <= int(match.group("rank")) <= 63:
            mentions.append(
                _Mention(
                    match.start("rank"),
                    match.end(),
                    int(match.group("rank")),
                    None,
                    [],
                    "compared",
                    int(match.group("year")),
                )
            )
            taken.append((match.start("rank"), match.end()))
    for match in _RANK.finditer(text):
        if not free(*match.span()):
            continue
        out_of = match.group("out_of") or match.group("out_of_words")
        rank = int(match.group("rank"))
        if out_of and int(out_of) in (34, 63) and rank > int(out_of) and include_implausible:
            mentions.append(
                _Mention(match.start(), match.end(), rank, int(out_of), [], "number", implausible=RANK_BEYOND_THE_FIELD)
            )
            taken.append(match.span())
            continue
        if out_of and (rank > int(out_of) or int(out_of) > 63):
            taken.append(match.span())
            continue  # "88/193": a world ranking
        if not (1 <= rank <= 63):
            continue
        mentions.append(_Mention(match.start(), match.end(), rank, int(out_of) if out_of else None, [], "number"))
        taken.append(match.span())
    for match in _RANK_STEP.finditer(text):
        # "từ bậc 21 (năm 2015) lên bậc 4 cả nước (năm 2016)": a step of the table, not a change of N steps
        if free(match.start()) and 1 <= int(match.group("rank")) <= 63:
            mentions.append(_Mention(match.start(), match.end(), int(match.group("rank")), None, [], "number"))
            taken.append(match.span())
    for match in _MOVED_TO_RANK.finditer(text):
        # "từ vị trí thứ 6 năm 2015 xuống 22 năm 2016": the rank moved to, after a rank moved from
        if not free(match.start(), match.end()):
            continue
        clause_start = _clause_start(text, match.start())
        if not re.search(
            r"từ\s+(?:vị trí\s+|hạng\s+)?(?:thứ\s+)?\d", text[clause_start : match.start()], re.IGNORECASE
        ):
            continue
        rank = int(match.group("rank"))
        if 1 <= rank <= 63:
            mentions.append(_Mention(match.start(), match.end(), rank, None, [], "number"))
            taken.append(match.span())
    maybe_written_after_province = "/63" in text or "/34" in text or " là " in text or " đạt " in text
    for province in find_provinces(text) if maybe_written_after_province else ():
        bare = _PROVINCE_THEN_BARE_RANK.match(text, province.end)
        if (
            bare
            and free(bare.start("rank"), bare.end("rank"))
            and 1 <= int(bare.group("rank")) <= 63
            and ranking_component_matcher().search(text, 0, province.start)
        ):
            # "Xếp hạng ... Hạ tầng kỹ thuật CNTT của Bến Tre là 58": a component's rank given bare
            holder = _Entity(province.start, province.end, "province", province.province_code)
            mentions.append(
                _Mention(bare.start("rank"), bare.end("rank"), int(bare.group("rank")), None, [holder], "bare")
            )
            taken.append((bare.start("rank"), bare.end("rank")))
            continue
        fraction = _PROVINCE_THEN_FRACTION.match(text, province.end)
        if (
            fraction
            and free(fraction.start("rank"), fraction.end())
            and 1 <= int(fraction.group("rank")) <= int(fraction.group("out_of"))
        ):
            holder = _Entity(province.start, province.end, "province", province.province_code)
            mentions.append(
                _Mention(
                    fraction.start("rank"),
                    fraction.end(),
                    int(fraction.group("rank")),
                    int(fraction.group("out_of")),
                    [holder],
                    "number",
                )
            )
            taken.append((fraction.start("rank"), fraction.end()))
    for match in _RANK_IN_WORDS.finditer(text):
        if not free(*match.span()):
            continue
        mentions.append(
            _Mention(match.start(), match.end(), _RANK_WORDS[match.group("word").lower()], None, [], "words")
        )
        taken.append(match.span())
    for match in _LAST.finditer(text):
        if not free(*match.span()):
            continue
        if re.match(r"[^.;]{0,20}?lần lượt", text[match.end() :]) or re.search(
            r"(?:hai|ba|bốn|năm|các)\s+(?:tỉnh|địa phương|đơn vị)\s*$", text[: match.start()], re.IGNORECASE
        ):
            taken.append(match.span())
            continue  # "ba tỉnh đứng cuối bảng lần lượt là A, B, C": which way the order runs is not said
        if _INDEFINITE_SUBJECT.search(text[max(0, match.start() - 30) : match.start()]) or _GROUP_OF_LEADERS.search(
            text[max(0, match.start() - 30) : match.start()]
        ):
            taken.append(match.span())
            continue  # "trong đó có tỉnh đứng cuối cùng": which one is not said
        out_of = match.group("out_of")
        total = int(out_of) if out_of else 63
        mentions.append(_Mention(match.start(), match.end(), total, total, [], "last"))
        taken.append(match.span())
    for match in _FIRST.finditer(text):
        if not free(*match.span()):
            continue
        before = text[max(0, match.start() - 30) : match.start()]
        if re.search(r"người\s*$|lãnh đạo\s*$|cán bộ\s*$", before, re.IGNORECASE):
            continue  # "người đứng đầu" is a head of office
        if _GROUP_OF_LEADERS.search(before) or _INDEFINITE_SUBJECT.search(before):
            continue  # "5 địa phương dẫn đầu", "các địa phương dẫn đầu ... là": a group, no single first place
        if _GOAL_BEFORE.search(text, max(0, match.start() - 60), match.start()):
            continue  # "quyết tâm đưa Hà Nội vươn lên dẫn đầu": a goal, not a place
        mention = _Mention(match.start(), match.end(), 1, None, [], "first")
        named_right_after = (
            _holders_named_from(text, match.end(), 1) if _LEADER_NAMED_RIGHT_AFTER.match(text, match.end()) else []
        )
        if named_right_after:
            mention.holders = named_right_after  # "so với tỉnh dẫn đầu Đà Nẵng"
        mentions.append(mention)
        taken.append(match.span())
    _follower_mentions(text, mentions, taken, known_ranks or {})
    mentions.sort(key=lambda m: m.start)
    for mention in mentions:
        if mention.wording in ("number", "words") and _SERIES_YEAR.search(
            text, max(0, mention.start - 22), mention.start
        ):
            mention.wording = "series"  # "năm 2008: xếp thứ 5; năm 2009: thứ 3"
    # "Đứng ở vị trí thứ hai là Bảo hiểm Xã hội", "Dẫn đầu bảng xếp hạng năm nay vẫn là Đà Nẵng"
    for mention in mentions:
        if mention.holders:
            continue
        after = _HOLDER_AFTER.match(text, mention.end)
        if after:
            holders = _holders_named_from(text, after.end(), 1)
            if holders:
                mention.holders = holders
                mention.wording = "holder_after"
            elif re.match(r"\s*[A-ZĐ]", text[after.end() :]):
                mention.wording = "held_by_unknown"  # "ở vị trí thứ ba là <a name we do not know>"
    return mentions


def _ranking_year(text: str, name, published_year: int | None) -> int | None:
    """'ICT Index 2017' / 'ICT Index năm 2017' / 'Năm 2017, chỉ số ICT Index' / 'Năm 2019, TP X dẫn đầu về ...'."""
    close_after = _YEAR_RIGHT_AFTER_NAME.match(text, name.end)
    if close_after:
        return int(close_after.group(1))
    before = _YEAR_WITH_NAM.findall(text[max(0, name.start - 40) : name.start])
    if before:
        return int(before[-1])
    stop = _NAME_SPAN_END.search(text, name.end)
    span_end = min(stop.start() if stop else len(text), name.end + 200)
    rank_word = _RANK_WORD_AFTER_NAME.search(text, name.end, span_end)
    if rank_word:
        span_end = (
            rank_word.start()
        )  # "Chỉ số ICT của Sơn La ... đứng thứ 55 ... (năm 2021 không xếp hạng)": not past the rank
    for found in _ANY_YEAR_AFTER_NAME.finditer(text, name.end, span_end):
        if _NOT_THE_RANKING_YEAR.search(text[: found.start(1)]) or _EVENT_DATE_BEFORE.search(
            text, max(0, found.start(1) - 40), found.start(1)
        ):
            continue  # "so với năm 2018", "công bố ngày 6/10/2017", "Hội thảo ... năm 2023"
        return int(found.group(1))
    opening = _SENTENCE_YEAR.match(text)
    if opening:
        return int(opening.group(1))
    if published_year and _THIS_YEAR.search(text):
        return None  # "năm nay": the caller falls back on the article's ranking year
    return None


_MINISTRY_PUBLISHED = re.compile(
    r"(?:Bộ Thông tin và Truyền thông|Bộ TT\s*&\s*TT|Bộ TT-TT|Bộ TTTT|Cục Tin học hóa|Cục Tin học hoá)"
    r"[^.]{0,80}?(?:công bố|đánh giá|xếp hạng)|(?:công bố|đánh giá|xếp hạng)[^.]{0,80}?"
    r"(?:Bộ Thông tin và Truyền thông|Bộ TT\s*&\s*TT|Bộ TT-TT|Cục Tin học hóa|Cục Tin học hoá)",
    re.IGNORECASE,
)
_CHEAP_RANK_WORDS = re.compile(r"hạng|đứng|xếp|bậc|dẫn đầu")  # no ranking without one of these: a cheap first test
_NATIONAL_FIELD = re.compile(r"toàn quốc|cả nước|(?:63|34)\s+(?:tỉnh|địa phương)", re.IGNORECASE)


def implicit_ranking(title: str | None, body: str) -> str | None:
    """The ranking an article reports without naming it: the ministry's IT-application assessment when
    the article says the ministry published or assessed it ('kết quả vừa được Bộ TT&TT công bố')."""
    if not _CHEAP_RANK_WORDS.search(body) or _ranking_named(title or "") or _ranking_named(body):
        return None
    if re.search(r"Hội Tin học", body, re.IGNORECASE):
        return "ict_index"
    if _MINISTRY_PUBLISHED.search((title or "") + ". " + body):
        return "it_application"
    return None


def fill_ranking_years(rankings: list[dict], stated: dict) -> None:
    """An undated article that names its ranking's year once ("bảng xếp hạng trong năm 2017 này")
    dates the ranks it gives without one."""
    for entry in rankings:
        if entry.get("year") is None and stated.get(entry["ranking"]):
            entry["year"] = stated[entry["ranking"]]
            entry["uncertainty"] = [r for r in entry.get("uncertainty", []) if r != "ranking year not stated"] + [
                "ranking year read elsewhere in the article"
            ]


def ranking_year_in_title(title: str | None) -> dict:
    """{ranking: year} named by the article's title ("Đà Nẵng dẫn đầu ICT Index 2019")."""
    years = {}
    for name in _ranking_named(title or ""):
        year = _ranking_year(title, name, None)
        if year:
            years.setdefault(name.value, year)
    return years


def _default_year(ranking: str, published_year: int | None) -> int | None:
    """The year a ranking announced in ``published_year`` is about, when the text never says.

    The ministry's IT-application assessment of year Y is published in the middle of Y+1; the ICT
    Index of year Y came out in Y until 2020 and in Y+1 since (the 2021 edition was skipped)."""
    if not published_year:
        return None
    if ranking == "it_application":
        return published_year - 1
    return published_year if published_year <= 2020 else published_year - 1


# a heading line that names what the next paragraph ranks: "1. Chỉ số Hạ tầng kỹ thuật CNTT:"
_HEADING = re.compile(r"^\W*(?:[0-9IVX]{1,4}[.)/-]\s*)?[^\d.]{3,200}:\s*$")
_OVERALL_WORDS = re.compile(r"tổng thể|chung cuộc|xếp hạng chung|tổng hợp", re.IGNORECASE)


def _remember_heading_component(text: str, sentence: Sentence, names: list, state: dict) -> None:
    """Keep the one component a heading line names, for the paragraph under it."""
    if not _HEADING.match(text):
        return
    found = [
        m
        for m in ranking_component_matcher().find_all(text)
        if not any(n.start < m.end and m.start < n.end for n in names)
    ]
    if found:
        # the heading's head noun comes first: "Nguồn nhân lực cho ứng dụng CNTT" ranks the human resources
        state["heading_component"] = (found[0].value, sentence.paragraph)
    else:
        state.pop("heading_component", None)


def _heading_component(text: str, sentence: Sentence, state: dict) -> str | None:
    """The component of the heading right above this paragraph ("1. Chỉ số Hạ tầng kỹ thuật CNTT:" then
    "Quảng Bình đạt 0,934 điểm; xếp thứ 41/63"), unless the sentence ranks the whole ("xếp hạng tổng thể")."""
    heading = state.get("heading_component")
    if not heading or sentence.paragraph - heading[1] not in (0, 1) or _OVERALL_WORDS.search(text):
        return None
    return heading[0]


def _clause_start(text: str, position: int, floor: int = 0) -> int:
    delimiters = [m.end() for m in _CLAUSE_DELIMITER.finditer(text, floor, position)]
    return delimiters[-1] if delimiters else floor


def extract_rankings(sentence: Sentence, context: ArticleContext, state: dict) -> list[dict]:
    """Ranking entries of one sentence. ``state`` carries the ranking named earlier in the article."""
    text = sentence.text
    names = _ranking_named(text)
    if state.get("paragraph") != sentence.paragraph:
        # a ranking named in one paragraph still governs the next ones of a ranking story,
        # but only for a short while
        state["paragraphs_since_named"] = state.get("paragraphs_since_named", 0) + 1
        state["paragraph"] = sentence.paragraph
        if state["paragraphs_since_named"] > _PARAGRAPHS_A_RANKING_GOVERNS:
            state.pop("ranking", None)
    if not names and not state.get("ranking") and not (state.get("implicit_source") and _has_rank_hint(text)):
        return []  # most sentences: no ranking named here or before
    other = other_index_matcher().find_all(text)
    if not names and other:
        state.pop("ranking", None)  # "Chỉ số PCI ... Quảng Ninh đứng thứ nhất" is not an ICT rank
        return []
    general_names = []  # "mức độ ứng dụng CNTT của Quảng Nam": the ranking in general words, never a component
    if names and state.get("ranking"):
        # "xếp hạng ứng dụng CNTT" inside an ICT Index story is that index's component, not the ministry's ranking
        components = ranking_component_matcher().find_all(text)
        kept = [
            n
            for n in names
            if n.value == state["ranking"]
            or _UNAMBIGUOUS_NAME.search(n.phrase)
            or not any(c.start < n.end and n.start < c.end for c in components)
        ]
        general_names = [n for n in names if n not in kept and n.phrase.startswith(("mức độ", "đánh giá"))]
        names = kept
    all_names = list(names) + general_names  # ranking names are never components
    named_here = bool(names)
    if names:
        state["paragraphs_since_named"] = 0
        state["ranking"] = names[0].value
        year = _ranking_year(text, names[0], context.published_year)
        years_by_ranking = state.setdefault("years", {})
        if year:
            years_by_ranking[names[0].value] = year
        state["year"] = year or years_by_ranking.get(names[0].value)
        state["year_stated"] = bool(year)
    ranking = state.get("ranking")
    implicit = False
    if (
        not ranking
        and state.get("implicit_source")
        and _NATIONAL_FIELD.search(text)
        and ranking_component_matcher().search(text)
    ):
        if "implicit_ranking" not in state:
            state["implicit_ranking"] = implicit_ranking(*state["implicit_source"])  # once, and only when needed
    if (
        not ranking
        and state.get("implicit_ranking")
        and _NATIONAL_FIELD.search(text)
        and ranking_component_matcher().search(text)
    ):
        # "Lâm Đồng đứng thứ 7 trong số 63 tỉnh về chỉ số ứng dụng CNTT trong nội bộ", in an article about
        # what the ministry has just published, never naming its ranking
        ranking, implicit = state["implicit_ranking"], True
    if not ranking:
        return []
    if not names:
        table_year = _TABLE_YEAR.search(text)
        if table_year:
            state.setdefault("years", {}).setdefault(ranking, int(table_year.group(1)))
    if not _has_rank_hint(text):
        _remember_heading_component(text, sentence, all_names, state)
        return []
    masked = _mask_non_ranks(text)
    mentions = _rank_mentions(masked, context.include_implausible, state.get("known_ranks"))
    if not mentions:
        return []
    out_of_match = _OUT_OF_IN_SENTENCE.search(text)
    sentence_out_of = int(out_of_match.group(1)) if out_of_match else None
    entities = _entities(text)
    ministry_group = bool(_MINISTRY_GROUP.search(text))
    foreign = cue_matcher("foreign_words").search(text)
    provinces_in_sentence = {e.code for e in entities if e.kind == "province"}
    entries = []
    carried: _Entity | None = None  # the subject the sentence goes on about after a clause break
    first_components = [
        m
        for m in ranking_component_matcher().find_all(text, 0, mentions[0].start)
        if not any(n.start < m.end and m.start < n.end for n in all_names)
    ]
    sentence_component = first_components[0].value if first_components else None
    previous_end = 0
    for index, mention in enumerate(mentions):
        start, end = mention.start, mention.end
        next_mention_start = mentions[index + 1].start if index + 1 < len(mentions) else len(text)
        clause_after = _CLAUSE_DELIMITER.search(text, end)
        regional_window_end = min(next_mention_start, clause_after.start() if clause_after else len(text), end + 70)
        if _REGIONAL.match(text, end) or _REGION_NAMED.search(text, end, regional_window_end):
            previous_end = end
            continue  # "xếp thứ 5 trong khu vực Tây Nguyên", "dẫn đầu ICT Index khu vực phía Bắc": not national ranks
        clause_start = _clause_start(text, start)
        # another index named nearer than ours: its rank ("đứng thứ 4 về PCI")
        # the index named nearest the rank, before it in its clause or right after it ("về ..."), is the rank's
        clause_end_match = _CLAUSE_DELIMITER.search(text, end)
        clause_end = clause_end_match.start() if clause_end_match else len(text)
        distances = [(start - m.end, "other") for m in other if clause_start <= m.start and m.end <= start]
        distances += [(m.start - end, "other") for m in other if end <= m.start <= min(clause_end, end + 60)]
        distances += [(start - m.end, "ours") for m in all_names if m.end <= start]
        distances += [(m.start - end, "ours") for m in all_names if end <= m.start <= min(clause_end, end + 60)]
        if distances and min(distances)[1] == "other":
            previous_end = end
            continue
        if mention.wording == "held_by_unknown":
            previous_end = end
            continue
        if mention.wording == "compared":
            if entries:
                last = entries[-1]
                entries.append(
                    dict(
                        last,
                        rank=mention.rank,
                        year=mention.year,
                        change=None,
                        score=None,
                        score_scale=None,
                        confidence=round(max(0.05, last["confidence"] - 0.05), 2),
                        uncertainty=list(last["uncertainty"]) + ["last year's rank read from a comparison"],
                    )
                )
            previous_end = end
            continue
        uncertainty: list[str] = []
        confidence = _BASE_CONFIDENCE
        holders = mention.holders
        if not holders:
            before = [e for e in entities if max(previous_end, clause_start) <= e.start and e.end <= start + 1]
            if not before:
                before = [e for e in entities if clause_start <= e.start and e.end <= start + 1]
            if before:
                holders = [before[-1]]
            elif carried is not None:
                holders = [carried]
            else:
                earlier = [e for e in entities if e.end <= start]
                if earlier:
                    holders = [earlier[-1]]
        if holders and holders[0].kind == "province":
            carried = holders[0]
        elif holders:
            carried = holders[0]
        owners: list[str | None] = []
        for holder in holders:
            if holder.kind != "province":
                continue  # a ministry's or a country's rank
            owners.append(holder.code)
        if not holders:
            if context.province_code is None or foreign or ministry_group:
                previous_end = end
                continue  # "Việt Nam xếp thứ 108 trên thế giới" is not a provincial rank
            owners = [context.province_code]
            if state.get("last_rank_owner") == context.province_code and not provinces_in_sentence:
                # "Cụ thể, xếp hạng 2 về ...": the subject left out, as Vietnamese does, is the one ranked before
                confidence -= 0.04
                uncertainty.append("no province named in the sentence: the province ranked before assumed")
            else:
                confidence -= 0.12
                uncertainty.append("no province named in the sentence: the article's province assumed")
            if len(provinces_in_sentence) >= 1:
                confidence -= 0.1
                uncertainty.append("other provinces named in the sentence")
        if not owners:
            previous_end = end
            continue
        state["last_rank_owner"] = owners[-1]
        state.setdefault("known_ranks", {})[owners[-1]] = mention.rank
        state["known_ranks"]["__last__"] = mention.rank
        components = _components_after(text, end, len(text), all_names)
        if not components and _names_an_unknown_component(text, end, names):
            previous_end = end
            continue  # "xếp hạng 6 về chỉ số công nghiệp CNTT": a component outside the taxonomy
        if not components and mention.wording == "follower" and entries:
            components = [entries[-1]["component"]]  # "..., theo sau là A và B": the places of the same table
        elif (
            not components
            and mention.wording == "follower"
            and not _components_before(text, start, previous_end if index else 0, all_names)
            and state.get("last_component")
            and state.get("last_component_paragraph") == sentence.paragraph
        ):
            components = [
                state["last_component"]
            ]  # "... dẫn đầu về hạ tầng. A và B lần lượt chiếm hai vị trí tiếp theo"
        if not components and _unknown_component_before(text, start, previous_end if index else 0, all_names):
            previous_end = end
            continue  # "chỉ số thành phần về Công tác đảm bảo an toàn thông tin xếp thứ 7": outside the taxonomy
        if not components:
            before_components = _components_before(text, start, previous_end if index else 0, all_names)
            component = before_components[0] if len(before_components) == 1 else None
            if len(before_components) > 1:
                components = before_components
            if component is None and not components and mention.wording == "series":
                component = sentence_component  # "(năm 2008: xếp thứ 5; năm 2009: thứ 3; ...)": the sentence's subject
            if (
                component is None
                and not components
                and (
                    _THIS_COMPONENT.search(text, clause_start, min(len(text), end + 40))
                    or (
                        _ALSO.search(text, clause_start, start)
                        and state.get("last_component_paragraph") == sentence.paragraph
                    )
                )
            ):
                # "ở chỉ số này": the component just named; "B cũng nhảy từ bậc 20 ...": the same one
                component = state.get("last_component")
            if (
                not components
                and component is None
                and entries
                and _MOVED_WORD_BEFORE.search(text, max(0, start - 12), start + 1)
            ):
                components = list(dict.fromkeys(e["component"] for e in entries if e["char_start"] == sentence.start))[
                    -1:
                ]
            if not components and component is None:
                component = _heading_component(text, sentence, state)
                if component:
                    confidence -= 0.04
                    uncertainty.append("component read from the heading above")
            if not components:
                components = [component or "overall"]
        if components[-1] != "overall":
            state["last_component"], state["last_component_paragraph"] = components[-1], sentence.paragraph
        change_match = _CHANGE.match(text, end)
        change = None
        if change_match:
            steps = int(change_match.group("steps"))
            change = -steps if change_match.group("direction").lower() in ("giảm", "tụt", "xuống") else steps
        next_start = mentions[index + 1].start if index + 1 < len(mentions) else len(text)
        # a score in brackets right after the rank is its own ("xếp thứ 3 (đạt 265,61/400 điểm)"); else the
        # one written before it ("đạt 0,934 điểm; xếp thứ 41")
        previous_own_score = _SCORE_RIGHT_AFTER.match(text, mentions[index - 1].end) if index else None
        score_floor = max(previous_end, previous_own_score.end() if previous_own_score else 0)
        score_match = _SCORE_RIGHT_AFTER.match(text, end) or _SCORE.search(text, score_floor, next_start)
        score = parse_vietnamese_number(score_match.group("score")) if score_match else None
        scale = (
            parse_vietnamese_number(score_match.group("scale")) if score_match and score_match.group("scale") else None
        )
        # "năm 2015 xếp thứ 40, năm 2016 xếp thứ 35": a year written just before a rank is its own
        # a year closed off in brackets before the rank is some event's ("lần thứ 24 (năm 2023), X xếp hạng 3");
        # one whose bracket is still open is the rank's own ("(năm 2018 xếp thứ 2)")
        own_year = [
            m.group(1)
            for m in _YEAR_OWN_BEFORE.finditer(text, max(previous_end, clause_start, start - 60), start)
            if not (
                _IN_BRACKETS_OR_EVENT.search(text, max(0, m.start() - 40), m.start()) and ")" in text[m.end() : start]
            )
        ]
        year_after = _YEAR_RIGHT_AFTER_RANK.match(text, end)
        moved_from = _FROM_RANK.search(text, max(clause_start, start - 20), start + 1) and (
            _MOVED_TO_RANK.search(text, end, min(len(text), end + 60))
            or _MOVED_TO_THE_TOP.search(text, end, min(len(text), end + 40))
        )
        if mention.year:
            year = mention.year
        elif year_after:
            year = int(year_after.group(1))
        elif own_year:
            year = int(own_year[-1])
        elif state.get("year"):
            year = state["year"]
            if not state.get("year_stated") or not named_here:
                confidence -= 0.03
        elif _SENTENCE_YEAR.match(text):
            year = int(_SENTENCE_YEAR.match(text).group(1))  # "Trong năm 2018, một số chỉ số khác ... xếp thứ 2"
        else:
            year = _default_year(ranking, context.published_year)
            if year is not None:
                confidence -= 0.08
                uncertainty.append("ranking year inferred from the publication date")
            else:
                confidence -= 0.05
                uncertainty.append("ranking year not stated")
        if implicit:
            confidence -= 0.15
            uncertainty.append("ranking not named in the article: inferred from who published it")
        elif not named_here:
            confidence -= 0.05
            uncertainty.append("ranking named in an earlier sentence")
        if mention.wording == "last":
            confidence -= 0.05
            uncertainty.append("rank read from 'last place'")
        if mention.wording == "holder_after":
            confidence -= 0.03
        if mention.wording == "bare":
            confidence -= 0.1
            uncertainty.append("rank written as a bare number")
        if moved_from and not mention.year and not year_after and not own_year and year:
            year -= 1  # "Hà Nội lùi từ vị trí thứ bảy xuống thứ 10": the rank it fell from is last year's
            uncertainty.append("the rank moved from: taken as the year before")
            confidence -= 0.05
        out_of = mention.out_of or sentence_out_of or (34 if (year or 0) >= 2025 else 63)
        for owner in owners:
            province_code = None if owner == context.province_code else owner
            for component in components:
                entries.append(
                    {
                        "ranking": ranking,
                        "component": component,
                        "rank": mention.rank,
                        "out_of": out_of,
                        "year": year,
                        "change": change,
                        "score": score,
                        "score_scale": scale
                        if scale not in (None, 1)
                        else (1 if score is not None and score <= 1 else None),
                        "province_code": province_code,
                        "sentence": text,
                        "char_start": sentence.start,
                        "char_end": sentence.end,
                        "confidence": round(max(0.05, confidence), 2),
                        "uncertainty": list(uncertainty),
                    }
                )
                if context.include_implausible:
                    entries[-1]["plausibility"] = "implausible" if mention.implausible else "ok"
                    entries[-1]["plausibility_reason"] = mention.implausible
        previous_end = end
    if entries:
        state["paragraphs_since_named"] = 0  # a story that keeps giving ranks keeps its ranking
    return entries


# A ranking table flattened into text, one row per province: "12 TP. Hà Nội 12 (0,656)" —
# row number, province, rank (ties repeat a rank) and score.
_TABLE_ROW_TAIL = re.compile(r"\s+0?(?P<rank>\d{1,2})\s*\(\s*(?P<score>[01](?:[,.]\d{1,4})?)\s*\)")
_MIN_TABLE_ROWS = 3
_TABLE_SCORE_HINT = re.compile(r"\d\s*\(\s*[01][,.]\d")


def extract_ranking_table(
    text: str, start: int, end: int, ranking: str, year: int | None, context: ArticleContext
) -> list[dict]:
    """Rows of a flattened ranking table between ``start`` and ``end``: every row names its province."""
    if not _TABLE_SCORE_HINT.search(text, start, end):
        return []  # no "0N (0,xyz)" cell anywhere: no table to read
    rows = []
    for mention in find_provinces(text, start, end):
        tail = _TABLE_ROW_TAIL.match(text, mention.end)
        if not tail:
            continue
        rank = int(tail.group("rank"))
        if not 1 <= rank <= 63:
            continue
        rows.append((mention, tail, rank))
    if len(rows) < _MIN_TABLE_ROWS:
        return []
    entries = []
    confidence = 0.9 if year else 0.8
    for mention, tail, rank in rows:
        row_start = text.rfind("\n", start, mention.start) + 1
        entries.append(
            {
                "ranking": ranking,
                "component": "overall",
                "rank": rank,
                "out_of": 34 if (year or 0) >= 2025 else 63,
                "year": year,
                "change": None,
                "score": parse_vietnamese_number(tail.group("score")),
                "province_code": None if mention.province_code == context.province_code else mention.province_code,
                "sentence": " ".join(text[row_start : tail.end()].split()),
                "char_start": row_start,
                "char_end": tail.end(),
                "confidence": confidence,
                "uncertainty": [] if year else ["ranking year not stated"],
            }
        )
    return entries
