"""User text on its way out to a terminal or a Markdown file: control characters removed.

A plan name may hold ESC sequences or NUL; printed raw they re-colour or clear a
terminal and corrupt Markdown. Tabs and newlines are folded by the callers that
need one line; everything else in Unicode's control category goes.
"""

from __future__ import annotations

import unicodedata

_KEEP = {"\t", "\n"}


def without_controls(text: str) -> str:
    """``text`` without control characters (C0, DEL, C1), tabs and newlines kept."""
    return "".join(
        ch for ch in text if ch in _KEEP or unicodedata.category(ch) != "Cc"
    )


def one_line(text: str) -> str:
    """Printable, on one line: control characters dropped, white space folded."""
    return " ".join(without_controls(text).split())
