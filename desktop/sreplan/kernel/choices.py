"""Enumerations whose members carry a stored key and a human label."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Self

from sreplan.kernel.errors import StoredValueError


class Choice(StrEnum):
    """A StrEnum whose value is the stable stored key; ``label`` is what people read.

    Declare members as ``KEY = "stored_key", "Human label"``.
    """

    label: str

    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        return member

    @classmethod
    def _missing_(cls, value: object) -> Self:
        """``Kind(stored)`` of a value no member has: the file, not the code, is wrong."""
        kind = re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower()
        shown = repr(value)[:60]
        raise StoredValueError(
            f"the workspace holds {shown} where a {kind} belongs; run 'sreplan check' on it"
        )

    @classmethod
    def parse(cls, text: str) -> Self:
        """Accept a stored key or a label (any case); raise ValueError naming the options."""
        wanted = text.strip().casefold()
        for member in cls:
            if wanted in (member.value.casefold(), member.label.casefold()):
                return member
        options = ", ".join(m.label for m in cls)
        raise ValueError(f"unknown value {text!r}; expected one of: {options}")
