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
    re.IGNORECASE,
)
_SAME_DAY_REPORT = re.compile(
    r"(?:sáng|chiều|trưa|tối|hôm)\s+nay\s*(?:,\s*ngày|\(\s*ngày|\()\s*(\d{1,2})\s*[/\-]\s*(\d{1,2})\s*[/\-]\s*(\d{4})",
    re.IGNORECASE,
)
_SOURCE_PREFIX = re.compile(r"(?:\([^()]{2,40}\)|[A-ZĐ]{2,10}(?:\.[a-z]{2,4})?)\s*[-–—]\s*")
_LEAD_DATE = re.compile(
    r"(?:Sáng|Chiều|Trưa|Tối|Đêm|Rạng sáng|Sáng nay|Chiều nay|Hôm nay)\s*(?:ngày\s*)?(?:\(\s*)?"
    r"(\d{1,2})\s*[/\-]\s*(\d{1,2})(?:\s*[/\-]\s*(\d{4}))?\s*\)?\s*[,:]"
)
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
    leftover = _DATELINE_NOISE.sub(" ", line[: match.start()] + " " + line[match.end() :])
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
        # "... nay" is in every such report: a plain substring test spares the pattern most lines
        match = _SAME_DAY_REPORT.search(line.text) if "nay" in line.text.lower() else None
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
            # "Sáng 15/1, ... tổng kết năm 2018" happens in 2019: only a later year the body states settles it
            reviewed = min(years_in(first_sentence), default=None)
            year = body_year(lines, month)
            return _date_or_none(year, month, day) if year and reviewed and year > reviewed else None
        candidates = set(years_in(first_sentence)) or set(years_in(title or ""))
        if len(candidates) == 1:
            return _date_or_none(candidates.pop(), month, day)
        year = body_year(lines, month)
        return _date_or_none(year, month, day) if year else None
    return _dated_lead(lines)


# "Ngày 23-8, tại hội thảo ...", "... khai mạc sáng 18/7", "hôm nay 22-11", "Sáng nay (4/12)": a same-day
# news report dates its event inside the first lines; the year must then be clear from the body.
_LEAD_DATE_ANYWHERE = re.compile(
    r"(?<!\w)(?:ngày|sáng|chiều|trưa|tối|đêm|hôm nay|sáng nay|chiều nay|tối nay)\s*(?:\(\s*)?(?:ngày\s*)?"
    r"(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\s*[-/.]\s*\d)(?!\d)(?!\s*(?:giờ|h\b|tháng))",
    re.IGNORECASE,
)
# "từ ngày 12/5", "vụ tấn công ngày 12/5": an event's date, not the report's
_NOT_THE_REPORT_DAY = re.compile(r"(?:từ|đến|tới|trước|sau|kể từ|vụ|hồi|vào|hạn)\s*$", re.IGNORECASE)
_LEAD_LINES = 3
_HEADING_WORDS = 8  # a shorter line, or one without final punctuation, is a heading or a caption, not a lead
_ENDS_A_STATEMENT = re.compile(r"[.!?…:\"”)]\s*$")


def _dated_lead(lines: list[Line]) -> dt.date | None:
    lead_lines = [
        line for line in lines if len(line.text.split()) >= _HEADING_WORDS and _ENDS_A_STATEMENT.search(line.text)
    ][:_LEAD_LINES]
    for line in lead_lines:
        for match in _LEAD_DATE_ANYWHERE.finditer(line.text):
            if _NOT_THE_REPORT_DAY.search(line.text[max(0, match.start() - 8) : match.start()]):
                continue
            day, month = int(match.group(1)), int(match.group(2))
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            sentence = line.text[max(0, match.start() - 200) : match.end() + 200]
            if month <= _MONTHS_OF_YEAR_END_REVIEWS and _YEAR_END_REVIEW.search(sentence):
                reviewed = min(years_in(sentence), default=None)
                year = body_year(lines, month)
                if not (year and reviewed and year > reviewed):
                    return None
                return _date_or_none(year, month, day)
            # "Tại buổi làm việc chiều 17/11 về tình hình kinh tế - xã hội năm 2014": the lead's own year
            own = _reported_years(_clause_around(line.text, match.start()))
            year = own.pop() if len(own) == 1 else body_year(lines, month)
            return _date_or_none(year, month, day) if year else None
    return None


