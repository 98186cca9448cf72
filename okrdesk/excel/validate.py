"""Check a read workbook against itself and the workspace; collect EVERY problem.

Each problem is a ``Problem(sheet, cell, message)`` pointing at the cell to fix.
Checked: required values; duplicate keys in a sheet; references (parent code,
team, person, period, objective ref, KR ref, KPI code) that exist neither in
the workspace nor in the workbook (in replace mode, only the workbook counts
for the sheets it carries, since the rest will be deleted); cycles in the KPI
tree, the team tree and objective alignment (naming the codes); formulas
(``domain.formulas.validate_formula``) over the final tree; ranges
(confidence 0–10, weight ≥ 0, period end after start); codes without spaces.

Decision: a check-in dated outside its key result's period is a *warning*
(late updates during a quarter close are normal), not an error. An Author not
among the People is a warning too (authors are stored as text).
"""

from __future__ import annotations

from typing import Any

from okrdesk.domain.entities import FormulaKind
from okrdesk.domain.formulas import validate_formula

from . import format as fmt
from .keyspace import WorkspaceView, key_of
from .plan import workbook_key
from .plan_measurements import code_keys
from .reader import INVALID, SheetData, WorkbookData
from .report import Problem

_REFS: dict[str, dict[str, str]] = {  # sheet -> field -> referenced sheet
    fmt.TEAMS: {"parent": fmt.TEAMS},
    fmt.PEOPLE: {"team": fmt.TEAMS},
    fmt.KPI_TREE: {"parent_code": fmt.KPI_TREE, "owner": fmt.PEOPLE, "team": fmt.TEAMS},
    fmt.MEASUREMENTS: {"code": fmt.KPI_TREE},
    fmt.OBJECTIVES: {"period": fmt.PERIODS, "team": fmt.TEAMS, "owner": fmt.PEOPLE,
                     "parent_ref": fmt.OBJECTIVES, "carried_from": fmt.OBJECTIVES},
    fmt.KEY_RESULTS: {"objective_ref": fmt.OBJECTIVES, "owner": fmt.PEOPLE,
                      "kpi_code": fmt.KPI_TREE},
    fmt.CHECK_INS: {"kr_ref": fmt.KEY_RESULTS},
}
_WHAT = {fmt.TEAMS: "team", fmt.PEOPLE: "person", fmt.KPI_TREE: "KPI code",
         fmt.PERIODS: "period", fmt.OBJECTIVES: "objective ref", fmt.KEY_RESULTS: "key result ref"}
_NAME_FIELD = {fmt.TEAMS: "name", fmt.PEOPLE: "name", fmt.KPI_TREE: "code", fmt.PERIODS: "name",
               fmt.OBJECTIVES: "ref", fmt.KEY_RESULTS: "ref"}


def validate(data: WorkbookData, view: WorkspaceView, mode: str, problems: list[Problem]) -> None:
    """Append every problem of ``data`` (against ``view``) to ``problems``."""
    known = _known_keys(data, view, mode)
    for name, sheet in data.sheets.items():
        if name == fmt.MEASUREMENTS:
            _measurements(sheet, known[fmt.KPI_TREE], problems)
            continue
        _required(sheet, problems)
        _duplicates(sheet, problems)
        for field_name, target in _REFS.get(name, {}).items():
            _references(sheet, field_name, target, known[target], problems)
    if fmt.KPI_TREE in data.sheets:
        _tree(data.sheets[fmt.KPI_TREE], view, mode, known[fmt.KPI_TREE], problems)
    for name, parent in ((fmt.TEAMS, "parent"), (fmt.OBJECTIVES, "parent_ref")):
        if name in data.sheets:
            _cycles(data.sheets[name], parent, _NAME_FIELD[name], view, mode, problems)
    _ranges(data, problems)
    if fmt.CHECK_INS in data.sheets:
        _check_in_dates(data, view, known[fmt.PEOPLE], problems)


def _known_keys(data: WorkbookData, view: WorkspaceView, mode: str) -> dict[str, set[str]]:
    known: dict[str, set[str]] = {}
    for name, field_name in _NAME_FIELD.items():
        keys: set[str] = set()
        if not (mode == "replace" and name in data.sheets):
            keys |= set(view.rows.get(name, {}))
        sheet = data.sheets.get(name)
        if sheet is not None:
            keys |= {key_of(r.values[field_name]) for r in sheet.rows
                     if r.values.get(field_name) not in (None, INVALID)}
        known[name] = keys
    return known


def _required(sheet: SheetData, problems: list[Problem]) -> None:
    required = [c for c in sheet.spec.columns if c.required and sheet.has(c.field)]
    for row in sheet.rows:
        for col in required:
            if row.values.get(col.field) is None:
                problems.append(Problem(sheet.spec.name, sheet.cell(col.field, row),
                                        f"{col.name} is required"))
        code = row.values.get("code") if sheet.spec.name == fmt.KPI_TREE else None
        if isinstance(code, str) and any(ch.isspace() for ch in code):
            problems.append(Problem(sheet.spec.name, sheet.cell("code", row),
                                    f"the code {code!r} must not contain spaces"))


