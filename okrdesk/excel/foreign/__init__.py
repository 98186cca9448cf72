"""Values imports from foreign spreadsheets (PRODUCT.md §1, §4 "Foreign spreadsheets").

KPI values arrive as exports of accounting, CRM or HR systems in their own
layouts. This package (no Qt) turns such a file into measurements, step by step,
so that a wizard can show and correct every step, and saves the result as an
**import profile** that imports next month's file in one click or one command.

The steps, in the order a wizard drives them::

    book = open_source(path)                       # 1. file: xlsx/xlsm/CSV, safety-checked
    book.sheet_names; grid = book.grid(sheet)      #    sheet -> raw Grid (A1 refs, merged ranges)
    spec = detect_spec(grid, service.kpi_nodes())  # 2. header row, layout, columns, dates, decimals
    spec = redetect(grid, spec, header_row=4)      #    ... after the user corrects a choice
    spec.value_column = column_ref(grid, spec.header_row, 3)       #    ... or picks a column
    table = read_table(grid, spec)                 # 3. the labels and values found (and skips)
    matches = match_labels(table.labels, nodes)    #    code / name / case / fuzzy suggestion
    apply_matches(spec, matches)                   #    confirmed ones into spec.mapping;
    spec.map_label(label, code); spec.skip_label(label)
    spec.new_parent = "FIN"; spec.create_label(label, suggest_code(label, "FIN", codes))
    plan = plan_import(service, grid, spec, file_name=path.name)   # 4. preview
    plan.new / plan.changed / plan.unchanged / plan.skipped / plan.problems / plan.hints
    applied = apply_plan(service, plan)            # 5. one transaction + history entry
    undo_import(service, applied); redo_import(service, applied)   # one undo step
    save_profile(service, "Monthly P&L", spec)     # 6. profile; next month:
    import_with_profile(service, next_path, "Monthly P&L")         # strict: mismatches reported
    service.value_imports()                        # 7. history

Errors: ``SourceError`` (a file that cannot be read; the message names it: exit 3 in
the CLI), ``ProfileError`` (no such profile), ``SpecError`` (a profile that cannot be
read), ``ApplyError`` (nothing was written), ``ValidationError`` from the service
(e.g. a taken profile name). Problems *in* the file are never raised: they are in
``plan.problems`` / ``table.problems`` (``Sheet!Cell: message``) and ``plan.skipped``;
``Grid.index_of(place)`` turns a place back into a cell to highlight.
``spec.describe()`` summarises a profile; ``service.value_imports()`` lists the history.
Every function is Qt-free and takes the service, so it can run in a worker thread.

Modules: ``source`` (reading), ``csv_sniff``, ``periods`` (period headers and
the date a value is stored on), ``spec`` (ImportSpec), ``detect``, ``table``,
``matching``, ``plan``, ``apply``, ``profiles``.
"""

from __future__ import annotations

from .apply import AppliedImport, ApplyError, apply_plan, redo_import, source_of, undo_import
from .csv_sniff import ENCODINGS, CsvFormat, sniff_csv
from .csv_sniff import DELIMITERS
from .detect import column_ref, detect_header_row, detect_spec, redetect
from .matching import LabelMatch, apply_matches, match_labels, suggest_code, undecided
from .periods import PeriodRef, parse_period
from .plan import CHANGED, NEW, UNCHANGED, ValueChange, ValuesPlan, plan_import
from .profiles import (
    ImportOutcome,
    ProfileError,
    delete_profile,
    import_with_profile,
    load_profile,
    plan_with_profile,
    profile_names,
    rename_profile,
    save_profile,
)
from .source import CellRange, Grid, SourceBook, SourceError, open_source
from .spec import LAYOUTS, PERCENT_MODES, SKIP, ColumnRef, ImportSpec, NewNode, SpecError
from .table import Observation, Skipped, SourceTable, read_table

__all__ = [
    "CHANGED", "DELIMITERS", "ENCODINGS", "LAYOUTS", "NEW", "PERCENT_MODES", "SKIP", "UNCHANGED",
    "AppliedImport", "ApplyError", "CellRange", "ColumnRef", "CsvFormat", "Grid", "ImportOutcome",
    "ImportSpec", "LabelMatch", "NewNode", "Observation", "PeriodRef", "ProfileError", "Skipped",
    "SourceBook", "SourceError", "SourceTable", "SpecError", "ValueChange", "ValuesPlan",
    "apply_matches", "apply_plan", "column_ref", "delete_profile", "detect_header_row", "detect_spec",
    "import_with_profile", "load_profile", "match_labels", "open_source", "parse_period",
    "plan_import", "plan_with_profile", "profile_names", "read_table", "redetect", "redo_import",
    "rename_profile", "save_profile", "sniff_csv", "source_of", "suggest_code", "undecided", "undo_import",
]
