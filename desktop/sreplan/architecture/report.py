"""Architecture: the components, the diagram (vector), findings by risk with open ones first,
the lint suggestions not yet triaged, and the decisions. The meeting pack follows the meeting:
the next session's agenda and pre-read, the diagram, the decisions needed (with each proposed
ADR's options) and the open findings with their description and recommendation, every list
capped."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, NextPageTemplate, PageBreak

from sreplan.architecture.adr import Adr, AdrStatus
from sreplan.architecture.adr_store import list_adrs
from sreplan.architecture.findings import list_findings
from sreplan.architecture.lint import Risk, flagged
from sreplan.architecture.lint_triage import LintState, run_lint
from sreplan.architecture.model import Inventory
from sreplan.architecture.reviews import Finding, FindingKind, FindingStatus
from sreplan.architecture.session_store import next_session, participants
from sreplan.architecture.store import load_inventory
from sreplan.kernel import Workspace
from sreplan.kernel.report.document import (
    BODY_HEIGHT,
    BODY_TEMPLATE,
    BODY_WIDTH,
    LANDSCAPE_HEIGHT,
    LANDSCAPE_TEMPLATE,
    LANDSCAPE_WIDTH,
    heading,
)
from sreplan.kernel.report.registry import ReportOptions, ReportSection
from sreplan.kernel.report.tables import Column, data_table
from sreplan.kernel.report.text import (
    RISK_HIGH,
    RISK_MEDIUM,
    capped,
    gap,
    note,
    nothing_recorded,
    para,
)

_COLOUR = {Risk.HIGH: RISK_HIGH, Risk.MEDIUM: RISK_MEDIUM}
# The meeting pack's caps: it stays a handful of pages however big the plan.
PACK_ADRS, PACK_OPTIONS, PACK_ROWS, PACK_FINDINGS = 3, 4, 6, 8


def build(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
    inventory = load_inventory(ws, plan_id)
    state = run_lint(ws, plan_id)
    findings = list_findings(ws, plan_id)
    if options.meeting_pack:
        return _meeting_pack(ws, plan_id, options, findings, state)
    story: list[Flowable] = []
    if not inventory.components and not findings:
        if not list_adrs(ws, plan_id):
            return nothing_recorded("No architecture recorded: no components, findings or "
                                    "decisions.")
        story.append(note("No architecture recorded: no components and no findings."))
    story += _components(inventory)
    if inventory.components:
        story += diagram_story(inventory, state)
    story += _findings(findings)
    story += _lint(state)
    story += _adrs(ws, plan_id)
    return story


def _components(inventory: Inventory) -> list[Flowable]:
    if not inventory.components:
        return []
    rows = []
    for c in inventory.components:
        state = "stateless"
        if c.stateful:
            tested = f" ({c.backups_tested_on})" if c.backups_tested_on else ""
            state = (f"replication {c.replication.label.lower()}; backups "
                     f"{c.backups.label.lower()}{tested}")
        rows.append((c.name, c.kind.label, c.owner_team, str(c.instances),
                     ", ".join(c.zones) or "—", state, c.deployment))
    return [heading("Components", 1), data_table(
        [Column("Component", 1.3), Column("Kind", 1.0), Column("Owner", 1.0),
         Column("Inst.", 0.6, "RIGHT"), Column("Zones / regions", 1.2),
         Column("State", 1.5), Column("Deployment", 1.5)], rows)]


def diagram_story(
    inventory: Inventory,
    state: LintState,
    *,
    width: float = BODY_WIDTH,
    height: float = BODY_HEIGHT,
) -> list[Flowable]:
    """The "Diagram" subsection: a heading, the diagram (over several pages when tall)
    and its legend, for a frame of ``width`` x ``height`` points. Public so the meeting
    pack can print it too; on the portrait body (the default) it is the app's layout,
    a landscape frame gets a wider layout with fewer rows."""
    from sreplan.architecture.chart import MARGIN, diagram_drawings
    from sreplan.architecture.diagram import PAGE_WIDTH, diagram_geometry

    spofs, deps = flagged(list(state.untriaged + state.accepted))
    geometry = diagram_geometry(
        inventory, spof_ids=spofs, flagged_dependency_ids=deps,
        max_width=PAGE_WIDTH if width == BODY_WIDTH else width - 2 * MARGIN - 2,
    )
    # Drawn at 1:1 so no text is under 8 pt; a tall diagram takes several pages.
    pieces = diagram_drawings(
        geometry, first_height=height - 60, max_height=height - 8, max_width=width
    )
    legend = note("Red boxes: single points of failure. Red arrows: dependencies the lint "
                  "flags. Dashed: asynchronous. Faint: degradable. Beside a call: its timeout "
                  "and retries, where recorded.")
    if len(pieces) == 1:
        return [KeepTogether([heading("Diagram", 1), pieces[0], legend])]
    return [KeepTogether([heading("Diagram", 1), pieces[0]]), *pieces[1:], legend]


def _finding_table(items: list[Finding]) -> Flowable:
    rows = [(f.title, f.kind.label, f.status.label + (f": {f.status_reason}"
                                                       if f.status_reason else ""),
             f.owner or "unassigned", str(f.due) if f.due else "—") for f in items]
    return data_table(
        [Column("Finding", 2.5), Column("Kind", 1.1), Column("Status", 1.5),
         Column("Owner", 1.0), Column("Due", 0.95)], rows)


def _findings(findings: list[Finding]) -> list[Flowable]:
    story: list[Flowable] = [heading("Findings", 1)]
    if not findings:
        return [*story, note("No findings recorded.")]
    open_count = sum(f.status.is_open for f in findings)
    story.append(para(f"{len(findings)} findings, {open_count} open. Grouped by risk; "
                      "open findings first in each group."))
    for risk in Risk:
        group = [f for f in findings if f.risk is risk]
        if group:
            group.sort(key=lambda f: (not f.status.is_open, f.due is None, f.due or 0,
                                      f.title, f.id))
            story += [heading(f"{risk.label} risk", 2), _finding_table(group), gap(4)]
    return story


def _lint(state: LintState, *, compact: bool = False) -> list[Flowable]:
    story: list[Flowable] = [heading("Lint suggestions not yet triaged", 1)]
    if not state.untriaged:
        done = "every suggestion is accepted or dismissed" if state.all else "no smells found"
        return [*story, note(f"None: {done}.")]
    items = list(state.untriaged)
    emphasis = [(0, n, _COLOUR[s.risk]) for n, s in enumerate(items) if s.risk in _COLOUR]
    if compact:  # the meeting pack: what to decide, not the whole argument
        story.append(data_table(
            [Column("Risk", 0.75), Column("Suggestion", 2.6), Column("Evidence", 4.0)],
            [(s.risk.label, s.title, s.evidence) for s in items], emphasis=emphasis))
    else:
        story.append(data_table(
            [Column("Risk", 0.75), Column("Rule", 1.3), Column("Evidence", 3.1),
             Column("Recommendation", 2.2)],
            [(s.risk.label, s.rule.label, s.evidence, s.recommendation) for s in items],
            emphasis=emphasis))
    if state.dismissed:
        story.append(note(f"{len(state.dismissed)} dismissed with a reason; "
                          f"{len(state.accepted)} accepted as findings."))
    return story


def _adrs(ws: Workspace, plan_id: str) -> list[Flowable]:
    adrs = list_adrs(ws, plan_id)
    story: list[Flowable] = [heading("Decisions (ADRs)", 1)]
    if not adrs:
        return [*story, note("No decisions recorded.")]
    return [*story, data_table(
        [Column("ADR", 0.8), Column("Decision", 2.4), Column("Status", 1.2),
         Column("Date", 0.95), Column("Chosen option", 1.9)],
        [(a.label, a.title, a.status_text, str(a.decided_on or "—"), a.chosen_option or "—")
         for a in adrs],
    )]


def _meeting_pack(ws: Workspace, plan_id: str, options: ReportOptions,
                  findings: list[Finding], state: LintState) -> list[Flowable]:
    """Agenda (with the pre-read), diagram, decisions needed, findings: the meeting's order."""
    inventory = load_inventory(ws, plan_id)
    story = _agenda(ws, plan_id, options)
    if inventory.components:
        story += _pack_diagram(inventory, state)
    story += _decisions(ws, plan_id, findings)
    return story + _pack_findings(findings, state)


