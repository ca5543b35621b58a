"""One alert path for every kind of failure: quality gate, dbt tests, stale sources, failed tasks.

Every alert is an ``Alert`` (a title and a few phone-sized lines) sent by ``send`` to the channels
configured once in the environment (the names docker-compose.yml sets), or as Airflow connections
exported the Airflow way (``AIRFLOW_CONN_VNICT_ALERT_SMTP`` / ``AIRFLOW_CONN_VNICT_ALERT_WEBHOOK``):

- e-mail over SMTP: ``VNICT_SMTP_HOST``, ``VNICT_SMTP_PORT`` (25), ``VNICT_SMTP_USER``,
  ``VNICT_SMTP_PASSWORD``, ``VNICT_SMTP_STARTTLS``, ``VNICT_SMTP_MAIL_FROM``, ``VNICT_ALERT_EMAIL_TO``
  (comma-separated);
- a Slack-compatible webhook (``{"text": ...}`` POSTed as JSON): ``VNICT_ALERT_WEBHOOK_URL``.

A channel without its settings is disabled and skipped; ``VNICT_ALERT_DISABLE=email,webhook`` turns
one off explicitly. A channel that cannot be reached is logged and reported in the return value,
never raised: an alert must not break the run or hide the failure it reports.

Deduplication: the same failures (same keys) alerted in the last 24 hours are not sent again.
The state is a small JSON file, ``<data dir>/alerts/sent.json``, updated under a file lock.
Why plain smtplib + requests rather than apprise: we need per-channel timeouts and the exact
error of an unreachable channel in the log, and both are a few lines here.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from warehouse import settings

log = logging.getLogger(__name__)

DEDUP_WINDOW = timedelta(hours=24)
CHANNEL_TIMEOUT_SECONDS = float(os.environ.get("VNICT_ALERT_TIMEOUT_SECONDS", "10"))
EXAMPLES = 3
MAX_FAILURES_LISTED = 5
PREFIX = "[vn-ict]"


@dataclass
class Alert:
    """What a person reads on a phone: a subject line and a few short lines."""

    title: str
    lines: list[str]
    keys: list[str]  # identities of the failures inside; equal keys within 24 h are not re-sent
    run_id: str | None = None
    logical_date: str | None = None
    data_docs_path: str | None = None

    @property
    def text(self) -> str:
        return "\n".join([self.title, *self.lines])


@dataclass
class Delivery:
    """What happened to one alert: per channel ``sent`` / ``skipped`` / ``failed: <reason>``."""

    suppressed: bool = False
    channels: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"suppressed": self.suppressed, "channels": dict(self.channels)}


# ---------------------------------------------------------------- configuration


def _connection_uri(name: str) -> dict | None:
    """An Airflow connection given as an environment URI (AIRFLOW_CONN_<NAME>), parsed without Airflow."""
    uri = os.environ.get(f"AIRFLOW_CONN_{name.upper()}")
    if not uri:
        return None
    if uri.lstrip().startswith("{"):
        data = json.loads(uri)
        return {
            "host": data.get("host"),
            "port": data.get("port"),
            "login": data.get("login"),
            "password": data.get("password"),
            "schema": data.get("schema"),
            "extra": data.get("extra") or {},
        }
    parts = urlsplit(uri)
    extra = dict(parse_qsl(parts.query))
    return {
        "host": parts.hostname,
        "port": parts.port,
        "login": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "schema": parts.path.lstrip("/"),
        "extra": extra,
        "scheme": parts.scheme,
    }


def _disabled() -> set[str]:
    return {name.strip() for name in os.environ.get("VNICT_ALERT_DISABLE", "").split(",") if name.strip()}


def email_settings() -> dict | None:
    connection = _connection_uri("vnict_alert_smtp") or {}
    extra = connection.get("extra") or {}
    host = os.environ.get("VNICT_SMTP_HOST") or connection.get("host")
    recipients = os.environ.get("VNICT_ALERT_EMAIL_TO") or extra.get("to") or ""
    if not host or not recipients or "email" in _disabled():
        return None
    return {
        "host": host,
        "port": int(os.environ.get("VNICT_SMTP_PORT") or connection.get("port") or 25),
        "user": os.environ.get("VNICT_SMTP_USER") or connection.get("login") or "",
        "password": os.environ.get("VNICT_SMTP_PASSWORD") or connection.get("password") or "",
        "starttls": (os.environ.get("VNICT_SMTP_STARTTLS") or str(extra.get("starttls", "false"))).lower() == "true",
        "mail_from": os.environ.get("VNICT_SMTP_MAIL_FROM") or extra.get("from") or "vn-ict-warehouse@localhost",
        "to": [address.strip() for address in recipients.replace(";", ",").split(",") if address.strip()],
    }


def webhook_url() -> str | None:
    """``VNICT_ALERT_WEBHOOK_URL``, else the connection: ``http(s)://host:port/path`` as a URI, or a
    JSON connection whose ``host`` is the full URL (how Slack webhook connections are stored)."""
    if "webhook" in _disabled():
        return None
    url = os.environ.get("VNICT_ALERT_WEBHOOK_URL")
    connection = None if url else _connection_uri("vnict_alert_webhook")
    if connection and connection.get("host"):
        host = connection["host"]
        if host.startswith(("http://", "https://")):
            return host
        scheme = connection.get("scheme") if connection.get("scheme") in ("http", "https") else "https"
        port = f":{connection['port']}" if connection.get("port") else ""
        url = f"{scheme}://{host}{port}/{connection.get('schema') or ''}"
    return url or None


# ---------------------------------------------------------------- channels


def _send_email(alert: Alert, config: dict) -> None:
    message = EmailMessage()
    message["Subject"] = alert.title
    message["From"] = config["mail_from"]
    message["To"] = ", ".join(config["to"])
    message.set_content(alert.text)
    with smtplib.SMTP(config["host"], config["port"], timeout=CHANNEL_TIMEOUT_SECONDS) as smtp:
        if config["starttls"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["user"]:
            smtp.login(config["user"], config["password"])
        smtp.send_message(message)


def _send_webhook(alert: Alert, url: str) -> None:
    import requests

    # Only "text": Slack, Mattermost and Rocket.Chat all accept it; extra keys are a risk for no gain.
    response = requests.post(url, json={"text": alert.text}, timeout=CHANNEL_TIMEOUT_SECONDS)
    response.raise_for_status()


# ---------------------------------------------------------------- deduplication


def _state_file() -> Path:
    return settings.data_dir() / "alerts" / "sent.json"


@contextlib.contextmanager
def _locked_state():
    path = _state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two failing tasks may alert at the same moment
        try:
            state = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        except ValueError:
            log.warning("alert state %s is unreadable; starting afresh (one duplicate alert at most)", path)
            state = {}
        yield state
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
        temporary.replace(path)


def _recently_sent(state: dict, keys: list[str], now: datetime) -> bool:
    if not keys:
        return False
    for key in keys:
        sent_at = state.get(key)
        if not sent_at or now - datetime.fromisoformat(sent_at) >= DEDUP_WINDOW:
            return False
    return True


# ---------------------------------------------------------------- sending


def send(alert: Alert, now: datetime | None = None) -> Delivery:
    """Send to every enabled channel unless all its failures were alerted in the last 24 hours."""
    now = now or datetime.now(UTC)
    delivery = Delivery()
    try:
        with _locked_state() as state:
            if _recently_sent(state, alert.keys, now):
                delivery.suppressed = True
                log.warning("alert not re-sent (same failures alerted within 24 h): %s", alert.title)
                return delivery
            _deliver(alert, delivery)
            if any(outcome == "sent" for outcome in delivery.channels.values()):
                for key in alert.keys:
                    state[key] = now.isoformat()
    except Exception:  # noqa: BLE001 - alerting must never raise into the run it reports on
        log.exception("alert delivery failed unexpectedly for: %s", alert.title)
        delivery.channels.setdefault("internal", "failed")
    return delivery


def _deliver(alert: Alert, delivery: Delivery) -> None:
    log.warning("ALERT %s", alert.text)  # always in the task log, whichever channels work
    channels = (("email", email_settings(), _send_email), ("webhook", webhook_url(), _send_webhook))
    for name, config, sender in channels:
        if not config:
            delivery.channels[name] = "skipped"
            continue
        try:
            sender(alert, config)
            delivery.channels[name] = "sent"
        except Exception as error:  # noqa: BLE001 - an unreachable channel is logged, never raised
            delivery.channels[name] = f"failed: {type(error).__name__}: {error}"
            log.error("alert channel %s unreachable (%s); the alert was: %s", name, error, alert.title)


# ---------------------------------------------------------------- alerts for each kind of failure


def _short(value, limit: int = 80) -> str:
    if isinstance(value, dict):  # a grain: the values are what a reader recognises
        text = " | ".join(str(part) for part in value.values())
    elif isinstance(value, list):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def data_docs_link(path: str) -> str:
    """The Data Docs location a reader can open: ``VNICT_DATA_DOCS_URL`` (where the site is served,
    e.g. by a static web server over ``<data dir>/data_docs``) replaces the local directory."""
    base = os.environ.get("VNICT_DATA_DOCS_URL")
    local = str(settings.data_dir() / "data_docs")
    if base and path and path.startswith(local):
        return base.rstrip("/") + path[len(local) :]
    return path


def _sources_named(failures) -> list[str]:
    """Sources a source-level check failed on (rows about a source, not about one article)."""
    named = {
        row["source_id"]
        for failure in failures
        for row in getattr(failure, "rows", None) or []
        if row.get("source_id") and not row.get("article_id")
    }
    return sorted(named)


def quality_gate_alert(gate, published: bool) -> Alert:
    """The gate's failures, errors first: suite, table.column, expectation, rows, 3 examples + URLs."""
    failures = sorted(gate.failures, key=lambda failure: failure.severity != "error")
    first = failures[0]
    state = "published with warnings" if published else "NOT published (marts kept from the last good run)"
    sources = _sources_named(failures)
    title = (
        f"{PREFIX} {'BLOCKED' if not published else 'WARNING'} run {gate.run_id}: "
        f"{first.expectation} on {first.table.split('.')[-1]}"
        + (f" (+{len(failures) - 1} more)" if len(failures) > 1 else "")
        + (f" · sources: {', '.join(sources)}" if sources else "")
    )
    lines = [
        f"run {gate.run_id} · logical date {gate.logical_date} · {gate.errors} error(s), "
        f"{gate.warnings} warning(s) · {state}"
    ]
    for failure in failures[:MAX_FAILURES_LISTED]:
        rows = failure.unexpected_count if failure.unexpected_count is not None else "?"
        lines.append(
            f"[{failure.severity}] {failure.suite}: {failure.table}.{failure.column or '*'} "
            f"failed {failure.expectation} ({rows} rows)"
        )
        if failure.exception:
            lines.append(f"  could not check: {_short(failure.exception, 160)}")
        for example in failure.examples[:EXAMPLES]:
            where = example.get("article_url") or example.get("where")
            lines.append(f"  - {_short(example.get('value'))}" + (f" · {where}" if where else ""))
    if len(failures) > MAX_FAILURES_LISTED:
        lines.append(f"… and {len(failures) - MAX_FAILURES_LISTED} more failure(s), see Data Docs")
    docs = data_docs_link(gate.data_docs_path)
    lines.append(f"Data Docs: {docs}")
    return Alert(title, lines, [f"gate|{failure.key}" for failure in failures], gate.run_id, gate.logical_date, docs)


