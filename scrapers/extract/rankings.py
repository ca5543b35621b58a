"""Read national ICT ranking positions (Vietnam ICT Index, the ministry's IT-application ranking).

A ranking sentence names the ranking ("VietNam ICT Index 2015", "mức độ ứng dụng CNTT trong
cơ quan nhà nước năm 2016") and then ranks, for the whole index or for its components:
"Hạ tầng kỹ thuật CNTT xếp thứ 55/63 (Giảm 01 bậc)", "đứng thứ 17 về hạ tầng kỹ thuật",
"đứng cuối cùng trong 63 tỉnh", "Quảng Ninh dẫn đầu", "Bắc Ninh và Hải Phòng lần lượt đứng thứ
4 và 5", with a score ("0,61 điểm") now and then. Ranks are read only where a ranking is named
in the sentence or earlier in its paragraph, and only for a province.
"""
from __future__ import annotations

import re

from .context import ArticleContext
from .dictionaries import cue_matcher, other_index_matcher, ranking_component_matcher, ranking_name_matcher
from .numbers import parse_vietnamese_number
from .periods import YEAR
from .provinces import find_provinces
from .sentences import Sentence

_RANK = re.compile(
    r"(?<!\w)(?:thứ|hạng|vị thứ|vị trí số|vị trí)\s+(?P<rank>\d{1,2})(?!\d)(?:\s*/\s*(?P<out_of>\d{1,2}))?"
    r"(?:\s+(?:trên|trong|/)\s+(?:tổng số\s+|số\s+)?(?P<out_of_words>\d{1,2})(?=\s+(?:tỉnh|địa phương)))?",
    re.IGNORECASE)
_LAST = re.compile(r"đứng\s+(?:ở\s+)?(?:vị trí\s+)?cuối\s+(?:cùng\s+)?(?:bảng\s+)?(?:trong\s+(?:số\s+)?(?:tổng\s+số\s+)?(?P<out_of>\d{1,2}))?",
                   re.IGNORECASE)
