"""Read indicator facts (percentages, counts, budgets) out of one sentence.

A sentence is cut into clauses at ';' and each clause into segments at its numbers. A number's
indicator comes from the phrase that names it: after the number when the number leads its
statement ("100% các cơ quan có mạng LAN"), before it when a predicate introduces it
("tỷ lệ ... có máy tính ... đạt 97%"), from the number before it in a list ("cấp tỉnh đạt 60%,
cấp huyện 30%") or from the number after it in a coordinated subject ("95% ... cấp tỉnh và 100%
... cấp huyện đã được trang bị phần mềm quản lý văn bản"). A count takes its indicator from the
noun written right after it ("5.768 máy tính"). Baselines in parentheses ("60% (năm 2009: 30%)")
are actuals of their own year. A number whose meaning cannot be read is dropped.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from .context import COUNTRIES_COUNTED, ArticleContext, decide, qualifier_before
from .dictionaries import (
    PhraseMatch,
    count_noun_matcher,
    cue_matcher,
    cues,
    incident_type_matcher,
    indicator_definitions,
    indicator_phrase_matcher,
    indicator_unit,
    level_matcher,
)
from .numbers import NumberMention, clean_value, find_numbers
from .periods import YEAR
from .provinces import find_provinces
from .sentences import Sentence, split_clauses

_BASELINE = re.compile(rf"\s*\(\s*(?:năm\s+)?({YEAR})\s*(?::|là|đạt|-|–)\s*[^()]*?\)", re.IGNORECASE)
# "mục tiêu ... là có 60% thông tin điều hành được tích hợp lên cổng, năm 2009 là 30%": the baseline after a comma
_BASELINE_AFTER_A_COMMA = re.compile(
    rf"[^;()\d]{{0,120}}?,\s*(?:năm\s+)?({YEAR})\s*(?:là|đạt|:)\s*(?:khoảng\s+|hơn\s+|trên\s+|gần\s+)?\d+(?:,\d+)?\s*%",
    re.IGNORECASE,
)
_SERVICE_LEVEL = re.compile(
    r"(?:mức(?:\s+độ)?|cấp\s+độ)\s*([1-4])(?:\s*(?:,|và|-|–|/|hoặc)\s*(?:(?:mức(?:\s+độ)?|cấp\s+độ)\s*)?([1-4])(?![\d%]|[.,]\d))?(?![\d%]|[.,]\d)"
    r"(?:\s*trở\s+lên)?",
    re.IGNORECASE,
)
_LEVEL_RIGHT_AFTER = re.compile(r"^\s*(?:ở|tại|đối với|với|của)\s+", re.IGNORECASE)
_ENDS_WITH_CONJUNCTION = re.compile(r"(?:,|và|cùng|cũng như)\s*(?:các\s+|những\s+)?$", re.IGNORECASE)
_ADJACENT_JOIN = re.compile(r"^\s*(?:,\s*và|,|và)\s*(?:đã\s+|được\s+|có\s+|đều\s+)*$", re.IGNORECASE)
_FILLER_BEFORE_NOUN = re.compile(r"\s*(?:các|những|chiếc|cái)?\s*", re.IGNORECASE)
_CHANGE_BEFORE = re.compile(
    r"(?:tăng|giảm|tăng thêm|giảm đi|giảm thêm|nhiều hơn|ít hơn|cao hơn|thấp hơn)\s*(?:thêm\s*)?(?:được\s*)?(?:khoảng|gần|hơn|trên)?\s*$",
    re.IGNORECASE,
)
# a coordinated subject borrows the next figure's phrase only when no predicate stands between them
_PREDICATE_IN_GAP = re.compile(
    r"(?<!\w)(?:được|đã|có|đạt|là|sử dụng|triển khai|kết nối|xử lý|thực hiện)(?!\w)", re.IGNORECASE
)
_LEVEL_JUST_BEFORE = re.compile(r"(?:mức(?:\s+độ)?|cấp\s+độ)\s*\d[\d,\s và]*$", re.IGNORECASE)
_FIGURE = re.compile(r"\d|%")
_QUALIFIER_AT_END = re.compile(
    r"(?:trên|hơn|khoảng|gần|xấp xỉ|chừng|ước|trung bình|tối thiểu|ít nhất|bình quân)\s*$", re.IGNORECASE
)
_USAGE_RATE = re.compile(r"tỷ lệ (?:cán bộ[^,;]{0,30})?(?:thường xuyên )?sử dụng", re.IGNORECASE)
_YEAR_RIGHT_AFTER = re.compile(rf"\s*\(?\s*(?:vào |trong |của )?năm\s+({YEAR})(?!\s*[:\d])", re.IGNORECASE)
# a ministry or department as the subject ("Bộ Công Thương đã", "Cục Chăn nuôi đang"), not as a source ("Theo Bộ ...")
_CENTRAL_AGENCY_SUBJECT = re.compile(
    r"(?<!Theo )(?<!theo )(?<!của )(?<!với )(?:Bộ|Cục|Tổng cục)(?:\s+[\w&]+){0,4}?\s+(?:đã|đang|hiện|có|cũng|vừa|sẽ)(?!\w)"
)
_REFERS_BACK = re.compile(r"(?:tỷ lệ|chỉ tiêu|con số) (?:này|trên)(?!\w)", re.IGNORECASE)
_BREAKDOWN_OPENING = re.compile(r"\s*(?:trong đó|cụ thể)\s*[,:]", re.IGNORECASE)
_COUNT_SUBJECT_GAP = re.compile(
    r"[\s,:]*(?:(?:hiện|đã|có|khoảng|gần|hơn|trên|là|tổng cộng|được trang bị)[\s,:]*)*", re.IGNORECASE
)
_RESPECTIVELY_WORD = re.compile(r"lần lượt", re.IGNORECASE)
_NOUN_LEVEL_LINK = re.compile(r"\s*(?:(?:ở|tại|thuộc|của)\s+)?(?:các\s+)?", re.IGNORECASE)
_PER_INHABITANTS = re.compile(
    r"\s*[\w\s]{0,20}?(?:/|trên|cho mỗi)\s*(?:100|1\.000|một trăm)\s*(?:dân|người)", re.IGNORECASE
)
_WITHDRAWN_BEFORE = re.compile(
    r"(?:thu hồi|hủy bỏ|huỷ bỏ|hết hạn|tạm dừng|bị khóa|bị khoá|ngừng sử dụng)\s+(?:(?:khoảng|hơn|gần|trên)\s+)?$",
    re.IGNORECASE,
)
_SUBJECT_START = re.compile(r"\s*(?:các\s+|những\s+)?")
_STAFF_THEN_LEVEL = re.compile(
    r"\s*(?:số\s+)?(?:cán bộ|công chức|viên chức|CBCCVC|CBCC)(?:\s*,\s*(?:công chức|viên chức|người lao động))*"
    r"\s*,?\s*(?:(?:tại|ở|của|thuộc|trong)\s+)?(?:các\s+|những\s+)?",
    re.IGNORECASE,
)
_ONLINE_WITHOUT_LEVEL = re.compile(r"trực tuyến|qua mạng|mức", re.IGNORECASE)
_SERVICE_COUNT_NOUNS = {
    "dịch vụ công trực tuyến",
    "dịch vụ hành chính công trực tuyến",
    "dịch vụ hành chính công",
    "dịch vụ công",
    "dịch vụ",
    "dvctt",
    "thủ tục hành chính",
    "thủ tục",
    "tthc",
}
_PROCEDURE_NOUNS = {"thủ tục hành chính", "tthc"}
# A ratio needs a counted unit after it ("21/21 sở, ngành"): dates and scores have none.
_RATIO_UNIT = re.compile(
    r"\s*(?:các\s+)?(?:cơ quan|đơn vị|sở|ban|ngành|huyện|quận|thị xã|thành phố|xã|phường|thị trấn|trường|bệnh viện|"
    r"cán bộ|CBCC|công chức|hồ sơ|thủ tục|TTHC|dịch vụ|địa phương|doanh nghiệp|điểm|UBND)",
    re.IGNORECASE,
)
_MAX_LEFT_PHRASE_DISTANCE = 220
_MAX_RIGHT_PHRASE_DISTANCE = 160
_LEVEL_SEARCH_AFTER_PHRASE = 70
_PROGRESS_WORD_DISTANCE = 16
_LOOKBACK = 300  # how far before a figure its place or its agency is looked for
_PUNCTUATION = re.compile(r"[,;.:()]")


@dataclass
class Resolved:
    """One figure of a clause and what it was read to mean."""

    number: NumberMention
    indicator: str | None = None
    side: str | None = (
        None  # where the meaning came from: "right", "left", "carried", "borrowed", "noun", "noun_before"
    )
    extra_indicators: tuple = ()
    baseline_year: int | None = None
    head: Resolved | None = None  # for a baseline: the figure it is the baseline of
    right_end: int = 0
    left_start: int = 0
    search_text: str = ""  # the sentence with parentheses blanked when the figure stands outside them
    forced_level: str | None = None  # set by "lần lượt" (respectively)
    phrase_gap: int = 0  # characters between the figure and the phrase that named it


def _service_level_code(text: str) -> str | None:
    match = _SERVICE_LEVEL.search(text)
    if not match:
        return None
    levels = {int(match.group(1))} | ({int(match.group(2))} if match.group(2) else set())
    if "trở" in match.group(0).lower():
        if levels != {3}:
            return None  # "mức độ 2 trở lên" spans every level: no single code
        levels = {3, 4}  # "mức độ 3 trở lên": level 3 or above
    if levels == {3, 4}:
        return "online_services_l34"
    if levels <= {1, 2}:
        return "online_services_l2"
    if levels == {3}:
        return "online_services_l3"
    if levels == {4}:
        return "online_services_l4"
    return None


def _resolve_phrase(sentence: str, match: PhraseMatch, segment_end: int) -> str | None:
    """An indicator code for a phrase match; online services need the level written near them."""
    if match.value != "online_services":
        return match.value
    after = sentence[match.end : min(segment_end, match.end + _LEVEL_SEARCH_AFTER_PHRASE)]
    before = sentence[max(0, match.start - 25) : match.start]
    code = _service_level_code(after)
    if code is None and _LEVEL_JUST_BEFORE.search(before):
        code = _service_level_code(before)
    if code is None and match.phrase == "giải quyết qua mạng":
        return "online_services_l34"
    return code


def _phrases_in(sentence: str, start: int, end: int) -> list[tuple[PhraseMatch, str]]:
    found = []
    for match in indicator_phrase_matcher().find_all(sentence, start, end):
        code = _resolve_phrase(sentence, match, end)
        if code:
            found.append((match, code))
    return found


def _levels(sentence: str, start: int, end: int, nearest_last: bool) -> tuple[str | None, str | None, bool]:
    """(admin_level, also_level, found_any) from level words in a span: 'all' words give (None, None)."""
    matches = [m for m in level_matcher().find_all(sentence, start, end) if m.value != "none"]
    if not matches:
        return None, None, False
    if any(m.value == "all" for m in matches):
        return None, None, True
    if nearest_last:
        # the contiguous group closest to the number: "cấp tỉnh, cấp huyện đạt 95%"
        group = [matches[-1]]
        for previous in reversed(matches[:-1]):
            gap = sentence[previous.end : group[0].start]
            if len(gap) <= 25 and not _FIGURE.search(gap):
                group.insert(0, previous)
            else:
                break
        matches = group
    ordered = []
    for match in matches:
        if match.value not in ordered:
            ordered.append(match.value)
    if len(ordered) >= 3:
        return None, None, True  # province, district and commune named together: every level
    return ordered[0], (ordered[1] if len(ordered) > 1 else None), True


_PART_OF_A_TOTAL = re.compile(
    r"\s*(?:trong|trên)\s+(?:tổng\s+số\s+|số\s+)(?:hơn\s+|khoảng\s+|gần\s+|trên\s+)?[\d.,]+", re.IGNORECASE
)


def _count_indicator(sentence: str, number: NumberMention, segment_end: int) -> tuple[str | None, int]:
    """The indicator a count noun right after the number names, and where the noun ends.

    "khoảng 700 trong tổng số hơn 1.200 dịch vụ công ... mức độ 3, 4": the part takes the total's noun."""
    part_of = _PART_OF_A_TOTAL.match(sentence, number.end)
    if part_of:
        segment_end = max(segment_end, min(len(sentence), part_of.end() + 2 * _LEVEL_SEARCH_AFTER_PHRASE))
    filler = _FILLER_BEFORE_NOUN.match(sentence, part_of.end() if part_of else number.end)
    noun_start = filler.end() if filler else number.end
    matches = count_noun_matcher().find_all(sentence, noun_start, min(len(sentence), noun_start + 60))
    if not matches or matches[0].start != noun_start:
        return None, number.end
    noun = matches[0]
    if noun.value == "computers" and _NOT_A_COMPUTER_AFTER.match(sentence, noun.end):
        return None, noun.end  # "2 máy tính bảng": tablets (or calculators), not the agencies' computers
    if noun.phrase in _SERVICE_COUNT_NOUNS:
        after = sentence[noun.end : min(segment_end, noun.end + _LEVEL_SEARCH_AFTER_PHRASE)]
        breakdown = _BREAKDOWN_AFTER.search(after)
        if breakdown:
            after = after[: breakdown.start()]  # "54.000 dịch vụ, trong đó số dịch vụ mức 4 là ...": the part's level
        code = _service_level_code(after)
        if code is None:
            # "tổng số dịch vụ công trực tuyến mức độ 3, 4 ... là hơn 54.000 dịch vụ": the level named in the subject
            subject = _SERVICE_SUBJECT_BEFORE.search(sentence, max(0, number.start - 200), number.start)
            code = _service_level_code(subject.group(0)) if subject else None
        if code:
            return code, noun.end
        if noun.phrase in _PROCEDURE_NOUNS and not _ONLINE_WITHOUT_LEVEL.search(sentence[noun.end : segment_end]):
            return "admin_procedures", noun.end
        if "giải quyết qua mạng" in sentence[noun.end : segment_end].lower():
            return "online_services_l34", noun.end
        return None, noun.end
    return noun.value, noun.end


