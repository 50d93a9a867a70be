"""The capacity commands: import-series, forecast and chart, as scripts use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sreplan.capacity.series_store import load_series
from sreplan.capacity.store import find_resource
from sreplan.cli import main
from sreplan.features import open_workspace
from sreplan.plans.demo import DEMO_PLAN_ID


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sreplan"
    assert main(["new", str(path), "--demo"]) == 0
    return path


def test_import_series_creates_the_resource_and_reports_counts(
        demo_file: Path, fixtures_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = fixtures_dir / "capacity" / "solar-half-hourly.csv"
    code = main(["import-series", str(demo_file), "--plan", "Checkout service",
                 "--resource", "Solar feed", str(source)])
    assert code == 0
    assert "created resource 'Solar feed': 289 points imported, none skipped." in \
        capsys.readouterr().out
    ws = open_workspace(demo_file, read_only=True)
    try:
        resource = find_resource(ws, DEMO_PLAN_ID, "Solar feed")
        assert resource is not None
        assert len(load_series(ws, resource.id)[0]) == 289
    finally:
        ws.close()


def test_a_bad_csv_is_one_line_on_stderr_and_nothing_is_written(
        demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("t,v\n2024-01-01,1\n2024-01-02,oops\n")
    before = demo_file.read_bytes()
    code = main(["import-series", str(demo_file), "--plan", "Checkout service",
                 "--resource", "New", str(bad)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "line 3" in err and "oops" in err
    assert demo_file.read_bytes() == before


def test_forecast_prints_every_figure_and_json(
        demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forecast", str(demo_file), "--plan", "Checkout service",
                 "--horizon", "6m"]) == 0
    out = capsys.readouterr().out
    for text in ("Checkout API peak RPS", "model:", "peak by", "units needed",
                 "time to exhaustion", "order by", "Seasonal sale", "Growth assumption"):
        assert text in out
    assert main(["forecast", str(demo_file), "--plan", "Checkout service", "--resource",
                 "Checkout API peak RPS", "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert item["model"] and item["exhaustion"]
    (sale,) = [e for e in item["events"] if e["name"] == "Seasonal sale"]
    assert sale["units_needed"] > item["current_units"]  # the demo's real warning


def test_forecast_refuses_a_bad_horizon(demo_file: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forecast", str(demo_file), "--plan", "Checkout service",
                 "--horizon", "later"]) == 2
    assert "horizon 'later'" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".svg", ".png", ".pdf"])
def test_chart_renders_headless(demo_file: Path, tmp_path: Path, suffix: str,
                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"chart{suffix}"
    assert main(["chart", str(demo_file), "--plan", "Checkout service", "--resource",
                 "Orders DB storage", "-o", str(out)]) == 0
    assert out.stat().st_size > 1000


def test_chart_names_unknown_resources(demo_file: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chart", str(demo_file), "--plan", "Checkout service", "--resource", "Nope",
                 "-o", str(tmp_path / "x.svg")]) == 2
    assert "no resource 'Nope'" in capsys.readouterr().err


def test_start_up_paths_do_not_import_numpy_or_matplotlib() -> None:
    import subprocess
    import sys

    code = ("import sys; from sreplan.cli import _command_parser; _command_parser(); "
            "import sreplan.features, sreplan.plans.demo, sreplan.ui.sections; "
            "print(sorted(m for m in ('numpy', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
