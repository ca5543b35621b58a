"""Dates and periods in Vietnamese news text: the publication date, years, reporting periods.

Publication date forms: a dateline line ("Thứ Ba, 03/05/2016 1006", "Lê Dung| 27/08/2018 10:48",
"Thứ tư - 02/12/2015 03:40"); a same-day report ("chiều nay, ngày 15/5/2017"); a news lead
("Sáng 7/7, ...") when the year is clear from the same sentence. A lead "Ngày 17/3/2009, UBND
tỉnh ... ban hành Quyết định" dates a decision, not the page, and is never taken.
Periods: "6 tháng đầu năm 2017" -> 2017-01-01..2017-06-30, "quý III/2018", "năm 2016".
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

from .sentences import Line

YEAR = r"(?:19[89]\d|20[0-4]\d)"
_YEAR = re.compile(rf"(?<![\d/.,-]){YEAR}(?![\d])")
_FULL_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật|cn)"
_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})(?!\d)(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_WRITTEN_OUT_DATE = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm|,)\s*(\d{4})", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s")
_WEEKDAY_WORD = re.compile(_WEEKDAY, re.IGNORECASE)
_DATELINE_NOISE = re.compile(
    rf"{_WEEKDAY}|\d{{1,2}}\s*:\s*\d{{2}}(?:\s*:\s*\d{{2}})?|\(?GMT\s*[+-]\s*\d+\)?|\d+|[|,\-–—():]"
    r"|(?<!\w)(?:cập nhật|ngày đăng|đăng ngày|đăng lúc|ngày|lúc|giờ|am|pm|sa|ch)(?!\w)",
    re.IGNORECASE)
_SAME_DAY_REPORT = re.compile(
    r"(?:sáng|chiều|trưa|tối|hôm)\s+nay\s*(?:,\s*ngày|\(\s*ngày|\()\s*(\d{1,2})\s*[/\-]\s*(\d{1,2})\s*[/\-]\s*(\d{4})",
    re.IGNORECASE)
_SOURCE_PREFIX = re.compile(r"(?:\([^()]{2,40}\)|[A-ZĐ]{2,10}(?:\.[a-z]{2,4})?)\s*[-–—]\s*")
_LEAD_DATE = re.compile(
    r"(?:Sáng|Chiều|Trưa|Tối|Đêm|Rạng sáng|Sáng nay|Chiều nay|Hôm nay)\s*(?:ngày\s*)?(?:\(\s*)?"
    r"(\d{1,2})\s*[/\-]\s*(\d{1,2})(?:\s*[/\-]\s*(\d{4}))?\s*\)?\s*[,:]")
_YEAR_END_REVIEW = re.compile(r"tổng kết|nhìn lại năm|năm qua", re.IGNORECASE)
_MONTHS_OF_YEAR_END_REVIEWS = 3
_MAX_DATELINE_CHARS = 80
_MAX_DATELINE_LEFTOVER = 30
_DATELINE_SEARCH_LINES = 15


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def years_in(text: str) -> list[int]:
    return [int(m.group(0)) for m in _YEAR.finditer(text)]


def dateline_date(line: str) -> dt.date | None:
    """The date of a line that is nothing but a dateline (weekday, date, time, author, view count)."""
    if len(line) > _MAX_DATELINE_CHARS:
        return None
    line = _WRITTEN_OUT_DATE.sub(r"\1/\2/\3", line)  # "ngày 03 tháng 5 năm 2016"
    line = _ISO_DATE.sub(r"\3/\2/\1", line)  # "2016-05-03 10:06"
    match = _FULL_DATE.search(line)
    if not match:
        return None
    leftover = _DATELINE_NOISE.sub(" ", line[:match.start()] + " " + line[match.end():])
    leftover = " ".join(leftover.split())
    # an author's name may precede a "|" ("Lê Dung| 27/08/2018 10:48"): allow a few words
    if len(leftover) > _MAX_DATELINE_LEFTOVER or len(leftover.split()) > 4:
        return None
    if leftover and "|" not in line and not _WEEKDAY_WORD.search(line):
        return None
    day, month, year = (int(g) for g in match.groups())
    return _date_or_none(year, month, day)


def find_published(lines: list[Line], title: str | None = None) -> dt.date | None:
    """The publication date the page itself shows, or None (CONVENTIONS.md: only when shown)."""
    for line in lines[:_DATELINE_SEARCH_LINES]:
        found = dateline_date(line.text)
        if found:
            return found
    for line in lines:
        match = _SAME_DAY_REPORT.search(line.text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            found = _date_or_none(year, month, day)
            if found:
                return found
    for line in lines[:_DATELINE_SEARCH_LINES]:
        source_prefix = _SOURCE_PREFIX.match(line.text)  # "(Baohatinh.vn) - Sáng 7/7, ...", "TTO - Chiều 16/5, ..."
        match = _LEAD_DATE.match(line.text, source_prefix.end() if source_prefix else 0)
        if not match:
            continue
        day, month = int(match.group(1)), int(match.group(2))
        if match.group(3):
            return _date_or_none(int(match.group(3)), month, day)
        first_sentence = _SENTENCE_BREAK.split(line.text, maxsplit=1)[0]
        if month <= _MONTHS_OF_YEAR_END_REVIEWS and _YEAR_END_REVIEW.search(first_sentence):
            return None  # "Sáng 15/1, ... tổng kết năm 2018" happens in 2019: the year is not clear
        candidates = set(years_in(first_sentence)) or set(years_in(title or ""))
        if len(candidates) == 1:
            return _date_or_none(candidates.pop(), month, day)
        return None
    return None


_YEAR_SPAN = re.compile(rf"{YEAR}\s*(?:-|–|—|đến|to)\s*{YEAR}", re.IGNORECASE)


def header_year(header: dict[str, str]) -> int | None:
    """A year named by the crawl header (SOURCE line or URL path): the article's year, not a date.

    A span of years ("Vietnamese online news, 2016-2019") describes a collection, not the article: no year.
    A URL line that is no address ("URL: unknown (...)") names no year either."""
    for key in ("PUBLISHED", "DATE", "SOURCE", "URL"):
        value = header.get(key, "")
        if key == "URL" and not re.match(r"\s*(?:https?://|www\.)", value, re.IGNORECASE):
            continue
        value = _YEAR_SPAN.sub(" ", value)
        found = set(years_in(value))
        if len(found) == 1:
            return found.pop()
    return None


# ---------------------------------------------------------------- reporting periods
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR_SUFFIX = rf"(?:\s*(?:/|năm|-)?\s*({YEAR}))?"
_PERIOD_PATTERNS = [
    ("first_months", re.compile(rf"(\d{{1,2}})\s+tháng\s+đầu\s+năm{_YEAR_SUFFIX}", re.IGNORECASE)),
    ("last_months", re.compile(rf"(\d{{1,2}})\s+tháng\s+cuối\s+năm{_YEAR_SUFFIX}", re.IGNORECASE)),
    ("half", re.compile(rf"(nửa đầu|nửa cuối)\s+năm{_YEAR_SUFFIX}", re.IGNORECASE)),
    ("quarter", re.compile(rf"quý\s+(IV|III|II|I|[1-4])(?!\w){_YEAR_SUFFIX}", re.IGNORECASE)),
    ("month", re.compile(rf"tháng\s+(\d{{1,2}})\s*(?:/|năm)\s*({YEAR})", re.IGNORECASE)),
    ("since_new_year", re.compile(rf"từ\s+đầu\s+năm{_YEAR_SUFFIX}", re.IGNORECASE)),
    ("year", re.compile(rf"(?:trong|cả|suốt|của)?\s*năm\s+({YEAR})(?!\s*-\s*\d)", re.IGNORECASE)),
]


_COMPARED_WITH = re.compile(r"so\s+với\s*$", re.IGNORECASE)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def find_period(text: str, reference_year: int | None) -> tuple[str | None, str | None] | None:
    """The reporting period named in ``text`` as ISO (start, end), or None when none is named."""
    for kind, pattern in _PERIOD_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        if kind == "year":
            year = int(match.group(1))
            if _COMPARED_WITH.search(text[max(0, match.start() - 12):match.start()]):
                continue
            return dt.date(year, 1, 1).isoformat(), dt.date(year, 12, 31).isoformat()
        year_text = match.groups()[-1]
        year = int(year_text) if year_text else reference_year
        if year is None:
            return None, None
        if kind == "first_months":
            months = int(match.group(1))
            if not 1 <= months <= 12:
                continue
            return dt.date(year, 1, 1).isoformat(), _month_end(year, months).isoformat()
        if kind == "last_months":
            months = int(match.group(1))
            if not 1 <= months <= 12:
                continue
            return dt.date(year, 13 - months, 1).isoformat(), dt.date(year, 12, 31).isoformat()
        if kind == "half":
            first = match.group(1).lower() == "nửa đầu"
            return (dt.date(year, 1 if first else 7, 1).isoformat(),
                    _month_end(year, 6 if first else 12).isoformat())
        if kind == "quarter":
            quarter = _ROMAN[match.group(1).lower()]
            return (dt.date(year, 3 * quarter - 2, 1).isoformat(), _month_end(year, 3 * quarter).isoformat())
        if kind == "month":
            month = int(match.group(1))
            if not 1 <= month <= 12:
                continue
            return dt.date(year, month, 1).isoformat(), _month_end(year, month).isoformat()
        if kind == "since_new_year":
            return dt.date(year, 1, 1).isoformat(), None
    return None
