"""Kill a writing okrdesk with SIGKILL at random moments and prove nothing was lost.

Two writers are killed (PRODUCT.md §7: "A crash or power cut loses at most the edit in
flight; the file is never left corrupt, and an import is applied whole or not at all"):

* ``burst_kill`` runs ``tests.reliability.crash_writer`` — tree moves, measurement edits
  and check-ins through the service, each acknowledged on stdout after its commit — and
  kills it after a random delay;
* ``import_kill`` runs the real ``okrdesk import`` of a large workbook into an existing
  workspace and kills it at a random moment, half of the time inside the apply phase.

After every kill ``verify_after_kill`` checks ``PRAGMA integrity_check`` and
``foreign_key_check``, opens the workspace with ``Workspace.open`` and through the app's
open path, and the callers check the edits: every acknowledged one is there (the one in
flight may or may not be), and the import is fully present or fully absent.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import selectors
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .files import PYTHON, python_env, sqlite_health, table_counts

AS_OF = "2027-02-15"
START_TIMEOUT = 120.0  # seconds a writer may take to start under a loaded machine


class CrashFailure(AssertionError):
    """A promise was broken: the message says which, and on which file."""


@dataclass
class KillOutcome:
    kind: str  # "burst" or "import"
    acknowledged: int = 0  # edits acknowledged before the kill
    in_flight: bool = False  # an edit had begun but was not acknowledged
    import_state: str = ""  # "absent", "present" or "finished" (the import ended first)
    delay: float = 0.0


@dataclass
class _Output:
    lines: list[str] = field(default_factory=list)
    partial: bytes = b""

    def feed(self, data: bytes) -> None:
        data = self.partial + data
        *complete, self.partial = data.split(b"\n")
        self.lines += [line.decode() for line in complete]


def _pump(proc: subprocess.Popen, out: _Output, until: float,
          stop: Callable[[_Output], bool] | None = None) -> bool:
    """Read the child's stdout until ``until`` (monotonic) or ``stop(out)``; False at EOF."""
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    try:
        while True:
            if stop is not None and stop(out):
                return True
            left = until - time.monotonic()
            if left <= 0:
                return True
            if not sel.select(timeout=left):
                continue
            data = os.read(proc.stdout.fileno(), 65536)
            if not data:
                return False
            out.feed(data)
    finally:
        sel.close()


def _kill_and_drain(proc: subprocess.Popen, out: _Output) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    while data := os.read(proc.stdout.fileno(), 65536):
        out.feed(data)
    proc.wait()
    proc.stdout.close()


def verify_after_kill(path: Path, app_open: Callable[[Path], None] | None = None) -> None:
    """The file is sound and opens, for writing, in the store and in the app."""
    from okrdesk.store.workspace import Workspace

    integrity, fks = sqlite_health(path)
    if integrity != ["ok"]:
        raise CrashFailure(f"{path}: integrity_check after the kill: {integrity[:5]}")
    if fks:
        raise CrashFailure(f"{path}: foreign_key_check after the kill: {fks[:5]}")
    with Workspace.open(path) as ws:
        ws.service.counts()
    if app_open is not None:
        app_open(path)


# --- burst of edits -------------------------------------------------------------------

def burst_kill(path: Path, run_id: str, rng: random.Random, *, max_delay: float = 0.6,
               app_open: Callable[[Path], None] | None = None) -> KillOutcome:
    """Start the edit burst on ``path``, kill it after a random delay, verify everything."""
    proc = subprocess.Popen(
        [PYTHON, "-m", "tests.reliability.crash_writer", str(path), run_id,
         str(rng.randrange(2**31))],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=python_env())
    out = _Output()
    try:
        alive = _pump(proc, out, time.monotonic() + START_TIMEOUT, lambda o: "READY" in o.lines)
        if not alive or "READY" not in out.lines:
            _kill_and_drain(proc, out)
            raise CrashFailure(f"the writer did not start on {path}: "
                               f"{proc.stderr.read().decode()[-2000:]}")
        delay = rng.uniform(0.0, max_delay)
        _pump(proc, out, time.monotonic() + delay)
    finally:
        _kill_and_drain(proc, out)
        err = proc.stderr.read().decode()
        proc.stderr.close()
    if "Traceback" in err:
        raise CrashFailure(f"the writer failed before the kill:\n{err[-3000:]}")
    outcome = _check_burst(path, run_id, out.lines, app_open)
    outcome.delay = delay
    return outcome


