"""The source registry: loading, validation errors, mirror rebasing, activity, URL lookup."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from scrapers.registry import RegistryError, active_sources, find_source_for_url, load_sources

FIXTURE = Path(__file__).parent / "fixtures" / "sources.yaml"


def test_loads_sources_with_defaults_and_types():
    alpha, beta, gamma = load_sources(FIXTURE, endpoints={})
    assert alpha.politeness.min_delay_seconds == 0.5 and alpha.politeness.max_pages == 3
    assert beta.politeness.min_delay_seconds == 1.0  # default
    assert beta.province_code == "01"  # YAML int kept as a zero-padded code
    assert alpha.valid_to == dt.date(2025, 2, 28) and alpha.successor == "beta_news"
    assert gamma.province_code is None and gamma.active is False
    assert isinstance(alpha.list_urls, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        alpha.id = "x"  # frozen


def test_expected_publish_interval_defaults_from_the_settings():
    from warehouse import settings

    alpha, beta, _ = load_sources(FIXTURE, endpoints={})
    assert (
        alpha.expected_publish_interval_days
        == beta.expected_publish_interval_days
        == settings.DEFAULT_EXPECTED_PUBLISH_INTERVAL_DAYS
    )
    project = {source.id: source for source in load_sources(endpoints={})}
    assert project["daknong_baodaknong"].expected_publish_interval_days == 14


def test_active_sources_honour_active_and_validity_dates():
    sources = load_sources(FIXTURE, endpoints={})
    assert [s.id for s in active_sources(dt.date(2020, 1, 1), sources)] == ["alpha_news"]
    assert [s.id for s in active_sources(dt.date(2025, 6, 1), sources)] == ["beta_news"]


def test_find_source_for_url_matches_hosts_and_subdomains():
    sources = load_sources(FIXTURE, endpoints={})
    assert find_source_for_url("https://ALPHA.example.vn/news/x.html", sources).id == "alpha_news"
    assert find_source_for_url("http://www.beta.example.vn/a", sources).id == "beta_news"
    assert find_source_for_url("http://other.example.vn/", sources) is None


def test_rebases_onto_mirror_endpoints(tmp_path, monkeypatch):
    endpoints = tmp_path / "endpoints.json"
    endpoints.write_text(json.dumps({"alpha_news": "http://127.0.0.1:8101", "beta_news": "http://127.0.0.1:8102"}))
    monkeypatch.setenv("VNICT_SOURCE_ENDPOINTS", str(endpoints))
    alpha, beta, gamma = load_sources(FIXTURE)
    assert alpha.base_url == "http://127.0.0.1:8101"
    assert alpha.list_urls == ("http://127.0.0.1:8101/news/",)
    assert beta.list_urls[0] == "http://127.0.0.1:8102/index.php?language=vi&nv=news&op=chuyen-doi-so"
    assert "127.0.0.1:8101" in alpha.allowed_domains and gamma.base_url == "https://gamma.example.vn"
    sources = [alpha, beta, gamma]
    assert find_source_for_url("http://127.0.0.1:8102/an-toan-thong-tin/", sources).id == "beta_news"
    assert find_source_for_url("http://127.0.0.1:8101/news/", sources).id == "alpha_news"
    assert find_source_for_url("http://127.0.0.1:9999/news/", sources) is None


@pytest.mark.parametrize(
    "mutation, field",
    [
        (lambda s: s.pop("cms"), "cms"),
        (lambda s: s.update(cms="drupal"), "cms"),
        (lambda s: s.update(id="Bad-Id"), "id"),
        (lambda s: s.update(list_urls="https://alpha.example.vn/"), "list_urls"),
        (lambda s: s.update(list_urls=["ftp://alpha.example.vn/"]), "list_urls[0]"),
        (lambda s: s.update(list_urls=["https://elsewhere.vn/"]), "list_urls[0]"),
        (lambda s: s.update(list_urls=["https://alpha.example.vn/a"] * 2), "list_urls"),
        (lambda s: s.update(valid_from="01/02/2020"), "valid_from"),
        (lambda s: s.update(politeness={"min_delay": 1}), "politeness"),
        (lambda s: s.update(politeness={"max_pages": -1}), "politeness.max_pages"),
        (lambda s: s.update(active="yes"), "active"),
        (lambda s: s.update(successor="nobody"), "successor"),
        (lambda s: s.update(expected_publish_interval_days=0), "expected_publish_interval_days"),
        (lambda s: s.update(expected_publish_interval_days="weekly"), "expected_publish_interval_days"),
    ],
)
def test_validation_errors_name_file_source_and_field(tmp_path, mutation, field):
    import yaml

    document = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    mutation(document["sources"][0])
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RegistryError) as error:
        load_sources(path, endpoints={})
    message = str(error.value)
    assert str(path) in message and f"field {field!r}" in message
    assert "alpha_news" in message or "Bad-Id" in message


def test_duplicate_ids_and_bad_yaml_are_refused(tmp_path):
    path = tmp_path / "dup.yaml"
    text = FIXTURE.read_text(encoding="utf-8")
    path.write_text(text.replace("id: beta_news", "id: alpha_news").replace("successor: beta_news", "successor: null"))
    with pytest.raises(RegistryError, match="appears more than once"):
        load_sources(path, endpoints={})
    path.write_text("sources: [\n")
    with pytest.raises(RegistryError, match="not valid YAML"):
        load_sources(path, endpoints={})


def test_the_project_registry_loads():
    """The real registry (another engineer's data) must pass the same validation."""
    sources = load_sources(endpoints={})
    assert sources and all(s.list_urls for s in sources)


def test_registry_is_reread_only_when_the_file_changes(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    first = load_sources(path)
    assert load_sources(path) == first
    import os

    path.write_text(FIXTURE.read_text(encoding="utf-8").replace("Alpha – tin", "Alpha mới – tin"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert load_sources(path)[0].name.startswith("Alpha mới")


def test_mirrored_sources_never_leave_the_endpoint():
    (alpha, *_) = load_sources(FIXTURE, endpoints={"alpha_news": "http://127.0.0.1:8101"})
    assert alpha.fetch_domains == ("127.0.0.1:8101",)
    assert alpha.localize("https://alpha.example.vn/news/a.html?x=1") == "http://127.0.0.1:8101/news/a.html?x=1"
    assert alpha.localize("http://127.0.0.1:8101/news/b.html") == "http://127.0.0.1:8101/news/b.html"
    assert alpha.localize("https://other.vn/c.html") == "https://other.vn/c.html"
    (plain, *_) = load_sources(FIXTURE, endpoints={})
    assert (
        plain.fetch_domains == plain.allowed_domains
        and plain.localize("https://alpha.example.vn/x") == "https://alpha.example.vn/x"
    )
