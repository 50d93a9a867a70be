"""MADR export/import: round trip, the real fixture files, and bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sreplan.architecture.adr import Adr, AdrOption, AdrStatus
from sreplan.architecture.adr_import import export_adr_files, import_adr_files
from sreplan.architecture.adr_store import list_adrs
from sreplan.architecture.madr.read import (
    MadrError,
    export_adrs,
    file_name,
    parse_markdown,
    plan_import,
    to_markdown,
)
from sreplan.kernel import Workspace
from sreplan.plans.demo import DEMO_PLAN_ID

FULL = Adr(
    number=7,
    title="Use a queue between checkout and fulfilment",
    status=AdrStatus.SUPERSEDED,
    superseded_by=12,
    decided_on=date(2026, 3, 4),
    decision_makers=("Ann Lee", "Bo Chen"),
    consulted=("Cy",),
    informed=("Dee", "Eve"),
    context="Checkout waits for fulfilment.\n\nIt should not: *why* is below.",
    drivers=("Decouple deploys", "Survive a fulfilment outage"),
    options=(
        AdrOption(
            "Queue",
            "A managed queue.\n\n```yaml\nretention: 14d\n```",
            ("no coupling",),
            ("new tool",),
            ("eventual consistency",),
        ),
        AdrOption("Direct call"),
    ),
    chosen_option="Queue",
    outcome_reason="it decouples the two.",
    consequences=("Good, because deploys are independent", "Bad, because a new dashboard"),
    confirmation="Chaos test: stop fulfilment for an hour.",
    more_information="See [ADR-0012](0012-x.md).",
)


def roundtrip(adr: Adr) -> Adr:
    return parse_markdown(to_markdown(adr), Path(file_name(adr))).adr


def test_export_then_import_gives_the_same_record() -> None:
    assert roundtrip(FULL) == FULL
    minimal = Adr(number=1, title="Minimal", status=AdrStatus.ACCEPTED)
    assert roundtrip(minimal) == minimal
    bulleted = Adr(
        number=2,
        title="B",
        chosen_option="X",
        outcome_reason="* one\n* two",
        options=(AdrOption("X"),),
    )
    assert roundtrip(bulleted) == bulleted


def test_export_file_names_and_front_matter(tmp_path: Path) -> None:
    (path,) = export_adrs([FULL], tmp_path)
    assert path.name == "0007-use-a-queue-between-checkout-and-fulfilment.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\nstatus: superseded by ADR-0012\ndate: 2026-03-04\n")
    assert "decision-makers: Ann Lee, Bo Chen" in text
    for heading in (
        "# Use a queue",
        "## Context and Problem Statement",
        "## Decision Drivers",
        "## Considered Options",
        "## Decision Outcome",
        "### Consequences",
        "### Confirmation",
        "## Pros and Cons of the Options",
        "## More Information",
    ):
        assert f"\n{heading}" in text
    assert list(tmp_path.iterdir()) == [path]  # no temporary files left


def test_real_madr_files_import_with_what_was_missing(fixtures_dir: Path) -> None:
    plan = plan_import([fixtures_dir / "madr"], [])
    assert [a.number for a in plan.adrs] == [0, 5, 13, 14, 16]
    by_number = {a.number: a for a in plan.adrs}
    yaml_adr = by_number[13]
    assert yaml_adr.title == "Use YAML front matter for metadata"
    assert yaml_adr.drivers == ("Easy to read", "Easy to write")
    assert yaml_adr.chosen_option == "Use YAML front matter"
    yaml_option = yaml_adr.options[0]
    assert yaml_option.good[0] == "it shortens the body (essence of the ADR)"
    assert len(yaml_option.bad) == 3
    # A heading inside a code block is example text, not a section of the record.
    assert "### Context and problem statement" in yaml_option.description
    assert by_number[0].chosen_option == "MADR 4.0.0"
    assert "Implicit assumptions" in by_number[0].outcome_reason
    assert len(by_number[0].options) == 5
    assert all(a.status is AdrStatus.PROPOSED for a in plan.adrs)
    assert any("0013-use-yaml" in n and "missing status; date" in n for n in plan.notices)
    assert any("skipped" in n and "template--adr-template.md" in n for n in plan.notices)
    for adr in plan.adrs:
        assert roundtrip(adr) == adr


def test_the_template_imports_with_notices(fixtures_dir: Path) -> None:
    plan = plan_import([fixtures_dir / "madr" / "template--adr-template.md"], [3])
    (adr,) = plan.adrs
    assert adr.number == 4 and adr.status is AdrStatus.PROPOSED
    assert adr.consequences[0].startswith("Good, because")
    assert any("no number in the file name" in n for n in plan.notices)
    assert any("placeholder" in n for n in plan.notices)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_unreadable_front_matter_names_file_and_line(tmp_path: Path) -> None:
    bad = write(tmp_path, "0003-bad.md", "---\nstatus: accepted\ndate: [2024\n---\n# T\n")
    with pytest.raises(MadrError, match=r"0003-bad\.md, line \d+: not valid YAML"):
        plan_import([bad], [])
    unclosed = write(tmp_path, "0004-open.md", "---\nstatus: accepted\n# T\n")
    with pytest.raises(MadrError, match=r"0004-open\.md, line 1: .*never closes"):
        plan_import([unclosed], [])
    listy = write(tmp_path, "0005-list.md", "---\n- a\n---\n# T\n")
    with pytest.raises(MadrError, match=r"0005-list\.md, line 2"):
        plan_import([listy], [])


def test_a_file_without_title_is_refused_with_line(tmp_path: Path) -> None:
    untitled = write(tmp_path, "0002-x.md", "---\nstatus: accepted\n---\n\n## Context\n\nx\n")
    with pytest.raises(MadrError, match=r"0002-x\.md, line 4: no title"):
        plan_import([untitled], [])


def test_madr2_status_bullets_and_duplicate_numbers(tmp_path: Path) -> None:
    old = write(
        tmp_path,
        "0001-old.md",
        "# Old style\n\n* Status: superseded by [ADR-0004](0004-x.md)\n"
        "* Deciders: Ann, Bo\n* Date: 2020-05-06\n\n## Context and Problem Statement\n\nx\n",
    )
    twin = write(tmp_path, "0001-twin.md", "# Twin\n")
    plan = plan_import([old, twin], [1])
    first, second = plan.adrs
    assert (first.number, second.number) == (2, 3)
    assert first.status is AdrStatus.SUPERSEDED and first.superseded_by == 4
    assert first.decision_makers == ("Ann", "Bo") and first.decided_on == date(2020, 5, 6)
    assert sum("renumbered" in n for n in plan.notices) == 2


def test_nothing_is_half_imported(demo_ws: Workspace, tmp_path: Path) -> None:
    good = write(tmp_path, "0010-good.md", "# Good\n")
    bad = write(tmp_path, "0011-bad.md", "## no title\n")
    before = len(list_adrs(demo_ws, DEMO_PLAN_ID))
    with pytest.raises(MadrError, match=r"0011-bad\.md"):
        import_adr_files(demo_ws, DEMO_PLAN_ID, [good, bad])
    assert len(list_adrs(demo_ws, DEMO_PLAN_ID)) == before


def test_store_round_trip_through_files(demo_ws: Workspace, tmp_path: Path) -> None:
    original = list_adrs(demo_ws, DEMO_PLAN_ID)
    export_adr_files(demo_ws, DEMO_PLAN_ID, tmp_path / "out")
    demo_ws.conn.execute("DELETE FROM adrs")
    result = import_adr_files(demo_ws, DEMO_PLAN_ID, [tmp_path / "out"])
    assert result.notices == []
    again = list_adrs(demo_ws, DEMO_PLAN_ID)
    strip = [a.__class__(**{**a.__dict__, "id": ""}) for a in original]
    assert [a.__class__(**{**a.__dict__, "id": ""}) for a in again] == strip
