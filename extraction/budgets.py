"""Read ICT budgets out of one sentence: money beside a budget word and an ICT word.

"UBND tỉnh đã phê duyệt nguồn vốn đầu tư cho kế hoạch ứng dụng CNTT ... 15 tỷ 945 triệu đồng" is a
planned budget (a target) of a multi-year plan (no single year); "Năm 2017, kinh phí chi cho ứng dụng
CNTT là 12,5 tỷ đồng" is an actual of 2017; a yearly series "kinh phí năm 2011 là 120 tỷ đồng; 2012
là 100 tỷ" gives one actual per year; "cuối năm 2012 UBND tỉnh cấp hơn 2,7 tỉ đồng cho Sở ... để
thực hiện đề án ứng dụng CNTT" is money granted (an actual of 2012). A province's revenue ("thu ngân
sách"), a company's capital ("vốn điều lệ"), losses and embezzled sums are not ICT money.
"""

from __future__ import annotations

import re

from .context import ArticleContext, explicit_year, has_period_range, qualifier_before
from .dictionaries import budget_word_matcher, cue_matcher
from .indicators import attribution_doubt, fact_province, national_without_place
from .numbers import clean_value, find_numbers
from .periods import YEAR
from .sentences import Sentence, split_clauses

# "2012 là 100 tỷ", "2015 cũng chỉ khoảng 100 tỷ": a bare year heading its item of a yearly series
_SERIES_YEAR = re.compile(
    rf"(?:^|[;,:])\s*(?:năm\s+)?({YEAR})\s*(?::|là|đạt|cũng|chỉ|khoảng|hơn|gần|trên|\s)*$", re.IGNORECASE
)
# a verb that spends or grants the money right before it ("cấp hơn 2,7 tỉ đồng", "chi 5 tỷ đồng")
_MONEY_VERB_BEFORE = re.compile(
    r"(?<!\w)(?:cấp|chi|phân bổ|giải ngân|rót|đầu tư|hỗ trợ)\s*(?:thêm\s*)?(?:hơn|khoảng|gần|trên|tới|lên tới)?\s*$",
    re.IGNORECASE,
)
_PLAN_NOUNS = re.compile(r"(?<!\w)(?:kế hoạch|dự án|đề án)(?!\w)", re.IGNORECASE)
_FIRM_PLAN = re.compile(r"(?<!\w)(?:phê duyệt|dự kiến|bố trí|sẽ|đề xuất|kiến nghị)(?!\w)", re.IGNORECASE)
_PROGRAMME_TOTAL = re.compile(
    r"(?:tổng vốn|tổng kinh phí|tổng mức đầu tư|kinh phí là|kinh phí thực hiện)", re.IGNORECASE
)
_NOT_ICT_WINDOW = 60
_FINISHED_PERIOD = re.compile(
    r"(?:giai đoạn|thời kỳ|từ năm)?\s*(?:19|20)\d\d\s*(?:-|–|đến)\s*(?:năm\s+)?((?:19|20)\d\d)", re.IGNORECASE
)


