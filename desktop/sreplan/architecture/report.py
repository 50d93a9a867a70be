"""Architecture: the components, the diagram (vector), findings by risk with open ones first,
the lint suggestions not yet triaged, and the decisions. The meeting pack keeps to the open
High and Medium findings, the next session's agenda and the untriaged lint."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from sreplan.architecture.adr_store import list_adrs
from sreplan.architecture.findings import list_findings
from sreplan.architecture.lint import Risk, flagged
from sreplan.architecture.lint_triage import LintState, run_lint
from sreplan.architecture.model import Inventory
from sreplan.architecture.reviews import Finding
from sreplan.architecture.session_store import next_session, participants
from sreplan.architecture.store import load_inventory
from sreplan.kernel import Workspace
from sreplan.kernel.report.document import BODY_WIDTH, heading
from sreplan.kernel.report.figures import drawing_flowable
from sreplan.kernel.report.registry import ReportOptions, ReportSection
from sreplan.kernel.report.tables import Column, data_table
from sreplan.kernel.report.text import RISK_HIGH, RISK_MEDIUM, gap, note, nothing_recorded, para

_COLOUR = {Risk.HIGH: RISK_HIGH, Risk.MEDIUM: RISK_MEDIUM}


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
        story += _diagram(inventory, state)
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


def _diagram(inventory: Inventory, state: LintState) -> list[Flowable]:
    from sreplan.architecture.report_chart import architecture_drawing

    spofs, deps = flagged(list(state.untriaged + state.accepted))
    diagram = architecture_drawing(inventory, spof_ids=spofs, flagged_dependency_ids=deps)
    drawing = drawing_flowable(diagram, width=BODY_WIDTH, max_height=560)
    return [KeepTogether([heading("Diagram", 1), drawing,
                          note("Red boxes: single points of failure. Red arrows: dependencies "
                               "the lint flags. Dashed: asynchronous. Faint: degradable.")])]


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
    story: list[Flowable] = [heading("Next review session", 1)]
    session = next_session(ws, plan_id, options.report_date)
    if session is None:
        story.append(note("No review session planned."))
    else:
        people = ", ".join(name for _, name in participants(ws, session.id)) or "—"
        story += [para(f"{session.title} · {session.kind.label} · "
                       f"{session.held_on or 'date not set'}. Participants: {people}."), gap(2)]
        story.append(para(session.agenda) if session.agenda.strip()
                     else note("No agenda yet."))
    urgent = [f for f in findings if f.status.is_open and f.risk in (Risk.HIGH, Risk.MEDIUM)]
    story.append(heading("Open High and Medium findings", 1))
    if urgent:
        story.append(data_table(
            [Column("Risk", 0.75), Column("Finding", 2.7), Column("Status", 0.9),
             Column("Owner", 1.1), Column("Due", 0.95)],
            [(f.risk.label, f.title, f.status.label, f.owner or "unassigned",
              str(f.due) if f.due else "—") for f in urgent],
            emphasis=[(0, n, _COLOUR[f.risk]) for n, f in enumerate(urgent)],
        ))
    else:
        story.append(note("No open High or Medium findings."))
    return story + _lint(state, compact=True)


SECTION = ReportSection(
    key="architecture", title="Architecture", in_meeting_pack=True, build=build, order=40
)