_BREAKDOWN_AFTER = re.compile(r"[,;(]?\s*(?:trong đó|bao gồm|gồm)(?!\w)", re.IGNORECASE)
_SERVICE_SUBJECT_BEFORE = re.compile(
    r"(?:tổng\s+)?số(?:\s+lượng)?\s+dịch vụ công[^.;]{0,160}?(?:là|đạt|lên tới|lên đến)\s*(?:hơn|trên|khoảng|gần)?\s*$",
    re.IGNORECASE,
)
_NOT_A_COMPUTER_AFTER = re.compile(r"\s*(?:bảng|tiền|cầm tay|bỏ túi)(?!\w)", re.IGNORECASE)
_TOTAL_BEFORE_NOUN = re.compile(r"(?:tổng\s+số|số\s+lượng|tổng\s+cộng)\s+(?:các\s+)?$", re.IGNORECASE)
_NUMBER_OF_AT_START = re.compile(
    r"(?:^\s*|[,;:(]\s*|[Tt]rong\s+đó\s*,?\s*)(?:tổng\s+)?[Ss]ố(?:\s+lượng)?\s+(?:các\s+)?$"
)
_CLASSIFIER_AFTER = re.compile(r"\s*(?:chiếc|cái|bộ|máy)?\s*(?:[,.;)]|$)", re.IGNORECASE)


