"""Read counts of agencies that run a system: "Một cửa điện tử liên thông 17 sở, ngành, 11/11 UBND huyện,
156 xã, phường", "18 đơn vị cấp sở, ban, ngành đã triển khai mô hình Một cửa điện tử".

Here the number counts agencies, not the system, so the indicator's phrase names what they run and the
noun after the number names the level: one fact per level. Which indicators are read this way, and the
phrases that must be in the sentence, are data (``agency_counts`` in data/indicators.yaml). "11/11 UBND
huyện" counts 11 (all eleven districts).
"""

from __future__ import annotations

import functools
import re

from .context import ArticleContext, decide
from .dictionaries import PhraseMatcher, indicator_definitions, level_matcher
from .indicators import attribution_doubt, fact_province
from .sentences import Sentence

# a count, maybe "of all" ("11/11"), then the agencies counted, each noun naming its level
_AGENCY_COUNT = re.compile(
    r"(?<![\d/.,])(?P<count>\d{1,4})(?:\s*/\s*(?P<of>\d{1,4}))?\s+(?:đơn vị\s+(?:cấp\s+)?|cơ quan\s+(?:cấp\s+)?)?"
    r"(?P<agencies>sở,\s*ban,\s*ngành|sở,\s*ngành|sở ban ngành|sở ngành|sở|UBND\s+(?:cấp\s+)?huyện|huyện,\s*thị xã|huyện|"
    r"UBND\s+(?:cấp\s+)?xã|xã,\s*phường|xã)(?!\w)",
    re.IGNORECASE,
)
_CONFIDENCE = 0.85


@functools.cache
def _requirements() -> tuple[tuple[str, PhraseMatcher], ...]:
    """(indicator, matcher of the phrases one of which the sentence must hold) per agency-count indicator."""
    found = []
    for code, definition in indicator_definitions().items():
        phrases = (definition or {}).get("agency_counts") or []
        if phrases:
            found.append((code, PhraseMatcher({phrase: code for phrase in phrases})))
    return tuple(found)


def extract_agency_counts(sentence: Sentence, context: ArticleContext, claimed: set[int]) -> list[dict]:
    """Facts for counts of agencies running a system named in the same sentence."""
    text = sentence.text
    facts = []
    for indicator, matcher in _requirements():
        phrase = matcher.search(text)
        if phrase is None:
            continue
        for match in _AGENCY_COUNT.finditer(text):
            if match.start() in claimed:
                continue
            level = level_matcher().search(match.group("agencies"))
            if level is None or level.value in ("none", "all"):
                continue
            kind, year, confidence, reasons = decide(context, text, match.start(), text)
            confidence = min(confidence, _CONFIDENCE)
            reasons = list(reasons)
            if abs(match.start() - phrase.start) > 160:
                confidence *= 0.9
                reasons.append("the system named far from the count")
            province_code = fact_province(text, 0, match.start(), context)
            if province_code is False:
                continue
            confidence, reasons = attribution_doubt(text, 0, match.start(), context, province_code, confidence, reasons)
            claimed.add(match.start())
            facts.append(
                {
                    "indicator": indicator,
                    "value": int(match.group("count")),
                    "value_high": None,
                    "unit": "count",
                    "kind": kind,
                    "year": year,
                    "admin_level": level.value,
                    "also_level": None,
                    "numerator": None,
                    "denominator": None,
                    "qualifier": None,
                    "province_code": province_code,
                    "sentence": text,
                    "char_start": sentence.start,
                    "char_end": sentence.end,
                    "confidence": round(confidence, 2),
                    "uncertainty": reasons,
                }
            )
    return facts
