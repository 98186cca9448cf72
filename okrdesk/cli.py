"""Command line of okrdesk (PRODUCT.md §5): an argparse front over the same services.

Exit codes: 0 done, 1 usage, 2 rejected input, 3 I/O or file-format problem.
No traceback reaches the user: expected problems print one line naming the file;
anything unexpected is logged in full and summarised in one line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from pathlib import Path

from okrdesk import __version__

EXIT_OK, EXIT_USAGE, EXIT_REJECTED, EXIT_IO = 0, 1, 2, 3
DEMO_SIZES = ("workshop", "firm", "stress")
RENDER_VIEWS = ("kpi-tree", "okr-board", "trends", "dashboard")
COMMANDS = ("demo", "check", "render")

log = logging.getLogger("okrdesk.cli")


class UsageError(Exception):
    """Wrong words on the command line (exit 1)."""


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors; our contract says 1."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def _build_parser() -> _Parser:
    parser = _Parser(
        prog="okrdesk",
        description="Offline KPI trees and OKRs. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"okrdesk {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    demo = sub.add_parser("demo", help="create a demo workspace")
    demo.add_argument("workspace", metavar="WORKSPACE", type=Path)
    demo.add_argument("--size", choices=DEMO_SIZES, default="workshop")
    demo.add_argument("--as-of", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                      help="last day of the generated history (default: today)")
    demo.add_argument("--seed", type=int, default=2027)
    demo.add_argument("--force", action="store_true", help="replace WORKSPACE if it exists")

    check = sub.add_parser("check", help="integrity and quality report")
    check.add_argument("workspace", metavar="WORKSPACE")

    render = sub.add_parser("render", help="draw a view offscreen to a PNG file")
    render.add_argument("workspace", metavar="WORKSPACE")
    render.add_argument("view", metavar="VIEW", choices=RENDER_VIEWS)
    render.add_argument("out", metavar="OUT.png", type=Path)
    render.add_argument("--size", default="1600x1000", type=_size, metavar="WxH")
    return parser


def _build_gui_parser() -> _Parser:
    parser = _Parser(prog="okrdesk", description="Open the okrdesk app.")
    parser.add_argument("--version", action="version", version=f"okrdesk {__version__}")
    parser.add_argument("workspace", nargs="?", metavar="WORKSPACE",
                        help="workspace file or PostgreSQL URL (default: the demo workspace)")
    parser.add_argument("--read-only", action="store_true", help="open without writing")
    parser.add_argument("--exit-after-first-paint", action="store_true",
                        help="quit as soon as the main view has painted (start-up timing)")
    return parser


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size like 1600x1000: {text!r}") from None
    if not (100 <= width <= 10000 and 100 <= height <= 10000):
        raise argparse.ArgumentTypeError(f"size out of range 100..10000: {text!r}")
    return width, height


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `okrdesk` command; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    wants_command = bool(args_list) and (args_list[0] in COMMANDS or args_list[0] in ("-h", "--help"))
    try:
        if wants_command:
            args = _build_parser().parse_args(args_list)
            return _run_command(args)
        args = _build_gui_parser().parse_args(args_list)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        print("Try 'okrdesk --help'.", file=sys.stderr)
        return EXIT_USAGE
    from okrdesk.ui.app import run_gui

    return run_gui(args.workspace, read_only=args.read_only,
                   exit_after_first_paint=args.exit_after_first_paint)


def _run_command(args: argparse.Namespace) -> int:
    from okrdesk.store.errors import WorkspaceError

    handlers = {"demo": _cmd_demo, "check": _cmd_check, "render": _cmd_render}
    try:
        return handlers[args.command](args)
    except WorkspaceError as exc:
        print(f"okrdesk: {exc}", file=sys.stderr)
        return EXIT_IO
    except OSError as exc:
        print(f"okrdesk: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_IO
    except KeyboardInterrupt:
        print("okrdesk: interrupted", file=sys.stderr)
        return EXIT_IO
    except Exception:  # a bug of ours: log it whole, tell the user one line
        log.exception("command %s failed", args.command)
        print(f"okrdesk: internal error while running '{args.command}' "
              "(details in the log file)", file=sys.stderr)
        return EXIT_IO


def _cmd_demo(args: argparse.Namespace) -> int:
    from okrdesk.store.demo import generate_demo
    from okrdesk.store.workspace import Workspace

    path: Path = args.workspace
    if path.exists():
        if not args.force:
            print(f"okrdesk: {path} already exists (use --force to replace it)", file=sys.stderr)
            return EXIT_IO
        _remove_workspace_files(path)
    tmp = path.with_name(path.name + ".creating")
    _remove_workspace_files(tmp)
    try:
        with Workspace.create(tmp) as ws:
            summary = generate_demo(ws.engine, size=args.size, as_of=args.as_of, seed=args.seed)
        os.replace(tmp, path)  # nobody ever sees a half-generated demo
    finally:
        _remove_workspace_files(tmp)
    counts = ", ".join(f"{getattr(summary, name):,} {name.replace('_', ' ')}" for name in
                       ("teams", "people", "kpi_nodes", "measurements", "objectives",
                        "key_results", "check_ins"))
    print(f"Created {path} ({args.size}, history to {summary.as_of}): {counts} "
          f"in {summary.elapsed_seconds:.1f} s")
    return EXIT_OK


def _remove_workspace_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _cmd_check(args: argparse.Namespace) -> int:
    from okrdesk.store.check import check_workspace

    report = check_workspace(args.workspace)
    print(report.text())
    return EXIT_OK if report.ok else EXIT_IO


def _cmd_render(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from okrdesk.ui.render import render_view

    out = render_view(args.workspace, args.view, args.out, size=args.size)
    print(f"Rendered {args.view} to {out}")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
