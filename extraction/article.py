"""Extract every fact of one article: metadata, indicators, rankings, incidents.

The article is read once, top to bottom, so that a target cue or a ranking named early in a
paragraph can govern the sentences after it. The same text always gives the same facts,
in text order (no sets, no clocks, no randomness).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from .agency_counts import extract_agency_counts
from .budgets import extract_budgets
from .calibration import calibrate
from .context import ArticleContext
from .dictionaries import cue_matcher, ranking_name_matcher
from .incidents import extract_incidents, main_type_said_later, one_site_hit, untyped_attack
from .indicators import extract_indicators
from .numbers import find_numbers
from .periods import find_published, header_published, header_year, years_in
from .provinces import clear_province_cache, detect_article_province
from .rankings import extract_ranking_table, extract_rankings, fill_ranking_years, ranking_year_in_title
from .sentences import Sentence, is_clutter_line, iter_lines, read_header, split_sentences

_DIGIT = re.compile(r"\d")
_ENDS_A_SENTENCE = re.compile(r"[.!?…]\s*$")
_FULL_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d\d)(?!\d)")
_PLAN_RANGE = re.compile(r"\d{4}\s*[-–]\s*\d{4}")
_PLAN_PERIOD = re.compile(r"(?:giai đoạn|đến năm|tầm nhìn|năm)\s*(?:\d{4}\s*[-–]\s*)?(\d{4})", re.IGNORECASE)
MIN_CONFIDENCE = 0.6
# an implausible value ("đạt 250%") kept as evidence: its reading's confidence times this (at most 0.3)
IMPLAUSIBLE_CONFIDENCE_FACTOR = 0.3


# "Các chỉ tiêu này dự kiến sẽ hoàn thành vào cuối năm 2017": a deadline given to the targets just stated
_DEADLINE_OF_THESE = re.compile(
    r"^\W*(?:các\s+)?(?:chỉ tiêu|mục tiêu|nhiệm vụ)\s+(?:này|trên)[^.;]{0,60}?"
    r"(?:hoàn thành|đạt được|thực hiện xong)[^.;]{0,20}?(?:trong|vào|trước|đến)\s+(?:cuối\s+|hết\s+)?năm\s+((?:19|20)\d\d)",
    re.IGNORECASE,
)


def _only_vietnam_named(title: str | None, body_text: str) -> bool:
    """Vietnam or one of its state bodies is named somewhere, and no other country anywhere in the article."""
    whole = f"{title or ''}\n{body_text}"
    if cue_matcher("foreign_words").search(whole):
        return False
    return bool(cue_matcher("vietnam_words").search(whole) or cue_matcher("vietnamese_state_bodies").search(whole))


def _date_targets_from_a_deadline_after(sentence_text: str, facts: list[dict]) -> None:
    """Give the targets of the sentence before the deadline this sentence sets for them."""
    deadline = _DEADLINE_OF_THESE.search(sentence_text)
    if not deadline or not facts:
        return
    last_sentence_start = facts[-1]["char_start"]
    for fact in facts:
        if fact["char_start"] == last_sentence_start and fact["kind"] == "target":
            if fact["year"] != int(deadline.group(1)):
                fact["year"] = int(deadline.group(1))
                fact["uncertainty"] = [*fact["uncertainty"], "target year from the deadline in the next sentence"]


def _as_date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _title_of(header: dict[str, str], title: str | None, lines) -> str | None:
    if title:
        return title
    if header.get("TITLE"):
        return header["TITLE"]
    for line in lines[:3]:
        if not is_clutter_line(line.text) and not _ENDS_A_SENTENCE.search(line.text) and len(line.text.split()) >= 4:
            return line.text
    return None


def extract_article(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    published=None,
    source_province_code: str | None = None,
    include_implausible: bool = False,
    province_of_url: Callable[[str], str | None] | None = None,
) -> dict:
    """Facts of one article (see docs/contracts.md, section Extractor).

    ``include_implausible``: a value the indicator grammar reads like any other but which cannot be
    true (a percentage above 100) is kept as a fact with ``plausibility: "implausible"``, a
    ``plausibility_reason`` and a low confidence, and every other entry gets ``plausibility: "ok"``
    (the pipeline's parse step uses it so that the data-quality gate sees the value). Off by default:
    the facts are then exactly those without the option, and carry no plausibility fields."""
    find_numbers.cache_clear()  # the cache serves one article's readers; it must not carry over between articles
    clear_province_cache()
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    header, body_start = read_header(text)
    lines = [line for line in iter_lines(text) if line.start >= body_start]
    content_lines = [line for line in lines if not is_clutter_line(line.text)]
    title = _title_of(header, title, content_lines)
    url = url or header.get("URL")

    published_date = _as_date(published) or header_published(header) or find_published(content_lines, title)
    reference_year = published_date.year if published_date else _header_year(header)
    reported_year = _reported_year(title, content_lines, published_date, reference_year)
    if reported_year:
        reference_year = reported_year
    body_text = "\n".join(line.text for line in content_lines)
    province_code = detect_article_province(
        title, body_text, url=url, source_province_code=source_province_code, province_of_url=province_of_url
    )

    plan_title = bool(
        title and cue_matcher("plan_title_cues").search(title) and not cue_matcher("report_title_cues").search(title)
    )
    plan_years = [int(y) for y in _PLAN_PERIOD.findall(title or "")]
    plan_end_year = max(plan_years) if plan_years else None
    is_plan = plan_title and plan_end_year is not None and (reference_year is None or plan_end_year >= reference_year)
    if reference_year is None:
        # "Ngày 05/8/2021, UBND tỉnh ban hành ...": not the publication date, but the article's year
        lead_date = _FULL_DATE.search(" ".join(line.text for line in content_lines[:3]))
        if lead_date:
            reference_year = int(lead_date.group(3))
    if reference_year is None and not is_plan:
        lead_years = years_in(title or "") or years_in(" ".join(line.text for line in content_lines[:2]))
        reference_year = max(lead_years) if lead_years else None
    context = ArticleContext(
        province_code=province_code,
        reference_year=reference_year,
        title=title,
        published_year=published_date.year if published_date else None,
        published=published_date.isoformat() if published_date else None,
        is_plan=is_plan,
        plan_end_year=plan_end_year,
        plan_is_one_year=is_plan and len(set(plan_years)) == 1 and not _PLAN_RANGE.search(title or ""),
        about_ict=bool(title and cue_matcher("ict_context_words").search(title)),
        include_implausible=include_implausible,
        only_vietnam_named=_only_vietnam_named(title, body_text),
    )

    facts, rankings, incidents = [], [], []
    ranking_state: dict = {"years": ranking_year_in_title(title)}
    if _MIGHT_REPORT_AN_UNNAMED_RANKING(body_text):
        ranking_state["implicit_source"] = (title, body_text)
    title_rankings = _title_rankings(text, title, context, ranking_state)
    paragraph_texts: dict[int, list[str]] = {}
    untyped: list = []  # the last sentences that counted attacks of no named type, and nothing else
    for sentence in split_sentences(text, body_start):
        context.enter_sentence(sentence.paragraph, sentence.text)
        before_in_paragraph = " ".join(paragraph_texts.get(sentence.paragraph, []))
        rankings.extend(extract_rankings(sentence, context, ranking_state))
        said_later = main_type_said_later(sentence.text) if untyped else None
        if said_later:
            # "9 trang ... bị tấn công." ... "Các trang ... này ... chủ yếu bị tấn công thay đổi giao diện"
            for pending in untyped:
                found_incidents, _ = extract_incidents(pending, context, "", type_said_later=said_later)
                for incident in found_incidents:
                    incident["confidence"] = round(incident["confidence"] - 0.1, 2)
                    incident["uncertainty"].append("type given by a later sentence ('chủ yếu ...')")
                incidents.extend(found_incidents)
            untyped = []
        untyped = untyped[-2:]
        if _DIGIT.search(sentence.text):  # every indicator and incident has a figure written in digits
            found_incidents, claimed = extract_incidents(sentence, context, before_in_paragraph)
            if not found_incidents and untyped_attack(sentence.text):
                untyped.append(sentence)
            incidents.extend(found_incidents)
            facts.extend(extract_indicators(sentence, context, claimed))
            facts.extend(extract_agency_counts(sentence, context, claimed))
            facts.extend(extract_budgets(sentence, context))
        if not incidents:
            # a story about one site states no count: "Cổng thông tin điện tử Sóc Trăng bị hacker thay đổi nội dung"
            single = one_site_hit(sentence, context)
            if single:
                incidents.append(single)
        _date_targets_from_a_deadline_after(sentence.text, facts)
        paragraph_texts.setdefault(sentence.paragraph, []).append(sentence.text)
        context.previous_sentences.append(sentence.text)

    rankings.extend(_not_said_again(title_rankings, rankings))
    fill_ranking_years(rankings, ranking_state.get("years") or {})
    rankings.extend(_table_rankings(text, body_start, title, context))
    for entry in (*facts, *rankings, *incidents):
        _finish_uncertainty(entry)
        # the fact's own province, defaulting to the article's (docs/contracts.md, facts.jsonl)
        if entry.pop("national", False):
            entry["province_code"] = None  # a figure of the whole country, even in a provincial article
        elif entry.get("province_code") is None:
            entry["province_code"] = province_code
    result = {
        "province_code": province_code,
        "published": published_date.isoformat() if published_date else None,
        "facts": _deduplicate(
            facts, ("indicator", "value", "value_high", "kind", "year", "admin_level", "province_code")
        ),
        "rankings": _deduplicate(rankings, ("ranking", "component", "rank", "year", "province_code")),
        "incidents": _deduplicate(incidents, ("incident_type", "count", "period_start", "period_end", "province_code")),
    }
    for kind in ("facts", "rankings", "incidents"):
        calibrate(result[kind], kind)  # after the floor: it moves entries to review, never drops one
    if include_implausible:
        for entry in (*result["facts"], *result["rankings"], *result["incidents"]):
            entry.setdefault("plausibility", "ok")
            entry.setdefault("plausibility_reason", None)
            if entry["plausibility"] == "implausible":
                # kept past the usual threshold as evidence, never as a figure to trust
                entry["confidence"] = round(entry["confidence"] * IMPLAUSIBLE_CONFIDENCE_FACTOR, 2)
    return result


_YEAR_RANGE = re.compile(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d")


# "SOURCE: search pages corpus, retrieved 2026-12-04": when a copy was taken says nothing of the article
_RETRIEVAL_DATE = re.compile(
    r"(?:retrieved|accessed|fetched|crawled|downloaded|captured|truy cập|lấy về)(?:\s+(?:on|at|ngày|lúc))?\s*[:,]?\s*\S*\d{4}\S*",
    re.IGNORECASE,
)


def _header_year(header: dict[str, str]) -> int | None:
    """The crawl header's year, unless it only names a span ("online news, 2016-2019"): a span dates nothing."""
    cleaned = {key: _RETRIEVAL_DATE.sub(" ", _YEAR_RANGE.sub(" ", value)) for key, value in header.items()}
    return header_year(cleaned)


def _finish_uncertainty(entry: dict) -> None:
    """The readers collect reasons for doubt as a list; the contract is one readable string (or None)."""
    reasons = entry.get("uncertainty")
    if isinstance(reasons, list):
        entry["uncertainty"] = "; ".join(dict.fromkeys(reasons)) or None
    elif "uncertainty" not in entry:
        entry["uncertainty"] = None


def _table_rankings(text: str, body_start: int, title: str | None, context: ArticleContext) -> list[dict]:
    """A ranking table flattened into the page's text (one row per province), under a ranking's name."""
    if not _TABLE_CELL.search(text, body_start):
        return []
    names = ranking_name_matcher().find_all(text, body_start)
    title_names = ranking_name_matcher().find_all(title or "")
    if not names and not title_names:
        return []
    first = names[0] if names else None
    ranking = title_names[0].value if title_names else first.value
    years = ranking_year_in_title(title) or {}
    year = years.get(ranking)
    if year is None:
        head = text[body_start : (first.end + 200) if first else body_start + 400]
        found = years_in(head)
        year = found[0] if found else None
    return extract_ranking_table(text, body_start, len(text), ranking, year, context)


def _title_rankings(text: str, title: str | None, context: ArticleContext, ranking_state: dict) -> list[dict]:
    """Ranks the title states ("Vietnam ICT Index 2020, Thái Nguyên xếp thứ 44/63 tỉnh"), read first so that
    the ranking it names governs the lead. Their evidence is the title itself: its offsets when the text
    holds it (a crawl header), else none."""
    if not title or not any(word in title for word in ("thứ", "hạng", "đầu", "cuối", "vị trí", "bậc")):
        if title:
            extract_rankings(Sentence(title, -1, -1, -1, 0), context, ranking_state)  # the ranking it names, if any
        return []
    start = text.find(title)
    sentence = Sentence(title, start, start + len(title), -1, 0)
    found = extract_rankings(sentence, context, ranking_state)
    for entry in found:
        if start < 0:
            entry["char_start"] = entry["char_end"] = None
        entry["uncertainty"] = list(entry.get("uncertainty") or []) + ["read from the title"]
        entry["confidence"] = round(entry["confidence"] - 0.03, 2)
    return found


def _not_said_again(title_entries: list[dict], body_entries: list[dict]) -> list[dict]:
    """A title's rank the body states again is the body's (with its sentence as evidence)."""
    said = {(e["ranking"], e["component"], e["rank"], e.get("province_code")) for e in body_entries}
    return [e for e in title_entries if (e["ranking"], e["component"], e["rank"], e.get("province_code")) not in said]


def _MIGHT_REPORT_AN_UNNAMED_RANKING(body: str) -> bool:
    """Cheap substring test: a ministry's published national ranking that the article never names."""
    return (
        "Bộ" in body
        and ("công bố" in body or "đánh giá" in body)
        and any(scope in body for scope in ("toàn quốc", "cả nước", "63 tỉnh"))
    )


_TABLE_CELL = re.compile(r"\d\s*\(\s*[01][,.]\d")  # "01 (0,727)": a flattened ranking table's cell


_REPORTED_YEAR = re.compile(r"(?:năm|Năm)\s+(\d{4})")
_COMPARED = re.compile(r"so\s+với\s*$", re.IGNORECASE)
# A report published in the first months of a year usually reviews the year before ("năm 2019").
_MONTHS_INTO_A_YEAR_OF_ANNUAL_REVIEWS = 3


def _reported_year(title: str | None, lines, published_date: dt.date | None, page_year: int | None) -> int | None:
    """The year an annual review reports on, when it is the year before the page's own.

    With a publication date: an early-year page whose lead names only the year before. With only the
    page's year: a report title ("tổng kết", "kết quả", ...) naming only the year before ("Sở Thông
    tin và Truyền thông tổng kết năm 2010" on a 2011 page)."""
    if not published_date:
        if page_year and title and cue_matcher("report_title_cues").search(title):
            return page_year - 1 if set(years_in(title)) == {page_year - 1} else None
        return None
    if published_date.month > _MONTHS_INTO_A_YEAR_OF_ANNUAL_REVIEWS:
        return None
    lead = " ".join([title or ""] + [line.text for line in lines[:4]])
    years = {int(m.group(1)) for m in _REPORTED_YEAR.finditer(lead) if not _COMPARED.search(lead, 0, m.start())}
    if years == {published_date.year - 1}:
        return published_date.year - 1
    return None


def _deduplicate(entries: list[dict], key_fields: tuple[str, ...]) -> list[dict]:
    """Keep the first of entries that say the same thing (reposted paragraphs repeat figures)."""
    seen, kept = set(), []
    for entry in entries:
        if entry.get("confidence", 1.0) < MIN_CONFIDENCE:
            continue
        key = tuple(entry.get(field) for field in key_fields)
        if key in seen:
            continue
        seen.add(key)
        kept.append(entry)
    return kept
