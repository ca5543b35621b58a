"""Name the province an article is about, and find provinces named in a sentence.

Codes are the 63 pre-2025 GSO codes of the dbt seed ref_provinces.csv, which owns their names and
2025 successors; data/province_aliases.csv holds only how each is written in text and in site
addresses (a test keeps its codes equal to the seed's). An article is a province's when its title says so ("Kon Tum: ...",
"Chủ tịch Hà Nội: ...") or when one province clearly dominates its text ("tỉnh Đắk Nông",
"Sở TT&TT Hà Tĩnh"); otherwise it is national (None).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from .dictionaries import first_character_guard, province_alias_rows


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
# Both are matched against the lower-cased article: without IGNORECASE the engine skips ahead to the
# alternatives' first letters instead of trying every position of a long text.
_SELF_REFERENCE = re.compile(
    r"tỉnh ta|toàn tỉnh|của tỉnh|trên địa bàn tỉnh|thành phố ta|toàn thành phố|thành phố hiện có"
)
_NATIONAL_SCOPE = re.compile(r"cả nước|toàn quốc|việt nam|các tỉnh, thành phố|các bộ, ngành")
# "Bộ Tài chính, BHXH Việt Nam và Huế dẫn đầu ...": a title that names ministries too is national news
_AGENCY_IN_TITLE = re.compile(
    r"(?<!\w)(?:Bộ\s+[A-ZĐ]|BHXH|Bảo hiểm xã hội|Ngân hàng Nhà nước|các bộ|cả nước|toàn quốc)"
)
# vendors and national response centres whose figures are the country's ("Theo Bkav, ...")
_NATIONAL_SECURITY_SOURCE = re.compile(
    r"Bkav|Kaspersky|VNCERT|NCSC|Cục An toàn thông tin|Trung tâm Giám sát an toàn không gian mạng"
)
_ROUND_UP_PROVINCES = 3  # a national story that names this many provinces is a round-up, not one province's
_TITLE_PREFIX = re.compile(r"^\s*([^:]{2,40}):")


@functools.cache
def _alias_pattern() -> tuple[re.Pattern, dict[str, str]]:
    alias_to_code: dict[str, str] = {}
    for row in province_alias_rows():
        for alias in row["aliases"].split(";"):
            alias = alias.strip()
            if alias:
                alias_to_code[alias] = row["province_code"]
    alternatives = []
    for alias in sorted(alias_to_code, key=lambda a: (-len(a), a)):
        # "thành phố Hồ chí Minh": pages capitalise the later words of a name carelessly
        first, _, rest = alias.partition(" ")
        escaped = re.escape(first) + ((r"\s+(?i:" + re.escape(rest).replace(r"\ ", r"\s+") + ")") if rest else "")
        alternatives.append(_EXCLUDED_PRECEDERS.get(alias, "") + escaped + _EXCLUDED_FOLLOWERS.get(alias, ""))
    pattern = re.compile(
        r"(?<!\w)" + first_character_guard(alias_to_code) + r"(?:" + "|".join(alternatives) + r")(?!\w)"
    )
    return pattern, {_alias_key(a): c for a, c in alias_to_code.items()}


def _alias_key(text: str) -> str:
    first, _, rest = " ".join(text.split()).partition(" ")
    return first + (" " + rest.lower() if rest else "")


def find_provinces(text: str, start: int = 0, end: int | None = None) -> list[ProvinceMention]:
    """Provinces named wholly inside text[start:end], in order. The whole text is scanned once and
    remembered: the readers ask about many spans of the same sentence."""
    end = len(text) if end is None else end
    return [m for m in _provinces_in(text) if start <= m.start and m.end <= end]


def clear_province_cache() -> None:
    """Forget the provinces found in earlier texts (one article's readers share the cache, articles do not)."""
    _provinces_in.cache_clear()


@functools.lru_cache(maxsize=1024)
def _provinces_in(text: str) -> tuple[ProvinceMention, ...]:
    pattern, alias_to_code = _alias_pattern()
    mentions = []
    for match in pattern.finditer(text):
        code = alias_to_code.get(_alias_key(match.group(0)))
        if code is None:
            continue
        before = text[max(0, match.start() - 50) : match.start()]
        mentions.append(ProvinceMention(match.start(), match.end(), code, bool(_QUALIFIER.search(before))))
    return tuple(mentions)


_HOST_LABEL_PREFIXES = (
    "",
    "bao",
    "so",
    "stttt",
    "sotttt",
    "sokhcn",
    "skhcn",
    "stnmt",
    "tinh",
    "tp",
    "thanhpho",
    "congbao",
    "cong",
    "portal",
    "egov",
    "dichvucong",
    "dvc",
    "ubnd",
    "tt",
    "vp",
)
_NATIONAL_HOSTS = ("chinhphu.vn", "mic.gov.vn", "most.gov.vn", "baochinhphu.vn")
# national agencies' own sites (Cục Tin học hóa, Cục An toàn thông tin, VNCERT/NCSC): unlike the ministry's
# portal they run no section of local news, so a story there is national
_NATIONAL_AGENCY_HOSTS = ("aita.gov.vn", "ais.gov.vn", "vncert.gov.vn", "vncert.vn", "ncsc.gov.vn")


def _ascii_slug(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)).lower())


