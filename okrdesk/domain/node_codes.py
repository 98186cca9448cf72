"""Codes for new and copied KPI nodes: unique, readable, close to their neighbours.

Pure helpers (no Qt, no database): the caller passes the codes already taken
and compares them case-insensitively, as the store does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from okrdesk.domain.formula_syntax import FormulaError, Ref, parse

_NUMBERED = re.compile(r"^(?P<stem>.*?)-(?P<n>\d+)$")


def _free(candidate: str, taken: set[str]) -> bool:
    return candidate.lower() not in taken


def _lowered(taken: Iterable[str]) -> set[str]:
    return {code.lower() for code in taken}


def copy_code(code: str, taken: Iterable[str]) -> str:
    """A free code for a copy of ``code``: ``REV.SUB`` -> ``REV.SUB-2`` (then -3, ...);
    ``REV.SUB-2`` -> ``REV.SUB-3``."""
    used = taken if isinstance(taken, set) else _lowered(taken)
    match = _NUMBERED.match(code)
    stem, n = (match["stem"], int(match["n"])) if match else (code, 1)
    while True:
        n += 1
        candidate = f"{stem}-{n}"
        if _free(candidate, used):
            return candidate


def child_code(parent_code: str | None, taken: Iterable[str], stem: str = "NEW") -> str:
    """A free code for a new node: ``PARENT.NEW``, ``PARENT.NEW-2``... (``NEW`` at the root)."""
    used = _lowered(taken)
    base = f"{parent_code}.{stem}" if parent_code else stem
    return base if _free(base, used) else copy_code(base, used)


def copied_codes(codes: list[str], root_code: str, taken: Iterable[str]) -> dict[str, str]:
    """New codes for a copied subtree whose root has ``root_code`` (``codes`` root first).

    The root gets ``copy_code``; a descendant whose code starts with the root's code
    and a dot keeps its tail under the new root code (``REV.SUB.X`` ->
    ``REV.SUB-2.X``) when that is free; any other gets its own ``copy_code``.
    """
    used = _lowered(taken)
    out: dict[str, str] = {}
    new_root = copy_code(root_code, used)
    used.add(new_root.lower())
    out[root_code] = new_root
    prefix = root_code + "."
    for code in codes:
        if code in out:
            continue
        candidate = new_root + code[len(root_code):] if code.startswith(prefix) else None
        if candidate is None or not _free(candidate, used):
            candidate = copy_code(code, used)
        used.add(candidate.lower())
        out[code] = candidate
    return out


def rename_references(expression: str, renamed: Mapping[str, str]) -> str:
    """``expression`` with every code in ``renamed`` replaced by its new code.

    Unchanged when it references none of them or cannot be parsed (a broken
    formula is copied as it is, and shows its error on the copy too).
    """
    if not expression.strip():
        return expression
    try:
        expr = parse(expression)
    except FormulaError:
        return expression
    if not expr.references() & set(renamed):
        return expression
    # Replace from the end so earlier positions stay valid.
    refs: list[Ref] = []
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, Ref):
            refs.append(e)
        stack.extend(e.children())
    text = expression
    for ref in sorted(refs, key=lambda r: r.position, reverse=True):
        new = renamed.get(ref.code)
        if new is not None and text[ref.position:ref.position + len(ref.code)] == ref.code:
            text = text[:ref.position] + new + text[ref.position + len(ref.code):]
    return text


__all__ = ["child_code", "copied_codes", "copy_code", "rename_references"]