def _more(shown: int, total: int) -> list[Flowable]:
    return [note(f"… and {total - shown} more in the full report.")] if total > shown else []


def _agenda(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
    story: list[Flowable] = [heading("Agenda", 1)]
    session = next_session(ws, plan_id, options.report_date)
    if session is None:
        return [*story, note("No review session planned.")]
    people = ", ".join(name for _, name in participants(ws, session.id)) or "—"
    story += [para(f"{session.title} · {session.kind.label} · "
                   f"{session.held_on or 'date not set'}. Participants: {people}."), gap(2)]
    story.append(para(capped(session.agenda, 2000)) if session.agenda.strip()
                 else note("No agenda yet."))
    if session.notes.strip():
        story += [heading("Pre-read notes", 2), para(capped(session.notes.strip(), 2000))]
    return story


PACK_DIAGRAM_PAGES = 2


def _pages(story: list[Flowable]) -> int:
    """Pages a diagram story takes: one KeepTogether, or a first piece, more, a legend."""
    return 1 if len(story) == 1 else len(story) - 1


def _pack_diagram(inventory: Inventory, state: LintState) -> list[Flowable]:
    """The diagram on portrait pages when it fits two, else on landscape pages when they
    fit it in two; a diagram larger than that stays in the full report (the pack is
    a handful of pages however big the plan)."""
    portrait = diagram_story(inventory, state)
    if _pages(portrait) <= PACK_DIAGRAM_PAGES:
        return portrait
    wide = diagram_story(inventory, state, width=LANDSCAPE_WIDTH, height=LANDSCAPE_HEIGHT)
    if _pages(wide) <= PACK_DIAGRAM_PAGES:
        return [NextPageTemplate(LANDSCAPE_TEMPLATE), PageBreak(), *wide,
                NextPageTemplate(BODY_TEMPLATE), PageBreak()]
    return [heading("Diagram", 1),
            para(f"The diagram of the {len(inventory.components)} components takes "
                 f"{_pages(portrait)} pages: it is in the full report.")]


def _decisions(ws: Workspace, plan_id: str, findings: list[Finding]) -> list[Flowable]:
    story: list[Flowable] = [heading("Decisions needed", 1)]
    proposed = [a for a in list_adrs(ws, plan_id) if a.status is AdrStatus.PROPOSED]
    accepted_adrs = {a.id for a in list_adrs(ws, plan_id) if a.status is AdrStatus.ACCEPTED}
    signoff = [f for f in findings if f.status is FindingStatus.ACCEPTED_RISK
               and f.adr_id not in accepted_adrs]
    questions = [f for f in findings if f.kind is FindingKind.QUESTION and f.status.is_open]
    if not (proposed or signoff or questions):
        return [*story, note("No proposed ADR, accepted risk awaiting sign-off or open question.")]
    for adr in proposed[:PACK_ADRS]:
        story += _proposed_adr(adr)
    story += _more(min(len(proposed), PACK_ADRS), len(proposed))
    if signoff:
        story += [heading("Accepted risks awaiting sign-off", 2), data_table(
            [Column("Finding", 2.2), Column("Why the risk is accepted", 3.0),
             Column("Owner", 1.1)],
            [(_short(f.title), capped(f.status_reason, 600), _who(f.owner))
             for f in signoff[:PACK_ROWS]])]
        story += _more(min(len(signoff), PACK_ROWS), len(signoff))
    if questions:
        story += [heading("Open questions", 2), data_table(
            [Column("Question", 3.2), Column("Owner", 1.1), Column("Due", 0.9)],
            [(_with(f.title, f.description), _who(f.owner),
              str(f.due) if f.due else "—") for f in questions[:PACK_ROWS]])]
        story += _more(min(len(questions), PACK_ROWS), len(questions))
    return story


def _proposed_adr(adr: Adr) -> list[Flowable]:
    who = capped(", ".join(adr.decision_makers), 300) or "no decision makers named"
    # Heading and decision makers stay together; both are capped so they always fit a page.
    story: list[Flowable] = [KeepTogether([
        heading(f"{adr.label} {capped(adr.title, 200)} (proposed)", 2),
        para(f"Decision makers: {who}.", "small")]), gap(2)]
    if adr.context.strip():
        story.append(para(capped(adr.context.strip(), 1200)))
    if adr.drivers:
        story.append(para(capped("Drivers: " + "; ".join(adr.drivers[:8]), 600), "small"))
    if not adr.options:
        return [*story, note("No options recorded yet.")]
    rows = [(_with(o.title, o.description),
             capped("\n".join(f"+ {g}" for g in o.good), 600) or "—",
             capped("\n".join(f"− {b}" for b in o.bad), 600) or "—")
            for o in adr.options[:PACK_OPTIONS]]
    story += [gap(2), data_table(
        [Column("Option", 2.0), Column("Good", 2.0), Column("Bad", 2.0)], rows)]
    return story + _more(min(len(adr.options), PACK_OPTIONS), len(adr.options))


def _short(text: str) -> str:
    return capped(text, 200)


def _who(owner: str) -> str:
    return capped(owner, 100) or "unassigned"


def _with(title: str, detail: str) -> str:
    """A title and its description in one cell, both capped: the pack stays short."""
    detail = capped(detail.strip(), 600)
    return f"{_short(title)}\n{detail}" if detail else _short(title)


def _pack_findings(findings: list[Finding], state: LintState) -> list[Flowable]:
    story: list[Flowable] = [heading("Findings", 1)]
    # Open questions are under Decisions needed; not twice.
    urgent = [f for f in findings if f.status.is_open and f.risk in (Risk.HIGH, Risk.MEDIUM)
              and f.kind is not FindingKind.QUESTION]
    if urgent:
        shown = urgent[:PACK_FINDINGS]
        story.append(data_table(
            [Column("Risk", 0.6), Column("Finding", 2.6), Column("Recommendation", 2.2),
             Column("Owner · due", 1.1)],
            [(f.risk.label, _with(f.title, f.description),
              capped(f.recommendation, 600) or "—",
              f"{_who(f.owner)}\n{f.due or 'no date'} · {f.status.label}")
             for f in shown],
            emphasis=[(0, n, _COLOUR[f.risk]) for n, f in enumerate(shown)],
        ))
        story += _more(len(shown), len(urgent))
    else:
        story.append(note("No open High or Medium findings."))
    if state.untriaged:
        story.append(note(f"{len(state.untriaged)} lint suggestions are not yet triaged: "
                          "the full report lists them."))
    return story


SECTION = ReportSection(
    key="architecture", title="Architecture", in_meeting_pack=True, build=build, order=40,
    meeting_title="Architecture review", meeting_order=20,
)
