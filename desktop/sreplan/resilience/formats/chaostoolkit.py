"""Chaos Toolkit's open experiment format, to and from :class:`Experiment`.

SRE Plan does not run experiments, so the steady-state probes, the method and the
rollbacks are kept exactly as they came (provider blocks included) and written back
unchanged. What SRE Plan adds (the SLO, fault, blast radius, abort share, schedule)
travels in an ``extensions`` entry named ``sreplan``, which Chaos Toolkit accepts and
ignores. Every top-level key SRE Plan cannot keep is reported, never dropped silently.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sreplan.kernel.errors import UserError
from sreplan.kernel.ids import new_id
from sreplan.resilience.formats.yamlsafe import load_documents
from sreplan.resilience.model import BlastUnit, CtkParts, Experiment

KEPT = ("title", "description", "tags", "configuration", "steady-state-hypothesis",
        "method", "rollbacks", "extensions")
EXTENSION = "sreplan"


class ChaosFileError(UserError):
    """A Chaos Toolkit file SRE Plan cannot read; names the file and the field."""


@dataclass(frozen=True)
class ParsedExperiment:
    """An experiment read from a file, and what of the file it could not keep."""

    experiment: Experiment
    slo_name: str  # the SLO named in the sreplan extension, resolved by the caller
    target_names: tuple[str, ...]
    notes: tuple[str, ...]


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False, separators=(",", ":"))


def _tolerance_ok(value: Any) -> bool:
    # Chaos Toolkit defines a tolerance as a boolean, integer, string, list or mapping
    # (probe, regex, jsonpath, range); a float or null is not one of them.
    return isinstance(value, bool | int | str | list | dict)


def parse_experiment(doc: Any, source: str, plan_id: str) -> ParsedExperiment:
    """One experiment document (already loaded from JSON or YAML)."""
    if not isinstance(doc, dict):
        raise ChaosFileError(f"{source}: an experiment must be a mapping, not "
                             f"{type(doc).__name__}")
    title = doc.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ChaosFileError(f"{source}: 'title' is missing or empty")
    description = doc.get("description", "")
    if not isinstance(description, str):
        raise ChaosFileError(f"{source}: 'description' must be text")
    method = doc.get("method")
    if isinstance(method, list):
        for n, step in enumerate(method, 1):
            if isinstance(step, dict) and isinstance(step.get("probes"), dict):
                raise ChaosFileError(
                    f"{source}: method step {n} holds a 'probes' mapping: this is the older "
                    "Chaos Toolkit format (before 1.0), which SRE Plan does not read; convert "
                    "it to activities with 'type: probe' or 'type: action'")
    elif method is not None:
        raise ChaosFileError(f"{source}: 'method' must be a list of activities")
    tags = doc.get("tags")
    if tags is not None and not (isinstance(tags, list) and all(isinstance(t, str)
                                                                for t in tags)):
        raise ChaosFileError(f"{source}: 'tags' must be a list of text")
    configuration = doc.get("configuration")
    if configuration is not None and not isinstance(configuration, dict):
        raise ChaosFileError(f"{source}: 'configuration' must be a mapping")
    rollbacks = doc.get("rollbacks")
    if rollbacks is not None and not isinstance(rollbacks, list):
        raise ChaosFileError(f"{source}: 'rollbacks' must be a list of activities")
    hypothesis = ""
    probes: Any = None
    ssh = doc.get("steady-state-hypothesis")
    notes: list[str] = []
    if ssh is not None:
        if not isinstance(ssh, dict):
            raise ChaosFileError(f"{source}: 'steady-state-hypothesis' must be a mapping")
        hypothesis = ssh.get("title", "")
        if not isinstance(hypothesis, str):
            raise ChaosFileError(f"{source}: steady-state-hypothesis.title must be text")
        probes = ssh.get("probes")
        if probes is not None and not isinstance(probes, list):
            raise ChaosFileError(f"{source}: steady-state-hypothesis.probes must be a list")
        for n, probe in enumerate(probes or [], 1):
            if not isinstance(probe, dict):
                raise ChaosFileError(f"{source}: steady-state-hypothesis probe {n} must be a "
                                     "mapping")
            name = probe.get("name", n)
            if "tolerance" not in probe:
                raise ChaosFileError(f"{source}: steady-state-hypothesis probe {name!r} has "
                                     "no 'tolerance'")
            if not _tolerance_ok(probe["tolerance"]):
                kind = "null" if probe["tolerance"] is None else type(probe["tolerance"]).__name__
                raise ChaosFileError(
                    f"{source}: steady-state-hypothesis probe {name!r}: a tolerance of type "
                    f"{kind} ({probe['tolerance']!r}) is not one the format defines (boolean, "
                    "integer, text, list or a probe/regex/jsonpath/range mapping)")
        for key in ssh:
            if key not in ("title", "probes"):
                notes.append(f"{source}: steady-state-hypothesis.{key} was not kept")
    for key in doc:
        if key not in KEPT:
            notes.append(f"{source}: top-level '{key}' was not kept")
    ours: dict[str, Any] = {}
    extensions = doc.get("extensions")
    if extensions is not None:
        if not isinstance(extensions, list):
            raise ChaosFileError(f"{source}: 'extensions' must be a list")
        for ext in extensions:
            if isinstance(ext, dict) and ext.get("name") == EXTENSION:
                ours = ext
            else:
                label = ext.get("name") if isinstance(ext, dict) else ext
                notes.append(f"{source}: extension {label!r} was not kept")
    experiment = Experiment(
        id=new_id(),
        plan_id=plan_id,
        title=title.strip(),
        hypothesis=hypothesis,
        description=description,
        ctk=CtkParts(
            tags=_dump(tags) if tags is not None else "",
            configuration=_dump(configuration) if configuration is not None else "",
            probes=_dump(probes) if probes is not None else "",
            method=_dump(method) if method is not None else "",
            rollbacks=_dump(rollbacks) if rollbacks is not None else "",
        ),
    )
    experiment, slo_name, targets = _read_extension(experiment, ours, source)
    return ParsedExperiment(experiment, slo_name, targets, tuple(notes))


def _read_extension(
    e: Experiment, ext: dict[str, Any], source: str
) -> tuple[Experiment, str, tuple[str, ...]]:
    if not ext:
        return e, "", ()

    def text(key: str) -> str:
        value = ext.get(key, "")
        if not isinstance(value, str):
            raise ChaosFileError(f"{source}: extensions.sreplan.{key} must be text")
        return value

    def number(key: str) -> float | None:
        value = ext.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ChaosFileError(f"{source}: extensions.sreplan.{key} must be a number")
        return float(value)

    try:
        unit = BlastUnit(ext.get("blast_unit", BlastUnit.TRAFFIC.value))
    except ValueError as exc:
        raise ChaosFileError(f"{source}: extensions.sreplan.blast_unit: {exc}") from exc
    duration = number("duration_seconds")
    abort = number("abort_budget_percent")
    targets = ext.get("targets", [])
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise ChaosFileError(f"{source}: extensions.sreplan.targets must be a list of names")
    e = replace(
        e,
        tolerance=text("tolerance"),
        fault=text("fault"),
        environment=text("environment"),
        blast_percent=number("blast_percent"),
        blast_unit=unit,
        abort_budget_percent=abort if abort is not None else e.abort_budget_percent,
        duration_seconds=int(duration) if duration is not None else None,
        schedule=text("schedule"),
        owner=text("owner"),
    )
    return e, text("slo"), tuple(targets)


def read_files(paths: Iterable[str | Path], plan_id: str) -> list[ParsedExperiment]:
    """Every experiment of every file, or a ChaosFileError and nothing."""
    out = []
    for path in paths:
        path = Path(path)
        docs = load_documents(path, ChaosFileError)
        for n, doc in enumerate(docs, 1):
            source = str(path) if len(docs) == 1 else f"{path} (document {n})"
            out.append(parse_experiment(doc, source, plan_id))
    return out


def to_document(e: Experiment, slo_name: str = "", target_names: Iterable[str] = ()
                ) -> dict[str, Any]:
    """The experiment as Chaos Toolkit reads it (key order fixed, so output is stable)."""
    ctk = e.ctk or CtkParts()
    doc: dict[str, Any] = {"title": e.title, "description": e.description or e.title}
    if ctk.tags:
        doc["tags"] = json.loads(ctk.tags)
    if ctk.configuration:
        doc["configuration"] = json.loads(ctk.configuration)
    if e.hypothesis or ctk.probes:
        ssh: dict[str, Any] = {"title": e.hypothesis or e.title}
        if ctk.probes:
            ssh["probes"] = json.loads(ctk.probes)
        doc["steady-state-hypothesis"] = ssh
    if not ctk.method:
        raise ChaosFileError(
            f"Experiment '{e.title}' has no method (the actions that inject the fault): "
            "Chaos Toolkit refuses an experiment without one; import or write its method first")
    doc["method"] = json.loads(ctk.method)
    if ctk.rollbacks:
        doc["rollbacks"] = json.loads(ctk.rollbacks)
    ext: dict[str, Any] = {"name": EXTENSION}
    for key, value in (
        ("slo", slo_name),
        ("tolerance", e.tolerance),
        ("fault", e.fault),
        ("environment", e.environment),
        ("blast_percent", e.blast_percent),
        ("blast_unit", e.blast_unit.value if e.blast_percent is not None else ""),
        ("abort_budget_percent", e.abort_budget_percent),
        ("duration_seconds", e.duration_seconds),
        ("schedule", e.schedule),
        ("owner", e.owner),
        ("targets", list(target_names)),
    ):
        if value not in ("", None, []):
            ext[key] = value
    doc["extensions"] = [ext]
    return doc


def dump_experiment(e: Experiment, slo_name: str = "", target_names: Iterable[str] = ()) -> str:
    return json.dumps(to_document(e, slo_name, target_names), indent=2, ensure_ascii=False) + "\n"


def file_name(title: str, taken: set[str]) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:60] or "experiment"
    name, n = f"{stem}.json", 2
    while name in taken:
        name, n = f"{stem}-{n}.json", n + 1
    taken.add(name)
    return name
