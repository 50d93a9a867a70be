"""The executive summary: composed from every feature's lines, first in both reports."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from sreplan.features import create_plan, open_workspace, seed_demo
from sreplan.kernel import Workspace, records
from sreplan.kernel.ids import new_id
from sreplan.kernel.summary import (
    Capped,
    Part,
    ReviewChanges,
    SummaryItem,
    Tone,
    compose,
    top_distinct,
)
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.plans.store import new_plan
from sreplan.reporting import Preset, ReportOptions, export_pdf
from sreplan.summary import changes_since_last_review, plan_summary, summary_items
from tests.conftest import DEMO_DATE

MOMENT = datetime(2026, 11, 27, tzinfo=UTC)
FULL = ReportOptions(Preset.FULL, (), MOMENT)
MEETING = ReportOptions(Preset.MEETING, (), MOMENT)


def _risk(title: str, *, rank: int = 0, due: date | None = None, keys: tuple[str, ...] = (),
          source: str = "Checkpoints") -> SummaryItem:
    return SummaryItem(Part.RISK, title, source, due=due, rank=rank, keys=keys)


def _shortfall(text: str) -> bool:
    """The demo's sale shortfall as the summary words it, with numbers that add up."""
    found = re.search(r"Seasonal sale \(\S+\) needs (\d+) instances; 15 today; (\d+) missing; "
                      r"autoscaling capped at 24", text)
    return found is not None and int(found[1]) - 15 == int(found[2]) and int(found[1]) > 24


def texts(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages]


# -- composing, on hand-built items ------------------------------------------------------


def test_top_risks_are_ranked_deduplicated_across_parts_and_capped() -> None:
    items = [
        _risk("Later", due=date(2027, 3, 1)),
        _risk("Undated"),
        _risk("Soon", due=date(2027, 1, 1), keys=("checkpoint:1",)),
        # The same checkpoint item, seen through a finding linked to it: shown once.
        _risk("Finding on the same item", due=date(2026, 12, 1), source="Architecture review",
              keys=("finding:9", "checkpoint:1")),
        _risk("  soon  ", due=date(2027, 2, 1)),  # the same title: one risk
        _risk("Medium one", rank=1, due=date(2026, 1, 1)),
        *(_risk(f"Extra {n}", due=date(2027, 6, n + 1)) for n in range(4)),
    ]
    top = top_distinct(items, 5)
    assert [i.title for i in top.items] == [
        "Finding on the same item", "Later", "Extra 0", "Extra 1", "Extra 2",
    ]
    # 8 distinct of 10: "Soon" and "  soon  " collapse into the finding; 3 more left out.
    assert top.more == 3 and top.total == 8


def test_compose_sorts_parts_and_says_when_there_is_no_gate() -> None:
    items = [
        SummaryItem(Part.GATE, "Design", "Checkpoints", detail="Ready: all 3 applicable items"),
        SummaryItem(Part.DECISION, "ADR-0009 Pick a queue", "Architecture review", rank=0),
        SummaryItem(Part.CAPACITY, "Disk", "Capacity", detail="runs out 2027-01-01"),
        SummaryItem(Part.STATUS, "Not ready: 1 High-risk item open", "Checkpoints", rank=0,
                    tone=Tone.BAD),
    ]
    summary = compose(items, ReviewChanges(since=date(2026, 11, 1), closed=("A",)))
    assert summary.status == "Not ready: 1 High-risk item open"
    assert summary.status_tone is Tone.BAD
    assert [g.title for g in summary.gates] == ["Design"]
    assert summary.decisions == Capped((items[1],), 0)
    assert summary.capacity.items[0].title == "Disk"
    assert summary.risks == Capped()
    assert summary.changes.lines == ("Closed: A",)
    empty = compose([])
    assert empty.status.startswith("No gate yet") and empty.status_tone is Tone.PLAIN


