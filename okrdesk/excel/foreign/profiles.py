"""Import profiles: an ``ImportSpec`` saved under a unique name in the workspace, and the
one-click (or one-command) import of next month's file through it.

Profiles live in the workspace's ``import_profiles`` table (the service's
``import_profiles`` / ``save_import_profile`` / ``rename_import_profile`` /
``delete_import_profile``); here they are read and written as specs.

``import_with_profile(service, path, name)`` opens the file, reads the sheet
the profile names, plans **strictly** (a label, column or header row that no
longer matches the profile is a ``Sheet!Cell`` problem, never a guess) and,
unless ``dry_run`` or the plan has problems, applies it in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrdesk.domain.entities import ImportProfile
from okrdesk.store.errors import NotFound, ValidationError

from .apply import AppliedImport, apply_plan
from .csv_sniff import CsvFormat
from .plan import ValuesPlan, plan_import
from .source import SourceError, open_source
from .spec import ImportSpec, SpecError


class ProfileError(ValueError):
    """A profile that does not exist or cannot be read; the message names it."""


def profile_names(service: Any) -> list[str]:
    """The names of the saved profiles, sorted."""
    return [p.name for p in service.import_profiles()]


def save_profile(service: Any, name: str, spec: ImportSpec) -> ImportProfile:
    """Save ``spec`` as the profile ``name`` (replacing a profile of that name);
    ValidationError for an empty or too long name."""
    name = name.strip() if isinstance(name, str) else name
    return service.save_import_profile(name, spec.to_json())


def load_profile(service: Any, name: str) -> ImportSpec:
    """The spec saved as ``name``; ProfileError when there is none or it cannot be read."""
    for profile in service.import_profiles():
        if profile.name == name:
            try:
                return ImportSpec.from_json(profile.definition)
            except SpecError as exc:
                raise ProfileError(f"The import profile {name!r} cannot be read: {exc}.") from None
    names = profile_names(service)
    known = (" Saved profiles: " + ", ".join(repr(n) for n in names) + ".") if names else \
        " There are no saved profiles yet; make one with File → Import values…."
    raise ProfileError(f"There is no import profile named {name!r}.{known}")


def rename_profile(service: Any, old_name: str, new_name: str) -> ImportProfile:
    """Rename a profile; ProfileError when it does not exist, ValidationError when the
    new name is taken or empty."""
    try:
        return service.rename_import_profile(old_name, new_name.strip())
    except NotFound:
        raise ProfileError(f"There is no import profile named {old_name!r}.") from None


def delete_profile(service: Any, name: str) -> ImportProfile:
    """Delete a profile; ProfileError when it does not exist."""
    try:
        return service.delete_import_profile(name)
    except NotFound:
        raise ProfileError(f"There is no import profile named {name!r}.") from None


@dataclass
class ImportOutcome:
    """A profile run: the plan, and what was written (None for a dry run or a refused plan)."""

    plan: ValuesPlan
    applied: AppliedImport | None


def plan_with_profile(service: Any, path: str | Path, name: str) -> ValuesPlan:
    """The strict plan of importing ``path`` with the profile ``name`` (nothing written).

    ProfileError for an unknown profile; SourceError for a file that cannot be read.
    A sheet the profile names that is missing from the file is a plan problem.
    """
    spec = load_profile(service, name)
    csv_format = None
    if spec.csv_encoding and spec.csv_delimiter:
        csv_format = CsvFormat(spec.csv_encoding, spec.csv_delimiter, bool(spec.decimal_comma))
    book = open_source(path, csv_format=csv_format)
    sheet = spec.sheet if book.kind != "csv" else None
    if sheet is not None and sheet not in book.sheet_names:
        from ..report import Problem

        plan = ValuesPlan(Path(path).name, sheet, spec, name)
        plan.problems.append(Problem(sheet, "", (
            f"the profile {name!r} reads the sheet {sheet!r}, which is not in {Path(path).name} "
            f"(its sheets: {', '.join(repr(s) for s in book.sheet_names)})")))
        return plan
    grid = book.grid(sheet)
    return plan_import(service, grid, spec, file_name=Path(path).name, profile_name=name)


def import_with_profile(service: Any, path: str | Path, name: str, *,
                        dry_run: bool = False) -> ImportOutcome:
    """Plan ``path`` with the profile ``name`` and, unless ``dry_run`` or the plan has
    problems, apply it (one transaction). See ``plan_with_profile`` for the errors."""
    plan = plan_with_profile(service, path, name)
    if dry_run or not plan.ok:
        return ImportOutcome(plan, None)
    return ImportOutcome(plan, apply_plan(service, plan))


__all__ = ["ImportOutcome", "ProfileError", "SourceError", "ValidationError", "delete_profile",
           "import_with_profile", "load_profile", "plan_with_profile", "profile_names",
           "rename_profile", "save_profile"]
