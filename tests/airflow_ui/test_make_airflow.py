"""``make airflow`` works for a newcomer: the UI answers on 127.0.0.1, lists the DAG with its runbook,
and a run triggered through the REST API with no logical date (as the UI and Airflow 3 do it)
succeeds on the offline mirror; its task logs are readable, its deadline alert fires through the
alert path, and Ctrl-C stops every process it started.

One heavy scenario (``airflow standalone`` + one DAG run, a few minutes), run once: the module
fixture starts the same command as the Makefile target (``python -m pipeline.airflow_ui``) with a
PATH that lacks the virtualenv (standalone spawns ``airflow`` from PATH), a private AIRFLOW_HOME
and data directory, on a free port.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
DAG_ID = "vn_ict_pipeline"
SOURCES = {"phutho_mic", "kontum_mic", "daknong_baodaknong", "dienbien_dic", "hatinh_stttt"}
DEADLINE_MINUTES = 0.25  # far shorter than a run: the deadline alert must fire during it


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _webhook_receiver():
    spec = importlib.util.spec_from_file_location("alert_receivers", ROOT / "tests" / "quality" / "alert_receivers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WebhookReceiver()


def _airflow_home(tmp: Path, environment: dict) -> Path:
    """A private SQLite metadata DB: a copy of the project's initialised one (migrated, with the
    warehouse_writer pool) when there is one, else made here."""
    home = tmp / "airflow"
    home.mkdir()
    project_db = ROOT / ".airflow" / "airflow.db"
    if project_db.exists():
        shutil.copy(project_db, home / "airflow.db")
    else:
        airflow = str(Path(sys.executable).with_name("airflow"))
        subprocess.run([airflow, "db", "migrate"], env=environment, check=True, capture_output=True, timeout=300)
        subprocess.run(
            [airflow, "pools", "set", "warehouse_writer", "1", "x"],
            env=environment,
            check=True,
            capture_output=True,
            timeout=120,
        )
    return home


class Ui:
    def __init__(self, url: str, home: Path):
        self.url, self.home, self._token = url, home, None

    def token(self) -> str:
        if self._token is None:
            passwords = json.loads((self.home / "simple_auth_manager_passwords.json.generated").read_text())
            response = requests.post(
                f"{self.url}/auth/token", json={"username": "admin", "password": passwords["admin"]}, timeout=30
            )
            assert response.status_code in (200, 201), response.text[:300]
            self._token = response.json()["access_token"]
        return self._token

    def api(self, method: str, path: str, headers: dict | None = None, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token()}", **(headers or {})}
        return requests.request(method, f"{self.url}/api/v2{path}", timeout=30, headers=headers, **kwargs)

    def json(self, method: str, path: str, **kwargs):
        response = self.api(method, path, **kwargs)
        assert response.ok, f"{method} {path}: {response.status_code} {response.text[:500]}"
        return response.json()


def _wait(what: str, check, timeout: float, process: subprocess.Popen, output: Path, interval: float = 2.0):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        assert process.poll() is None, f"make airflow exited while waiting for {what}:\n{output.read_text()[-4000:]}"
        try:
            result = check()
            if result:
                return result
        except Exception as error:  # noqa: BLE001 - keep polling until the deadline
            last = error
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what} (last error {last!r}):\n{output.read_text()[-4000:]}")


@pytest.fixture(scope="module")
def airflow_ui(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("make_airflow")
    webhook = _webhook_receiver()
    port = _free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AIRFLOW__", "VNICT_")) and key != "AIRFLOW_HOME"
    }
    environment.update(
        PATH="/usr/bin:/bin",  # no .venv/bin: the wrapper must put it there for standalone's components
        AIRFLOW_HOME=str(tmp / "airflow"),
        AIRFLOW__CORE__DAGS_FOLDER=str(ROOT / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__PARALLELISM="4",
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{tmp / 'airflow' / 'airflow.db'}",
        AIRFLOW__COSMOS__ENABLE_TELEMETRY="False",
        PYTHONPATH=str(ROOT),
        VNICT_DATA_DIR=str(tmp / "data"),
        VNICT_RUN_DEADLINE_MINUTES=str(DEADLINE_MINUTES),
        VNICT_ALERT_WEBHOOK_URL=webhook.url,
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    home = _airflow_home(tmp, environment)
    output = tmp / "make_airflow.out"
    with open(output, "w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "pipeline.airflow_ui", "--port", str(port)],
            cwd=ROOT,
            env=environment,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    ui = Ui(f"http://127.0.0.1:{port}", home)
    state = {"process": process, "output": output, "ui": ui, "port": port, "tmp": tmp, "webhook": webhook}
    try:
        _wait("the api-server", lambda: requests.get(f"{ui.url}/api/v2/version", timeout=5).ok, 300, process, output)
        _wait(
            f"{DAG_ID} to be parsed",
            lambda: ui.api("GET", f"/dags/{DAG_ID}").status_code == 200,
            300,
            process,
            output,
            3.0,
        )
        state["listening"] = [
            c.laddr.ip
            for c in psutil.net_connections(kind="tcp")
            if c.status == psutil.CONN_LISTEN and c.laddr.port == port
        ]
        state["dag"] = ui.json("GET", f"/dags/{DAG_ID}/details")
        ui.json("PATCH", f"/dags/{DAG_ID}", json={"is_paused": False})
        triggered = ui.json("POST", f"/dags/{DAG_ID}/dagRuns", json={"logical_date": None, "conf": {}})
        run_id = triggered["dag_run_id"]
        quoted = requests.utils.quote(run_id, safe="")
        finished = _wait(
            f"run {run_id}",
            lambda: (lambda run: run if run["state"] in ("success", "failed") else None)(
                ui.json("GET", f"/dags/{DAG_ID}/dagRuns/{quoted}")
            ),
            900,
            process,
            output,
            3.0,
        )
        state.update(
            triggered=triggered,
            run=finished,
            run_id=run_id,
            task_instances=ui.json("GET", f"/dags/{DAG_ID}/dagRuns/{quoted}/taskInstances", params={"limit": 100})[
                "task_instances"
            ],
        )
        state["summarise_log"] = ui.api(
            "GET",
            f"/dags/{DAG_ID}/dagRuns/{quoted}/taskInstances/summarise/logs/1",
            headers={"Accept": "application/json"},
        ).text
        late = time.monotonic() + 90  # the deadline callback runs through the executor, asynchronously
        while time.monotonic() < late and not any("run LATE" in p.get("text", "") for p in webhook.payloads):
            time.sleep(2)
    finally:
        state["shutdown"] = _stop(process)
        webhook.close()
    state["text"] = output.read_text(encoding="utf-8", errors="replace")
    yield state


def _stop(process: subprocess.Popen) -> dict:
    """Ctrl-C as a terminal sends it (SIGINT to the whole process group), then check nothing is left."""
    group = os.getpgid(process.pid)
    os.killpg(group, signal.SIGINT)
    try:
        code = process.wait(timeout=90)
    except subprocess.TimeoutExpired:
        code = None
    time.sleep(3)
    # Zombies have exited already (they wait for a parent to read their status), so they do not count.
    leftovers = [
        p.pid
        for p in psutil.process_iter(["pid", "status"])
        if _group_of(p.pid) == group and p.info["status"] != psutil.STATUS_ZOMBIE
    ]
    if leftovers or code is None:
        os.killpg(group, signal.SIGKILL)  # only the processes this test started
    return {"code": code, "leftovers": leftovers}


def _group_of(pid: int):
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def test_ui_answers_on_loopback_and_says_it_runs_on_the_mirror(airflow_ui):
    assert airflow_ui["listening"] and set(airflow_ui["listening"]) == {"127.0.0.1"}, airflow_ui["listening"]
    text = airflow_ui["text"]
    assert "FileNotFoundError" not in text, text[-3000:]
    assert "OFFLINE" in text and "bundled mirror" in text and "make airflow LIVE=1" in text
    assert f"http://127.0.0.1:{airflow_ui['port']}" in text


def test_dag_is_listed_with_description_and_runbook(airflow_ui):
    dag = airflow_ui["dag"]
    assert dag["description"] and "publish" in dag["description"]
    assert "runbook" in dag["doc_md"] and "DOWN" in dag["doc_md"] and "run LATE" in dag["doc_md"]


def test_run_triggered_without_logical_date_succeeds_on_the_mirror(airflow_ui):
    assert airflow_ui["triggered"]["logical_date"] is None
    task_instances = airflow_ui["task_instances"]
    assert airflow_ui["run"]["state"] == "success", [
        (ti["task_id"], ti["map_index"], ti["state"]) for ti in task_instances if ti["state"] != "success"
    ]
    assert {ti["rendered_map_index"] for ti in task_instances if ti["task_id"] == "source.crawl"} == SOURCES
    assert "Pipeline run" in airflow_ui["summarise_log"], airflow_ui["summarise_log"][:1000]
    warehouse = airflow_ui["tmp"] / "data" / "warehouse.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        urls = [row[0] for row in connection.execute("select url from raw.fetches").fetchall()]
        published = connection.execute("select count(*) from marts.dim_article").fetchone()[0]
    assert urls and all(url.startswith("http://127.0.0.1:") for url in urls), urls[:5]
    assert published >= 5


def test_a_late_run_raises_the_deadline_alert(airflow_ui):
    late = [payload["text"] for payload in airflow_ui["webhook"].payloads if "run LATE" in payload.get("text", "")]
    assert late, airflow_ui["webhook"].payloads
    assert airflow_ui["run_id"] in late[0]


def test_ctrl_c_stops_airflow_and_the_mirror(airflow_ui):
    assert airflow_ui["shutdown"] == {"code": 0, "leftovers": []}, airflow_ui["text"][-3000:]
    assert "Airflow and the mirror stopped." in airflow_ui["text"]