def _count_indicator_before(sentence: str, number: NumberMention, left_start: int) -> str | None:
    """'tổng số máy tính ... là 4.215 chiếc': a count whose noun stands before it."""
    if not _CLASSIFIER_AFTER.match(sentence, number.end) or not _predicate_before(sentence, number.start):
        return None
    for noun in reversed(count_noun_matcher().find_all(sentence, left_start, number.start)):
        if not (
            _TOTAL_BEFORE_NOUN.search(sentence[max(left_start, noun.start - 20) : noun.start])
            or _NUMBER_OF_AT_START.search(sentence[left_start : noun.start])
        ):
            continue
        if noun.phrase in _SERVICE_COUNT_NOUNS:
            # "Số dịch vụ công trực tuyến mức độ 3 là 150"
            return _service_level_code(sentence[noun.end : number.start])
        return noun.value
    return None


@functools.cache
def _predicate_at_end() -> re.Pattern:
    words = sorted(cues()["left_predicates"], key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")\s*:?\s*$|:\s*$", re.IGNORECASE)


def _predicate_before(sentence: str, number_start: int) -> bool:
    """True when a predicate ('đạt', 'là', ...) introduces the number: its subject is before it."""
    before = sentence[max(0, number_start - 40) : number_start].rstrip()
    for _ in range(2):  # "đạt trung bình khoảng 97%": strip up to two qualifier words
        before = _QUALIFIER_AT_END.sub("", before).rstrip()
    return bool(_predicate_at_end().search(before))


def _find_baselines(sentence: str, numbers: list[NumberMention]) -> dict[int, tuple[int, int]]:
    """{index of a baseline number: (year, end of its parenthesis)} for '60% (năm 2009: 30%)'."""
    baselines = {}
    for index, number in enumerate(numbers[:-1]):
        match = _BASELINE.match(sentence, number.end) or _BASELINE_AFTER_A_COMMA.match(sentence, number.end)
        if not match:
            continue
        following = numbers[index + 1]
        if match.start() <= following.start < match.end():
            baselines[index + 1] = (int(match.group(1)), match.end())
    return baselines


def _parenthesis_groups(text: str) -> tuple[str, list[int]]:
    """(text with parenthesised content blanked, for each character the start of its top-level parenthesis or -1)."""
    if "(" not in text:
        return text, [-1] * len(text)
    owner, masked, depth, opened = [], [], 0, -1
    for index, char in enumerate(text):
        if char == "(":
            if depth == 0:
                opened = index
            depth += 1
            owner.append(opened)
            masked.append(char)
        elif char == ")" and depth > 0:
            owner.append(opened)
            masked.append(char)
            depth -= 1
        else:
            owner.append(opened if depth > 0 else -1)
            masked.append(" " if depth > 0 else char)
    return "".join(masked), owner