def test_changes_since_the_last_session_come_from_the_records_dates(ws: Workspace) -> None:
    plan = new_plan("History")
    create_plan(ws, plan)  # with the default phases
    phase = ws.rows("SELECT id, name FROM phases WHERE plan_id = ? ORDER BY position",
                    [plan.id])[0]
    with ws.write():
        records.insert(ws, "review_sessions", [
            {"id": new_id(), "plan_id": plan.id, "title": "First review", "held_on": "2026-11-01",
             "kind": "design", "agenda": "", "notes": ""},
            {"id": new_id(), "plan_id": plan.id, "title": "Next review", "held_on": "2026-12-10",
             "kind": "design", "agenda": "", "notes": ""},
        ])
        for title, status, risk, stamp in (
            ("Closed before", "done", "medium", "2026-10-20T10:00:00+00:00"),
            ("Closed after", "done", "high", "2026-11-05T10:00:00+00:00"),
            ("Waived on the day", "waived", "low", "2026-11-01T16:00:00+00:00"),
        ):
            records.insert(ws, "checkpoints", [{
                "id": new_id(), "plan_id": plan.id, "phase_id": phase["id"], "title": title,
                "category": "architecture", "owner_side": "shared", "status": status,
                "risk": risk, "updated_at": stamp,
                "waiver_reason": "out_of_scope" if status == "waived" else None,
            }])
        for title, created in (("Old finding", "2026-10-01T09:00:00+00:00"),
                               ("New finding", "2026-11-12T09:00:00+00:00")):
            records.insert(ws, "findings", [{
                "id": new_id(), "plan_id": plan.id, "title": title, "description": "",
                "kind": "risk", "risk": "high", "recommendation": "", "owner": "",
                "status": "open", "status_reason": "", "created_at": created,
            }])
    changes = changes_since_last_review(ws, plan.id, date(2026, 11, 27))
    assert changes.since == date(2026, 11, 1) and changes.session == "First review"
    assert changes.closed == ("Closed after (done 2026-11-05)",
                              "Waived on the day (waived 2026-11-01)")
    assert changes.opened == ("New finding (High finding, 2026-11-12)",)
    # Every applicable item of the phase is done, one of them since the session.
    assert changes.gates == (f"{phase['name']} passed: now Ready",)
    assert changes.untracked  # SLO targets carry no dates: said, not guessed
    # Before any session was held there is nothing to compare with.
    assert changes_since_last_review(ws, plan.id, date(2026, 10, 1)) == ReviewChanges()


# -- the demo ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = open_workspace(tmp_path_factory.mktemp("demo") / "demo.sreplan", create=True)
    seed_demo(workspace, DEMO_DATE)
    yield workspace
    workspace.close()


def test_demo_summary_names_the_risks_decisions_and_the_capacity_shortfall(
    demo: Workspace,
) -> None:
    summary = plan_summary(demo, DEMO_PLAN_ID, DEMO_DATE)
    assert summary.status.startswith("Not ready: 2 High-risk items open (1 blocked)")
    assert [g.title for g in summary.gates] == [
        "Design", "Development", "Testing", "Deployment", "Operations"]
    assert summary.gates[3].detail.startswith("Not ready: 1 High-risk item open (1 blocked)")
    risks = {i.title: i for i in summary.risks.items}
    candidates = [i.title for i in summary_items(demo, DEMO_PLAN_ID, DEMO_DATE)]
    assert len(risks) == 5 and summary.risks.total > 5  # the top five, and more
    assert risks["Orders database has untested backups"].owner == "Daniel Okafor"
    assert risks["Symptom-based alerts page on SLO burn"].due is not None
    assert "Checkout API peak RPS cannot carry Seasonal sale" in candidates
    assert "Rehearse the checkout failover before the holiday freeze" in risks  # P0, once
    assert "SLO 'Payment-provider authorisations' cannot reach 99.95 %" in candidates
    decisions = [(d.kind, d.title) for d in summary.decisions.items]
    assert decisions[0] == (
        "Proposed ADR", "ADR-0002 Put a circuit breaker around the payment provider")
    assert ("Accepted risk", "Session cache runs on one node") in decisions
    question = "Can the provider's sandbox carry a sale-sized load test?"
    assert ("Open question", question) in decisions
    short = {i.title: i for i in summary.capacity.items}
    assert _shortfall(short["Checkout API peak RPS"].detail)  # the sale: 15 today
    assert "Orders DB storage" in short


