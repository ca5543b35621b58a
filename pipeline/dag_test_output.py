"""What ``make run`` does with the output of ``airflow dags test``: a file, task logs, one line per phase.

``dags test`` runs every task in one process and prints everything (structured logs, XComs) to
its stdout; it writes no task log files, so the Airflow UI would say "Log file not found" for the
run. ``DagTestOutput`` reads that stream line by line and

- appends every line to the run's log file (the whole story, path printed by ``make run``);
- splits the lines between ``[DAG TEST] starting task_id=…`` and ``[DAG TEST] end task …`` into the
  task log files the api-server reads (``$AIRFLOW_HOME/logs/…/attempt=N.log``, JSON lines as the
  task supervisor writes them), so ``make airflow`` shows the ``make run`` run with its logs;
- calls ``on_phase`` once per phase (crawl, parse, load, dbt, checks…) when it ends, with the
  tasks' states and the phase's duration.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

# The DAG's tasks, in order, and the phase each belongs to (what a person calls that step).
PHASES = {
    "list_sources": "sources",
    "source.crawl": "crawl",
    "source.parse_and_extract": "parse + extract",
    "load_raw": "load raw",
    "dbt_build": "dbt build + tests",
    "audit_and_publish": "checks + publish + BI snapshot",
    "summarise": "summary",
    "run_complete": "verdict",
}

_LINE = re.compile(
    r"^(?P<timestamp>\d{4}-\d\d-\d\dT[\d:.]+Z?) \[(?P<level>\w+)\s*\] (?P<event>.*?)"
    r"(?:\s+\[(?P<logger>[\w.]+)\](?P<extra>.*))?$"
)
_START = re.compile(r"\[DAG TEST\] starting task_id=(?P<task>\S+) map_index=(?P<index>-?\d+)")
_END = re.compile(r"\[DAG TEST\] end task task_id=(?P<task>\S+) map_index=(?P<index>-?\d+)")
_RUN = re.compile(r"\[DAG TEST\] running task <TaskInstance: (?P<dag>[^.\s]+)\.(?P<task>\S+) (?P<run>\S+) ")
_STATE = re.compile(r"Task instance state updated .*new_state=(?P<state>\w+)")
_FINISHED = re.compile(r"DagRun Finished: .*\bstate=(?P<state>\w+)")
_RETURNED = re.compile(r"Returned value was: (?P<value>\[[^\[\]]*\])")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class _Phase:
    name: str
    started: datetime | None = None
    ended: datetime | None = None
    last_end: datetime | None = None  # when its latest task ended
    states: dict = field(default_factory=dict)  # (task_id, map_index) -> last state


class TaskLogFiles:
    """Where the api-server looks for a task try's log: ``[logging] base_log_folder`` and
    ``log_filename_template``, read from Airflow's configuration (the same environment)."""

    def __init__(self, base_folder: Path, filename_template: str):
        import jinja2

        self.base_folder = base_folder
        self.template = jinja2.Environment().from_string(filename_template)

    @classmethod
    def from_airflow_config(cls) -> TaskLogFiles:
        from airflow.configuration import conf

        return cls(Path(conf.get("logging", "base_log_folder")), conf.get("logging", "log_filename_template"))

    def path(self, dag_id: str, run_id: str, task_id: str, map_index: int, try_number: int) -> Path:
        ti = SimpleNamespace(dag_id=dag_id, run_id=run_id, task_id=task_id, map_index=map_index, try_number=try_number)
        return self.base_folder / self.template.render(ti=ti, try_number=try_number, ts="")


def as_log_record(line: str, fallback_timestamp: str | None) -> dict:
    """One console line of ``dags test`` as the JSON record a task log file holds."""
    line = _ANSI.sub("", line.rstrip("\n"))
    match = _LINE.match(line)
    if not match:  # printed text (the summary), traceback lines
        return {"timestamp": fallback_timestamp, "level": "info", "event": line}
    record = {"timestamp": match["timestamp"], "level": match["level"], "event": match["event"].rstrip()}
    if match["logger"]:
        record["logger"] = match["logger"]
    if match["extra"] and match["extra"].strip():
        record["event"] += "  " + match["extra"].strip()
    return record


