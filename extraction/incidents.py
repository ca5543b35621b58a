"""Read security-incident counts out of one sentence.

An incident is a count followed by what was hit and how ("87 lượt đơn vị nhiễm mã độc
Botnet", "2 Cổng thông tin điện tử bị tấn công thay đổi giao diện"), over the period the
sentence or its paragraph names ("6 tháng đầu năm"). Figures about other countries or the
whole world ("200.000 máy tính tại 150 quốc gia") are not Vietnam's and are left out; a
national article keeps only counts placed in Vietnam or in a named province.
"""

from __future__ import annotations

import re

from .context import COUNTRIES_COUNTED, ArticleContext, qualifier_before
from .dictionaries import (
    cue_matcher,
    hypothetical_matcher,
    incident_definitions,
    incident_type_matcher,
    incident_unit_matcher,
)
from .numbers import clean_value, find_numbers
from .periods import find_period
from .provinces import find_provinces
from .sentences import Sentence, split_clauses

_MAX_TYPE_DISTANCE = 90
_MAINLY = re.compile(r"chủ yếu(?:\s+là)?\s+", re.IGNORECASE)
_FILLER = re.compile(r"\s*(?:các|những|chiếc)?\s*", re.IGNORECASE)
_FOREIGN_LOOKAHEAD = 40
_COUNT_NAMED_BEFORE = re.compile(
    r"(?<!\w)(?:(?:tổng\s+)?số(?:\s+lượng)?|lượng)\s+(?:vụ|lượt|trường hợp|máy|sự cố|cuộc|địa chỉ|IP)", re.IGNORECASE
)
# a later clause saying something else ("15 máy chủ được nâng cấp") is not an elided incident
_OTHER_PREDICATE = re.compile(
    r"được|trang bị|triển khai|nâng cấp|đầu tư|cài đặt|xây dựng|kết nối|sử dụng", re.IGNORECASE
)
_COUNTABLE_TYPES = {"mã độc", "virus", "mã độc tống tiền", "ransomware"}
# "bị tấn công", and a named threat as the agent: "máy tính tại VN bị BrowserSpy theo dõi"
_HIT = re.compile(
    r"bị\s+(?:tấn công|lây nhiễm|nhiễm|ảnh hưởng|mã hoá|mã hóa"
    r"|(?:(?-i:[A-Z][\w.-]*)\s+){1,2}(?:theo dõi|kiểm soát|điều khiển|tấn công|lây nhiễm|mã hoá|mã hóa))",
    re.IGNORECASE,
)
# "bình quân mỗi ngày có ... khoảng 4.000 cuộc tấn công": a rate, which counts no period's incidents
# ("chỉ trong một ngày, 1.900 máy bị nhiễm" is a count of that day, so "một ngày" alone is no rate)
_RATE_BEFORE = re.compile(
    r"(?<!\w)(?:mỗi\s+(?:ngày|giờ|tuần|phút|giây)|(?:hằng|hàng)\s+(?:ngày|giờ)"
    r"|(?:bình quân|trung bình)\s+(?:một|1|mỗi)\s+(?:ngày|giờ|tuần|tháng))(?!\w)",
    re.IGNORECASE,
)
_RATE_LOOKBACK = 100  # the rate words lead the figure's own statement, not a whole long clause
_KINDS_OF_THREAT_AFTER = re.compile(
    r"\s*(?:các\s+|những\s+)?(?:mã độc|virus|loại mã độc)\s+(?:dạng|loại|biến thể|mới)", re.IGNORECASE
)
# nouns that only ever count incidents ("4.595 sự cố"), unlike "máy" or "đơn vị"
_EVENT_NOUNS = {"sự cố", "sự kiện", "vụ", "trường hợp", "cuộc tấn công", "cuộc", "lượt"}
_VIETNAM_CONTEXT_SENTENCES = 6
_NATIONAL_SCOPE = re.compile(r"(?:của|tại|ở)\s+Việt Nam|cả nước|toàn quốc", re.IGNORECASE)
_THIS_FIGURE = re.compile(r"con số này|số lượng này|con số trên", re.IGNORECASE)
_BLOCKED_BEFORE = re.compile(r"ngăn chặn|chặn được|chặn đứng", re.IGNORECASE)
_BLOCKED_LOOKBACK = 120
# what a list of counts also holds that is no security incident of the taxonomy
_NOT_A_THREAT_AFTER = re.compile(r"(?<!\w)(?:rác|spam|quảng cáo|chống phá|xuyên tạc|tin giả)(?!\w)", re.IGNORECASE)
_DETECTED_BEFORE = re.compile(r"(?:phát hiện|ghi nhận)[\s,]*(?:và\s*)?$", re.IGNORECASE)
# "điều phối, yêu cầu ngăn chặn 7.540 địa chỉ máy chủ điều khiển": addresses to block, not victims
_ASKED_TO_BLOCK = re.compile(r"(?:yêu cầu|điều phối|đề nghị)[^.;]{0,20}?(?:ngăn chặn|chặn)\s*$", re.IGNORECASE)
# "số địa chỉ IP ... nằm trong các mạng máy tính ma chỉ còn 917.492": the count named before its figure
_COUNT_VERB_BEFORE = re.compile(
    r"(?:là|khoảng|có|với|còn|chỉ còn|đạt|lên tới|lên đến|tới)\s*(?:khoảng\s*|hơn\s*|gần\s*|trên\s*|chừng\s*)?$",
    re.IGNORECASE,
)
# "987 sự cố được khắc phục": incidents handled, not incidents that happened
_HANDLED_AFTER = re.compile(
    r"\s*(?:\S+\s+){0,3}?(?:đã\s+)?(?:được|bị)?\s*(?:khắc phục|xử lý|ngăn chặn|phát hiện và)", re.IGNORECASE
)
# "tăng 13% so với cùng kỳ năm 2023": a comparison names no period of the figure
_COMPARISON = re.compile(r"so với[^,.;]*", re.IGNORECASE)
_TYPE_RIGHT_AFTER_UNIT = 25
# a threat named as what a tool protects against ("phần mềm diệt virus", "giải pháp phòng, chống mã độc")
_PROTECTION_BEFORE = re.compile(
    r"(?<!\w)(?:diệt|chống|phòng chống|phòng, chống|phòng ngừa|rà quét|quét)\s*$", re.IGNORECASE
)
_PROVINCE_THEN_COUNT = re.compile(
    r"(?:là|khoảng|có|với)\s*(?:khoảng\s*|hơn\s*|gần\s*|trên\s*|chừng\s*)?$", re.IGNORECASE
)


