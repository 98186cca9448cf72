"""Proof that a code path never *tries* to write in a folder, whatever the permissions.

Running as root, a chmod'ed folder does not stop writes, so "the file is unchanged" alone
could pass by luck. ``WriteWatch(folder)`` records every attempt the interpreter reports
through audit hooks (PEP 578) to open a file there for writing, create, rename, remove or
chmod one, or connect SQLite to it without ``mode=ro``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_WATCHES: list[WriteWatch] = []
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_PATH_EVENTS = {"os.remove", "os.rename", "os.mkdir", "os.rmdir", "os.chmod", "os.link",
                "os.symlink", "os.truncate", "os.utime", "shutil.copyfile", "shutil.move"}


def _hook(event: str, args: tuple) -> None:
    if not _WATCHES:
        return
    paths: list[object] = []
    if event == "open" and args:
        path, mode, flags = (list(args) + [None, None])[:3]
        if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & _WRITE_FLAGS):
            paths.append(path)
    elif event == "sqlite3.connect" and args:
        target = str(args[0])
        if "mode=ro" not in target:
            paths.append(target.removeprefix("file:").split("?", 1)[0])
    elif event in _PATH_EVENTS:
        paths.extend(a for a in args[:2] if isinstance(a, (str, bytes, os.PathLike)))
    for watch in _WATCHES:
        for path in paths:
            watch.note(event, path)


sys.addaudithook(_hook)


class WriteWatch:
    def __init__(self, folder: Path) -> None:
        self.folder = os.path.realpath(folder)
        self.attempts: list[str] = []

    def note(self, event: str, path: object) -> None:
        try:
            real = os.path.realpath(os.fsdecode(path))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return
        if real == self.folder or real.startswith(self.folder + os.sep):
            self.attempts.append(f"{event} {real}")

    def __enter__(self) -> WriteWatch:
        _WATCHES.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        _WATCHES.remove(self)
