"""The registry's ``archive:`` block and the CDX answer parser: cheap checks, no network."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from scrapers.backfill_archive import cdx_query_url, effective_settings, parse_cdx_page
from scrapers.registry import RegistryError, get_source, load_sources
from warehouse import settings

ENTRY = {
    "id": "olddept",
    "name": "Sở TT&TT (old site)",
    "base_url": "http://stttt.example.gov.vn",
    "cms": "nukeviet_egov",
    "list_urls": ["http://stttt.example.gov.vn/tin-tuc/"],
    "province_code": "11",
}


def _registry(tmp_path, archive_block) -> list:
    entry = dict(ENTRY, **({"archive": archive_block} if archive_block is not None else {}))
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": [entry]}, allow_unicode=True), encoding="utf-8")
    return load_sources(path, endpoints={})


def test_archive_block_is_optional_and_read_with_archive_defaults(tmp_path):
    assert _registry(tmp_path, None)[0].archive is None and not _registry(tmp_path, None)[0].is_archived
    kept_off = _registry(tmp_path, {"enabled": False, "url_prefixes": ["stttt.example.gov.vn/"]})[0]
    assert kept_off.archive.url_prefixes == ("stttt.example.gov.vn/",) and not kept_off.is_archived
    source = _registry(
        tmp_path,
        {
            "url": "https://arquivo.example.org",
            "url_prefixes": ["stttt.example.gov.vn/tin-tuc/"],
            "from": 2012,
            "to": "2024-06-30",
            "cms_periods": [{"until": "2015-12-31", "cms": "nukeviet3"}],
            "politeness": {"timeout_seconds": 60},
        },
    )[0]
    archive = source.archive
    assert source.is_archived
    assert archive.cdx_endpoint == "https://arquivo.example.org/cdx/search/cdx"
    assert archive.replay_prefix == "https://arquivo.example.org/web/"
    assert (archive.from_timestamp, archive.to_timestamp) == ("2012", "20240630")
    # keys left out of archive.politeness are the archive's defaults, not a site's
    assert archive.politeness.min_delay_seconds == settings.ARCHIVE_MIN_DELAY_SECONDS
    assert archive.politeness.timeout_seconds == 60
    assert archive.cms_at(dt.date(2015, 12, 31), source.cms) == "nukeviet3"
    assert archive.cms_at(dt.date(2016, 1, 1), source.cms) == "nukeviet_egov"
    # command-line options override the block; no prefix at all means the source's host
    overridden = effective_settings(source, archive_url="http://127.0.0.1:9", from_value="2014", url_prefixes=[])
    assert overridden.cdx_endpoint == "http://127.0.0.1:9/cdx/search/cdx" and overridden.from_timestamp == "2014"
    assert effective_settings(_registry(tmp_path, None)[0]).url_prefixes == ("stttt.example.gov.vn/",)
    query = cdx_query_url(overridden, "stttt.example.gov.vn/tin-tuc/", resume_key="abc")
    assert "filter=statuscode%3A200" in query and "collapse=urlkey" in query and "resumeKey=abc" in query


@pytest.mark.parametrize(
    ("block", "field"),
    [
        ({"cms_periods": [{"until": "2015-12-31", "cms": "joomla"}]}, "archive.cms_periods[0].cms"),
        ({"cms_periods": [{"until": "end of 2015", "cms": "nukeviet3"}]}, "archive.cms_periods[0].until"),
        ({"from": 2020, "to": 2012}, "archive.to"),
        ({"url": "web.archive.org"}, "archive.url"),
        ({"wayback": True}, "archive"),
        ({"enabled": "yes"}, "archive.enabled"),
        ({"politeness": {"min_delay_seconds": -1}}, "politeness.min_delay_seconds"),
        ({"article_url_pattern": "(unclosed"}, "archive.article_url_pattern"),
    ],
)
def test_a_broken_archive_block_names_its_field(tmp_path, block, field):
    with pytest.raises(RegistryError) as error:
        _registry(tmp_path, block)
    assert f"field '{field}'" in str(error.value) and "olddept" in str(error.value)


def test_cdx_answers_of_both_server_kinds():
    header = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
    row = ["gov,dic)/x-1.html", "20160201000000", "http://dic.gov.vn/x-1.html", "text/html", "200", "ABC", "10"]
    rows, resume = parse_cdx_page(json.dumps([header, row, [], ["next-page"]]).encode())
    assert [(r.timestamp, r.original, r.digest) for r in rows] == [
        ("20160201000000", "http://dic.gov.vn/x-1.html", "ABC")
    ]
    assert resume == "next-page"
    assert parse_cdx_page(json.dumps([header, row]).encode())[1] is None
    pywb = json.dumps(
        {
            "urlkey": "x",
            "timestamp": "20160201000000",
            "url": "http://dic.gov.vn/y-2.html",
            "mime": "text/html",
            "status": "200",
            "digest": "sha1:DEF",
        }
    )
    rows, resume = parse_cdx_page(pywb.encode())
    assert rows[0].original == "http://dic.gov.vn/y-2.html" and rows[0].digest == "DEF" and resume is None
    assert parse_cdx_page(b"") == ([], None)


def test_cli_refuses_an_unknown_source(capsys):
    from vnict.__main__ import main

    assert main(["backfill-archive", "--source", "no_such_source"]) == 2
    assert "no source 'no_such_source'" in capsys.readouterr().err
    assert main(["import-warc", "missing.warc.gz", "--source", get_source("dienbien_dic").id, "--no-load"]) == 1
    assert "no such WARC file" in capsys.readouterr().err


def test_one_capture_run_per_source_at_a_time(tmp_path):
    from scrapers import captures

    with captures.source_lock("dienbien_dic", tmp_path):
        with pytest.raises(captures.CaptureRunBusy, match="dienbien_dic"):
            with captures.source_lock("dienbien_dic", tmp_path):
                pass
        with captures.source_lock("hatinh_stttt", tmp_path):  # another source is not held up
            pass
    with captures.source_lock("dienbien_dic", tmp_path):  # released when the run ends
        pass
