"""Shared test settings: tests never reach the internet, and loopback bypasses any proxy."""

import os

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
os.environ.setdefault("no_proxy", "127.0.0.1,localhost")
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
