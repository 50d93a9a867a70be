"""The budget, import-openslo and export-openslo commands (a contract with scripts)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sreplan.cli import main
from sreplan.features import open_workspace, seed_demo
from sreplan.slo.store import list_slos


def test_budget_prints_the_published_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["budget", "99.9", "--window", "30d"]) == 0
    out = capsys.readouterr().out
    assert "43.2 minutes" in out
    rows = [
        line.split() for line in out.splitlines() if line.strip().startswith(("page", "ticket"))
    ]
    assert [r[3] for r in rows] == ["14.4", "6", "3", "1"]
    assert "8 h 45.6 min" in out  # a year at 99.9 %


def test_budget_json_has_the_same_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["budget", "99.99", "--json", "--rate", "100"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["budget"]["bad_minutes"] == pytest.approx(4.32)
    assert data["budget"]["bad_events"] == pytest.approx(25_920)
    assert [a["burn_rate"] for a in data["alerts"]] == pytest.approx([14.4, 6, 3, 1])
    assert data["alerts"][0]["error_ratio_threshold"] == pytest.approx(14.4 * 0.0001)
    assert {r["period"] for r in data["downtime"]} >= {"Day", "Week", "28 days", "30 days"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["budget", "100"], "strictly between 0 and 100"),
        (["budget", "abc"], "TARGET 'abc'"),
        (["budget", "99.9", "--window", "30"], "--window"),
    ],
)
def test_budget_refuses_bad_input_in_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sreplan"
    ws = open_workspace(path, create=True)
    seed_demo(ws)
    ws.close()
    return path


def test_export_then_import_through_the_cli(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fixtures_dir: Path
) -> None:
    out = tmp_path / "out.yaml"
    assert (
        main(["export-openslo", str(demo_file), "--plan", "Checkout service", "-o", str(out)]) == 0
    )
    assert "kind: SLO" in out.read_text()
    assert main(["export-openslo", str(demo_file), "--plan", "Checkout service"]) == 0
    assert capsys.readouterr().out.startswith("apiVersion: openslo/v1")

    files = [str(p) for p in sorted((fixtures_dir / "openslo").glob("*.yaml"))]
    assert main(["import-openslo", str(demo_file), "--plan", "Checkout service", *files]) == 0
    captured = capsys.readouterr()
    assert "imported 5 SLOs" in captured.out
    assert "1m is 1 minute" in captured.err
    ws = open_workspace(demo_file, read_only=True)
    try:
        assert len(list_slos(ws, ws.scalar("SELECT id FROM plans"))) == 8
    finally:
        ws.close()


def test_import_errors_are_one_line_and_import_nothing(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\nspec:\n  service: s\n")
    assert main(["import-openslo", str(demo_file), "--plan", "Checkout service", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml, document 1, spec.indicator: required field is missing" in err
    assert "nothing was imported" in err and len(err.strip().splitlines()) == 1
    assert main(["import-openslo", str(demo_file), "--plan", "Nope", str(bad)]) == 2
    assert main(["export-openslo", str(demo_file), "--plan", "Nope"]) == 2
    assert "no plan" in capsys.readouterr().err
