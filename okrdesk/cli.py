"""Command line of okrdesk (PRODUCT.md §5): an argparse front over the same services.

Exit codes: 0 done, 1 usage, 2 rejected input, 3 I/O or file-format problem.
No traceback reaches the user: expected problems print one line naming the file;
anything unexpected is logged in full and summarised in one line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import logging
import os
import sys
from pathlib import Path

from okrdesk import __version__

EXIT_OK, EXIT_USAGE, EXIT_REJECTED, EXIT_IO = 0, 1, 2, 3
DEMO_SIZES = ("workshop", "firm", "stress")
RENDER_VIEWS = ("kpi-tree", "kpi-canvas", "okr-board", "trends", "dashboard")
COMMANDS = ("demo", "check", "render", "template", "export", "import", "import-values")

log = logging.getLogger("okrdesk.cli")


class UsageError(Exception):
    """Wrong words on the command line (exit 1)."""


class RejectedInput(Exception):
    """The input was read but refused (exit 2): one line per problem, `Sheet!Cell: message`."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


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

    template = sub.add_parser("template", help="write a blank workshop workbook")
    template.add_argument("out", metavar="OUT.xlsx", type=Path)

    export = sub.add_parser("export", help="write a workspace to an Excel workbook")
    export.add_argument("workspace", metavar="WORKSPACE")
    export.add_argument("out", metavar="OUT.xlsx", type=Path)
    export.add_argument("--period", action="append", metavar="P",
                        help="only this period (name, e.g. 2027-Q1); repeat for several")
    export.add_argument("--team", action="append", metavar="T",
                        help="only this team (name); repeat for several")

    imp = sub.add_parser("import", help="merge an Excel workbook into a workspace")
    imp.add_argument("workbook", metavar="IN.xlsx", type=Path)
    imp.add_argument("workspace", metavar="WORKSPACE")
    imp.add_argument("--dry-run", action="store_true", help="show the plan, write nothing")
    imp.add_argument("--mode", choices=("merge", "replace"), default="merge",
                     help="merge: add and update; replace: also delete what the workbook lacks")
    imp.add_argument("--yes", action="store_true", help="confirm --mode replace without asking")
    imp.add_argument("--keep", choices=("workspace", "workbook"), default=None,
                     help="how to resolve conflicts (rows changed on both sides)")

    values = sub.add_parser("import-values", help="import KPI values from a foreign spreadsheet "
                            "through a saved import profile")
    values.add_argument("file", metavar="IN", type=Path, help="the export (.xlsx, .xlsm or .csv)")
    values.add_argument("workspace", metavar="WORKSPACE")
    values.add_argument("--profile", required=True, metavar="NAME",
                        help="the import profile saved in the workspace")
    values.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
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
    gc.disable()  # start-up allocates much and frees little; run_gui turns it back on
    try:
        from okrdesk.ui.app import run_gui

        return run_gui(args.workspace, read_only=args.read_only,
                       exit_after_first_paint=args.exit_after_first_paint)
    finally:
        gc.enable()


def _run_command(args: argparse.Namespace) -> int:
    from okrdesk.store.errors import WorkspaceError

    handlers = {"demo": _cmd_demo, "check": _cmd_check, "render": _cmd_render,
                "template": _cmd_template, "export": _cmd_export, "import": _cmd_import,
                "import-values": _cmd_import_values}
    try:
        return handlers[args.command](args)
    except RejectedInput as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return EXIT_REJECTED
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