def extract_incidents(
    sentence: Sentence, context: ArticleContext, paragraph_text_before: str, type_said_later: str | None = None
) -> tuple[list[dict], set[int]]:
    """(incidents, starts of the numbers they used) for one sentence.

    ``type_said_later``: the main type a later sentence gives these attacks ("9 trang ... bị tấn công." then
    "Các trang ... này ... chủ yếu bị tấn công thay đổi giao diện"), see ``untyped_attack`` and
    ``main_type_said_later``."""
    text = sentence.text
    # "Trong đó, Hà Nội có khoảng 400 máy bị tấn công": the type is the one the sentence before named
    carried_type = None
    figure_of_before = False  # "con số này còn 1.004.706 địa chỉ": the same count as the sentence before, updated
    if not incident_type_matcher().search(text):
        # "bị tấn công" / "con số này còn 1.004.706 địa chỉ": the type the sentence before named
        hit = ("bị" in text or "Bị" in text) and _HIT.search(text)
        this_figure = ("con số" in text or "số lượng này" in text) and _THIS_FIGURE.search(text)
        carried_type = _type_of_the_sentence_before(paragraph_text_before, context) if hit or this_figure else None
        if hit and type_said_later:
            carried_type = type_said_later
        figure_of_before = bool(this_figure)
        if carried_type is None:
            return [], set()
    numbers = [n for n in find_numbers(text) if n.unit == "plain"]
    incidents, used = [], set()
    units = incident_definitions()["unit_nouns"]
    last_type: str | None = None  # "quý I có 5 trang bị tấn công thay đổi giao diện; quý II có 3 trang"
    for clause_start, clause_end in split_clauses(text):
        in_clause = [n for n in numbers if clause_start <= n.start < clause_end]
        for position, number in enumerate(in_clause):
            next_start = in_clause[position + 1].start if position + 1 < len(in_clause) else clause_end
            previous_end = in_clause[position - 1].end if position > 0 else clause_start
            reading = _read_count(
                text,
                number,
                previous_end,
                next_start,
                clause_start,
                clause_end,
                (last_type if position == 0 and clause_start > 0 else None)
                or (carried_type if figure_of_before else None),
                last_type or carried_type,
            )
            if reading is None or hypothetical_matcher().search(text, previous_end, next_start):
                continue
            if number.value != int(number.value):
                continue  # "cứ 10 email lại gặp 1,6 email chứa ransomware": a rate, not a count of incidents
            if _RATE_BEFORE.search(text, max(clause_start, number.start - _RATE_LOOKBACK), number.start):
                continue  # "mỗi ngày có khoảng 4.000 cuộc tấn công": a rate, not a count of a period
            blocked = reading[1] == "lượt" and _BLOCKED_BEFORE.search(
                text, max(0, number.start - _BLOCKED_LOOKBACK), number.start
            )
            if blocked and _DETECTED_BEFORE.search(text, max(0, blocked.start() - 30), blocked.start()):
                blocked = None  # "đã phát hiện, ngăn chặn, xử lý ... 90.000 lượt virus phát tán": they happened
            if blocked or _ASKED_TO_BLOCK.search(text, max(0, number.start - 40), number.start):
                continue  # "đã ngăn chặn hơn 3,6 triệu lượt truy cập", "yêu cầu ngăn chặn 7.540 địa chỉ": not incidents
            if reading[0] != _type_named_right_after(text, number.end, next_start) and _NOT_A_THREAT_AFTER.search(
                text, number.end, min(next_start, number.end + 60)
            ):
                continue  # "73.000 lượt phát tán email rác", "25 email có nội dung chống phá": spam and propaganda
            if _KINDS_OF_THREAT_AFTER.match(text, number.end):
                continue  # "3 mã độc dạng biến thể": kinds of malware, not infections
            incident_type, unit_noun, own_province, confidence = reading
            reasons = []
            if carried_type and incident_type == carried_type and not incident_type_matcher().search(text):
                confidence = min(confidence, 0.75)
                reasons.append("incident type read from the sentence before")
            if confidence < 0.8:
                reasons.append("count read from a loose phrase")
            province_code = _incident_province(text, previous_end, next_start, clause_start, context, own_province)
            if province_code is False:
                continue
            if province_code == "vietnam-earlier":
                province_code = None
                confidence *= 0.85
                reasons.append("Vietnam named elsewhere in the article, not with the figure")
            national = False
            if province_code:
                reasons.append("province named in the sentence")
            elif context.province_code is None:
                reasons.append("national figure")
            elif _NATIONAL_SCOPE.search(text, 0, min(clause_end, next_start + 40)):
                # "gần 3 triệu địa chỉ IP của Việt Nam" in a provincial paper: the country's figure, not the province's
                national = True
                reasons.append("national figure in a provincial article")
            own_text = _COMPARISON.sub("", text)
            published_year = context.published_year
            period = (
                find_period(_COMPARISON.sub("", text[clause_start:clause_end]), context.reference_year, published_year)
                or find_period(own_text, context.reference_year, published_year)
                or find_period(paragraph_text_before, context.reference_year, published_year)
                or context.latest_period()
                or _title_period(context)
                or (None, None)
            )
            if period == (None, None):
                reasons.append("period not stated")
                confidence *= 0.95
            elif period[0] and not find_period(own_text, context.reference_year):
                reasons.append("period read from an earlier sentence")
                confidence *= 0.95
            incidents.append(
                {
                    "incident_type": incident_type,
                    "count": clean_value(number.value),
                    "unit": units.get(unit_noun, unit_noun),
                    "period_start": period[0],
                    "period_end": period[1],
                    "target": _target(text[number.end : next_start]),
                    "qualifier": qualifier_before(text, number.start),
                    "province_code": province_code,
                    "sentence": text,
                    "char_start": sentence.start,
                    "char_end": sentence.end,
                    "confidence": round(min(0.99, confidence + 0.05), 2),
                    "uncertainty": reasons,
                }
            )
            if national:
                incidents[-1]["national"] = True
            used.add(number.start)
            last_type = incident_type
    return incidents, used