@pytest.fixture(scope="module")
def demo_reports(demo: Workspace, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    out = {}
    for name, options in (("full", FULL), ("meeting", MEETING)):
        out[name] = folder / f"{name}.pdf"
        export_pdf(demo, DEMO_PLAN_ID, out[name], options)
    return out


@pytest.mark.parametrize("preset", ["full", "meeting"])
def test_the_summary_is_page_two_of_both_presets(
    demo_reports: dict[str, Path], preset: str
) -> None:
    pages = texts(demo_reports[preset])
    assert "Not ready: 2 High-risk items open (1 blocked)" in pages[0]  # the cover's status
    page = pages[1]
    assert page.startswith("Executive summary Status: Not ready")
    for fact in (
        "Checkout API peak RPS",
        "ADR-0002 Put a circuit breaker around the payment provider", "Proposed ADR",
        "Deployment Not ready 1 High-risk item open (1 blocked)", "Rule: a phase is Not ready",
        "Orders database has untested backups", "Daniel Okafor",
        "No review session held before this report",
    ):
        assert fact in page, fact
    # The capacity shortfall: the sale needs 39 instances (38 as of the tests' date)
    # against 15 today, and autoscaling stops at 24.
    assert _shortfall(page)
    assert "page 2 of" in page and ("Contents" in pages[2]) is (preset == "full")


def test_demo_meeting_pack_is_five_to_seven_pages(demo_reports: dict[str, Path]) -> None:
    assert 5 <= len(PdfReader(demo_reports["meeting"]).pages) <= 7


# -- an empty plan: no pages of "Nothing recorded" ----------------------------------------


@pytest.mark.parametrize("options", [FULL, MEETING], ids=["full", "meeting"])
def test_an_empty_plan_collapses_into_one_line_per_part(
    ws: Workspace, tmp_path: Path, options: ReportOptions
) -> None:
    plan = new_plan("Empty")
    create_plan(ws, plan)
    out = tmp_path / "empty.pdf"
    result = export_pdf(ws, plan.id, out, options)
    pages = texts(out)
    # cover, summary (+ contents and the overview in the full report)
    assert result.pages == len(pages) <= (4 if options is FULL else 2)
    summary = pages[1]
    assert "Nothing recorded yet" in summary
    expected = (["Architecture review: No review session planned.",
                 "Capacity warnings: No resource runs out",
                 "SLOs at risk: No SLO aims higher"]
                if options is MEETING else
                ["Reliability goals: No reliability goals recorded for this plan.",
                 "SDLC checkpoints: No checkpoints recorded", "Capacity: No capacity resources"])
    for line in expected:
        assert line in summary, line
    assert "Nothing recorded in this part" not in " ".join(pages)


# -- scale: the pack of a 300-SLO, 5,000-item plan ----------------------------------------


def _seed_scale(ws: Workspace, plan_id: str) -> None:
    """300 SLOs out of reach of their dependencies, 5,000 checkpoint items, and
    many findings, proposed ADRs and questions: every list of the pack overflows."""
    from sreplan.checkpoints.store import ensure_phases

    rng = random.Random(7)
    service, sli = new_id(), new_id()
    with ws.write() as conn:
        records.insert(ws, "services", [{"id": service, "plan_id": plan_id, "name": "api"}])
        records.insert(ws, "slis", [{"id": sli, "plan_id": plan_id, "name": "ok", "kind":
                                     "availability", "sli_type": "ratio"}])
        slos = [{"id": new_id(), "plan_id": plan_id, "service_id": service, "sli_id": sli,
                 "name": f"slo-{n:03}", "target": 99.99, "time_window": "30d",
                 "budgeting_method": "Occurrences", "owner": f"Owner {n % 9}"}
                for n in range(300)]
        records.insert(ws, "slos", slos)
        records.insert(ws, "slo_dependencies", [
            {"id": new_id(), "plan_id": plan_id, "slo_id": s["id"], "name": "db",
             "availability": 99.5} for s in slos])
        phases = ensure_phases(ws, plan_id)
        for n in range(5000):
            conn.execute(
                "INSERT INTO checkpoints (id, plan_id, phase_id, position, title, category, "
                "owner_side, owner, status, risk, due_date, updated_at) "
                "VALUES (?, ?, ?, ?, ?, 'architecture', 'shared', ?, ?, ?, ?, ?)",
                [new_id(), plan_id, phases[n % len(phases)].id, n, f"Check {n} of the runbook",
                 f"Engineer {n % 40}", rng.choice(["not_started", "in_progress", "done"]),
                 rng.choice(["high", "medium", "low"]), f"2027-{1 + n % 12:02d}-10",
                 "2026-11-01T00:00:00+00:00"])
        for n in range(200):
            records.insert(ws, "findings", [{
                "id": new_id(), "plan_id": plan_id, "title": f"Finding {n}",
                "description": "A description long enough to wrap a line or two. " * 3,
                "kind": "question" if n % 10 == 0 else "risk",
                "risk": ["high", "medium"][n % 2], "recommendation": "Do the thing. " * 4,
                "owner": "Owner", "status": "open", "status_reason": "",
                "created_at": "2026-11-01T00:00:00+00:00"}])
        for n in range(30):
            adr = new_id()
            records.insert(ws, "adrs", [{"id": adr, "plan_id": plan_id, "number": 1000 + n,
                                         "title": f"Decision {n}", "status": "proposed",
                                         "context": "Why we must decide. " * 10}])
            records.insert(ws, "adr_options", [
                {"id": new_id(), "plan_id": plan_id, "adr_id": adr, "position": k,
                 "title": f"Option {k}", "good": "fast\ncheap", "bad": "risky"}
                for k in range(6)])


def test_the_pack_of_a_large_plan_stays_under_twelve_pages(
    demo: Workspace, tmp_path: Path
) -> None:
    plan = new_plan("Large")
    create_plan(demo, plan)
    _seed_scale(demo, plan.id)
    out = tmp_path / "pack.pdf"
    result = export_pdf(demo, plan.id, out, MEETING)
    pages = texts(out)
    assert result.pages == len(pages) < 12
    text = " ".join(pages)
    assert "… and 285 more in the full report." in text  # SLOs at risk: 15 of 300
    assert "… and 27 more in the full report." in text  # proposed ADRs: 3 of 30
    summary = pages[1]
    assert "Top risks" in summary and "more in the full report" in summary


N_CALLERS = 32  # portrait: 3 pages; landscape: 2


def test_a_wide_diagram_gets_a_landscape_page_in_the_pack(ws: Workspace, tmp_path: Path) -> None:
    from sreplan.architecture.model import ComponentKind
    from sreplan.architecture.store import (
        add_component,
        add_dependency,
        new_component,
        new_dependency,
    )

    plan = new_plan("Wide")
    create_plan(ws, plan)
    db = add_component(ws, plan.id, new_component("Shared database", kind=ComponentKind.DATABASE))
    for n in range(N_CALLERS):  # one wide layer of callers: too many rows for portrait
        caller = add_component(ws, plan.id, new_component(f"Service {n:02}"))
        add_dependency(ws, plan.id, new_dependency(caller, db))
    out = tmp_path / "wide.pdf"
    export_pdf(ws, plan.id, out, MEETING)
    pages = PdfReader(out).pages
    wide = [n for n, p in enumerate(pages) if p.mediabox.width > p.mediabox.height]
    assert wide and wide == list(range(wide[0], wide[-1] + 1))  # consecutive pages
    text = " ".join(
        " ".join((pages[n].extract_text() or "").split()) for n in wide
    )
    assert text.startswith("Diagram") and f"Service {N_CALLERS - 1:02}" in text
    assert f"page {wide[0] + 1} of {len(pages)}" in text  # the header and footer fit it too
    after = pages[wide[-1] + 1]
    assert after.mediabox.width < after.mediabox.height  # back to portrait


def test_a_diagram_too_big_for_the_pack_is_left_to_the_full_report(
    ws: Workspace, tmp_path: Path
) -> None:
    from sreplan.architecture.model import ComponentKind
    from sreplan.architecture.store import (
        add_component,
        add_dependency,
        new_component,
        new_dependency,
    )

    plan = new_plan("Huge")
    create_plan(ws, plan)
    db = add_component(ws, plan.id, new_component("Shared database", kind=ComponentKind.DATABASE))
    for n in range(80):
        caller = add_component(ws, plan.id, new_component(f"Service {n:02}"))
        add_dependency(ws, plan.id, new_dependency(caller, db))
    out = tmp_path / "huge.pdf"
    export_pdf(ws, plan.id, out, MEETING)
    pages = PdfReader(out).pages
    assert len(pages) < 12
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pages)
    assert "The diagram of the 81 components takes" in text and "in the full report" in text


