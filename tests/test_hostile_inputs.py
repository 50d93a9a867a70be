"""Files from anyone: every refusal is exit 2 with one line, within seconds, file unchanged.

The large and deep inputs are generated here rather than stored.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sreplan.cli import main
from sreplan.features import open_workspace, seed_demo

PLAN = "Checkout service"


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "w.sreplan"
    ws = open_workspace(path, create=True)
    seed_demo(ws)
    ws.close()
    return path


def _fifo(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


def _alias_bomb() -> str:
    lines = ["apiVersion: openslo/v1", "kind: SLO", "metadata:", "  name: bomb", "  annotations:"]
    lines.append("    a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]")
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"    a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


OPENSLO_INPUTS: dict[str, Callable[[Path], Path]] = {
    "fifo": lambda d: _fifo(d, "in.yaml"),
    "alias bomb": lambda d: _write(d, "bomb.yaml", _alias_bomb()),
    "deep nesting": lambda d: _write(d, "deep.yaml", "x: " + "[" * 100_000 + "]" * 100_000),
    "5000 digits": lambda d: _write(d, "num.yaml", "apiVersion: openslo/v1\nx: " + "9" * 5000),
    "bad float tag": lambda d: _write(d, "tag.yaml", "apiVersion: openslo/v1\nx: !!float lat"),
    "bad int tag": lambda d: _write(d, "tag.yaml", "apiVersion: openslo/v1\nx: !!int x"),
    "huge file": lambda d: _sparse(d, "huge.yaml", 60 * 1024 * 1024),
    "dev zero": lambda d: Path("/dev/zero"),
}


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _sparse(folder: Path, name: str, size: int) -> Path:
    path = folder / name
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def _refused(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    started = time.monotonic()
    assert main(args) == 2
    assert time.monotonic() - started < 10
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("kind", sorted(OPENSLO_INPUTS))
def test_import_openslo_refuses_hostile_files(
    demo_file: Path, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = OPENSLO_INPUTS[kind](tmp_path)
    before = demo_file.read_bytes()
    err = _refused(["import-openslo", str(demo_file), "--plan", PLAN, str(source)], capsys)
    assert source.name in err
    assert demo_file.read_bytes() == before


@pytest.mark.parametrize("command", ["import-adr", "apply-template", "import-series"])
def test_a_fifo_as_input_is_refused(
    demo_file: Path, tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = _fifo(tmp_path, "input.md")
    before = demo_file.read_bytes()
    args = {
        "import-adr": ["import-adr", str(demo_file), "--plan", PLAN, str(fifo)],
        "apply-template": ["apply-template", str(demo_file), "--plan", PLAN, str(fifo)],
        "import-series": [
            "import-series", str(demo_file), "--plan", PLAN,
            "--resource", "Checkout API peak RPS", str(fifo),
        ],
    }[command]
    err = _refused(args, capsys)
    assert "not a regular file" in err or "input.md" in err
    assert demo_file.read_bytes() == before


@pytest.mark.parametrize("command", ["list", "check", "export-pdf"])
def test_a_fifo_as_the_workspace_is_refused(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = _fifo(tmp_path, "w.sreplan")
    args = [command, str(fifo)]
    if command == "export-pdf":
        args += ["--plan", PLAN, "-o", str(tmp_path / "r.pdf")]
    err = _refused(args, capsys)
    assert "not a regular file" in err


def test_madr_front_matter_bombs_are_refused(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = _alias_bomb().replace("apiVersion: openslo/v1\nkind: SLO\n", "")
    deep = "status: " + "[" * 50_000 + "]" * 50_000
    for name, front in (("0001-bomb.md", bomb), ("0002-deep.md", deep)):
        path = _write(tmp_path, name, f"---\n{front}\n---\n# Title\n")
        err = _refused(["import-adr", str(demo_file), "--plan", PLAN, str(path)], capsys)
        assert name in err


def test_prometheus_deep_nesting_and_nan_are_refused(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, body in (
        ("deep.json", '{"data": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("nan.json", '{"status": "success", "data": {"resultType": "matrix", "result": '
         '[{"metric": {}, "values": [[NaN, "1"]]}]}}'),
    ):
        path = _write(tmp_path, name, body)
        err = _refused(
            ["import-series", str(demo_file), "--plan", PLAN,
             "--resource", "Checkout API peak RPS", str(path)],
            capsys,
        )
        assert name in err


def test_dollar_signs_in_names_are_text_in_charts_and_reports(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``$\\frac{$`` in user names used to be parsed as mathematics and fail every chart."""
    import sqlite3

    hostile = "$\\frac{$ pay $5"
    conn = sqlite3.connect(demo_file)
    conn.execute(
        "UPDATE capacity_resources SET name = ? WHERE name = 'Checkout API peak RPS'", [hostile]
    )
    conn.execute("UPDATE components SET name = name || ' $x^$'")
    conn.execute("UPDATE slos SET name = name || ' $\\frac{$'")
    conn.execute("UPDATE capacity_events SET name = name || ' $'")
    conn.commit()
    conn.close()
    chart = tmp_path / "c.svg"
    assert main(["chart", str(demo_file), "--plan", PLAN, "--resource", hostile,
                 "-o", str(chart)]) == 0, capsys.readouterr().err
    assert chart.stat().st_size > 0
    pdf = tmp_path / "r.pdf"
    assert main(["export-pdf", str(demo_file), "--plan", PLAN, "-o", str(pdf)]) == 0, (
        capsys.readouterr().err
    )
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "$5" in text


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("t,v\n2024-01-01,1e308\n", "larger than"),
        ("t,v\n0001-01-01,5\n", "between 1900 and 2200"),
        ("t,v\n9999-12-31,5\n", "between 1900 and 2200"),
        ("t,v\n2024-01-01T00:00+23:59,5\n", "not a date or time"),
        ("t,v\n2024-01-01,nan\n", "not a finite number"),
    ],
)
def test_csv_values_that_would_break_forecasts_are_refused_by_line(body: str, problem: str) -> None:
    from sreplan.capacity.formats.common import SeriesImportError
    from sreplan.capacity.formats.series_csv import read_csv_text

    with pytest.raises(SeriesImportError) as caught:
        read_csv_text(body, source="d.csv")
    assert "line 2" in str(caught.value) and problem in str(caught.value)


