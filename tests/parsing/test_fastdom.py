"""The lxml article path (scrapers.fastdom) gives exactly what the BeautifulSoup path gave.

``SelectorAdapter.parse_article`` parses with lxml and compiled XPath for speed; the reference is
``parse_article_soup`` (BeautifulSoup + soupsieve, the previous implementation). Every family
adapter is run on every saved fixture page and every mirror page (articles, lists, home pages), so
selectors that miss, fallbacks and removals are all exercised.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from mirror.build import build_all
from scrapers.adapters import FAMILIES, get_adapter
from scrapers import fastdom
from scrapers.adapters.base import SelectorAdapter, split_selector_list
from scrapers.adapters.docbao import selector_sets
from scrapers.dates import _META_DATE_SELECTORS, published_from_markup
from scrapers.textnorm import decode_html

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SELECTOR_FAMILIES = sorted(cms for cms in FAMILIES if cms != "generic")


def _pages() -> list[tuple[str, str]]:
    pages = [(path.name, decode_html(path.read_bytes())) for path in sorted(FIXTURES.glob("*.html"))]
    for name, site in sorted(build_all().items()):
        # Every article page; of the other pages (lists, home), the home page and one list page.
        article_paths = {article["path"] for article in site.articles}
        first_list = next(iter(sorted(path for paths in site.list_paths.values() for path in paths)), None)
        for path, page in sorted(site.pages.items()):
            if page.content_type.startswith("text/html") and (path in article_paths or path in ("/", first_list)):
                pages.append((f"mirror:{name}{path}", decode_html(page.body)))
    return pages


PAGES = _pages()
# The selector-by-selector comparison is slower (soupsieve, ~300 selectors): the saved fixtures and
# one mirror article per site.
SELECTOR_PAGES = [page for page in PAGES if not page[0].startswith("mirror:")] + [
    next(page for page in PAGES if page[0].startswith(f"mirror:{site}/") and page[0] != f"mirror:{site}/")
    for site in sorted({name.split(":")[1].split("/")[0] for name, _ in PAGES if name.startswith("mirror:")})
]


def _all_selectors() -> list[str]:
    selectors = set()
    sets = [get_adapter(cms).selectors for cms in SELECTOR_FAMILIES] + list(selector_sets().values())
    for selector_set in sets:
        for key, value in selector_set.items():
            if value and not key.endswith("_attr"):
                selectors.add(value)
                selectors.update(split_selector_list(value))
    selectors.update(selector for selector, _ in _META_DATE_SELECTORS)
    selectors.update(["h1", "title", "p + p", "div ~ p", "h2 > a + p", "body *", "[lang|=vi]",
                      'a[href$=".html"]', "a[href*='/tin-tuc/']", 'div[align="CENTER"]', "li a[title~=x]",
                      "div:not(.row, #main) > p", "div:has(> p)", ":not(div)", "li:has(a[href])"])
    return sorted(selectors)


def test_pages_are_there():
    assert len(PAGES) >= 30


@pytest.mark.parametrize("cms", SELECTOR_FAMILIES)
def test_lxml_article_path_equals_beautifulsoup_path(cms):
    adapter = get_adapter(cms)
    assert adapter._article_selectors is not None, "the family's selectors should all compile"
    for name, html in PAGES:
        assert adapter.parse_article(html, "http://example.test/a") == adapter.parse_article_soup(html, "http://example.test/a"), name


def test_same_tree_and_text_as_beautifulsoup():
    for name, html in PAGES:
        soup = BeautifulSoup(html, "lxml")
        root = fastdom.parse_html(html)
        tags = soup.find_all(True)
        elements = [element for element in root.iter() if isinstance(element.tag, str)]
        assert [tag.name for tag in tags] == [element.tag for element in elements], name
        for tag, element in zip(tags, elements):
            assert fastdom.inline_text(element) == tag.get_text(" ", strip=True), (name, tag.name)


def test_compiled_selectors_match_soupsieve():
    selectors = [selector for selector in _all_selectors() if fastdom.compile_css(selector) is not None]
    assert len(selectors) > 150
    for name, html in SELECTOR_PAGES:
        soup = BeautifulSoup(html, "lxml")
        root = fastdom.parse_html(html)
        position = {id(tag): index for index, tag in enumerate(soup.find_all(True))}
        index = {element: number for number, element in
                 enumerate(element for element in root.iter() if isinstance(element.tag, str))}
        body = root.find("body")
        for selector in selectors:
            compiled = fastdom.compile_css(selector)
            expected = [position[id(tag)] for tag in soup.select(selector)]
            assert [index[e] for e in compiled.select(root, document=True)] == expected, (name, selector)
            if soup.body is not None:
                expected = [position[id(tag)] for tag in soup.body.select(selector)]
                assert [index[e] for e in compiled.select(body)] == expected, (name, selector, "in body")
        assert published_from_markup(root) == published_from_markup(soup), name


@pytest.mark.parametrize("selector", [
    "div:has(a img)", "p:not(div .sapo)", "p:has(+ a)", "a:first-child", "p:not()", "a::before", "ns|p", r"#a\:b", "div,", "> p", "p >", "p > > a",
    'a[rel="next"]', "[class=x]", "1abc", "a, , b",
])
def test_unsupported_selectors_are_not_compiled(selector):
    assert fastdom.compile_css(selector) is None


def test_unsupported_selector_keeps_beautifulsoup_path():
    html = ('<html><body><h1>Tiêu đề bài</h1><div class="noidung sapo">Sapo</div>'
            '<div class="noidung"><p>Đoạn một của bài viết.</p><table><tr><td><img src="a.jpg"></td></tr></table></div>'
            '</body></html>')
    adapter = SelectorAdapter({"article_title": "h1", "article_body": "div.noidung:not(.sapo)",
                               "article_remove": "table:has(td img)"})
    assert adapter._article_selectors is None
    parsed = adapter.parse_article(html, "http://example.test/a")
    assert parsed == adapter.parse_article_soup(html, "http://example.test/a")
    assert parsed.body_text.startswith("Đoạn một")


def test_subclass_with_soup_hook_keeps_beautifulsoup_path():
    class Custom(SelectorAdapter):
        DEFAULT_SELECTORS = {"article_body": "article"}

        def body_text(self, body):
            return "custom", 0

    assert Custom()._article_selectors is None
    assert Custom().parse_article("<html><body><article>x</article></body></html>", "http://e.test/").body_text == "custom"


def test_decompose_keeps_text_around_as_separate_strings():
    html = "<html><body><div id='b'>Một<span class='ad'>QC</span>hai <i>ba</i></div></body></html>"
    soup = BeautifulSoup(html, "lxml")
    soup.select_one(".ad").decompose()
    root = fastdom.parse_html(html)
    fastdom.decompose(fastdom.compile_css(".ad").select_one(root, document=True))
    assert fastdom.inline_text(root.find(".//div")) == soup.select_one("#b").get_text(" ", strip=True) == "Một hai ba"


def test_docbao_selector_sets_take_the_lxml_path_with_the_same_results():
    """Per-source overrides from docbao's configs (probe suggests them) compile too, :has()/:not() included."""
    fixtures = [page for page in PAGES if not page[0].startswith("mirror:")]
    for host, selectors in sorted(selector_sets().items()):
        adapter = SelectorAdapter(selectors)
        assert adapter._article_selectors is not None, host
        for name, html in fixtures:
            assert adapter.parse_article(html, "http://example.test/a") == adapter.parse_article_soup(html, "http://example.test/a"), (host, name)