def extract_budgets(sentence: Sentence, context: ArticleContext) -> list[dict]:
    """ICT budgets: money beside a budget word and an ICT word ('nguồn vốn ... kế hoạch ứng dụng CNTT ... 15 tỷ 945 triệu đồng').

    A planned budget ("phê duyệt", "dự kiến", "bố trí") is a target; a multi-year total has no single year."""
    text = sentence.text
    facts = []
    sentence_money = [n for n in find_numbers(text) if n.unit == "vnd"]
    if not sentence_money or not _about_ict(text, context):
        return []
    firm_plan = bool(_FIRM_PLAN.search(text))
    plan_noun = bool(_PLAN_NOUNS.search(text)) or bool(cue_matcher("planned_budget_cues").search(text))
    series_open = False  # an earlier clause of the sentence held a budget: its later clauses continue the series
    for clause_start, clause_end in split_clauses(text):
        clause = text[clause_start:clause_end]
        money = [n for n in sentence_money if clause_start <= n.start < clause_end]
        if not money:
            continue
        has_budget_word = bool(budget_word_matcher().search(text, clause_start, clause_end))
        previous_end = clause_start
        for number in money:
            reasons: list[str] = []
            confidence = 0.9
            segment = text[previous_end : number.start]
            verb = _MONEY_VERB_BEFORE.search(text, max(clause_start, number.start - 30), number.start)
            if not (has_budget_word or verb or series_open):
                previous_end = number.end
                continue
            if not has_budget_word and not verb:
                reasons.append("item of a series whose budget word is in an earlier clause")
                confidence *= 0.9
            if cue_matcher("not_ict_money").search(
                text, max(clause_start, number.start - _NOT_ICT_WINDOW), number.start
            ):
                previous_end = number.end
                continue  # revenue, capital, losses: not ICT money
            series = _SERIES_YEAR.search(segment)
            own_year = explicit_year(segment) or (int(series.group(1)) if series else None)
            if own_year is None and has_period_range(clause):
                year = None
            else:
                year = own_year or explicit_year(clause)
            now = context.published_year or context.reference_year
            granted_in_the_past = bool(verb) and year is not None and now is not None and year < now
            period_over = _FINISHED_PERIOD.search(clause)
            finished = bool(period_over) and now is not None and int(period_over.group(1)) < now
            if finished and not context.paragraph_target:
                # "Giai đoạn 2016 – 2020, tổng kinh phí bố trí ... là hơn 22 tỷ đồng", told in 2021: money spent
                kind, year = "actual", own_year
                if own_year is None:
                    reasons.append("money of a finished multi-year period: no single year")
            elif firm_plan or (plan_noun and not granted_in_the_past) or context.paragraph_target or context.is_plan:
                kind = "target"
                if year is None and not has_period_range(clause) and context.plan_is_one_year:
                    year = context.plan_end_year
                if year is None:
                    reasons.append("planned budget of a multi-year plan: no single year")
                if not firm_plan and not context.is_plan and not context.paragraph_target:
                    confidence *= 0.85
                    reasons.append("target/actual ambiguous: a plan is named but no approval or forecast")
            else:
                kind = "actual"
                if not year and not has_period_range(clause):
                    year = context.reference_year
                    reasons.append(
                        "year not stated, article year used" if year else "year not stated and article year unknown"
                    )
                    confidence *= 0.9
            previous_end = number.end
            province_code = fact_province(text, clause_start, number.start, context)
            if province_code is False:
                if not national_without_place(text, clause_start, number.start, context) or cue_matcher(
                    "foreign_words"
                ).search(text, clause_start, clause_end):
                    continue
                province_code = None
                confidence *= 0.8
                reasons.append("national article: no place named for the money")
            confidence, reasons = attribution_doubt(
                text, clause_start, number.start, context, province_code, confidence, reasons
            )
            if not cue_matcher("ict_context_words").search(text):
                confidence *= 0.85
                reasons.append("ICT read from the article, not the sentence")
            series_open = True
            facts.append(
                {
                    "indicator": "ict_budget",
                    "value": clean_value(number.value),
                    "value_high": None,
                    "unit": "vnd",
                    "kind": kind,
                    "year": year,
                    "admin_level": None,
                    "also_level": None,
                    "numerator": None,
                    "denominator": None,
                    "qualifier": qualifier_before(text, number.start),
                    "province_code": province_code,
                    "sentence": text,
                    "char_start": sentence.start,
                    "char_end": sentence.end,
                    "confidence": round(confidence, 2),
                    "uncertainty": reasons,
                }
            )
    return facts


def _about_ict(text: str, context: ArticleContext) -> bool:
    if cue_matcher("ict_context_words").search(text):
        return True
    if context.about_ict and context.is_plan:
        return True  # "Kinh phí thực hiện năm 2018 là 18,6 tỷ đồng" in an ICT plan is the plan's money
    # an article about ICT money: "kinh phí năm 2011 là 120 tỷ đồng" (confidence lowered by the caller)
    return context.about_ict and bool(cue_matcher("plan_words").search(text) or _BUDGET_NOUN.search(text))


_BUDGET_NOUN = re.compile(r"(?<!\w)(?:kinh phí|ngân sách chi|vốn đầu tư|nguồn vốn|tổng vốn)(?!\w)", re.IGNORECASE)
