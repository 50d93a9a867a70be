"""Plans as code: bundles round-trip byte for byte, validate, refuse bad input, gate CI."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource

from sreplan.bundle.export import bundle_files, export_bundle
from sreplan.bundle.importing import write_plan
from sreplan.bundle.parts import layout, schema_name
from sreplan.bundle.read import BundleError, read_bundle
from sreplan.bundle.schemas import generated, shipped
from sreplan.cli import main
from sreplan.features import open_workspace, seed_demo
from sreplan.kernel import Workspace
from sreplan.kernel.records import user_tables
from tests.conftest import DEMO_DATE, FIXTURES

BACKSTAGE = FIXTURES / "backstage-schema"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, str, Path]]:
    """The demo plan and its bundle, made once for the module (read-only use)."""
    root = tmp_path_factory.mktemp("bundle")
    ws = open_workspace(root / "demo.sreplan", create=True)
    plan_id = seed_demo(ws, DEMO_DATE)
    export_bundle(ws, plan_id, root / "bundle")
    yield ws, plan_id, root / "bundle"
    ws.close()


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _copy(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(folder, target)
    return target


def test_round_trip_is_byte_identical(demo: Any, tmp_path: Path) -> None:
    _, plan_id, folder = demo
    ws = open_workspace(tmp_path / "empty.sreplan", create=True)
    try:
        result = write_plan(ws, read_bundle(folder))
        assert result.created and result.plan_id == plan_id
        export_bundle(ws, plan_id, tmp_path / "again")
    finally:
        ws.close()
    assert _tree(tmp_path / "again") == _tree(folder)


def test_files_follow_the_rules(demo: Any) -> None:
    _, _, folder = demo
    files = _tree(folder)
    for name in ("plan.yaml", "slos/openslo.yaml", "slos/sreplan.yaml", "checkpoints.yaml",
                 "architecture/components.yaml", "architecture/catalog-info.yaml",
                 "architecture/findings.yaml", "capacity/resources.yaml", "README.md"):
        assert name in files, name
    assert any(re.fullmatch(r"decisions/\d{4}-[a-z0-9-]+\.md", n) for n in files)
    assert any(n.startswith("capacity/series/") and n.endswith(".csv") for n in files)
    assert any(n.startswith("incidents/postmortems/") for n in files)
    for name, data in files.items():
        text = data.decode("utf-8")
        assert "\r" not in text and text.endswith("\n"), name
    # the plan's updated_at changes with any edit: it is left out so merges don't conflict
    assert "updated_at" not in yaml.safe_load(files["plan.yaml"])["plan"]


def test_second_export_writes_nothing(demo: Any, tmp_path: Path) -> None:
    ws, plan_id, folder = demo
    target = _copy(folder, tmp_path)
    result = export_bundle(ws, plan_id, target)
    assert result.written == () and result.removed == ()


def test_export_removes_the_files_of_records_that_are_gone(demo: Any, tmp_path: Path) -> None:
    _, plan_id, folder = demo
    target = _copy(folder, tmp_path)
    ws = open_workspace(tmp_path / "w.sreplan", create=True)
    try:
        write_plan(ws, read_bundle(target))
        with ws.write() as conn:
            conn.execute("DELETE FROM adrs WHERE number = 1")
        (target / "notes.txt").write_text("mine", encoding="utf-8")
        result = export_bundle(ws, plan_id, target)
    finally:
        ws.close()
    assert [p for p in result.removed if p.startswith("decisions/0001-")]
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"  # not ours: kept
    assert "architecture/decisions.yaml" in result.written


def test_export_refuses_another_plans_bundle_but_rewrites_a_conflicted_one(
    demo: Any, tmp_path: Path
) -> None:
    ws, plan_id, folder = demo
    target = _copy(folder, tmp_path)
    other = "0b7c8a1e-9f7d-4c7e-8f6a-2d1e3c4b5a69"
    _edit_yaml(target / "plan.yaml", f"id: {plan_id}", f"id: {other}")
    with pytest.raises(Exception, match="holds the bundle of another plan"):
        export_bundle(ws, plan_id, target)
    (target / "plan.yaml").write_text("<<<<<<< HEAD\nplan: [\n=======\n", encoding="utf-8")
    result = export_bundle(ws, plan_id, target)
    assert result.written == ("plan.yaml",)


def test_export_refuses_a_folder_that_is_not_a_bundle(demo: Any, tmp_path: Path) -> None:
    ws, plan_id, _ = demo
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(Exception, match="not a plan bundle"):
        export_bundle(ws, plan_id, tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_shipped_schemas_are_current_and_valid(demo: Any) -> None:
    ws, _, folder = demo
    made = generated(ws)
    assert made == {k: v for k, v in shipped().items() if k in made}, (
        "run: python -m sreplan.bundle.schemas"
    )
    for file in layout().files:
        schema = json.loads((folder / "schema" / schema_name(file.path)).read_text("utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        data = yaml.safe_load((folder / file.path).read_text("utf-8"))
        jsonschema.Draft202012Validator(schema).validate(data)


def test_every_plan_table_is_in_a_bundle_part(demo: Any) -> None:
    ws = demo[0]
    plan_tables = {
        t for t in user_tables(ws)
        if any(r[1] == "plan_id" for r in ws.conn.execute(f"PRAGMA table_info({t})"))
    }
    kept = set(layout().tables) | {"plans"}
    assert plan_tables - kept <= {"milestones"}


def _backstage_validator(kind: str) -> jsonschema.Draft7Validator:
    base = "https://backstage.invalid/schema/"
    resources = []
    for path in BACKSTAGE.glob("*.schema.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        contents["$id"] = base + contents["$id"]
        resources.append((contents["$id"], Resource.from_contents(contents)))
    registry: Registry[Any] = Registry().with_resources(resources)
    return jsonschema.Draft7Validator(
        registry.contents(f"{base}{kind}V1alpha1"), registry=registry
    )


def test_catalog_info_is_valid_backstage(demo: Any) -> None:
    _, _, folder = demo
    entities = list(yaml.safe_load_all((folder / "architecture/catalog-info.yaml").read_text()))
    assert {e["kind"] for e in entities} == {"Component", "Resource"}
    refs = {f"{e['kind'].lower()}:default/{e['metadata']['name']}" for e in entities}
    depends = 0
    for entity in entities:
        _backstage_validator(entity["kind"]).validate(entity)
        # Backstage's object-name rule (KubernetesValidatorFunctions), not in the schema
        assert re.fullmatch(r"[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?",
                            entity["metadata"]["name"])
        for ref in entity["spec"].get("dependsOn", []):
            assert ref in refs
            depends += 1
    assert depends > 0
    with pytest.raises(jsonschema.ValidationError):
        _backstage_validator("Component").validate({**entities[0], "spec": {}})


# Updating a plan from a bundle ----------------------------------------------------------


def _edit_yaml(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_import_updates_the_plan_with_the_same_id(demo: Any, tmp_path: Path) -> None:
    _, plan_id, folder = demo
    target = _copy(folder, tmp_path)
    ws = open_workspace(tmp_path / "w.sreplan", create=True)
    try:
        write_plan(ws, read_bundle(target))
        before = ws.scalar("SELECT count(*) FROM checkpoints WHERE plan_id = ?", [plan_id])
        data = yaml.safe_load((target / "checkpoints.yaml").read_text("utf-8"))
        gone = data["checkpoints"][0]["id"]
        data["checkpoints"] = data["checkpoints"][1:]
        (target / "checkpoints.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
        _edit_yaml(target / "plan.yaml", "name: Checkout service", "name: Checkout (renamed)")
        result = write_plan(ws, read_bundle(target))
        assert not result.created
        assert ws.scalar("SELECT name FROM plans WHERE id = ?", [plan_id]) == "Checkout (renamed)"
        assert ws.scalar("SELECT count(*) FROM checkpoints WHERE plan_id = ?",
                         [plan_id]) == before - 1
        assert ws.scalar("SELECT count(*) FROM checkpoints WHERE id = ?", [gone]) == 0
        assert ws.scalar("SELECT count(*) FROM plans") == 1
    finally:
        ws.close()


def test_an_id_of_another_plan_is_refused_and_nothing_imported(
    demo: Any, tmp_path: Path
) -> None:
    _, plan_id, folder = demo
    target = _copy(folder, tmp_path)
    ws = open_workspace(tmp_path / "w.sreplan", create=True)
    try:
        seed_demo(ws, DEMO_DATE)
        other = "0b7c8a1e-9f7d-4c7e-8f6a-2d1e3c4b5a69"
        _edit_yaml(target / "plan.yaml", f"id: {plan_id}", f"id: {other}")
        for path in target.rglob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(plan_id, other), encoding="utf-8")
        with pytest.raises(BundleError, match="already belongs to another plan") as info:
            write_plan(ws, read_bundle(target))
        assert re.search(r"plan\.yaml, line \d+|\.yaml, line \d+", str(info.value))
        assert ws.scalar("SELECT count(*) FROM plans") == 1
    finally:
        ws.close()


def test_a_dangling_reference_names_file_line_and_field(demo: Any, tmp_path: Path) -> None:
    _, _, folder = demo
    target = _copy(folder, tmp_path)
    data = yaml.safe_load((target / "checkpoints.yaml").read_text("utf-8"))
    phase = data["phases"][0]["id"]
    _edit_yaml(target / "checkpoints.yaml", f"- id: {phase}\n", f"- id: {phase[:-4]}ffff\n")
    assert main(["check-bundle", str(target)]) == 2


# check-bundle and bad input -------------------------------------------------------------


def _check(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check-bundle", str(folder)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


def test_check_bundle_accepts_the_export(demo: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _check(demo[2], capsys)
    assert code == 0 and err == ""


def _anchor_bomb() -> str:
    lines = ["format: sreplan-bundle/1", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    return "\n".join(lines) + "\n"


BAD_INPUTS = {
    "missing file": (lambda d: (d / "checkpoints.yaml").unlink(), "checkpoints.yaml is missing"),
    "anchor bomb": (
        lambda d: (d / "plan.yaml").write_text(_anchor_bomb(), encoding="utf-8"),
        "aliases expand",
    ),
    "huge series": (
        lambda d: os.truncate(_csv(d), 100 * 1024 * 1024),
        "refused",
    ),
    "not utf-8": (
        lambda d: (d / "checkpoints.yaml").write_bytes(
            (d / "checkpoints.yaml").read_bytes().replace(b"title:", b"title: \xff", 1)
        ),
        "not UTF-8",
    ),
    "symlinked folder outside": (
        lambda d: os.symlink("/etc", d / "capacity/series/more"),
        "more is a symbolic link to /etc, outside the bundle; refused, not followed",
    ),
    "symlink outside": (
        lambda d: os.symlink("/etc/passwd", d / "capacity/series/outside.csv"),
        "outside the bundle; refused, not followed",
    ),
    "newer format": (
        lambda d: _edit_yaml(d / "checkpoints.yaml", "format: sreplan-bundle/1",
                             "format: sreplan-bundle/9"),
        "newer SRE Plan",
    ),
    "newer schema": (
        lambda d: _edit_yaml(d / "schema/plan.schema.json", '"x-sreplan-bundle-format": 1',
                             '"x-sreplan-bundle-format": 2'),
        "newer SRE Plan",
    ),
    "wrong type": (
        lambda d: _edit_yaml(d / "checkpoints.yaml", "  position: 0\n", "  position: first\n"),
        r"checkpoints.yaml, line \d+: position: must be a whole number",
    ),
    "unknown field": (
        lambda d: _edit_yaml(d / "checkpoints.yaml", "  position: 0\n",
                             "  position: 0\n  colour: red\n"),
        r"checkpoints.yaml, line \d+: colour: not a field SRE Plan knows here",
    ),
    "bad choice": (
        lambda d: _edit_yaml(d / "checkpoints.yaml", "  risk: high\n", "  risk: extreme\n"),
        r"checkpoints.yaml, line \d+: risk: must be one of 'high', 'medium', 'low'",
    ),
    "value a table refuses": (
        lambda d: _sub(d / "slos/sreplan.yaml", r"(?m)^  budget_spent: .*$", "  budget_spent: 500"),
        r"slos/sreplan.yaml, line \d+: alert_policy_rules record .*CHECK constraint failed",
    ),
    "number too large": (
        lambda d: _edit_yaml(d / "checkpoints.yaml", "  position: 0\n",
                             "  position: 100000000000000000000000\n"),
        r"checkpoints.yaml, line \d+: \w+ record .*too large",
    ),
    "lone surrogate": (
        lambda d: _sub(d / "checkpoints.yaml", r"(?m)^  notes: ''$", '  notes: "\\ud800"'),
        r"checkpoints.yaml, line \d+: not valid YAML \(found invalid Unicode",
    ),
    "not yaml": (
        lambda d: (d / "plan.yaml").write_text("plan: [unclosed\n", encoding="utf-8"),
        r"plan.yaml, line \d+: not valid YAML",
    ),
}


def _sub(path: Path, pattern: str, new: str) -> None:
    text, count = re.subn(pattern, lambda _: new, path.read_text(encoding="utf-8"), count=1)
    assert count == 1, pattern
    path.write_text(text, encoding="utf-8")


def _csv(folder: Path) -> Path:
    return sorted((folder / "capacity/series").glob("*.csv"))[0]


@pytest.fixture(scope="module")
def empty_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty workspace file, copied by the tests that import into one."""
    path = tmp_path_factory.mktemp("empty") / "empty.sreplan"
    open_workspace(path, create=True).close()
    return path


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_check_bundle_refuses_bad_input(
    demo: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    case: str,
    empty_file: Path,
) -> None:
    spoil, message = BAD_INPUTS[case]
    target = _copy(demo[2], tmp_path)
    spoil(target)
    code, err = _check(target, capsys)
    assert code == 2, err
    assert re.search(message, err), err
    # and import-bundle refuses it too, leaving the workspace untouched
    path = tmp_path / "w.sreplan"
    shutil.copy(empty_file, path)
    assert main(["import-bundle", str(path), str(target)]) == 2
    assert "Traceback" not in capsys.readouterr().err
    ws = open_workspace(path, read_only=True)
    assert ws.scalar("SELECT count(*) FROM plans") == 0
    ws.close()


