"""Checklist templates: built-ins, idempotent apply, YAML round trip and bad templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from sreplan.checkpoints.formats.template_yaml import (
    TemplateError,
    builtin_templates,
    dump_template,
    parse_template,
)
from sreplan.checkpoints.model import Category, CheckpointStatus, Risk
from sreplan.checkpoints.store import add_phase, list_checkpoints, list_phases, set_status
from sreplan.checkpoints.template_store import (
    apply_template,
    custom_templates,
    find_template,
    plan_as_template,
    save_custom_template,
)
from sreplan.kernel import Workspace
from sreplan.kernel.errors import WorkspaceError
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.plans.store import insert_plan, new_plan

PRACTICES = ("phased rollout", "canary", "blue-green", "rollback", "chaos", "crash", "restore")


def make_plan(ws: Workspace, name: str = "Payments") -> str:
    plan = new_plan(name)
    insert_plan(ws, plan)
    return plan.id


def test_builtin_templates_cover_prr_launch_and_the_practices() -> None:
    templates = {t.key: t for t in builtin_templates()}
    assert set(templates) == {"prr", "launch", "practices"}
    prr_categories = {i.category for i in templates["prr"].items}
    assert {
        Category.ARCHITECTURE, Category.MONITORING, Category.EMERGENCY, Category.CAPACITY,
        Category.CHANGE,
    } <= prr_categories
    launch = " ".join(i.title.casefold() for i in templates["launch"].items)
    for topic in ("n+2", "failover", "monitoring", "security", "canaries", "growth", "external"):
        assert topic in launch
    practices = {i.title.casefold(): i.phase for i in templates["practices"].items}
    for topic in PRACTICES:
        assert any(topic in title for title in practices), topic
    assert practices["chaos experiment run against a dependency failure"] == "Development"
    assert practices["canary release with automated analysis"] == "Deployment"
    keys = [i.key for t in templates.values() for i in t.items]
    assert len(keys) == len(set(keys)), "template keys must be unique across built-ins"


def test_applying_a_template_twice_adds_nothing_twice(ws: Workspace) -> None:
    plan_id = make_plan(ws)
    prr = find_template(ws, "Production Readiness Review")
    first = apply_template(ws, plan_id, prr)
    assert (first.added, first.present) == (len(prr.items), 0)
    items = list_checkpoints(ws, plan_id)
    set_status(ws, [items[0].id], CheckpointStatus.DONE)
    second = apply_template(ws, plan_id, prr)
    assert (second.added, second.present) == (0, len(prr.items))
    after = list_checkpoints(ws, plan_id)
    assert len(after) == len(prr.items)
    assert after[0].status is CheckpointStatus.DONE, "re-applying must keep the user's work"
    assert [p.name for p in list_phases(ws, plan_id)] == [
        "Design", "Development", "Testing", "Deployment", "Operations"
    ]


def test_applying_merges_by_key_and_creates_missing_phases(ws: Workspace) -> None:
    plan_id = make_plan(ws)
    apply_template(ws, plan_id, find_template(ws, "prr"))
    custom = parse_template(
        """
key: team
name: Team standard
phases: [Design, Game day]
items:
  - {key: prr.architecture.diagram, phase: Design, title: Same key as the PRR}
  - {key: team.game-day, phase: game day, title: Run a game day, risk: high}
"""
    )
    result = apply_template(ws, plan_id, custom)
    assert (result.added, result.present, result.phases_added) == (1, 1, 1)
    phases = list_phases(ws, plan_id)
    assert phases[-1].name == "Game day"
    added = [c for c in list_checkpoints(ws, plan_id) if c.template_key == "team.game-day"]
    assert added[0].phase_id == phases[-1].id and added[0].risk is Risk.HIGH


def test_yaml_round_trip_keeps_every_field() -> None:
    for template in builtin_templates():
        again = parse_template(dump_template(template), builtin=True)
        assert again == template
    waived = parse_template(
        """
key: w
name: W
items:
  - key: w.one
    phase: Operations
    title: Pager duty
    status: Waived
    waiver_reason: other
    waiver_note: "Handled by the vendor: see contract §4"
