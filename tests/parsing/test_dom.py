"""scrapers.dom: the page model every adapter reads (selection scope and order, HTML rules, text).

The adapters' parsed output is pinned by the family, mirror and end-to-end tests; these tests pin
the semantics those rely on, so that a cssselect upgrade that changed them fails here first.
"""

from __future__ import annotations

import pytest

from scrapers import dom
from scrapers.adapters import FAMILIES, get_adapter
from scrapers.adapters.docbao import selector_sets
from scrapers.dates import _META_DATE_SELECTORS

PAGE = """<!DOCTYPE html><html lang="vi-VN"><head><title>Trang</title>
<meta property="og:title" content="Tiêu đề"><script>var d = "01/02/2020";</script></head>
<body><div class="news_column"><div id="detail">
  <h1 class="title">Tiêu đề bài</h1><p class="sapo">Sapo</p><p align="RIGHT">Tác giả</p>
  <div class="bodytext"><p>Một<span class="ad">QC</span>hai <i>ba</i></p><!-- 03/04/2021 --><p>Bốn<br>năm</p>
    <table><tr><td><a href="/x"><img src="a.jpg"></a></td></tr></table></div>
</div></div><ul class="pager"><li><a href="/p2" rel="Next">2</a></li></ul></body></html>"""


@pytest.fixture
def root():
    return dom.parse_html(PAGE)


def tags(elements):
    return [element.tag + "".join(f".{name}" for name in dom.class_names(element)) for element in elements]


def test_a_selector_seen_from_an_element_may_name_ancestors_above_it(root):
    detail = dom.select_one(root, "#detail")
    assert tags(dom.select(detail, ".news_column h1")) == ["h1.title"]
    assert tags(dom.select(detail, "div > h1 + p")) == ["p.sapo"]
    assert tags(dom.select(detail, "h1 ~ p")) == ["p.sapo", "p"]
    assert dom.select(detail, "#detail") == []  # the scope is not its own descendant
    assert tags(dom.select(root, "html")) == ["html"]  # the root element stands for the page


def test_a_selector_list_matches_in_document_order(root):
    assert tags(dom.select(root, "p.sapo, h1, td")) == ["h1.title", "p.sapo", "td"]
    assert [tags(part.select(root)) for part in dom.compile_css("p.sapo, h1").parts] == [["p.sapo"], ["h1.title"]]


def test_has_and_not_are_relative_to_the_element_they_test(root):
    assert tags(dom.select(root, "table:has(img)")) == ["table"]
    assert tags(dom.select(root, "div:has(> h1)")) == ["div"]
    assert dom.select(root, "td:has(div a)") == []  # the div is above the td, not inside it
    assert tags(dom.select(root, "#detail > p:not(.sapo)")) == ["p"]
    assert tags(dom.select(root, "p:not(.bodytext p)")) == ["p.sapo", "p"]


def test_attributes_html_declares_case_insensitive_match_any_case(root):
    assert tags(dom.select(root, 'p[align="right"]')) == ["p"]
    assert tags(dom.select(root, 'a[rel="next"]')) == ["a"]
    assert tags(dom.select(root, "[lang|=vi]")) == ["html"]
    assert dom.select(root, 'a[href="/X"]') == []  # href is not one of them


@pytest.mark.parametrize("selector", ["div[[[broken", "a::before", "a, , b", "> p", "p >", "", "p:nosuch"])
def test_invalid_selectors_raise(selector, root):
    with pytest.raises(dom.InvalidSelector):
        dom.select(root, selector)


def test_text_is_what_a_reader_sees(root):
    assert dom.text(dom.select_one(root, "head")) == "Trang"  # no script
    assert dom.text(dom.select_one(root, ".bodytext")) == "Một QC hai ba Bốn năm"  # no comment
    assert dom.text(dom.select_one(root, ".bodytext p"), "") == "MộtQChaiba"
    # Block text keeps inline strings as written, and breaks lines at <br> and around blocks.
    assert dom.block_text(dom.select_one(root, ".bodytext")).split("\n\n")[1:4] == ["MộtQChai ba", "", "Bốn\nnăm"]


def test_decompose_keeps_the_strings_around_the_removed_element_apart(root):
    dom.decompose(dom.select_one(root, ".ad"))
    assert dom.text(dom.select_one(root, ".bodytext p")) == "Một hai ba"
    assert dom.select(root, ".ad") == []


def test_strings_include_comments_and_scripts_with_their_parents(root):
    found = [(text.strip(), parent.tag) for text, parent in dom.strings(root) if text.strip()]
    assert ('var d = "01/02/2020";', "script") in found and ("03/04/2021", "div") in found
    heading = dom.select_one(root, "h1")
    before = [text.strip() for text, _ in dom.strings(root, until=heading) if text.strip()]
    after = [text.strip() for text, _ in dom.strings_from(heading) if text.strip()]
    assert before == ["Trang", 'var d = "01/02/2020";']
    assert after[:3] == ["Tiêu đề bài", "Sapo", "Tác giả"] and after[-1] == "2"
    assert dom.own_strings(dom.select_one(root, ".bodytext p")) == ["Một", "hai "]


def test_every_selector_the_project_ships_is_valid_css():
    """An invalid selector matches nothing (a broken override must not stop a run): so none may ship."""
    selector_lists = [get_adapter(cms).selectors for cms in FAMILIES if cms != "generic"] + list(
        selector_sets().values()
    )
    selectors = {
        value for selectors in selector_lists for key, value in selectors.items() if value and not key.endswith("_attr")
    }
    selectors |= {selector for selector, _ in _META_DATE_SELECTORS}
    empty = dom.parse_html("<html><body></body></html>")
    for selector in sorted(selectors):
        assert dom.select(empty, selector) == [], selector
