"""The checkpoint commands: templates, apply-template and export-checklist."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from sreplan.cli import main


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sreplan"
    assert main(["new", str(path), "--demo"]) == 0
    return path


def test_templates_lists_built_ins_as_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["templates"]) == 0
    out = capsys.readouterr().out
    assert "Production Readiness Review" in out and "built-in" in out
    assert main(["templates", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {t["key"] for t in data} == {"prr", "launch", "practices"}
    assert all(t["builtin"] and t["items"] > 5 for t in data)


def test_apply_template_by_name_then_again(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["apply-template", str(demo_file), "--plan", "Checkout service", "launch"]) == 0
    assert capsys.readouterr().out.strip() == "Launch checklist: added 13 items, 0 already present"
    assert main(["apply-template", str(demo_file), "--plan", "Checkout service", "prr"]) == 0
    assert "added 0 items, 18 already present" in capsys.readouterr().out


def test_apply_template_from_a_yaml_file(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = tmp_path / "team.yaml"
    team.write_text(
        "key: team\nname: Team\nitems:\n  - {key: team.a, phase: Testing, title: Soak test}\n",
        encoding="utf-8",
    )
    assert main(["apply-template", str(demo_file), "--plan", "Checkout service", str(team)]) == 0
    assert "Team: added 1 item, 0 already present" in capsys.readouterr().out


def test_bad_template_file_is_refused_with_line_and_nothing_changes(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = demo_file.read_bytes()
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "key: bad\nname: Bad\nitems:\n  - {key: a, phase: Design, title: A}\n"
        "  - {key: b, phase: Design, title: B, risk: extreme}\n",
        encoding="utf-8",
    )
    assert main(["apply-template", str(demo_file), "--plan", "Checkout service", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{bad}, line 5: unknown risk 'extreme'" in err
    assert demo_file.read_bytes() == before


def test_unknown_template_and_plan_are_user_errors(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["apply-template", str(demo_file), "--plan", "Checkout service", "nope"]) == 2
    assert "no template named 'nope'" in capsys.readouterr().err
    assert main(["export-checklist", str(demo_file), "--plan", "Nope", "--format", "md"]) == 2
    assert "no plan" in capsys.readouterr().err


def test_export_markdown_is_a_task_list_grouped_by_phase(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["export-checklist", str(demo_file), "--plan", "Checkout service",
                 "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# Checklist: Checkout service")
    assert "**Gate:** Not ready: 2 High-risk items open" in md
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == ["## Design", "## Development", "## Testing", "## Deployment",
                        "## Operations"]
    assert md.count("- [x] ") == 10
    assert "- [ ] ~~Resource efficiency reviewed~~ — Waived (Business priorities" in md


def test_export_csv_to_a_file_has_every_field(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "list.csv"
    assert main(["export-checklist", str(demo_file), "--plan", "Checkout service",
                 "--format", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 18
    assert {"title", "guidance", "category", "owner_side", "owner", "status", "waiver_reason",
            "risk", "due_date", "evidence", "notes", "updated_at"} <= set(rows[0])
    waived = [r for r in rows if r["status"] == "Waived"]
    assert waived[0]["waiver_reason"] == "Business priorities"


def test_export_json_carries_gates(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["export-checklist", str(demo_file), "--plan", "Checkout service",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["gate"]["verdict"] == "not_ready"
    assert data["gate"]["open_high_risk"] == 2
    assert sum(len(p["items"]) for p in data["phases"]) == 18
