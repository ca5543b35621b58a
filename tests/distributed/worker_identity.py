"""The host name a Celery worker reports for its task instances, from ``VNICT_WORKER_NAME``.

In docker compose every worker is its own container, so Airflow's default (the FQDN) already
tells workers apart. Two workers on one machine share the FQDN; the native test points
``[core] hostname_callable`` here so each task instance records which worker ran it.
"""

from __future__ import annotations

import os
import socket


def hostname() -> str:
    return os.environ.get("VNICT_WORKER_NAME") or socket.getfqdn()
