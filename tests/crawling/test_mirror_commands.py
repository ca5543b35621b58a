"""The real registry, adapters and extractor against the offline mirror, through the commands.

``python -m vnict crawl`` lands every mirrored article; after loading, a second daily crawl asks
each list URL once and gets 304; ``reparse`` rebuilds articles and facts from the archive alone,
deterministically.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import yaml

from mirror.server import start_mirror
from vnict.__main__ import main
from warehouse import archive, database, settings


@pytest.fixture
def mirrored_registry(tmp_path, monkeypatch):
    """The project registry with no politeness delay (the mirror is ours), served by the mirror."""
    document = yaml.safe_load(settings.sources_file().read_text(encoding="utf-8"))
    for entry in document["sources"]:
        entry.setdefault("politeness", {})["min_delay_seconds"] = 0.0
    registry = tmp_path / "sources.yaml"
    registry.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("VNICT_SOURCES_FILE", str(registry))
    mirror = start_mirror(endpoints_file=tmp_path / "endpoints.json")
    monkeypatch.setenv("VNICT_SOURCE_ENDPOINTS", str(tmp_path / "endpoints.json"))
    yield mirror
    mirror.stop()


def run_command(*argv) -> tuple[int, list[dict]]:
    output = io.StringIO()
    with redirect_stdout(output):
        status = main(list(argv))
    return status, [json.loads(line) for line in output.getvalue().splitlines() if line.startswith("{")]


def test_crawl_rerun_and_reparse_on_the_mirror(mirrored_registry):
    status, lines = run_command("crawl", "--run-id", "c1")
    assert status == 0
    summaries = [line for line in lines if "source_id" in line]
    assert summaries and lines[-1] == {"run_id": "c1", "sources": len(summaries)}
    for summary in summaries:
        assert summary["errors"] == [] and summary["new_articles"] > 0, summary
        assert set(summary["outcomes"]) == {"new"}, summary

    database.load_run("c1")
    status, lines = run_command("crawl", "--run-id", "c2")
    assert status == 0
    for summary in (line for line in lines if "source_id" in line):
        assert summary["outcomes"] == {"not_modified": summary["outcomes_by_kind"]["list"]["not_modified"]}, summary
        assert summary["requests"] == summary["list_pages"], summary  # list page 1 of each list URL only

    status, lines = run_command("reparse", "--run-id", "rp1")
    assert status == 0
    landed = {r["canonical_url"] for r in archive.read_records("c1") if r["page_kind"] == "article"}
    articles = archive.read_records("rp1", kind="articles")
    assert {a["canonical_url"] for a in articles} == landed
    assert archive.read_records("rp1", kind="parse_errors") == []
    assert all(a["title"] and a["body_text"] and a["body_sha256"] for a in articles)
    facts = archive.read_records("rp1", kind="facts")
    assert facts and all(f["fact_type"] in ("indicator", "ranking", "incident") for f in facts)

    status, lines = run_command("reparse", "--run-id", "rp2", "--jobs", "2")
    assert status == 0 and all(line.get("parse_errors") == 0 for line in lines if "source_id" in line)
    assert sorted(f["fact_id"] for f in archive.read_records("rp2", kind="facts")) == sorted(
        f["fact_id"] for f in facts
    )


def test_crawl_command_refuses_unknown_sources_and_bad_registries(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("VNICT_SOURCES_FILE", str(Path(__file__).parent / "fixtures" / "sources.yaml"))
    assert main(["crawl", "--source", "no_such_source"]) == 2
    assert "unknown source id" in capsys.readouterr().err
    broken = tmp_path / "broken.yaml"
    broken.write_text("sources:\n  - id: x\n", encoding="utf-8")
    monkeypatch.setenv("VNICT_SOURCES_FILE", str(broken))
    assert main(["crawl"]) == 2 and main(["reparse"]) == 2
    assert "field 'name': is required" in capsys.readouterr().err
