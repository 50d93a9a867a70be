"""oncall, export-ics, export-shifts and import-ics as scripts use them."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from sreplan.cli import main
from sreplan.features import open_workspace, seed_demo
from sreplan.oncall import store
from sreplan.oncall.health import day_range
from sreplan.oncall.model import expand, zone
from sreplan.plans.demo import DEMO_PLAN_ID
from tests.conftest import DEMO_DATE

PLAN = ["--plan", "Checkout service"]
DECEMBER = ["--from", "2026-12-01", "--to", "2026-12-31"]


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sreplan"
    ws = open_workspace(path, create=True)
    try:
        seed_demo(ws, DEMO_DATE)
    finally:
        ws.close()
    return path


def test_oncall_prints_shifts_checks_and_fairness(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["oncall", str(demo_file), *PLAN, *DECEMBER]) == 0
    out = capsys.readouterr().out
    assert "Checkout on-call (Europe/Berlin), 2026-12-01 to 2027-01-01" in out
    assert "[FAIL] Team size: 2 sites (Austin: 4, Berlin: 4); at least 6 per site" in out
    assert 'Google SRE book, "Being On-Call"' in out
    for name in ("Priya Natarajan", "Aiko Tanaka", "Spread (max/min hours)"):
        assert name in out


def test_oncall_json_is_the_same_figures(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["oncall", str(demo_file), *PLAN, *DECEMBER, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["from"] == "2026-11-30T23:00:00Z" and data["to"] == "2026-12-31T23:00:00Z"
    checks = {c["key"]: c["status"] for c in data["checks"]}
    assert checks["team_size"] == "fail" and checks["gaps"] == "pass"
    people = data["fairness"]["people"]
    assert len(people) == 8
    # Two layers cover every hour of December: 2 × 744 hours in all.
    assert sum(p["hours"] for p in people) == pytest.approx(2 * 744)
    assert sum(s["hours"] for s in data["shifts"]) == pytest.approx(2 * 744)


def test_default_range_is_twelve_weeks(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["oncall", str(demo_file), *PLAN, "--from", "2026-12-07", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    start = datetime.fromisoformat(data["from"].replace("Z", "+00:00"))
    end = datetime.fromisoformat(data["to"].replace("Z", "+00:00"))
    assert (end - start).days == 84


def test_a_century_is_capped_and_said(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["oncall", str(demo_file), *PLAN, "--from", "2026-01-01", "--to", "2125-12-31"]
    assert main([*args, "--json"]) == 0
    captured = capsys.readouterr()
    assert "capped to 732 days" in captured.err
    assert json.loads(captured.out)["capped"] is True


def test_export_ics_parses_back_to_the_same_shifts_and_is_byte_identical(
    demo_file: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert main(["export-ics", str(demo_file), *PLAN, *DECEMBER, "-o", str(first)]) == 0
    assert main(["export-ics", str(demo_file), *PLAN, *DECEMBER, "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()

    cal = Calendar.from_ical(first.read_bytes())
    assert [tz.tz_name for tz in cal.timezones] == ["Europe/Berlin"]
    events = [
        (str(e["summary"]), e.start.astimezone(UTC), e.end.astimezone(UTC), str(e["uid"]))
        for e in cal.walk("VEVENT")
    ]
    ws = open_workspace(demo_file, read_only=True)
    try:
        rotation = store.load_rotation(ws, DEMO_PLAN_ID)
        assert rotation is not None
        stamp = rotation.changed_at
    finally:
        ws.close()
    start, end = day_range(
        datetime(2026, 12, 1).date(), datetime(2026, 12, 31).date(), zone("Europe/Berlin")
    )
    shifts = expand(rotation, start, end).shifts
    names = {p.id: p.name for p in rotation.people}
    layers = {la.id: la.name for la in rotation.layers}
    assert [(s, a, b) for s, a, b, _ in events] == [
        (
            f"On-call {layers[x.layer_id]}: {names[x.person_id]} "
            f"({'SRE' if rotation.person(x.person_id).role == 'sre' else 'Product engineering'})",  # type: ignore[union-attr]
            x.start,
            x.end,
        )
        for x in shifts
    ]
    assert len({uid for *_, uid in events}) == len(events)
    assert all(e["dtstamp"].dt == stamp for e in cal.walk("VEVENT"))


def test_export_ics_for_one_person(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "aiko.ics"
    assert (
        main(
            [
                "export-ics",
                str(demo_file),
                *PLAN,
                *DECEMBER,
                "--person",
                "Aiko Tanaka",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    cal = Calendar.from_ical(out.read_bytes())
    summaries = {str(e["summary"]) for e in cal.walk("VEVENT")}
    assert summaries <= {
        "On-call Primary: Aiko Tanaka (Product engineering)",
        "On-call Secondary: Aiko Tanaka (Product engineering)",
    }
    assert summaries


def test_export_ics_unknown_person_is_one_line(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.ics"
    code = main(["export-ics", str(demo_file), *PLAN, "--person", "Nobody", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "'Nobody'" in err and not out.exists()


def test_export_shifts_csv_and_json(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export-shifts", str(demo_file), *PLAN, *DECEMBER, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == [
        "person", "role", "site", "layer", "start_utc", "end_utc", "start_local", "end_local",
        "time_zone", "hours", "off_hours", "source",
    ]  # fmt: skip
    austin = next(
        r for r in rows if r["person"] == "Aiko Tanaka" and r["start_utc"].endswith("20:00:00Z")
    )
    # 21:00 Berlin to 09:00 Berlin = 14:00 to 02:00 in Austin: 4 working hours, 8 off.
    assert austin["start_local"].endswith("T14:00:00-06:00")
    assert (float(austin["hours"]), float(austin["off_hours"])) == (12.0, 8.0)
    assert main(["export-shifts", str(demo_file), *PLAN, *DECEMBER, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == len(rows) and data[0]["person"] == rows[0]["person"]


_RECURRING = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//Paging tool export//EN
BEGIN:VEVENT
UID:1@test
DTSTAMP:20261101T000000Z
SUMMARY:On call: Priya Natarajan
DTSTART:20261207T090000Z
DTEND:20261214T090000Z
RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=3
END:VEVENT
BEGIN:VEVENT
UID:2@test
DTSTAMP:20261101T000000Z
SUMMARY:On call: Aiko Tanaka
DTSTART:20261214T090000Z
DTEND:20261221T090000Z
RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=20270118T090000Z
END:VEVENT
END:VCALENDAR
"""