def _read_count(
    text: str,
    number,
    previous_end: int,
    next_start: int,
    clause_start: int,
    clause_end: int,
    elided_type: str | None,
    last_type: str | None,
) -> tuple[str, str, str | None, float] | None:
    """(incident type, unit noun, the count's own province, confidence) of a figure, or None if it is no incident."""
    filler = _FILLER.match(text, number.end)
    noun_start = filler.end() if filler else number.end
    unit_match = incident_unit_matcher().search(text, noun_start, min(next_start, noun_start + 40))
    unit_noun = unit_match.value if unit_match and unit_match.start == noun_start else None
    type_match = incident_type_matcher().search(text, number.end, min(next_start, number.end + _MAX_TYPE_DISTANCE))
    if type_match and _PROTECTION_BEFORE.search(text, max(number.end, type_match.start - 30), type_match.start):
        type_match = None  # "40 máy tính được cài đặt phần mềm diệt virus": protected, not infected
    mainly = _MAINLY.search(text, number.end, next_start)
    if mainly:
        # "12 cuộc tấn công mạng vào ..., chủ yếu là tấn công thay đổi giao diện": the main type is required
        type_match = (
            incident_type_matcher().search(text, mainly.end(), min(next_start, mainly.end() + 60)) or type_match
        )
    incident_type = type_match.value if type_match else None
    if unit_noun is None and type_match and type_match.start == noun_start and type_match.phrase in _COUNTABLE_TYPES:
        unit_noun = type_match.phrase  # "xử lý 1.200 mã độc": the threat itself is what is counted
    if (
        incident_type is None
        and unit_noun is not None
        and elided_type
        and not _OTHER_PREDICATE.search(text, number.end, clause_end)
    ):
        return elided_type, unit_noun, None, 0.7  # the list's type, left out in its later clauses
    if incident_type is not None and unit_noun is not None:
        if unit_noun in _EVENT_NOUNS and type_match.start > number.end + _TYPE_RIGHT_AFTER_UNIT:
            # "số sự cố tấn công cài mã độc vẫn nhiều hơn cả, với 4.703 sự cố, ... thay đổi giao diện ...":
            # the type named just before a count of incidents is its own
            named_before = incident_type_matcher().find_all(
                text, max(clause_start, previous_end, number.start - 60), number.start
            )
            if named_before:
                return named_before[-1].value, unit_noun, None, 0.8
        return incident_type, unit_noun, None, 0.85
    if incident_type is None and unit_noun in _EVENT_NOUNS:
        # "loại hình malware (tấn công phát tán mã độc) chiếm số lượng lớn nhất với 4.595 sự cố":
        # the type is named before a count of incidents, in the same clause
        named_before = incident_type_matcher().find_all(
            text, max(previous_end, number.start - _MAX_TYPE_DISTANCE), number.start
        )
        if named_before and not _HANDLED_AFTER.match(text, unit_match.end if unit_match else number.end):
            return named_before[-1].value, unit_noun, None, 0.75
    left_type = incident_type_matcher().search(text, previous_end, number.start)
    if (
        left_type
        and unit_noun is not None
        and unit_noun not in _EVENT_NOUNS
        and _CLEANED_ON.fullmatch(text, left_type.end, number.start)
        and _CLEANING_VERB.search(text, max(clause_start, left_type.start - 30), left_type.start)
    ):
        # "bóc gỡ mã độc botnet cho 2 máy chủ", "phát hiện mã độc trên 20 máy tính": the machines infected
        return left_type.value, unit_noun, None, 0.8
    provinces_left = find_provinces(text, previous_end, number.start)
    if provinces_left and left_type:
        # "Ở Hà Nội, số lượng máy bị lây nhiễm khoảng 400"
        return left_type.value, unit_noun or "máy", provinces_left[-1].province_code, 0.7
    if provinces_left and last_type and _PROVINCE_THEN_COUNT.search(text[provinces_left[-1].end : number.start]):
        # "..., còn TP.HCM là 200"
        return last_type, unit_noun or "máy", provinces_left[-1].province_code, 0.7
    if incident_type is None and unit_noun is not None and unit_noun not in _EVENT_NOUNS:
        # "hơn 560.000 máy tính tại VN bị BrowserSpy theo dõi": machines hit by the threat named before
        hit = _HIT.search(text, unit_match.end, min(next_start, unit_match.end + 60))
        earlier = incident_type_matcher().find_all(text, clause_start, number.start)
        if hit and not _OTHER_PREDICATE.search(text, unit_match.end, hit.start()):
            hit_type = (earlier[-1].value if earlier else None) or last_type
            if hit_type:
                return hit_type, unit_noun, None, 0.75
    counted_before = _COUNT_NAMED_BEFORE.search(text, previous_end, number.start)
    if (
        left_type
        and counted_before
        and counted_before.start() < left_type.start
        and _COUNT_VERB_BEFORE.search(text[left_type.end : number.start])
    ):
        # "số máy tính bị nhiễm mã độc là 320": the count is named before the figure
        return left_type.value, "máy", None, 0.8
    return None


