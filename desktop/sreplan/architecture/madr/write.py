"""MADR 4.0 export: one Markdown file per ADR with YAML front matter and MADR's headings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sreplan.architecture.adr import Adr, slug
from sreplan.kernel.errors import UserError
from sreplan.kernel.files import write_text


def file_name(adr: Adr) -> str:
    return f"{adr.number:04d}-{slug(adr.title)}.md"


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"* {item}" for item in items)


def to_markdown(adr: Adr) -> str:
    """One ADR as MADR 4.0 Markdown with its YAML front matter."""
    import yaml

    meta: dict[str, Any] = {"status": adr.status_text}
    if adr.decided_on:
        meta["date"] = adr.decided_on
    for key, people in (
        ("decision-makers", adr.decision_makers),
        ("consulted", adr.consulted),
        ("informed", adr.informed),
    ):
        if people:
            meta[key] = ", ".join(people)
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000).strip()
    parts = [f"---\n{front}\n---\n", f"# {adr.title}\n"]
    parts.append(f"## Context and Problem Statement\n\n{adr.context.strip()}\n")
    if adr.drivers:
        parts.append(f"## Decision Drivers\n\n{_bullets(adr.drivers)}\n")
    if adr.options:
        parts.append(f"## Considered Options\n\n{_bullets(o.title for o in adr.options)}\n")
    outcome = ""
    if adr.chosen_option:
        reason = adr.outcome_reason.strip()
        joiner = "\n\n" if reason[:1] in ("*", "-", "+") or "\n" in reason else " "
        outcome = f'Chosen option: "{adr.chosen_option}", because{joiner}{reason}'.rstrip()
    elif adr.outcome_reason.strip():
        outcome = adr.outcome_reason.strip()
    parts.append(f"## Decision Outcome\n\n{outcome}\n")
    if adr.consequences:
        parts.append(f"### Consequences\n\n{_bullets(adr.consequences)}\n")
    if adr.confirmation.strip():
        parts.append(f"### Confirmation\n\n{adr.confirmation.strip()}\n")
    detailed = [o for o in adr.options if o.description.strip() or o.good or o.neutral or o.bad]
    if detailed:
        parts.append("## Pros and Cons of the Options\n")
        for o in detailed:
            body = [o.description.strip()] if o.description.strip() else []
            args = (
                [f"Good, because {a}" for a in o.good]
                + [f"Neutral, because {a}" for a in o.neutral]
                + [f"Bad, because {a}" for a in o.bad]
            )
            if args:
                body.append(_bullets(args))
            parts.append(f"### {o.title}\n\n" + "\n\n".join(body) + "\n")
    if adr.more_information.strip():
        parts.append(f"## More Information\n\n{adr.more_information.strip()}\n")
    return "\n".join(parts)


class MadrWriteError(UserError):
    """An ADR file could not be written."""


def export_adrs(adrs: Sequence[Adr], folder: Path) -> list[Path]:
    """Write one file per ADR; each appears complete or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for adr in adrs:
        path = folder / file_name(adr)
        write_text(path, to_markdown(adr), error=MadrWriteError)
        written.append(path)
    return written