def test_import_ics_expands_recurrences_and_compares_fairness(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "pager.ics"
    source.write_text(_RECURRING.replace("\n", "\r\n"))
    assert main(["import-ics", str(demo_file), *PLAN, str(source)]) == 0
    out = capsys.readouterr().out
    assert "Imported 6 shifts from pager.ics" in out
    assert "Priya Natarajan" in out and "Designed rotation" in out
    ws = open_workspace(demo_file, read_only=True)
    try:
        (imported,) = store.imports(ws, DEMO_PLAN_ID)
        shifts = store.imported_shifts(ws, imported["id"])
    finally:
        ws.close()
    assert [(s["person"], s["starts_at"]) for s in shifts] == [
        ("Priya Natarajan", "2026-12-07T09:00:00Z"),
        ("Aiko Tanaka", "2026-12-14T09:00:00Z"),
        ("Priya Natarajan", "2026-12-21T09:00:00Z"),
        ("Aiko Tanaka", "2026-12-28T09:00:00Z"),
        ("Priya Natarajan", "2027-01-04T09:00:00Z"),
        ("Aiko Tanaka", "2027-01-11T09:00:00Z"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello, not a calendar\n", "not an iCalendar file (line 1"),
        (
            _RECURRING.replace(";COUNT=3", ""),
            "line 10: the recurrence of 'On call: Priya Natarajan'",
        ),
        ("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", "holds no events"),
    ],
)
def test_bad_ics_is_one_line_and_nothing_is_written(
    demo_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    expected: str,
) -> None:
    source = tmp_path / "bad.ics"
    source.write_text(text)
    before = demo_file.read_bytes()
    assert main(["import-ics", str(demo_file), *PLAN, str(source)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err, err
    assert demo_file.read_bytes() == before


def test_bad_dates_are_one_line(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["oncall", str(demo_file), *PLAN, "--from", "12/01/2026"]) == 2
    assert "--from '12/01/2026' is not a date as YYYY-MM-DD" in capsys.readouterr().err
    assert (
        main(["oncall", str(demo_file), *PLAN, "--from", "2026-12-02", "--to", "2026-12-01"]) == 2
    )
    assert "is before --from" in capsys.readouterr().err