def extract_indicators(sentence: Sentence, context: ArticleContext, claimed: set[int]) -> list[dict]:
    """Indicator facts of one sentence; numbers whose start is in ``claimed`` belong to incidents."""
    text = sentence.text
    # the same call as the budget and incident readers' by default: one cached reading of the sentence
    mentions = find_numbers(text, include_implausible=True) if context.include_implausible else find_numbers(text)
    numbers = [n for n in mentions if n.start not in claimed]
    if not numbers:
        return []
    # "Tỷ lệ ... đạt 88%. Trong đó, cấp tỉnh đạt 100%, ...": a breakdown continues the sentence before it
    # and "Năm 2021, tỉnh phấn đấu nâng tỷ lệ này lên 95%" refers back to it
    carried_in = (
        context.last_indicator
        if (_BREAKDOWN_OPENING.match(text) or _REFERS_BACK.search(text))
        and context.last_indicator_paragraph == sentence.paragraph
        else None
    )
    baselines = _find_baselines(text, numbers)
    # Figures inside parentheses ("391 dịch vụ ... (trong đó 281 ... mức độ 3) đạt gần 20,4%") are read
    # among themselves; figures outside read their phrases with the parentheses blanked out.
    masked, owner = _parenthesis_groups(text)
    facts: list[dict] = []
    previous_clause_indicator: str | None = None
    for clause_start, clause_end in split_clauses(text):
        in_clause = [(i, n) for i, n in enumerate(numbers) if clause_start <= n.start < clause_end]
        groups: dict[int, list[tuple[int, NumberMention]]] = {}
        for index, number in in_clause:
            next_figure = numbers[index + 1].start if index + 1 < len(numbers) else clause_end
            if index not in baselines and _can_be_a_fact(text, number, min(clause_end, next_figure)):
                groups.setdefault(owner[number.start], []).append((index, number))
        clause_facts: list[Resolved] = []
        for group, heads in groups.items():
            search_text = masked if group == -1 else text
            low = clause_start if group == -1 else max(clause_start, group + 1)
            high = clause_end if group == -1 else min(clause_end, _closing(text, group))
            resolved = _resolve_group(
                search_text,
                heads,
                baselines,
                numbers,
                low,
                high,
                (previous_clause_indicator or carried_in) if group == -1 else None,
            )
            clause_facts.extend(resolved)
            if group == -1:
                named = [r.indicator for r in resolved if r.indicator and r.head is None]
                if named:
                    previous_clause_indicator = named[-1]
        for item in sorted(clause_facts, key=lambda r: r.number.start):
            if item.indicator:
                facts.extend(_facts_for(item.search_text, text, sentence, item, context, clause_start, clause_end))
    # an implausible figure is evidence only: it never governs the reading of the sentences after it
    pct_facts = [f["indicator"] for f in facts if f["unit"] == "pct" and f.get("plausibility") != "implausible"]
    context.last_indicator = pct_facts[-1] if pct_facts else None
    context.last_indicator_paragraph = sentence.paragraph
    return facts


def _can_be_a_fact(text: str, number: NumberMention, clause_end: int) -> bool:
    """Numbers that cannot be a value do not cut the clause into segments ("liên thông 4 cấp tới 100%")."""
    if _CHANGE_BEFORE.search(text[max(0, number.start - 25) : number.start]):
        return False  # "tăng 300 chứng thư số so với năm trước" is a change, not a level
    if number.unit == "plain":
        return (
            _count_indicator(text, number, clause_end)[0] is not None
            or _count_indicator_before(text, number, max(0, number.start - 150)) is not None
        )
    if number.unit == "ratio":
        return bool(_RATIO_UNIT.match(text, number.end)) or (
            number.numerator is not None
            and number.numerator == number.denominator
            and _count_indicator(text, number, clause_end)[0] is not None
        )
    return True


