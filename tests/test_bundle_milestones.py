"""Milestones and "what changed": a scripted sequence of edits, then the semantic list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from sreplan.bundle.export import bundle_files, export_bundle
from sreplan.bundle.milestones import (
    changes_since,
    changes_since_last_review,
    milestone_edit,
    record_milestone,
)
from sreplan.bundle.read import read_bundle
from sreplan.capacity.series_store import load_series, replace_series
from sreplan.cli import main
from sreplan.kernel import Workspace
from sreplan.kernel.bundle import Change
from sreplan.kernel.ids import new_id
from sreplan.plans.milestone_store import MilestoneError, list_milestones


def _one(ws: Workspace, sql: str, params: list[object] | None = None) -> str:
    value = ws.scalar(sql, params or [])
    assert value is not None, sql
    return str(value)


def _copy_row(ws: Workspace, table: str, source_id: str, **values: object) -> str:
    row = ws.rows(f"SELECT * FROM {table} WHERE id = ?", [source_id])[0]
    row.update(values, id=new_id())
    with ws.write() as conn:
        conn.execute(
            f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
    return str(row["id"])


def _run(ws: Workspace, sql: str, params: list[object]) -> None:
    with ws.write() as conn:
        assert conn.execute(sql, params).rowcount >= 1, sql


def _script(ws: Workspace, plan_id: str) -> dict[str, str]:
    """The edits between two reviews; returns the names the changes should mention."""
    names: dict[str, str] = {}
    slo = _one(ws, "SELECT id FROM slos WHERE plan_id = ? ORDER BY name", [plan_id])
    names["retargeted"] = _one(ws, "SELECT name FROM slos WHERE id = ?", [slo])
    _run(ws, "UPDATE slos SET target = 99.95 WHERE id = ?", [slo])
    _copy_row(ws, "slos", slo, name="search-latency", display_name="Search latency")
    open_item = _one(ws, "SELECT id FROM checkpoints WHERE plan_id = ? AND status = 'not_started' "
                     "ORDER BY title", [plan_id])
    names["checkpoint"] = _one(ws, "SELECT title FROM checkpoints WHERE id = ?", [open_item])
    _run(ws, "UPDATE checkpoints SET status = 'done' WHERE id = ?", [open_item])
    finding = _one(ws, "SELECT id FROM findings WHERE plan_id = ? AND status = 'open' "
                   "ORDER BY title", [plan_id])
    names["accepted"] = _one(ws, "SELECT title FROM findings WHERE id = ?", [finding])
    _run(ws, "UPDATE findings SET status = 'accepted_risk', status_reason = 'cost' WHERE id = ?",
         [finding])
    _copy_row(ws, "findings", finding, title="No rate limit on the API", status="open",
              lint_key=None)
    adr = _one(ws, "SELECT id FROM adrs WHERE plan_id = ? ORDER BY number", [plan_id])
    _run(ws, "UPDATE adrs SET status = 'superseded' WHERE id = ?", [adr])
    resource = _one(ws, "SELECT resource_id FROM capacity_demand WHERE plan_id = ?", [plan_id])
    names["resource"] = _one(ws, "SELECT name FROM capacity_resources WHERE id = ?", [resource])
    times, values = load_series(ws, resource)
    replace_series(ws, plan_id, resource, [*times, times[-1] + 3600], [*values, values.max() * 2])
    event = _one(ws, "SELECT id FROM capacity_events WHERE plan_id = ?", [plan_id])
    _run(ws, "UPDATE capacity_events SET starts_on = '2027-01-15' WHERE id = ?", [event])
    action = _one(ws, "SELECT id FROM incident_actions WHERE plan_id = ? "
                  "AND status IN ('open', 'in_progress') ORDER BY title", [plan_id])
    names["action"] = _one(ws, "SELECT title FROM incident_actions WHERE id = ?", [action])
    _run(ws, "UPDATE incident_actions SET status = 'done' WHERE id = ?", [action])
    return names


def _has(changes: tuple[Change, ...], area: str, kind: str, subject: str | None = None) -> bool:
    return any(c.area == area and c.kind == kind and (subject is None or c.subject == subject)
               for c in changes)


def test_changes_between_two_milestones(demo_ws: Workspace) -> None:
    plan_id = _one(demo_ws, "SELECT id FROM plans")
    record_milestone(demo_ws, plan_id, "Design review")
    names = _script(demo_ws, plan_id)
    record_milestone(demo_ws, plan_id, "Launch review")
    found = changes_since(demo_ws, plan_id, "Design review", "Launch review").changes
    assert _has(found, "SLOs", "retargeted", names["retargeted"])
    assert _has(found, "SLOs", "added", "search-latency")
    assert _has(found, "Checklist", "status", names["checkpoint"])
    assert _has(found, "Findings", "accepted", names["accepted"])
    assert _has(found, "Findings", "opened", "No rate limit on the API")
    assert _has(found, "Decisions", "status")
    assert _has(found, "Capacity", "new peak", names["resource"])
    assert _has(found, "Capacity", "date moved")
    # the sale moved earlier, so the forecast says capacity runs out earlier too
    assert any(c.kind == "date moved" and c.detail.startswith("runs out") for c in found)
    assert _has(found, "Actions", "closed", names["action"])
    retarget = next(c for c in found if c.kind == "retargeted")
    assert "→ 99.95 %" in retarget.detail
    # grouped by area in a fixed order
    areas = [c.area for c in found]
    assert areas == sorted(areas, key=["SLOs", "Checklist", "Gates", "Findings", "Decisions",
                                       "Capacity", "Actions"].index)
    # nothing changed since the last one; "since the last review" is the latest milestone
    assert changes_since(demo_ws, plan_id, "launch review").changes == ()
    last = changes_since_last_review(demo_ws, plan_id)
    assert last is not None and last.since.name == "Launch review" and last.changes == ()
    assert last.summary().endswith("no changes.")


def test_milestones_are_named_once_and_undoable(demo_ws: Workspace) -> None:
    plan_id = _one(demo_ws, "SELECT id FROM plans")
    assert changes_since_last_review(demo_ws, plan_id) is None
    edit = milestone_edit(plan_id, "  Kick-off  ")
    edit.apply(demo_ws)
    assert [m.name for m in list_milestones(demo_ws, plan_id)] == ["Kick-off"]
    with pytest.raises(MilestoneError, match="already has a milestone"):
        record_milestone(demo_ws, plan_id, "Kick-off")
    with pytest.raises(MilestoneError, match="needs a name"):
        record_milestone(demo_ws, plan_id, "   ")
    edit.revert(demo_ws)
    assert list_milestones(demo_ws, plan_id) == []
    edit.apply(demo_ws)  # redo: the same milestone again
    assert [m.name for m in list_milestones(demo_ws, plan_id)] == ["Kick-off"]


def test_milestones_go_into_the_bundle(demo_ws: Workspace, tmp_path: Path) -> None:
    plan_id = _one(demo_ws, "SELECT id FROM plans")
    record_milestone(demo_ws, plan_id, "Design review")
    _script(demo_ws, plan_id)
    record_milestone(demo_ws, plan_id, "Launch review")
    files = bundle_files(demo_ws, plan_id)
    first = yaml.safe_load(files["milestones/design-review.yaml"])
    second = yaml.safe_load(files["milestones/launch-review.yaml"])
    assert first["changes"] == [] and first["since"] is None
    assert second["since"] == "Design review"
    assert any(c["area"] == "Findings" and c["kind"] == "accepted" for c in second["changes"])
    export_bundle(demo_ws, plan_id, tmp_path / "b")
    bundle = read_bundle(tmp_path / "b")  # milestone files are known, not "unknown"
    assert not bundle.warnings
    import jsonschema

    schema = json.loads((tmp_path / "b/schema/milestone.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in (tmp_path / "b/milestones").glob("*.yaml"):
        jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(path.read_text("utf-8")))


def test_cli_milestone_and_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.sreplan"
    assert main(["new", str(path), "--demo"]) == 0
    assert main(["milestone", str(path), "--plan", "Checkout service", "Design review"]) == 0
    assert main(["milestone", str(path), "--plan", "Checkout service", "Design review"]) == 2
    capsys.readouterr()
    assert main(["changes", str(path), "--plan", "Checkout service", "--since",
                 "Design review", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["since"]["name"] == "Design review" and data["changes"] == []
    assert main(["changes", str(path), "--plan", "Checkout service", "--since", "Nope"]) == 2
    assert "its milestones: 'Design review'" in capsys.readouterr().err


def test_report_section_lists_changes_since_the_last_review(demo_ws: Workspace) -> None:
    from datetime import UTC, datetime

    from sreplan.kernel.report.registry import Preset, ReportOptions
    from sreplan.reporting.changes import SECTION

    plan_id = _one(demo_ws, "SELECT id FROM plans")
    options = ReportOptions(Preset.FULL, moment=datetime(2026, 12, 1, tzinfo=UTC))
    empty = SECTION.build(demo_ws, plan_id, options)
    assert "No milestone recorded yet" in empty[0].getPlainText()  # type: ignore[attr-defined]
    record_milestone(demo_ws, plan_id, "Design review")
    _script(demo_ws, plan_id)
    story = SECTION.build(demo_ws, plan_id, options)
    assert story[0].getPlainText().startswith("Since Design review")  # type: ignore[attr-defined]
    assert len(story) == 2  # the summary and the table