def _reported_years(sentence: str) -> set[int]:
    """Years a sentence reports about: not a span, a comparison, a plan's year or a starting point."""
    found = set()
    for match in _YEAR_MENTION.finditer(sentence):
        lead_in = sentence[max(0, match.start() - 40) : match.start()]
        if match.group("span") or _BEHIND_BEFORE.search(lead_in) or _AHEAD_BEFORE.search(lead_in):
            continue
        if _FUTURE_CUE.search(sentence, max(0, match.start() - 80), match.start()):
            continue
        if not match.group("month") and _DOCUMENT_NUMBER_BEFORE.search(
            sentence[max(0, match.start("year") - 3) : match.start("year")]
        ):
            continue
        found.add(int(match.group("year")))
    return found


_CLAUSE_MARK = re.compile(r"[,;.!?]\s")


def _clause_around(text: str, position: int) -> str:
    start = max((m.end() for m in _CLAUSE_MARK.finditer(text, 0, position)), default=0)
    end = _CLAUSE_MARK.search(text, position)
    return text[start : end.start() if end else len(text)]


# A year mention of the body: "năm 2018", "tháng 11/2018", "quý 1 năm 2019", "(2017-2018)", "2019".
_YEAR_MENTION = re.compile(
    rf"(?:(?P<month>(?:tháng|quý)\s*(?:IV|III|II|I|\d{{1,2}})|\d{{1,2}}\s+tháng\s+(?:đầu|cuối))\s*(?:/|-|năm)\s*"
    rf"|năm\s+|(?<![\d/.,-]))"
    rf"(?P<year>{YEAR})(?!\d)(?P<span>\s*[-–]\s*(?P<end>{YEAR})(?!\d))?",
    re.IGNORECASE,
)
_DOCUMENT_NUMBER_BEFORE = re.compile(r"\d\s*/\s*$")
# a year under these words is ahead of the text (a plan, a deadline), a programme's span or a starting point
_AHEAD_BEFORE = re.compile(
    r"(?:(?:(?<!tính )(?:đến|tới))\s*(?:hết\s+|cuối\s+|đầu\s+|giữa\s+)?(?:năm\s*)?"
    r"|(?:từ|tầm nhìn|hướng tới|giai đoạn|nhiệm kỳ|trước|sau|vào|kế hoạch|chương trình|đề án)"
    r"\s*(?:hết\s+|cuối\s+|đầu\s+|giữa\s+)?(?:năm\s*|tháng\s*\d{1,2}\s*[/-]\s*|quý\s*\w+\s*[/-]\s*)?)$",
    re.IGNORECASE,
)
# "so với (cùng kỳ) năm 2018", "hồi tháng 7/2016": a year behind the text, which is written later
_BEHIND_BEFORE = re.compile(
    r"(?:so với|cùng kỳ|hồi|năm ngoái|năm trước)\s*(?:cùng kỳ\s*)?(?:năm\s*|tháng\s*\d{1,2}\s*[/-]\s*)?$", re.IGNORECASE
)
_SAME_PERIOD_LAST_YEAR = re.compile(r"cùng kỳ\s*(?:năm\s*)?$", re.IGNORECASE)
_FUTURE_CUE = re.compile(r"(?<!\w)(?:sẽ|dự kiến|phấn đấu|mục tiêu|chỉ tiêu|kế hoạch|đề ra)(?!\w)", re.IGNORECASE)
_DEADLINE_OF_THE_YEAR = re.compile(r"(?:hết|cuối|trong)\s+năm\s*$", re.IGNORECASE)
_SINCE_NEW_YEAR_BEFORE = re.compile(r"từ\s+đầu\s*(?:năm\s*)?$", re.IGNORECASE)
_AS_OF_BEFORE = re.compile(r"(?:đến|tới)\s*$", re.IGNORECASE)
_DEADLINE_OF_THE_MONTH = re.compile(r"(?:trong|hết|cuối|trước)\s*$", re.IGNORECASE)
_RECENT_SPAN = re.compile(r"(?:năm|tháng) qua\s*\(?\s*$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[.;!?]")