def _closing(text: str, opening: int) -> int:
    depth = 0
    for index in range(opening, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    return len(text)


def _resolve_group(
    text: str, heads, baselines, numbers, low: int, high: int, previous_clause_indicator: str | None
) -> list[Resolved]:
    resolved: list[Resolved] = []
    for position, (_index, number) in enumerate(heads):
        item = Resolved(number, search_text=text)
        previous_end = heads[position - 1][1].end if position > 0 else low
        next_start = heads[position + 1][1].start if position + 1 < len(heads) else high
        item.left_start, item.right_end = previous_end, next_start
        _resolve_number(text, item, previous_end, number.end, next_start)
        resolved.append(item)
    # coordinated subjects borrow forward, lists carry backward
    for position, item in enumerate(resolved):
        if item.indicator or item.number.unit not in ("pct", "ratio"):
            continue
        previous = resolved[position - 1] if position > 0 else None
        usage_share = indicator_definitions().get(previous.indicator or "", {}).get("usage_share") if previous else None
        if (
            usage_share
            and previous.number.unit == "plain"
            and _USAGE_RATE.search(text, previous.number.end, item.number.start)
        ):
            item.indicator, item.side = usage_share, "carried"
            continue
        following = resolved[position + 1] if position + 1 < len(resolved) else None
        gap = text[item.number.end : following.number.start] if following else ""
        if (
            following
            and following.indicator
            and following.side == "right"
            and _ENDS_WITH_CONJUNCTION.search(gap)
            and not _PREDICATE_IN_GAP.search(gap)
            and following.number.unit in ("pct", "ratio")
        ):
            item.indicator, item.side = following.indicator, "borrowed"
            item.extra_indicators = following.extra_indicators
            continue
        previous = resolved[position - 1] if position > 0 else None
        if previous and previous.indicator and previous.number.unit in ("pct", "ratio"):
            item.indicator, item.side = previous.indicator, "carried"
        elif (
            previous is None
            and previous_clause_indicator
            and (_levels(text, low, item.number.start, True)[2] or _REFERS_BACK.search(text, low, item.number.start))
        ):
            item.indicator, item.side = previous_clause_indicator, "carried"
    _assign_levels_respectively(text, resolved, low)
    with_baselines = []
    for (index, _), item in zip(heads, resolved):
        with_baselines.append(item)
        if index + 1 in baselines:
            baseline_year, _ = baselines[index + 1]
            with_baselines.append(
                Resolved(
                    numbers[index + 1],
                    indicator=item.indicator,
                    baseline_year=baseline_year,
                    head=item,
                    search_text=text,
                )
            )
    return with_baselines


_SHARE_WORD = re.compile(r"(?<!\w)(?:tỷ lệ|tỉ lệ)(?!\w)", re.IGNORECASE)


def _resolve_number(text: str, item: Resolved, left_start: int, right_start: int, right_end: int) -> None:
    number = item.number
    if number.unit == "vnd":
        return  # budgets are read in _budget_facts
    if number.unit == "plain":
        code, _ = _count_indicator(text, number, right_end)
        if code:
            item.indicator, item.side = code, "noun"
        else:
            code = _count_indicator_before(text, number, left_start)
            if code:
                item.indicator, item.side = code, "noun_before"
        return
    if number.unit == "ratio" and number.numerator is not None and number.numerator == number.denominator:
        code, _ = _count_indicator(text, number, right_end)
        if code and indicator_unit(code) == "count":
            # "10/10 điểm cầu tại UBND cấp huyện": all ten of them, a count
            item.number = replace(number, value=float(number.numerator), unit="plain", numerator=None, denominator=None)
            item.indicator, item.side = code, "noun"
            return
    if number.unit == "ratio" and not _RATIO_UNIT.match(text, number.end):
        return
    right_limit = min(right_end, right_start + _MAX_RIGHT_PHRASE_DISTANCE)
    left_limit = max(left_start, number.start - _MAX_LEFT_PHRASE_DISTANCE)
    right = _phrases_in(text, right_start, right_limit)
    left = _phrases_in(text, left_limit, number.start)
    share_words = list(_SHARE_WORD.finditer(text, left_limit, number.start))
    if share_words and len(left) > 1:
        # "100% đơn vị có mạng nội bộ LAN, tỷ lệ máy tính/cán bộ đạt 95%": the share named last is the figure's
        own = [pair for pair in left if pair[0].start >= share_words[-1].start()]
        left = own or left
    prefer_left = bool(left) and _predicate_before(text, number.start)
    if right and not prefer_left:
        first, code = right[0]
        extras, last_end = [], first.end
        for match, other in right[1:]:
            if other != code and other not in extras and _ADJACENT_JOIN.match(text[last_end : match.start]):
                extras.append(other)
                last_end = match.end
        item.indicator, item.side, item.extra_indicators = code, "right", tuple(extras)
        item.phrase_gap = first.start - number.end
    elif left:
        item.indicator, item.side = left[0][1], "left"
        item.phrase_gap = number.start - left[0][0].end


def _assign_levels_respectively(text: str, resolved: list[Resolved], low: int) -> None:
    """ "Tỷ lệ ... cấp tỉnh, cấp huyện, cấp xã lần lượt đạt 100%, 95% và 80%": one level per figure, in order;
    "tỷ lệ văn bản điện tử và tỷ lệ sử dụng thư điện tử lần lượt đạt 80% và 95%": one indicator per figure."""
    if len(resolved) < 2 or not resolved[0].indicator:
        return
    first = resolved[0].number
    respectively = _RESPECTIVELY_WORD.search(text, low, first.start)
    if not respectively:
        return
    figures = [item for item in resolved if item.number.unit in ("pct", "ratio")]
    named = []
    for _, code in _phrases_in(text, low, respectively.start()):
        if code not in named:
            named.append(code)
    if len(named) > 1 and len(named) == len(figures):
        for item, code in zip(figures, named):
            item.indicator, item.extra_indicators = code, ()
        return
    levels = []
    for match in level_matcher().find_all(text, low, respectively.start()):
        if match.value in ("province", "district", "commune") and match.value not in levels:
            levels.append(match.value)
    if len(levels) != len(figures) or any(item.indicator != resolved[0].indicator for item in figures):
        return
    for item, level in zip(figures, levels):
        item.forced_level = level


def _facts_for(
    text: str,
    original: str,
    sentence: Sentence,
    item: Resolved,
    context: ArticleContext,
    clause_start: int,
    clause_end: int,
) -> list[dict]:
    number = item.number
    clause = text[clause_start:clause_end]
    reasons: list[str] = []
    if item.head is not None:
        kind, year, confidence = "actual", item.baseline_year, 0.9
        level_source = item.head
        reasons.append("baseline in parentheses")
    else:
        # a figure its predicate introduces ("mới đạt khoảng 7%") ends its statement; the words after belong to the next
        statement_end = number.end if _predicate_before(original, number.start) else item.right_end
        kind, year, confidence, reasons = decide(
            context, clause, number.start - clause_start, original, text[:clause_start], statement_end - clause_start
        )
        reasons = list(reasons)
        confidence = _BASE_CONFIDENCE if confidence >= 0.9 else confidence + 0.05
        level_source = item
        year_after = _YEAR_RIGHT_AFTER.match(original, number.end)
        if year_after and kind == "actual":
            year = int(year_after.group(1))  # "tăng từ 45% năm 2015 lên 80% năm 2017"
            reasons = [r for r in reasons if not r.startswith("year not stated")]
    if item.head is None and number.unit == "pct" and _progress_not_share(original, number.end):
        return []  # "hoàn thành 100% khối lượng", "tiết kiệm 40% chi phí": progress, not coverage
    if number.unit == "plain" and _WITHDRAWN_BEFORE.search(original, max(0, number.start - 30), number.start):
        return []  # "đã thu hồi 743 chữ ký số": certificates revoked, not in use
    if number.unit == "plain" and _PER_INHABITANTS.match(original, number.end):
        return []  # "6,88 máy tính/100 dân": a density, not a count
    if number.unit == "plain" and _EACH_BEFORE.search(original, max(0, number.start - 30), number.start):
        return []  # "trang bị cho 82 xã, mỗi đơn vị 01 bộ máy tính": per unit, not a total
    if item.head is None and number.unit in ("pct", "ratio") and _subject_is_not_an_agency(text, item):
        return []  # "70% hộ gia đình có kết nối Internet" is about households, not agencies
    if item.indicator in _AGENCY_COVERAGE and _COMPUTERS_COUNTED.match(original, number.end):
        return []  # "100% số máy tính được kết nối mạng internet": a share of machines, not of agencies
    if (
        item.head is None
        and item.indicator == "admin_procedures"
        and _NOT_OFFERED_BEFORE.search(original, max(0, number.start - 30), number.start)
        or (
            item.indicator == "admin_procedures"
            and _REFORM_OF.search(original, max(clause_start, number.start - 90), number.start)
        )
    ):
        return []  # "đơn giản hoá 61 thủ tục hành chính": procedures reformed, not procedures offered
    if item.indicator == "edoc_exchange" and _PAPER.search(
        text, max(item.left_start, number.start - 120), number.start
    ):
        return []  # "nhận văn bản giấy ... chiếm tỉ lệ 64%": the paper share, not the electronic one
    admin_level, also_level = _admin_levels(text, level_source)
    if admin_level is None and context.paragraph_level_paragraph == sentence.paragraph:
        if not any(m.value != "none" for m in level_matcher().find_all(text, 0, len(text))):
            # a sentence naming no level goes on about the level its paragraph was giving figures for
            admin_level = context.paragraph_level
            confidence *= 0.95
            reasons.append("level carried from the sentence before")
    side_factor, side_reason = _SIDE_DOUBT.get(level_source.side or "", (0.8, "indicator read from a loose phrase"))
    confidence *= side_factor
    if side_reason:
        reasons.append(side_reason)
    if level_source.side in ("right", "left") and _phrase_far(text, level_source):
        confidence *= 0.9
        reasons.append("indicator phrase far from the figure")
    province_code = fact_province(original, clause_start, number.start, context)
    if cue_matcher("foreign_words").search(original, clause_start, clause_end) or COUNTRIES_COUNTED.search(
        original, clause_start, clause_end
    ):
        return []  # a figure about another country, or the world ("tại 150 quốc gia"), is not Vietnam's
    if province_code is False:
        if not national_without_place(original, clause_start, number.start, context):
            return []
        # a national article's figure with no place at all: perhaps the country's, perhaps an agency's own
        province_code = None
        by_level = _national_level_of(original, number.start)
        if by_level == "central":
            return []  # "ở Trung ương là gần 88%": the ministries' own share (out of scope)
        if by_level:
            # "..., cấp tỉnh là hơn 95,2%" beside the central level: the country's aggregate for that level
            reasons.append("national aggregate by administrative level")
        else:
            confidence *= _NO_PLACE_FACTOR
            reasons.append("national article: no place named for the figure")
    if _CENTRAL_AGENCY_SUBJECT.search(original, max(clause_start, number.start - _LOOKBACK), number.start):
        return []  # "Bộ Công Thương đã đưa vào sử dụng 44 dịch vụ": a ministry's own figure (out of scope)
    confidence, reasons = attribution_doubt(
        original, clause_start, number.start, context, province_code, confidence, reasons
    )
    unit = {"pct": "pct", "ratio": "pct", "plain": "count"}[number.unit]
    if (
        unit == "count"
        and item.indicator in ("computers", "email_accounts")
        and (
            incident_type_matcher().search(original)
            or _ATTACK_WORDS.search(original)
            or (context.previous_sentences and incident_type_matcher().search(context.previous_sentences[-1]))
        )
    ):
        return []  # computers or mailboxes counted in a security story are victims, not equipment
    if (
        unit == "count"
        and item.indicator
        and item.indicator.startswith("online_services")
        and _TOTAL_OF_ALL_BEFORE.search(original, max(0, number.start - 20), number.start)
    ):
        if _PART_BEFORE_TOTAL.search(original, max(0, number.start - 40), number.start):
            return []  # "700 trong tổng số hơn 1.200 dịch vụ": the total of every level, of which the part is online
        confidence *= 0.8
        reasons.append("a total that may span every service level")
    if admin_level is not None and also_level is None:
        context.paragraph_level, context.paragraph_level_paragraph = admin_level, sentence.paragraph
    elif (
        context.paragraph_level_paragraph == sentence.paragraph
        and (admin_level is None or also_level is not None)
        and any(m.value != "none" for m in level_matcher().find_all(text, 0, len(text)))
    ):
        context.paragraph_level_paragraph = -1  # a figure for every level (or several) ends the carry-over
    facts = []
    for indicator in (item.indicator, *item.extra_indicators):
        facts.append(
            {
                "indicator": indicator,
                "value": clean_value(number.value),
                "value_high": clean_value(number.value_high) if number.value_high is not None else None,
                "unit": unit,
                "kind": kind,
                "year": year,
                "admin_level": admin_level,
                "also_level": also_level,
                "numerator": number.numerator,
                "denominator": number.denominator,
                "qualifier": qualifier_before(original, number.start),
                "province_code": province_code,
                "sentence": original,
                "char_start": sentence.start,
                "char_end": sentence.end,
                "confidence": round(min(confidence, 0.99), 2),
                "uncertainty": list(reasons),
            }
        )
        if context.include_implausible:
            # read like any other figure; article.py lowers the confidence once the usual threshold is passed
            facts[-1]["plausibility"] = "implausible" if number.implausible else "ok"
            facts[-1]["plausibility_reason"] = number.implausible
    return facts


_BASE_CONFIDENCE = 0.95
_EACH_BEFORE = re.compile(
    r"(?<!\w)mỗi\s+(?:đơn vị|xã|cơ quan|huyện|sở|người|cán bộ|phòng)?[\s,]*(?:có\s+|được\s+)?$", re.IGNORECASE
)
_ATTACK_WORDS = re.compile(r"(?<!\w)(?:tấn công|tin tặc|hacker|bị ảnh hưởng|bị hack|bị đánh cắp)(?!\w)", re.IGNORECASE)
_AGENCY_COVERAGE = {"internet_coverage", "lan_coverage", "specialized_network_coverage"}
_COMPUTERS_COUNTED = re.compile(r"\s*(?:số\s+)?(?:các\s+)?máy(?:\s+vi)?\s+tính", re.IGNORECASE)
_NO_PLACE_FACTOR = 0.7
# how the indicator was read -> (factor, reason for doubt)
_SIDE_DOUBT = {
    "right": (1.0, None),
    "left": (1.0, None),
    "noun": (1.0, None),
    "noun_before": (0.92, "count noun written before the figure"),
    "carried": (0.85, "indicator carried over from the figure before"),
    "borrowed": (0.85, "indicator borrowed from the figure after"),
}
_NOT_OFFERED_BEFORE = re.compile(
    r"(?:đơn giản hoá|đơn giản hóa|cắt giảm|bãi bỏ|sửa đổi|thay thế|rà soát|chuẩn hoá|chuẩn hóa|công khai)\s*(?:được\s+)?$",
    re.IGNORECASE,
)
_PART_BEFORE_TOTAL = re.compile(r"\d\s+(?:trong|trên)\s+tổng\s+số\s+(?:hơn|trên|khoảng|gần)?\s*$", re.IGNORECASE)
_REFORM_OF = re.compile(r"(?:đơn giản hoá|đơn giản hóa|cắt giảm|bãi bỏ|sửa đổi)[^.;,]{0,70}đối với\s*$", re.IGNORECASE)
_PAPER = re.compile(r"(?<!\w)(?:văn bản giấy|bản giấy|bằng giấy)(?!\w)", re.IGNORECASE)
_TOTAL_OF_ALL_BEFORE = re.compile(r"tổng\s+số\s+(?:hơn|trên|khoảng|gần)?\s*$", re.IGNORECASE)
# one district's, one commune's or one department's own figure: not the province's (optional at most)
_ONE_UNIT_SUBJECT = re.compile(
    r"(?<!\w)(?<!cấp )(?:(?:quận|Quận|phường|Phường)\s+\d{1,2}(?![\d%,.])"
    r"|(?:UBND\s+)?(?:quận|huyện|thị xã|phường|xã|Quận|Huyện|Thị xã|Phường|Xã)\s+[A-ZĐ][\w]*(?:\s+[A-ZĐ][\w]*){0,2}"
    r"|Sở\s+(?!TT&TT|TTTT|Thông tin)[A-ZĐ][\w]*(?:\s+[\w&]+){0,3}?\s+(?:TP|thành phố|tỉnh)"
    r"|Sở\s+(?:Công thương|Tư pháp|Y tế|Giáo dục|Tài chính|Nội vụ|Xây dựng|Giao thông|Tài nguyên|Kế hoạch|Lao động|Nông nghiệp|Văn hoá|Văn hóa|Khoa học|Ngoại vụ))"
)
_DISTANCE_OF_A_LOOSE_PHRASE = 90


def _phrase_far(text: str, item: Resolved) -> bool:
    return item.phrase_gap > _DISTANCE_OF_A_LOOSE_PHRASE


@functools.lru_cache(maxsize=256)
def _provinces_of(text: str) -> tuple:
    """Provinces named in a sentence, found once for all its figures."""
    return tuple(find_provinces(text))


_ONE_UNIT_WORDS = ("quận", "Quận", "huyện", "Huyện", "thị xã", "Thị xã", "phường", "Phường", "xã", "Xã", "Sở")


def attribution_doubt(
    text: str,
    clause_start: int,
    number_start: int,
    context: ArticleContext,
    province_code,
    confidence: float,
    reasons: list[str],
) -> tuple[float, list[str]]:
    """Lower the confidence when the figure may not be the province's (or the country's) own."""
    window_start = max(clause_start, number_start - _LOOKBACK)
    window = text[window_start:number_start]
    if any(word in window for word in _ONE_UNIT_WORDS) and _ONE_UNIT_SUBJECT.search(text, window_start, number_start):
        confidence *= 0.7
        reasons.append("figure of one district or one department")
    named = {m.province_code for m in _provinces_of(text) if window_start <= m.start and m.end <= number_start}
    if len(named) > 1:
        confidence *= 0.75
        reasons.append("several provinces in the sentence")
    if province_code:
        reasons.append("province named in the sentence")
    elif context.province_code is None:
        confidence *= 0.95
        reasons.append("national figure")
    return confidence, reasons


def _progress_not_share(text: str, number_end: int) -> bool:
    window_end = min(len(text), number_end + _PROGRESS_WORD_DISTANCE)
    punctuation = _PUNCTUATION.search(text, number_end, window_end)
    return bool(
        cue_matcher("not_a_share_after").search(text, number_end, punctuation.start() if punctuation else window_end)
    )


def _subject_is_not_an_agency(text: str, item: Resolved) -> bool:
    number = item.number
    if item.side == "left":
        subject = text[item.left_start : number.start]
    elif item.side == "right":
        phrases = _phrases_in(text, number.end, item.right_end)
        subject = text[number.end : phrases[0][0].start if phrases else item.right_end]
    else:
        subject = text[number.end : min(item.right_end, number.end + 40)]
        if item.side in ("borrowed", "carried"):  # "..., tỷ lệ người dân sử dụng internet đạt 57%": its own subject
            subject = text[item.left_start : number.start] + " " + subject
    return bool(cue_matcher("non_agency_subjects").search(subject))


def _admin_levels(text: str, item: Resolved) -> tuple[str | None, str | None]:
    if item.forced_level:
        return item.forced_level, None
    number = item.number
    after = text[number.end : item.right_end]
    subject = _SUBJECT_START.match(after)
    if subject:
        # the subject counted starts with a level: "100% sở, ban, ngành", "100% UBND cấp xã"
        subject_start = number.end + len(after) - len(after.lstrip())
        first_level = level_matcher().search(text, subject_start, item.right_end)
        if (
            first_level
            and first_level.start in (subject_start, number.end + subject.end())
            and first_level.value != "none"
        ):
            predicate = _PREDICATE_IN_GAP.search(text, first_level.start, item.right_end)
            # the levels the subject lists, not "trên toàn tỉnh" after them
            subject_end = _end_of_leading_levels(
                text, first_level.start, predicate.start() if predicate else item.right_end
            )
            level, also, found = _levels(text, first_level.start, subject_end, nearest_last=False)
            if found:
                return level, also
    staff = _STAFF_THEN_LEVEL.match(after)
    if staff:
        # the staff counted, then where they work: "100% số cán bộ, công chức tại các sở, ngành, UBND cấp
        # huyện và trên 80% ... các xã": the levels named up to the next figure are this figure's
        first_level = level_matcher().search(text, number.end + staff.end(), item.right_end)
        if first_level and first_level.start == number.end + staff.end() and first_level.value != "none":
            next_figure = _FIGURE.search(text, first_level.start, item.right_end)
            predicate = _PREDICATE_IN_GAP.search(text, first_level.start, item.right_end)
            end = (
                min(m.start() for m in (next_figure, predicate) if m) if (next_figure or predicate) else item.right_end
            )
            level, also, found = _levels(text, first_level.start, end, nearest_last=False)
            if found:
                return level, also
    right_after = _LEVEL_RIGHT_AFTER.match(after)
    if right_after or number.unit == "ratio":
        start = number.end + (right_after.end() if right_after else 0)
        end = min(item.right_end, start + 40)
        if number.unit == "ratio":
            # "101/101 xã phường thị trấn trên toàn tỉnh": the counted units are the level, not what follows
            end = _end_of_leading_levels(text, start, end)
        level, also, found = _levels(text, start, end, nearest_last=False)
        if found:
            return level, also
    if item.side == "noun":
        # or written right after its noun: "13 điểm cầu cấp huyện và 33 điểm cầu cấp xã"
        _, noun_end = _count_indicator(text, number, item.right_end)
        after_noun = _NOUN_LEVEL_LINK.match(text, noun_end)
        level_after = level_matcher().search(text, after_noun.end(), item.right_end) if after_noun else None
        if level_after and level_after.start == after_noun.end() and level_after.value not in ("none", "all"):
            return level_after.value, None
        # a count's level is its subject, just before it: "cấp huyện khoảng 1.056 máy tính"
        # ("triển khai tới các huyện và tổ chức 42 phiên họp" names no level of the meetings)
        matches = [m for m in level_matcher().find_all(text, item.left_start, number.start) if m.value != "none"]
        if matches and _COUNT_SUBJECT_GAP.fullmatch(text[matches[-1].end : number.start]):
            level, also, _ = _levels(text, item.left_start, number.start, nearest_last=True)
            return level, also
        return None, None
    if item.side in ("right", "borrowed"):
        phrase_start = item.right_end
        if item.side == "right":
            phrases = _phrases_in(text, number.end, item.right_end)
            phrase_start = phrases[0][0].start if phrases else item.right_end
        level, also, found = _levels(text, number.end, phrase_start, nearest_last=False)
        if found:
            return level, also
    level, also, _ = _levels(text, item.left_start, number.start, nearest_last=True)
    return level, also


_BETWEEN_LISTED_LEVELS = re.compile(
    r"[\s,;]*(?:(?:và|cùng|với|các|cấp|UBND|ủy ban nhân dân|cơ quan|đơn vị|ban|ngành|sở)[\s,]+)*", re.IGNORECASE
)
_BEFORE_A_COUNTED_LEVEL = re.compile(r"\s*(?:các\s+|đơn vị\s+)?$", re.IGNORECASE)


def _end_of_leading_levels(text: str, start: int, end: int) -> int:
    """Where the level words that open a span end ("xã, phường, thị trấn" of "101/101 xã, phường, thị trấn
    trên toàn tỉnh"); the span's end when it does not open with a level word."""
    matches = [m for m in level_matcher().find_all(text, start, end) if m.value != "none"]
    if not matches or not _BEFORE_A_COUNTED_LEVEL.fullmatch(text[start : matches[0].start]):
        return end
    group_end = matches[0].end
    for following in matches[1:]:
        if not _BETWEEN_LISTED_LEVELS.fullmatch(text, group_end, following.start):
            break
        group_end = following.end
    return group_end


# "so với Hà Nội", "học tập Đà Nẵng": another province compared, not the figure's; "Còn với / Đối với Nam Định"
# is the topic
_COMPARED_PROVINCE = re.compile(
    r"(?:như|cùng|(?<!còn )(?<!đối )(?<!riêng )(?<!Còn )(?<!Đối )(?<!Riêng )với|so với|học tập|sau|hơn)"
    r"\s+(?:tỉnh\s+|thành phố\s+|TP\.?\s*)?$",
    re.IGNORECASE,
)
_PLACE_AFTER = re.compile(r"[^.;]{0,60}?\s(?:tại|của|ở)\s+(?:tỉnh\s+|thành phố\s+|TP\.?\s*)?(?=[A-ZĐ])")
_PLACE_AFTER_WINDOW = 90
_THIS_PROVINCE = re.compile(r"(?<!\w)(?:tỉnh|thành phố|địa phương)\s+này(?!\w)", re.IGNORECASE)


def fact_province(text: str, clause_start: int, number_start: int, context: ArticleContext):
    """The fact's own province when the clause names another one; False to drop the fact."""
    window_start = max(clause_start, number_start - _LOOKBACK)
    before = [
        m
        for m in find_provinces(text, window_start, number_start)
        if not _COMPARED_PROVINCE.search(text, max(0, m.start - 20), m.start)
    ]
    if not before and _THIS_PROVINCE.search(text, window_start, number_start):
        # "Còn với Nam Định, đến nay, tỉnh này đã cung cấp 533 dịch vụ": the province named before in the sentence
        earlier = find_provinces(text, 0, window_start)
        if earlier:
            code = earlier[-1].province_code
            return None if code == context.province_code else code
    named = {m.province_code for m in before}
    named.discard(context.province_code or "")
    if len(named) == 1 and context.province_code is None:
        return named.pop()
    if context.province_code is not None and not any(m.province_code == context.province_code for m in before):
        # a provincial article that gives another province's figure: "... gần 200 điểm cầu ... tại Hà Giang"
        after = (
            _PLACE_AFTER.match(text, number_start, min(len(text), number_start + _PLACE_AFTER_WINDOW))
            if ("tại" in text or "của" in text or " ở " in text)
            else None
        )
        placed = (
            {m.province_code for m in find_provinces(text, after.end(), after.end() + 40) if m.start == after.end()}
            if after
            else set()
        )
        others = (named | placed) - {context.province_code}
        if len(others) == 1 and not (named and placed and named != placed):
            return others.pop()
    if context.province_code is None:
        # a national article: only explicitly national figures are facts
        if cue_matcher("vietnam_words").search(text, max(clause_start, number_start - _LOOKBACK), number_start):
            return None
        return False
    return None


# a national report's figures per level, the central one among them: "ở Trung ương là gần 88%, cấp tỉnh là hơn 95,2%"
_LEVEL_OF_A_NATIONAL_FIGURE = re.compile(
    r"(?<!\w)(trung ương|cấp bộ|cấp tỉnh|cấp huyện|cấp xã)(?!\w)[^\d;]{0,25}$", re.IGNORECASE
)
_CENTRAL_LEVEL = re.compile(r"(?<!\w)(?:ở|tại|cấp)\s+trung ương(?!\w)", re.IGNORECASE)


def _national_level_of(text: str, number_start: int) -> str | None:
    """ "central", "provincial" (any local level) or None: the level a national figure is given for, when the
    sentence splits its figures between the central level and the local ones."""
    if not _CENTRAL_LEVEL.search(text):
        return None
    level = _LEVEL_OF_A_NATIONAL_FIGURE.search(text, max(0, number_start - 40), number_start)
    if not level:
        return None
    return "central" if level.group(1).lower() in ("trung ương", "cấp bộ") else "provincial"


def national_without_place(text: str, clause_start: int, number_start: int, context: ArticleContext) -> bool:
    """A national article's figure whose sentence names no place at all (no province, no "cả nước")."""
    if context.province_code is not None:
        return False
    window = max(clause_start, number_start - _LOOKBACK)
    return not find_provinces(text, window, number_start) and not cue_matcher("vietnam_words").search(
        text, window, number_start
    )
