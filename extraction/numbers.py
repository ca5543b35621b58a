"""Find the numbers of a Vietnamese sentence that can be facts, and read their value.

Vietnamese grammar of numbers: "." groups thousands ("5.768" is 5768), "," is the decimal
mark ("2,5%" is 2.5); money is spelled in words ("15 tỷ 945 triệu đồng"); ranges are
"60-70%" or "từ 60 đến 70%"; ratios are "21/21 sở, ngành". Numbers that are dates, times,
document numbers ("Quyết định 235/QĐ-UBND"), years, ranks ("thứ 17") or service levels
("mức độ 3, 4") are masked first: they are never values.

Impossible values ("đạt 250%") are not read as percentages, unless the caller asks for them
(``include_implausible=True``): then they are mentions flagged with the reason, so that the
pipeline can keep them as evidence for its data-quality gate.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_NUMBER_ALONE = rf"(?<![\d.,/:])(?:{NUMBER})(?![\d]|[.,/:]\d)"

MULTIPLIERS = {"nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000, "tỷ": 1_000_000_000, "tỉ": 1_000_000_000}
_MULTIPLIER = r"(?:nghìn|ngàn|triệu|tỷ|tỉ)"
_CURRENCY = r"(?:đồng|VNĐ|VND|vnđ|đ)(?!\w)"

_MONEY = re.compile(
    rf"(?P<first>{_NUMBER_ALONE})\s*(?P<first_multiplier>{_MULTIPLIER})"
    rf"(?:\s+(?P<second>{_NUMBER_ALONE})\s*(?P<second_multiplier>{_MULTIPLIER}))?"
    rf"(?:\s+(?P<third>{_NUMBER_ALONE})\s*(?P<third_multiplier>nghìn|ngàn))?"
    rf"\s*{_CURRENCY}"
    rf"|(?P<plain>{_NUMBER_ALONE})\s*{_CURRENCY}",
    re.IGNORECASE,
)
_PERCENT_RANGE = re.compile(
    rf"(?P<low>{_NUMBER_ALONE})\s*%?\s*(?:-|–|—|đến|tới)\s*(?P<high>{_NUMBER_ALONE})\s*(?:%|phần trăm)", re.IGNORECASE
)
_PERCENT = re.compile(rf"(?P<value>{_NUMBER_ALONE})\s*(?:%|phần trăm)", re.IGNORECASE)
# some sites write the decimal point the English way: "98.5%" (a dot before 1-2 digits is never thousands)
_PERCENT_DOT_DECIMAL = re.compile(r"(?<![\d.,/:])(?P<value>\d{1,2}\.\d{1,2})\s*%")
# and the thousands comma the English way before a count noun: "5,768 máy tính" (never a decimal of a count)
_THOUSANDS_COMMA = re.compile(r"(?<![\d.,/:])\d{1,3}(?:,\d{3})+(?![\d%]|[.,]\d)")
_RATIO = re.compile(
    r"(?<![\d.,/])(?P<numerator>\d{1,4})\s*/\s*(?P<denominator>\d{1,4})(?![\d/]|[.,]\d)"
    r"|(?<![\d.,/])(?P<numerator_word>\d{1,4})\s+(?:trên|trong)\s+(?:tổng\s+)?(?:số\s+)?(?P<denominator_word>\d{1,4})(?![\d/]|[.,]\d)"
    r"(?=\s+(?:cơ quan|đơn vị|sở|xã|huyện|phòng|ban|ngành|bộ|trường|UBND|phường|tỉnh|địa phương))"
)
# "6.800 tỷ" ending its clause or its list item: money when the sentence spells a sum in đồng elsewhere
_BARE_MONEY = re.compile(rf"(?:{_NUMBER_ALONE})\s*(?:tỷ|tỉ|triệu)(?=\s*(?:[,;.)]|$|và\s))", re.IGNORECASE)
_PLAIN = re.compile(rf"(?P<value>{_NUMBER_ALONE})(?:\s*(?P<multiplier>{_MULTIPLIER})(?!\w))?", re.IGNORECASE)

# Spans whose digits are never values. Order does not matter: all are masked.
_NOT_VALUE_PATTERNS = (
    r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}",  # 17/3/2009
    r"(?:ngày|sáng|chiều|trưa|tối|hôm|đêm|rạng sáng|tháng|quý)\s*(?:nay\s*)?\(?\s*\d{1,2}(?:\s*[/\-]\s*\d{1,4})*",
    r"\d{1,2}\s*[/\-]\s*\d{4}",  # 7/2016
    r"(?<![\d.,])\d{1,2}:\d{2}(?::\d{2})?",  # 10:48
    r"(?<![\d.,])\d{1,2}\s*(?:h\d{0,2}|giờ)(?!\w)(?:\s*\d{1,2}\s*phút)?",  # 0h, 10h30, 00 giờ 00 phút
    r"(?<!tổng )số\s*\d+\s*/[\w/\-.]*",  # số 43/2011/NĐ-CP
    r"(?:quyết định|nghị định|thông tư|chỉ thị|nghị quyết|công văn|kế hoạch|điều|khoản|luật)\s*(?:số\s*)?\d+[\w/\-.]*",
    r"\d+/(?:\d{4}/)?(?:QĐ|NĐ|TT|CT|NQ|KH|UBND|BTTTT|CP|TTg|QH|TB)[\w\-/]*",  # 235/QĐ-UBND
    r"(?:mức(?:\s+độ)?|cấp\s+độ)\s*[1-4](?:\s*(?:,|và|-|–|/|hoặc)\s*(?:(?:mức(?:\s+độ)?|cấp\s+độ)\s*)?[1-4](?![\d%]|[.,]\d))*(?![\d%]|[.,]\d)",
    r"(?:thứ|hạng|top|vị trí|giai đoạn|lần thứ|khóa|khoá|phiên bản|version|cấp độ|bậc)\s+\d+",
    r"(?<![\d.,])(?:19[5-9]\d|20[0-4]\d)(?![\d%]|\s*%|,\d)",  # years
    r"\d+(?:[.,]\d+)?\s*(?:tháng|năm|ngày|tuần|giờ|phút|giây|cấp|lần|lớp|khóa|khoá|bước|bậc)(?!\w)",
    r"\d+\.\d(?!\d|\s*%)",  # "4.0", version numbers (not "98.5%")
    r"\d+\s*(?:GB|MB|TB|Mbps|Gbps|Kbps|km|m2|ha|USD|\$|euro|đô)",
    r"[A-Za-z]+\d+[\w]*|\d+[A-Za-z]+\w*",  # codes such as "4G", "IPv6", "H5N1"
)
_DIGIT_RUN = re.compile(r"\d[\d.,/:]*")
_MASK_LOOKBACK = 24  # "Quyết định Số 235/QĐ-UBND": the longest lead-in before a masked digit
_MASK_LOOKAHEAD = 20
# one alternation, scanned once per window
# Matched against the lower-cased sentence without IGNORECASE: about twice as fast.
# A span never starts inside a word ("(?<![^\W\d])": not right after a letter): the engine then tries
# the alternatives only at word starts and digits (seeds: 285 -> 300 articles/s per core, make bench).
_NOT_VALUES = re.compile(r"(?<![^\W\d])(?:" + "|".join(f"(?:{p.lower()})" for p in _NOT_VALUE_PATTERNS) + ")")


@dataclass(frozen=True)
class NumberMention:
    """One number that can be a fact's value, with where it sits in the sentence."""

    start: int
    end: int
    value: float
    unit: str  # "pct" | "vnd" | "ratio" | "plain"
    value_high: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    multiplier_word: bool = False  # "4 triệu máy tính": a count spelled with a word
    implausible: str | None = None  # why the value cannot be true ("percentage above 100"); None when it can