def test_the_summary_stays_one_page_with_long_texts(ws: Workspace, tmp_path: Path) -> None:
    plan = new_plan("Long")
    create_plan(ws, plan)
    long = "word " * 800
    with ws.write():
        for n in range(12):
            records.insert(ws, "findings", [{
                "id": new_id(), "plan_id": plan.id, "title": f"Finding {n} {long}",
                "description": long, "kind": "question" if n % 2 else "risk", "risk": "high",
                "recommendation": long, "owner": "Owner " + long, "status": "open",
                "status_reason": "", "created_at": "2026-11-01T00:00:00+00:00"}])
            records.insert(ws, "adrs", [{"id": new_id(), "plan_id": plan.id, "number": n,
                                         "title": f"Decision {n} {long}", "status": "proposed",
                                         "decision_makers": long}])
    out = tmp_path / "long.pdf"
    export_pdf(ws, plan.id, out, FULL)
    pages = texts(out)
    assert pages[1].startswith("Executive summary") and pages[2].startswith("Contents")
    assert "… and 7 more in the sections that follow." in pages[1]  # 12 risks, 5 shown
    # The pack caps each field too, not only the number of rows.
    assert export_pdf(ws, plan.id, tmp_path / "pack.pdf", MEETING).pages < 12


def test_changes_since_the_last_review_come_from_its_milestone(ws: Workspace) -> None:
    """Once the plan keeps a milestone, the summary lists exactly what changed since it."""
    from sreplan.bundle.milestones import record_milestone

    seed_demo(ws, DEMO_DATE)
    with ws.write():
        record_milestone(ws, DEMO_PLAN_ID, "Design review")
    slo = ws.rows("SELECT id, name FROM slos WHERE plan_id = ? ORDER BY name LIMIT 1",
                  [DEMO_PLAN_ID])[0]
    item = ws.rows("SELECT id, title FROM checkpoints WHERE plan_id = ? AND status != 'done' "
                   "ORDER BY title LIMIT 1", [DEMO_PLAN_ID])[0]
    with ws.write():
        records.update(ws, "slos", slo["id"], {"target": 99.95})
        records.update(ws, "checkpoints", item["id"], {"status": "done"})
    changes = changes_since_last_review(ws, DEMO_PLAN_ID, date.today())
    assert changes.session == "Milestone “Design review”"
    assert any(slo["name"] in t and "99.95" in t for t in changes.slo_targets)
    assert any(item["title"] in t for t in changes.closed)
    assert not changes.untracked  # a milestone tracks SLO targets too
    summary = plan_summary(ws, DEMO_PLAN_ID, date.today())
    assert summary.changes == changes
