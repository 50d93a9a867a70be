"""Open action items gathered from every part of a plan (checkpoints, findings, ...)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ActionItem:
    source: str  # the section it comes from, e.g. "Checkpoints"
    title: str
    owner: str
    due: date | None
    risk: str = ""  # "High", "Medium", "Low" or ""
    status: str = ""
    record_id: str = ""
