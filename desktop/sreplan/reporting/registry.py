"""Every report section of this build, and which of them a preset includes.

The sections come from the features (features.py) plus the report's own
cross-feature parts (open risks, action items). They appear sorted by
``order`` (ties keep list order).
"""

from __future__ import annotations

import importlib
from functools import cache

from sreplan import features
from sreplan.kernel.report.registry import (
    Preset,
    ReportOptions,
    ReportSection,
    UnknownSectionError,
    report_moment,
    scope_line,
)

# The report's own parts, gathered from every feature's action items.
OWN_SECTION_MODULES: tuple[str, ...] = (
    "sreplan.reporting.changes",
    "sreplan.reporting.risks",
    "sreplan.reporting.actions",
)


def section_modules() -> tuple[str, ...]:
    return (*features.report_section_modules(), *OWN_SECTION_MODULES)


@cache
def all_sections() -> tuple[ReportSection, ...]:
    """Every registered section in report order."""
    found = [importlib.import_module(name).SECTION for name in section_modules()]
    keys = [s.key for s in found]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise RuntimeError(f"report sections registered twice: {', '.join(duplicates)}")
    return tuple(sorted(found, key=lambda s: s.order))


def section_keys() -> list[str]:
    return [s.key for s in all_sections()]


def parse_section_keys(text: str) -> tuple[str, ...]:
    """``"overview, slos"`` as keys, checked against the registry."""
    keys = tuple(dict.fromkeys(k.strip().lower() for k in text.split(",") if k.strip()))
    if not keys:
        expected = ", ".join(section_keys())
        raise UnknownSectionError(f"no sections given; expected some of: {expected}")
    unknown = [k for k in keys if k not in section_keys()]
    if unknown:
        raise UnknownSectionError(
            f"unknown section {', '.join(map(repr, unknown))}; "
            f"expected some of: {', '.join(section_keys())}"
        )
    return keys


def selected_sections(options: ReportOptions) -> list[ReportSection]:
    """The sections a report with ``options`` contains, in report order."""
    if options.preset is Preset.FULL:
        return list(all_sections())
    if options.preset is Preset.MEETING:
        pack = [s for s in all_sections() if s.in_meeting_pack]
        return sorted(pack, key=lambda s: s.order if s.meeting_order is None else s.meeting_order)
    wanted = set(parse_section_keys(",".join(options.sections)))
    return [s for s in all_sections() if s.key in wanted]



__all__ = [
    "Preset",
    "ReportOptions",
    "ReportSection",
    "UnknownSectionError",
    "all_sections",
    "parse_section_keys",
    "report_moment",
    "scope_line",
    "section_keys",
    "selected_sections",
]
