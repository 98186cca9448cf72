"""Run hostile workbooks through ``okrdesk import`` in a worker process, one at a time,
each with a time limit and a measured peak of memory.

The worker (``python -m tests.reliability.workbook_runner``) reads one JSON request per
line — ``{"index", "seed", "base", "folder", "workspace"}`` — builds that case of the
corpus, resets the kernel's peak-RSS mark (``/proc/self/clear_refs``), runs the CLI's
``main(["import", case, workspace])`` in-process with stdout and stderr captured, and
answers one JSON line: exit code, output, seconds, peak RSS in MB. The parent
(``run_cases``) gives each case ``timeout`` seconds; a case that runs over is a hang: the
worker is killed and a fresh one takes the next case.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import selectors
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .files import PYTHON, digest, python_env

MEMORY_LIMIT_MB = 300
TIME_LIMIT_S = 10.0
START_TIMEOUT_S = 120.0


def _peak_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
    except OSError:
        pass  # the peak then covers the worker's whole life: stricter, never looser


def worker() -> int:
    import gc

    from okrdesk.cli import main as cli_main

    from .workbook_corpus import make_case

    print("READY", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        folder = Path(request["folder"])
        path, label = make_case(request["index"], request["seed"], Path(request["base"]), folder)
        gc.collect()
        _reset_peak()
        out, err = io.StringIO(), io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli_main(["import", str(path), request["workspace"]])
        seconds = time.perf_counter() - started
        peak = _peak_rss_mb()
        answer = {"index": request["index"], "label": label, "file": path.name, "code": code,
                  "stdout": out.getvalue()[-4000:], "stderr": err.getvalue()[-4000:],
                  "seconds": seconds, "peak_mb": peak}
        path.unlink(missing_ok=True)
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    return 0


@dataclass
class CaseResult:
    index: int
    label: str
    code: int | None  # None: it hung and was killed
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    file: str
    workspace_unchanged: bool
    problems: list[str]


_PLACE = re.compile(r"^(\S[^!\n]*)!([A-Z]{0,3}\d*|row \d+)\b.*:", re.MULTILINE)


def judge(result: CaseResult) -> list[str]:
    """Every broken promise of one case, as text (empty when the case behaved)."""
    out = result.stdout + result.stderr
    problems = []
    if result.code is None:
        return [f"hung for more than {TIME_LIMIT_S:.0f} s"]
    if result.code not in (0, 2, 3):
        problems.append(f"exit code {result.code}")
    if "Traceback" in out or "internal error" in out:
        problems.append("a traceback or internal error reached the user")
    if result.code == 2 and not (_PLACE.search(out) or result.file in out):
        problems.append("rejected without naming a place (Sheet!Cell or the file)")
    if result.code == 3 and result.file not in out:
        problems.append("refused without naming the file")
    if result.code in (2, 3) and not result.workspace_unchanged:
        problems.append("the workspace changed although the import was refused")
    if result.seconds > TIME_LIMIT_S:
        problems.append(f"took {result.seconds:.1f} s")
    if result.peak_mb > MEMORY_LIMIT_MB:
        problems.append(f"peak memory {result.peak_mb:.0f} MB")
    return problems


class _Worker:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [PYTHON, "-m", "tests.reliability.workbook_runner"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=python_env())
        self.buffer = b""
        line = self.read_line(START_TIMEOUT_S)
        if line != "READY":
            err = self.stop()
            raise RuntimeError(f"the workbook worker did not start: {line!r} {err[-2000:]}")

    def read_line(self, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        try:
            while b"\n" not in self.buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(timeout=left):
                    return None
                data = os.read(self.proc.stdout.fileno(), 1 << 20)
                if not data:
                    return None
                self.buffer += data
        finally:
            sel.close()
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        err = self.proc.stderr.read().decode(errors="replace")
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            stream.close()
        return err


def run_cases(indexes, seed: int, base: Path, template: Path, folder: Path,
              timeout: float = TIME_LIMIT_S, on_result=None) -> list[CaseResult]:  # noqa: ANN001
    """Run the corpus cases ``indexes`` (seeded ``seed``) against copies of ``template``."""
    folder.mkdir(parents=True, exist_ok=True)
    results: list[CaseResult] = []
    worker = _Worker()
    try:
        for index in indexes:
            workspace = folder / "target.okrdesk"
            for suffix in ("", "-wal", "-shm", ".lock"):
                Path(f"{workspace}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(template, workspace)
            before = digest(workspace)
            request = {"index": index, "seed": seed, "base": str(base), "folder": str(folder),
                       "workspace": str(workspace)}
            worker.proc.stdin.write((json.dumps(request) + "\n").encode())
            worker.proc.stdin.flush()
            # generous for building the case, strict for the import itself (checked below)
            line = worker.read_line(timeout * 3)
            if line is None:
                err = worker.stop()
                result = CaseResult(index, "?", None, "", err[-2000:], timeout, 0.0, "", True, [])
                worker = _Worker()
            else:
                answer = json.loads(line)
                result = CaseResult(answer["index"], answer["label"], answer["code"],
                                    answer["stdout"], answer["stderr"], answer["seconds"],
                                    answer["peak_mb"], answer["file"],
                                    digest(workspace) == before, [])
            result.problems = judge(result)
            results.append(result)
            if on_result is not None:
                on_result(result)
    finally:
        worker.stop()
    return results


if __name__ == "__main__":
    raise SystemExit(worker())