def _check_burst(path: Path, run_id: str, lines: list[str],
                 app_open: Callable[[Path], None] | None) -> KillOutcome:
    begun: dict[int, list[str]] = {}
    acked: list[int] = []
    for line in lines:
        words = line.split()
        if words and words[0] == "BEGIN":
            begun[int(words[1])] = words[2:]
        elif words and words[0] == "ACK":
            acked.append(int(words[1]))
    pending = [op for op in begun if op not in set(acked)]
    if len(pending) > 1:
        raise CrashFailure(f"more than one edit in flight: {pending}")
    in_flight = begun[pending[0]] if pending else None
    verify_after_kill(path, app_open)

    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        values: dict[tuple[int, str], float] = {}
        parents: dict[int, int] = {}
        check_ins: set[int] = set()
        for op in acked:
            kind, *args = begun[op]
            if kind == "m":
                values[(int(args[0]), args[1])] = float(args[2])
            elif kind == "v":
                parents[int(args[0])] = int(args[1])
            else:
                check_ins.add(op)
        for (node, day), value in values.items():
            row = con.execute("SELECT value FROM measurements WHERE node_id=? AND date=?",
                              (node, day)).fetchone()
            allowed = {value}
            if in_flight and in_flight[0] == "m" and (int(in_flight[1]), in_flight[2]) == (node, day):
                allowed.add(float(in_flight[3]))
            if row is None or row[0] not in allowed:
                raise CrashFailure(f"{path}: acknowledged measurement of node {node} on {day} "
                                   f"= {value} is {row and row[0]!r} after the kill")
        for node, parent in parents.items():
            row = con.execute("SELECT parent_id FROM kpi_nodes WHERE id=?", (node,)).fetchone()
            allowed = {parent}
            if in_flight and in_flight[0] == "v" and int(in_flight[1]) == node:
                allowed.add(int(in_flight[2]))
            if row is None or row[0] not in allowed:
                raise CrashFailure(f"{path}: acknowledged move of node {node} under {parent} "
                                   f"is lost (parent is {row and row[0]!r})")
        stored = {int(c.rsplit("-", 1)[1]) for (c,) in con.execute(
            "SELECT comment FROM check_ins WHERE comment LIKE ?", (f"{run_id}-%",))}
        extra = stored - check_ins
        if not check_ins <= stored or (extra and (not pending or extra != {pending[0]})):
            raise CrashFailure(f"{path}: check-ins of run {run_id}: acknowledged "
                               f"{sorted(check_ins)}, stored {sorted(stored)}")
    finally:
        con.close()
    return KillOutcome("burst", acknowledged=len(acked), in_flight=bool(pending))


# --- interrupted import -----------------------------------------------------------------

@dataclass
class ImportSetup:
    base: Path  # the workspace imported into (closed cleanly, copied before each kill)
    workbook: Path
    empty: dict[str, float]  # table counts of ``base``
    reference: dict[str, float]  # table counts after a complete import
    seconds: float  # one complete `okrdesk import`, start to exit
    apply_seconds: float  # from the printed plan to the exit


def _okrdesk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", "okrdesk", *args], capture_output=True, text=True,
                          env=python_env(), timeout=1800)


def prepare_import(folder: Path, size: str = "workshop") -> ImportSetup:
    """A workbook exported from a ``size`` demo, an empty workspace, and the reference run."""
    from okrdesk.store.workspace import Workspace

    folder.mkdir(parents=True, exist_ok=True)
    source, workbook = folder / "source.okrdesk", folder / f"{size}.xlsx"
    for args in (("demo", str(source), "--size", size, "--as-of", AS_OF, "--force"),
                 ("export", str(source), str(workbook))):
        done = _okrdesk(*args)
        if done.returncode != 0:
            raise CrashFailure(f"okrdesk {' '.join(args)} failed: {done.stderr}")
    base = folder / "base.okrdesk"
    if base.exists():
        base.unlink()
    Workspace.create(base, name="Import target").close()
    reference = folder / "reference.okrdesk"
    shutil.copyfile(base, reference)
    started = time.monotonic()
    proc = subprocess.Popen([PYTHON, "-m", "okrdesk", "import", str(workbook), str(reference)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=python_env())
    out = _Output()
    _pump(proc, out, started + 1800, lambda o: bool(o.lines))
    planned = time.monotonic()
    _kill_and_drain_until_exit(proc, out)
    ended = time.monotonic()
    if proc.returncode != 0:
        raise CrashFailure(f"the reference import failed: {proc.stderr.read().decode()}")
    proc.stderr.close()
    return ImportSetup(base, workbook, table_counts(base), table_counts(reference),
                       ended - started, ended - planned)


def _kill_and_drain_until_exit(proc: subprocess.Popen, out: _Output) -> None:
    while data := os.read(proc.stdout.fileno(), 65536):
        out.feed(data)
    proc.wait()
    proc.stdout.close()


def import_kill(setup: ImportSetup, target: Path, rng: random.Random,
                app_open: Callable[[Path], None] | None = None) -> KillOutcome:
    """Import ``setup.workbook`` into a fresh copy of the base at ``target`` and kill it."""
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(setup.base, target)
    started = time.monotonic()
    proc = subprocess.Popen([PYTHON, "-m", "okrdesk", "import", str(setup.workbook), str(target)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=python_env())
    out = _Output()
    try:
        if rng.random() < 0.5:  # anywhere in the run: start-up, reading, planning, applying
            delay = rng.uniform(0.0, setup.seconds * 1.1)
            _pump(proc, out, started + delay)
        else:  # inside the apply phase: after the plan is printed
            _pump(proc, out, started + START_TIMEOUT, lambda o: bool(o.lines))
            delay = rng.uniform(0.0, setup.apply_seconds * 1.2)
            _pump(proc, out, time.monotonic() + delay)
            delay += 0.0
        finished = proc.poll() is not None
    finally:
        _kill_and_drain(proc, out)
        err = proc.stderr.read().decode()
        proc.stderr.close()
    if finished and proc.returncode != 0:
        raise CrashFailure(f"the import ended with {proc.returncode} before the kill: {err}")
    verify_after_kill(target, app_open)
    counts = table_counts(target)
    if counts == setup.reference:
        state = "finished" if finished else "present"
    elif counts == setup.empty and not finished:
        state = "absent"
    else:
        raise CrashFailure(f"{target}: an interrupted import is partly applied: {counts} "
                           f"(nothing: {setup.empty}; all: {setup.reference})")
    return KillOutcome("import", import_state=state, delay=delay)
