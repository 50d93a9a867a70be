"""The report's building blocks: escaping, font coverage, the section registry, tables."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sreplan.kernel.report.fonts import REPLACEMENT, covered, font_dir, printable
from sreplan.kernel.report.registry import Preset, ReportOptions, UnknownSectionError
from sreplan.kernel.report.tables import Column, data_table
from sreplan.kernel.report.text import escape
from sreplan.reporting import registry


def test_escape_prints_markup_literally() -> None:
    assert escape('<font size=40>x</font> & <img src="/etc/hosts"/>') == (
        '&lt;font size=40&gt;x&lt;/font&gt; &amp; &lt;img src="/etc/hosts"/&gt;'
    )
    assert escape("a\nb\r\nc\td") == "a<br/>b<br/>c    d"
    assert escape(None) == "" and escape(42) == "42"


def test_printable_drops_controls_and_replaces_missing_glyphs() -> None:
    assert printable("ok ✓ Ωμέγα Кириллица\tend\n") == "ok ✓ Ωμέγα Кириллица\tend\n"
    assert printable("a\x00b\x07c\x1bd") == "abcd"
    assert printable("中文 😀") == f"{REPLACEMENT}{REPLACEMENT} {REPLACEMENT}"
    assert ord("€") in covered() and 0x4E2D not in covered()


def test_font_comes_from_matplotlib_without_importing_it() -> None:
    assert (font_dir() / "DejaVuSans.ttf").is_file()
    script = (
        "import sys; from sreplan.kernel.report.text import styles; styles(); "
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_registry_sections_are_unique_and_ordered() -> None:
    sections = registry.all_sections()
    keys = [s.key for s in sections]
    assert len(keys) == len(set(keys))
    assert keys[0] == "overview" and keys[-1] == "actions"
    assert [s.order for s in sections] == sorted(s.order for s in sections)
    meeting = registry.selected_sections(ReportOptions(Preset.MEETING))
    # The pack follows the meeting: what changed since the last review, the architecture
    # review, the product team's upcoming changes, capacity warnings, SLOs at risk.
    assert [s.key for s in meeting] == ["changes", "architecture", "upcoming", "capacity", "slos"]
    assert not {"overview", "risks", "actions"} & {s.key for s in meeting}


def test_parse_section_keys() -> None:
    assert registry.parse_section_keys(" Overview ,actions,overview") == ("overview", "actions")
    with pytest.raises(UnknownSectionError, match="unknown section 'x', 'y'"):
        registry.parse_section_keys("overview,x,y")


def test_custom_selection_keeps_report_order() -> None:
    options = ReportOptions(Preset.CUSTOM, ("actions", "overview"))
    assert [s.key for s in registry.selected_sections(options)] == ["overview", "actions"]
    assert registry.scope_line(options, registry.selected_sections(options)).startswith(
        "Selected sections: Overview"
    )


def test_report_moment_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    assert registry.report_moment("2026-11-27").isoformat() == "2026-11-27T00:00:00+00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795780800")
    assert registry.report_moment().isoformat() == "2026-11-27T12:00:00+00:00"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert registry.report_moment().tzinfo is not None


def test_data_table_rejects_ragged_rows_and_wraps_long_cells() -> None:
    with pytest.raises(ValueError, match="a row has 1 cells for 2 columns"):
        data_table([Column("A"), Column("B")], [("only one",)])
    table = data_table([Column("A"), Column("B")], [("short", "long " * 100)])
    cells = table._cellvalues[1]
    assert cells[0] == "short"
    assert type(cells[1]).__name__ == "Paragraph"