def body_year(lines: list[Line], lead_month: int | None = None) -> int | None:
    """The year a news text dated "<day>/<lead_month>" is written in, when its body makes it clear, else None.

    Clear means: the latest year the text reports about (not a plan's year, a starting point, a
    comparison or a document number) is named at least twice, or with a month or quarter already
    past at the lead's date ("tháng 1-2019" in a text of 12-3), or "cùng kỳ năm 2018" puts the text
    in 2019, and no later year is reported; failing those, the end of the span just behind it
    ("trong 2 năm qua (2017-2018)") or this year's deadline ("mục tiêu đến hết năm 2019", "trong
    tháng 11/2018 trình ...") when no later year is reported. One bare mention is only a lower bound."""
    reported: dict[int, int] = {}
    dated: set[int] = set()
    fallback: list[int] = []
    same_period_next: list[int] = []
    for line in lines:
        text = line.text
        for match in _YEAR_MENTION.finditer(text):
            year_start = match.start("year")
            lead_in = text[max(0, match.start() - 40) : match.start()]
            month = match.group("month")
            if not month and _DOCUMENT_NUMBER_BEFORE.search(text[max(0, year_start - 3) : year_start]):
                continue  # "nghị định 116/2017"
            if match.group("span"):
                if _RECENT_SPAN.search(lead_in):
                    fallback.append(int(match.group("end")))
                continue
            year = int(match.group("year"))
            if _BEHIND_BEFORE.search(lead_in):
                if _SAME_PERIOD_LAST_YEAR.search(lead_in):
                    same_period_next.append(year + 1)
                continue
            clause_start = max(
                (m.end() for m in _CLAUSE_BREAK.finditer(text, max(0, match.start() - 80), match.start())),
                default=max(0, match.start() - 80),
            )
            if _SINCE_NEW_YEAR_BEFORE.search(lead_in):
                dated.add(year)  # "từ đầu năm 2018 (đến nay)": the year the text is written in
                reported[year] = reported.get(year, 0) + 1
                continue
            as_of = bool(month) and _AS_OF_BEFORE.search(lead_in)  # "đến tháng 8 năm 2017, số hồ sơ ... lên đến"
            if not as_of and (_AHEAD_BEFORE.search(lead_in) or _FUTURE_CUE.search(text, clause_start, match.start())):
                if _DEADLINE_OF_THE_YEAR.search(text[max(0, year_start - 12) : year_start]):
                    fallback.append(year)
                continue
            month_number = _month_of(month) if month else None
            if month_number and lead_month and month_number > lead_month:
                # a month later in the year than the lead: a deadline this year, or a past year's month
                if _DEADLINE_OF_THE_MONTH.search(lead_in):
                    fallback.append(year)
                else:
                    reported.setdefault(year, 0)
                continue
            reported[year] = reported.get(year, 0) + 1
            if month:
                dated.add(year)
    strong = {year for year, count in reported.items() if count >= 2} | dated | set(same_period_next)
    latest_named = max(reported, default=None)
    if strong:
        best = max(strong)
        return best if latest_named is None or latest_named <= best else None
    if fallback:
        best = min(fallback)
        return best if latest_named is None or latest_named <= best else None
    return None


def _month_of(month_text: str) -> int | None:
    found = re.search(r"\d{1,2}", month_text)
    if "quý" in month_text.lower():
        quarter = _ROMAN.get(month_text.split()[-1].lower()) if not found else int(found.group(0))
        return 3 * quarter if quarter else None
    if "tháng" in month_text.lower() and re.search(r"tháng\s+(?:đầu|cuối)", month_text, re.IGNORECASE):
        return int(found.group(0)) if found and "đầu" in month_text.lower() else 12
    return int(found.group(0)) if found else None


_YEAR_SPAN = re.compile(rf"{YEAR}\s*(?:-|–|—|đến|to)\s*{YEAR}", re.IGNORECASE)


_HEADER_MONTH_YEAR = re.compile(rf"(?<![\d/.-])\d{{1,2}}/({YEAR})(?![\d/])")
# "/channel/12385/201807/...", "...-20170523125401625.htm": a news site's year-month(-day) stamp in the address
_URL_DATE_STAMP = re.compile(rf"(?<=[/_-])({YEAR})(?:0[1-9]|1[0-2])(?:[0-3]\d(?:\d{{6,}})?)?(?=[/_.-])")
_URL_YEAR = re.compile(rf"(?<=[/_-])({YEAR})(?=[/_-])")


