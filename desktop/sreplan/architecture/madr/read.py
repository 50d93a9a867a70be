"""MADR 4.0 Markdown files: export ADRs one file each, import files or folders of them.

Import reads what real files hold (MADR 4 front matter, MADR 2 status bullets, optional
sections, Jekyll front matter) and reports what was missing. A bad file refuses the whole
import with its name and line; nothing is written until every file has been read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sreplan.architecture.adr import Adr, AdrOption, AdrStatus, parse_status
from sreplan.architecture.madr.write import export_adrs, file_name, to_markdown
from sreplan.kernel.errors import UserError
from sreplan.kernel.inputs import load_yaml, read_text

_FILE_NUMBER = re.compile(r"^(\d{1,6})[-_ ]")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")
_ARGUMENT = re.compile(r"^(good|neutral|bad)\s*,\s*(?:because\s+)?(.*)$", re.IGNORECASE | re.DOTALL)
_CHOSEN = re.compile(r'chosen option:\s*"(.+?)"\s*,?\s*(?:because\b\s*)?(.*)', re.I | re.DOTALL)
_MADR2_META = re.compile(
    r"^(status|deciders|decision-makers|date|consulted|informed)\s*:\s*(.*)$", re.IGNORECASE
)


__all__ = [
    "ImportPlan",
    "MadrError",
    "ParsedAdr",
    "collect_files",
    "export_adrs",
    "file_name",
    "parse_markdown",
    "plan_import",
    "to_markdown",
]


class MadrError(UserError):
    """A file that cannot be imported, named with its line."""


@dataclass(frozen=True)
class ParsedAdr:
    adr: Adr
    source: Path
    numbered_by_file: bool
    missing: tuple[str, ...] = ()


@dataclass
class ImportPlan:
    """Every file read and checked; ``adrs`` is what will be written, ``notices`` what to tell."""

    adrs: list[Adr] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


# Import ----------------------------------------------------------------------------------


@dataclass
class _Section:
    level: int
    title: str
    line: int
    body: list[str] = field(default_factory=list)
    children: list[_Section] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(self.body).strip()


def _strip_comments(text: str) -> str:
    """HTML comments blanked (their line breaks kept), in one linear pass.

    A regex here backtracked for minutes over 100,000 unclosed ``<!--``; an unclosed
    comment runs to the end of the file, as in HTML.
    """
    parts: list[str] = []
    start = 0
    while (opening := text.find("<!--", start)) != -1:
        parts.append(text[start:opening])
        closing = text.find("-->", opening + 4)
        end = len(text) if closing == -1 else closing + 3
        parts.append("\n" * text.count("\n", opening, end))
        start = end
    parts.append(text[start:])
    return "".join(parts)


def _front_matter(lines: list[str], source: Path) -> tuple[dict[str, Any] | None, int]:
    """The YAML mapping at the top (or None) and the index of the first body line."""

    if not lines or lines[0].strip() != "---":
        return None, 0
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise MadrError(f"{source.name}, line 1: the front matter opened with '---' never closes.")
    data = load_yaml("\n".join(lines[1:end]), source.name, error=MadrError, line_offset=1)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise MadrError(f"{source.name}, line 2: the front matter is not a list of 'key: value'.")
    return data, end + 1


def _sections(lines: list[str], first: int) -> tuple[list[str], list[_Section]]:
    """Body lines before any heading, and the headings as a tree (level 1/2 at the top)."""
    preamble: list[str] = []
    roots: list[_Section] = []
    stack: list[_Section] = []
    fence: str | None = None
    for number, line in enumerate(lines[first:], start=first + 1):
        stripped = line.strip()
        if fence is None and stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
        elif fence is not None and stripped.startswith(fence):
            fence = None
        elif fence is None and (m := _HEADING.match(line)):
            section = _Section(len(m.group(1)), m.group(2).strip(), number)
            while stack and stack[-1].level >= section.level:
                stack.pop()
            (stack[-1].children if stack else roots).append(section)
            stack.append(section)
            continue
        (stack[-1].body if stack else preamble).append(line)
    return preamble, roots


def _items(text_lines: Iterable[str]) -> list[str]:
    """Bullet items, continuation lines joined with a space; other text ignored."""
    items: list[str] = []
    open_item = False
    for line in text_lines:
        if m := _BULLET.match(line):
            items.append(m.group(1).strip())
            open_item = True
        elif not line.strip():
            open_item = False
        elif open_item and items:
            items[-1] = f"{items[-1]} {line.strip()}"
    return items


def _option(section: _Section) -> AdrOption:
    """An option's detail: Good/Neutral/Bad argument bullets, everything else as description."""
    description: list[str] = []
    args: dict[str, list[str]] = {"good": [], "neutral": [], "bad": []}
    fence = False
    current: list[str] | None = None
    for line in section.body + [
        line
        for child in section.children
        for line in [f"{'#' * child.level} {child.title}", *child.body]
    ]:
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
        bullet = None if fence else _BULLET.match(line)
        argument = _ARGUMENT.match(bullet.group(1).strip()) if bullet else None
        if argument:
            current = args[argument.group(1).casefold()]
            current.append(argument.group(2).strip())
            continue
        if current is not None and stripped and not bullet and not fence and line[:1] == " ":
            current[-1] = f"{current[-1]} {stripped}"
            continue
        current = None
        description.append(line)
    return AdrOption(
        section.title,
        "\n".join(description).strip(),
        tuple(args["good"]),
        tuple(args["neutral"]),
        tuple(args["bad"]),
    )


