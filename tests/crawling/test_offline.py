"""``make run`` never leaves 127.0.0.1: a source with no mirror entry is skipped and named; only --live goes out."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pytest
import yaml

from mirror.server import start_mirror
from pipeline import run_local, summary, tasks
from scrapers.fetch import Fetcher
from scrapers.registry import Politeness, load_sources, split_offline
from vnict.__main__ import main
from warehouse import settings

UNMIRRORED = {
    "id": "quangtri_stttt_unmirrored",
    "name": "Sở TT&TT Quảng Trị (not in the mirror)",
    "province_code": "45",
    "base_url": "https://stttt.quangtri.gov.vn",
    "cms": "generic",
    "list_urls": ["https://stttt.quangtri.gov.vn/tin-tuc"],
    "allowed_domains": ["stttt.quangtri.gov.vn"],
    "politeness": {"min_delay_seconds": 0.0},
    "active": True,
    "verified": False,
}


@pytest.fixture
def offline_registry(tmp_path, monkeypatch):
    """The project registry plus an active source the mirror does not serve, as ``make run`` sees it."""
    document = yaml.safe_load(settings.sources_file().read_text(encoding="utf-8"))
    for entry in document["sources"]:
        entry.setdefault("politeness", {})["min_delay_seconds"] = 0.0
    document["sources"].append(dict(UNMIRRORED))
    registry = tmp_path / "sources.yaml"
    registry.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("VNICT_SOURCES_FILE", str(registry))
    mirror = start_mirror(endpoints_file=tmp_path / "endpoints.json")
    environment = run_local.airflow_environment(tmp_path / "endpoints.json")
    for name in ("VNICT_SOURCE_ENDPOINTS", "VNICT_OFFLINE"):
        monkeypatch.setenv(name, environment[name])
    yield mirror
    mirror.stop()


def test_make_run_environment_is_offline_and_live_is_explicit(tmp_path, monkeypatch):
    monkeypatch.setenv("VNICT_SOURCE_ENDPOINTS", "/somewhere/endpoints.json")
    offline = run_local.airflow_environment(tmp_path / "endpoints.json")
    assert offline["VNICT_OFFLINE"] == "1" and offline["VNICT_SOURCE_ENDPOINTS"].endswith("endpoints.json")
    live = run_local.airflow_environment(None)
    assert live["VNICT_OFFLINE"] == "0" and "VNICT_SOURCE_ENDPOINTS" not in live


def test_a_source_without_mirror_entry_is_skipped_and_named_in_the_summary(offline_registry):
    ids = tasks.active_source_ids("offline-run")
    assert UNMIRRORED["id"] not in ids and "phutho_mic" in ids
    kept, skipped = split_offline(load_sources())
    assert all(source.endpoint for source in kept)
    assert [entry["source_id"] for entry in skipped if entry["source_id"] == UNMIRRORED["id"]]
    built = summary.build_summary("offline-run")
    text = summary.format_summary(built)
    line = next(line for line in text.splitlines() if UNMIRRORED["id"] in line)
    assert line.startswith(
        "skipped source quangtri_stttt_unmirrored: no mirror entry for https://stttt.quangtri.gov.vn"
    )
    assert "--live" in line


def test_the_crawl_command_skips_it_too(offline_registry):
    output, errors = io.StringIO(), io.StringIO()
    with redirect_stdout(output), redirect_stderr(errors):
        assert main(["crawl", "--run-id", "offline1", "--max-articles", "1"]) == 0
    crawled = [json.loads(line)["source_id"] for line in output.getvalue().splitlines() if '"source_id"' in line]
    assert UNMIRRORED["id"] not in crawled and crawled
    assert f"skipping source {UNMIRRORED['id']}: no mirror entry" in errors.getvalue()


def test_the_fetcher_refuses_any_host_but_loopback_when_offline(monkeypatch):
    monkeypatch.setenv("VNICT_OFFLINE", "1")
    fetcher = Fetcher(host_lock_dir=None)
    result = fetcher.fetch(
        "https://stttt.quangtri.gov.vn/tin-tuc",
        page_kind="list",
        politeness=Politeness(),
        allowed_domains=("stttt.quangtri.gov.vn",),
    )
    assert result.outcome == "redirect_blocked" and result.failure_kind == "offline"
    assert result.attempts == [] and "--live" in result.reason
    assert not fetcher.gate.requests_by_host  # no request, no robots.txt, no DNS
