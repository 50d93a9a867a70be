"""sreplan export-pdf: the command-line contract and its error exits."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from sreplan.cli import main
from sreplan.kernel import Workspace
from sreplan.plans.demo import DEMO_PLAN_ID


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("sreplan: error: ")
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def demo_file(demo_ws: Workspace) -> str:
    return str(demo_ws.path)


def test_exports_the_full_report_by_plan_name(
    demo_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.pdf"
    code, stdout, _ = run(
        capsys,
        "export-pdf",
        demo_file,
        "--plan",
        "Checkout service",
        "-o",
        str(out),
        "--date",
        "2026-11-27",
    )
    assert code == 0
    reader = PdfReader(out)
    assert stdout.strip() == f"wrote {out} ({len(reader.pages)} pages)"
    assert "Executive summary" in reader.pages[1].extract_text()
    assert "Contents" in reader.pages[2].extract_text()


def test_meeting_preset_and_sections(
    demo_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "meeting.pdf"
    assert (
        run(
            capsys,
            "export-pdf",
            demo_file,
            "--plan",
            DEMO_PLAN_ID,
            "-o",
            str(out),
            "--preset",
            "meeting",
        )[0]
        == 0
    )
    assert "meeting pack" in PdfReader(out).pages[0].extract_text()
    out = tmp_path / "custom.pdf"
    assert (
        run(
            capsys,
            "export-pdf",
            demo_file,
            "--plan",
            DEMO_PLAN_ID,
            "-o",
            str(out),
            "--sections",
            "overview",
        )[0]
        == 0
    )
    titles = [str(entry.title) for entry in PdfReader(out).outline if not isinstance(entry, list)]
    assert titles == ["Contents", "Overview and stakeholders"]


def test_same_date_gives_the_same_bytes(
    demo_file: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b, c = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    run(
        capsys,
        "export-pdf",
        demo_file,
        "--plan",
        DEMO_PLAN_ID,
        "-o",
        str(a),
        "--date",
        "2026-11-27",
    )
    run(
        capsys,
        "export-pdf",
        demo_file,
        "--plan",
        DEMO_PLAN_ID,
        "-o",
        str(b),
        "--date",
        "2026-11-27",
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")  # 2026-11-27T00:00:00Z
    run(capsys, "export-pdf", demo_file, "--plan", DEMO_PLAN_ID, "-o", str(c))
    assert a.read_bytes() == b.read_bytes() == c.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "No such plan"], "no plan with id or name 'No such plan'"),
        (["--sections", "overview,nope"], "unknown section 'nope'; expected some of: overview"),
        (["--sections", " , "], "no sections given"),
        (["--preset", "meeting", "--sections", "overview"], "use either --preset or --sections"),
        (["--date", "27/11/2026"], "--date must be a date like 2026-11-27"),
    ],
)
def test_user_errors_exit_2_with_one_line(
    demo_file: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    argv = ["export-pdf", demo_file, "--plan", DEMO_PLAN_ID, "-o", str(tmp_path / "r.pdf")]
    if args[0] == "--plan":
        argv[3] = args[1]
        args = []
    code, _, err = run(capsys, *argv, *args)
    assert code == 2
    assert message in one_line_error(err)
    assert not (tmp_path / "r.pdf").exists()


def test_bad_source_date_epoch(
    demo_file: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    code, _, err = run(
        capsys, "export-pdf", demo_file, "--plan", DEMO_PLAN_ID, "-o", str(tmp_path / "r.pdf")
    )
    assert code == 2
    assert "SOURCE_DATE_EPOCH must be whole seconds" in one_line_error(err)


@pytest.mark.parametrize("where", ["missing-folder", "under-a-file", "a-folder", "system"])
def test_unwritable_paths_exit_2_and_leave_nothing(
    demo_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "folder.pdf").mkdir()
    target = {
        "missing-folder": tmp_path / "nope" / "r.pdf",
        "under-a-file": tmp_path / "file.txt" / "r.pdf",
        "a-folder": tmp_path / "folder.pdf",
        "system": Path("/proc/sreplan-report.pdf"),  # not writable even for root
    }[where]
    before = sorted(p.name for p in tmp_path.iterdir())
    code, _, err = run(capsys, "export-pdf", demo_file, "--plan", DEMO_PLAN_ID, "-o", str(target))
    assert code == 2
    line = one_line_error(err)
    assert str(target) in line
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_unknown_workspace_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys,
        "export-pdf",
        str(tmp_path / "none.sreplan"),
        "--plan",
        "x",
        "-o",
        str(tmp_path / "r.pdf"),
    )
    assert code == 2
    assert "does not exist" in one_line_error(err)


def test_export_does_not_import_qt(demo_file: str, tmp_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "import sys; from sreplan.cli import main; "
        f"code = main(['export-pdf', {demo_file!r}, '--plan', {DEMO_PLAN_ID!r}, "
        f"'-o', {str(tmp_path / 'r.pdf')!r}]); "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'; "
        "assert 'matplotlib.pyplot' not in sys.modules; sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