def parse_vietnamese_number(text: str) -> float:
    """'5.768' -> 5768, '2,5' -> 2.5, '1.234,5' -> 1234.5."""
    cleaned = text.strip().replace(".", "").replace(",", ".")
    return float(cleaned)


def _masked_spans(text: str) -> list[tuple[int, int]]:
    # Scan only around digits: every pattern holds a digit and starts at most a few words before it.
    spans, window_start, window_end = [], -1, -1
    windows = []
    for run in _DIGIT_RUN.finditer(text):
        start, end = max(0, run.start() - _MASK_LOOKBACK), min(len(text), run.end() + _MASK_LOOKAHEAD)
        if start <= window_end:
            window_end = max(window_end, end)
        else:
            if window_end >= 0:
                windows.append((window_start, window_end))
            window_start, window_end = start, end
    if window_end >= 0:
        windows.append((window_start, window_end))
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer: keep offsets exact
        lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    for start, end in windows:
        spans.extend(m.span() for m in _NOT_VALUES.finditer(lowered, start, end))
    if "số " in text or "Số " in text:
        spans.extend(m.span() for m in _STREET_ADDRESS.finditer(text))
    return spans


# "số 24 Trần Phú", "số 18/2 đường Nguyễn Huệ": a street address (case matters: the street is a name)
_STREET_ADDRESS = re.compile(r"(?<!\w)[Ss]ố\s+\d{1,4}[A-Z]?(?:/\d{1,4})?\s+(?:đường\s+|phố\s+)?[A-ZĐ]\w+")


def _mark(marks: bytearray, start: int, end: int) -> None:
    marks[start:end] = b"\x01" * (end - start)


def clean_value(value: float) -> float | int:
    """Whole numbers as int so that JSON shows 100, not 100.0."""
    return int(value) if float(value).is_integer() else round(value, 2)


PERCENT_ABOVE_100 = "percentage above 100"


