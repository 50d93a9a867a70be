"""Postmortem Markdown: the real templates in, export → import equality, bad files refused."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sreplan.cli import main
from sreplan.features import open_workspace, seed_demo
from sreplan.incidents import store
from sreplan.incidents.formats.postmortem import (
    PostmortemError,
    build_incidents,
    decode,
    parse_markdown,
    to_markdown,
)
from sreplan.incidents.model import (
    DEFAULT_SEVERITIES,
    SECTIONS,
    TIMESTAMPS,
    ActionItem,
    ActionStatus,
    ActionType,
    Factor,
    ImpactKind,
    Incident,
    Priority,
    Responder,
    ResponderRole,
    Side,
    Status,
    TimelineEntry,
    clean_line,
    clean_text,
)
from sreplan.incidents.transfer import export_postmortems, import_postmortems
from sreplan.kernel import Workspace
from sreplan.plans.demo import DEMO_PLAN_ID

FIXTURES = Path(__file__).parent / "fixtures" / "postmortem"
TEMPLATES = sorted(p for p in FIXTURES.glob("*.md") if p.name != "SOURCE.md")
SEVERITIES = [s.name for s in DEFAULT_SEVERITIES]


def _build(text: str, name: str = "pm.md") -> tuple[Incident, list[str]]:
    parsed = parse_markdown(decode(text.encode(), name), name)
    counter = iter(range(10**6))
    plan = build_incidents(
        [parsed], "plan", taken_numbers=set(), severities=SEVERITIES, slos={}, components={},
        links={}, new_id=lambda: f"id{next(counter)}",
    )  # fmt: skip
    return plan.incidents[0], plan.notices


# The real templates ----------------------------------------------------------------------


def test_the_fixtures_include_both_named_templates() -> None:
    names = {p.name for p in TEMPLATES}
    assert {"postmortem-template-srebook.md", "postmortem-template-pagerduty.md"} <= names


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
def test_every_template_imports(path: Path) -> None:
    incident, notices = _build(path.read_text(encoding="utf-8"), path.name)
    assert incident.title
    # Nothing silently dropped: the credit line of each template is kept and reported.
    kept = (incident.supporting + incident.summary).casefold()
    assert re.search(r"template( layout)? from", kept)
    assert any("Supporting information" in n or "Summary" in n for n in notices)


def test_sre_book_template_maps_every_heading() -> None:
    text = (FIXTURES / "postmortem-template-srebook.md").read_text(encoding="utf-8")
    parsed = parse_markdown(text, "srebook.md")
    assert parsed.title == "Title (incident #)"
    assert set(parsed.texts) >= {c for c, _ in SECTIONS}
    assert not [n for n in parsed.notices if "not one the app knows" in n]


def test_pagerduty_template_maps_its_sections() -> None:
    text = (FIXTURES / "postmortem-template-pagerduty.md").read_text(encoding="utf-8")
    incident, notices = _build(text, "pagerduty.md")
    assert incident.summary.startswith("Two to three sentences")
    assert incident.resolution and incident.impact.startswith("- How long")
    assert [f.text for f in incident.factors] == [
        "(a factor that created an environment where this failure became possible)"
    ]
    assert [a.title for a in incident.actions] == ["(actionable, specific, bounded task)"]
    assert [r.name for r in incident.responders] == ["(Incident Commander)", "(Scribe)"]
    assert incident.responders[0].role is ResponderRole.INCIDENT_COMMANDER
    # Unknown sections are kept and listed.
    assert "### What Happened" in incident.supporting and "### Messaging" in incident.supporting
    assert any("“What Happened”" in n for n in notices)
    assert any("Postmortem Owner" in n for n in notices)


FILLED = """\
# Shakespeare Sonnet++ Postmortem (incident #465)

**Date:** 2015-10-21

**Authors:** jennifer, martym

**Summary:** Shakespeare Search down for 66 minutes during a period of very high interest.

**Impact:** Estimated 1.21B queries lost, no revenue impact.

| Impact | Value |
|---|---|
| Impact started | 2015-10-21 14:51 +00:00 |
| Mitigated | 2015-10-21 15:57 +00:00 |
| Requests failing | 100 % |

## Root Causes

Cascading failure due to combination of exceptionally high load and a resource leak.

## Action Items