def _people(value: Any) -> tuple[str, ...]:
    if value is None or isinstance(value, dict):
        return ()
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return tuple(p.strip() for p in re.split(r"[,;]", str(value)) if p.strip())


def _norm(title: str) -> str:
    return re.sub(r"[^a-z ]", "", title.casefold()).strip()


def parse_markdown(text: str, source: Path) -> ParsedAdr:
    """Read one MADR file (any version from 2 to 4); raise MadrError for what cannot be read."""
    text = _strip_comments(text.replace("\r\n", "\n"))
    lines = text.split("\n")
    meta, first = _front_matter(lines, source)
    missing: list[str] = []
    notes: list[str] = []
    preamble, roots = _sections(lines, first)
    title_section = next((s for s in roots if s.level == 1), None)
    if title_section is None or not title_section.title:
        raise MadrError(f"{source.name}, line {first + 1}: no title (a '# Title' heading).")
    fields = dict(meta or {})
    if meta is None:
        missing.append("front matter")
    # MADR 2 kept its metadata as "* Status: accepted" bullets under the title.
    for item in _items(title_section.body + preamble):
        if (m := _MADR2_META.match(item)) and m.group(1).casefold() not in fields:
            key = "decision-makers" if m.group(1).casefold() == "deciders" else m.group(1)
            fields.setdefault(key.casefold(), m.group(2).strip())
    status, superseded = AdrStatus.PROPOSED, None
    raw_status = fields.get("status")
    if isinstance(raw_status, str) and "{" in raw_status:
        notes.append("status is still the template's placeholder (kept as proposed)")
    elif isinstance(raw_status, str) and raw_status.strip():
        try:
            status, superseded = parse_status(raw_status)
        except ValueError:
            notes.append(f"status {raw_status.strip()!r} is not a MADR status (kept as proposed)")
    else:
        missing.append("status")
    decided: date | None = None
    raw_date = fields.get("date")
    if isinstance(raw_date, datetime):
        decided = raw_date.date()
    elif isinstance(raw_date, date):
        decided = raw_date
    elif isinstance(raw_date, str) and raw_date.strip():
        try:
            decided = date.fromisoformat(raw_date.strip())
        except ValueError:
            notes.append(f"date {raw_date.strip()!r} is not YYYY-MM-DD (left empty)")
    else:
        missing.append("date")
    adr = Adr(
        number=0,
        title=title_section.title,
        status=status,
        superseded_by=superseded,
        decided_on=decided,
        decision_makers=_people(fields.get("decision-makers")),
        consulted=_people(fields.get("consulted")),
        informed=_people(fields.get("informed")),
    )
    options: dict[str, AdrOption] = {}
    extra: list[str] = []
    sections = title_section.children + [s for s in roots if s.level > 1]
    for section in sections:
        name = _norm(section.title)
        if name in ("context and problem statement", "context"):
            adr = replace(adr, context=section.text())
        elif name == "decision drivers":
            adr = replace(adr, drivers=tuple(_items(section.body)))
        elif name == "considered options":
            for title in _items(section.body):
                options.setdefault(title, AdrOption(title))
        elif name == "decision outcome":
            adr = _outcome(adr, section)
        elif name in ("pros and cons of the options", "pros and cons"):
            for child in section.children:
                options[child.title] = _option(child)
        elif name in ("more information", "links"):
            adr = replace(adr, more_information=_join(adr.more_information, section.text()))
        elif name in ("confirmation", "validation"):
            adr = replace(adr, confirmation=section.text())
        elif name == "consequences":
            adr = replace(adr, consequences=tuple(_items(section.body)))
        elif name == "status" and not raw_status:
            try:
                status, superseded = parse_status(section.text())
                adr = replace(adr, status=status, superseded_by=superseded)
                missing.remove("status")
            except ValueError:
                notes.append(f"status {section.text()!r} is not a MADR status")
        else:
            extra.append(section.title)
            adr = replace(
                adr,
                more_information=_join(
                    adr.more_information, f"### {section.title}\n\n{_subtree(section)}"
                ),
            )
    adr = replace(adr, options=tuple(options.values()))
    for label, present in (
        ("context and problem statement", adr.context),
        ("considered options", adr.options),
        ("decision outcome", adr.chosen_option or adr.outcome_reason),
    ):
        if not present:
            missing.append(label)
    placeholders = [k for k, v in fields.items() if isinstance(v, dict)]
    if placeholders or title_section.title.startswith("{"):
        notes.append("template placeholders left in " + (", ".join(placeholders) or "the text"))
    if extra:
        notes.append("sections kept under More information: " + ", ".join(extra))
    number = _FILE_NUMBER.match(source.name)
    adr = replace(adr, number=int(number.group(1)) if number else 0)
    return ParsedAdr(adr, source, number is not None, tuple(missing + notes))


