"""Start the Superset BI service: initialise its metadata once, import the dashboards, serve.

`make bi` runs `python bi/launch.py serve` from `.venv-bi/` (Superset's own virtualenv). The browser
test (tests/bi/) uses the same functions with a temporary BI home and a free port, so what is
tested is what `make bi` runs.

Steps, each idempotent:
1. `superset db upgrade`, `superset fab create-admin`, `superset init` — once per BI home (~35 s;
   a marker file records it).
2. Zip `bi/dashboards/` (Superset's export format) with the database URI rendered for this machine
   (the DuckDB snapshot, or VNICT_BI_DATABASE_URI for PostgreSQL) and import it with Superset's
   assets import (bi/assets.py): objects are matched by uuid and overwritten, so a restart
   never duplicates anything and an edited chart replaces the old one.
3. gunicorn on 127.0.0.1 (2 workers on this 2-core machine), then wait for /health.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import yaml

BI_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BI_DIR.parent
DASHBOARDS_DIR = Path(os.environ.get("VNICT_BI_DASHBOARDS", BI_DIR / "dashboards")).resolve()
ADMIN_USERNAME = "admin"


def bi_home() -> Path:
    return Path(os.environ.get("VNICT_BI_HOME", PROJECT_ROOT / "data" / "bi")).resolve()


def snapshot_path() -> Path:
    default = Path(os.environ.get("VNICT_WAREHOUSE", PROJECT_ROOT / "data" / "warehouse.duckdb")).resolve()
    return Path(os.environ.get("VNICT_BI_SNAPSHOT", default.parent / "bi" / "marts_snapshot.duckdb")).resolve()


def admin_password(home: Path) -> str:
    """VNICT_BI_ADMIN_PASSWORD, or one generated once per BI home (like Airflow's standalone)."""
    if os.environ.get("VNICT_BI_ADMIN_PASSWORD"):
        return os.environ["VNICT_BI_ADMIN_PASSWORD"]
    password_file = home / "admin_password"
    if not password_file.exists():
        home.mkdir(parents=True, exist_ok=True)
        password_file.write_text(secrets.token_urlsafe(12))
        password_file.chmod(0o600)
    return password_file.read_text().strip()


def superset_environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SUPERSET_CONFIG_PATH=str(BI_DIR / "superset_config.py"),
        VNICT_BI_HOME=str(home),
        FLASK_APP="superset.app:create_app()",
        SUPERSET_HOME=str(home / "superset_home"),
        PYTHONUNBUFFERED="1",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    return env


def _superset(args: list[str], env: dict[str, str], log: Path) -> None:
    command = [str(Path(sys.executable).parent / "superset"), *args]
    with log.open("a") as log_file:
        log_file.write(f"\n$ {' '.join(command)}\n")
        log_file.flush()
        completed = subprocess.run(command, env=env, stdout=log_file, stderr=subprocess.STDOUT, check=False)
    if completed.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:])
        raise RuntimeError(f"`superset {' '.join(args[:1])}` failed (exit {completed.returncode}); log {log}:\n{tail}")


@contextlib.contextmanager
def progress(step: str):
    """One line per start-up step, then its duration: `make bi` takes about two minutes the first
    time (most of it Superset's own start-up), and a silent terminal looks hung."""
    started = time.monotonic()
    print(f"[bi] {step} ...", flush=True)
    outcome = "FAILED"
    try:
        yield
        outcome = "done"
    finally:
        print(f"[bi]   {outcome} in {time.monotonic() - started:.0f} s", flush=True)


def initialise(home: Path, env: dict[str, str]) -> None:
    """Create Superset's metadata database and the admin user once per BI home."""
    marker = home / ".initialised"
    if marker.exists():
        print(f"[bi] Superset's metadata already initialised ({home / 'superset.db'})", flush=True)
        return
    log = home / "init.log"
    with progress(f"first start: creating Superset's metadata database (about 30 s; log {log})"):
        _superset(["db", "upgrade"], env, log)
    with progress("first start: creating the admin user"):
        _superset(
            [
                "fab",
                "create-admin",
                "--username",
                ADMIN_USERNAME,
                "--firstname",
                "BI",
                "--lastname",
                "Admin",
                "--email",
                "admin@localhost",
                "--password",
                admin_password(home),
            ],
            env,
            log,
        )
    with progress("first start: setting up roles and permissions"):
        _superset(["init"], env, log)
    marker.touch()


def database_settings(snapshot: Path) -> dict:
    """The warehouse as Superset connects to it: the DuckDB snapshot read-only, or PostgreSQL.

    `enable_external_access: false` keeps SQL Lab from reading other files of the server
    (read_csv('/etc/...'), ATTACH) through DuckDB.
    """
    uri = os.environ.get("VNICT_BI_DATABASE_URI")
    if uri:
        return {"sqlalchemy_uri": uri, "extra": {"allows_virtual_table_explore": True}}
    return {
        "sqlalchemy_uri": f"duckdb:///{snapshot}",
        "extra": {
            "allows_virtual_table_explore": True,
            "engine_params": {"connect_args": {"read_only": True, "config": {"enable_external_access": False}}},
        },
    }


