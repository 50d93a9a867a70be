"""Architecture Decision Records in the shape of MADR 4.0."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sreplan.kernel.choices import Choice


class AdrStatus(Choice):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    DEPRECATED = "deprecated", "Deprecated"
    SUPERSEDED = "superseded", "Superseded"


@dataclass(frozen=True)
class AdrOption:
    title: str
    description: str = ""
    good: tuple[str, ...] = ()
    neutral: tuple[str, ...] = ()
    bad: tuple[str, ...] = ()


@dataclass(frozen=True)
class Adr:
    number: int
    title: str
    status: AdrStatus = AdrStatus.PROPOSED
    superseded_by: int | None = None
    decided_on: date | None = None
    decision_makers: tuple[str, ...] = ()
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()
    context: str = ""
    drivers: tuple[str, ...] = ()
    options: tuple[AdrOption, ...] = field(default=())
    chosen_option: str = ""
    outcome_reason: str = ""
    consequences: tuple[str, ...] = ()
    confirmation: str = ""
    more_information: str = ""
    id: str = ""

    @property
    def status_text(self) -> str:
        """MADR's status line: "superseded by ADR-0007" when it is."""
        if self.status is AdrStatus.SUPERSEDED and self.superseded_by is not None:
            return f"superseded by ADR-{self.superseded_by:04d}"
        return self.status.value

    @property
    def label(self) -> str:
        return f"ADR-{self.number:04d}"


_SUPERSEDED = re.compile(r"superseded\s+by\s+(?:\[?ADR[- ]?)?0*(\d+)", re.IGNORECASE)


def parse_status(text: str) -> tuple[AdrStatus, int | None]:
    """Read a MADR status ("accepted", "superseded by ADR-0005"); raise ValueError if unknown."""
    match = _SUPERSEDED.search(text)
    if match:
        digits = match.group(1)
        if len(digits) > 6:  # ADR numbers are four digits in MADR; a huge one is a typo
            raise ValueError(f"'superseded by ADR-{digits[:12]}…' names no ADR number SRE Plan "
                             "can store (at most 6 digits)")
        return AdrStatus.SUPERSEDED, int(digits)
    return AdrStatus.parse(text), None


def slug(title: str) -> str:
    """``title-with-dashes`` as MADR file names use it."""
    text = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
    return text[:80].rstrip("-") or "decision"


def split_names(text: str) -> tuple[str, ...]:
    """People typed as "Ann, Bo; Cy" or one per line."""
    parts = re.split(r"[,;\n]", text)
    return tuple(p.strip() for p in parts if p.strip())


def lines(text: str) -> tuple[str, ...]:
    """Non-empty lines, with a leading list bullet removed."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"^\s*[-*+]\s+", "", line).strip()
        if line:
            out.append(line)
    return tuple(out)
