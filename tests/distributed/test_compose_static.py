"""docker-compose.yml, checked without Docker: structure, pins, health, secrets and documentation.

There is no Docker engine here, so what `docker compose config` would catch is checked from the
YAML itself, and what a reviewer would check (pinned images, health checks, restart policies,
named volumes, no secret in the file, loopback-only internal ports) is checked as rules.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
PRODUCTION_DOC = ROOT / "docs" / "production.md"
DOCKERFILE = ROOT / "Dockerfile"

# ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message}, ${VAR?message}; $$ escapes a literal $.
VARIABLE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")
REQUIRED_SECRETS = {
    "AIRFLOW_FERNET_KEY",
    "AIRFLOW_JWT_SECRET",
    "AIRFLOW_API_SECRET_KEY",
    "AIRFLOW_DB_PASSWORD",
    "AIRFLOW_ADMIN_PASSWORD",
    "REDIS_PASSWORD",
    "WAREHOUSE_ADMIN_PASSWORD",
    "WAREHOUSE_DB_PASSWORD",
    "BI_READER_PASSWORD",
    "SUPERSET_SECRET_KEY",
    "SUPERSET_DB_PASSWORD",
    "SUPERSET_ADMIN_PASSWORD",
}
AIRFLOW_SERVICES = {
    "airflow-init",
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-triggerer",
    "airflow-worker",
}
# Services whose ports users reach (bound to ${PUBLIC_BIND_ADDRESS}, 127.0.0.1 by default).
PUBLIC_SERVICES = {"airflow-apiserver", "superset"}


@pytest.fixture(scope="module")
def compose_text() -> str:
    return COMPOSE_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def compose(compose_text) -> dict:
    document = yaml.safe_load(compose_text)
    assert isinstance(document, dict) and "services" in document, "docker-compose.yml has no services"
    return document


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def _env_example_variables() -> dict[str, str]:
    variables = {}
    for number, line in enumerate(ENV_EXAMPLE.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        assert "=" in line, f".env.example line {number} is neither a comment nor NAME=value: {line!r}"
        name, value = line.split("=", 1)
        variables[name.strip()] = value
    return variables


def _one_shot(service: dict) -> bool:
    return str(service.get("restart", "")) == "no"


def test_compose_parses_with_the_expected_services(services):
    expected = AIRFLOW_SERVICES | {"airflow-metadata-db", "redis", "warehouse-db", "superset", "mailpit"}
    assert expected <= set(services), f"missing services: {sorted(expected - set(services))}"


def test_airflow_runs_the_celery_executor_with_redis_and_postgres(services):
    environment = services["airflow-scheduler"]["environment"]
    assert environment["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert environment["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://")
    assert environment["AIRFLOW__CELERY__RESULT_BACKEND"].startswith("redis://")
    assert environment["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql")
    assert "airflow-apiserver:8080/execution/" in environment["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"]
    assert environment["VNICT_TARGET"] == "postgres" and environment["VNICT_PG_HOST"] == "warehouse-db"
    commands = {name: " ".join(services[name].get("command", [])) for name in AIRFLOW_SERVICES}
    assert commands["airflow-apiserver"].startswith("api-server")
    assert commands["airflow-scheduler"] == "scheduler"
    assert commands["airflow-dag-processor"] == "dag-processor"
    assert commands["airflow-triggerer"] == "triggerer"
    assert commands["airflow-worker"] == "celery worker"


def test_every_airflow_service_shares_one_configuration(services):
    """A worker with another JWT secret or Fernet key than the scheduler fails every task."""
    reference = services["airflow-scheduler"]["environment"]
    for name in AIRFLOW_SERVICES:
        environment = services[name]["environment"]
        for key in (
            "AIRFLOW__CORE__FERNET_KEY",
            "AIRFLOW__API_AUTH__JWT_SECRET",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
            "AIRFLOW__CELERY__BROKER_URL",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL",
            "VNICT_PG_DATABASE",
        ):
            assert environment.get(key) == reference[key], f"{name} differs from airflow-scheduler on {key}"
        assert services[name]["image"] == services["airflow-scheduler"]["image"], f"{name} runs another image"


def test_worker_can_be_scaled(services):
    worker = services["airflow-worker"]
    assert "container_name" not in worker, "a fixed container_name prevents `--scale airflow-worker=N`"
    assert not worker.get("ports"), "a published host port prevents `--scale airflow-worker=N`"


def test_init_job_migrates_creates_the_admin_and_gates_the_others(services):
    init_script = (ROOT / "deploy" / "airflow" / "init.sh").read_text(encoding="utf-8")
    assert "airflow db migrate" in init_script and "pools set warehouse_writer" in init_script
    assert "AIRFLOW_ADMIN_PASSWORD" in init_script
    assert _one_shot(services["airflow-init"])
    for name in AIRFLOW_SERVICES - {"airflow-init"}:
        condition = services[name]["depends_on"]["airflow-init"]["condition"]
        assert condition == "service_completed_successfully", f"{name} may start before the migration"


def test_images_are_pinned(services):
    for name, service in services.items():
        image = service.get("image")
        assert image, f"{name} has no image (a built service still needs a versioned image name)"
        reference = VARIABLE.sub(lambda match: match.group(3) or "", image)
        name_part, _, tag = reference.rpartition(":") if ":" in reference.split("/")[-1] else (reference, "", "")
        assert tag and tag != "latest", f"{name}: image {image!r} is not pinned to a version tag"
        assert re.search(r"\d+\.\d+", tag), f"{name}: image tag {tag!r} carries no version number"
    base_images = re.findall(r"^(?:ARG AIRFLOW_IMAGE=|FROM )(\S+)", DOCKERFILE.read_text(encoding="utf-8"), re.M)
    assert "apache/airflow:3.3.2-python3.11" in base_images, base_images
    superset_base = (ROOT / "deploy" / "superset" / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM apache/superset:\d+\.\d+\.\d+\s*$", superset_base, re.M)


def test_every_long_running_service_has_a_health_check_and_a_restart_policy(services):
    for name, service in services.items():
        if _one_shot(service):
            continue
        healthcheck = service.get("healthcheck")
        assert healthcheck and healthcheck.get("test"), f"{name} has no health check"
        assert not healthcheck.get("disable"), f"{name} disables its health check"
        assert service.get("restart") in {"always", "unless-stopped", "on-failure"}, (
            f"{name}: restart={service.get('restart')!r}"
        )


def test_dependencies_wait_for_health(services):
    for name, service in services.items():
        depends_on = service.get("depends_on") or {}
        assert isinstance(depends_on, dict), f"{name}: depends_on must name conditions, not just services"
        for dependency, rule in depends_on.items():
            assert dependency in services, f"{name} depends on unknown service {dependency}"
            assert rule.get("condition") in {"service_healthy", "service_completed_successfully"}, (name, dependency)


def test_volumes_are_named_and_declared(compose, services):
    declared = set(compose.get("volumes") or {})
    for required in ("airflow-metadata-db", "warehouse-db", "landing-archive", "data-docs"):
        assert required in declared, f"named volume {required} is not declared"
    used = set()
    for name, service in services.items():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0] if isinstance(volume, str) else volume.get("source", "")
            if source.startswith((".", "/")):
                # Bind mounts only for read-only configuration shipped in the repository.
                assert source.startswith("./deploy/") and volume.endswith(":ro"), f"{name}: bind mount {volume!r}"
                continue
            assert source in declared, f"{name} uses volume {source!r} that is not declared"
            used.add(source)
    assert declared <= used, f"declared but unused volumes: {sorted(declared - used)}"
    mounts = {volume.split(":")[1] for volume in services["airflow-worker"]["volumes"]}
    environment = services["airflow-worker"]["environment"]
    assert environment["VNICT_LANDING_DIR"] in mounts, "the landing archive is not on a volume"
    assert environment["VNICT_DATA_DIR"] + "/data_docs" in mounts, "Data Docs (<data dir>/data_docs) not on a volume"


def test_every_variable_is_listed_in_env_example(compose_text):
    listed = _env_example_variables()
    used = {match.group(1) for match in VARIABLE.finditer(compose_text)}
    missing = sorted(used - set(listed))
    assert not missing, f"variables used in docker-compose.yml but not listed in .env.example: {missing}"


def test_required_secrets_fail_with_a_message_and_have_no_value_in_the_repository(compose_text):
    listed = _env_example_variables()
    required = {}
    for match in VARIABLE.finditer(compose_text):
        if match.group(2) in (":?", "?"):
            required[match.group(1)] = match.group(3)
    missing = sorted(REQUIRED_SECRETS - set(required))
    assert not missing, f"secrets compose does not require with ${{VAR:?message}}: {missing}"
    for name, message in required.items():
        assert message.strip(), f"${{{name}:?}} has no message telling the user what to do"
        assert listed.get(name, "") == "", f".env.example gives {name} a value: secrets stay empty there"
    for match in VARIABLE.finditer(compose_text):
        if match.group(1) in REQUIRED_SECRETS and match.group(2) in (":-", "-"):
            assert not match.group(3), f"secret {match.group(1)} has a default value in docker-compose.yml"


def test_no_literal_secret_in_compose(services):
    secret_key = re.compile(r"(PASSWORD|SECRET|FERNET|TOKEN)", re.I)
    for name, service in services.items():
        environment = service.get("environment") or {}
        for key, value in environment.items():
            if secret_key.search(key) and not key.endswith("_FILE") and value not in (None, ""):
                assert "${" in str(value), f"{name}: {key} holds a literal value instead of a ${{VAR}}"
        for key in (
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
            "AIRFLOW__CELERY__BROKER_URL",
            "VNICT_BI_DATABASE_URI",
            "SUPERSET_METADATA_URI",
        ):
            value = str(environment.get(key, ""))
            if "@" in value:
                credentials = value.split("://", 1)[1].split("@", 1)[0]
                assert "${" in credentials, f"{name}: {key} embeds a literal password"


def test_internal_services_bind_to_loopback(services):
    for name, service in services.items():
        for port in service.get("ports", []):
            text = str(port)
            if name in PUBLIC_SERVICES:
                assert text.startswith("${PUBLIC_BIND_ADDRESS:-127.0.0.1}:"), f"{name}: {text}"
            else:
                assert text.startswith("127.0.0.1:"), f"{name} publishes {text} beyond loopback"
    for name in ("airflow-metadata-db", "redis"):
        assert not services[name].get("ports"), f"{name} needs no published port"
    assert "PUBLIC_BIND_ADDRESS=127.0.0.1" in ENV_EXAMPLE.read_text(encoding="utf-8")


def test_dockerfile_installs_the_locked_dependencies():
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "uv export --frozen" in text and "uv.lock" in text
    assert "--require-hashes" in text
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for entry in (".env", ".venv", ".git", "data"):
        assert entry in ignored, f".dockerignore does not keep {entry} out of the image"


def test_warehouse_init_creates_the_database_and_a_read_only_bi_role(services):
    init_dir = ROOT / "deploy" / "warehouse-db"
    script = (init_dir / "01-warehouse.sh").read_text(encoding="utf-8")
    grants = (init_dir / "bi_reader.sql.inc").read_text(encoding="utf-8")
    assert "CREATE DATABASE" in script and "bi_reader.sql.inc" in script
    assert "default_transaction_read_only" in grants and "GRANT SELECT" in grants
    statements = "\n".join(line for line in grants.splitlines() if not line.lstrip().startswith("--"))
    assert "GRANT USAGE ON SCHEMA marts, reference TO" in statements, "BI must read the marts"
    assert "raw" not in statements and "audit" not in statements, "BI must not see raw or unvalidated marts"
    assert "bi_reader" in services["superset"]["environment"]["VNICT_BI_DATABASE_URI"]


def test_superset_serves_the_projects_dashboards_on_the_warehouse(services):
    superset = services["superset"]
    run_script = (ROOT / "deploy" / "superset" / "run.sh").read_text(encoding="utf-8")
    assert "bi/launch.py serve --host 0.0.0.0" in run_script and "bootstrap.py" in run_script
    assert (ROOT / "bi" / "launch.py").exists() and list((ROOT / "bi" / "dashboards" / "databases").glob("*.yaml"))
    assert superset["environment"]["SUPERSET_CONFIG_PATH"] == "/app/vnict/bi/superset_config.py"
    assert superset["environment"]["SUPERSET_METADATA_URI"].startswith("postgresql"), "Superset metadata must persist"
    assert superset["build"]["context"] == ".", "the Superset image copies bi/: the context is the repository"


def test_production_doc_mentions_only_existing_services_and_covers_operations(services):
    text = PRODUCTION_DOC.read_text(encoding="utf-8")
    for heading in ("Quick start", "Scaling workers", "Backing up", "Backfill", "Adding a source"):
        assert re.search(rf"^#+ .*{heading}", text, re.M | re.I), f"docs/production.md has no section on {heading}"
    assert "docker compose up" in text and "--scale airflow-worker=" in text
    mentioned = set(
        re.findall(
            r"docker compose (?:[a-z-]+ )*?(?:exec|run --rm|logs(?: -f)?|restart|stop|up -d)\s+([a-z][a-z0-9-]+)", text
        )
    )
    mentioned |= set(re.findall(r"`([a-z]+(?:-[a-z]+)+)` service", text))
    unknown = sorted(name for name in mentioned if name not in services and not name.startswith("-"))
    assert not unknown, f"docs/production.md names services that docker-compose.yml lacks: {unknown}"
    assert mentioned & set(services), "docs/production.md names no service of docker-compose.yml"
