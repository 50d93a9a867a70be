"""resilience, import-chaos, export-chaos, import-rollout, export-rollout (a contract)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sreplan.cli import main
from sreplan.features import open_action_items, open_workspace, seed_demo
from sreplan.resilience import store
from tests.conftest import DEMO_DATE

FIXTURES = Path(__file__).parent / "fixtures"
PLAN = "Checkout service"


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sreplan"
    ws = open_workspace(path, create=True)
    seed_demo(ws, DEMO_DATE)
    ws.close()
    return path


def test_demo_orders_database_fails_two_checks(demo_file: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resilience", str(demo_file), "--plan", PLAN, "--json",
                 "--date", DEMO_DATE.isoformat()]) == 0
    data = json.loads(capsys.readouterr().out)
    db = next(o for o in data["objectives"] if o["subject"] == "Orders database")
    assert (db["rpo_seconds"], db["rto_seconds"], db["reachable_rpo_seconds"]) == (300, 3600, 90)
    failing = [c for c in data["checks"] if not c["passed"]]
    about_db = sorted(c["check"] for c in failing if c["subject"] == "Orders database")
    assert about_db == ["no_restore_test", "slow_restore"]
    assert "2 h 10 min" in next(c["reason"] for c in failing if c["check"] == "slow_restore")
    [deviated] = [e for e in data["experiments"]
                  if e["last_run"] and e["last_run"]["outcome"] == "deviated"]
    assert deviated["abort"]["burn_rate"] == pytest.approx(14.4)
    [rollout] = data["rollouts"]
    assert rollout["budget_at_risk_seconds"] == pytest.approx(36.0)
    assert rollout["total_seconds"] == 7 * 3600 + 40 * 60


def test_text_output(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resilience", str(demo_file), "--plan", PLAN]) == 0
    out = capsys.readouterr().out
    assert "Orders database: RPO 5 min (reachable 1.5 min), RTO 1 h" in out
    assert "[FAIL]" in out and "Checkout API canary" in out


def test_failing_checks_are_action_items(demo_file: Path) -> None:
    ws = open_workspace(demo_file)
    try:
        plan = ws.scalar("SELECT id FROM plans")
        items = [i for i in open_action_items(ws, plan) if i.source == "Resilience"]
        titles = " | ".join(i.title for i in items)
        assert "longer than the RTO" in titles and "deviated" in titles
        finding = ws.scalar("SELECT f.title FROM experiment_runs r JOIN findings f "
                            "ON f.id = r.finding_id WHERE r.outcome = 'deviated'")
        assert finding == "Session cache runs on one node"
    finally:
        ws.close()


def test_chaos_import_export_round_trip(demo_file: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    fixture = FIXTURES / "chaostoolkit" / "check-file-exists.json"
    assert main(["import-chaos", str(demo_file), "--plan", PLAN, str(fixture)]) == 0
    assert "imported 1 experiments: Check file is there" in capsys.readouterr().out
    out = tmp_path / "out"
    assert main(["export-chaos", str(demo_file), "--plan", PLAN, "-o", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert "check-file-is-there.json" in names
    assert "orders-database-zone-failover.json" in names
    # the app-made experiment without a method is named, not written half-made
    err = capsys.readouterr().err
    assert "not written: Experiment 'Payment provider outage' has no method" in err
    assert "payment-provider-outage.json" not in names
    exported = json.loads((out / "check-file-is-there.json").read_text())
    original = json.loads(fixture.read_text())
    assert exported["method"] == original["method"]
    assert exported["steady-state-hypothesis"] == original["steady-state-hypothesis"]
    fresh = tmp_path / "fresh.sreplan"
    ws = open_workspace(fresh, create=True)
    seed_demo(ws, DEMO_DATE)
    ws.close()
    first = (out / "orders-database-zone-failover.json").read_text()
    assert main(["import-chaos", str(fresh), "--plan", PLAN,
                 str(out / "orders-database-zone-failover.json")]) == 0
    again = tmp_path / "again"
    assert main(["export-chaos", str(fresh), "--plan", PLAN, "-o", str(again)]) == 0
    assert (again / "orders-database-zone-failover-2.json").read_text() == first


def test_old_chaos_format_is_refused_and_nothing_imported(
        demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = FIXTURES / "chaostoolkit" / "check-file-exists.json"
    old = FIXTURES / "chaostoolkit" / "well-formed-experiment.json"
    assert main(["import-chaos", str(demo_file), "--plan", PLAN, str(good), str(old)]) == 2
    err = capsys.readouterr().err
    assert "older Chaos Toolkit format" in err and "nothing was imported" in err
    assert "Traceback" not in err
    ws = open_workspace(demo_file)
    try:
        assert ws.scalar("SELECT count(*) FROM experiments WHERE title LIKE 'Check file%'") == 0
    finally:
        ws.close()


def test_rollout_import_export(demo_file: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    src = FIXTURES / "argo-rollouts" / "rollout-canary.yaml"
    assert main(["import-rollout", str(demo_file), "--plan", PLAN, "--component",
                 "Inventory service", str(src)]) == 0
    captured = capsys.readouterr()
    assert "not kept" in captured.err and "spec.template" in captured.err
    out = tmp_path / "out.yaml"
    assert main(["export-rollout", str(demo_file), "--plan", PLAN, "--component",
                 "Inventory service", "-o", str(out)]) == 0
    first = out.read_text()
    assert "setWeight: 20" in first and "duration: 40s" in first
    # the demo canary's analysis comes from the SLI's Prometheus queries
    assert main(["export-rollout", str(demo_file), "--plan", PLAN, "--component",
                 "Checkout API"]) == 0
    text = capsys.readouterr().out
    assert "kind: AnalysisTemplate" in text and "/checkout" in text
    assert "result[0] > 0.0144" in text


def test_rollout_errors_name_the_problem(demo_file: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-rollout", str(demo_file), "--plan", PLAN, "--component", "Nope",
                 str(FIXTURES / "argo-rollouts" / "rollout-canary.yaml")]) == 2
    assert "no component named 'Nope'" in capsys.readouterr().err
    assert main(["import-rollout", str(demo_file), "--plan", PLAN, "--component",
                 "Checkout API", str(FIXTURES / "argo-rollouts" / "analysis-templates.yaml")]) == 2
    assert "no Rollout found" in capsys.readouterr().err
    ws = open_workspace(demo_file)
    try:
        plan = ws.scalar("SELECT id FROM plans")
        assert len(store.list_rollouts(ws, plan)) == 1
    finally:
        ws.close()


def test_report_section_lists_failing_checks_and_deviated_experiments(
        demo_file: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    def text_of(preset: str) -> str:
        out = tmp_path / f"{preset}.pdf"
        choice = ["--sections", "risks"] if preset == "risks" else ["--preset", preset]
        assert main(["export-pdf", str(demo_file), "--plan", PLAN, "-o", str(out), *choice,
                     "--date", DEMO_DATE.isoformat()]) == 0
        return " ".join(" ".join((p.extract_text() or "") for p in PdfReader(out).pages).split())

    full = text_of("full")
    assert "Resilience" in full and "Failing checks" in full
    assert "longer than the RTO of 1 h" in full
    assert "2026-11-15: Deviated" in full  # the demo's deviated run, twelve days before
    assert "Checkout API canary" in full
    risks = text_of("risks")  # open risks list failing checks and deviated experiments
    assert "longer than the RTO of 1 h" in risks
    assert "Experiment 'Session cache node loss' deviated" in risks


def test_exported_experiments_are_valid_for_chaos_toolkit(demo_file: Path, tmp_path: Path) -> None:
    """Chaos Toolkit's own validator accepts every file export-chaos writes."""
    from chaoslib.experiment import ensure_experiment_is_valid

    fixture = FIXTURES / "chaostoolkit" / "check-file-exists.json"
    assert main(["import-chaos", str(demo_file), "--plan", PLAN, str(fixture)]) == 0
    out = tmp_path / "out"
    assert main(["export-chaos", str(demo_file), "--plan", PLAN, "-o", str(out)]) == 0
    files = sorted(out.glob("*.json"))
    assert len(files) == 2
    for path in files:
        ensure_experiment_is_valid(json.loads(path.read_text()))
