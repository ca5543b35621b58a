"""The docker compose deployment, without Docker: the same Airflow services as native processes.

One job: start (and reliably stop) a CeleryExecutor Airflow on this machine with the settings of
docker-compose.yml — PostgreSQL metadata, Redis broker and result backend, the PostgreSQL
warehouse as the dbt target, the api-server, a scheduler, a dag-processor and N Celery workers —
and talk to it through the REST API. Everything it creates is scratch and private to one
stack: two fresh PostgreSQL databases, one claimed Redis database number, a temporary
AIRFLOW_HOME, free loopback ports. ``stop()`` ends every process it started by process group
(SIGTERM, then SIGKILL) and drops what it created.

Used by tests/distributed/test_celery_pipeline.py and bench/bench_distributed.py.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
AIRFLOW = str(Path(sys.executable).with_name("airflow"))
DAG_ID = "vn_ict_pipeline"
FINISHED_RUN_STATES = {"success", "failed"}

PG_HOST = os.environ.get("VNICT_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("VNICT_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("VNICT_TEST_PG_USER", "postgres")
PG_PASSWORD = os.environ.get("VNICT_TEST_PG_PASSWORD", "")
REDIS_HOST = os.environ.get("VNICT_TEST_REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("VNICT_TEST_REDIS_PORT", "6379"))
# Redis database numbers this harness may claim (0 is left to whoever uses the default).
REDIS_DATABASES = range(15, 7, -1)
REDIS_CLAIM_KEY = "vnict:native-stack:claim"


class StackError(AssertionError):
    """The stack did not come up or did not behave; the message carries the processes' log tails."""


def preflight() -> None:
    """Fail fast, with the fix, on environments that cannot run a CeleryExecutor on PostgreSQL.

    Both checks guard lock-file requirements found by this test: Airflow 3.3 opens an async
    engine on its metadata database (asyncpg for PostgreSQL), and celery 5.7 removed
    ``celery.backends.database.retry``, which apache-airflow-providers-celery 3.26 imports.
    """
    import importlib.util

    problems = []
    if importlib.util.find_spec("asyncpg") is None:
        problems.append(
            "asyncpg is not installed: Airflow 3.3 needs it for a PostgreSQL metadata database "
            "(add `asyncpg` to pyproject.toml dependencies and `uv lock`)"
        )
    try:
        import celery.backends.database as celery_database

        if not hasattr(celery_database, "retry"):
            import celery

            problems.append(
                f"celery {celery.__version__} lacks celery.backends.database.retry, which "
                "apache-airflow-providers-celery imports: pin `celery<5.7` in pyproject.toml and `uv lock`"
            )
    except ImportError as error:
        problems.append(f"celery cannot be imported ({error}): add apache-airflow-providers-celery")
    if problems:
        raise StackError(
            "this environment cannot run Airflow's CeleryExecutor on PostgreSQL:\n- " + "\n- ".join(problems)
        )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _pg_connect(database: str = "postgres"):
    import psycopg2

    connection = psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, password=PG_PASSWORD, dbname=database)
    connection.autocommit = True
    return connection


def _pg_execute(sql: str) -> None:
    # Not ``with connection``: psycopg2 would wrap it in a transaction, which CREATE DATABASE refuses.
    connection = _pg_connect()
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def create_database(name: str) -> None:
    _pg_execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def claim_redis_database() -> int:
    """An empty Redis database number, marked as ours so a concurrent stack picks another one."""
    import redis

    for number in REDIS_DATABASES:
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
        if client.dbsize() == 0 and client.set(REDIS_CLAIM_KEY, str(os.getpid()), nx=True, ex=6 * 3600):
            return number
    raise StackError(
        f"no empty Redis database among {list(REDIS_DATABASES)} on {REDIS_HOST}:{REDIS_PORT}; "
        "another run may still hold them (key vnict:native-stack:claim) or they hold stale data"
    )


def release_redis_database(number: int) -> None:
    import redis

    redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number).flushdb()


