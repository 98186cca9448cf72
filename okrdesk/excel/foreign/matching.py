"""Labels in a file (KPI names or codes) matched to KPI nodes.

In this order, the first that finds exactly one node wins:

1. ``code``: the label is a node's code, exactly;
2. ``name``: the label is a node's name, exactly;
3. ``case``: the label equals a code or a name ignoring case and spacing;
4. ``fuzzy``: ``difflib`` finds names or codes that are close (ratio ≥ 0.75,
   among the 10 sharing the most informative letter trigrams with the label):
   the best is *suggested* and must be confirmed by the user (never applied by
   itself), the others are offered as candidates;
5. ``none``: no node; the user skips the label or creates a new measure node.

A name shared by several nodes matches none of them (``ambiguous``, with the
nodes as candidates): the user picks.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from dataclasses import dataclass, field

from okrdesk.domain.entities import KpiNode
from okrdesk.domain.node_codes import child_code

from .spec import SKIP, ImportSpec, header_key

FUZZY_CUTOFF = 0.75
HOW = ("code", "name", "case", "fuzzy", "ambiguous", "none")


@dataclass(frozen=True)
class LabelMatch:
    """What a label of the file matched: ``code`` of the node (None when none),
    ``how`` (see ``HOW``), ``confirmed`` (False for a fuzzy suggestion), the
    ``candidates`` to offer (codes, best first) and where the label was first seen."""

    label: str
    place: str
    code: str | None
    how: str
    confirmed: bool
    candidates: tuple[str, ...] = field(default_factory=tuple)


def match_labels(labels: Mapping[str, str] | Sequence[str], nodes: Sequence[KpiNode]) -> list[LabelMatch]:
    """One ``LabelMatch`` per label (``labels``: label → place, or just labels)."""
    places = dict(labels) if isinstance(labels, Mapping) else {label: "" for label in labels}
    by_code = {n.code: n for n in nodes}
    by_name: dict[str, list[KpiNode]] = {}
    loose: dict[str, list[KpiNode]] = {}
    for n in nodes:
        by_name.setdefault(n.name, []).append(n)
        for key in {header_key(n.code), header_key(n.name)}:
            loose.setdefault(key, []).append(n)
    grams = _TrigramIndex(loose)
    out = []
    for label, place in places.items():
        text = label.strip()
        if text in by_code:
            out.append(LabelMatch(label, place, text, "code", True))
            continue
        named = by_name.get(text, [])
        if len(named) == 1:
            out.append(LabelMatch(label, place, named[0].code, "name", True))
            continue
        similar = {n.code: n for n in loose.get(header_key(text), [])}
        if len(similar) == 1 and not named:
            out.append(LabelMatch(label, place, next(iter(similar)), "case", True))
            continue
        if len(named) > 1 or len(similar) > 1:
            codes = tuple(sorted({n.code for n in named} | set(similar)))
            out.append(LabelMatch(label, place, None, "ambiguous", False, codes))
            continue
        key = header_key(text)
        close = difflib.get_close_matches(key, grams.candidates(key), n=5, cutoff=FUZZY_CUTOFF)
        codes = tuple(dict.fromkeys(n.code for key in close for n in loose[key]))
        if codes:
            out.append(LabelMatch(label, place, codes[0], "fuzzy", False, codes))
        else:
            out.append(LabelMatch(label, place, None, "none", False))
    return out


class _TrigramIndex:
    """The keys sharing the most informative character trigrams with a text: difflib then
    compares a label with these few instead of every code and name of a firm-sized tree
    (500 labels against 3,000 keys took seconds that way). Trigrams found in more than
    one key in twenty (``ode``, `` of``) say little and are left out, unless a text has
    no other; then its three rarest are used."""

    LIMIT = 10

    def __init__(self, keys: Iterable[str]) -> None:
        self._index: dict[str, list[str]] = {}
        n = 0
        for key in keys:
            n += 1
            for gram in _trigrams(key):
                self._index.setdefault(gram, []).append(key)
        self._cap = max(50, n // 20)

    def candidates(self, text: str) -> list[str]:
        postings = sorted((self._index[g] for g in _trigrams(text) if g in self._index), key=len)
        useful = [p for p in postings if len(p) <= self._cap] or postings[:3]
        counts = Counter(chain.from_iterable(useful))
        return [key for key, _ in counts.most_common(self.LIMIT)]


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def apply_matches(spec: ImportSpec, matches: Sequence[LabelMatch]) -> ImportSpec:
    """Put every confirmed match into ``spec.mapping`` (labels the user already decided
    on are kept as they are); returns ``spec``."""
    for m in matches:
        if m.label in spec.mapping or m.label in spec.new_nodes:
            continue
        if m.confirmed and m.code is not None:
            spec.mapping[m.label] = m.code
    return spec


def undecided(spec: ImportSpec, labels: Sequence[str] | Mapping[str, str]) -> list[str]:
    """The labels of the file the spec neither maps, skips nor creates (the wizard asks)."""
    return [label for label in labels if label not in spec.mapping and label not in spec.new_nodes]


def suggest_code(label: str, parent_code: str | None, taken: Iterable[str]) -> str:
    """A free code for a node created from ``label``: ``PARENT.OFFICE_RENT`` (words of the
    label in capitals, accents dropped, at most 24 characters; ``-2``... when taken), a
    code formulas can name."""
    folded = unicodedata.normalize("NFKD", label)
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    words = re.findall(r"[A-Za-z0-9]+", ascii_text)
    stem = "_".join(words).upper()[:24].strip("_") or "NEW"
    if stem[0].isdigit():
        stem = "N" + stem
    return child_code(parent_code, taken, stem)


__all__ = ["suggest_code", "FUZZY_CUTOFF", "HOW", "LabelMatch", "SKIP", "apply_matches", "match_labels", "undecided"]
