"""Parse the dates Vietnamese sites print (and the ISO dates in their meta tags) into aware datetimes.

All results are in Asia/Ho_Chi_Minh. The parser *searches* the string rather than anchoring it, so
prefixes such as a weekday ("Thứ tư - "), an author ("Lê Dung| ") or a time of day ("Sáng ") are
ignored, as docbao's parser does. Impossible dates (31/02, month 13, years outside
``settings.PLAUSIBLE_YEARS``) give ``None`` rather than a guess.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from scrapers import dom
from warehouse import settings

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_TIME = r"(?P<hour>\d{1,2})\s*(?:[:h]|giờ)\s*(?P<minute>\d{2})(?:\s*(?::|phút)\s*(?P<second>\d{2}))?(?:\s*(?P<ampm>AM|PM|SA|CH|am|pm)\b)?"
_DMY = r"(?<![\d/.-])(?P<day>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<month>\d{1,2})\s*(?P=sep)\s*(?P<year>\d{4})(?![\d/])"
_ISO = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
_WORDS = re.compile(
    r"(?:ngày\s+)?(?<!\d)(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})\s*(?:năm|,|/)\s*(?P<year>\d{4})",
    re.IGNORECASE,
)
# WordPress and other Vietnamese locales spell months out: "28 Tháng Ba, 2022", "5 tháng Mười Hai 2019".
MONTH_NAMES = {
    "một": 1,
    "giêng": 1,
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
    "mười một": 11,
    "mười hai": 12,
    "chạp": 12,
}
_MONTH_WORDS = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})\s+tháng\s+(?P<month>mười một|mười hai|mười|một|giêng|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|chạp)"
    r"\s*,?\s*(?:năm\s+)?(?P<year>\d{4})",
    re.IGNORECASE,
)
_DMY_RE = re.compile(_DMY)
_TIME_BEFORE = re.compile(_TIME + r"\s*(?:[-,|]|ngày)?\s*(?:[^\d\s]{1,12}\s*[,-]?\s*)?" + _DMY, re.IGNORECASE)
_TIME_AFTER = re.compile(_DMY + r"\s*(?:[-,|]|lúc)?\s*" + _TIME, re.IGNORECASE)
_TIME_ANYWHERE = re.compile(r"(?<!\d)" + _TIME + r"(?!\d)", re.IGNORECASE)
# "Sáng 7/7", "Chiều 15/3", "ngày 20/11": day/month with the year taken from the caller's context.
_DAY_MONTH = re.compile(r"(?<![\d/.])(?P<day>\d{1,2})/(?P<month>\d{1,2})(?![\d/])")


def _build(year, month, day, hour=0, minute=0, second=0, ampm=None) -> datetime | None:
    try:
        year, month, day = int(year), int(month), int(day)
        hour, minute, second = int(hour or 0), int(minute or 0), int(second or 0)
        if ampm:
            marker = ampm.upper()
            if marker in ("PM", "CH") and hour < 12:
                hour += 12
            elif marker in ("AM", "SA") and hour == 12:
                hour = 0
        if not settings.PLAUSIBLE_YEARS[0] <= year <= settings.PLAUSIBLE_YEARS[1]:
            return None
        return datetime(year, month, day, hour, minute, second, tzinfo=VIETNAM_TZ)
    except (TypeError, ValueError):
        return None


def _parse_iso(text: str) -> datetime | None:
    match = _ISO.search(text)
    if not match:
        return None
    parts = match.groupdict()
    local = _build(parts["year"], parts["month"], parts["day"], parts["hour"], parts["minute"], parts["second"])
    if local is None or not parts["tz"]:
        return local
    offset = parts["tz"]
    if offset == "Z":
        aware = local.replace(tzinfo=UTC)
    else:
        sign = 1 if offset[0] == "+" else -1
        digits = offset[1:].replace(":", "")
        aware = local.replace(tzinfo=timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))))
    return aware.astimezone(VIETNAM_TZ)


def parse_vietnamese_datetime(text: str | None, *, default_year: int | None = None) -> datetime | None:
    """Parse the first date in ``text``; ``default_year`` completes a day/month with no year ("Sáng 7/7")."""
    if not text:
        return None
    text = " ".join(str(text).split())
    for pattern in (_TIME_AFTER, _TIME_BEFORE):
        match = pattern.search(text)
        if match:
            found = _build(**{k: match.group(k) for k in ("year", "month", "day", "hour", "minute", "second", "ampm")})
            if found:
                return found
    match = _WORDS.search(text)
    if match:
        found = _build(match["year"], match["month"], match["day"])
        if found:
            time_match = _TIME_ANYWHERE.search(text)
            if time_match:
                return (
                    _build(
                        match["year"],
                        match["month"],
                        match["day"],
                        time_match["hour"],
                        time_match["minute"],
                        time_match["second"],
                        time_match["ampm"],
                    )
                    or found
                )
            return found
    match = _MONTH_WORDS.search(text)
    if match:
        found = _build(match["year"], MONTH_NAMES[match["month"].lower()], match["day"])
        if found:
            return found
    match = _DMY_RE.search(text)
    if match:
        return _build(match["year"], match["month"], match["day"])
    iso = _parse_iso(text)
    if iso:
        return iso
    if default_year is not None:
        match = _DAY_MONTH.search(text)
        if match:
            return _build(default_year, match["month"], match["day"])
    return None


def parse_vietnamese_date(text: str | None, *, default_year: int | None = None) -> date | None:
    """The calendar date (in Vietnam) of ``parse_vietnamese_datetime``."""
    found = parse_vietnamese_datetime(text, default_year=default_year)
    return found.date() if found else None


_META_DATE_SELECTORS = (
    ('meta[property="article:published_time"]', "content"),
    ('[itemprop="datePublished"][content]', "content"),
    ('[itemprop="datePublished"][datetime]', "datetime"),
    ('meta[name="pubdate"]', "content"),
    ('meta[name="publishdate"]', "content"),
    ('meta[property="og:published_time"]', "content"),
    ('meta[name="dc.date.issued"]', "content"),
    ("time[datetime]", "datetime"),
)


def published_from_markup(root) -> datetime | None:
    """Publication datetime declared in machine-readable markup (meta tags, ``<time datetime>``).

    ``root`` is the root element of the page (``scrapers.dom.parse_html``).
    """
    for selector, attribute in _META_DATE_SELECTORS:
        for element in dom.select(root, selector):
            found = parse_vietnamese_datetime(element.get(attribute))
            if found:
                return found
    return None


def published_from_html(html: str) -> datetime | None:
    """Publication date of an HTML page: markup first, then htmldate's heuristics (original date, not updates)."""
    found = published_from_markup(dom.parse_html(html))
    if found:
        return found
    return published_by_htmldate(html)


def published_by_htmldate(html: str) -> datetime | None:
    """htmldate's original publication date of ``html`` (for a caller that already checked the markup)."""
    try:
        from htmldate import find_date

        iso = find_date(html, original_date=True, extensive_search=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate raises on odd trees; a missing date is the honest answer then
        return None
    return parse_vietnamese_datetime(iso) if iso else None
