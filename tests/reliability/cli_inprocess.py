"""Run the real ``okrdesk`` command line in this process (its ``main``), capturing what a
user would read."""

from __future__ import annotations

import contextlib
import io


def okrdesk(*args: object) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``okrdesk ARGS``."""
    from okrdesk.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()