@functools.lru_cache(maxsize=512)
def find_numbers(text: str, include_implausible: bool = False) -> tuple[NumberMention, ...]:
    """Every value-like number in ``text``, in order, without overlaps (widest reading wins).

    A percentage above 100 is no percentage by default (its digits may still be read otherwise);
    with ``include_implausible`` it is a "pct" mention whose ``implausible`` names the reason.
    Cached: the indicator, budget and incident readers all ask about the same sentence."""
    if not _DIGIT_RUN.search(text):
        return ()
    # one byte per character: 1 where a mask or an already claimed number lies
    masked = bytearray(len(text))
    for start, end in _masked_spans(text):
        _mark(masked, start, end)
    taken = bytearray(len(text))
    mentions: list[NumberMention] = []

    def claim(start: int, end: int, value_start: int, value_end: int) -> bool:
        if 1 in taken[start:end] or 1 in masked[value_start:value_end]:
            return False
        _mark(taken, start, end)
        return True

    def money(match) -> bool:
        if match.group("plain"):
            value = parse_vietnamese_number(match.group("plain"))
            if value < 100_000:  # "500 đồng" is not a budget; a bare sum must be spelled out in full
                return False
            value_span = match.span("plain")
        else:
            value = parse_vietnamese_number(match.group("first")) * MULTIPLIERS[match.group("first_multiplier").lower()]
            if match.group("second"):
                value += (
                    parse_vietnamese_number(match.group("second"))
                    * MULTIPLIERS[match.group("second_multiplier").lower()]
                )
            if match.group("third"):
                value += (
                    parse_vietnamese_number(match.group("third")) * MULTIPLIERS[match.group("third_multiplier").lower()]
                )
            value_span = match.span("first")
        if not claim(match.start(), match.end(), *value_span):
            return False
        mentions.append(NumberMention(match.start(), match.end(), round(value), "vnd"))
        return True

    def percent_range(match) -> bool:
        low, high = parse_vietnamese_number(match.group("low")), parse_vietnamese_number(match.group("high"))
        implausible = PERCENT_ABOVE_100 if high > 100 else None
        if not (0 <= low < high) or (implausible and not include_implausible):
            return False
        if not claim(match.start("low"), match.end(), match.start("low"), match.end("high")):
            return False
        mentions.append(
            NumberMention(match.start("low"), match.end(), low, "pct", value_high=high, implausible=implausible)
        )
        return True

    def percent(match) -> bool:
        value = parse_vietnamese_number(match.group("value"))
        implausible = PERCENT_ABOVE_100 if value > 100 else None
        if (implausible and not include_implausible) or not claim(match.start(), match.end(), *match.span("value")):
            return False
        mentions.append(NumberMention(match.start(), match.end(), value, "pct", implausible=implausible))
        return True

    def ratio(match) -> bool:
        numerator = int(match.group("numerator") or match.group("numerator_word"))
        denominator = int(match.group("denominator") or match.group("denominator_word"))
        if (
            denominator == 0
            or numerator > denominator
            or not claim(match.start(), match.end(), match.start(), match.end())
        ):
            return False
        mentions.append(
            NumberMention(
                match.start(),
                match.end(),
                100.0 * numerator / denominator,
                "ratio",
                numerator=numerator,
                denominator=denominator,
            )
        )
        return True

    def percent_dot_decimal(match) -> bool:
        value = float(match.group("value"))
        implausible = PERCENT_ABOVE_100 if value > 100 else None
        if (implausible and not include_implausible) or not claim(match.start(), match.end(), *match.span("value")):
            return False
        mentions.append(NumberMention(match.start(), match.end(), value, "pct", implausible=implausible))
        return True

    def plain(match) -> bool:
        if _THOUSANDS_COMMA.fullmatch(match.group("value")) and not match.group("multiplier"):
            value = float(match.group("value").replace(",", ""))
            if claim(match.start(), match.end(), *match.span("value")):
                mentions.append(NumberMention(match.start(), match.end(), value, "plain"))
                return True
            return False
        value = parse_vietnamese_number(match.group("value"))
        multiplier = match.group("multiplier")
        if multiplier:
            value *= MULTIPLIERS[multiplier.lower()]
        if not claim(match.start(), match.end(), *match.span("value")):
            return False
        mentions.append(NumberMention(match.start(), match.end(), value, "plain", multiplier_word=bool(multiplier)))
        return True

    # Every reading starts at a run of digits; at each one the widest reading is tried first.
    readings = (
        (_MONEY, money),
        (_PERCENT_RANGE, percent_range),
        (_PERCENT, percent),
        (_PERCENT_DOT_DECIMAL, percent_dot_decimal),
        (_RATIO, ratio),
        (_PLAIN, plain),
    )
    for run in _DIGIT_RUN.finditer(text):
        position = run.start()
        if taken[position]:
            continue
        for pattern, read in readings:
            match = pattern.match(text, position)
            if match and read(match):
                break
    if any(m.unit == "vnd" for m in mentions):
        # a series after a sum in words keeps its currency unsaid: "năm 2014 là 6.900 tỷ đồng; năm 2015 là hơn 6.800 tỷ"
        for index, mention in enumerate(mentions):
            if (
                mention.unit == "plain"
                and mention.multiplier_word
                and _BARE_MONEY.match(text, mention.start)
                and _BARE_MONEY.match(text, mention.start).end() == mention.end
            ):
                mentions[index] = NumberMention(mention.start, mention.end, round(mention.value), "vnd")
    mentions.sort(key=lambda m: m.start)
    return tuple(mentions)