def alert_quality_gate(gate, published: bool) -> dict:
    """Alert on a gate with failures (errors block, warnings publish); returns the delivery report."""
    if not gate.failures:
        return {}
    return send(quality_gate_alert(gate, published)).as_dict()


def alert_dbt_failure(run_id: str, result, logical_date: str | None = None) -> dict:
    """dbt build or test failures (``warehouse.dbt_runner.DbtRunResult``)."""
    tests = list(getattr(result, "failed_tests", []) or [])
    nodes = [node for node in getattr(result, "failed_nodes", []) or [] if node.name not in {t.name for t in tests}]
    lines = [
        f"run {run_id}"
        + (f" · logical date {logical_date}" if logical_date else "")
        + " · dbt failed, marts not rebuilt; published marts unchanged"
    ]
    for test in tests[:MAX_FAILURES_LISTED]:
        lines.append("- " + (test.describe() if hasattr(test, "describe") else str(test)))
    for node in nodes[:MAX_FAILURES_LISTED]:
        message = (node.message or "").splitlines()[0] if node.message else ""
        lines.append(f"- ERROR {node.resource_type} {node.name}: {_short(message, 120)}")
    if getattr(result, "exception", None):
        lines.append(f"- exception: {_short(result.exception, 160)}")
    first = tests[0].name if tests else nodes[0].name if nodes else "dbt"
    title = f"{PREFIX} dbt FAILED run {run_id}: {first}" + (
        f" (+{len(tests) + len(nodes) - 1} more)" if len(tests) + len(nodes) > 1 else ""
    )
    keys = [f"dbt|{item.name}" for item in tests + nodes] or [f"dbt|{_short(getattr(result, 'exception', ''), 60)}"]
    return send(Alert(title, lines, keys, run_id, logical_date)).as_dict()


