"""Read ICT budgets out of one sentence: money beside a budget word and an ICT word.

"UBND tỉnh đã phê duyệt nguồn vốn đầu tư cho kế hoạch ứng dụng CNTT ... 15 tỷ 945 triệu đồng" is a
planned budget (a target) of a multi-year plan (no single year); "Năm 2017, kinh phí chi cho ứng dụng
CNTT là 12,5 tỷ đồng" is an actual of 2017. A province's revenue ("thu ngân sách") is not ICT money.
"""
from __future__ import annotations

from .context import ArticleContext, explicit_year, has_period_range, qualifier_before
from .dictionaries import budget_word_matcher, cue_matcher
from .indicators import fact_province
from .numbers import clean_value, find_numbers
from .sentences import Sentence, split_clauses


def extract_budgets(sentence: Sentence, context: ArticleContext) -> list[dict]:
    """ICT budgets: money beside a budget word and an ICT word ('nguồn vốn ... kế hoạch ứng dụng CNTT ... 15 tỷ 945 triệu đồng').

    A planned budget ("phê duyệt", "dự kiến", "bố trí") is a target; a multi-year total has no single year."""
    text = sentence.text
    facts = []
    sentence_money = [n for n in find_numbers(text) if n.unit == "vnd"]
    if not sentence_money or not _about_ict(text, context):
        return []
    planned = bool(cue_matcher("planned_budget_cues").search(text))
    for clause_start, clause_end in split_clauses(text):
        clause = text[clause_start:clause_end]
        money = [n for n in sentence_money if clause_start <= n.start < clause_end]
        if not money or not budget_word_matcher().search(text, clause_start, clause_end):
            continue
        previous_end = clause_start
        for number in money:
            own_year = explicit_year(text[previous_end:number.start])  # "trong đó năm 2020 là 52 tỷ đồng"
            if own_year is None and has_period_range(clause):
                year = None
            else:
                year = own_year or explicit_year(clause)
            if planned or context.paragraph_target or context.is_plan:
                kind = "target"
                if year is None and not has_period_range(clause) and context.plan_is_one_year:
                    year = context.plan_end_year
            else:
                kind = "actual"
                year = year if year or has_period_range(clause) else context.reference_year
            previous_end = number.end
            province_code = fact_province(text, clause_start, number.start, context)
            if province_code is False:
                continue
            facts.append({
                "indicator": "ict_budget", "value": clean_value(number.value), "value_high": None, "unit": "vnd",
                "kind": kind, "year": year, "admin_level": None, "also_level": None,
                "numerator": None, "denominator": None,
                "qualifier": qualifier_before(text, number.start), "province_code": province_code,
                "sentence": text, "char_start": sentence.start, "char_end": sentence.end,
                "confidence": 0.8,
            })
    return facts


def _about_ict(text: str, context: ArticleContext) -> bool:
    if cue_matcher("ict_context_words").search(text):
        return True
    if context.about_ict and context.is_plan:
        return True  # "Kinh phí thực hiện năm 2018 là 18,6 tỷ đồng" in an ICT plan is the plan's money
    return context.about_ict and bool(cue_matcher("plan_words").search(text))
