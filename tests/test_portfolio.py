"""The portfolio on the demo workspace (figures checked by hand), its command and its PDF."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from sreplan.checkpoints.gates import Verdict
from sreplan.cli import main
from sreplan.features import open_workspace, seed_demo_workspace
from sreplan.kernel import Workspace
from sreplan.plans.store import duplicate_plan
from sreplan.portfolio.demo import LEDGER_PLAN_ID, SEARCH_PLAN_ID
from sreplan.portfolio.figures import portfolio
from tests.conftest import DEMO_DATE


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("portfolio") / "demo.sreplan"
    ws = open_workspace(path, create=True)
    seed_demo_workspace(ws, DEMO_DATE)
    ws.close()
    return path


def test_portfolio_figures_on_the_demo_workspace(demo_file: Path) -> None:
    ws = open_workspace(demo_file, read_only=True)
    try:
        rows = {r.service: r for r in portfolio(ws, DEMO_DATE)}
    finally:
        ws.close()
    assert list(rows) == ["Checkout service", "Payments ledger", "Search service"]
    search = rows["Search service"]
    # One SEV-2 full outage of 25 minutes, 12 days ago, against a 99.9% / 30-day SLO:
    # 25 / (0.001 × 43,200 min) = 57.9% of the budget, over the 50% line.
    assert (search.incidents_90d, search.slos_at_risk) == (1, 1)
    # Phases 1-4 all done; the fifth holds one open Medium item.
    assert (search.phase, search.gate) == ("Operations", Verdict.READY_WITH_RISKS)
    assert search.next_review == DEMO_DATE + timedelta(days=18) and not search.review_overdue
    assert search.capacity_shortfalls is None and search.next_event is None
    ledger = rows["Payments ledger"]
    # A High item in progress in Development; one open High finding due 5 days ago.
    assert (ledger.phase, ledger.gate) == ("Development", Verdict.NOT_READY)
    assert (ledger.open_p0, ledger.overdue_actions) == (1, 1)
    assert (ledger.incidents_90d, ledger.slos_at_risk) == (0, 0)
    assert ledger.review_overdue and ledger.review_due == DEMO_DATE - timedelta(days=32)
    checkout = rows["Checkout service"]
    assert (checkout.phase, checkout.gate) == ("Design", Verdict.READY_WITH_RISKS)
    assert checkout.next_event == f"Seasonal sale ({(DEMO_DATE + timedelta(days=60)).isoformat()})"
    # The sale is the checkout API's alone, which needs more units than today's for it
    # (the demo's own warning, tests/test_capacity_cli.py).
    assert checkout.capacity_shortfalls == 1
    assert checkout.review_overdue and checkout.next_review == DEMO_DATE + timedelta(days=2)
    assert checkout.incidents_90d == 0  # the demo's incidents are a year old


def test_portfolio_command_prints_json(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["portfolio", str(demo_file), "--json", "--date", DEMO_DATE.isoformat()]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["date"] == DEMO_DATE.isoformat()
    by_id = {p["plan_id"]: p for p in data["plans"]}
    assert by_id[SEARCH_PLAN_ID]["slos_at_risk"] == 1
    assert by_id[LEDGER_PLAN_ID]["gate"] == "not_ready"
    assert by_id[LEDGER_PLAN_ID]["review_overdue"] is True
    assert set(data["definitions"]) >= {"slos_at_risk", "capacity_shortfalls"}
    assert main(["portfolio", str(demo_file)]) == 0
    assert "Payments ledger" in capsys.readouterr().out


def test_portfolio_command_refuses_a_bad_date(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["portfolio", str(demo_file), "--date", "soon"]) == 2
    assert "sreplan: error: --date soon" in capsys.readouterr().err


def test_portfolio_pdf_is_one_page_even_with_many_plans(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "portfolio.pdf"
    args = ["export-pdf", str(demo_file), "--portfolio", "-o", str(out), "--date", "2026-11-27"]
    assert main(args) == 0
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Payments ledger" in text and "Search service" in text
    many = tmp_path / "many.sreplan"
    many.write_bytes(demo_file.read_bytes())
    ws: Workspace = open_workspace(many)
    try:
        for n in range(27):
            duplicate_plan(ws, SEARCH_PLAN_ID, f"Search copy {n:02d}")
    finally:
        ws.close()
    assert main(["export-pdf", str(many), "--portfolio", "-o", str(out)]) == 0
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    assert "more plans are not shown" in reader.pages[0].extract_text().replace("\n", " ")
    assert main(["export-pdf", str(many), "--portfolio", "--plan", "x", "-o", str(out)]) == 2
    assert "--portfolio covers every plan" in capsys.readouterr().err
