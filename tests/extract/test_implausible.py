"""Impossible values ("tỷ lệ ... đạt 250%") as flagged evidence, only when asked for.

By default (and in the command's output, which is scored for precision) a percentage above 100 is
no fact. With ``include_implausible=True`` (the pipeline's parse step) it goes through the same
indicator reading as a valid figure and comes out flagged, with a low confidence, so that the
data-quality gate on the warehouse can block publishing and quarantine it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from extraction import extract_article
from extraction.numbers import find_numbers
from scrapers import parse_articles
from warehouse.settings import SHARED_DIR

EDOC_250 = "Năm 2017, tỷ lệ văn bản điện tử được trao đổi qua mạng giữa các cơ quan nhà nước của tỉnh đạt 250%."
GROWTH_150 = (
    "Năm 2017, tỷ lệ văn bản điện tử được trao đổi qua mạng giữa các cơ quan nhà nước "
    "của tỉnh tăng 150% so với năm trước."
)
ARTICLES = Path(__file__).resolve().parent / "articles"
LABELLED = sorted(
    [
        *(SHARED_DIR / "corpus" / "seeds").glob("*.txt"),
        *(SHARED_DIR / "corpus" / "dev").glob("*.txt"),
        *ARTICLES.glob("*.txt"),
    ]
)


def _facts(text: str, **kwargs) -> list[dict]:
    return extract_article(text, source_province_code="25", **kwargs)["facts"]


def test_a_percentage_above_100_is_no_fact_by_default():
    assert _facts(EDOC_250) == []
    assert _facts(EDOC_250, include_implausible=False) == []


def test_a_percentage_above_100_is_a_flagged_fact_when_asked_for():
    (fact,) = _facts(EDOC_250, include_implausible=True)
    assert fact["indicator"] == "edoc_exchange"
    assert fact["value"] == 250 and fact["unit"] == "pct" and fact["value_high"] is None
    assert fact["plausibility"] == "implausible"
    assert fact["plausibility_reason"] == "percentage above 100"
    assert 0 < fact["confidence"] <= 0.3
    assert fact["sentence"] == EDOC_250


def test_the_flagged_fact_is_read_like_a_valid_one():
    (valid,) = _facts(EDOC_250.replace("250%", "95%"), include_implausible=True)
    (flagged,) = _facts(EDOC_250, include_implausible=True)
    assert valid["plausibility"] == "ok" and valid["plausibility_reason"] is None
    assert valid["confidence"] >= 0.6
    for field in (
        "indicator",
        "unit",
        "kind",
        "year",
        "admin_level",
        "also_level",
        "qualifier",
        "province_code",
        "char_start",
    ):
        assert flagged[field] == valid[field], field


def test_a_growth_above_100_percent_stays_out_even_when_asked_for():
    assert _facts(GROWTH_150) == []
    assert _facts(GROWTH_150, include_implausible=True) == []


def test_a_range_above_100_is_flagged():
    text = EDOC_250.replace("250%", "80-120%")
    assert _facts(text) == []
    (fact,) = _facts(text, include_implausible=True)
    assert (fact["value"], fact["value_high"], fact["plausibility"]) == (80, 120, "implausible")


def test_the_number_grammar_flags_the_mention():
    assert all(m.unit != "pct" for m in find_numbers("đạt 250%"))
    (mention,) = find_numbers("đạt 250%", include_implausible=True)
    assert (mention.unit, mention.value, mention.implausible) == ("pct", 250, "percentage above 100")
    (valid,) = find_numbers("đạt 98,5%", include_implausible=True)
    assert valid.implausible is None


def test_default_output_carries_no_plausibility_fields():
    result = extract_article(EDOC_250.replace("250%", "95%"), source_province_code="25")
    assert result["facts"] and all("plausibility" not in f for f in result["facts"])


@pytest.mark.parametrize("path", LABELLED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_labelled_articles_give_the_same_valid_facts_in_both_modes(path):
    text = path.read_text(encoding="utf-8")
    default = extract_article(text)
    flagged = extract_article(text, include_implausible=True)
    assert flagged["province_code"] == default["province_code"]
    assert flagged["published"] == default["published"]
    for group in ("facts", "rankings", "incidents"):
        valid = []
        for entry in flagged[group]:
            if entry["plausibility"] == "implausible":
                continue
            entry = dict(entry)
            assert entry.pop("plausibility") == "ok" and entry.pop("plausibility_reason") is None
            valid.append(entry)
        assert valid == default[group], group


def test_the_parse_step_keeps_the_flagged_fact(monkeypatch):
    source = SimpleNamespace(id="example", province_code="25", cms="generic", selectors=None)
    parsed = SimpleNamespace(
        title="Kết quả ứng dụng CNTT năm 2017",
        body_text=EDOC_250,
        author=None,
        lead=None,
        published_at=dt.datetime(2018, 1, 10, 9, 0),
    )
    adapter = SimpleNamespace(version="test-1", parse_article=lambda html, url: parsed)
    monkeypatch.setattr(parse_articles.archive, "load", lambda sha, landing=None: b"<html></html>")
    record = {
        "page_kind": "article",
        "content_sha256": "0" * 64,
        "outcome": "new",
        "source_id": "example",
        "url": "https://example.gov.vn/tin/1",
        "requested_at": "2018-01-10T03:00:00Z",
    }
    articles, facts = parse_articles.parse_and_extract(source, "run-1", [record], adapter=adapter, write=False)
    assert len(articles) == 1
    (fact,) = [f for f in facts if f["fact_type"] == "indicator"]
    assert (fact["indicator"], fact["value"]) == ("edoc_exchange", 250)
    assert fact["plausibility"] == "implausible"
    assert fact["plausibility_reason"] == "percentage above 100"
    assert fact["confidence"] <= 0.3


def test_a_rank_beyond_the_number_of_provinces_is_kept_as_flagged_evidence():
    text = "Theo Vietnam ICT Index 2019, tỉnh Hà Nam xếp thứ 70/63, tăng 3 bậc so với năm trước."
    assert extract_article(text)["rankings"] == []
    flagged = extract_article(text, include_implausible=True)["rankings"]
    assert [(r["rank"], r["out_of"], r["plausibility"], r["plausibility_reason"]) for r in flagged] == [
        (70, 63, "implausible", "rank beyond the number of provinces")
    ]
    assert flagged[0]["confidence"] < 0.5