def _duplicates(sheet: SheetData, problems: list[Problem]) -> None:
    if sheet.spec.name == fmt.CHECK_INS:
        return  # identical check-in rows are legitimate repeated history lines
    first: dict[Any, int] = {}
    field_name = sheet.spec.key[0]
    for row in sheet.rows:
        key = workbook_key(sheet.spec.name, row.values)
        if key is None:
            continue
        if key in first:
            what = sheet.spec.column(field_name).name
            shown = row.values.get(field_name)
            problems.append(Problem(sheet.spec.name, sheet.cell(field_name, row),
                                    f"duplicate {what} {shown!r}: already on row {first[key]}"))
        else:
            first[key] = row.number


def _measurements(sheet: SheetData, codes: set[str], problems: list[Problem]) -> None:
    """Required cells, duplicate Code + Date and unknown codes of the Measurements sheet,
    column by column (100,000s of rows); the problems and their order are those the row
    checks of the other sheets give (required, duplicates, then references, row by row)."""
    name, data, numbers = sheet.spec.name, sheet.data, sheet.numbers
    if not data:  # a required column is missing: already reported, no rows were read
        return
    found: list[tuple[int, int, Problem]] = []
    required = [c for c in sheet.spec.columns if c.required and sheet.has(c.field)]
    for order, col in enumerate(required):
        values = data[col.field]
        if None in values:
            found += [(i, order, Problem(name, sheet.cell(col.field, numbers[i]),
                                         f"{col.name} is required"))
                      for i, v in enumerate(values) if v is None]
    problems += [p for _, _, p in sorted(found, key=lambda f: (f[0], f[1]))]
    codes_column, dates = data["code"], data["date"]
    keys = code_keys(codes_column)
    pairs = list(zip(keys, dates))
    if len(set(pairs)) != len(pairs):  # some rows repeat: find them, in row order
        what = sheet.spec.column("code").name
        first: dict[Any, int] = {}
        for i, (key, date) in enumerate(pairs):
            if key is None or date is None or date is INVALID:
                continue
            if (key, date) in first:
                problems.append(Problem(name, sheet.cell("code", numbers[i]),
                                        f"duplicate {what} {codes_column[i]!r} and date {date}: "
                                        f"already on row {first[key, date]}"))
            else:
                first[key, date] = numbers[i]
    unknown = {k for k in set(keys) if k is not None and k not in codes}
    if unknown:
        for i, key in enumerate(keys):
            if key in unknown:
                problems.append(Problem(name, sheet.cell("code", numbers[i]),
                                        f"unknown {_WHAT[fmt.KPI_TREE]} {codes_column[i]!r}: it is "
                                        f"neither in the workspace nor on the {fmt.KPI_TREE} sheet"))


def _references(sheet: SheetData, field_name: str, target: str, known: set[str],
                problems: list[Problem]) -> None:
    if not sheet.has(field_name):
        return
    for row in sheet.rows:
        value = row.values.get(field_name)
        if value is None or value is INVALID or key_of(value) in known:
            continue
        problems.append(Problem(sheet.spec.name, sheet.cell(field_name, row),
                                f"unknown {_WHAT[target]} {value!r}: it is neither in the "
                                f"workspace nor on the {target} sheet"))


def _final_parents(sheet: SheetData, parent_field: str, key_field: str, view: WorkspaceView,
                   mode: str) -> dict[str, str | None]:
    parents: dict[str, str | None] = {}
    if mode != "replace":
        for key, (_id, _rev, values) in view.rows.get(sheet.spec.name, {}).items():
            parent = values.get(parent_field)
            parents[key] = key_of(parent) if parent else None
    if sheet.has(parent_field):
        for row in sheet.rows:
            key, parent = row.values.get(key_field), row.values.get(parent_field)
            if key in (None, INVALID) or parent is INVALID:
                continue
            parents[key_of(key)] = key_of(parent) if parent else None
    return parents


def _cycles(sheet: SheetData, parent_field: str, key_field: str, view: WorkspaceView, mode: str,
            problems: list[Problem]) -> None:
    if not sheet.has(parent_field):
        return
    parents = _final_parents(sheet, parent_field, key_field, view, mode)
    shown = {key_of(r.values[key_field]): (r, r.values[key_field]) for r in sheet.rows
             if r.values.get(key_field) not in (None, INVALID)}
    reported: set[frozenset[str]] = set()
    for start in shown:
        path, current = [], start
        while current is not None and current not in path:
            path.append(current)
            current = parents.get(current)
        if current is None or current != start:
            continue
        cycle = frozenset(path)
        if cycle in reported:
            continue
        reported.add(cycle)
        row, label = shown[start]
        names = " → ".join(shown[k][1] if k in shown else k for k in [*path, start])
        problems.append(Problem(sheet.spec.name, sheet.cell(parent_field, row),
                                f"cycle: {names} (a row cannot be under itself)"))


