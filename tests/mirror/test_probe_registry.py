"""``python -m vnict probe --all`` over real HTTP on 127.0.0.1: registry entries on the mirror's sites
(one right, one with the wrong CMS family and no list page, one with a list page that is gone) and a
dead one. The report says which answer and how, the suggested diff fixes the wrong entries, the
dead one is reported unreachable, and the registry file is left as it was."""

from __future__ import annotations

import json
import socket

import pytest
import yaml

from scrapers.registry import load_sources
from vnict import __main__ as cli
from vnict.commands.probe_registry import apply_changes
from warehouse import settings


def _rebased(entry: dict, endpoint: str, **changes) -> dict:
    def rebase(url: str) -> str:
        path = url.split("/", 3)[3] if url.count("/") >= 3 else ""
        return f"{endpoint}/{path}"

    entry = dict(
        entry,
        base_url=endpoint,
        list_urls=[rebase(url) for url in entry["list_urls"]],
        allowed_domains=[endpoint.split("//", 1)[1]],
        successor=None,
    )
    entry.update(changes)
    return entry


def _dead_endpoint() -> str:
    with socket.socket() as sock:  # a port nobody listens on once this socket is closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def probed(mirror, registry_entries, tmp_path_factory):
    dic, hatinh = mirror.endpoints["dienbien_dic"], mirror.endpoints["hatinh_stttt"]
    dead = _dead_endpoint()
    entries = [
        _rebased(registry_entries["phutho_mic"], mirror.endpoints["phutho_mic"]),
        _rebased(
            registry_entries["dienbien_dic"],
            dic,
            cms="generic",
            list_urls=[dic + "/"],
            verified=False,
            active=False,
            cms_reason="no page seen yet",
        ),
        _rebased(
            registry_entries["hatinh_stttt"],
            hatinh,
            list_urls=[hatinh + "/category/khong-con-nua/"],
            verified=False,
            active=False,
        ),
        _rebased(registry_entries["quangninh_stttt"], dead),
    ]
    workdir = tmp_path_factory.mktemp("probe-all")
    registry = workdir / "sources.yaml"
    registry.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = registry.read_bytes()
    patch = pytest.MonkeyPatch()
    patch.setattr(settings, "DEFAULT_MIN_DELAY_SECONDS", 0.0)
    patch.delenv("VNICT_SOURCE_ENDPOINTS", raising=False)
    try:
        status = cli.main(
            ["probe", "--all", "--follow", "2", "--sources", str(registry), "--out", str(workdir / "report")]
        )
    finally:
        patch.undo()
    report = json.loads((workdir / "report" / "probe_report.json").read_text(encoding="utf-8"))
    return {
        "status": status,
        "registry": registry,
        "before": before,
        "dir": workdir / "report",
        "records": {record["id"]: record for record in report["sources"]},
        "report": report,
    }


def test_every_entry_is_reported_and_the_registry_is_untouched(probed):
    assert probed["status"] == 0
    assert list(probed["records"]) == ["phutho_mic", "dienbien_dic", "hatinh_stttt", "quangninh_stttt"]
    assert probed["registry"].read_bytes() == probed["before"]
    assert probed["report"]["summary"] == {"probed": 4, "reachable": 3, "suggested_verified": 2}


def test_a_working_entry_is_confirmed_with_robots_cms_lists_and_a_sample(probed):
    mic = probed["records"]["phutho_mic"]
    assert mic["reachable"] and mic["robots"]["status"] == 200 and mic["robots"]["allowed_home"] is True
    assert mic["detected_cms"] == mic["registered_cms"] == "liferay62"
    [listed] = mic["registered_list_pages"]
    assert listed["verified_list"] and listed["article_links"] >= 1
    assert mic["article_sample"] and all(item["url"].startswith("http://127.0.0.1:") for item in mic["article_sample"])
    assert mic["suggestion"]["changes"] == {}  # already verified: nothing to change


def test_a_wrong_family_and_missing_list_pages_get_a_suggested_fix(probed):
    dic = probed["records"]["dienbien_dic"]
    changes = dic["suggestion"]["changes"]
    assert dic["detected_cms"] == "nukeviet_egov" and changes["cms"] == "nukeviet_egov"
    assert any("/tin-tuc/ung-dung-cntt/" in url for url in changes["list_urls"]) and changes["verified"] is True
    hatinh = probed["records"]["hatinh_stttt"]
    assert hatinh["registered_list_pages"][0]["rejected"].startswith("failed") or "404" in json.dumps(
        hatinh["registered_list_pages"]
    )
    assert hatinh["suggestion"]["changes"]["list_urls"] and "cms" not in hatinh["suggestion"]["changes"]


def test_a_dead_site_is_reported_unreachable(probed):
    dead = probed["records"]["quangninh_stttt"]
    assert dead["reachable"] is False and dead["error"]
    assert dead["suggestion"]["changes"] == {} and "archive" in dead["suggestion"]["notes"][0]


def test_the_table_and_the_diff_are_written_and_the_diff_applies(probed):
    table = (probed["dir"] / "probe_report.txt").read_text(encoding="utf-8")
    assert "quangninh_stttt" in table and "3 reachable, 1 unreachable, 2 suggested verified" in table
    diff = (probed["dir"] / "suggested_registry.diff").read_text(encoding="utf-8")
    added = [line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert "cms: nukeviet_egov" in added and added.count("verified: true") == 2
    assert not [line for line in added if line.startswith("active")]  # going live stays the operator's call
    suggested = probed["registry"].parent / "suggested.yaml"
    changes = {record_id: record["suggestion"]["changes"] for record_id, record in probed["records"].items()}
    suggested.write_text(apply_changes(probed["before"].decode("utf-8"), changes), encoding="utf-8")
    by_id = {source.id: source for source in load_sources(suggested, endpoints={})}
    assert by_id["dienbien_dic"].cms == "nukeviet_egov" and by_id["dienbien_dic"].verified
    assert by_id["hatinh_stttt"].verified and not by_id["hatinh_stttt"].active
    assert by_id["quangninh_stttt"].verified is False
