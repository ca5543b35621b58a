"""The one command line: the installed ``vnict`` script and ``python -m vnict`` are the same program,
and every command it lists answers ``--help`` (its module imports and builds its parser)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vnict.__main__ import COMMANDS

SCRIPT = Path(sys.executable).with_name("vnict")


def _run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(arguments), capture_output=True, text=True, timeout=120, cwd="/")


def test_console_script_and_module_print_the_same_help():
    assert SCRIPT.exists(), "the console script is missing: `make setup` installs the project (uv sync)"
    script = _run(str(SCRIPT), "--help")
    module = _run(sys.executable, "-m", "vnict", "--help")
    assert script.returncode == module.returncode == 0, script.stderr + module.stderr
    assert script.stdout == module.stdout
    for command in COMMANDS:
        assert command in script.stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_answers_help(command):
    completed = _run(str(SCRIPT), command, "--help")
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert completed.stdout.startswith(f"usage: vnict {command}")


def test_unknown_command_is_a_clear_error():
    completed = _run(str(SCRIPT), "crawll")
    assert completed.returncode == 2
    assert "unknown command 'crawll'" in completed.stderr