_CLEANED_ON = re.compile(
    r"(?:\s+(?:botnet|tống tiền|gián điệp|hại))?\s+(?:cho|trên|khỏi|tại|ở)\s+(?:(?:hơn|khoảng|gần|trên|tổng số)\s+)?",
    re.IGNORECASE,
)
_CLEANING_VERB = re.compile(
    r"(?:bóc gỡ|gỡ bỏ|làm sạch|xử lý|diệt|loại bỏ|phát hiện|rà quét|quét)[\s,]*(?:\w+[\s,]+){0,3}$", re.IGNORECASE
)


def _type_of_the_sentence_before(paragraph_text_before: str, context: ArticleContext) -> str | None:
    """The one incident type the sentence before named (its paragraph, else the article's last sentence)."""
    previous = paragraph_text_before or (context.previous_sentences[-1] if context.previous_sentences else "")
    types = {m.value for m in incident_type_matcher().find_all(previous[-400:])}
    return types.pop() if len(types) == 1 else None


def _target(text_after_count: str) -> str | None:
    lowered = text_after_count.lower()
    for phrase, name in incident_definitions()["targets"].items():
        if phrase in lowered:
            return name
    return None


def _incident_province(
    text: str,
    segment_start: int,
    segment_end: int,
    clause_start: int,
    context: ArticleContext,
    own_province: str | None,
):
    """The incident's own province code, None for the article's, or False when it is not Vietnam's."""
    segment = text[segment_start:segment_end]
    # look a little past the next figure too: "45.000 máy tính bị lây nhiễm tại hơn 100 quốc gia"
    wider = text[segment_start : min(len(text), segment_end + _FOREIGN_LOOKAHEAD)]
    if cue_matcher("foreign_words").search(segment) or COUNTRIES_COUNTED.search(wider):
        return False
    if own_province:
        return None if own_province == context.province_code else own_province
    named = {m.province_code for m in find_provinces(text, segment_start, segment_end)}
    named.discard(context.province_code or "")
    if len(named) == 1:
        return named.pop()
    if context.province_code is None:
        # "... tại Việt Nam, trong đó có 560 cuộc tấn công lừa đảo, 312 cuộc ...": Vietnam named once for the list
        if cue_matcher("vietnam_words").search(text, clause_start, segment_end):
            return None
        if _vietnam_is_the_subject(text, context):
            return "vietnam-earlier"
        return False
    return None