def _matrix(values: object, metric: object = None) -> dict[str, object]:
    return {
        "status": "success",
        "data": {"resultType": "matrix", "result": [{"metric": metric or {}, "values": values}]},
    }


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (_matrix([[float("inf"), "1"]]), "not a finite number"),
        (_matrix([[1e300, "1"]]), "between 1900 and 2200"),
        (_matrix([[-5e9, "1"]]), "between 1900 and 2200"),
        (_matrix(["12"]), "is not [time, value]"),
        (_matrix([{"t": 1, "v": 2}]), "is not [time, value]"),
        (_matrix([[1, "1"]], metric="job"), "'metric' must map"),
        (_matrix([[1, "1"]], metric=["a", "b"]), "'metric' must map"),
        (_matrix([[1, "1"]], metric=7), "'metric' must map"),
        (_matrix([[int("1" * 400), "1"]]), "is not [time, value]"),
    ],
)
def test_prometheus_points_are_type_checked(body: dict[str, object], problem: str) -> None:
    from sreplan.capacity.formats.common import SeriesImportError
    from sreplan.capacity.formats.prometheus import read_matrix

    with pytest.raises(SeriesImportError) as caught:
        read_matrix(body, source="p.json")
    assert problem in str(caught.value)


def test_a_full_disk_is_named_and_changes_nothing(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from sreplan.kernel import workspace as workspace_module

    real_write = workspace_module.Workspace.write

    def full(self: object):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("database or disk is full")

    before = demo_file.read_bytes()
    monkeypatch.setattr(workspace_module.Workspace, "write", full)
    err = _refused(["apply-template", str(demo_file), "--plan", PLAN, "prr"], capsys)
    monkeypatch.setattr(workspace_module.Workspace, "write", real_write)
    assert "disk is full" in err and "nothing was changed" in err
    assert demo_file.read_bytes() == before


def test_a_read_only_file_system_gives_one_line_not_two_tracebacks(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import errno

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr(Path, "unlink", refuse)
    for args in (
        ["export-checklist", str(demo_file), "--plan", PLAN, "--format", "md",
         "-o", str(tmp_path / "c.md")],
        ["export-openslo", str(demo_file), "--plan", PLAN, "-o", str(tmp_path / "s.yaml")],
        ["new", str(tmp_path / "new.sreplan")],
    ):
        err = _refused(args, capsys)
        assert "read-only" in err


def _interrupt_a_write(path: Path) -> None:
    """A writer killed mid-transaction leaves a hot journal beside the file."""
    import subprocess
    import sys

    code = (
        "import sqlite3, os, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA cache_size = 1')\n"
        "c.execute('BEGIN')\n"
        "c.execute(\"UPDATE plans SET name = name || ' (half-written)'\")\n"
        "c.execute(\"UPDATE checkpoints SET title = title || ' (half-written)'\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    assert path.with_name(f"{path.name}-journal").stat().st_size > 0


def test_a_hot_journal_is_rolled_back_by_read_commands(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _interrupt_a_write(demo_file)
    assert main(["check", str(demo_file)]) == 0
    assert main(["list", str(demo_file)]) == 0
    out = capsys.readouterr().out
    assert "Checkout service" in out and "half-written" not in out
    assert not demo_file.with_name(f"{demo_file.name}-journal").exists()


def test_a_hot_journal_in_a_read_only_folder_is_explained_not_called_damage(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _interrupt_a_write(demo_file)
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    err = _refused(["list", str(demo_file)], capsys)
    assert "was interrupted" in err and "damaged" not in err and "Restore" not in err


def test_control_characters_never_reach_a_terminal_or_markdown(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from sreplan.plans.demo import DEMO_PLAN_ID

    conn = sqlite3.connect(demo_file)
    conn.execute("UPDATE plans SET name = ?", ["Check\x1b[2Jout\x00 & co"])
    conn.execute("UPDATE checkpoints SET title = ?", ["Title\x1b]0;pwned\x07 & <b>"])
    conn.commit()
    conn.close()
    assert main(["list", str(demo_file)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x00" not in out and "Check[2Jout & co" in out
    assert main(["export-checklist", str(demo_file), "--plan", DEMO_PLAN_ID, "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert "\x1b" not in md and "\x07" not in md and "\\&" in md and "\\<b\\>" in md


@pytest.mark.parametrize(
    ("name", "content", "args", "expected"),
    [
        ("big.csv", "t,v\n2024-01-01," + "1" * 140_000 + "\n", ["--series", "v"],
         "line 2: field larger than field limit"),
        ("sup.csv", "2024-01-01,5\n2024-01-02,6\n", ["--series", "²"], "name the column"),
        ("nul.yaml", 'key: x\nname: "\\0"\nitems: []\n', None, "control character"),
    ],
)
def test_odd_fields_are_refused_in_one_line(
    demo_file: Path, tmp_path: Path, name: str, content: str, args: list[str] | None,
    expected: str, capsys: pytest.CaptureFixture[str],
) -> None:
    path = _write(tmp_path, name, content)
    if args is None:
        command = ["apply-template", str(demo_file), "--plan", PLAN, str(path)]
    else:
        command = ["import-series", str(demo_file), "--plan", PLAN,
                   "--resource", "Checkout API peak RPS", *args, str(path)]
    assert expected in _refused(command, capsys)


def test_madr_comments_and_huge_numbers_do_not_hang_or_crash(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    comments = _write(tmp_path, "0001-c.md", "# T\n\n" + "<!--" * 100_000 + "\n")
    huge = _write(tmp_path, "0002-s.md",
                  "---\nstatus: superseded by ADR-99999999999999999999\n---\n# T\n")
    started = time.monotonic()
    assert main(["import-adr", str(demo_file), "--plan", PLAN, str(comments), str(huge)]) == 0
    assert time.monotonic() - started < 10
    captured = capsys.readouterr()
    assert "is not a MADR status" in captured.out + captured.err


def test_check_reads_every_plan_the_way_commands_do(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    assert main(["check", str(demo_file)]) == 0
    conn = sqlite3.connect(demo_file)
    conn.execute("UPDATE plans SET status = 'bogus'")
    conn.commit()
    conn.close()
    err = _refused(["check", str(demo_file)], capsys)
    assert "'bogus'" in err


def test_check_finds_broken_references(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    conn = sqlite3.connect(demo_file)  # foreign keys off: as another tool would write
    conn.execute("UPDATE slos SET sli_id = 'nowhere'")
    conn.commit()
    conn.close()
    err = _refused(["check", str(demo_file)], capsys)
    assert "points at a missing row" in err


def test_a_huge_field_is_capped_in_the_report_and_glyph_warnings_stay_quiet(
    demo_file: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from pypdf import PdfReader

    conn = sqlite3.connect(demo_file)
    conn.execute("UPDATE adrs SET title = ? WHERE number = 1", ["x" * 100_000])
    conn.execute("UPDATE capacity_resources SET name = name || ' 🔥火'")
    conn.commit()
    conn.close()
    pdf = tmp_path / "r.pdf"
    started = time.monotonic()
    assert main(["export-pdf", str(demo_file), "--plan", PLAN, "-o", str(pdf)]) == 0
    assert time.monotonic() - started < 60
    err = capfd.readouterr().err
    assert "Glyph" not in err and "Warning" not in err
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "truncated, 100,000 characters" in text
