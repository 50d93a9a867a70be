"""Numbers typed into a form field: read as a whole, or refused with the reason.

A field never stores a number the user did not type: ``1e400`` is not a huge number
but no number at all, ``99,9`` is 99.9 (a decimal comma), and ``1,250`` could be 1250
or 1.25, so it is refused rather than guessed.
"""

from __future__ import annotations

import math
import re

_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def parse_number(text: str, what: str = "The value") -> float:
    """The number ``text`` says, or ValueError with a sentence naming ``what``."""
    cleaned = text.strip().replace("\u2212", "-").replace(" ", "").replace("\u202f", "")
    if not cleaned:
        raise ValueError(f"{what} needs a number.")
    if "," in cleaned:
        if "." in cleaned and _GROUPED.fullmatch(cleaned):
            cleaned = cleaned.replace(",", "")  # 1,250.5: thousands separators
        elif cleaned.count(",") == 1 and "." not in cleaned and not _GROUPED.fullmatch(cleaned):
            cleaned = cleaned.replace(",", ".")  # 99,9: a decimal comma
        else:
            plain = cleaned.replace(",", "")
            raise ValueError(
                f"{what}: {text.strip()!r} is ambiguous; write it without a comma, "
                f"e.g. {plain} or {cleaned.replace(',', '.', 1)}."
            )
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{what}: {text.strip()!r} is not a number.") from None
    if not math.isfinite(value):
        raise ValueError(f"{what}: {text.strip()!r} is not a finite number.")
    return value


def parse_whole(text: str, what: str = "The value", low: int = 0, high: int = 10**9) -> int:
    """A whole number from ``low`` to ``high`` typed as ``text``, or ValueError."""
    value = parse_number(text, what)
    if value != int(value):
        raise ValueError(f"{what} must be a whole number.")
    if not low <= value <= high:
        raise ValueError(f"{what} must be from {low:,} to {high:,}.")
    return int(value)
