"""HTTPS with a broken (self-signed) certificate: refused with an actionable reason, not retried;
accepted only when the registry says ``politeness.verify_tls: false`` for that source."""

from __future__ import annotations

import ssl
import subprocess
from dataclasses import replace

import pytest
from sitekit import FAST, Site, article_page

from scrapers.fetch import Fetcher


@pytest.fixture
def https_site(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    site = Site()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    site.server.socket = context.wrap_socket(site.server.socket, server_side=True)
    site.base_url = site.base_url.replace("http://", "https://")
    site.page("/robots.txt", "", content_type="text/plain")
    site.page("/a.html", article_page("A", "1/1/2024", "Nội dung."))
    yield site
    site.stop()


def test_self_signed_certificate_is_refused_without_retries(https_site):
    result = Fetcher(host_lock_dir=None).fetch(
        https_site.url("/a.html"),
        page_kind="article",
        politeness=FAST,
        allowed_domains=[f"127.0.0.1:{https_site.port}"],
    )
    assert result.outcome == "skipped_robots"  # robots.txt is unreachable over broken TLS: site disallowed
    (robots,) = result.robots_fetches
    assert robots.outcome == "failed" and robots.reason.startswith("TLS error")
    assert "verify_tls: false" in robots.reason and len(robots.attempts) == 1
    assert robots.attempts[0].startswith("TLS error")


def test_verify_tls_false_is_a_per_source_opt_out(https_site):
    politeness = replace(FAST, verify_tls=False)
    result = Fetcher(host_lock_dir=None).fetch(
        https_site.url("/a.html"),
        page_kind="article",
        politeness=politeness,
        allowed_domains=[f"127.0.0.1:{https_site.port}"],
    )
    assert result.outcome == "new" and result.status_code == 200