def build_bundle(destination: Path, snapshot: Path, source: Path = DASHBOARDS_DIR) -> Path:
    """Zip the dashboards directory as an import bundle, with this machine's database URI."""
    settings = database_settings(snapshot)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(source.rglob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            if path.parent.name == "databases":
                config = yaml.safe_load(text)
                config["sqlalchemy_uri"] = settings["sqlalchemy_uri"]
                config["extra"] = {**(config.get("extra") or {}), **settings["extra"]}
                if "engine_params" not in settings["extra"]:
                    config["extra"].pop("engine_params", None)
                text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
            bundle.writestr(f"bundle/{path.relative_to(source)}", text)
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(buffer.getvalue())
    return destination


def import_dashboards(home: Path, env: dict[str, str], snapshot: Path) -> None:
    """Import the bundle, overwriting by uuid (bi/assets.py says why not import-dashboards)."""
    bundle = build_bundle(home / "dashboards_bundle.zip", snapshot)
    log = home / "import.log"
    command = [sys.executable, str(BI_DIR / "assets.py"), "--username", ADMIN_USERNAME, "import", str(bundle)]
    with log.open("a") as log_file:
        completed = subprocess.run(command, env=env, stdout=log_file, stderr=subprocess.STDOUT, check=False)
    if completed.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:])
        raise RuntimeError(f"importing the dashboards failed (exit {completed.returncode}); log {log}:\n{tail}")


def start_server(home: Path, env: dict[str, str], host: str, port: int, workers: int = 2) -> subprocess.Popen:
    """gunicorn in its own process group, so that stopping it stops its workers too."""
    log = (home / "server.log").open("a")
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-w",
        str(workers),
        "-k",
        "gthread",
        "--threads",
        "4",
        "--timeout",
        "120",
        "-b",
        f"{host}:{port}",
        "--pid",
        str(home / "gunicorn.pid"),
        "superset.app:create_app()",
    ]
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90, heartbeat: float = 15) -> None:
    started = time.monotonic()
    deadline = started + timeout
    next_heartbeat = started + heartbeat
    while time.monotonic() < deadline:
        if time.monotonic() >= next_heartbeat:
            print(f"[bi]   still starting ({time.monotonic() - started:.0f} s) ...", flush=True)
            next_heartbeat += heartbeat
        if process.poll() is not None:
            raise RuntimeError(f"Superset exited with {process.returncode} before answering {url}/health")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=3) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise TimeoutError(f"Superset did not answer {url}/health within {timeout:.0f} s")


def stop_server(process: subprocess.Popen) -> None:
    """SIGTERM the gunicorn process group, SIGKILL it if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def prepare(home: Path, snapshot: Path) -> dict[str, str]:
    """Everything before serving: metadata initialised and dashboards imported."""
    if not snapshot.exists() and not os.environ.get("VNICT_BI_DATABASE_URI"):
        raise FileNotFoundError(
            f"BI snapshot {snapshot} is missing: run `python -m bi.snapshot` (make bi does) after the pipeline"
        )
    home.mkdir(parents=True, exist_ok=True)
    env = superset_environment(home)
    initialise(home, env)
    with progress(f"importing the dashboards from {DASHBOARDS_DIR} (log {home / 'import.log'})"):
        import_dashboards(home, env, snapshot)
    return env


def _stop_on_sigterm(signum, frame):  # noqa: ARG001 - signal handler signature
    raise KeyboardInterrupt


def serve(host: str, port: int) -> int:
    home, snapshot = bi_home(), snapshot_path()
    print(f"BI home {home}; warehouse snapshot {snapshot}", flush=True)
    env = prepare(home, snapshot)
    # SIGTERM (from a test or a supervisor) stops gunicorn's whole process group on the way out.
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    server = start_server(home, env, host, port)
    url = f"http://{host}:{port}"
    try:
        with progress(f"starting the web server on {url} (log {home / 'server.log'})"):
            wait_healthy(url, server)
        print(
            f"\nSuperset is up: {url}/dashboard/list/\n"
            f"  login: {ADMIN_USERNAME} / {admin_password(home)}   (password file: {home / 'admin_password'})\n"
            f"  logs:  {home / 'server.log'}\n  Ctrl-C stops it.",
            flush=True,
        )
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop_server(server)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Superset for the vn-ict warehouse")
    sub = parser.add_subparsers(dest="command", required=True)
    serve_parser = sub.add_parser("serve", help="initialise, import the dashboards and serve")
    serve_parser.add_argument("--host", default=os.environ.get("VNICT_BI_HOST", "127.0.0.1"))
    serve_parser.add_argument("--port", type=int, default=int(os.environ.get("VNICT_BI_PORT", "8088")))
    sub.add_parser("prepare", help="initialise the metadata and import the dashboards, then exit")
    export_parser = sub.add_parser(
        "export", help="write Superset's objects back into bi/dashboards/ (review with git diff)"
    )
    export_parser.add_argument("directory", nargs="?", type=Path, default=DASHBOARDS_DIR)
    bundle_parser = sub.add_parser("bundle", help="write the import bundle (zip) and exit")
    bundle_parser.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    if args.command == "bundle":
        print(build_bundle(args.output, snapshot_path()))
        return 0
    if args.command == "export":
        env = superset_environment(bi_home())
        command = [
            sys.executable,
            str(BI_DIR / "assets.py"),
            "--username",
            ADMIN_USERNAME,
            "export",
            str(args.directory),
        ]
        return subprocess.run(command, env=env, check=False).returncode
    if args.command == "prepare":
        prepare(bi_home(), snapshot_path())
        return 0
    return serve(args.host, args.port)


if __name__ == "__main__":
    sys.exit(main())
