"""Import a dashboards bundle (zip of bi/dashboards/) into Superset, overwriting every object.

Why not `superset import-dashboards`: that command overwrites the dashboards only; a database,
dataset or chart that already exists (same uuid) is kept as it was, so an edited chart or dataset
in bi/dashboards/ would never reach a BI home imported before. Superset's assets import
(`ImportAssetsCommand`, the same command behind `POST /api/v1/assets/import/`) overwrites
databases, datasets (columns and metrics synced), charts and dashboards by uuid: importing the
same bundle twice changes nothing, importing an edited bundle applies exactly the edit.

Run with Superset's interpreter and SUPERSET_CONFIG_PATH set (bi/launch.py does):
    .venv-bi/bin/python bi/import_assets.py BUNDLE.zip [--username admin]
"""
from __future__ import annotations

import argparse
import sys
from zipfile import ZipFile


def import_bundle(bundle_path: str, username: str) -> int:
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        from superset import security_manager
        from superset.commands.importers.v1.assets import ImportAssetsCommand
        from superset.commands.importers.v1.utils import get_contents_from_bundle
        from superset.utils.core import override_user

        user = security_manager.find_user(username=username)
        if user is None:
            print(f"import_assets: no Superset user {username!r}; run `superset fab create-admin` first", file=sys.stderr)
            return 2
        with ZipFile(bundle_path) as bundle:
            contents = get_contents_from_bundle(bundle)
        with override_user(user):
            ImportAssetsCommand(contents).run()
        kinds = {}
        for name in contents:
            kind = name.split("/", 1)[0]
            kinds[kind] = kinds.get(kind, 0) + 1
        print(f"import_assets: imported {bundle_path}: {kinds}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle")
    parser.add_argument("--username", default="admin")
    args = parser.parse_args(argv)
    try:
        return import_bundle(args.bundle, args.username)
    except Exception as error:  # the command wraps validation errors; show them whole
        messages = getattr(error, "normalized_messages", lambda: None)()
        print(f"import_assets: import of {args.bundle} failed: {error!r} {messages or ''}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
