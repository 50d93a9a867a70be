"""Importing and exporting Chaos Toolkit and Argo Rollouts files into a plan, all or nothing."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sreplan.kernel.errors import UserError
from sreplan.kernel.workspace import Workspace
from sreplan.resilience import store
from sreplan.resilience.formats import argo_rollouts, chaostoolkit
from sreplan.resilience.model import slo_metrics


@dataclass(frozen=True)
class ImportSummary:
    titles: tuple[str, ...]
    notes: tuple[str, ...]


def import_chaos(ws: Workspace, plan_id: str, paths: Sequence[str | Path]) -> ImportSummary:
    parsed = chaostoolkit.read_files(paths, plan_id)
    names = {n.casefold(): i for i, n in store.component_names(ws, plan_id).items()}
    notes: list[str] = []
    with ws.write():
        for p in parsed:
            e = p.experiment
            if p.slo_name:
                slo_id = store.slo_by_name(ws, plan_id, p.slo_name)
                if slo_id is None:
                    notes.append(f"'{e.title}': the plan has no SLO named {p.slo_name!r}; "
                                 "the experiment is not tied to an SLO")
                e = replace(e, slo_id=slo_id)
            targets = []
            for name in p.target_names:
                if name.casefold() in names:
                    targets.append(names[name.casefold()])
                else:
                    notes.append(f"'{e.title}': the plan has no component named {name!r}; "
                                 "that target was not kept")
            store.add_experiment(ws, replace(e, target_ids=tuple(targets)))
    return ImportSummary(tuple(p.experiment.title for p in parsed),
                         tuple(n for p in parsed for n in p.notes) + tuple(notes))


def export_chaos(ws: Workspace, plan_id: str, out_dir: Path) -> tuple[list[Path], list[str]]:
    """One file per experiment Chaos Toolkit accepts; the others are named, not written."""
    slos = store.slo_facts(ws, plan_id)
    names = store.component_names(ws, plan_id)
    taken: set[str] = set()
    texts = []
    skipped = []
    for e in store.list_experiments(ws, plan_id):
        slo = slos[e.slo_id].name if e.slo_id and e.slo_id in slos else ""
        try:
            text = chaostoolkit.dump_experiment(e, slo, [names[t] for t in e.target_ids])
        except chaostoolkit.ChaosFileError as exc:
            skipped.append(str(exc))
            continue
        texts.append((chaostoolkit.file_name(e.title, taken), text))
    if not texts:
        raise UserError("The plan has no chaos experiments Chaos Toolkit would accept"
                        + (f": {skipped[0]}" if skipped else ""))
    return _write_all(out_dir, texts), skipped


def _write_all(out_dir: Path, texts: list[tuple[str, str]]) -> list[Path]:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create {out_dir}: {exc.strerror or exc}") from exc
    written = []
    for name, text in texts:
        written.append(write_text(out_dir / name, text))
    return written


def write_text(out: Path, text: str) -> Path:
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out


def import_rollout(
    ws: Workspace, plan_id: str, component: str, paths: Sequence[str | Path]
) -> ImportSummary:
    component_id = store.component_by_name(ws, plan_id, component)
    parsed = argo_rollouts.read_files(paths, plan_id, component_id)
    r = parsed.rollout
    notes = list(parsed.notes)
    if parsed.slo_name:
        slo_id = store.slo_by_name(ws, plan_id, parsed.slo_name)
        if slo_id is None:
            notes.append(f"Rollout {r.name!r}: the plan has no SLO named {parsed.slo_name!r}; "
                         "its analysis is not tied to an SLO")
        r = replace(r, slo_id=slo_id)
    with ws.write():
        store.add_rollout(ws, r)
    return ImportSummary((r.name,), tuple(notes))


def export_rollout(ws: Workspace, plan_id: str, component: str) -> str:
    """The component's rollout plan as a Rollout and its AnalysisTemplate(s)."""
    component_id = store.component_by_name(ws, plan_id, component)
    rollouts = [r for r in store.list_rollouts(ws, plan_id) if r.component_id == component_id]
    if not rollouts:
        raise UserError(f"{component!r} has no rollout plan to export.")
    if len(rollouts) > 1:
        raise UserError(f"{component!r} has {len(rollouts)} rollout plans; export needs one")
    r = rollouts[0]
    slos = store.slo_facts(ws, plan_id)
    slo = slos.get(r.slo_id) if r.slo_id else None
    metrics = None
    if not r.metrics and slo is not None:
        good, total, sli = store.sli_queries(ws, slo.id)
        if not good.strip() or not total.strip():
            raise UserError(f"The SLI {sli!r} of SLO {slo.name!r} has no good and total "
                            "queries, so no Prometheus analysis can be written; add them in "
                            "Reliability goals")
        metrics = slo_metrics(r, slo, store.alert_windows(ws, plan_id, slo), good, total)
    return argo_rollouts.dump_rollout(r, slo.name if slo else "", metrics)
