"""The six dashboards in a real browser: Superset from .venv-bi, headless Debian Chromium.

One Superset start for the module (about 35 s to initialise a fresh SQLite metadata database in a
temporary BI home, ~15 s to import the bundle, ~10 s until /health answers), then one Playwright
session (tests/bi/bi_browser_check.py, run with .venv-bi's interpreter) that logs in, opens every
dashboard, waits for every chart, and takes a screenshot of each into a temporary folder (or
VNICT_BI_SCREENSHOTS). The server is stopped by PID at the end, its workers with it.

The warehouse is the fixture built from the marts' dbt contracts (conftest.py); the numbers the
dashboards show are compared with the same DuckDB file.

Needs `.venv-bi/` (make bi-venv) and /usr/bin/chromium (apt-get install chromium). Marked `bi`:
about two minutes of wall time on 2 cores.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
from pathlib import Path

import duckdb
import pytest
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BI_PYTHON = PROJECT_ROOT / ".venv-bi" / "bin" / "python"
CHROMIUM = Path("/usr/bin/chromium")
BUNDLE = PROJECT_ROOT / "bi" / "dashboards"

pytestmark = pytest.mark.bi


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _dashboards() -> dict[str, int]:
    """{slug: number of charts} from the bundle."""
    counts = {}
    for path in sorted((BUNDLE / "dashboards").glob("*.yaml")):
        dashboard = yaml.safe_load(path.read_text(encoding="utf-8"))
        counts[dashboard["slug"]] = sum(
            1 for node in dashboard["position"].values() if isinstance(node, dict) and node.get("type") == "CHART"
        )
    return counts


@pytest.fixture(scope="module")
def superset(tmp_path_factory, fixture_snapshot):
    assert BI_PYTHON.exists(), f"{BI_PYTHON} is missing: create Superset's virtualenv with `make bi-venv`"
    assert CHROMIUM.exists(), "Debian's chromium is missing: apt-get install -y chromium"
    home = tmp_path_factory.mktemp("bi_home")
    password = secrets.token_urlsafe(12)
    port = _free_port()
    env = {
        **os.environ,
        "VNICT_BI_HOME": str(home),
        "VNICT_BI_SNAPSHOT": str(fixture_snapshot),
        "VNICT_BI_ADMIN_PASSWORD": password,
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
    env.pop("VNICT_BI_DATABASE_URI", None)
    env.pop("VNICT_BI_DASHBOARDS", None)
    started = time.monotonic()
    log = (home / "launcher.log").open("w")
    launcher = subprocess.Popen(
        [str(BI_PYTHON), str(PROJECT_ROOT / "bi" / "launch.py"), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=PROJECT_ROOT,
    )
    try:
        # ~1 minute on an idle machine; a fresh metadata database alone took 4 minutes on a shared one
        deadline = time.monotonic() + 600
        while "Superset is up" not in (home / "launcher.log").read_text(errors="replace"):
            if launcher.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    "Superset did not start:\n"
                    + (home / "launcher.log").read_text(errors="replace")[-4000:]
                    + "\n"
                    + "".join(
                        (home / name).read_text(errors="replace")[-3000:]
                        for name in ("init.log", "import.log", "server.log")
                        if (home / name).exists()
                    )
                )
            time.sleep(1)
        yield {
            "url": f"http://127.0.0.1:{port}",
            "password": password,
            "home": home,
            "start_seconds": round(time.monotonic() - started, 1),
        }
    finally:
        # Stop what we started, by PID: the launcher stops gunicorn's process group on SIGTERM.
        launcher.send_signal(signal.SIGTERM)
        try:
            launcher.wait(timeout=60)
        except subprocess.TimeoutExpired:
            launcher.kill()
            launcher.wait(timeout=10)
        pid_file = home / "gunicorn.pid"
        if pid_file.exists():  # belt and braces: gunicorn removes its pid file when it exits
            try:
                os.killpg(int(pid_file.read_text().strip()), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass
        log.close()


def test_every_dashboard_renders_without_errors_and_shows_the_marts(superset, fixture_snapshot, tmp_path_factory):
    expected = _dashboards()
    screenshots = Path(os.environ.get("VNICT_BI_SCREENSHOTS") or tmp_path_factory.mktemp("bi_screenshots"))
    started = time.monotonic()
    completed = subprocess.run(
        [
            str(BI_PYTHON),
            str(Path(__file__).with_name("bi_browser_check.py")),
            "--url",
            superset["url"],
            f"--password={superset['password']}",
            "--screenshots",
            str(screenshots),
            "--timeout",
            "240",
            *sorted(expected),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
        cwd=PROJECT_ROOT,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    report = json.loads(completed.stdout)
    report["superset_start_seconds"] = superset["start_seconds"]
    report["browser_seconds"] = round(time.monotonic() - started, 1)
    (screenshots / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(
        f"\nscreenshots and report: {screenshots}; Superset start {superset['start_seconds']} s, "
        f"browser {report['browser_seconds']} s"
    )

    assert report["page_errors"] == [], report["page_errors"]
    with duckdb.connect(str(fixture_snapshot), read_only=True) as warehouse:
        shows = _what_the_marts_say(warehouse)
    charts_by_title = {}
    for slug, count in expected.items():
        dashboard = report["dashboards"][slug]
        charts = dashboard["charts"]
        assert len(charts) == count, f"{slug}: {len(charts)} of {count} charts on the page"
        for chart in charts:
            assert chart["error"] is None, f"{slug}: chart {chart['title']!r} shows an error: {chart['error']}"
            assert chart["rendered"], f"{slug}: chart {chart['title']!r} did not render: {chart['text']!r}"
            charts_by_title[chart["title"]] = chart
            if chart["title"] in shows["no_data"]:
                # Sparse data must be said, not drawn as empty axes or a 0 (issue 13).
                assert chart["says_no_data"], (
                    f"{slug}: {chart['title']!r} should say there is no data: {chart['text']!r}"
                )
            else:
                assert not chart["empty"], f"{slug}: chart {chart['title']!r} has no data: {chart['text']!r}"
        assert Path(dashboard["screenshot"]).stat().st_size > 20_000
    assert set(shows["no_data"]) <= set(charts_by_title), sorted(charts_by_title)

    # The scorecard: a legend for the map's colours, and ranks said honestly ("of N ranked").
    legend = [text for text in report["dashboards"]["province-ict-scorecard"]["markdown"] if "Map legend" in text]
    assert legend and "no data" in legend[0] and "0 to 100" in legend[0], report["dashboards"][
        "province-ict-scorecard"
    ]["markdown"]
    table = charts_by_title[SCORECARD_TABLE]["text"]
    assert re.search(r"\d+ of \d+ ranked|Only province reporting", table), table[:1000]
    assert not re.search(r"\b1 of 1 ranked", table), table[:1000]
    # Plans versus results: the share met counts only targets whose deadline has an outcome.
    met = charts_by_title[TARGETS_MET]
    if shows["met_share"] is None:
        assert met["says_no_data"], met["text"]
    else:
        assert f"{shows['met_share']:.1f}" in met["text"], (met["text"], shows["met_share"])
    # Pipeline health: freshness by the gate's own rule, one label per active source.
    freshness = charts_by_title[FRESHNESS]["text"]
    assert ("Stale / Lâu không có bài mới" in freshness) == (shows["stale_sources"] > 0), freshness[:1500]
    assert ("Fresh / Còn mới" in freshness) == (shows["fresh_sources"] > 0), freshness[:1500]
    # The share of level-3/4 online services: shown where both counts exist.
    assert not charts_by_title[SERVICES_SHARE]["empty"]

    with duckdb.connect(str(fixture_snapshot), read_only=True) as warehouse:
        targets = warehouse.execute("select count(*) from marts.mart_targets_vs_actuals").fetchone()[0]
        # What the scorecard shows by default: computer_ratio on the 63-province map, one headline
        # value per province that reports it.
        provinces = warehouse.execute(
            "select count(distinct province_code) from marts.mart_province_scorecard "
            "where indicator_code = 'computer_ratio'"
        ).fetchone()[0]
        review_entries = warehouse.execute("select count(*) from marts.mart_extraction_review").fetchone()[0]
    assert provinces > 0
    big_number = charts_by_title["Plan targets / Số mục tiêu kế hoạch"]["text"]
    assert re.search(rf"\b{targets}\b", big_number), (
        f"the dashboard shows {big_number!r}, the mart has {targets} targets"
    )
    with_data = charts_by_title["Provinces with data / Số tỉnh có số liệu"]["text"]
    assert re.search(rf"\b{provinces}\b", with_data), f"the dashboard shows {with_data!r}, the mart has {provinces}"
    waiting = charts_by_title["Entries waiting for review / Số dữ kiện chờ kiểm tra"]["text"]
    assert re.search(rf"\b{review_entries}\b", waiting), (
        f"the review queue shows {waiting!r}, the review mart has {review_entries} entries"
    )
    country_map = charts_by_title["Indicator value by province / Giá trị chỉ tiêu theo tỉnh"]
    assert country_map["coloured_regions"] >= provinces, (
        f"the map colours {country_map['coloured_regions']} regions; {provinces} provinces have a value"
    )


SCORECARD_TABLE = "Latest actual value per indicator and province / Giá trị thực tế mới nhất theo chỉ tiêu và tỉnh"
TARGETS_MET = "Targets met by their deadline (%) / Tỷ lệ mục tiêu đạt đúng hạn (%)"
RANK_CHANGE = "Rank change from the previous year (+ = moved up) / Thay đổi thứ hạng so với năm trước (+ = tăng hạng)"
FRESHNESS = "Source freshness, from publication dates / Mức độ cập nhật của nguồn, theo ngày đăng"
SERVICES_SHARE = "Online public services at level 3/4, share / Tỷ lệ dịch vụ công trực tuyến mức độ 3, 4"
ICT_INDEX = "Vietnam ICT Index (readiness for ICT development and application) / Chỉ số sẵn sàng cho phát triển và ứng dụng CNTT-TT"


def _what_the_marts_say(warehouse) -> dict:
    """What the dashboards must show on this snapshot, from the marts themselves (default filters)."""
    met, missed = warehouse.execute(
        "select count(*) filter (where target_status = 'met'), count(*) filter (where target_status = 'missed') "
        "from marts.mart_targets_vs_actuals"
    ).fetchone()
    changes = warehouse.execute(
        "select count(*) from marts.mart_rankings_history where rank_change is not null and "
        "ranking_name_en || ' / ' || ranking_name_vi = ?",
        [ICT_INDEX],
    ).fetchone()[0]
    stale, fresh = warehouse.execute(
        "select count(*) filter (where is_stale), count(*) filter (where not is_stale and fresh_until_date is not null) "
        "from marts.dim_source where is_active"
    ).fetchone()
    no_data = []
    if met + missed == 0:
        no_data.append(TARGETS_MET)
    if changes == 0:
        no_data.append(RANK_CHANGE)
    return {
        "met_share": round(100.0 * met / (met + missed), 1) if met + missed else None,
        "no_data": no_data,
        "stale_sources": stale,
        "fresh_sources": fresh,
    }


def test_start_up_prints_a_line_per_step(superset):
    """`make bi` is about two minutes of start-up: it says what it is doing, step by step."""
    log = (superset["home"] / "launcher.log").read_text(errors="replace")
    steps = [line for line in log.splitlines() if line.startswith("[bi] ")]
    assert any("creating Superset's metadata database" in line for line in steps), log[-2000:]
    assert any("importing the dashboards" in line for line in steps), log[-2000:]
    assert any("starting the web server" in line for line in steps), log[-2000:]
    assert log.count("[bi]   done in") >= 5, log[-2000:]


def test_the_iso_codes_are_those_of_superset_vietnam_map():
    """The iso_3166_2 column of the seed ref_provinces names exactly the 63 regions of the map Superset ships."""
    import csv

    assets = next((PROJECT_ROOT / ".venv-bi").glob("lib/python*/site-packages/superset/static/assets"))
    geojson = next(path for path in assets.glob("*.geojson") if '"VN-HN"' in path.read_text(errors="ignore"))
    features = json.loads(geojson.read_text())["features"]
    map_regions = {feature["properties"]["ISO"]: feature["properties"]["NAME_1"] for feature in features}
    rows = list(csv.DictReader((PROJECT_ROOT / "dbt_project" / "seeds" / "ref_provinces.csv").open(encoding="utf-8")))
    assert {row["iso_3166_2"] for row in rows} == set(map_regions)
    for row in rows:
        assert map_regions[row["iso_3166_2"]] == row["superset_map_name"], row


def test_exporting_the_imported_dashboards_gives_back_the_repository_files(superset, tmp_path):
    """Dashboards as code round-trip: what Superset holds after the import, exported again
    (bi/launch.py export, as after a change in the UI), is byte for byte bi/dashboards/."""
    import difflib
    import filecmp
    import shutil

    exported = tmp_path / "dashboards"
    shutil.copytree(BUNDLE, exported)
    env = {**os.environ, "VNICT_BI_HOME": str(superset["home"])}
    completed = subprocess.run(
        [str(BI_PYTHON), str(PROJECT_ROOT / "bi" / "launch.py"), "export", str(exported)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=PROJECT_ROOT,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    repository = sorted(path.relative_to(BUNDLE) for path in BUNDLE.rglob("*.yaml"))
    # Superset itself wrote every object of the bundle (the six dashboards, their charts and datasets)
    assert f"wrote {len(repository)} files" in completed.stdout, completed.stdout[-2000:]
    assert sorted(path.relative_to(exported) for path in exported.rglob("*.yaml")) == repository
    changed = [str(path) for path in repository if not filecmp.cmp(BUNDLE / path, exported / path, shallow=False)]
    diff = "".join(
        line
        for path in changed
        for line in difflib.unified_diff(
            (BUNDLE / path).read_text().splitlines(keepends=True),
            (exported / path).read_text().splitlines(keepends=True),
            f"bi/dashboards/{path}",
            f"exported/{path}",
        )
    )
    assert changed == [], f"export differs from the repository:\n{diff[:6000]}"
