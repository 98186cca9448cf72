"""Writing a file so that its destination never holds half of it.

``replacing(target)`` hands out a temporary path in the target's folder; when the
block ends normally the temporary file is flushed to disk, given the permissions a
new file of the user's would have (mkstemp makes it private), and moved onto the
target in one step; when the block raises, the temporary file is removed and the
target is untouched. Used by Save a Copy, the Excel export and the template.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def replacing(target: Path, suffix: str = ".partial") -> Iterator[Path]:
    """Yield a temporary path next to ``target``; move it onto ``target`` on success."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