def _join(a: str, b: str) -> str:
    return f"{a}\n\n{b}".strip() if a else b


def _subtree(section: _Section) -> str:
    out = list(section.body)
    for child in section.children:
        out += [f"{'#' * child.level} {child.title}", *child.body]
    return "\n".join(out).strip()


def _outcome(adr: Adr, section: _Section) -> Adr:
    text = section.text()
    if m := _CHOSEN.search(text):
        adr = replace(adr, chosen_option=m.group(1).strip(), outcome_reason=m.group(2).strip())
    else:
        adr = replace(adr, outcome_reason=text)
    consequences: list[str] = []
    for child in section.children:
        name = _norm(child.title)
        if name == "consequences":
            consequences += _items(child.body)
        elif name == "positive consequences":
            consequences += [f"Good, because {i}" for i in _items(child.body)]
        elif name == "negative consequences":
            consequences += [f"Bad, because {i}" for i in _items(child.body)]
        elif name in ("confirmation", "validation"):
            adr = replace(adr, confirmation=child.text())
        else:
            adr = replace(
                adr,
                more_information=_join(
                    adr.more_information, f"### {child.title}\n\n{_subtree(child)}"
                ),
            )
    return replace(adr, consequences=tuple(consequences))


def _read(path: Path) -> str:
    return read_text(path, limit=5 * 1024 * 1024, error=MadrError)


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Files named, plus ``NNNN-*.md`` files in folders named; other folder files are skipped."""
    files: list[Path] = []
    notices: list[str] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".md" and p.is_file())
            skipped = [p.name for p in found if not _FILE_NUMBER.match(p.name)]
            files += [p for p in found if _FILE_NUMBER.match(p.name)]
            if skipped:
                notices.append(
                    f"{path.name}/: skipped files without an ADR number: " + ", ".join(skipped)
                )
        elif path.exists():
            files.append(path)
        else:
            raise MadrError(f"{path}: no such file or folder.")
    return files, notices


def plan_import(paths: Iterable[Path], taken_numbers: Iterable[int]) -> ImportPlan:
    """Read every file and number the ADRs; raise MadrError before anything is written."""
    files, notices = collect_files(paths)
    if not files:
        raise MadrError("No ADR files found in the paths given.")
    parsed = [parse_markdown(_read(f), f) for f in files]
    plan = ImportPlan(notices=notices)
    taken = set(taken_numbers)
    for item in parsed:
        adr = item.adr
        wanted = adr.number if item.numbered_by_file else None
        if wanted is None or wanted in taken:
            number = max(taken | {0}) + 1
            if wanted is None:
                plan.notices.append(
                    f"{item.source.name}: no number in the file name; imported as ADR-{number:04d}."
                )
            else:
                plan.notices.append(
                    f"{item.source.name}: ADR-{wanted:04d} already exists; "
                    f"renumbered to ADR-{number:04d}."
                )
            adr = replace(adr, number=number)
        taken.add(adr.number)
        if item.missing:
            plan.notices.append(f"{item.source.name}: missing " + "; ".join(item.missing) + ".")
        plan.adrs.append(adr)
    return plan