class DagTestOutput:
    """Consumes ``airflow dags test`` output; see the module docstring."""

    def __init__(self, run_log: Path, task_logs: TaskLogFiles | None, on_phase: Callable[[str], None]):
        self.run_log = run_log
        self.task_logs = task_logs
        self.on_phase = on_phase
        run_log.parent.mkdir(parents=True, exist_ok=True)
        self._run_log = open(run_log, "a", encoding="utf-8")
        self._task_file = None
        self._current: tuple[str, int] | None = None
        self._attempts: dict[tuple[str, int], int] = {}
        self._ti_keys: dict[str, tuple[str, int]] = {}
        self._phases: list[_Phase] = []
        self._last_timestamp: str | None = None
        self.run_id: str | None = None
        self.run_state: str | None = None  # from "DagRun Finished: … state=…"
        self.dag_id: str | None = None
        self.labels: dict[int, str] = {}  # map index -> source id (the list_sources XCom)
        self.task_log_paths: list[Path] = []

    # ------------------------------------------------------------------ feeding
    def feed(self, line: str) -> None:
        self._run_log.write(line if line.endswith("\n") else line + "\n")
        clean = _ANSI.sub("", line)
        match = _LINE.match(clean.rstrip("\n"))
        if match:
            self._last_timestamp = match["timestamp"]
        if started := _START.search(clean):
            self._start_task(started["task"], int(started["index"]))
        elif running := _RUN.search(clean):
            self.dag_id, self.run_id = running["dag"], running["run"]
            self._open_task_file()
        if self._current is not None:
            self._write_task_line(clean)
            self._note_state(clean)
        if _END.search(clean):
            self._end_task()
        elif finished := _FINISHED.search(clean):
            self.run_state = finished["state"].rstrip(",")

    def close(self) -> None:
        """End of the stream: the last phase is reported, files are closed."""
        self._end_task()
        if self._phases and self._phases[-1].ended is None:
            self._report(self._phases[-1])
        self._run_log.close()

    # ------------------------------------------------------------------ tasks
    def _start_task(self, task_id: str, map_index: int) -> None:
        self._end_task()
        key = (task_id, map_index)
        self._current = key
        self._attempts[key] = self._attempts.get(key, 0) + 1
        phase_name = PHASES.get(task_id, task_id)
        if not self._phases or self._phases[-1].name != phase_name:
            if self._phases and self._phases[-1].ended is None:
                self._report(self._phases[-1])
            self._phases.append(_Phase(phase_name, started=self._timestamp()))
        self._phases[-1].states[key] = "running"

    def _open_task_file(self) -> None:
        if self.task_logs is None or self._current is None or self._task_file is not None or not self.run_id:
            return
        task_id, map_index = self._current
        path = self.task_logs.path(self.dag_id, self.run_id, task_id, map_index, self._attempts[self._current])
        path.parent.mkdir(parents=True, exist_ok=True)
        self._task_file = open(path, "w", encoding="utf-8")
        self.task_log_paths.append(path)

    def _write_task_line(self, line: str) -> None:
        if self._task_file is not None:
            record = as_log_record(line, self._last_timestamp)
            self._task_file.write(json.dumps(record, ensure_ascii=False) + "\n")

    def _note_state(self, line: str) -> None:
        if state := _STATE.search(line):
            self._phases[-1].states[self._current] = state["state"]
        if self._current[0] == "list_sources" and (returned := _RETURNED.search(line)):
            try:
                self.labels = dict(enumerate(ast.literal_eval(returned["value"])))
            except (ValueError, SyntaxError):
                pass

    def _end_task(self) -> None:
        if self._task_file is not None:
            self._task_file.close()
            self._task_file = None
        if self._current is not None and self._phases:
            self._phases[-1].last_end = self._timestamp()
        self._current = None

    # ------------------------------------------------------------------ phases
    def _timestamp(self) -> datetime | None:
        if not self._last_timestamp:
            return None
        try:
            return datetime.fromisoformat(self._last_timestamp.replace("Z", "+00:00"))
        except ValueError:
            return None

    def _label(self, task_id: str, map_index: int) -> str:
        if map_index < 0:
            return task_id
        return self.labels.get(map_index, str(map_index))

    def _report(self, phase: _Phase) -> None:
        phase.ended = phase.last_end or self._timestamp()
        counts: dict[str, int] = {}
        for state in phase.states.values():
            counts[state] = counts.get(state, 0) + 1
        not_ok = sorted(self._label(*key) for key, state in phase.states.items() if state != "success")
        seconds = (phase.ended - phase.started).total_seconds() if phase.started and phase.ended else None
        tasks = len(phase.states)
        states = ", ".join(f"{count} {state}" for state, count in sorted(counts.items()))
        text = f"{phase.name:32s} {tasks} task{'s' if tasks != 1 else ''}: {states}"
        if not_ok:
            text += f"  <- {', '.join(not_ok)}"
        if seconds is not None:
            text += f"  ({seconds:.1f} s)"
        self.on_phase(text)
