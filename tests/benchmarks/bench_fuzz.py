"""The slow fuzz run: many generated and mutated inputs per format, and bit-flipped files.

Prints, per format, how many inputs were read, refused with a UserError, and how
many crashed (any other exception: the goal is 0). Not a timed test.

Run: python tests/benchmarks/bench_fuzz.py [--cases 10000] [--flips 1000]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from importlib import resources
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

from sreplan.cli import main as cli_main
from sreplan.features import open_workspace, seed_demo
from sreplan.kernel.errors import UserError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TEMPLATES = Path(str(resources.files("sreplan") / "data" / "templates"))
YAML_ALPHABET = "abk:-[]{}&*!|>'\"#\n 0123456789.,\\%@`~"


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


def _madr(text: str) -> object:
    from sreplan.architecture.madr.read import plan_import

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "0001-x.md"
        path.write_text(text, encoding="utf-8")
        return plan_import([path], [])


def _seeds(pattern: str, folder: Path = FIXTURES) -> list[str]:
    return [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob(pattern))]


FORMATS: dict[str, tuple[Callable[[str], object], list[str]]] = {
    "openslo": (_openslo, _seeds("openslo*/*.yaml")),
    "template": (_template, _seeds("*.yaml", TEMPLATES)),
    "csv": (_csv, [p[:20_000] for p in _seeds("capacity/*.csv")]),
    "prometheus": (_prometheus, ['{"status":"success","data":{"resultType":"matrix","result":'
                                 '[{"metric":{"job":"a"},"values":[[1700000000,"1"],'
                                 '[1700000060,"2"]]}]}}']),
    "madr": (_madr, _seeds("madr/*.md") + _seeds("adr-log4brains/*.md")),
}


def _mutate(rng: random.Random, seed: str) -> str:
    text = list(seed)
    for _ in range(rng.randint(1, 8)):
        if not text:
            break
        at = rng.randrange(len(text))
        action = rng.random()
        if action < 0.4:
            text[at] = rng.choice(YAML_ALPHABET)
        elif action < 0.6:
            del text[at : at + rng.randint(1, 40)]
        elif action < 0.8:
            text[at:at] = list(rng.choice(YAML_ALPHABET) * rng.randint(1, 30))
        else:
            chunk = text[at : at + rng.randint(1, 200)]
            text[at:at] = chunk * rng.randint(1, 5)
    return "".join(text)


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(YAML_ALPHABET) for _ in range(rng.randint(0, 300)))


def fuzz_formats(cases: int, rng: random.Random) -> None:
    for name, (parse, seeds) in FORMATS.items():
        counts = {"read": 0, "refused": 0, "crashed": 0}
        started = time.perf_counter()
        for i in range(cases):
            text = _mutate(rng, rng.choice(seeds)) if seeds and i % 4 else _random_text(rng)
            try:
                parse(text)
                counts["read"] += 1
            except UserError:
                counts["refused"] += 1
            except Exception:
                counts["crashed"] += 1
                if counts["crashed"] <= 3:
                    traceback.print_exc(limit=3)
        took = time.perf_counter() - started
        print(f"{name:11s} {cases:6d} cases  read {counts['read']:6d}  refused "
              f"{counts['refused']:6d}  crashed {counts['crashed']:4d}  ({took:.1f} s)")


COMMANDS = (
    ["list", "{f}"],
    ["export-checklist", "{f}", "--plan", "Checkout service", "--format", "json"],
    ["export-openslo", "{f}", "--plan", "Checkout service"],
    ["lint", "{f}", "--plan", "Checkout service"],
    ["forecast", "{f}", "--plan", "Checkout service"],
)


def fuzz_files(flips: int, rng: random.Random) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pristine = Path(tmp) / "demo.sreplan"
        ws = open_workspace(pristine, create=True)
        seed_demo(ws)
        ws.close()
        data = pristine.read_bytes()
        accepted = refused = crashed = accepted_then_failed = changed = 0
        for i in range(flips):
            damaged = Path(tmp) / f"d{i}.sreplan"
            buffer = bytearray(data)
            for _ in range(rng.randint(1, 16)):
                at = rng.randrange(100, len(buffer))
                buffer[at] ^= 1 << rng.randrange(8)
            damaged.write_bytes(bytes(buffer))
            sink = io.StringIO()
            try:
                with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                    verdict = cli_main(["check", str(damaged)])
                    codes = [cli_main([a.format(f=damaged) for a in c]) for c in COMMANDS]
            except Exception:
                crashed += 1
                if crashed <= 3:
                    print(traceback.format_exc(limit=-4), file=sys.__stderr__)
                continue
            if verdict == 0:
                accepted += 1
                accepted_then_failed += any(code == 2 for code in codes)
            else:
                refused += 1
            changed += damaged.read_bytes() != bytes(buffer)
            damaged.unlink()
        print(f"bit flips   {flips:6d} files  check ok {accepted:5d}  refused {refused:5d}  "
              f"crashed {crashed}  accepted-then-failed {accepted_then_failed}  changed {changed}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--flips", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    fuzz_formats(args.cases, rng)
    fuzz_files(args.flips, rng)


if __name__ == "__main__":
    sys.exit(main())
