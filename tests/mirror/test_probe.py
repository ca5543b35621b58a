"""``python -m vnict probe``: CMS fingerprints and list-page discovery, on the mirror and on saved pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mirror.build import build_all
from vnict import __main__ as cli
from vnict.commands.probe import detect_cms, find_list_pages, fold
from warehouse import settings

FIXTURES = Path(__file__).resolve().parent.parent / "parsing" / "fixtures"


@pytest.fixture
def no_delay(monkeypatch):
    monkeypatch.setattr(settings, "DEFAULT_MIN_DELAY_SECONDS", 0.0)


@pytest.mark.parametrize(
    "name,family",
    [
        ("nukeviet4_viewcat_page.html", "nukeviet4"),
        ("nukeviet3_viewcat.html", "nukeviet3"),
        ("wordpress_archive.html", "wordpress"),
        ("baohatinh_detail.html", "docbao_baohatinh"),
        ("unknown_portal_list.html", "generic"),
        ("unknown_news_list.html", "generic"),
    ],
)
def test_fingerprints_on_saved_pages(name, family):
    assert detect_cms((FIXTURES / name).read_text(encoding="utf-8"))[0] == family


@pytest.mark.parametrize(
    "site_id,family",
    [("mic", "liferay62"), ("baodaknong", "onecms"), ("dic", "nukeviet_egov"), ("stttt_hatinh", "wordpress")],
)
def test_fingerprints_on_mirror_home_pages(site_id, family):
    family_found, evidence = detect_cms(build_all()[site_id].pages["/"].body.decode("utf-8"))
    assert family_found == family and evidence


def test_list_pages_found_by_topic_words():
    pages = find_list_pages(
        (FIXTURES / "unknown_portal_list.html").read_text(encoding="utf-8"),
        "https://stttt.yenbai.gov.vn/Pages/default.aspx",
    )
    assert [(page["url"], page["matched"]) for page in pages[:2]] == [
        ("https://stttt.yenbai.gov.vn/Pages/tin-tuc.aspx?CatID=3", "chuyen doi so"),
        ("https://stttt.yenbai.gov.vn/Pages/tin-tuc.aspx?CatID=5", "an toan thong tin"),
    ]
    assert fold("CÔNG NGHỆ THÔNG TIN – Đắk Nông") == "cong nghe thong tin – dak nong"


@pytest.mark.parametrize("source_id", ["phutho_mic", "daknong_baodaknong", "dienbien_dic", "hatinh_stttt"])
def test_probe_on_the_mirror_reports_the_registry_truth(source_id, mirror, no_delay, capsys, tmp_path, monkeypatch):
    from scrapers.registry import get_source, load_sources

    monkeypatch.setenv("VNICT_SOURCE_ENDPOINTS", str(mirror.write_endpoints(tmp_path / "endpoints.json")))
    source = get_source(source_id, load_sources())
    assert cli.main(["probe", "--follow", "1", mirror.endpoints[source_id] + "/"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["robots"]["status"] == 200 and report["robots"]["allowed_home"] is True
    assert report["home"]["declared_charset"] == "utf-8"
    assert report["cms"]["family"] == source.cms
    found = [page["url"] for page in report["list_pages"]]
    assert set(source.list_urls) <= set(found)
    followed = report["list_pages"][0]
    assert followed["article_links"] >= 1 and followed["next_page"]
    assert report["draft_registry_entry"]["verified"] is False and report["draft_registry_entry"]["cms"] == source.cms


def test_probe_reports_an_unreadable_robots_file(httpserver, no_delay, capsys):
    httpserver.expect_request("/robots.txt").respond_with_data("oops", status=500)
    httpserver.expect_request("/").respond_with_data(
        (FIXTURES / "unknown_portal_list.html").read_bytes(), content_type="text/html; charset=utf-8"
    )
    assert cli.main(["probe", "--follow", "0", httpserver.url_for("/")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["robots"]["status"] == 500 and "disallow" in report["robots"]["meaning"]
    assert report["cms"]["family"] == "generic" and "SharePoint" not in " ".join(report["cms"]["evidence"])
    assert report["list_pages"][0]["matched"] == "chuyen doi so"
