"""Fuzzing, bounded to stay fast: importers and damaged workspaces never give a traceback.

Every importer either reads its input or raises a UserError (one line, named);
every command on a bit-flipped workspace exits 0 or 2, and a file ``check``
accepts works with every command. tests/benchmarks/bench_fuzz.py runs far more cases.
"""

from __future__ import annotations

import contextlib
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sreplan.cli import main
from sreplan.features import open_workspace, seed_demo
from sreplan.kernel.errors import UserError

FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _openslo(text: str) -> object:
    from sreplan.slo.openslo.read import parse_files

    return parse_files([("f.yaml", text)])


def _template(text: str) -> object:
    from sreplan.checkpoints.formats.template_yaml import parse_template

    return parse_template(text, "t.yaml")


def _csv(text: str) -> object:
    from sreplan.capacity.formats.series_csv import read_csv_text

    return read_csv_text(text, source="d.csv")


def _prometheus(text: str) -> object:
    from sreplan.capacity.formats.prometheus import read_matrix
    from sreplan.kernel.inputs import load_json

    return read_matrix(load_json(text, "p.json"), source="p.json")


def _madr(text: str, tmp: Path) -> object:
    from sreplan.architecture.madr.read import plan_import

    path = tmp / "0001-x.md"
    path.write_text(text, encoding="utf-8")
    return plan_import([path], [])


YAMLISH = st.text(
    alphabet=st.sampled_from(list("abk:-[]{}&*!|>'\"#\n 0123456789.,\\%@`~")), max_size=300
)
PARSERS: dict[str, tuple[Callable[[str], object], st.SearchStrategy[str]]] = {
    "openslo": (_openslo, YAMLISH | st.text(max_size=200)),
    "template": (_template, YAMLISH | st.text(max_size=200)),
    "csv": (_csv, st.text(alphabet=st.sampled_from(list("0123456789-:T,;\"\n .eE+nai")),
                          max_size=300)),
    "prometheus": (
        _prometheus,
        st.text(alphabet=st.sampled_from(list('{}[]":,0123456789.e-abcdefghijklmnopqrstuvwxyz ')),
                max_size=300),
    ),
}


@pytest.mark.parametrize("kind", sorted(PARSERS))
def test_importers_raise_only_user_errors(kind: str) -> None:
    parse, texts = PARSERS[kind]

    @FAST
    @given(texts)
    def run(text: str) -> None:
        try:
            parse(text)
        except UserError as exc:
            assert "\n" not in str(exc) or kind == "csv" or kind == "prometheus"

    run()


@FAST
@given(text=st.text(max_size=400) | YAMLISH.map(lambda y: f"---\n{y}\n---\n# T\n"))
def test_madr_import_raises_only_user_errors(tmp_path: Path, text: str) -> None:
    with contextlib.suppress(UserError):
        _madr(text, tmp_path)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "demo.sreplan"
    ws = open_workspace(path, create=True)
    seed_demo(ws)
    ws.close()
    return path


COMMANDS = (
    ["list", "{f}"],
    ["export-checklist", "{f}", "--plan", "Checkout service", "--format", "json"],
    ["export-openslo", "{f}", "--plan", "Checkout service"],
    ["lint", "{f}", "--plan", "Checkout service"],
    ["forecast", "{f}", "--plan", "Checkout service"],
)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), flips=st.integers(1, 16))
def test_bit_flipped_workspaces_never_give_a_traceback(
    pristine: Path, tmp_path: Path, seed: int, flips: int, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / f"flip-{seed}.sreplan"
    shutil.copyfile(pristine, damaged)
    data = bytearray(damaged.read_bytes())
    rng = random.Random(seed)
    for _ in range(flips):
        at = rng.randrange(100, len(data))  # the header is checked byte by byte already
        data[at] ^= 1 << rng.randrange(8)
    damaged.write_bytes(bytes(data))
    before = damaged.read_bytes()
    verdict = main(["check", str(damaged)])
    assert verdict in (0, 2)
    for command in COMMANDS:
        code = main([part.format(f=damaged) for part in command])
        assert code in (0, 1, 2)
        if verdict == 0:
            assert code != 2 or "error" not in capsys.readouterr().err
        capsys.readouterr()
    assert damaged.read_bytes() == before
