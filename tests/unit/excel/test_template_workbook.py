"""The workshop template: same layout, instructions, marked example rows."""

from __future__ import annotations

import openpyxl
from python_calamine import CalamineWorkbook

from okrdesk.excel import format as fmt
from okrdesk.excel.template import write_template


def test_template_layout_and_examples(tmp_path):
    path = write_template(tmp_path / "template.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["template.xlsx"]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [s.name for s in fmt.SHEETS if s.name != fmt.CHARTS]
    cw = CalamineWorkbook.from_path(str(path))
    for spec in fmt.DATA_SHEETS:
        rows = cw.get_sheet_by_name(spec.name).to_python()
        assert rows[0] == [c.name for c in spec.columns]
        assert len(rows) >= 2, spec.name
        for row in rows[1:]:
            assert any("xample" in str(v) for v in row), (spec.name, row)
        ws = wb[spec.name]
        assert ws.freeze_panes in ("A2", "B2") and ws.auto_filter.ref
        assert ws["A2"].fill.fgColor.rgb.endswith("FFF8E1")  # shaded as an example
    readme = [r for r in cw.get_sheet_by_name(fmt.README).to_python()]
    labels = {r[0]: r for r in readme}
    assert labels[fmt.VERSION_LABEL][1] == fmt.FORMAT_VERSION
    assert fmt.EXPORT_MARKER not in labels
    text = " ".join(str(v) for r in readme for v in r)
    for needed in ("Step 1", "Required columns", "31/03/2027", "example"):
        assert needed in text
    dvs = wb[fmt.OBJECTIVES].data_validations.dataValidation
    assert any(dv.formula1 == "=keys_teams" for dv in dvs)