@functools.cache
def _host_slugs() -> dict[str, str]:
    """Spellings of a province in site addresses: 'baotayninh.vn', 'stttt.hagiang.gov.vn', 'danang.gov.vn'."""
    slugs: dict[str, str] = {}
    for row in province_alias_rows():
        names = [*row["aliases"].split(";"), *row["host_aliases"].split(";")]
        for name in names:
            slug = _ascii_slug(name)
            if len(slug) >= 4:
                slugs.setdefault(slug, row["province_code"])
    return slugs


@functools.lru_cache(maxsize=4096)
def province_of_host(host: str) -> str | None:
    """The province a site's address names, if any: a label is the province's slug, maybe after a
    prefix such as 'bao' (provincial paper) or 'stttt'/'sokhcn' (the department's site)."""
    host = host.lower().split(":")[0]
    if host.startswith("www."):
        host = host[4:]
    if not host or host.endswith(_NATIONAL_HOSTS) or host in ("unknown", "localhost"):
        return None
    slugs = _host_slugs()
    found = None
    for label in host.replace("-", "").split(".")[:-1]:
        for prefix in _HOST_LABEL_PREFIXES:
            if label.startswith(prefix) and label[len(prefix) :] in slugs:
                candidate = slugs[label[len(prefix) :]]
                if found not in (None, candidate):
                    return None
                found = candidate
        if found is None:
            # a longer label that holds a province's full slug ("baothuathienhue", "hanoimoi")
            matches = {slugs[slug] for slug in slugs if len(slug) >= 6 and slug in label}
            if len(matches) == 1:
                found = matches.pop()
    return found


