"""The one registry of report sections, and which of them a preset includes.

Each section is a module under ``sreplan.reporting.sections`` exposing
``SECTION = ReportSection(...)``; :data:`SECTION_MODULES` lists them.
Sections appear in the report sorted by ``order`` (ties keep list order).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from reportlab.platypus import Flowable

from sreplan.kernel import Workspace
from sreplan.kernel.choices import Choice
from sreplan.kernel.errors import UserError


class Preset(Choice):
    FULL = "full", "Full report"
    MEETING = "meeting", "Architecture review meeting pack"
    CUSTOM = "custom", "Chosen sections"


@dataclass(frozen=True)
class ReportOptions:
    """What to put in a report and the moment it is dated (fixed for reproducible bytes)."""

    preset: Preset = Preset.FULL
    sections: tuple[str, ...] = ()  # section keys, for Preset.CUSTOM
    moment: datetime = field(default_factory=lambda: datetime.now().astimezone())

    @property
    def report_date(self) -> date:
        """The date printed on the report, in the moment's own time zone."""
        return self.moment.date()

    @property
    def meeting_pack(self) -> bool:
        """Sections keep to what a review meeting discusses (open risks, gates)."""
        return self.preset is Preset.MEETING


SectionBuilder = Callable[[Workspace, str, ReportOptions], list[Flowable]]


@dataclass(frozen=True)
class ReportSection:
    """A part of the report: key (CLI contract), title, meeting-pack membership, builder.

    ``order`` places it: 10 overview, 15 open risks, 20 reliability goals,
    30 checkpoints, 40 architecture, 50 capacity, 90 and up appendices.
    """

    key: str
    title: str
    in_meeting_pack: bool
    build: SectionBuilder
    order: int = 50
    # In the meeting pack the section may read differently ("Capacity warnings") and sit
    # elsewhere: the pack follows the meeting (agenda, decisions, findings, capacity, SLOs).
    meeting_title: str = ""
    meeting_order: int | None = None

    def title_for(self, options: ReportOptions) -> str:
        return (self.meeting_title or self.title) if options.meeting_pack else self.title


class UnknownSectionError(UserError, ValueError):
    """A section key that no registered section has."""


def scope_line(options: ReportOptions, sections: Sequence[ReportSection]) -> str:
    """The cover's scope: the full report, the meeting pack, or the sections chosen."""
    if options.preset is Preset.CUSTOM:
        return "Selected sections: " + ", ".join(s.title for s in sections)
    return options.preset.label


def report_moment(date_text: str | None = None) -> datetime:
    """When the report is dated: ``--date`` (midnight UTC), else SOURCE_DATE_EPOCH, else now."""
    if date_text:
        try:
            day = date.fromisoformat(date_text)
        except ValueError as exc:
            raise ValueError(f"--date must be a date like 2026-11-27, not {date_text!r}") from exc
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError) as exc:
            raise ValueError(
                f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}"
            ) from exc
    return datetime.now().astimezone().replace(microsecond=0)
