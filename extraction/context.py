"""What a number means beyond its value: target or actual, which year, which qualifier.

Vietnamese plans and reports mark targets with cues ("phấn đấu", "mục tiêu", "đến năm 2020
đạt", "sẽ") and achievements with others ("đã", "đến nay", "hiện có"). A cue may open a
paragraph and hold for the sentences after it ("Mục tiêu cụ thể đến năm 2010 là ... . Tỷ lệ
... đạt 60%"), and a plan's title makes its unmarked figures targets. This module keeps that
state for one article and answers, for one number, its kind, year and qualifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dictionaries import cue_matcher
from .periods import YEAR, find_period

# "200.000 máy tính tại 150 quốc gia": a figure counted over several countries is the world's, not Vietnam's
COUNTRIES_COUNTED = re.compile(r"\d+\s+(?:quốc gia|nước)(?!\w)", re.IGNORECASE)

_BY_YEAR = re.compile(
    rf"(?:đến|tới|trong|vào|hết|cuối|trước|đầu)\s+(?:cuối\s+|hết\s+|đầu\s+)?(?:năm\s+)?({YEAR})(?!\s*[-–]\s*\d)"
    rf"|giai\s+đoạn\s+(?:từ\s+)?(?:năm\s+)?{YEAR}\s*(?:-|–|đến)\s*(?:năm\s+)?({YEAR})",
    re.IGNORECASE,
)
_CUE_WINDOW = 400
_DEADLINE_WORD = re.compile(r"cuối|hết", re.IGNORECASE)
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")
_PERIOD_RANGE = re.compile(
    rf"(?:giai\s+đoạn|thời\s+kỳ|từ)\s+(?:năm\s+)?{YEAR}\s*(?:-|–|đến)\s*(?:năm\s+)?({YEAR})", re.IGNORECASE
)
_EXPLICIT_YEAR = re.compile(rf"(?<!so với )(?<!so với\s)(?:năm|Năm)\s+({YEAR})(?!\s*[-–]\s*\d)")
_QUALIFIER_BEFORE = re.compile(
    r"(?:(?P<more>trên|hơn|vượt|vượt quá|ngoài)|(?P<about>khoảng|gần|xấp xỉ|chừng|ước|ước tính|ước đạt|trung bình đạt khoảng|đạt khoảng|có khoảng|tới gần|lên tới gần))"
    r"\s*(?:mức\s*)?$",
    re.IGNORECASE,
)


_CONTINUES = re.compile(r"\s*(?:Cùng với đó|Bên cạnh đó|Đồng thời|Ngoài ra)\s*,", re.IGNORECASE)
_PLAN_OF_A_YEAR = re.compile(
    rf"(?:kế hoạch|mục tiêu|chỉ tiêu|nhiệm vụ)[^.;:]{{0,60}}?(?:cho|trong|của)?\s*năm\s+({YEAR})(?!\s*[-–]\s*\d)",
    re.IGNORECASE,
)
# "Kế hoạch ... nêu rõ các cơ quan phải ...": a sentence stating what a plan requires
_PLAN_STATEMENT = re.compile(r"^\s*(?:Kế hoạch|Mục tiêu|Chỉ tiêu|Đề án)(?!\w)[^.;]*(?<!\w)(?:phải|cần)(?!\w)")
_ANY_RANGE = re.compile(rf"{YEAR}\s*[-–]\s*{YEAR}")
_PLAN_LEAD_SENTENCES = 3  # the plan an article reports is named in its lead


@dataclass
class ArticleContext:
    province_code: str | None
    reference_year: int | None  # the year actuals refer to when the text names none
    published_year: int | None = None
    published: str | None = None  # the publication date (ISO) when the page shows it
    # the article names Vietnam (or its state bodies) and no other country anywhere: its untied figures are Vietnam's
    only_vietnam_named: bool = False
    title: str | None = None
    is_plan: bool = False  # the title announces a plan: unmarked figures are targets
    about_ict: bool = False  # the title is about ICT: "kế hoạch" in the text is an ICT plan
    plan_end_year: int | None = None
    plan_is_one_year: bool = False  # "Kế hoạch ... năm 2019": its budget is that year's
    # impossible values ("đạt 250%") become flagged facts instead of being dropped (the pipeline's evidence)
    include_implausible: bool = False
    # paragraph state: a target cue that opened the current paragraph
    paragraph: int = -1
    paragraph_target: bool = False
    paragraph_target_year: int | None = None
    inherited_target: bool = False
    inherited_target_year: int | None = None
    previous_sentences: list = field(default_factory=list)
    # "Kế hoạch cải cách hành chính năm 2019 ...", "đặt mục tiêu cho năm 2019:": the year of the plan the article reports
    article_target_year: int | None = None
    last_sentence_target: bool = False
    last_sentence_target_year: int | None = None
    # the percentage indicator of the sentence before, for a breakdown that follows it ("Trong đó, ...")
    last_indicator: str | None = None
    last_indicator_paragraph: int = -1
    # the one administrative level the paragraph's sentences so far gave their figures ("100% cơ quan cấp
    # tỉnh có mạng LAN. Tỷ lệ CBCC được trang bị máy tính đạt 100%. Cùng với đó, 100% huyện ...")
    paragraph_level: str | None = None
    paragraph_level_paragraph: int = -1

    def latest_period(self) -> tuple | None:
        """The reporting period named most recently before this sentence ("Trong quý III/2019, ...")."""
        for text in reversed(self.previous_sentences):
            period = find_period(text, self.reference_year)
            if period and period[0]:
                return period
        return None

    def enter_sentence(self, paragraph: int, sentence_text: str) -> None:
        if paragraph != self.paragraph:
            self.paragraph = paragraph
            self.paragraph_target = False
            self.paragraph_target_year = None
        # what earlier sentences opened governs this one; this sentence's own cues are read locally
        self.inherited_target, self.inherited_target_year = self.paragraph_target, self.paragraph_target_year
        if _CONTINUES.match(sentence_text) and self.last_sentence_target and not self.inherited_target:
            # "Cùng với đó, 100% văn bản ..." continues the goals of the sentence before, even in a new paragraph
            self.inherited_target, self.inherited_target_year = True, self.last_sentence_target_year
        if self.article_target_year is None and len(self.previous_sentences) < _PLAN_LEAD_SENTENCES:
            plan_year = _PLAN_OF_A_YEAR.search(sentence_text)
            if plan_year and not _ANY_RANGE.search(sentence_text):
                self.article_target_year = int(plan_year.group(1))
        has_target_cue = bool(
            cue_matcher("target_cues").search(sentence_text)
            or (("phải" in sentence_text or "cần" in sentence_text) and _PLAN_STATEMENT.search(sentence_text))
        )
        self.last_sentence_target = has_target_cue or self.inherited_target
        self.last_sentence_target_year = (
            target_year_in(sentence_text) if has_target_cue else None
        ) or self.inherited_target_year
        if cue_matcher("strong_target_cues").search(sentence_text):
            self.paragraph_target = True
            by_year = target_year_in(sentence_text)
            if by_year:
                self.paragraph_target_year = by_year
        elif self.paragraph_target:
            by_year = target_year_in(sentence_text)
            if by_year and not self.paragraph_target_year:
                self.paragraph_target_year = by_year


def target_year_in(text: str) -> int | None:
    if not _ANY_YEAR.search(text):
        return None
    match = _BY_YEAR.search(text)
    if not match:
        return None
    return int(match.group(1) or match.group(2))


def has_period_range(text: str) -> bool:
    return bool(_PERIOD_RANGE.search(text))


_SINCE_BEFORE_YEAR = re.compile(r"(?:từ|kể từ|bắt đầu từ)\s+(?:đầu\s+|cuối\s+)?$", re.IGNORECASE)


def explicit_year(text: str) -> int | None:
    """The last 'năm 2016' named in a text, nearest to what follows it (not 'so với năm 2014', not a range)."""
    found = None
    for match in _EXPLICIT_YEAR.finditer(text):
        before = text[max(0, match.start() - 8) : match.start()].lower()
        if "so với" in before or _SINCE_BEFORE_YEAR.search(text, max(0, match.start() - 12), match.start()):
            continue  # "so với năm 2014": a comparison; "triển khai từ năm 2017": when it began, not the figure's year
        found = int(match.group(1))
    return found


def qualifier_before(text: str, number_start: int) -> str | None:
    match = _QUALIFIER_BEFORE.search(text[max(0, number_start - 30) : number_start])
    if not match:
        return None
    return "more_than" if match.group("more") else "about"


def decide_kind_and_year(
    context: ArticleContext,
    clause: str,
    number_offset_in_clause: int,
    sentence: str,
    sentence_before_clause: str = "",
    figure_end_in_clause: int | None = None,
) -> tuple[str, int | None, float]:
    """(kind, year, confidence) for a number at ``number_offset_in_clause`` of ``clause`` (see ``decide``)."""
    kind, year, confidence, _ = decide(
        context, clause, number_offset_in_clause, sentence, sentence_before_clause, figure_end_in_clause
    )
    return kind, year, confidence


def decide(
    context: ArticleContext,
    clause: str,
    number_offset_in_clause: int,
    sentence: str,
    sentence_before_clause: str = "",
    figure_end_in_clause: int | None = None,
) -> tuple[str, int | None, float, list[str]]:
    """(kind, year, confidence, reasons for doubt) for a number at ``number_offset_in_clause`` of ``clause``.

    ``sentence_before_clause`` is the sentence up to the clause: "Năm 2019, A đạt 85%; B đạt 100%"
    dates both clauses. Words after the next figure (``figure_end_in_clause``) belong to that figure:
    "mới đạt khoảng 7%, trong khi mục tiêu đến năm 2020 là 30%". An actual takes the year the text
    states for it, else the article's year (or none when that is unknown); a target takes its
    deadline ("đến cuối năm 2017"), else the year of the plan it belongs to ("phấn đấu trong năm" of
    the 2019 plan)."""
    whole_sentence = sentence
    if figure_end_in_clause is not None:
        clause = clause[: max(figure_end_in_clause, number_offset_in_clause)]
        sentence = sentence_before_clause + clause
    # only the words near a figure speak about it; bounded windows also keep long tables linear
    if number_offset_in_clause > _CUE_WINDOW:
        cut = number_offset_in_clause - _CUE_WINDOW
        clause, number_offset_in_clause = clause[cut:], _CUE_WINDOW
    clause = clause[: number_offset_in_clause + _CUE_WINDOW]
    sentence_before_clause = sentence_before_clause[-_CUE_WINDOW:]
    sentence = sentence[: _CUE_WINDOW * 2] if len(sentence) > _CUE_WINDOW * 4 else sentence
    before = clause[:number_offset_in_clause]
    stated_year = explicit_year(before) or explicit_year(sentence_before_clause) or explicit_year(clause)
    # cues earlier in the sentence govern its later clauses ("yêu cầu ... phải đạt 90%; 100% xã ...")
    lead = sentence_before_clause + before
    after = clause[number_offset_in_clause:]
    actual_cues = cue_matcher("actual_cues").find_all(lead) + cue_matcher("actual_cues").find_all(after)
    # "hoàn thành chỉ tiêu", "vượt kế hoạch": a target word inside an achievement is no target
    target_cues = [m for m in cue_matcher("target_cues").find_all(lead) if not _inside_achievement(lead, m.start)]
    target_cues += [m for m in cue_matcher("target_cues").find_all(after) if not _inside_achievement(after, m.start)]
    by_year_match = _nearest_by_year(clause, number_offset_in_clause) if _ANY_YEAR.search(sentence) else None
    if by_year_match is None and _ANY_YEAR.search(sentence):
        by_year_match = _BY_YEAR.search(sentence)
    by_year = int(by_year_match.group(1) or by_year_match.group(2)) if by_year_match else None
    nearest_target = max((m.start if m.start < len(lead) else len(lead) for m in target_cues), default=-1)
    nearest_actual = max((m.start if m.start < len(lead) else len(lead) for m in actual_cues), default=-1)
    # "đến cuối năm 2018" written during 2018 is still ahead
    deadline_this_year = bool(by_year_match) and _DEADLINE_WORD.search(by_year_match.group(0))
    # "now" is the publication year when known (a January review of last year is dated by its report year)
    now = context.published_year or context.reference_year
    future_by_year = by_year is not None and (now is None or by_year > now or (by_year == now and deadline_this_year))
    # a year written before the figure in its own clause ("năm 2013 thống kê có khoảng 40%") beats a deadline after it
    own_year_before = explicit_year(before)
    if by_year is not None and not future_by_year and nearest_target < 0:
        if own_year_before and by_year_match.start() >= number_offset_in_clause:
            return "actual", own_year_before, 0.9, []
        return "actual", by_year, 0.85, []
    if nearest_target > nearest_actual or (future_by_year and nearest_actual < 0):
        return ("target",) + _target_year(context, by_year, stated_year, 0.9)
    if nearest_actual >= 0:
        return ("actual",) + _actual_year(context, stated_year, 0.9)
    if context.inherited_target and not cue_matcher("actual_cues").search(whole_sentence):
        # (a sentence that says elsewhere what is already done, "..., hiện đã kết nối ...", reports, not plans)
        kind_year = _target_year(context, by_year, stated_year, 0.8)
        return "target", kind_year[0], kind_year[1], kind_year[2] + ["target read from an earlier sentence"]
    if context.is_plan and not (stated_year and context.reference_year and stated_year < context.reference_year):
        year = by_year or context.plan_end_year
        return "target", year, 0.75, ["target read from the plan in the title"]
    kind_year = _actual_year(context, stated_year, 0.8)
    return "actual", kind_year[0], kind_year[1], kind_year[2] + ["no target or achievement cue: actual assumed"]


_ACHIEVED_BEFORE = re.compile(r"(?:hoàn thành|vượt|đạt|đạt được|về đích)\s*(?:các\s+|những\s+)?$", re.IGNORECASE)


def _inside_achievement(text: str, cue_start: int) -> bool:
    return bool(_ACHIEVED_BEFORE.search(text, max(0, cue_start - 20), cue_start))


def _nearest_by_year(text: str, position: int):
    """The deadline written nearest before ``position`` ("đến cuối năm 2017 cung cấp 40%", not the
    programme "giai đoạn 2016-2020" that opened the sentence), else the first one after it."""
    before = None
    for match in _BY_YEAR.finditer(text):
        if match.start() < position:
            before = match
        else:
            return before or match
    return before


def _target_year(context: ArticleContext, by_year, stated_year, confidence):
    year = by_year or stated_year or context.inherited_target_year or context.plan_end_year
    if year:
        return year, confidence, []
    if context.article_target_year:
        return context.article_target_year, confidence * 0.9, ["target year taken from the plan the article names"]
    return None, confidence * 0.95, ["target year not stated"]


def _actual_year(context: ArticleContext, stated_year, confidence):
    if stated_year:
        return stated_year, confidence, []
    if context.reference_year:
        return context.reference_year, confidence * 0.93, ["year not stated, article year used"]
    return None, confidence * 0.95, ["year not stated and article year unknown"]