def _cmd_template(args: argparse.Namespace) -> int:
    from okrdesk.excel.template import write_template

    out = write_template(args.out)
    print(f"Wrote the workshop template to {out}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from okrdesk.excel.writer import ExportError, export_workbook
    from okrdesk.store.workspace import Workspace

    with Workspace.open(args.workspace, read_only=True) as ws:
        period_ids = _ids_by_name(ws.service.periods(), args.period, "period")
        team_ids = _ids_by_name(ws.service.teams(), args.team, "team")
        try:
            summary = export_workbook(ws.service, args.out, period_ids=period_ids,
                                      team_ids=team_ids)
        except ExportError as exc:
            print(f"okrdesk: {exc}", file=sys.stderr)
            return EXIT_IO
    for line in summary.lines():
        print(line)
    return EXIT_OK


def _ids_by_name(items, names: list[str] | None, what: str) -> list[int] | None:  # noqa: ANN001
    if not names:
        return None
    by_name = {item.name.casefold(): item.id for item in items}
    unknown = [n for n in names if n.casefold() not in by_name]
    if unknown:
        known = ", ".join(sorted(item.name for item in items)) or "none"
        raise RejectedInput([f"okrdesk: no {what} named {', '.join(map(repr, unknown))} "
                             f"(known: {known})"])
    return [by_name[n.casefold()] for n in names]


def _cmd_import(args: argparse.Namespace) -> int:
    from okrdesk.excel.apply import ApplyError, apply_plan
    from okrdesk.excel.plan import plan_import
    from okrdesk.excel.safety import WorkbookError
    from okrdesk.store.workspace import Workspace

    target = Path(args.workspace)
    creating = "://" not in args.workspace and not target.exists()
    try:
        if creating and args.dry_run:
            with _scratch_workspace() as ws:  # plan against an empty workspace, keep nothing
                return _plan_and_apply(ws.service, args, plan_import, apply_plan)
        if creating:
            # Built beside the target and moved into place only when the import succeeded:
            # a rejected import leaves no new file behind.
            staging = target.with_name(target.name + ".importing")
            _remove_workspace_files(staging)
            try:
                with Workspace.create(staging) as ws:
                    code = _plan_and_apply(ws.service, args, plan_import, apply_plan)
                if code == EXIT_OK:
                    os.replace(staging, target)
                return code
            finally:
                _remove_workspace_files(staging)
        with Workspace.open(args.workspace) as ws:
            return _plan_and_apply(ws.service, args, plan_import, apply_plan)
    except WorkbookError as exc:
        print(f"okrdesk: {exc}", file=sys.stderr)
        return EXIT_IO
    except ApplyError as exc:
        print(f"okrdesk: {exc}", file=sys.stderr)
        return EXIT_REJECTED


def _plan_and_apply(service, args: argparse.Namespace, plan_import, apply_plan) -> int:  # noqa: ANN001
    plan = plan_import(service, args.workbook, mode=args.mode)
    for line in plan.summary_lines():  # counts, field changes, then `Sheet!Cell: message`
        print(line)
    if not plan.ok:
        print(f"okrdesk: {args.workbook} was rejected ({len(plan.errors)} problem(s)); "
              "nothing was changed", file=sys.stderr)
        return EXIT_REJECTED
    if args.dry_run:
        return EXIT_OK
    resolutions = _resolutions(plan, args.keep)
    deletions = len(list(plan.rows("delete")))
    if deletions and not args.yes and not _confirm_replace(deletions):
        print("Nothing was changed.")
        return EXIT_OK
    summary = apply_plan(service, plan, resolutions)
    done = ", ".join(f"{sheet}: " + ", ".join(f"{n} {what}" for what, n in tally.items() if n)
                     for sheet, tally in summary.counts.items() if any(tally.values()))
    print(f"Imported {args.workbook.name}: {done or 'nothing to change'}")
    return EXIT_OK


def _cmd_import_values(args: argparse.Namespace) -> int:
    from okrdesk.excel.foreign import ApplyError, ProfileError, SourceError, import_with_profile
    from okrdesk.store.workspace import Workspace

    with Workspace.open(args.workspace, read_only=args.dry_run) as ws:
        try:
            outcome = import_with_profile(ws.service, args.file, args.profile, dry_run=args.dry_run)
        except SourceError as exc:
            print(f"okrdesk: {exc}", file=sys.stderr)
            return EXIT_IO
        except (ProfileError, ApplyError) as exc:
            raise RejectedInput([f"okrdesk: {exc}"]) from None
    plan = outcome.plan
    if not plan.ok:
        raise RejectedInput(plan.problem_lines() + [
            f"okrdesk: {args.file.name} does not match the profile {args.profile!r} "
            f"({len(plan.problems)} problem(s)); nothing was changed"])
    for line in [str(s) for s in plan.skipped[:20]] + plan.hints:
        print(line)
    if len(plan.skipped) > 20:
        print(f"… and {len(plan.skipped) - 20} more skipped")
    verb = "Would import" if args.dry_run else "Imported"
    print(f"{verb} {args.file.name} with profile {args.profile!r}: {plan.summary()}"
          + (" (dry run: nothing was changed)" if args.dry_run else ""))
    return EXIT_OK


def _resolutions(plan, keep: str | None) -> dict:  # noqa: ANN001
    conflicts = plan.conflicts
    if conflicts and keep is None:
        lines = [f"{r.sheet}!row {r.row} {r.label}: changed in the workspace and in the "
                 "workbook since the export" for r in conflicts]
        lines.append("okrdesk: choose which side wins with --keep workspace or --keep workbook; "
                     "nothing was changed")
        raise RejectedInput(lines)
    return {(r.sheet, r.key): keep for r in conflicts}


def _confirm_replace(deletions: int) -> bool:
    if not sys.stdin or not sys.stdin.isatty():
        raise RejectedInput([f"okrdesk: --mode replace would delete {deletions} row(s) the "
                             "workbook lacks; confirm with --yes. Nothing was changed."])
    answer = input(f"Replace deletes {deletions} row(s) the workbook lacks. Continue? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


class _scratch_workspace:  # noqa: N801 - used like a function
    """A throw-away empty workspace in a temporary folder (for --dry-run into a new file)."""

    def __enter__(self):  # noqa: ANN204
        import tempfile

        from okrdesk.store.workspace import Workspace

        self._dir = tempfile.TemporaryDirectory(prefix="okrdesk-dry-run-")
        self._ws = Workspace.create(Path(self._dir.name) / "scratch.okrdesk")
        return self._ws

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        self._ws.close()
        self._dir.cleanup()


if __name__ == "__main__":
    raise SystemExit(main())