# one named site hit: "Cổng thông tin điện tử Sóc Trăng bị hacker thay đổi nội dung", "website soctrang.gov.vn bị
# tấn công thay đổi giao diện" (a story about one portal states no count: it is one)
_ONE_SITE_HIT = re.compile(
    r"(?:(?:Cổng|cổng|Trang|trang)\s+(?:thông tin|TT)\s*(?:điện tử|ĐT)|[Ww]ebsite|[Tt]rang web)"
    r"\s+(?:của\s+)?(?:(?:tỉnh|thành phố|TP\.?|UBND|Sở)\s+)?(?:[A-ZĐ][\w-]*(?:\s+[A-ZĐ][\w-]*){0,3}|[\w.-]+\.gov\.vn)"
    r"\s+(?:đã\s+)?bị\s+(?:hacker\s+|tin tặc\s+|kẻ xấu\s+)?",
)
_ONE_SITE_TYPES = {"defacement", "intrusion", "ddos"}
_DATES = re.compile(r"\d{1,2}\s*[/-]\s*\d{1,2}(?:\s*[/-]\s*\d{4})?|(?:năm|tháng|ngày)\s+\d{1,4}|\b(?:19|20)\d\d\b")


def one_site_hit(sentence: Sentence, context: ArticleContext) -> dict | None:
    """The one incident a sentence without figures reports about one named site, with the report's date."""
    text = sentence.text
    if " bị " not in text:
        return None  # (cheap test first: most sentences are not about a site being hit)
    hit = _ONE_SITE_HIT.search(text)
    if not hit or _DIGIT_ANYWHERE.search(_DATES.sub("", text)) or hypothetical_matcher().search(text):
        return None  # a count written anywhere is read by extract_incidents; dates are no counts
    kind = incident_type_matcher().search(text, hit.end(), min(len(text), hit.end() + 50))
    if not kind or kind.value not in _ONE_SITE_TYPES or cue_matcher("foreign_words").search(text):
        return None
    named = {m.province_code for m in find_provinces(text, hit.start(), hit.end())}
    province_code = named.pop() if len(named) == 1 else None
    if province_code == context.province_code:
        province_code = None
    if province_code is None and context.province_code is None:
        return None  # one site of no known province: nothing to attribute
    period = context.latest_period() or _title_period(context)
    reasons = ["count of one: a single named site"]
    if not period and context.published:
        period = (context.published, context.published)
        reasons.append("period: the report's own date")
    elif not period and context.reference_year:
        year = context.reference_year
        period = (f"{year}-01-01", f"{year}-12-31")
        reasons.append("period: the year of the report")
    return {
        "incident_type": kind.value,
        "count": 1,
        "unit": "websites",
        "period_start": period[0] if period else None,
        "period_end": period[1] if period else None,
        "target": _target(text[hit.start() : hit.end()]),
        "qualifier": None,
        "province_code": province_code,
        "sentence": text,
        "char_start": sentence.start,
        "char_end": sentence.end,
        "confidence": 0.72,
        "uncertainty": reasons,
    }