@dataclass
class ManagedProcess:
    """A process started in its own process group, its output in a log file."""

    name: str
    command: list[str]
    log_path: Path
    popen: subprocess.Popen | None = None

    def start(self, environment: dict) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.log_path.open("ab")
        try:
            self.popen = subprocess.Popen(
                self.command,
                env=environment,
                cwd=ROOT,
                stdout=handle,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        finally:
            handle.close()

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def descendants(self) -> list:
        """Every process below the leader, including those in process groups of their own.

        Airflow's task supervisor puts each task process in its own process group, so signalling
        the worker's group alone would leave running tasks behind; a container's death would not.
        """
        import psutil

        if self.popen is None:
            return []
        try:
            return psutil.Process(self.popen.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def kill_group(self, sig: int = signal.SIGKILL) -> None:
        if self.popen is None:
            return
        try:
            os.killpg(self.popen.pid, sig)
        except ProcessLookupError:
            pass

    def kill_tree(self, sig: int = signal.SIGKILL) -> None:
        """Signal the leader's process group and every descendant with its own group, as if the
        worker's machine (or container) died: no pool child or task process survives."""
        import psutil

        children = self.descendants()
        self.kill_group(sig)
        for child in children:
            try:
                os.killpg(os.getpgid(child.pid), sig)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                child.send_signal(sig)
            except psutil.NoSuchProcess:
                pass

    def stop(self, grace_seconds: float = 20.0) -> list[int]:
        """SIGTERM the group, then SIGKILL the whole tree; returns PIDs that survived (none, normally)."""
        import psutil

        if self.popen is None:
            return []
        children = self.descendants()
        self.kill_group(signal.SIGTERM)
        try:
            self.popen.wait(timeout=grace_seconds)
        except subprocess.TimeoutExpired:
            pass
        # The leader may be gone while children linger (a worker's task processes): kill them all.
        self.kill_tree(signal.SIGKILL)
        for child in children:
            try:
                if child.is_running():
                    child.kill()
            except Exception:  # noqa: BLE001 - already gone
                pass
        try:
            self.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        survivors = [self.popen.pid] if self.alive() else []
        for child in children:
            try:
                if child.is_running() and child.status() != psutil.STATUS_ZOMBIE:
                    survivors.append(child.pid)
            except psutil.NoSuchProcess:
                pass
        return survivors

    # Lines that say nothing about a failure (the api-server logs every request it serves).
    NOISE = ("request finished", "[http.access]")

    def tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return f"--- {self.name}: no log at {self.log_path}"
        text = [
            line
            for line in self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
            if not any(marker in line for marker in self.NOISE)
        ][-lines:]
        state = "running" if self.alive() else f"exited {self.popen.returncode if self.popen else '?'}"
        return f"--- {self.name} (pid {self.pid}, {state}) {self.log_path}\n" + "\n".join(text)


@dataclass
class NativeCeleryStack:
    """Airflow on CeleryExecutor as native processes, configured like docker-compose.yml."""

    workdir: Path
    worker_names: tuple[str, ...] = ("worker-a", "worker-b")
    worker_concurrency: int = 2
    parallelism: int = 4
    heartbeat_timeout_seconds: int = 30
    mirror_latency_seconds: float = 0.0
    extra_environment: dict = field(default_factory=dict)

    def __post_init__(self):
        suffix = uuid.uuid4().hex[:10]
        self.metadata_database = f"vnict_native_airflow_{suffix}"
        self.warehouse_database = f"vnict_native_warehouse_{suffix}"
        # As in docker-compose.yml, the pipeline writes the warehouse as a role that owns its
        # database and nothing else, and BI reads it as a read-only role; names of this stack's
        # own, since roles are global to the PostgreSQL server.
        self.loader_role = f"vnict_loader_{suffix}"
        self.loader_password = secrets.token_urlsafe(16)
        self.reader_role = f"bi_reader_{suffix}"
        self.reader_password = secrets.token_urlsafe(16)
        self.created_roles: list[str] = []
        self.airflow_home = self.workdir / "airflow_home"
        self.logs_dir = self.workdir / "process_logs"
        self.api_port = free_port()
        self.api_url = f"http://127.0.0.1:{self.api_port}"
        self.admin_password = secrets.token_urlsafe(12)
        self.redis_database: int | None = None
        self.processes: dict[str, ManagedProcess] = {}
        self.created_databases: list[str] = []
        self.mirror = None
        self._token: str | None = None
        self.timings: dict[str, float] = {}

    # --- configuration: the compose file's environment, pointed at loopback ------------------
    def environment(self) -> dict:
        redis_url = f"redis://{REDIS_HOST}:{REDIS_PORT}/{self.redis_database}"
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("AIRFLOW__", "VNICT_")) and key != "AIRFLOW_HOME"
        }
        environment.update(
            {
                "AIRFLOW_HOME": str(self.airflow_home),
                "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
                "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
                "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
                "AIRFLOW__CORE__PARALLELISM": str(self.parallelism),
                "AIRFLOW__CORE__FERNET_KEY": self.fernet_key,
                "AIRFLOW__CORE__AUTH_MANAGER": "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager",
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": "admin:admin",
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(self.airflow_home / "passwords.json"),
                "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.api_url}/execution/",
                "AIRFLOW__API_AUTH__JWT_SECRET": self.jwt_secret,
                "AIRFLOW__API__SECRET_KEY": self.api_secret_key,
                "AIRFLOW__API__BASE_URL": self.api_url,
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": (
                    f"postgresql+psycopg2://{PG_USER}:{PG_PASSWORD}@{PG_HOST}:{PG_PORT}/{self.metadata_database}"
                ),
                "AIRFLOW__DATABASE__SQL_ALCHEMY_POOL_SIZE": "3",
                "AIRFLOW__CELERY__BROKER_URL": redis_url,
                "AIRFLOW__CELERY__RESULT_BACKEND": redis_url,
                "AIRFLOW__CELERY__WORKER_CONCURRENCY": str(self.worker_concurrency),
                # Short intervals so a dead worker's task is noticed and retried within a test's patience.
                "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT": str(self.heartbeat_timeout_seconds),
                "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL": "5",
                "AIRFLOW__SCHEDULER__TASK_QUEUED_TIMEOUT": "240",
                "AIRFLOW__SCHEDULER__TASK_QUEUED_TIMEOUT_CHECK_INTERVAL": "20",
                # Only the runs the test triggers: no scheduled run appears when the DAG is unpaused.
                "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
                "AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES": "1",
                "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "30",
                "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(self.airflow_home / "logs"),
                "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
                "AIRFLOW__COSMOS__CACHE_DIR": str(self.workdir / "cosmos"),
                "PYTHONPATH": os.pathsep.join([str(ROOT), str(Path(__file__).resolve().parent)]),
                "NO_PROXY": "127.0.0.1,localhost",
                "no_proxy": "127.0.0.1,localhost",
                # The project: PostgreSQL warehouse (dbt `postgres` target), private data directories.
                "VNICT_TARGET": "postgres",
                "VNICT_PG_HOST": PG_HOST,
                "VNICT_PG_PORT": str(PG_PORT),
                "VNICT_PG_USER": self.loader_role,
                "VNICT_PG_PASSWORD": self.loader_password,
                "VNICT_PG_DATABASE": self.warehouse_database,
                "VNICT_MARTS_READER_ROLE": self.reader_role,
                "VNICT_DATA_DIR": str(self.workdir / "data"),
                "VNICT_LANDING_DIR": str(self.workdir / "landing"),
                "VNICT_SOURCE_ENDPOINTS": str(self.workdir / "mirror_endpoints.json"),
            }
        )
        environment.update(self.extra_environment)
        return environment

    def worker_environment(self, name: str) -> dict:
        environment = self.environment()
        environment.update(
            {
                # Two workers on one host: distinct log-server ports and distinct reported host names.
                "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
                "AIRFLOW__CORE__HOSTNAME_CALLABLE": "worker_identity.hostname",
                "VNICT_WORKER_NAME": name,
            }
        )
        return environment

    # --- lifecycle ------------------------------------------------------------------------------
    def start(self, start_mirror: bool = True) -> None:
        from cryptography.fernet import Fernet

        preflight()
        started = time.monotonic()
        self.fernet_key = Fernet.generate_key().decode()
        self.jwt_secret = secrets.token_urlsafe(48)
        self.api_secret_key = secrets.token_urlsafe(32)
        self.airflow_home.mkdir(parents=True, exist_ok=True)
        (self.airflow_home / "passwords.json").write_text(json.dumps({"admin": self.admin_password}))
        self.redis_database = claim_redis_database()
        _pg_execute(f"CREATE ROLE \"{self.loader_role}\" LOGIN PASSWORD '{self.loader_password}'")
        self.created_roles.append(self.loader_role)
        create_database(self.metadata_database)
        self.created_databases.append(self.metadata_database)
        _pg_execute(f'CREATE DATABASE "{self.warehouse_database}" OWNER "{self.loader_role}"')
        self.created_databases.append(self.warehouse_database)
        self.apply_bi_reader_grants()
        environment = self.environment()
        self._run_cli(["db", "migrate"], environment, "migrate", timeout=600)
        self._run_cli(
            ["pools", "set", "warehouse_writer", "1", "Tasks that write the warehouse"],
            environment,
            "pools",
            timeout=120,
        )
        self.timings["migrate_seconds"] = time.monotonic() - started
        if start_mirror:
            from mirror.server import start_mirror as start_offline_mirror

            self.mirror = start_offline_mirror(
                latency_seconds=self.mirror_latency_seconds, endpoints_file=self.workdir / "mirror_endpoints.json"
            )
        self._start(
            "api-server",
            [AIRFLOW, "api-server", "--host", "127.0.0.1", "--port", str(self.api_port), "--workers", "1"],
            environment,
        )
        self._start("scheduler", [AIRFLOW, "scheduler"], environment)
        self._start("dag-processor", [AIRFLOW, "dag-processor"], environment)
        for name in self.worker_names:
            self.start_worker(name)
        self.wait_for_api()
        self.wait_for_workers(self.worker_names)
        self.wait_for_dag()
        self.timings["startup_seconds"] = time.monotonic() - started

    def start_worker(self, name: str) -> None:
        # Distinct pid files: two workers share one AIRFLOW_HOME, and the CLI refuses to start a
        # second worker whose pid file names a live process.
        self._start(
            name,
            [
                AIRFLOW,
                "celery",
                "worker",
                "--celery-hostname",
                f"{name}@%h",
                "--concurrency",
                str(self.worker_concurrency),
                "--without-mingle",
                "--without-gossip",
                "--pid",
                str(self.airflow_home / f"{name}.pid"),
            ],
            self.worker_environment(name),
        )

    def _start(self, name: str, command: list[str], environment: dict) -> None:
        process = ManagedProcess(name, command, self.logs_dir / f"{name}.log")
        process.start(environment)
        self.processes[name] = process

    def _run_cli(self, arguments: list[str], environment: dict, name: str, timeout: int) -> None:
        log_path = self.logs_dir / f"{name}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("wb") as handle:
            completed = subprocess.run(
                [AIRFLOW, *arguments],
                env=environment,
                cwd=ROOT,
                stdout=handle,
                stderr=subprocess.STDOUT,
                timeout=timeout,
            )
        if completed.returncode != 0:
            tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-40:])
            raise StackError(f"`airflow {' '.join(arguments)}` exited {completed.returncode}:\n{tail}")

    def apply_bi_reader_grants(self) -> None:
        """The compose warehouse's read-only BI role (deploy/warehouse-db/bi_reader.sql.inc), here too."""
        self.created_roles.append(self.reader_role)
        completed = subprocess.run(
            [
                "psql",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                PG_HOST,
                "-p",
                str(PG_PORT),
                "-U",
                PG_USER,
                "-d",
                self.warehouse_database,
                "--set",
                f"bi_password={self.reader_password}",
                "--set",
                f"loader_role={self.loader_role}",
                "--set",
                f"reader_role={self.reader_role}",
                "-f",
                str(ROOT / "deploy" / "warehouse-db" / "bi_reader.sql.inc"),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PGPASSWORD": PG_PASSWORD},
        )
        if completed.returncode != 0:
            raise StackError(f"deploy/warehouse-db/bi_reader.sql.inc failed:\n{completed.stdout}\n{completed.stderr}")

    def stop(self) -> list[str]:
        """Stop everything this stack started; returns what could not be cleaned (for the report)."""
        problems = []
        for process in reversed(list(self.processes.values())):
            survivors = process.stop()
            if survivors:
                problems.append(f"{process.name}: processes {survivors} still alive")
        if self.mirror is not None:
            try:
                self.mirror.stop()
            except Exception as error:  # noqa: BLE001 - keep cleaning up
                problems.append(f"mirror: {error}")
        for name in self.created_databases:
            try:
                drop_database(name)
            except Exception as error:  # noqa: BLE001
                problems.append(f"database {name}: {error}")
        for role in reversed(self.created_roles):
            try:
                _pg_execute(f'DROP ROLE IF EXISTS "{role}"')
            except Exception as error:  # noqa: BLE001
                problems.append(f"role {role}: {error}")
        if self.redis_database is not None:
            try:
                release_redis_database(self.redis_database)
            except Exception as error:  # noqa: BLE001
                problems.append(f"redis db {self.redis_database}: {error}")
        return problems

    def log_tails(self, lines: int = 20) -> str:
        return "\n".join(process.tail(lines) for process in self.processes.values())

    def fail(self, message: str) -> StackError:
        return StackError(f"{message}\n\nProcess logs (tails):\n{self.log_tails()}")

    # --- readiness ------------------------------------------------------------------------------
    def _wait(self, what: str, check, timeout: float, interval: float = 2.0):
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            for process in self.processes.values():
                if not process.alive() and process.name not in getattr(self, "killed", set()):
                    raise self.fail(f"{process.name} exited while waiting for {what}")
            try:
                result = check()
                if result:
                    return result
            except Exception as error:  # noqa: BLE001 - keep polling until the deadline
                last_error = error
            time.sleep(interval)
        raise self.fail(f"timed out after {timeout:.0f}s waiting for {what} (last error: {last_error!r})")

    def wait_for_api(self, timeout: float = 240) -> None:
        self._wait("the api-server", lambda: requests.get(f"{self.api_url}/api/v2/version", timeout=5).ok, timeout)

    def celery_ping(self) -> set[str]:
        from celery import Celery

        app = Celery(broker=f"redis://{REDIS_HOST}:{REDIS_PORT}/{self.redis_database}")
        try:
            replies = app.control.ping(timeout=2.0) or []
        finally:
            app.close()
        return {name.split("@", 1)[0] for reply in replies for name in reply}

    def wait_for_workers(self, names, timeout: float = 240) -> None:
        self._wait(f"Celery workers {list(names)}", lambda: set(names) <= self.celery_ping(), timeout, 3.0)

    def wait_for_dag(self, timeout: float = 300) -> None:
        def parsed():
            response = self.api("GET", f"/api/v2/dags/{DAG_ID}")
            return response.status_code == 200

        self._wait(f"the dag-processor to parse {DAG_ID}", parsed, timeout, 3.0)

    # --- REST API -------------------------------------------------------------------------------
    def token(self) -> str:
        if self._token is None:
            response = requests.post(
                f"{self.api_url}/auth/token", json={"username": "admin", "password": self.admin_password}, timeout=30
            )
            if response.status_code not in (200, 201):
                raise self.fail(f"POST /auth/token answered {response.status_code}: {response.text[:300]}")
            self._token = response.json()["access_token"]
        return self._token

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token()}"}
        response = requests.request(method, f"{self.api_url}{path}", headers=headers, timeout=30, **kwargs)
        if response.status_code == 401:  # token expired during a long run
            self._token = None
            headers = {"Authorization": f"Bearer {self.token()}"}
            response = requests.request(method, f"{self.api_url}{path}", headers=headers, timeout=30, **kwargs)
        return response

    def api_json(self, method: str, path: str, **kwargs):
        response = self.api(method, path, **kwargs)
        if not response.ok:
            raise self.fail(f"{method} {path} answered {response.status_code}: {response.text[:500]}")
        return response.json()

    def unpause(self) -> None:
        body = self.api_json("PATCH", f"/api/v2/dags/{DAG_ID}", json={"is_paused": False})
        if body.get("is_paused"):
            raise self.fail(f"{DAG_ID} is still paused after PATCH: {body}")

    def trigger(self, conf: dict | None = None) -> str:
        """As the UI and docs/production.md trigger a run in Airflow 3: no logical date."""
        body = self.api_json("POST", f"/api/v2/dags/{DAG_ID}/dagRuns", json={"logical_date": None, "conf": conf or {}})
        if body.get("logical_date") is not None:
            raise self.fail(f"the run was given a logical date: {body}")
        return body["dag_run_id"]

    def run_state(self, run_id: str) -> str:
        return self.api_json("GET", f"/api/v2/dags/{DAG_ID}/dagRuns/{requests.utils.quote(run_id, safe='')}")["state"]

    def task_instances(self, run_id: str) -> list[dict]:
        quoted = requests.utils.quote(run_id, safe="")
        return self.api_json("GET", f"/api/v2/dags/{DAG_ID}/dagRuns/{quoted}/taskInstances", params={"limit": 500})[
            "task_instances"
        ]

    def tries(self, run_id: str, task_id: str, map_index: int) -> list[dict]:
        quoted = requests.utils.quote(run_id, safe="")
        return self.api_json(
            "GET", f"/api/v2/dags/{DAG_ID}/dagRuns/{quoted}/taskInstances/{task_id}/{map_index}/tries"
        )["task_instances"]

    def wait_for_run(self, run_id: str, timeout: float = 900, on_poll=None) -> str:
        """Poll until the run finishes; ``on_poll(task_instances)`` sees every intermediate state."""

        def finished():
            if on_poll is not None:
                on_poll(self.task_instances(run_id))
            state = self.run_state(run_id)
            return state if state in FINISHED_RUN_STATES else None

        return self._wait(f"run {run_id} to finish", finished, timeout, 1.0)

    def task_log(self, run_id: str, task_id: str, map_index: int, try_number: int, lines: int = 40) -> str:
        """The tail of one try's log, read from the shared log folder (every worker is local)."""
        run_folder = self.airflow_home / "logs" / f"dag_id={DAG_ID}" / f"run_id={run_id}" / f"task_id={task_id}"
        if map_index >= 0:
            run_folder = run_folder / f"map_index={map_index}"
        path = run_folder / f"attempt={try_number}.log"
        if not path.exists():
            return f"(no log at {path})"
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
        return f"--- task log {path}\n" + "\n".join(text)
