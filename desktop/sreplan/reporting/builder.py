"""Assemble a plan's report from its sections and write it atomically.

The PDF is built into a temporary file beside the destination and renamed over
it only when complete: a failure or a cancel leaves no partial file and keeps
any previous report intact.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, NextPageTemplate, PageBreak
from reportlab.platypus.tableofcontents import TableOfContents

from sreplan.kernel import Workspace
from sreplan.kernel.errors import UserError
from sreplan.kernel.files import describe_os_error, remove_quietly
from sreplan.kernel.report.document import (
    BODY_TEMPLATE,
    Heading,
    ReportCancelled,
    ReportDocTemplate,
    cancellable,
    contents,
    prefill_contents,
)
from sreplan.kernel.report.figures import Chart, render_charts
from sreplan.kernel.report.fonts import claim_fonts, noticing
from sreplan.kernel.report.text import EmptyNote, Note, is_empty, nothing_recorded
from sreplan.kernel.summary import Tone
from sreplan.plans.model import Plan
from sreplan.plans.store import get_plan
from sreplan.reporting.cover import cover
from sreplan.reporting.registry import (
    Preset,
    ReportOptions,
    ReportSection,
    scope_line,
    selected_sections,
)

Progress = Callable[[float, str], None]
CancelCheck = Callable[[], bool]
# Layout takes two passes: a measuring draft with the contents prefilled, then the real one.
_EXPECTED_PASSES = 2
_COLLECT_SHARE = 0.25
_CHART_SHARE = 0.3


class ReportError(UserError):
    """A problem the user can fix (a path that cannot be written); one line, no traceback."""


@dataclass(frozen=True)
class ReportResult:
    path: Path
    pages: int
    sections: tuple[str, ...]
    warnings: tuple[str, ...] = ()  # e.g. characters the report font cannot print


def export_pdf(
    ws: Workspace,
    plan_id: str,
    destination: Path | str,
    options: ReportOptions,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ReportResult:
    """Write the report of ``plan_id`` to ``destination``; raise ReportCancelled on cancel."""
    destination = Path(destination)
    report = _progress_sink(progress)
    check = cancelled or (lambda: False)
    sections = selected_sections(options)
    plan = get_plan(ws, plan_id)
    tmp = _reserve_temporary(destination)
    claim_fonts()  # the same bytes whatever this process registered with ReportLab before
    try:
        with cancellable(check), noticing() as unprintable:
            story = _story(ws, plan, options, sections, report, check)
        charts = [f for f in story if isinstance(f, Chart)]
        if charts:

            def drawn(done: int, count: int) -> None:
                fraction = _COLLECT_SHARE + _CHART_SHARE * done / count
                report(fraction, f"Drawing charts ({done} of {count})")

            render_charts(charts, check, drawn)
        if check():
            raise ReportCancelled()
        layout_start = _COLLECT_SHARE + (_CHART_SHARE if charts else 0.0)
        total = max(len(story), 1)
        count = [0, 0]  # pass, flowables laid out in it

        def laid_out(layout_pass: int) -> None:
            if count[0] != layout_pass:
                count[:] = [layout_pass, 0]
                if check():
                    raise ReportCancelled()
            count[1] += 1
            if count[1] % 25 == 0:
                if check():
                    raise ReportCancelled()
                done = (layout_pass - 1 + min(count[1] / total, 1.0)) / _EXPECTED_PASSES
                report(layout_start + (1 - layout_start) * min(done, 0.99), "Laying out pages")

        kind = _kind(options)
        toc = next((f for f in story if isinstance(f, TableOfContents)), None)
        doc = ReportDocTemplate(
            str(tmp),
            plan_name=plan.name,
            moment=options.moment,
            title=f"{plan.name} – {kind}",
            author=plan.sre_lead,
            subject=f"{kind}: {scope_line(options, sections)}",
            on_flowable=laid_out,
        )
        doc.draft_first_pass = toc is not None and prefill_contents(toc, story)
        doc.multiBuild(story)
        if check():
            raise ReportCancelled()
        os.replace(tmp, destination)
    except OSError as exc:
        remove_quietly(tmp)
        raise ReportError(f"Could not write {destination}: {describe_os_error(exc)}.") from exc
    except BaseException:
        remove_quietly(tmp)
        raise
    report(1.0, "Done")
    return ReportResult(destination, doc.page_total or 0, tuple(s.key for s in sections),
                        unprintable.warnings())


def _story(
    ws: Workspace,
    plan: Plan,
    options: ReportOptions,
    sections: list[ReportSection],
    report: Progress,
    cancelled: CancelCheck,
) -> list[Flowable]:
    """Cover, executive summary (the presets), contents (the full report), then sections.

    With a preset, a section that recorded nothing becomes one line on the summary page
    instead of a page of "Nothing recorded"; the meeting pack has no contents page.
    """
    preset = options.preset is not Preset.CUSTOM
    built: list[tuple[ReportSection, list[Flowable]]] = []
    empty: list[tuple[str, str]] = []
    for i, section in enumerate(sections):
        if cancelled():
            raise ReportCancelled()
        report(_COLLECT_SHARE * i / max(len(sections), 1), f"Preparing {section.title}")
        body = section.build(ws, plan.id, options) or nothing_recorded(
            "Nothing recorded in this part of the plan yet.")
        nothing = _nothing_recorded(body)
        if preset and nothing is not None:
            empty.append((section.title_for(options), nothing))
        else:
            built.append((section, body))
    status, tone = "", Tone.PLAIN
    story: list[Flowable] = []
    if preset:
        from sreplan.reporting.summary import summary_page
        from sreplan.summary import plan_summary

        summary = plan_summary(ws, plan.id, options.report_date)
        status, tone = summary.status, summary.status_tone
        story += [NextPageTemplate(BODY_TEMPLATE), PageBreak(),
                  *summary_page(summary, empty=empty, meeting=options.meeting_pack)]
    story = [*cover(plan, report_date=options.report_date, kind=_kind(options),
                    scope=scope_line(options, sections), status=status,
                    status_tone=tone), *story]
    if not options.meeting_pack:
        story += [NextPageTemplate(BODY_TEMPLATE), PageBreak(),
                  Heading("Contents", 0, in_contents=False), contents()]
    for n, (section, body) in enumerate(built):
        # The full report starts each section on a new page, but sections with nothing
        # recorded share one; the meeting pack stays short.
        if options.preset is Preset.MEETING:
            story.append(PageBreak() if n == 0 else CondPageBreak(70 * mm))
        elif is_empty(body) and n > 0:
            story.append(CondPageBreak(30 * mm))
        else:
            story.append(PageBreak())
        story.append(Heading(section.title_for(options), 0))
        story.extend(body)
    return story


def _nothing_recorded(body: list[Flowable]) -> str | None:
    """The first note of a section made only of notes and headings, else None."""
    notes = [f for f in body if isinstance(f, Note | EmptyNote)]
    if any(not isinstance(f, Note | EmptyNote | Heading) for f in body):
        return None
    if not notes:
        return "Nothing recorded in this part of the plan yet."
    first = notes[0]
    return first.plain if isinstance(first, Note) else " ".join(first.getPlainText().split())


def _kind(options: ReportOptions) -> str:
    return "Architecture review meeting pack" if options.meeting_pack else "SRE engagement report"


def _reserve_temporary(destination: Path) -> Path:
    """Create the temporary file now, so an unwritable path fails before any work."""
    if destination.is_dir():
        raise ReportError(f"{destination} is a folder; give a file name ending in .pdf.")
    folder = destination.parent
    if not folder.is_dir():
        raise ReportError(f"Could not write {destination}: the folder {folder} does not exist.")
    tmp = folder / f".{destination.name}.{uuid.uuid4().hex}.tmp"
    try:
        tmp.touch(exist_ok=False)
    except OSError as exc:
        raise ReportError(f"Could not write {destination}: {exc.strerror or exc}.") from exc
    return tmp


def _progress_sink(progress: Progress | None) -> Progress:
    if progress is None:
        return lambda fraction, message: None
    return progress