def untyped_attack(text: str) -> bool:
    """A sentence that counts attacks without naming their type ("đã có 9 trang thông tin điện tử ... bị tấn
    công"): a later sentence may say what they mainly were."""
    return ("bị" in text or "Bị" in text) and bool(_HIT.search(text)) and not incident_type_matcher().search(text)


_MAINLY_THEN = re.compile(r"chủ yếu(?:\s+là)?(?:\s+bị)?\s+", re.IGNORECASE)


def main_type_said_later(text: str) -> str | None:
    """The main type a sentence without figures gives attacks counted before: "Các trang thông tin điện tử
    này ... chủ yếu bị tấn công thay đổi giao diện, nhiễm mã độc" (the first type named is the main one)."""
    if _DIGIT_ANYWHERE.search(text):
        return None
    mainly = _MAINLY_THEN.search(text)
    if not mainly:
        return None
    first = incident_type_matcher().search(text, mainly.end(), min(len(text), mainly.end() + 60))
    return first.value if first else None


_DIGIT_ANYWHERE = re.compile(r"\d")


def _type_named_right_after(text: str, start: int, end: int) -> str | None:
    match = incident_type_matcher().search(text, start, min(end, start + _MAX_TYPE_DISTANCE))
    return match.value if match else None


def _title_period(context: ArticleContext) -> tuple | None:
    """The period a title names for the whole story ("Hơn 1.451.997 địa chỉ IP bị nhiễm mã độc trong năm 2015"),
    for counts whose own text names none."""
    if not context.title:
        return None
    period = find_period(context.title, context.reference_year, context.published_year)
    return period if period and period[0] else None


def _vietnam_is_the_subject(text: str, context: ArticleContext) -> bool:
    """A national article about Vietnam: the title or the last few sentences name it, and nothing foreign is
    named in this sentence or just before ("Trong tháng 2 ... tại Việt Nam. ... có hơn 432.437 địa chỉ IP")."""
    if cue_matcher("foreign_words").search(text) or COUNTRIES_COUNTED.search(text):
        return False
    recent = context.previous_sentences[-_VIETNAM_CONTEXT_SENTENCES:]
    if any(cue_matcher("foreign_words").search(sentence) for sentence in recent[-2:]):
        return False
    if context.only_vietnam_named:
        return True  # "Trong đó, loại hình malware chiếm số lượng lớn nhất với 4.595 sự cố", ".gov.vn" named later
    # Vietnam's own security agencies and state bodies speak of Vietnam's networks: "Trung tâm VNCERT ... bóc gỡ
    # mã độc tại 1,2 triệu địa chỉ IP ... của các tổ chức, doanh nghiệp", the article naming no country at all
    return bool(
        cue_matcher("vietnam_words").search(context.title or "")
        or any(cue_matcher("vietnam_words").search(sentence) for sentence in recent)
        or cue_matcher("vietnam_words").search(text)
        or (
            not cue_matcher("foreign_words").search(context.title or "")
            and not any(cue_matcher("foreign_words").search(sentence) for sentence in recent)
            and (
                cue_matcher("vietnamese_state_bodies").search(text)
                or any(cue_matcher("vietnamese_state_bodies").search(sentence) for sentence in recent)
            )
        )
    )