def source_down_alert(
    source_id: str, run_id: str, failures: list[str], fetches: int, logical_date: str | None = None
) -> Alert:
    """Every fetch of one source failed this run: the title names the source (docs/runbook.md)."""
    first = failures[0] if failures else "no answer"
    title = f"{PREFIX} source {source_id} DOWN in run {run_id}: {_short(first, 90)}"
    lines = [
        f"run {run_id} · logical date {logical_date} · {fetches} fetch(es), none landed",
        f"source {source_id}: its crawl task failed; the other sources were loaded and published",
    ]
    lines += [f"- {_short(reason, 160)}" for reason in failures[:EXAMPLES]]
    lines.append("check the site in a browser; if it moved, update scrapers/sources.yaml (runbook: docs/runbook.md)")
    # One key per source and day: a site down for a week pages once a day, not once per run.
    return Alert(title, lines, [f"source|{source_id}|down"], run_id, logical_date)


def alert_source_down(
    source_id: str, run_id: str, failures: list[str], fetches: int, logical_date: str | None = None
) -> dict:
    return send(source_down_alert(source_id, run_id, failures, fetches, logical_date)).as_dict()


def run_late_alert(context: dict) -> Alert:
    """A deadline alert's context (``{"dag_run": {...}, "deadline": {...}}``) as an Alert."""
    dag_run = context.get("dag_run") or {}
    deadline = context.get("deadline") or {}
    dag_id = dag_run.get("dag_id", "?")
    run_id = dag_run.get("dag_run_id") or dag_run.get("run_id") or "?"
    title = f"{PREFIX} run LATE {dag_id} run {run_id}: not finished by {deadline.get('deadline_time', '?')}"
    lines = [
        f"run {run_id} · state {dag_run.get('state', '?')} · queued at {dag_run.get('queued_at', '?')} · "
        f"started {dag_run.get('start_date', '?')}",
        f"deadline {deadline.get('deadline_time', '?')} (VNICT_RUN_DEADLINE_MINUTES after it was queued)",
        "look for the task still running in the Grid view and its log; runbook: docs/runbook.md",
    ]
    return Alert(title, lines, [f"late|{dag_id}|{run_id}"], str(run_id), dag_run.get("logical_date"))


