"""Round trip of generated plans: export → import into an empty workspace → export is
byte-identical, whatever text, numbers and records the plan holds."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sreplan.bundle.export import bundle_files, write_bundle
from sreplan.bundle.importing import write_plan
from sreplan.bundle.read import read_bundle
from sreplan.features import open_workspace, seed_demo
from sreplan.kernel import Workspace
from sreplan.kernel.ids import stable_id
from tests.conftest import DEMO_DATE

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
# Names pass SQLite's CHECK (length(trim(name)) > 0): trim removes spaces only, and
# length() stops at a NUL.
NAME = TEXT.filter(lambda t: t.split("\x00")[0].strip(" ") != "")
STATUS = st.sampled_from(["not_started", "in_progress", "done", "blocked", "not_applicable"])
RISK = st.sampled_from(["high", "medium", "low"])
CHECKPOINT = st.tuples(NAME, TEXT, STATUS, RISK, st.one_of(st.none(), st.dates().map(str)))
TARGET = st.floats(min_value=0.001, max_value=99.999, allow_nan=False)
SERIES = st.lists(st.floats(min_value=0, max_value=1e12, allow_nan=False), max_size=30)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace file holding the demo plan, copied for every example."""
    path = tmp_path_factory.mktemp("roundtrip") / "template.sreplan"
    ws = open_workspace(path, create=True)
    seed_demo(ws, DEMO_DATE)
    ws.close()
    return path


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = open_workspace(tmp_path_factory.mktemp("roundtrip") / "empty.sreplan", create=True)
    yield ws
    ws.close()


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=NAME,
    context=TEXT,
    checkpoints=st.lists(CHECKPOINT, max_size=6),
    target=TARGET,
    series=SERIES,
    prose=st.lists(TEXT, min_size=4, max_size=4),
)
def test_generated_plans_round_trip(
    template: Path,
    empty: Workspace,
    name: str,
    context: str,
    checkpoints: list[tuple[str, str, str, str, str | None]],
    target: float,
    series: list[float],
    prose: list[str],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(template, Path(tmp) / "source.sreplan")
        source = open_workspace(Path(tmp) / "source.sreplan")
        try:
            plan_id = source.scalar("SELECT id FROM plans")
            _generate(source, plan_id, name, context, checkpoints, target, series)
            with source.write() as conn:  # text that also lands in MADR, OpenSLO, postmortems
                conn.execute("UPDATE adrs SET context = ?, consequences = ?", prose[:2])
                conn.execute("UPDATE slos SET description = ?", prose[2:3])
                conn.execute("UPDATE incidents SET summary = ?", prose[3:])
            first = bundle_files(source, plan_id)
            folder = Path(tmp) / "bundle"
            write_bundle(first, folder, plan_id)
            write_plan(empty, read_bundle(folder))
            again = bundle_files(empty, plan_id)
        finally:
            source.close()
            with empty.write() as conn:
                conn.execute("DELETE FROM plans")
    assert again == first
    for path, text in first.items():
        if path.endswith((".yaml", ".csv")):
            assert "\r" not in text and text.endswith("\n"), path


def _generate(
    ws: Workspace,
    plan_id: str,
    name: str,
    context: str,
    checkpoints: list[tuple[str, str, str, str, str | None]],
    target: float,
    series: list[float],
) -> None:
    from sreplan.capacity.series_store import replace_series

    with ws.write() as conn:
        conn.execute(
            "UPDATE plans SET name = ?, context = ? WHERE id = ?", [name, context, plan_id]
        )
        conn.execute("UPDATE slos SET target = ? WHERE plan_id = ?", [target, plan_id])
        model = ws.rows("SELECT * FROM checkpoints WHERE plan_id = ? LIMIT 1", [plan_id])[0]
        for i, (title, notes, status, risk, due) in enumerate(checkpoints):
            row = {**model, "id": stable_id(f"gen/{i}"), "position": 100 + i, "title": title,
                   "notes": notes, "status": status, "risk": risk, "due_date": due,
                   "waiver_reason": None, "template_key": None}
            conn.execute(
                f"INSERT INTO checkpoints ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )
    resource = ws.scalar("SELECT id FROM capacity_resources WHERE plan_id = ?", [plan_id])
    start = 1_700_000_000
    replace_series(ws, plan_id, resource, [start + 3600 * i for i in range(len(series))], series)


@pytest.fixture(scope="module")
def bundle_folder(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sreplan.bundle.export import export_bundle

    folder = tmp_path_factory.mktemp("fuzz") / "bundle"
    ws = open_workspace(template, read_only=True)
    try:
        export_bundle(ws, str(ws.scalar("SELECT id FROM plans")), folder)
    finally:
        ws.close()
    return folder


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    target=st.sampled_from([
        "plan.yaml", "checkpoints.yaml", "capacity/resources.yaml",
        "capacity/series/checkout-api-peak-rps.csv",
    ]),
    at=st.floats(min_value=0, max_value=1),
    junk=st.binary(max_size=30),
    cut=st.booleans(),
)
def test_damaged_bundle_files_are_refused_cleanly(
    bundle_folder: Path, target: str, at: float, junk: bytes, cut: bool
) -> None:
    """Whatever happens to a file, reading the bundle says what is wrong or accepts it."""
    from sreplan.kernel.errors import UserError

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "b"
        shutil.copytree(bundle_folder, folder)
        path = folder / target
        data = path.read_bytes()
        where = int(len(data) * at)
        path.write_bytes(data[:where] + junk + (b"" if cut else data[where:]))
        try:
            read_bundle(folder)
        except UserError as exc:
            assert str(exc).strip() and "Traceback" not in str(exc)