| Action Item | Type | Owner | Bug |
|---|---|---|---|
| Update playbook for cascading failure | mitigate | jennifer | n/a **DONE** |
| Use flux capacitor to balance load between clusters | prevent | martym | Bug 5554823 **TODO** |

## Timeline

2015-10-21 (all times UTC)

- 14:51 News reports that a new Shakespearean sonnet has been discovered
- 14:53 Traffic to Shakespeare search increases by 88x
- Later that day: celebration
"""


def test_a_filled_postmortem_reads_labels_the_impact_table_and_lists() -> None:
    incident, notices = _build(FILLED)
    assert incident.title == "Shakespeare Sonnet++ Postmortem (incident #465)"
    assert incident.summary.startswith("Shakespeare Search down for 66 minutes")
    assert incident.impact.startswith("Estimated 1.21B queries lost")
    assert incident.started_at == datetime(2015, 10, 21, 14, 51, tzinfo=UTC)
    assert incident.mitigated_at == datetime(2015, 10, 21, 15, 57, tzinfo=UTC)
    assert incident.impact_percent == 100.0
    assert [a.kind for a in incident.actions] == [ActionType.MITIGATE, ActionType.PREVENT]
    assert incident.actions[1].owner == "martym"
    assert "Bug: Bug 5554823 **TODO**" in incident.supporting  # the Bug column is kept
    assert [t.at for t in incident.timeline][:2] == [
        datetime(2015, 10, 21, 14, 51, tzinfo=UTC),
        datetime(2015, 10, 21, 14, 53, tzinfo=UTC),
    ]
    assert incident.timeline[2] == TimelineEntry(None, "Later that day: celebration", id="id4") or (
        incident.timeline[2].at is None
    )
    assert "Date: 2015-10-21" in incident.supporting and "Authors: jennifer, martym" in (
        incident.supporting
    )
    assert any("column “Bug”" in n for n in notices)


# Bad files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"# x\n\x00\n## Summary\n", "NUL bytes"),
        (b"# x\n\n## Summary\n\n\xff\xfe bad\n", "line 5: not valid UTF-8"),
        (b"---\n- a\n- b\n---\n# x\n## Summary\n", "not a mapping"),
        (b"---\ntitle: [unclosed\n---\n## Summary\n", "not valid YAML"),
        (b"---\ntitle: x\n", "no recognisable postmortem"),
        (b"# Shopping list\n\n- eggs\n- milk\n", "no recognisable postmortem"),
        (b"---\nnumber: -3\n---\n## Summary\n", "whole number"),
        (b"---\nstarted: 2025-01-01 10:00\n---\n## Summary\n", "time zone"),
        (b"---\nimpact: 3\n---\n## Summary\n", "impact"),
    ],
)
def test_bad_files_are_refused_by_name(data: bytes, message: str) -> None:
    with pytest.raises(PostmortemError, match=message) as info:
        parse_markdown(decode(data, "bad.md"), "bad.md")
    assert "bad.md" in str(info.value)


def test_a_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    from sreplan.incidents.formats.postmortem import read_text

    with pytest.raises(PostmortemError, match=r"big\.md: 50 MB is too large"):
        read_text(big)


def test_html_stays_literal_text() -> None:
    text = '## Summary\n\n<img src="file:///etc/passwd"> <script>alert(1)</script>\n'
    incident, _ = _build(text)
    assert incident.summary == '<img src="file:///etc/passwd"> <script>alert(1)</script>'


# Export → import ----------------------------------------------------------------------------

_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r")
_line = st.text(_chars, max_size=40).map(clean_line)
_word_line = _line.filter(bool)
_RISKY = [
    "# x",
    "## Summary",
    "```",
    "~~~ python",
    "---",
    "===",
    "-",
    "<!--",
    "\\# y",
    "  ## z",
    "| a | b |",
    "|---|---|",
    "- item",
    "> quote",
    "    code",
    "[r]: /u",
    "**Summary:** s",
    "Date: 1",
    "<pre>",
    "\\\\```",
    "#",
    "   ---",
    "***",
]
_text = st.one_of(
    st.text(_chars, max_size=200),
    st.lists(st.one_of(st.sampled_from(_RISKY), st.text(_chars, max_size=20)), max_size=8).map(
        "\n".join
    ),
).map(clean_text)
_offsets = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@st.composite
def _times(draw: st.DrawFn) -> dict[str, datetime | None]:
    start = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(
        seconds=draw(st.integers(0, 5 * 365 * 86400))
    )
    values: dict[str, datetime | None] = {}
    moment = start
    for column, _ in TIMESTAMPS:
        moment = moment + timedelta(seconds=draw(st.integers(0, 3 * 86400)))
        values[column] = moment.astimezone(draw(_offsets)) if draw(st.booleans()) else None
    return values


@st.composite
def _actions(draw: st.DrawFn) -> ActionItem:
    status = draw(st.sampled_from(list(ActionStatus)))
    reason = draw(_word_line if status is ActionStatus.NOT_DOING else _line)
    due = draw(st.none() | st.dates(date(2000, 1, 1), date(2100, 1, 1)))
    return ActionItem(
        draw(_word_line), draw(st.sampled_from(list(ActionType))),
        draw(st.sampled_from(list(Priority))), draw(_line), due, status, reason,
    )  # fmt: skip


@st.composite
def incidents(draw: st.DrawFn) -> Incident:
    kind = draw(st.sampled_from(list(ImpactKind)))
    percent = st.none() | st.floats(0, 100, allow_nan=False)
    count = st.none() | st.floats(0, 1e9, allow_nan=False)
    timeline = st.builds(
        TimelineEntry,
        st.none() | st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=_offsets)
        .map(lambda d: d.replace(microsecond=0)),
        _word_line, _line, st.booleans(),
    )  # fmt: skip
    return Incident(
        id="x",
        plan_id="plan",
        number=draw(st.integers(1, 10**6)),
        title=draw(_word_line),
        severity=draw(st.sampled_from(SEVERITIES)),
        status=draw(st.sampled_from(list(Status))),
        impact_kind=kind,
        impact_percent=draw(percent),
        bad_events=draw(count),
        outage_minutes=draw(count),
        trigger=draw(_line),
        root_cause_category=draw(_line),
        factors=tuple(draw(st.lists(st.builds(Factor, _text.filter(bool), _line), max_size=3))),
        responders=tuple(
            draw(
                st.lists(
                    st.builds(
                        Responder,
                        _word_line,
                        st.sampled_from(list(ResponderRole)),
                        st.sampled_from(list(Side)),
                    ),
                    max_size=3,
                )
            )
        ),
        timeline=tuple(draw(st.lists(timeline, max_size=4))),
        actions=tuple(draw(st.lists(_actions(), max_size=3))),
        **draw(_times()),
        **{c: draw(_text) for c, _ in SECTIONS},
    )


def _comparable(incident: Incident) -> Incident:
    return replace(
        incident,
        id="",
        factors=tuple(replace(f, id="") for f in incident.factors),
        responders=tuple(replace(r, id="") for r in incident.responders),
        timeline=tuple(replace(t, id="") for t in incident.timeline),
        actions=tuple(replace(a, id="") for a in incident.actions),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(incidents())
def test_export_then_import_gives_back_the_same_incident(incident: Incident) -> None:
    text = to_markdown(incident, {}, {})
    assert to_markdown(incident, {}, {}) == text  # deterministic
    back, _ = _build(text)
    assert _comparable(replace(back, plan_id="plan")) == _comparable(incident)


def test_demo_export_import_round_trip_with_links(tmp_path: Path, demo_ws: Workspace) -> None:
    out = tmp_path / "out"
    written = export_postmortems(demo_ws, DEMO_PLAN_ID, out)
    assert [p.name[:6] for p in written] == ["INC-1-", "INC-2-"]
    first = [p.read_bytes() for p in written]
    export_postmortems(demo_ws, DEMO_PLAN_ID, out)
    assert [p.read_bytes() for p in written] == first  # deterministic bytes
    # Into a fresh copy of the demo plan without incidents: same incidents back.
    ws = open_workspace(tmp_path / "fresh.sreplan", create=True)
    try:
        seed_demo(ws, date(2026, 11, 27))
        originals = {i.number: i for i in store.list_incidents(ws, DEMO_PLAN_ID)}
        ws.conn.execute("DELETE FROM incidents")
        plan = import_postmortems(ws, DEMO_PLAN_ID, written)
        assert plan.notices == []
        for incident in store.list_incidents(ws, DEMO_PLAN_ID):
            assert _comparable(incident) == _comparable(originals[incident.number])
    finally:
        ws.close()


# The commands -------------------------------------------------------------------------------


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sreplan"
    ws = open_workspace(path, create=True)
    seed_demo(ws, date(2026, 11, 27))
    ws.close()
    return path


def test_incidents_command_lists_budget_and_actions(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["incidents", str(demo_file), "--plan", "Checkout service", "--json"]) == 0
    everything = json.loads(capsys.readouterr().out)
    data = everything["incidents"]
    assert everything["current_window"] == []  # the sale was a year before DEMO_DATE
    assert [d["number"] for d in data] == ["INC-2", "INC-1"]
    assert data[1]["budget_spent"][0]["percent"] == pytest.approx(30.787, abs=1e-3)
    assert data[1]["overdue_action_items"] == 1
    assert data[0]["blamelessness_suggestions"] == 1
    assert main(["incidents", str(demo_file), "--plan", "Checkout service"]) == 0
    out = capsys.readouterr().out
    assert "INC-1  SEV-2  Closed" in out and "Checkout availability 30.8 %" in out


def test_import_is_all_or_nothing_and_lists_what_was_not_kept(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = FIXTURES / "postmortem-template-pagerduty.md"
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"# x\n\x00")
    argv = ["import-postmortem", str(demo_file), "--plan", "Checkout service"]
    assert main([*argv, str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.md" in err and len(err.strip().splitlines()) == 1
    ws = open_workspace(demo_file, read_only=True)
    assert ws.scalar("SELECT count(*) FROM incidents") == 2
    ws.close()
    assert main([*argv, str(good), str(FIXTURES / "postmortem-template-srebook.md")]) == 0
    out = capsys.readouterr().out
    assert "Imported INC-3: Title (incident)" in out and "Imported INC-4" in out
    assert "What Happened" in out and "Not kept as they were" in out


def test_export_command_one_incident(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pm"
    argv = ["export-postmortem", str(demo_file), "--plan", "Checkout service"]
    assert main([*argv, "--incident", "INC-2", "-o", str(out)]) == 0
    [path] = out.iterdir()
    assert path.name.startswith("INC-2-") and path.read_text().startswith("---\nformat:")
    assert main([*argv, "--incident", "INC-9", "-o", str(out)]) == 2
    assert "no incident INC-9" in capsys.readouterr().err


def test_import_never_links_another_plans_records(demo_ws: Workspace, tmp_path: Path) -> None:
    from sreplan.plans.store import insert_plan, new_plan

    written = export_postmortems(demo_ws, DEMO_PLAN_ID, tmp_path / "out", [1])
    other = new_plan("Search")
    insert_plan(demo_ws, other)
    plan = import_postmortems(demo_ws, other.id, written)
    [incident] = plan.incidents
    assert incident.slo_ids == () and incident.component_ids == ()
    assert any("SLO “checkout-availability” is not in the plan" in n for n in plan.notices)
    assert any("component “Payment provider” is not in the plan" in n for n in plan.notices)
    assert store.list_incidents(demo_ws, other.id)[0].key == "INC-1"


def test_import_refuses_out_of_order_times_naming_the_file(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    good = FIXTURES / "postmortem-template-srebook.md"
    bad = tmp_path / "late.md"
    bad.write_text(
        "---\nstarted: '2025-11-28T10:00:00+00:00'\ndetected: '2025-11-28T09:00:00+00:00'\n"
        "---\n# Late\n\n## Summary\n\nx\n",
        encoding="utf-8",
    )
    before = demo_ws.scalar("SELECT count(*) FROM incidents")
    with pytest.raises(PostmortemError, match=r"late\.md: .*Detected .* is before impact started"):
        import_postmortems(demo_ws, DEMO_PLAN_ID, [good, bad])
    assert demo_ws.scalar("SELECT count(*) FROM incidents") == before


def test_action_and_timeline_tables_survive_pipes_and_html() -> None:
    nine = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    incident = Incident(
        "x", "plan", 4, "Pipes | and <b>tags</b>",
        summary='<img src="file:///etc/passwd">',
        timeline=(TimelineEntry(nine, "a | b \\| c", "<i>s</i>"),),
        actions=(ActionItem("fix `x|y` \\", status=ActionStatus.NOT_DOING, status_reason="r|s"),),
    )  # fmt: skip
    back, _ = _build(to_markdown(incident, {}, {}))
    assert back.title == incident.title and back.summary == incident.summary
    assert back.timeline[0].event == "a | b \\| c" and back.timeline[0].source == "<i>s</i>"
    assert back.actions[0].title == "fix `x|y` \\" and back.actions[0].status_reason == "r|s"