# "SOURCE: baotayninh.vn, published Chủ nhật: 18:53 ngày 25/08/2019", "page dated 4/18/2013 8:21:51 AM",
# "dated 2026-02-24 in the stored copy": a crawl header that states when the page was published.
# A note in parentheses or after "no publication date" describes other dates (an event's), never the page's.
_HEADER_NO_DATE = re.compile(r"no (?:publication )?date|không (?:có |ghi )?ngày|undated", re.IGNORECASE)
_NOT_THE_ARTICLES_DATE = re.compile(r"header date|visit date|crawl|retrieved|accessed|url stamp", re.IGNORECASE)
_HEADER_DATE_CUE = re.compile(
    r"(?:published|dated|posted|updated|date|ngày đăng|đăng ngày|đăng lúc|cập nhật|vào lúc)", re.IGNORECASE
)
_US_DATE_WITH_CLOCK = re.compile(
    r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:AM|PM)", re.IGNORECASE
)


def header_published(header: dict[str, str]) -> dt.date | None:
    """The publication date a crawl header states (PUBLISHED or DATE line, or a SOURCE clause such as
    "published/dated/posted <date>" or 'page date "Cập nhật, 16:53, 18/11/2020"'), or None. A month
    without a day dates nothing; a site header's or a visit's date is not the article's."""
    for key in ("PUBLISHED", "DATE", "SOURCE"):
        value = re.sub(r"\([^()]*\)", " ", header.get(key, ""))  # notes in parentheses name other dates
        for clause in value.split(";"):
            if not clause.strip() or _HEADER_NO_DATE.search(clause) or _NOT_THE_ARTICLES_DATE.search(clause):
                continue
            if key == "SOURCE":
                cue = _HEADER_DATE_CUE.search(clause)
                if not cue:
                    continue
                clause = clause[cue.end() :]
            found = _date_in_header_clause(clause)
            if found:
                return found
    return None


def _date_in_header_clause(clause: str) -> dt.date | None:
    us_date = _US_DATE_WITH_CLOCK.search(clause)
    if us_date and int(us_date.group(2)) > 12:  # "4/18/2013 8:21:51 AM": month first
        found = _date_or_none(int(us_date.group(3)), int(us_date.group(1)), int(us_date.group(2)))
        if found:
            return found
    clause = _WRITTEN_OUT_DATE.sub(r"\1/\2/\3", _ISO_DATE.sub(r"\3/\2/\1", clause))
    match = _FULL_DATE.search(clause)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return _date_or_none(year, month, day)
    return None


def header_year(header: dict[str, str]) -> int | None:
    """A year named by the crawl header (SOURCE line or URL path): the article's year, not a date.

    A span of years ("Vietnamese online news, 2016-2019") describes a collection, not the article: no year.
    A URL line that is no address ("URL: unknown (...)") names no year either."""
    for key in ("PUBLISHED", "DATE", "SOURCE", "URL"):
        value = header.get(key, "")
        if key == "URL" and not re.match(r"\s*(?:https?://|www\.)", value, re.IGNORECASE):
            continue
        value = _YEAR_SPAN.sub(" ", value)
        if key != "URL":
            value = _HEADER_MONTH_YEAR.sub(r" \1", value)  # "published 02/2018": the year of a month
        found = (
            set(years_in(value))
            if key != "URL"
            else ({int(y) for y in _URL_YEAR.findall(value)} or {int(y) for y in _URL_DATE_STAMP.findall(value)})
        )
        if len(found) == 1:
            return found.pop()
    return None