# "đứng thứ hai cả nước": ranks written in words, only after a ranking verb ("thứ năm" alone is Thursday)
_RANK_WORDS = {"nhì": 2, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
_RANK_IN_WORDS = re.compile(r"(?:đứng|xếp|giữ vị trí|xếp hạng)\s+(?:ở\s+)?(?:vị trí\s+)?thứ\s+(?P<word>nhì|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười)(?!\w)",
                            re.IGNORECASE)
# every rank wording holds one of these words: a cheap test before the five rank patterns
_RANK_HINT = re.compile(r"thứ|hạng|vị trí|cuối|đầu|nhất", re.IGNORECASE)
_LEADER_NAMED_AFTER = re.compile(r"[^.;,]{0,40}?\s(?:vẫn\s+)?(?:là|thuộc về)\s+(?:tỉnh\s+|thành phố\s+|TP\.?\s*)?", re.IGNORECASE)
_FIRST = re.compile(r"dẫn đầu|đứng đầu|(?:xếp|đứng)\s+(?:ở\s+)?(?:vị trí\s+)?(?:thứ\s+)?nhất", re.IGNORECASE)
_RESPECTIVELY = re.compile(
    r"lần lượt\s+(?:đứng|xếp|giữ|ở)?\s*(?:ở\s+)?(?:vị trí\s+)?(?:thứ|hạng)\s+(?P<ranks>\d{1,2}(?:\s*(?:,|và)\s*(?:thứ\s+|hạng\s+)?\d{1,2})+)",
    re.IGNORECASE)
_CHANGE = re.compile(r"\s*[,(]?\s*(?P<direction>tăng|giảm|tụt|vượt|lên|xuống)\s+0?(?P<steps>\d{1,2})\s+(?:bậc|hạng|vị trí|bước)",
                     re.IGNORECASE)
_SCORE = re.compile(r"(?P<score>\d+(?:,\d+)?)\s*điểm", re.IGNORECASE)
_OUT_OF_IN_SENTENCE = re.compile(r"(?:trong|so với|trên|giữa)\s+(?:số\s+|tổng số\s+)?(\d{2})\s+(?:tỉnh|địa phương)", re.IGNORECASE)
_ABOUT = re.compile(r"\s*về\s+", re.IGNORECASE)
_YEAR_RIGHT_AFTER_NAME = re.compile(rf"\s*\)?\s*(?:năm\s+)?({YEAR})(?!\d)", re.IGNORECASE)
_YEAR_AFTER_NAME = re.compile(rf"[^;:.]{{0,70}}?(?:năm\s+)?({YEAR})", re.IGNORECASE)
_NOT_THE_RANKING_YEAR = re.compile(r"so với\s*(?:năm\s*)?$", re.IGNORECASE)
_REGIONAL = re.compile(r"\s*(?:trong|của|tại|ở)\s+(?:khu vực|vùng|miền|các tỉnh)(?!\s+(?:cả nước|toàn quốc))", re.IGNORECASE)
_COMPONENT_JOIN = re.compile(r"\s*(?:,|và)?\s*(?:về\s+)?", re.IGNORECASE)
_YEAR_WITH_NAM = re.compile(rf"năm\s+({YEAR})", re.IGNORECASE)
_SMALL_NUMBER = re.compile(r"\d{1,2}")
_COMPONENT_LEFT_WINDOW = 70
_PARAGRAPHS_A_RANKING_GOVERNS = 2
_CLAUSE_DELIMITER = re.compile(r"[;:]|\.\s")


def _ranking_named(text: str):
    return ranking_name_matcher().find_all(text)


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
        gap = text[cursor:match.start]
        if gap.strip(" ,") and not _COMPONENT_JOIN.fullmatch(gap):
            break
        found.append(match.value)
        cursor = match.end
    return found


def _component_before(text: str, start: int, floor: int, excluded: list) -> str | None:
    window_start = max(floor, start - _COMPONENT_LEFT_WINDOW)
    for delimiter in (";", ":", ".", "("):
        position = text.rfind(delimiter, window_start, start)
        if position >= 0:
            window_start = max(window_start, position + 1)
    matches = [m for m in ranking_component_matcher().find_all(text, window_start, start)
               if not any(e.start < m.end and m.start < e.end for e in excluded)]
    return matches[-1].value if matches else None


def extract_rankings(sentence: Sentence, context: ArticleContext, state: dict) -> list[dict]:
    """Ranking entries of one sentence. ``state`` carries the ranking named earlier in the paragraph."""
    text = sentence.text
    names = _ranking_named(text)
    if state.get("paragraph") != sentence.paragraph:
        # a ranking named in one paragraph still governs the next ones of a ranking story,
        # but only for a short while
        state["paragraphs_since_named"] = state.get("paragraphs_since_named", 0) + 1
        state["paragraph"] = sentence.paragraph
        if state["paragraphs_since_named"] > _PARAGRAPHS_A_RANKING_GOVERNS:
            state.pop("ranking", None)
    if not names and other_index_matcher().search(text):
        state.pop("ranking", None)  # "Chỉ số PCI ... Quảng Ninh đứng thứ nhất" is not an ICT rank
        return []
    if names:
        state["paragraphs_since_named"] = 0
        state["ranking"] = names[0].value
        # the year of the ranking: "ICT Index 2017" / "ICT Index năm 2017", else "Năm 2017, chỉ số ICT Index",
        # else a year a little further after the name ("mức độ ứng dụng CNTT trong cơ quan nhà nước năm 2016")
        close_after = _YEAR_RIGHT_AFTER_NAME.match(text, names[0].end)
        before = _YEAR_WITH_NAM.findall(text[max(0, names[0].start - 40):names[0].start])
        after = _YEAR_AFTER_NAME.match(text, names[0].end)
        if close_after:
            year = int(close_after.group(1))
        elif before:
            year = int(before[-1])
        elif after and not _NOT_THE_RANKING_YEAR.search(text[:after.start(1)]):
            year = int(after.group(1))
        else:
            year = None
        state["year"] = year
    ranking = state.get("ranking")
    if not ranking:
        return []
    mentions = _rank_mentions(text) if _RANK_HINT.search(text) else []
    if not mentions:
        return []
    out_of_match = _OUT_OF_IN_SENTENCE.search(text)
    sentence_out_of = int(out_of_match.group(1)) if out_of_match else None
    entries = []
    last_province = None
    previous_end = 0
    for start, end, rank, out_of, provinces_for in mentions:
        provinces = find_provinces(text, previous_end, start)
        if provinces:
            last_province = provinces[-1].province_code
        if _REGIONAL.match(text, end):
            previous_end = end
            continue  # "xếp thứ 5 trong khu vực Tây Nguyên" is not a national rank
        components = _components_after(text, end, len(text), names)
        if not components:
            component = _component_before(text, start, previous_end, names)
            components = [component or "overall"]
        change_match = _CHANGE.match(text, end)
        change = None
        if change_match:
            steps = int(change_match.group("steps"))
            change = -steps if change_match.group("direction").lower() in ("giảm", "tụt", "xuống") else steps
        next_start = min([m[0] for m in mentions if m[0] > start], default=len(text))
        score_match = _SCORE.search(text, previous_end, next_start)
        score = parse_vietnamese_number(score_match.group("score")) if score_match else None
        owners = provinces_for or [last_province]
        foreign = cue_matcher("foreign_words").search(text, previous_end, next_start)
        for owner in owners:
            if owner is None and (context.province_code is None or foreign):
                continue  # "Việt Nam xếp thứ 108 trên thế giới" is not a provincial rank
            province_code = None if owner in (None, context.province_code) else owner
            # "năm 2015 xếp thứ 40, năm 2016 xếp thứ 35": a year written just before a rank is its own
            own_year = _YEAR_WITH_NAM.findall(text[max(previous_end, start - 25):start])
            year = int(own_year[-1]) if own_year else state.get("year")
            for component in components:
                entries.append({
                    "ranking": ranking,
                    "component": component,
                    "rank": rank,
                    "out_of": out_of or sentence_out_of or (34 if (year or 0) >= 2025 else 63),
                    "year": year,
                    "change": change,
                    "score": score,
                    "province_code": province_code,
                    "sentence": text,
                    "char_start": sentence.start,
                    "char_end": sentence.end,
                    "confidence": 0.85,
                })
        previous_end = end
    return entries


def _rank_mentions(text: str) -> list[tuple[int, int, int, int | None, list[str]]]:
    """(start, end, rank, out_of, provinces it belongs to when named with 'lần lượt') in order."""
    mentions = []
    taken: list[tuple[int, int]] = []
    for match in _RESPECTIVELY.finditer(text):
        ranks = [int(r) for r in _SMALL_NUMBER.findall(match.group("ranks"))]
        delimiters = [m.end() for m in _CLAUSE_DELIMITER.finditer(text, 0, match.start())]
        clause_start = delimiters[-1] if delimiters else 0
        named = [m.province_code for m in find_provinces(text, clause_start, match.start())]
        named = list(dict.fromkeys(named))[-len(ranks):]
        if len(named) != len(ranks):
            continue
        for rank, province in zip(ranks, named):
            mentions.append((match.start(), match.end(), rank, None, [province]))
        taken.append(match.span())
    for match in _RANK.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        out_of = match.group("out_of") or match.group("out_of_words")
        rank = int(match.group("rank"))
        if out_of and rank > int(out_of):
            continue
        if not (1 <= rank <= 63):
            continue
        mentions.append((match.start(), match.end(), rank, int(out_of) if out_of else None, []))
        taken.append(match.span())
    for match in _RANK_IN_WORDS.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        mentions.append((match.start(), match.end(), _RANK_WORDS[match.group("word").lower()], None, []))
        taken.append(match.span())
    for match in _LAST.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        out_of = match.group("out_of")
        total = int(out_of) if out_of else 63
        mentions.append((match.start(), match.end(), total, total, []))
        taken.append(match.span())
    for match in _FIRST.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        # "Quảng Ninh dẫn đầu": only a province can lead ("người đứng đầu" is a head of office)
        if not find_provinces(text, max(0, match.start() - 30), match.start()):
            after = _LEADER_NAMED_AFTER.match(text, match.end())
            if after:  # "Dẫn đầu bảng xếp hạng năm nay vẫn là Đà Nẵng"
                named = find_provinces(text, after.end(), min(len(text), after.end() + 40))
                if named and named[0].start == after.end():
                    mentions.append((match.start(), match.end(), 1, None, [named[0].province_code]))
            continue
        mentions.append((match.start(), match.end(), 1, None, []))
    mentions.sort(key=lambda m: m[0])
    return mentions