def alert_run_late(context: dict) -> dict:
    return send(run_late_alert(context)).as_dict()


def alert_task_failure(context) -> dict:
    """Any failed Airflow task, from its callback context (``pipeline.callbacks.alert_on_failure``)."""
    task_instance = context.get("task_instance") or context.get("ti")
    dag_id = getattr(task_instance, "dag_id", None) or getattr(context.get("dag"), "dag_id", "?")
    task_id = getattr(task_instance, "task_id", "?")
    map_index = getattr(task_instance, "map_index", -1)
    run_id = context.get("run_id") or getattr(task_instance, "run_id", None)
    logical_date = context.get("logical_date") or context.get("ds")
    exception = context.get("exception")
    if getattr(exception, "already_alerted", False):
        # e.g. pipeline.publish.QualityGateBlocked: the gate's alert said it all, with examples.
        log.info("task %s.%s failed with an already-alerted error; no second alert", dag_id, task_id)
        return {"suppressed": True, "channels": {}}
    # A mapped task is named by its label (the source id, map_index_template), else its index.
    label = getattr(task_instance, "rendered_map_index", None) or map_index
    task = f"{task_id}[{label}]" if map_index not in (None, -1) else task_id
    lines = [
        f"run {run_id} · logical date {logical_date}",
        f"task {dag_id}.{task} failed (try {getattr(task_instance, 'try_number', '?')})",
    ]
    if exception is not None:
        lines.append(f"error: {_short(f'{type(exception).__name__}: {exception}', 300)}")
    log_url = getattr(task_instance, "log_url", None)
    if log_url:
        lines.append(f"log: {log_url}")
    title = f"{PREFIX} task FAILED {dag_id}.{task} run {run_id}"
    keys = [f"task|{dag_id}|{task_id}|{type(exception).__name__ if exception else 'failed'}"]
    return send(Alert(title, lines, keys, str(run_id), str(logical_date) if logical_date else None)).as_dict()