def test_an_unknown_file_is_a_warning(
    demo: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _copy(demo[2], tmp_path)
    (target / "notes.txt").write_text("hello", encoding="utf-8")
    code, err = _check(target, capsys)
    assert code == 0
    assert "warning: notes.txt: not a file of an SRE Plan bundle; ignored." in err


def test_an_edited_derived_file_is_a_warning(
    demo: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _copy(demo[2], tmp_path)
    adr = sorted((target / "decisions").glob("*.md"))[0]
    adr.write_text(adr.read_text("utf-8") + "\nEdited in a pull request.\n", encoding="utf-8")
    code, err = _check(target, capsys)
    assert code == 0
    assert f"{adr.relative_to(target).as_posix()} does not match the plan's records" in err
    assert err.count("warning:") == 1


def test_check_bundle_of_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _check(tmp_path / "nope", capsys)[0] == 2
    code, err = _check(tmp_path, capsys)
    assert code == 2 and "is not a plan bundle: it has no plan.yaml" in err


# gate -----------------------------------------------------------------------------------


def _set_statuses(folder: Path, status: str) -> None:
    path = folder / "checkpoints.yaml"
    text = re.sub(r"(?m)^  status: \w+$", f"  status: {status}", path.read_text("utf-8"))
    path.write_text(text, encoding="utf-8")
    # An open P0 action item linked to a phase holds its gate too (issue 16): close them.
    actions = folder / "actions.yaml"
    if status == "done" and actions.exists():
        text = re.sub(r"(?m)^  status: (open|in_progress)$", "  status: done",
                      actions.read_text("utf-8"))
        actions.write_text(text, encoding="utf-8")


def test_gate_exit_codes(demo: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = demo[2]
    assert main(["gate", str(folder), "--phase", "Deployment"]) == 1
    assert "Not ready" in capsys.readouterr().out
    ready = _copy(folder, tmp_path)
    _set_statuses(ready, "done")
    assert main(["gate", str(ready), "--phase", "deployment", "--json"]) == 0
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["verdict"] == "ready" and verdict["phase"] == "Deployment"
    assert main(["gate", str(folder), "--phase", "Nowhere"]) == 2
    assert "its phases: Design" in capsys.readouterr().err
    assert main(["gate", str(tmp_path / "missing"), "--phase", "Design"]) == 2


def test_gate_ready_with_risks_exits_1(
    demo: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ready = _copy(demo[2], tmp_path)
    _set_statuses(ready, "done")
    path = ready / "checkpoints.yaml"
    text = path.read_text("utf-8")
    text = re.sub(r"(?m)^  risk: \w+$", "  risk: low", text)
    text = text.replace("  status: done", "  status: in_progress", 1)
    path.write_text(text, encoding="utf-8")
    phase = next(p for p in yaml.safe_load(text)["phases"]
             if p["id"] == yaml.safe_load(text)["checkpoints"][0]["phase_id"])["name"]
    assert main(["gate", str(ready), "--phase", phase, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["verdict"] == "ready_with_risks"


def test_lint_accepts_a_bundle_folder(demo: Any, capsys: pytest.CaptureFixture[str]) -> None:
    _, plan_id, folder = demo
    assert main(["lint", str(folder), "--plan", plan_id, "--json"]) == 0
    from_bundle = json.loads(capsys.readouterr().out)
    assert main(["lint", str(demo[0].path), "--plan", plan_id, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == from_bundle


def test_bundle_files_are_the_same_for_the_same_plan(demo: Any) -> None:
    ws, plan_id, _ = demo
    assert bundle_files(ws, plan_id) == bundle_files(ws, plan_id)