def _tree(sheet: SheetData, view: WorkspaceView, mode: str, codes: set[str],
          problems: list[Problem]) -> None:
    parents = _final_parents(sheet, "parent_code", "code", view, mode)
    children: dict[str, list[str]] = {}
    display = {k: v[2]["code"] for k, v in view.rows.get(fmt.KPI_TREE, {}).items()}
    display.update({key_of(r.values["code"]): r.values["code"] for r in sheet.rows
                    if r.values.get("code") not in (None, INVALID)})
    for code, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(display.get(code, code))
    if sheet.has("parent_code"):
        _cycles(sheet, "parent_code", "code", view, mode, problems)
    if not sheet.has("formula"):
        return
    all_codes = [display.get(c, c) for c in codes]
    for row in sheet.rows:
        text, code = row.values.get("formula"), row.values.get("code")
        if not text or code in (None, INVALID):
            continue
        kind, expression = fmt.parse_formula(text)
        if kind == FormulaKind.NONE:
            continue
        for message in validate_formula(kind, expression, children.get(key_of(code), []),
                                        all_codes):
            problems.append(Problem(fmt.KPI_TREE, sheet.cell("formula", row), message.rstrip(".")))
    if sheet.has("influences"):
        for row in sheet.rows:
            for target, _note in fmt.parse_influences(row.values.get("influences")):
                if key_of(target) not in codes:
                    problems.append(Problem(fmt.KPI_TREE, sheet.cell("influences", row),
                                            f"unknown KPI code {target!r} in Influences"))


def _ranges(data: WorkbookData, problems: list[Problem]) -> None:
    for name in (fmt.KEY_RESULTS, fmt.CHECK_INS):
        sheet = data.sheets.get(name)
        for row in sheet.rows if sheet else ():
            value = row.values.get("confidence")
            if isinstance(value, float) and not 0 <= value <= 10:
                problems.append(Problem(name, sheet.cell("confidence", row),
                                        f"confidence must be between 0 and 10, not {value:g}"))
    for name in (fmt.KPI_TREE, fmt.KEY_RESULTS):
        sheet = data.sheets.get(name)
        for row in sheet.rows if sheet else ():
            value = row.values.get("weight")
            if isinstance(value, float) and value < 0:
                problems.append(Problem(name, sheet.cell("weight", row),
                                        f"weight must be 0 or more, not {value:g}"))
    sheet = data.sheets.get(fmt.PERIODS)
    for row in sheet.rows if sheet else ():
        start, end = row.values.get("start"), row.values.get("end")
        if start not in (None, INVALID) and end not in (None, INVALID) and end < start:
            problems.append(Problem(fmt.PERIODS, sheet.cell("end", row),
                                    f"the end {end} is before the start {start}"))


def _check_in_dates(data: WorkbookData, view: WorkspaceView, people: set[str],
                    problems: list[Problem]) -> None:
    sheet = data.sheets[fmt.CHECK_INS]
    kr_period = dict(view.kr_period)
    objective_period = {k: v[2].get("period") for k, v in view.rows.get(fmt.OBJECTIVES, {}).items()}
    objectives = data.sheets.get(fmt.OBJECTIVES)
    for row in objectives.rows if objectives else ():
        if row.values.get("ref") not in (None, INVALID):
            objective_period[key_of(row.values["ref"])] = row.values.get("period")
    krs = data.sheets.get(fmt.KEY_RESULTS)
    for row in krs.rows if krs else ():
        ref, obj = row.values.get("ref"), row.values.get("objective_ref")
        if ref not in (None, INVALID) and obj not in (None, INVALID):
            kr_period[key_of(ref)] = objective_period.get(key_of(obj))
    dates = dict(view.period_dates)
    periods = data.sheets.get(fmt.PERIODS)
    for row in periods.rows if periods else ():
        start, end = row.values.get("start"), row.values.get("end")
        if row.values.get("name") and start not in (None, INVALID) and end not in (None, INVALID):
            dates[key_of(row.values["name"])] = (start, end)
    for row in sheet.rows:
        ref, date = row.values.get("kr_ref"), row.values.get("date")
        if ref in (None, INVALID) or date in (None, INVALID):
            continue
        period = kr_period.get(key_of(ref))
        span = dates.get(key_of(period)) if period else None
        if span and not span[0] <= date <= span[1]:
            problems.append(Problem(fmt.CHECK_INS, sheet.cell("date", row),
                                    f"{date} is outside the key result's period {period} "
                                    f"({span[0]} to {span[1]})", "warning"))
        author = row.values.get("author")
        if author not in (None, INVALID) and key_of(author) not in people:
            problems.append(Problem(fmt.CHECK_INS, sheet.cell("author", row),
                                    f"{author!r} is not on the People sheet; kept as text",
                                    "warning"))

