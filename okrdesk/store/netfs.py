"""Is a path on a network drive? SQLite's WAL mode needs shared memory that
network file systems do not provide, so the workspace warns the user.

Cheap by design: one read of ``/proc/mounts`` on Linux, one call to
``GetDriveTypeW`` on Windows. Other systems (macOS) report nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_FS_TYPES = frozenset(
    {
        "nfs", "nfs4", "cifs", "smbfs", "smb3", "afs", "9p", "ncpfs", "coda",
        "ceph", "glusterfs", "lustre", "gpfs", "davfs", "fuse.sshfs", "fuse.rclone",
        "fuse.glusterfs", "fuse.cephfs", "fuse.davfs2", "fuse.s3fs", "fuse.gcsfuse",
        "fuse.smbnetfs", "fuse.curlftpfs",
    }
)  # fmt: skip

WAL_WARNING = (
    "'{path}' is on a network drive ({fs}). SQLite's write-ahead log does not work "
    "reliably on network drives: keep the workspace on a local disk, or use a "
    "PostgreSQL server to share it."
)


def _unescape_mount(field: str) -> str:
    """Undo the octal escapes of /proc/mounts (space is ``\\040``)."""
    return (
        field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n")
        .replace("\\134", "\\")
    )  # fmt: skip


def linux_fs_type(path: Path, mounts_text: str) -> str | None:
    """The file-system type of the mount holding ``path``, from /proc/mounts text."""
    target = str(path)
    best, best_type = "", None
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point, fs_type = _unescape_mount(parts[1]), parts[2]
        prefix = mount_point.rstrip("/") + "/"
        if (target == mount_point or target.startswith(prefix) or mount_point == "/") and len(
            mount_point
        ) >= len(best):
            best, best_type = mount_point, fs_type
    return best_type


def network_fs_type(path: Path) -> str | None:
    """The network file system holding ``path`` ("nfs", "UNC path"...), or None if local."""
    resolved = Path(os.path.abspath(path))
    if sys.platform.startswith("linux"):
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        fs = linux_fs_type(resolved.resolve(), mounts)
        return fs if fs in NETWORK_FS_TYPES else None
    if sys.platform == "win32":
        text = str(resolved)
        if text.startswith("\\\\") and not text.startswith("\\\\?\\"):
            return "UNC path"
        import ctypes

        drive = resolved.drive + "\\"
        if ctypes.windll.kernel32.GetDriveTypeW(drive) == 4:  # DRIVE_REMOTE
            return "network drive"
    return None


def network_warnings(path: Path) -> list[str]:
    """User-facing warnings about ``path``'s file system (empty on a local disk)."""
    fs = network_fs_type(path)
    return [WAL_WARNING.format(path=path, fs=fs)] if fs else []