def detect_article_province(
    title: str | None,
    text: str,
    *,
    url: str | None = None,
    source_province_code: str | None = None,
    province_of_url: Callable[[str], str | None] | None = None,
) -> str | None:
    """The article's province (pre-2025 code), or None for a national article.

    A title that opens with a province ("Kon Tum: Phê duyệt ...") wins even over the source's own
    province: a ministry or a neighbour's site reports on other provinces too. ``province_of_url``
    is the source registry's answer for the article's address (``scrapers.registry.province_of_url``),
    passed in by the caller so that the extractor does not depend on the crawler."""
    if title:
        prefix = _TITLE_PREFIX.match(title)
        if prefix:
            named = {m.province_code for m in find_provinces(prefix.group(1))}
            if len(named) == 1:
                return named.pop()
    if source_province_code:
        return source_province_code
    registry_code = province_of_url(url) if province_of_url is not None and url else None
    if registry_code:
        return registry_code
    lowered = text.lower()
    title_mentions = find_provinces(title or "")
    body_mentions = find_provinces(text)  # found once: the rules below all count them
    title_provinces = {m.province_code for m in title_mentions}
    in_body = Counter(m.province_code for m in body_mentions)
    host_code = province_of_host(urlsplit(url).netloc) if url and "://" in url else None
    if host_code and (host_code in title_provinces or not title_provinces):
        # a provincial paper's or department's site: its own province, unless the title is about another
        # or the story is national news the paper republished (its province named nowhere in it)
        others = Counter({code: count for code, count in in_body.items() if code != host_code})
        # one name in a list of provinces, or named once in a story about the whole country: republished news
        listed = len(others) >= _ROUND_UP_PROVINCES and in_body[host_code] <= max(others.values())
        in_passing = in_body[host_code] <= 1 and len(_NATIONAL_SCOPE.findall(lowered)) >= 2
        if (
            host_code in title_provinces
            or _SELF_REFERENCE.search(lowered)
            or (in_body[host_code] and not listed and not in_passing)
        ):
            return host_code
    opens_title = any(m.start <= 12 for m in title_mentions)  # "Tây Ninh tăng 8 bậc ..."
    if len(title_provinces) == 1 and not _names_an_agency(title or "", opens_title):
        # "Tây Ninh tăng 8 bậc trong bảng xếp hạng ICT Index 2019": the title names whose story it is
        # unless the body is a round-up where that province is one name among many
        only = next(iter(title_provinces))
        others = max((count for code, count in in_body.items() if code != only), default=0)
        if (
            not in_body
            or (in_body[only] >= 2 and in_body[only] >= 1.5 * others)
            or (opens_title and in_body[only] >= others)
        ):
            return only
    if (
        host_code
        and not title_provinces
        and not in_body
        and not _NATIONAL_SCOPE.search(lowered)
        and not _NATIONAL_SECURITY_SOURCE.search(text)
    ):
        # a provincial paper's local story that names no province ("87% cán bộ, công chức sử dụng hộp thư
        # điện tử", "UBND huyện Thăng Bình khai trương ..."), unless it quotes a national security source
        return host_code
    if len(in_body) >= _ROUND_UP_PROVINCES and (
        _national_agency_host(url) or (not title_provinces and _AGENCY_IN_TITLE.search(title or ""))
    ):
        # a national agency's site, or a ministry's announcement that names no province in its title,
        # naming several provinces: a round-up, however often one of them is named
        return None
    scores: Counter[str] = Counter()
    for mention in title_mentions:
        scores[mention.province_code] += 3
    for mention in body_mentions:
        scores[mention.province_code] += 2 if mention.qualified else 1
    if not scores:
        return None
    ranked = scores.most_common(2)
    best_code, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    self_referencing = bool(_SELF_REFERENCE.search(lowered))
    # "Huyện Đức Trọng (tỉnh Lâm Đồng)": the only province named, named as a province, in a local story
    only_one_named = len(scores) == 1 and not _NATIONAL_SCOPE.search(lowered)
    needed = 2 if self_referencing or only_one_named else 5
    if best_score >= needed and best_score >= 2 * runner_up + 1:
        return best_code
    return None


def _names_an_agency(title: str, opens_with_province: bool) -> bool:
    """Does the title name a ministry or the whole country? "Hà Nam dẫn đầu cả nước ..." opens with
    the province and names the country only as the field it leads: that is the province's story."""
    for match in _AGENCY_IN_TITLE.finditer(title):
        if not (opens_with_province and match.group(0).lower() in ("cả nước", "toàn quốc")):
            return True
    return False


def _national_agency_host(url: str | None) -> bool:
    host = urlsplit(url).netloc.lower().split(":")[0] if url and "://" in url else ""
    return bool(host) and host.endswith(_NATIONAL_AGENCY_HOSTS)