# ---------------------------------------------------------------- reporting periods
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR_SUFFIX = rf"(?:\s*(?:/|năm|-)?\s*({YEAR}))?"
_PERIOD_PATTERNS = [
    ("first_months", re.compile(rf"(\d{{1,2}})\s+tháng\s+đầu\s+năm{_YEAR_SUFFIX}", re.IGNORECASE)),
    ("last_months", re.compile(rf"(\d{{1,2}})\s+tháng\s+cuối\s+năm{_YEAR_SUFFIX}", re.IGNORECASE)),
    # "9 tháng năm 2025", "11 tháng của năm 2020": the first months of that year (never "ngày 15 tháng 9 năm")
    ("first_months", re.compile(rf"(?<![\d/])(\d{{1,2}})\s+tháng\s+(?:của\s+)?năm\s+({YEAR})", re.IGNORECASE)),
    # "từ ngày 12-5 đến 16-5", "từ 12/5/2017 đến ngày 16/5/2017": a span of days
    (
        "day_range",
        re.compile(
            rf"từ\s+(?:ngày\s+)?(\d{{1,2}})\s*[-/.]\s*(\d{{1,2}})(?:\s*[-/.]\s*({YEAR}))?\s*(?:đến|tới|-|–)\s*"
            rf"(?:ngày\s+)?(\d{{1,2}})\s*[-/.]\s*(\d{{1,2}})(?:\s*[-/.]\s*({YEAR}))?(?!\d)",
            re.IGNORECASE,
        ),
    ),
    ("half", re.compile(rf"(nửa đầu|nửa cuối)\s+năm{_YEAR_SUFFIX}", re.IGNORECASE)),
    ("quarter", re.compile(rf"quý\s+(IV|III|II|I|[1-4])(?!\w){_YEAR_SUFFIX}", re.IGNORECASE)),
    ("month", re.compile(rf"tháng\s+(\d{{1,2}})\s*(?:/|năm|\.|-)\s*({YEAR})", re.IGNORECASE)),
    # "Trong tháng 7, ...": the month of the article's year (never a comparison's "so với tháng 6")
    (
        "month",
        re.compile(
            r"(?<!so với )(?:trong|của|riêng)\s+tháng\s+(\d{1,2})(?!\d|\s*(?:/|năm|\.|-)\s*\d)()", re.IGNORECASE
        ),
    ),
    ("since_new_year", re.compile(rf"từ\s+đầu\s+năm{_YEAR_SUFFIX}", re.IGNORECASE)),
    # "Tính từ năm 2015 đến nay, 37 trang ...": a running total since a year, not that year's count
    (
        "since_year",
        re.compile(
            rf"(?:kể\s+)?từ\s+(?:đầu\s+)?năm\s+({YEAR})\s*(?:,\s*)?(?:đến nay|tới nay|đến thời điểm này|trở lại đây|đến hiện nay)",
            re.IGNORECASE,
        ),
    ),
    ("year", re.compile(rf"(?:trong|cả|suốt|của)?\s*năm\s+({YEAR})(?!\s*-\s*\d)", re.IGNORECASE)),
]


_COMPARED_WITH = re.compile(r"so\s+với\s*$", re.IGNORECASE)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def find_period(
    text: str, reference_year: int | None, published_year: int | None = None
) -> tuple[str | None, str | None] | None:
    """The reporting period named in ``text`` as ISO (start, end), or None when none is named.

    "Từ đầu năm đến nay" counts from the start of the year the page was published in, when known."""
    for kind, pattern in _PERIOD_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        if kind == "since_year":
            return dt.date(int(match.group(1)), 1, 1).isoformat(), None
        if kind == "since_new_year" and not match.groups()[-1] and published_year:
            return dt.date(published_year, 1, 1).isoformat(), None
        if kind == "year":
            year = int(match.group(1))
            if _COMPARED_WITH.search(text[max(0, match.start() - 12) : match.start()]):
                continue
            return dt.date(year, 1, 1).isoformat(), dt.date(year, 12, 31).isoformat()
        if kind == "day_range":
            day1, month1, year1, day2, month2, year2 = match.groups()
            year = int(year2 or year1 or reference_year or published_year or 0)
            if not year:
                return None, None
            try:
                start = dt.date(int(year1) if year1 else year, int(month1), int(day1))
                end = dt.date(year, int(month2), int(day2))
            except ValueError:
                continue
            if end < start:
                continue
            return start.isoformat(), end.isoformat()
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
            return (dt.date(year, 1 if first else 7, 1).isoformat(), _month_end(year, 6 if first else 12).isoformat())
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
