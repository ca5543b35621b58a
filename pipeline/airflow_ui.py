"""``make airflow``: the Airflow UI on 127.0.0.1 (``airflow standalone``), with the offline mirror.

Why a wrapper and not ``airflow standalone`` alone:

- standalone starts its components by calling ``airflow`` from PATH: the project's ``.venv/bin``
  must be on it, whatever shell ``make`` was started from;
- the README promises 127.0.0.1 (not every interface), and the execution API the task processes
  call back must be the same host and port;
- a run triggered from the UI must crawl what ``make run`` crawls: the bundled mirror, served here
  for as long as the UI runs, handed to every task through ``VNICT_SOURCE_ENDPOINTS`` and
  ``VNICT_OFFLINE=1``. ``--live`` (``make airflow LIVE=1``) crawls the real sites instead.

Offline, the daily schedule is off (``[scheduler] use_job_schedule``): a demo UI should not crawl
on its own; runs start when someone triggers them. Ctrl-C (or SIGTERM) stops every component and
the mirror.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from warehouse import settings


def standalone_environment(host: str, port: int, endpoints_file: Path | None) -> dict:
    environment = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    environment["PATH"] = os.pathsep.join([bin_dir, environment.get("PATH", "/usr/bin:/bin")])
    environment["AIRFLOW__API__HOST"] = host
    environment["AIRFLOW__API__PORT"] = str(port)
    environment["AIRFLOW__API__BASE_URL"] = f"http://{host}:{port}"
    environment["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] = f"http://{host}:{port}/execution/"
    for name in ("NO_PROXY", "no_proxy"):
        environment[name] = "127.0.0.1,localhost"
    if endpoints_file is not None:
        environment["VNICT_SOURCE_ENDPOINTS"] = str(endpoints_file)
        environment["VNICT_OFFLINE"] = "1"
        environment["AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE"] = "False"
    else:
        environment.pop("VNICT_SOURCE_ENDPOINTS", None)
        environment["VNICT_OFFLINE"] = "0"
    return environment


def banner(host: str, port: int, mirror=None) -> str:
    home = Path(os.environ.get("AIRFLOW_HOME", settings.PROJECT_ROOT / ".airflow"))
    lines = [
        f"Airflow UI: http://{host}:{port}  (user admin, password in "
        f"{home / 'simple_auth_manager_passwords.json.generated'})"
    ]
    if mirror is not None:
        lines += [
            f"OFFLINE: runs triggered from this UI crawl the bundled mirror ({len(mirror.endpoints)} sources "
            f"on 127.0.0.1), not the live sites; the daily schedule is off (trigger runs by hand).",
            "To crawl the live sites instead: make airflow LIVE=1",
        ]
    else:
        lines += ["LIVE: runs crawl the real sites of scrapers/sources.yaml, and the daily schedule (02:00 UTC) is on."]
    lines.append(
        "DAG vn_ict_pipeline: Trigger (tick 'Unpause on trigger'); runbook in the DAG's Docs tab. Ctrl-C stops it."
    )
    width = max(len(line) for line in lines)
    return "\n".join(["=" * width, *lines, "=" * width])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", action="store_true", help="runs crawl the real sites (no mirror)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("AIRFLOW_PORT", "8080")))
    args = parser.parse_args(argv)

    mirror = None
    endpoints_file = None
    if not args.live:
        from mirror.server import start_mirror

        settings.data_dir().mkdir(parents=True, exist_ok=True)
        endpoints_file = settings.data_dir() / "mirror_endpoints_ui.json"
        mirror = start_mirror(endpoints_file=endpoints_file)
    print(banner(args.host, args.port, mirror), flush=True)
    airflow = str(Path(sys.executable).with_name("airflow"))
    process = subprocess.Popen(
        [airflow, "standalone"], env=standalone_environment(args.host, args.port, endpoints_file)
    )
    terminated = []

    def on_sigterm(signum, frame):  # SIGTERM reaches this process only: standalone must be told
        terminated.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        code = process.wait()
    except KeyboardInterrupt:  # Ctrl-C in a terminal reached standalone and its components as well
        code = shut_down(process, tell_standalone=bool(terminated))
    finally:
        if mirror is not None:
            mirror.stop()
    print("Airflow and the mirror stopped.", flush=True)
    return code


def shut_down(process: subprocess.Popen, tell_standalone: bool, grace_seconds: float = 15.0) -> int:
    """Stop standalone and everything it started; returns 0 (a requested stop).

    ``tell_standalone``: send it the SIGINT (after a SIGTERM to this process only; a terminal's
    Ctrl-C has reached it already, and a second one would interrupt its own shutdown).
    standalone handles Ctrl-C by terminating its components and waiting for their output to
    close, which can wait forever when a component's own children (executor workers, the log
    server) keep it open. So: SIGINT, a grace period, then SIGTERM and finally SIGKILL to every
    process it started that is still there (by pid, nothing else)."""
    import psutil

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the cleanup short
    try:
        started = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        started = []
    if tell_standalone and process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        print(f"standalone did not stop within {grace_seconds:.0f} s; terminating the processes it started", flush=True)
    alive = [child for child in started if _alive(child)]
    for child in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.terminate()
    _, alive = psutil.wait_procs(alive, timeout=10)
    for child in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
    psutil.wait_procs(alive, timeout=5)
    process.wait()
    return 0


def _alive(child) -> bool:
    import psutil

    try:
        return child.is_running() and child.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


if __name__ == "__main__":
    sys.exit(main())
