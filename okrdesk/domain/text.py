"""Text okrdesk keeps: no characters that no file format can carry.

C0 control characters other than tab, line feed and carriage return, the
non-characters U+FFFE/U+FFFF and unpaired surrogates are invisible, mean nothing
to a reader, and are illegal in XML 1.0 — an .xlsx holding one will not open.
The store drops them from every text it is given; the Excel writer drops them
again from anything older that still holds one.
"""

from __future__ import annotations

import re

UNKEEPABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def keepable(text: str) -> str:
    """``text`` without the characters no file format can carry."""
    return UNKEEPABLE.sub("", text) if UNKEEPABLE.search(text) else text
