"""Dashboards as code: import bi/dashboards/ into Superset, or export Superset's objects back to it.

Import (`assets.py import BUNDLE.zip`, run at every start by bi/launch.py): Superset's assets
import (`ImportAssetsCommand`, the command behind `POST /api/v1/assets/import/`) overwrites
databases, datasets (columns and metrics synced), charts and dashboards by uuid, so importing the
same bundle twice changes nothing and an edited bundle applies exactly the edit. Why not
`superset import-dashboards`: it overwrites dashboards only; a chart, dataset or database that
already exists is kept as it was, so a reviewed change to a chart would never reach a BI home
that imported the bundle before.

Export (`assets.py export [DIR]`): after changing a chart or a dashboard in the Superset UI,
write every object back as YAML into bi/dashboards/ (default). Files keep the names they have in
the directory (matched by uuid; new objects get Superset's names), multi-line SQL is written as a
block, and the database's URI is reset to the repository's default (launch.py renders the real
one at import), so `git diff bi/dashboards` shows exactly what changed.

Both run with Superset's interpreter and SUPERSET_CONFIG_PATH set; through launch.py:
    .venv-bi/bin/python bi/launch.py export
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from zipfile import ZipFile

import yaml

DASHBOARDS_DIR = Path(__file__).resolve().parent / "dashboards"
DEFAULT_DATABASE_URI = "duckdb:///data/bi/marts_snapshot.duckdb"


class BlockDumper(yaml.SafeDumper):
    """Multi-line strings (dataset SQL, descriptions) as `|` blocks, no anchors: readable diffs."""

    def ignore_aliases(self, data):
        return True


def _represent_string(dumper, value: str):
    style = "|" if "\n" in value and not any(line != line.rstrip() for line in value.splitlines()) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


BlockDumper.add_representer(str, _represent_string)


def dump_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=BlockDumper, allow_unicode=True, sort_keys=False, width=120)


def normalise_dashboard(data: dict) -> dict:
    """Replace this instance's chart ids by dashboard-local ones (1, 2, ... in layout order), and
    drop the colour caches the front end stores.

    Chart ids are database ids of one Superset instance; the import maps them to the importing
    instance's ids through each chart's uuid in `position`. Local ids keep the YAML identical
    whichever instance it was exported from.
    """
    charts = [
        node
        for _, node in sorted(data.get("position", {}).items())
        if isinstance(node, dict) and node.get("type") == "CHART"
    ]
    local = {}
    for node in charts:
        local.setdefault(node["meta"].get("chartId"), len(local) + 1)
        node["meta"]["chartId"] = local[node["meta"].get("chartId")]
    metadata = data.get("metadata") or {}
    # Colour caches the front end writes into the dashboard when someone opens it (which labels
    # several charts share, per the data shown that day): state, not design; Superset recomputes them.
    for key in ("shared_label_colors", "color_scheme_domain", "map_label_colors"):
        metadata.pop(key, None)

    def remap(ids):
        return [local[i] for i in ids or [] if i in local]

    for native_filter in metadata.get("native_filter_configuration") or []:
        native_filter.get("scope", {})["excluded"] = remap(native_filter.get("scope", {}).get("excluded"))
        if "chartsInScope" in native_filter:
            native_filter["chartsInScope"] = remap(native_filter["chartsInScope"])
    for key in ("timed_refresh_immune_slices",):
        if key in metadata:
            metadata[key] = remap(metadata[key])
    global_configuration = metadata.get("global_chart_configuration") or {}
    if global_configuration:
        global_configuration.get("scope", {})["excluded"] = remap(global_configuration.get("scope", {}).get("excluded"))
        global_configuration["chartsInScope"] = remap(global_configuration.get("chartsInScope"))
    if metadata.get("chart_configuration"):
        configuration = {}
        for old_id, value in metadata["chart_configuration"].items():
            if int(old_id) in local:
                value["id"] = local[int(old_id)]
                scope = value.get("crossFilters", {}).get("scope", {})
                if isinstance(scope, dict):
                    scope["excluded"] = remap(scope.get("excluded"))
                value.get("crossFilters", {})["chartsInScope"] = remap(
                    value.get("crossFilters", {}).get("chartsInScope")
                )
                configuration[str(local[int(old_id)])] = value
        metadata["chart_configuration"] = configuration
    if metadata.get("expanded_slices"):
        metadata["expanded_slices"] = {
            str(local[int(k)]): v for k, v in metadata["expanded_slices"].items() if int(k) in local
        }
    return data


def _app_user(username: str):
    from superset.app import create_app

    app = create_app()
    context = app.app_context()
    context.push()
    from superset import security_manager

    user = security_manager.find_user(username=username)
    if user is None:
        raise SystemExit(f"assets: no Superset user {username!r}; run `superset fab create-admin` first")
    return user


def import_bundle(bundle_path: str, username: str) -> dict[str, int]:
    user = _app_user(username)
    from superset.commands.importers.v1.assets import ImportAssetsCommand
    from superset.commands.importers.v1.utils import get_contents_from_bundle
    from superset.utils.core import override_user

    with ZipFile(bundle_path) as bundle:
        contents = get_contents_from_bundle(bundle)
    with override_user(user):
        ImportAssetsCommand(contents).run()
    kinds: dict[str, int] = {}
    for name in contents:
        kinds[name.split("/", 1)[0]] = kinds.get(name.split("/", 1)[0], 0) + 1
    return kinds


def export_to(directory: Path, username: str) -> list[Path]:
    user = _app_user(username)
    from superset.commands.export.assets import ExportAssetsCommand
    from superset.utils.core import override_user

    existing = {}
    for path in directory.rglob("*.yaml"):
        uuid = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("uuid")
        if uuid:
            existing[uuid] = path
    written = []
    with override_user(user):
        for file_name, content in ExportAssetsCommand().run():
            data = yaml.safe_load(content())
            if file_name.startswith("databases/"):
                data["sqlalchemy_uri"] = DEFAULT_DATABASE_URI
                data.setdefault("extra", {}).get("engine_params", {}).get("connect_args", {}).pop("config", None)
            if file_name.startswith("charts/"):
                data.get("params", {}).pop("datasource", None)  # this instance's dataset id; set at import
            if file_name.startswith("dashboards/"):
                data = normalise_dashboard(data)
            if file_name == "metadata.yaml":
                data["timestamp"] = (
                    yaml.safe_load((directory / "metadata.yaml").read_text())["timestamp"]
                    if (directory / "metadata.yaml").exists()
                    else data["timestamp"]
                )
            target = existing.get(data.get("uuid")) or directory / file_name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(dump_yaml(data), encoding="utf-8")
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--username", default="admin")
    sub = parser.add_subparsers(dest="command", required=True)
    import_parser = sub.add_parser("import", help="import a bundle zip, overwriting by uuid")
    import_parser.add_argument("bundle")
    export_parser = sub.add_parser("export", help="write every Superset object as YAML into a directory")
    export_parser.add_argument("directory", nargs="?", type=Path, default=DASHBOARDS_DIR)
    args = parser.parse_args(argv)
    try:
        if args.command == "import":
            print(f"assets: imported {args.bundle}: {import_bundle(args.bundle, args.username)}")
        else:
            written = export_to(args.directory.resolve(), args.username)
            print(f"assets: wrote {len(written)} files into {args.directory}; review them with git diff")
    except Exception as error:  # the import command wraps validation errors: show them whole
        messages = getattr(error, "normalized_messages", lambda: None)()
        print(f"assets: {args.command} failed: {error!r} {messages or ''}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
