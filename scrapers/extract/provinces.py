"""Name the province an article is about, and find provinces named in a sentence.

Codes are the 63 pre-2025 GSO codes (data/provinces.csv, copied from the shared spec so the
package runs without it). An article is a province's when its title says so ("Kon Tum: ...",
"Chủ tịch Hà Nội: ...") or when one province clearly dominates its text ("tỉnh Đắk Nông",
"Sở TT&TT Hà Tĩnh"); otherwise it is national (None).
"""
from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit
from collections import Counter
from dataclasses import dataclass

from .dictionaries import province_rows


@dataclass(frozen=True)
class ProvinceMention:
    start: int
    end: int
    province_code: str
    qualified: bool  # written as "tỉnh X", "thành phố X", "TP X": certainly the province


# "Thái Bình Dương" is the Pacific Ocean; "Hồ Chí Minh" alone is usually the president.
_EXCLUDED_FOLLOWERS = {"Thái Bình": r"(?!\s+Dương)", "Bình Dương": ""}
_EXCLUDED_PRECEDERS = {"Bình Dương": r"(?<!Thái )"}
_QUALIFIER = re.compile(r"(?:tỉnh|thành phố|TP\.?|Tp\.?|TP\s|thủ đô|Sở\s+[^,.;]{0,40}?|UBND)\s*$")
# Article-level self references: a provincial paper writes "tỉnh ta", "toàn tỉnh", "của tỉnh".
_SELF_REFERENCE = re.compile(r"tỉnh ta|toàn tỉnh|của tỉnh|trên địa bàn tỉnh|thành phố ta|toàn thành phố|Thành phố hiện có",
                             re.IGNORECASE)
_NATIONAL_SCOPE = re.compile(r"cả nước|toàn quốc|Việt Nam|các tỉnh, thành phố|các bộ, ngành", re.IGNORECASE)
_TITLE_PREFIX = re.compile(r"^\s*([^:]{2,40}):")


@functools.cache
def _alias_pattern() -> tuple[re.Pattern, dict[str, str]]:
    alias_to_code: dict[str, str] = {}
    for row in province_rows():
        for alias in row["aliases"].split(";"):
            alias = alias.strip()
            if alias:
                alias_to_code[alias] = row["province_code"]
    alternatives = []
    for alias in sorted(alias_to_code, key=lambda a: (-len(a), a)):
        escaped = re.escape(alias).replace(r"\ ", r"\s+")
        alternatives.append(_EXCLUDED_PRECEDERS.get(alias, "") + escaped + _EXCLUDED_FOLLOWERS.get(alias, ""))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    return pattern, {" ".join(a.split()): c for a, c in alias_to_code.items()}


def find_provinces(text: str, start: int = 0, end: int | None = None) -> list[ProvinceMention]:
    pattern, alias_to_code = _alias_pattern()
    end = len(text) if end is None else end
    mentions = []
    for match in pattern.finditer(text, start, end):
        code = alias_to_code.get(" ".join(match.group(0).split()))
        if code is None:
            continue
        before = text[max(0, match.start() - 50):match.start()]
        mentions.append(ProvinceMention(match.start(), match.end(), code, bool(_QUALIFIER.search(before))))
    return mentions


def detect_article_province(title: str | None, text: str, *, url: str | None = None,
                            source_province_code: str | None = None) -> str | None:
    """The article's province (pre-2025 code), or None for a national article.

    A title that opens with a province ("Kon Tum: Phê duyệt ...") wins even over the source's own
    province: a ministry or a neighbour's site reports on other provinces too."""
    if title:
        prefix = _TITLE_PREFIX.match(title)
        if prefix:
            named = {m.province_code for m in find_provinces(prefix.group(1))}
            if len(named) == 1:
                return named.pop()
    if source_province_code:
        return source_province_code
    registry_code = _province_from_registry(url)
    if registry_code:
        return registry_code
    scores: Counter[str] = Counter()
    for mention in find_provinces(title or ""):
        scores[mention.province_code] += 3
    for mention in find_provinces(text):
        scores[mention.province_code] += 2 if mention.qualified else 1
    if not scores:
        return None
    ranked = scores.most_common(2)
    best_code, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    self_referencing = bool(_SELF_REFERENCE.search(text))
    # "Huyện Đức Trọng (tỉnh Lâm Đồng)": the only province named, named as a province, in a local story
    only_one_named = len(scores) == 1 and not _NATIONAL_SCOPE.search(text)
    needed = 2 if self_referencing or only_one_named else 5
    if best_score >= needed and best_score >= 2 * runner_up + 1:
        return best_code
    return None


def _province_from_registry(url: str | None) -> str | None:
    """A registered provincial source names its province; the registry may not exist yet."""
    if not url:
        return None
    return _province_of_host(urlsplit(url).netloc.lower(), url)


@functools.lru_cache(maxsize=4096)
def _province_of_host(host: str, url: str) -> str | None:
    # one registry lookup per host: the registry reads its YAML file on every call
    try:
        from scrapers.registry import find_source_for_url  # written concurrently by the crawl side
    except Exception:  # noqa: BLE001 - any import problem means: no registry to ask
        return None
    try:
        source = find_source_for_url(url)
    except Exception:  # noqa: BLE001 - a broken registry file must not stop extraction
        return None
    code = getattr(source, "province_code", None) if source is not None else None
    return str(code) if code else None