"""
    )
    assert parse_template(dump_template(waived)) == waived


def test_custom_template_saved_in_the_workspace_and_applied_elsewhere(ws: Workspace) -> None:
    source = make_plan(ws, "Source")
    apply_template(ws, source, find_template(ws, "launch"))
    design = list_phases(ws, source)[0]
    from sreplan.checkpoints.model import Checkpoint
    from sreplan.checkpoints.store import add_checkpoint
    from sreplan.kernel.ids import new_id

    add_checkpoint(ws, Checkpoint(new_id(), source, design.id, "Our own: threat model signed"))
    template = plan_as_template(ws, source, "acme", "ACME standard", "What we ask of every team")
    assert len(template.items) == 14
    save_custom_template(ws, template)
    assert [t.key for t in custom_templates(ws)] == ["acme"]
    assert apply_template(ws, source, find_template(ws, "ACME standard")).added == 0
    target = make_plan(ws, "Target")
    assert apply_template(ws, target, find_template(ws, "acme")).added == 14
    with pytest.raises(WorkspaceError, match="built-in"):
        save_custom_template(ws, builtin_templates()[0])


BAD = [
    ("key: x\nname: X: Y\nitems: []\n", "line 2: not valid YAML"),
    ("key: x\nname: X\nitems:\n  - {key: a, phase: Design, title: A, status: finished}\n",
     "line 4: unknown status 'finished'"),
    ("key: x\nname: X\nitems:\n  - {key: a, phase: Design, title: A, risk: severe}\n",
     "line 4: unknown risk 'severe'"),
    ("key: x\nname: X\nitems:\n  - {key: a, phase: Launch, title: A}\n",
     "line 4: unknown phase 'Launch'"),
    ("key: x\nname: X\nitems:\n  - {key: a, phase: Design, title: A}\n"
     "  - {key: a, phase: Design, title: B}\n",
     "line 5: duplicate key 'a' (first used on line 4)"),
    ("key: x\nname: X\nitems:\n  - key: a\n    phase: Design\n", "line 4: item has no 'title'"),
    ("key: x\nname: X\nitems:\n  - {key: a, phase: Design, title: '  '}\n",
     "line 4: field 'title' must not be empty"),
    ("key: x\nname: X\nitems:\n  - key: a\n    phase: Design\n    title: A\n    status: waived\n",
     "line 7: item 'a': A Waived item needs a reason"),
    ("key: x\nname: X\nitems:\n  - {key: a, phase: Design, title: A, owner: me}\n",
     "line 4: unknown field 'owner'"),
    ("key: x\nkey: y\nname: X\nitems: []\n", "line 2: field 'key' appears twice"),
    ("name: X\nitems: []\n", "line 1: the template has no 'key' field"),
    ("key: Not A Key\nname: X\nitems: []\n", "line 1: key 'Not A Key' must be lower-case"),
    ("", "the file is empty"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_templates_are_refused_naming_line_and_field(text: str, message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        parse_template(text, "team.yaml")
    assert str(caught.value).startswith("team.yaml")
    assert message in str(caught.value)


def test_demo_plan_has_the_prr_two_open_high_risk_items_and_a_waiver(
    demo_ws: Workspace,
) -> None:
    items = list_checkpoints(demo_ws, DEMO_PLAN_ID)
    assert {c.template_key for c in items} == {i.key for i in find_template(None, "prr").items}
    open_high = [c for c in items if c.status.is_open and c.risk is Risk.HIGH]
    assert len(open_high) == 2
    waived = [c for c in items if c.status is CheckpointStatus.WAIVED]
    assert len(waived) == 1 and waived[0].waiver_reason is not None and waived[0].waiver_note
    assert len({c.status for c in items}) >= 5


def test_template_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    from sreplan.checkpoints.formats.template_yaml import read_template_file

    path = tmp_path / "bin.yaml"
    path.write_bytes(b"\xff\xfe\x00key")
    with pytest.raises(TemplateError, match="not UTF-8 text"):
        read_template_file(path)


def test_duplicate_phase_names_are_refused(ws: Workspace) -> None:
    plan_id = make_plan(ws)
    add_phase(ws, plan_id, "Design")
    with pytest.raises(WorkspaceError, match="already has a phase named"):
        add_phase(ws, plan_id, "design")
