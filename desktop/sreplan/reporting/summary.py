"""The executive summary page: first after the cover in the full report and the meeting pack.

It prints :func:`sreplan.summary.plan_summary` (the same summary the Overview shows) and,
one line each, the parts of the plan with nothing recorded, which the report leaves out
rather than printing pages of "Nothing recorded". Always one page: the lists are capped
and the page shrinks its content to fit if long names still overflow it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable, KeepInFrame

from sreplan.kernel.report.document import BODY_HEIGHT, BODY_WIDTH, Heading
from sreplan.kernel.report.tables import Column, data_table
from sreplan.kernel.report.text import (
    RISK_HIGH,
    RISK_MEDIUM,
    capped,
    escape,
    gap,
    markup,
    note,
    para,
)
from sreplan.kernel.summary import Capped, PlanSummary, ReviewChanges, SummaryItem, Tone

TITLE = "Executive summary"
GATE_RULE = ("Rule: a phase is Not ready while a High-risk item is open, Ready with risks while "
             "other items are open or a High-risk item was waived, Ready when every applicable "
             "item is done.")
MAX_CHANGES = 4  # per kind of change
_TEXT = 180  # characters of one field on this page; the sections print them in full
_COLOURS = {Tone.BAD: RISK_HIGH, Tone.WARN: RISK_MEDIUM}


def summary_page(summary: PlanSummary, *, empty: Sequence[tuple[str, str]] = (),
                 meeting: bool = False) -> list[Flowable]:
    """The page's flowables: a level-0 heading (outline only) and the content, fitted."""
    where = "in the full report" if meeting else "in the sections that follow"
    content: list[Flowable] = [status_line(summary), gap(2)]
    content += _gates(summary)
    content += _section("Top risks", summary.risks, _risk_table, where,
                        "No open High-risk finding or checkpoint item, no capacity shortfall "
                        "and no SLO beyond its dependencies.")
    content += _section("Decisions needed", summary.decisions, _decision_table, where,
                        "No proposed ADR, accepted risk awaiting sign-off or open question.")
    content += _section("Capacity", summary.capacity, _capacity_table, where,
                        "No resource runs out before its next event or the forecast horizon.")
    content += _changes(summary.changes)
    if empty:
        content += [_subheading("Nothing recorded yet"),
                    *(para(f"{title}: {text}", "small") for title, text in empty)]
    height = BODY_HEIGHT - 30  # the heading above it
    return [Heading(TITLE, 0, in_contents=False),
            KeepInFrame(BODY_WIDTH, height, content, mode="shrink")]


def status_line(summary: PlanSummary) -> Flowable:
    colour = _COLOURS.get(summary.status_tone)
    text = capped(summary.status, _TEXT)
    if colour is None:
        return markup(f"<b>Status:</b> {escape(text)}")
    return markup(f'<b>Status:</b> <font color="{colour.hexval()}"><b>{escape(text)}</b></font>')


def _subheading(text: str) -> Flowable:
    return para(text, "h3")


def _section(title: str, part: Capped, table: Callable[[Sequence[SummaryItem]], Flowable],
             where: str, none: str) -> list[Flowable]:
    story: list[Flowable] = [_subheading(title)]
    if not part.items:
        return [*story, note(none)]
    story.append(table(part.items))
    if part.more:
        story.append(note(f"… and {part.more} more {where}."))
    return story


def _due(item: SummaryItem) -> str:
    return item.due.isoformat() if item.due else "no date"


def _owner(item: SummaryItem) -> str:
    return capped(item.owner.strip(), 60) or "unassigned"


def _gates(summary: PlanSummary) -> list[Flowable]:
    story: list[Flowable] = [_subheading("Gates")]
    if not summary.gates:
        return [*story, note("No checkpoint items: apply a checklist template to get gates.")]
    rows = [(g.title, g.kind, g.detail.partition(": ")[2] or g.detail) for g in summary.gates]
    marks = [(1, n, _COLOURS[g.tone]) for n, g in enumerate(summary.gates) if g.tone in _COLOURS]
    return [*story, data_table([Column("Phase", 1.2), Column("Verdict", 1.1), Column("Why", 3.2)],
                               rows, emphasis=marks), note(GATE_RULE)]


def _risk_table(items: Sequence[SummaryItem]) -> Flowable:
    return data_table(
        [Column("Risk", 3.0), Column("Part", 1.1), Column("Owner", 1.1), Column("Due", 0.8)],
        [(_two_lines(i.title, i.detail), i.source, _owner(i), _due(i)) for i in items])


def _decision_table(items: Sequence[SummaryItem]) -> Flowable:
    return data_table(
        [Column("Decision", 3.0), Column("Kind", 1.1), Column("Owner", 1.1), Column("Due", 0.8)],
        [(_two_lines(i.title, i.detail), i.kind, _owner(i), _due(i)) for i in items])


def _capacity_table(items: Sequence[SummaryItem]) -> Flowable:
    return data_table(
        [Column("Resource", 1.4), Column("Shortfall", 4.6)],
        [(capped(i.title, _TEXT), capped(i.detail, _TEXT)) for i in items],
        emphasis=[(0, n, RISK_HIGH) for n in range(len(items))])


def _two_lines(title: str, detail: str) -> str:
    title = capped(title, _TEXT)
    return f"{title}\n{capped(detail, _TEXT)}" if detail.strip() else title


def _changes(changes: ReviewChanges) -> list[Flowable]:
    if changes.since is None:
        return [_subheading("Since the last review session"),
                note("No review session held before this report: nothing to compare with yet.")]
    story: list[Flowable] = [
        _subheading(f"Since the last review session ({changes.since})"),
        para(capped(changes.session, _TEXT), "small"), gap(2)]
    if not changes.lines:
        story.append(note("No item closed or opened and no gate moved since then."))
    for label, entries in (("Closed", changes.closed), ("Opened", changes.opened),
                           ("Gates", changes.gates), ("SLO targets", changes.slo_targets),
                           ("Also", changes.other)):
        if entries:
            shown = "; ".join(capped(e, 120) for e in entries[:MAX_CHANGES])
            more = f" and {len(entries) - MAX_CHANGES} more" if len(entries) > MAX_CHANGES else ""
            story.append(markup(f"<b>{label} ({len(entries)}):</b> {escape(shown + more)}",
                                "small"))
    if changes.untracked:
        story.append(note("Not tracked: " + "; ".join(changes.untracked) + "."))
    return story
