"""One writer per workspace file: an OS lock on a side file ``<file>.lock``.

The lock is an ``flock``/``LockFileEx`` lock held by the open file handle, so
the operating system drops it when the process dies; a stale lock file left on
disk never blocks anyone. Read-only openers never take it (nor import filelock,
which costs a read-only start some 15 ms).
"""

from __future__ import annotations

from pathlib import Path

from .errors import WorkspaceError, WorkspaceInUse, WorkspaceReadOnly


def lock_path(path: Path) -> Path:
    """The side file locked while ``path`` is open for writing."""
    return path.with_name(path.name + ".lock")


class WriterLock:
    """The exclusive writer lock of one workspace file, taken at once or refused."""

    def __init__(self, path: Path) -> None:
        from filelock import FileLock

        self.path = path
        self._lock = FileLock(
            lock_path(path),
            timeout=0,
            thread_local=False,
            is_singleton=False,
            fallback_to_soft=False,
        )

    def acquire(self) -> None:
        """Take the lock now; raise WorkspaceInUse when another instance holds it."""
        from filelock import Timeout

        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise WorkspaceInUse(
                f"'{self.path}' is open for writing in another okrdesk window or program; "
                "close it there, or open it read-only.",
                self.path,
            ) from None
        except PermissionError:
            raise WorkspaceReadOnly(
                f"'{self.path}' cannot be opened for writing: its folder is not writable "
                "(open it read-only).",
                self.path,
            ) from None
        except OSError as exc:
            raise WorkspaceError(
                f"'{self.path}' cannot be locked for writing: {exc.strerror or exc}.", self.path
            ) from None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._lock.is_locked

    def release(self) -> None:
        """Give the lock back (no-op when not held)."""
        if self._lock.is_locked:
            self._lock.release(force=True)
