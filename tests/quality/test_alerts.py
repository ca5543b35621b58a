"""The one alert path, end to end: real SMTP sink and webhook receiver on 127.0.0.1."""

from __future__ import annotations

import logging
import socket
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from alert_receivers import SmtpSink, WebhookReceiver
from quality_fixtures import (
    LOGICAL_DATE,
    duplicate_grain,
    make_all_percentages_impossible,
    make_source_stale,
    table_rows,
)

from pipeline import notify
from pipeline.callbacks import alert_on_failure
from pipeline.publish import write_audit_publish

MARTS = ("fct_indicator_observations", "fct_ict_rankings", "dim_article")


@pytest.fixture
def channels(warehouse_env, monkeypatch):
    smtp, webhook = SmtpSink(), WebhookReceiver()
    monkeypatch.setenv("VNICT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("VNICT_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("VNICT_ALERT_EMAIL_TO", "ops@example.org, data@example.org")
    monkeypatch.setenv("VNICT_ALERT_WEBHOOK_URL", webhook.url)
    yield SimpleNamespace(smtp=smtp, webhook=webhook, path=warehouse_env)
    smtp.close()
    webhook.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def snapshot(path):
    return {table: table_rows(path, f"marts.{table}") for table in MARTS}


def test_clean_run_publishes_and_alerts_nothing(channels):
    result = write_audit_publish("run_1", logical_date=LOGICAL_DATE)
    assert result.published and result.failed == 0
    assert channels.smtp.messages == [] and channels.webhook.payloads == []


def test_bad_data_blocks_and_alerts_once_per_channel_then_deduplicates(channels):
    write_audit_publish("run_1", logical_date=LOGICAL_DATE)
    before = snapshot(channels.path)
    make_all_percentages_impossible(channels.path)
    duplicate_grain(channels.path)

    result = write_audit_publish("run_2", logical_date=LOGICAL_DATE)
    assert not result.published and result.errors == 2
    assert snapshot(channels.path) == before
    assert result.alert["channels"] == {"email": "sent", "webhook": "sent"}

    assert len(channels.smtp.messages) == 1 and len(channels.webhook.payloads) == 1
    message, body = channels.smtp.messages[0], channels.smtp.bodies()[0]
    assert "run_2" in message["Subject"] and "BLOCKED" in message["Subject"]
    assert message["To"] == "ops@example.org, data@example.org"
    text = channels.webhook.payloads[0]["text"]
    for received in (body, text):
        assert "run_2" in received and LOGICAL_DATE.isoformat() in received
        assert "facts: audit.fct_indicator_observations.value failed percentage_within_0_100 (4 rows)" in received
        assert "grain_unique" in received and "fct_ict_rankings" in received
        assert result.data_docs_path in received
        percentage_block = received.split("failed percentage_within_0_100")[1].split("[error]")[0]
        examples = [line for line in percentage_block.splitlines() if line.startswith("  - ")]
        assert len(examples) == 3, percentage_block
        assert "248.5 · https://mic.phutho.gov.vn/tin-tuc/ha-tang-so-2025.html" in percentage_block
    assert len(body.splitlines()) <= 14  # readable on a phone

    # The same failures in the next run: logged, quarantined, not re-sent the same day.
    again = write_audit_publish("run_3", logical_date=LOGICAL_DATE)
    assert not again.published and again.alert["suppressed"] is True
    assert len(channels.smtp.messages) == 1 and len(channels.webhook.payloads) == 1


def test_repeated_failure_is_sent_again_after_a_day(channels):
    alert = notify.Alert("[vn-ict] test", ["line"], ["gate|k"], "run_1")
    first_day = datetime(2026, 11, 20, 8, tzinfo=UTC)
    assert notify.send(alert, now=first_day).channels["email"] == "sent"
    assert notify.send(alert, now=first_day + timedelta(hours=23)).suppressed
    assert notify.send(alert, now=first_day + timedelta(hours=25)).channels["webhook"] == "sent"
    # A new failure alongside a known one is news: the alert goes out.
    assert not notify.send(
        notify.Alert("[vn-ict] t2", ["l"], ["gate|k", "gate|new"], "run_2"), now=first_day + timedelta(hours=26)
    ).suppressed
    assert len(channels.smtp.messages) == 3 and len(channels.webhook.payloads) == 3


def test_warning_only_failure_publishes_and_alerts(channels):
    make_source_stale(channels.path)
    result = write_audit_publish("run_1", logical_date=LOGICAL_DATE)
    assert result.published and result.errors == 0 and result.warnings == 1
    assert len(channels.smtp.messages) == 1
    subject = channels.smtp.messages[0]["Subject"]
    assert "WARNING" in subject and "source_fresh" in subject
    assert "kontum_mic" in channels.webhook.payloads[0]["text"]
    assert "published with warnings" in channels.webhook.payloads[0]["text"]


def test_dead_channels_are_logged_and_do_not_change_the_outcome(warehouse_env, monkeypatch, caplog):
    monkeypatch.setenv("VNICT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("VNICT_SMTP_PORT", str(free_port()))
    monkeypatch.setenv("VNICT_ALERT_EMAIL_TO", "ops@example.org")
    monkeypatch.setenv("VNICT_ALERT_WEBHOOK_URL", f"http://127.0.0.1:{free_port()}/hook")
    write_audit_publish("run_1", logical_date=LOGICAL_DATE)
    make_all_percentages_impossible(warehouse_env)
    with caplog.at_level(logging.ERROR, logger="pipeline.notify"):
        result = write_audit_publish("run_2", logical_date=LOGICAL_DATE)
    assert not result.published and result.errors == 1
    assert result.failures[0]["expectation"] == "percentage_within_0_100"
    assert result.alert["channels"]["email"].startswith("failed")
    assert result.alert["channels"]["webhook"].startswith("failed")
    assert "alert channel email unreachable" in caplog.text and "alert channel webhook unreachable" in caplog.text
    # Nothing was delivered, so nothing is marked as sent: the next run tries again.
    again = write_audit_publish("run_3", logical_date=LOGICAL_DATE)
    assert again.alert["suppressed"] is False


def test_disabled_channels_are_skipped(warehouse_env):
    delivery = notify.send(notify.Alert("[vn-ict] nothing configured", ["x"], ["k"], "run_1"))
    assert delivery.channels == {"email": "skipped", "webhook": "skipped"}


def test_failed_task_and_dbt_failure_use_the_same_path(channels):
    task_instance = SimpleNamespace(
        dag_id="vn_ict_pipeline",
        task_id="load_raw",
        map_index=-1,
        try_number=2,
        run_id="scheduled__2026-11-20",
        log_url="http://127.0.0.1:8080/log",
    )
    context = {
        "task_instance": task_instance,
        "run_id": "scheduled__2026-11-20",
        "logical_date": "2026-11-20",
        "exception": RuntimeError("Could not set lock on file warehouse.duckdb"),
    }
    alert_on_failure(context)  # the DAG's on_failure_callback (dags/vn_ict_pipeline.py default_args)
    assert "task FAILED vn_ict_pipeline.load_raw" in channels.smtp.messages[-1]["Subject"]
    assert "Could not set lock" in channels.webhook.payloads[-1]["text"]

    from warehouse.dbt_runner import DbtRunResult, NodeResult

    result = DbtRunResult(
        success=False,
        args=["build"],
        target="duckdb",
        elapsed_seconds=3.0,
        nodes=[
            NodeResult(
                "test.vnict.not_null_x",
                "not_null_fct_x_province_code",
                "test",
                "fail",
                "Got 2 results",
                2,
                attached_node="fct_x",
                column_name="province_code",
            )
        ],
    )
    delivery = notify.alert_dbt_failure("run_9", result, logical_date="2026-11-20")
    assert delivery["channels"] == {"email": "sent", "webhook": "sent"}
    assert "not_null_fct_x_province_code" in channels.smtp.bodies()[-1]
    assert "2 failing row(s)" in channels.webhook.payloads[-1]["text"]


def test_blocked_gate_failing_its_task_is_not_alerted_twice(channels):
    from pipeline.publish import QualityGateBlocked

    write_audit_publish("run_1", logical_date=LOGICAL_DATE)
    make_all_percentages_impossible(channels.path)
    result = write_audit_publish("run_2", logical_date="manual__2026-11-20T12:01:45.884256+00:00")
    assert result.logical_date == "2026-11-20" and len(channels.smtp.messages) == 1
    task_instance = SimpleNamespace(dag_id="vn_ict_pipeline", task_id="audit_and_publish", map_index=-1, try_number=1)
    alert_on_failure({"task_instance": task_instance, "run_id": "run_2", "exception": QualityGateBlocked(result)})
    assert len(channels.smtp.messages) == 1 and len(channels.webhook.payloads) == 1


def test_channels_can_come_from_airflow_connections(warehouse_env, monkeypatch):
    smtp, webhook = SmtpSink(), WebhookReceiver()
    try:
        monkeypatch.setenv(
            "AIRFLOW_CONN_VNICT_ALERT_SMTP",
            f"smtp://127.0.0.1:{smtp.port}/?to=ops%40example.org&from=airflow%40example.org",
        )
        monkeypatch.setenv("AIRFLOW_CONN_VNICT_ALERT_WEBHOOK", webhook.url)
        delivery = notify.send(notify.Alert("[vn-ict] via connections", ["line"], ["conn"], "run_1"))
        assert delivery.channels == {"email": "sent", "webhook": "sent"}
        assert smtp.messages[0]["To"] == "ops@example.org" and webhook.payloads == [
            {"text": "[vn-ict] via connections\nline"}
        ]
    finally:
        smtp.close()
        webhook.close()


def test_data_docs_link_points_at_the_served_site_when_configured(warehouse_env, monkeypatch):
    from warehouse import settings

    local = str(settings.data_dir() / "data_docs" / "index.html")
    assert notify.data_docs_link(local) == local
    monkeypatch.setenv("VNICT_DATA_DOCS_URL", "https://quality.example.org/docs/")
    assert notify.data_docs_link(local) == "https://quality.example.org/docs/index.html"
