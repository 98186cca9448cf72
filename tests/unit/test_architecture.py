"""The house rules of CRAFT.md, enforced: Qt stays out of the core, layers point down.

The contracts live in pyproject.toml under [tool.importlinter]."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT_IMPORT = re.compile(
    r"^\s*(from|import)\s+(PySide6|shiboken6|pyqtgraph)|import_module\(\s*['\"](PySide6|shiboken6|pyqtgraph)",
    re.MULTILINE,
)


def test_import_contracts_are_kept():
    # import-linter's own command, run as a user would; it exits 1 on a broken contract.
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports;"
         "sys.exit(lint_imports(no_cache=True))"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "0 broken" in result.stdout


def test_core_modules_do_not_import_qt_textually():
    # A second, simpler net: import-linter misses imports built at run time by importlib.
    offenders = []
    for package in ("domain", "store", "excel"):
        for path in (ROOT / "okrdesk" / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if QT_IMPORT.search(text):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
