"""sreplan lint / export-adr / import-adr: output, exit codes and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sreplan.architecture.adr_store import list_adrs
from sreplan.cli import main
from sreplan.features import open_workspace, seed_demo
from sreplan.plans.demo import DEMO_PLAN_ID
from tests.conftest import DEMO_DATE


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sreplan"
    ws = open_workspace(path, create=True)
    seed_demo(ws, DEMO_DATE)
    ws.close()
    return path


def test_lint_prints_and_gates(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(demo_file), "--plan", "Checkout service"]) == 0
    out = capsys.readouterr().out
    assert "HIGH    Critical sync call without a timeout" in out
    assert "[dismissed]" in out and "[finding]" in out
    assert main(["lint", str(demo_file), "--plan", DEMO_PLAN_ID, "--fail-on", "high"]) == 1
    assert main(["lint", str(demo_file), "--plan", DEMO_PLAN_ID, "--fail-on", "medium"]) == 1


def test_lint_json_and_a_clean_plan(
    tmp_path: Path, demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", str(demo_file), "--plan", DEMO_PLAN_ID, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"rule", "risk", "evidence", "components", "triage"} <= set(data[0])
    assert data[0]["risk"] == "high"
    empty = tmp_path / "empty.sreplan"
    assert main(["new", str(empty)]) == 0
    ws = open_workspace(empty)
    from sreplan.plans.store import insert_plan, new_plan

    insert_plan(ws, new_plan("Empty"))
    ws.close()
    capsys.readouterr()
    assert main(["lint", str(empty), "--plan", "Empty", "--fail-on", "medium"]) == 0
    assert "No suggestions" in capsys.readouterr().out


def test_lint_user_errors(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(demo_file), "--plan", "Nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sreplan: error: no plan") and "Traceback" not in err


def test_export_and_import_adr(
    tmp_path: Path, demo_file: Path, capsys: pytest.CaptureFixture[str], fixtures_dir: Path
) -> None:
    out = tmp_path / "adrs"
    assert main(["export-adr", str(demo_file), "--plan", DEMO_PLAN_ID, "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "0001-use-an-asynchronous-replica-for-the-orders-database.md",
        "0002-put-a-circuit-breaker-around-the-payment-provider.md",
    ]
    capsys.readouterr()
    assert (
        main(
            [
                "import-adr",
                str(demo_file),
                "--plan",
                DEMO_PLAN_ID,
                str(fixtures_dir / "madr"),
                str(out / next(iter(sorted(p.name for p in out.iterdir())))),
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "renumbered to ADR-0017" in text and "imported 6 ADRs" in text
    ws = open_workspace(demo_file, read_only=True)
    assert len(list_adrs(ws, DEMO_PLAN_ID)) == 8
    ws.close()


def test_import_adr_refuses_bad_files(
    tmp_path: Path, demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "0009-bad.md"
    bad.write_text("---\nstatus: [\n---\n# T\n", encoding="utf-8")
    assert main(["import-adr", str(demo_file), "--plan", DEMO_PLAN_ID, str(bad)]) == 2
    err = capsys.readouterr().err
    assert "0009-bad.md, line" in err and "Nothing was imported" in err
    assert main(["import-adr", str(demo_file), "--plan", DEMO_PLAN_ID, str(tmp_path / "no")]) == 2


def test_lint_uses_the_plans_chain_limit(demo_file: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from sreplan.architecture.lint import LintSettings
    from sreplan.architecture.lint_triage import save_lint_settings

    ws = open_workspace(demo_file)
    save_lint_settings(ws, DEMO_PLAN_ID, LintSettings(max_sync_depth=4))
    ws.close()
    main(["lint", str(demo_file), "--plan", DEMO_PLAN_ID])
    assert "Deep synchronous chain" not in capsys.readouterr().out
    main(["lint", str(demo_file), "--plan", DEMO_PLAN_ID, "--max-depth", "2"])
    assert "Deep synchronous chain" in capsys.readouterr().out
