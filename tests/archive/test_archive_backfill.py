"""History from web archives, end to end on 127.0.0.1: a backfill from a Wayback-style archive (CDX +
replay, real HTTP) and an import of a WARC file written with warcio, each run twice, through the
live path (landing, adapters, extractor, raw load) into a real DuckDB warehouse, then one dbt build:
the archived articles and their facts reach the marts with their capture provenance.

One heavy scenario (module fixture); the tests read its results. Scenario: archive_scenario.py.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

import archive_scenario as scenario
import duckdb
import pytest

from scrapers import captures
from vnict.__main__ import main as scrapers_main
from warehouse import archive, database, dbt_runner
from warehouse.records import RAW_RECORDS, record_problems

ARCHIVE_DELAY_SECONDS = 0.1


def _cli(*argv) -> tuple[int, dict]:
    output = io.StringIO()
    with redirect_stdout(output):
        status = scrapers_main(list(argv))
    return status, json.loads(output.getvalue().strip().splitlines()[-1])


def _killed_backfill(archive_url: str) -> dict:
    """What a backfill killed mid-way leaves: the captures it landed and their checkpointed records,
    no parse, no load (the listing and fetching of ``backfill_source`` without its end)."""
    from scrapers.backfill_archive import _Backfill, effective_settings, new_run_id
    from scrapers.fetch import Fetcher
    from scrapers.registry import get_source, load_sources

    source = get_source("dienbien_dic", load_sources())
    fetcher = Fetcher()
    try:
        report = _Backfill(
            source,
            new_run_id(),
            effective_settings(source, archive_url=archive_url),
            fetcher,
            captures.CaptureState.of_source(source.id),
            2,
            None,
        ).run()
    finally:
        fetcher.close()
    return report.to_dict()


@pytest.fixture(scope="module")
def archived(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("archive")
    fake = scenario.dic_archive()
    # the archive is busy once: the first CDX request gets a 429 with Retry-After
    fake.faults["/cdx/"] = [(429, {"Retry-After": "1"})]
    fake.start()
    warc = scenario.write_hatinh_warc(tmp / "hatinh-2017.warc.gz")
    environment = {
        "VNICT_DATA_DIR": str(tmp / "data"),
        "VNICT_LANDING_DIR": str(tmp / "landing"),
        "VNICT_WAREHOUSE": str(tmp / "warehouse.duckdb"),
        "VNICT_TARGET": "duckdb",
        "VNICT_SOURCES_FILE": str(scenario.write_registry(tmp / "sources.yaml", ARCHIVE_DELAY_SECONDS)),
    }
    try:
        with pytest.MonkeyPatch.context() as patch:
            for name in (
                "VNICT_SOURCE_ENDPOINTS",
                "VNICT_OFFLINE",
                "VNICT_BUILD_SCHEMA",
                "VNICT_PUBLISH_MIN_CONFIDENCE",
            ):
                patch.delenv(name, raising=False)
            for name, value in environment.items():
                patch.setenv(name, value)
            backfill = ["backfill-archive", "--source", "dienbien_dic", "--archive-url", fake.url]
            # a backfill killed after landing two captures: its records are checkpointed, nothing parsed
            first = (None, _killed_backfill(fake.url))
            captures_after_first = len(fake.requests_to("/web/"))
            # then resumed (the killed run completed first), then run again with nothing left
            resumed = _cli(*backfill)
            captures_after_resume = len(fake.requests_to("/web/"))
            again = _cli(*backfill)
            warc_first = _cli("import-warc", str(warc), "--source", "hatinh_stttt")
            warc_again = _cli("import-warc", str(warc), "--source", "hatinh_stttt")
            # the runbook's rebuild from the landing zone (no request) reads captures like live pages
            reparse = _cli("reparse", "--source", "dienbien_dic", "--run-id", "reparse-archive")
            paths = {"target_path": tmp / "target", "log_path": tmp / "logs"}
            seed = dbt_runner.run_dbt(["seed"], target="duckdb", **paths)
            build = dbt_runner.run_dbt(["build", "--exclude", "resource_type:seed"], target="duckdb", **paths)
            # the README's last step: the quality gate on the archive run (its raw rows and facts, and
            # every mart), then publish to `marts`
            from vnict.__main__ import main as vnict_main

            gate_output = io.StringIO()
            with redirect_stdout(gate_output):
                gate_status = vnict_main(["quality", "check", first[1]["run_id"], "--publish", "--target", "duckdb"])
            fetch_records = archive.read_records(None, kind="fetches", landing=tmp / "landing")
        yield {
            "tmp": tmp,
            "fake": fake,
            "first": first,
            "resumed": resumed,
            "again": again,
            "warc_first": warc_first,
            "warc_again": warc_again,
            "seed": seed,
            "build": build,
            "reparse": reparse,
            "gate_status": gate_status,
            "gate_output": gate_output.getvalue(),
            "captures_after_first": captures_after_first,
            "captures_after_resume": captures_after_resume,
            "fetch_records": fetch_records,
            "warehouse": tmp / "warehouse.duckdb",
        }
    finally:
        fake.stop()


def _query(archived, sql: str) -> list[tuple]:
    with duckdb.connect(str(archived["warehouse"]), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_backfill_lands_each_archived_article_once_and_resumes(archived):
    statuses = [archived[run][0] for run in ("resumed", "again", "warc_first", "warc_again")]
    assert statuses == [0, 0, 0, 0]
    first, resumed, again = (archived[run][1] for run in ("first", "resumed", "again"))
    assert first["captures_asked"] == 2 and first["left_for_next_run"] > 0
    # the killed run's two captures reach the warehouse through the next run, without a refetch
    [completed] = resumed["resumed_runs"]
    assert completed["run_id"] == first["run_id"] and completed["articles"] == 2
    assert completed["load"]["new_articles"] == 2 and again["resumed_runs"] == []
    # the resumed run asks only what the first did not settle; the third asks nothing at all
    assert archived["captures_after_resume"] - archived["captures_after_first"] >= resumed["captures_asked"] > 0
    assert again["captures_asked"] == 0 and again["parsed"]["load"]["new_articles"] == 0
    assert len(archived["fake"].requests_to("/web/")) == archived["captures_after_resume"]
    landed = sorted(
        (url.rsplit("/", 1)[-1], str(ts))
        for url, ts in _query(
            archived,
            """
        select url, strftime(capture_timestamp, '%Y%m%d%H%M%S') from raw.articles where source_id = 'dienbien_dic'""",
        )
    )
    articles, _ = scenario._articles("dic")
    expected = sorted(
        (articles[article_id]["path"].rsplit("/", 1)[-1], timestamp)
        for article_id, timestamp in scenario.EXPECTED_DIC_LANDED.items()
    )
    assert landed == expected
    # the error page and the redirects: recorded, and the redirect that reached a capture followed
    records = [r for r in archived["fetch_records"] if r["source_id"] == "dienbien_dic" and r["page_kind"] == "capture"]
    error_pages = [r for r in records if r.get("failure_kind") == "error_page"]
    assert len(error_pages) == 1 and "dic-phan-mem-qlvb" not in {a for a, _ in landed}
    assert "archived error page" in error_pages[0]["reason"] and error_pages[0]["content_sha256"] is None
    redirected = [r for r in records if r.get("final_url")]
    assert {r["capture_timestamp"] for r in redirected} == {"2016-01-15T00:00:00Z", "2016-03-12T00:00:00Z"}
    # the NukeViet 'index.php' twin of an article has the same digest: never fetched
    assert not any("index.php" in r["url"] for r in records)
    assert first["skipped_duplicate_digest"] + resumed["skipped_duplicate_digest"] >= 1


def test_reparse_rebuilds_captures_with_their_provenance_and_cms(archived):
    status, summary = archived["reparse"]
    assert status == 0 and summary["failed_sources"] == []
    rebuilt = archive.read_records(
        "reparse-archive", kind="articles", source_id="dienbien_dic", landing=archived["tmp"] / "landing"
    )
    landed = {(a["url"], a["capture_timestamp"], a["parser_version"].endswith("+cms.nukeviet3")) for a in rebuilt}
    loaded = set(
        _query(
            archived,
            """select url, strftime(capture_timestamp, '%Y-%m-%dT%H:%M:%SZ'),
                                            parser_version like '%+cms.nukeviet3' from raw.articles
                                     where source_id = 'dienbien_dic'""",
        )
    )
    assert landed == loaded and len(landed) == len(scenario.EXPECTED_DIC_LANDED)


def test_archive_host_politeness_and_retry_after(archived):
    cdx_records = [r for r in archived["fetch_records"] if r["page_kind"] == "cdx"]
    assert any("HTTP 429" in attempt for r in cdx_records for attempt in r["attempts"])
    assert all(r["content_sha256"] for r in cdx_records)  # every CDX page read in the end (kept as evidence)
    starts = sorted(start for start, path in archived["fake"].requests if not path.startswith("/robots.txt"))
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:])]
    # one request at a time, never closer than the archive's delay (measured on arrival: connection jitter)
    assert min(gaps) >= ARCHIVE_DELAY_SECONDS * 0.7
    # the page size of 2 rows made the listing paginate with resume keys
    assert archived["first"][1]["cdx_pages"] > len(scenario.DIC_ARCHIVE["url_prefixes"])


def test_cms_change_old_capture_parsed_with_the_old_family(archived):
    rows = _query(
        archived,
        """select parser_version, published_date, title from raw.articles
                               where source_id = 'dienbien_dic' and capture_timestamp < '2016-01-01'""",
    )
    assert len(rows) == 1
    parser_version, published, title = rows[0]
    assert parser_version.endswith("+cms.nukeviet3") and str(published) == "2015-12-02"
    assert title.startswith("Điện Biên: Nâng cao chỉ số sẵn sàng")
    # the registry's current family would not have read that markup's date: the period matters
    from scrapers.adapters import get_adapter

    articles, site = scenario._articles("dic")
    old_page = scenario.nukeviet3_page(articles[scenario.DIC_SEED], site.name).decode("utf-8")
    assert get_adapter("nukeviet_egov").parse_article(old_page, "http://dic.gov.vn/x-1342.html").published_at is None


def test_warc_import_lands_once_and_is_idempotent(archived):
    first, again = archived["warc_first"][1], archived["warc_again"][1]
    assert first["outcomes"] == {"new": 2, "duplicate": 1, "failed:error_page": 1, "failed:redirect_capture": 1}
    assert first["revisits"] == 1 and first["other_sites"] == 1 and first["not_articles"] == 1
    assert again["outcomes"] == {} and again["parsed"]["load"]["new_articles"] == 0
    assert again["parsed"]["load"]["new_facts"] == 0
    landed = dict(
        _query(
            archived,
            """select url, strftime(capture_timestamp, '%Y%m%d%H%M%S') from raw.articles
                                     where source_id = 'hatinh_stttt'""",
        )
    )
    articles, _ = scenario._articles("stttt_hatinh")
    assert landed == {
        scenario.HATINH + articles[article_id]["path"]: timestamp
        for article_id, timestamp in scenario.EXPECTED_HATINH_LANDED.items()
    }
    capture_urls = _query(archived, "select capture_url from raw.articles where source_id = 'hatinh_stttt'")
    assert all(url.startswith("warc:hatinh-2017.warc.gz#<urn:uuid:") for (url,) in capture_urls)


def test_archived_facts_reach_the_marts_with_capture_provenance(archived):
    assert archived["seed"].success and archived["build"].success, archived["build"]
    assert archived["gate_status"] == 0 and "published: True" in archived["gate_output"], archived["gate_output"]
    facts = _query(
        archived,
        """
        select d.source_id, f.capture_timestamp, f.capture_url, f.sentence
        from marts.fct_ict_rankings f join marts.dim_article d using (article_id)
        union all
        select d.source_id, f.capture_timestamp, f.capture_url, f.sentence
        from marts.fct_indicator_observations f join marts.dim_article d using (article_id)""",
    )
    by_source = {}
    for source_id, capture_timestamp, capture_url, sentence in facts:
        by_source.setdefault(source_id, []).append((capture_timestamp, capture_url, sentence))
    assert set(by_source) == {"dienbien_dic", "hatinh_stttt"}
    for source_id, entries in by_source.items():
        for capture_timestamp, capture_url, sentence in entries:
            assert capture_timestamp is not None and sentence
            if source_id == "dienbien_dic":
                assert "/web/20151215000000id_/http://dic.gov.vn/" in capture_url
            else:
                assert capture_url.startswith("warc:hatinh-2017.warc.gz#")
    articles = _query(
        archived,
        """select source_id, count(*), count(capture_timestamp), count(capture_url)
                                   from marts.dim_article group by 1 order by 1""",
    )
    assert articles == [("dienbien_dic", 4, 4, 4), ("hatinh_stttt", 2, 2, 2)]


def test_archive_records_have_exactly_the_declared_fields(archived):
    """Captures carry fields a live fetch lacks (their provenance, ``capture_keys``): every key the
    backfill, the WARC import and the parse of captures write is declared by its record type
    (warehouse.records), so none is dropped by the loader unnoticed."""
    landing = archived["tmp"] / "landing"
    captured = [record for record in archived["fetch_records"] if record["page_kind"] == "capture"]
    assert {record["source_id"] for record in captured} == {"dienbien_dic", "hatinh_stttt"}
    assert all(record["capture_keys"] and record["capture_url"] for record in captured)
    by_table = {
        "fetches": archived["fetch_records"],
        "articles": archive.read_records(None, kind="articles", landing=landing),
    }
    for fact in archive.read_records(None, kind="facts", landing=landing):
        by_table.setdefault(database.FACT_TABLES[fact["fact_type"]], []).append(fact)
    assert set(by_table) >= {"fetches", "articles", "indicator_facts", "ranking_facts"}
    for table, rows in by_table.items():
        problems = sorted({problem for row in rows for problem in record_problems(row, RAW_RECORDS[table])})
        assert problems == [], f"{table}: {problems}"


def test_capture_helpers():
    assert captures.parse_replay_url("http://a.org/web/20160312000000id_/http://dic.gov.vn/x.html?id=1") == (
        "20160312000000",
        "http://dic.gov.vn/x.html?id=1",
    )
    assert captures.parse_replay_url("https://web.archive.org/web/20160312000000/https:/dic.gov.vn/y") == (
        "20160312000000",
        "https://dic.gov.vn/y",
    )
    assert captures.parse_replay_url("http://dic.gov.vn/tin-tuc/") is None
    assert captures.normalize_digest("sha1:abc") == captures.normalize_digest("ABC") == "ABC"
    from mirror.server import NOT_FOUND_PAGE

    assert captures.error_page_reason(NOT_FOUND_PAGE.decode("utf-8"))
    articles, site = scenario._articles("dic")
    assert captures.error_page_reason(site.pages[articles[scenario.DIC_SEED]["path"]].body.decode("utf-8")) is None
