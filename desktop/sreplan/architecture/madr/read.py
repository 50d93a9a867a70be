"""Markdown ADRs: MADR 2–4, Nygard (adr-tools) and log4brains files, read with CommonMark.

The file is parsed by markdown-it-py (CommonMark), so headings inside code blocks, lists
that wrap and numbered lists are what a Markdown reader sees. Text is taken from the
source lines of each block, so what the file says is kept as written. Anything the
reader cannot place in a field is kept under More information, and every such place,
and everything missing, is reported. A bad file refuses the whole import with its name
and line; nothing is written until every file has been read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from sreplan.architecture.adr import Adr, AdrOption, AdrStatus, parse_status
from sreplan.architecture.madr.write import export_adrs, file_name, to_markdown
from sreplan.kernel.errors import UserError
from sreplan.kernel.inputs import load_yaml, read_text

_FILE_NUMBER = re.compile(r"^(\d{1,6})[-_ ]")
# log4brains names its files by date: 20201002-use-explicit-architecture.md
_FILE_DATE = re.compile(r"^(\d{8})-")
_TITLE_NUMBER = re.compile(r"^(\d{1,6})\.\s+(\S.*)$")
_ESCAPED_NUMBER = re.compile(r"^(\d{1,6})\\\.(\s.*)$")
_ARGUMENT = re.compile(r"^(good|neutral|bad)\s*,\s*(?:because\s+)?(.*)$", re.IGNORECASE | re.DOTALL)
_CHOSEN = re.compile(
    r'chosen option:\s*["“](.+?)["”](?=\s*(?:,|because\b|\.?\s*$))'
    r"\s*[,.]?[ \t]*(?:because\b[ \t]*)?(.*)",
    re.IGNORECASE | re.DOTALL | re.MULTILINE,
)
_META = re.compile(
    r"^[*_]*(status|deciders|decision-makers|decision makers|date|consulted|informed)[*_]*"
    r"\s*:[*_]*\s*(.*?)\s*$",
    re.IGNORECASE,
)
_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_MD = MarkdownIt("commonmark")


__all__ = [
    "ImportPlan",
    "MadrError",
    "ParsedAdr",
    "collect_files",
    "export_adrs",
    "file_name",
    "option_key",
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
    notes: tuple[str, ...] = ()

    @property
    def notices(self) -> tuple[str, ...]:
        return self.missing + self.notes


@dataclass
class ImportPlan:
    """Every file read and checked; ``adrs`` is what will be written, ``notices`` what to tell."""

    adrs: list[Adr] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


# The Markdown structure ---------------------------------------------------------------------


@dataclass
class _Item:
    start: int  # line index (0-based, in the whole file)
    end: int


@dataclass
class _Block:
    kind: str  # bullet_list, ordered_list, paragraph, or the token type of anything else
    start: int
    end: int
    items: list[_Item] = field(default_factory=list)


@dataclass
class _Section:
    level: int
    title: str
    line: int  # index of the heading line
    start: int = 0  # first body line
    end: int = 0  # end of its own body (the next heading)
    stop: int = 0  # end of its subtree (the next heading at this level or above)
    blocks: list[_Block] = field(default_factory=list)
    children: list[_Section] = field(default_factory=list)


@dataclass
class _Doc:
    lines: list[str]
    roots: list[_Section]
    preamble: list[_Block]  # blocks before the first heading
    preamble_end: int

    def text(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start:end]).strip()

    def own(self, section: _Section) -> str:
        return self.text(section.start, section.end)

    def subtree(self, section: _Section) -> str:
        return self.text(section.start, section.stop)

    def block_text(self, block: _Block) -> str:
        return self.text(block.start, block.end)

    def item_text(self, item: _Item) -> str:
        raw = self.lines[item.start:item.end]
        while raw and not raw[-1].strip():
            raw.pop()
        if not raw:
            return ""
        marker = _MARKER.match(raw[0])
        first = raw[0][marker.end() if marker else 0:]
        # SRE Plan holds each driver, consequence and argument as one line: an item's
        # further lines (a wrapped paragraph, a nested list) join with a space.
        return " ".join(line.strip() for line in [first, *raw[1:]] if line.strip())


def _strip_comments(text: str) -> tuple[str, int]:
    """HTML comments blanked (their line breaks kept), in one linear pass, and how many.

    A regex here backtracked for minutes over 100,000 unclosed ``<!--``; an unclosed
    comment runs to the end of the file, as in HTML.
    """
    parts: list[str] = []
    start = 0
    count = 0
    while (opening := text.find("<!--", start)) != -1:
        parts.append(text[start:opening])
        closing = text.find("-->", opening + 4)
        end = len(text) if closing == -1 else closing + 3
        if text[opening + 4:max(end - 3, opening + 4)].strip():
            count += 1
        parts.append("\n" * text.count("\n", opening, end))
        start = end
    parts.append(text[start:])
    return "".join(parts), count


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


def _list_items(tokens: list[Token], opening: int, first: int) -> tuple[list[_Item], int]:
    """The items of the list opened at ``tokens[opening]``, and the index after it closes."""
    items: list[_Item] = []
    depth = 0
    index = opening
    while index < len(tokens):
        token = tokens[index]
        depth += token.nesting
        if token.type == "list_item_open" and token.level == 1 and token.map:
            items.append(_Item(token.map[0] + first, token.map[1] + first))
        if depth == 0:
            return items, index + 1
        index += 1
    return items, index


def _parse(lines: list[str], first: int) -> _Doc:
    tokens = _MD.parse("\n".join(lines[first:]))
    headings: list[_Section] = []
    blocks: list[_Block] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.level != 0 or token.nesting == -1 or token.map is None:
            index += 1
            continue
        start, end = token.map[0] + first, token.map[1] + first
        if token.type == "heading_open" and token.markup.startswith("#"):
            title = tokens[index + 1].content.strip()
            headings.append(_Section(int(token.tag[1]), title, start, start=end))
            index += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            items, index = _list_items(tokens, index, first)
            blocks.append(_Block(token.type.removesuffix("_open"), start, end, items))
        else:
            blocks.append(_Block(token.type.removesuffix("_open"), start, end))
            index += 1
    total = len(lines)
    for number, section in enumerate(headings):
        later = headings[number + 1:]
        section.end = later[0].line if later else total
        section.stop = next((s.line for s in later if s.level <= section.level), total)
        section.blocks = [b for b in blocks if section.start <= b.start < section.end]
    roots: list[_Section] = []
    stack: list[_Section] = []
    for section in headings:
        while stack and stack[-1].level >= section.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(section)
        stack.append(section)
    preamble_end = headings[0].line if headings else total
    return _Doc(lines, roots, [b for b in blocks if b.start < preamble_end], preamble_end)


# Reading the record ------------------------------------------------------------------------


def option_key(text: str) -> str:
    """An option's text for matching: links, quotes, code and emphasis markup stripped."""
    parts: list[str] = []
    for token in _MD.parseInline(text):
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
    plain = "".join(parts)
    plain = re.sub(r"[\"'“”‘’`*_]", "", plain)
    return " ".join(plain.casefold().split())


def _option_match(chosen: str, titles: Iterable[str]) -> str | None:
    """The considered option the outcome names: same text, or the text before ' – …'."""
    wanted = option_key(chosen)
    titles = list(titles)
    for title in titles:
        if option_key(title) == wanted:
            return title
    for title in titles:
        key = option_key(title)
        if wanted and re.match(re.escape(wanted) + r"\s*(?:[-–—:,(]|$)", key):
            return title
    return None


def _people(value: Any) -> tuple[str, ...]:
    if value is None or isinstance(value, dict):
        return ()
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return tuple(p.strip() for p in re.split(r"[,;]", str(value)) if p.strip())


def _norm(title: str) -> str:
    return re.sub(r"[^a-z ]", "", option_key(title)).strip()


class _Reader:
    """One file's reading: the fields found, and what to tell about the rest."""

    def __init__(self, doc: _Doc, source: Path) -> None:
        self.doc = doc
        self.source = source
        self.notes: list[str] = []
        self.parked: list[str] = []  # section names kept under More information

    def park(self, adr: Adr, title: str, text: str) -> Adr:
        """Text no field holds, kept under More information as a ``### title`` section."""
        if not text.strip():
            return adr
        self.parked.append(title)
        return replace(adr, more_information=_join(adr.more_information,
                                                    f"### {title}\n\n{text.strip()}"))

    def items(self, adr: Adr, section: _Section, *, prose: bool = False,
              label: str = "") -> tuple[Adr, list[str]]:
        """List items (and with ``prose`` paragraphs) of a section's own body; the rest parked."""
        found: list[str] = []
        rest: list[str] = []
        for block in section.blocks:
            if block.kind in ("bullet_list", "ordered_list"):
                found += [t for item in block.items if (t := self.doc.item_text(item))]
            elif prose and block.kind == "paragraph":
                found.append(" ".join(self.doc.block_text(block).split("\n")))
            else:
                rest.append(self.doc.block_text(block))
        adr = self.park(adr, label or section.title, "\n\n".join(rest))
        for child in section.children:
            adr = self.park(adr, child.title, self.doc.subtree(child))
        return adr, found

    def option(self, section: _Section) -> AdrOption:
        """An option's detail: Good/Neutral/Bad argument items, everything else described."""
        args: dict[str, list[str]] = {"good": [], "neutral": [], "bad": []}
        taken: set[int] = set()
        for block in section.blocks:
            for item in block.items:
                text = self.doc.item_text(item)
                if block.kind == "bullet_list" and (m := _ARGUMENT.match(text)):
                    args[m.group(1).casefold()].append(m.group(2).strip())
                    taken.update(range(item.start, item.end))
        kept = [line for n, line in enumerate(self.doc.lines[section.start:section.stop],
                                               start=section.start) if n not in taken]
        return AdrOption(section.title, "\n".join(kept).strip(), tuple(args["good"]),
                         tuple(args["neutral"]), tuple(args["bad"]))


def _meta_lines(doc: _Doc, blocks: list[_Block]) -> tuple[dict[str, str], list[str]]:
    """``Status: accepted`` lines and bullets (MADR 2, Nygard, log4brains), and other text."""
    found: dict[str, str] = {}
    other: list[str] = []
    for block in blocks:
        if block.kind in ("bullet_list", "ordered_list"):
            kept = []
            for item in block.items:
                text = doc.item_text(item)
                m = _META.match(text) if "\n" not in text else None
                if m and m.group(1).casefold() not in found:
                    found[_meta_key(m.group(1))] = m.group(2)
                else:
                    kept.append(doc.text(item.start, item.end))
            if kept:
                other.append("\n".join(kept))
        elif block.kind == "paragraph":
            kept = []
            for line in doc.text(block.start, block.end).split("\n"):
                m = _META.match(line.strip())
                if m and _meta_key(m.group(1)) not in found:
                    found[_meta_key(m.group(1))] = m.group(2)
                else:
                    kept.append(line)
            if "".join(kept).strip():
                other.append("\n".join(kept).strip())
        else:
            other.append(doc.block_text(block))
    return found, other


def _meta_key(name: str) -> str:
    key = name.casefold().replace(" ", "-")
    return "decision-makers" if key == "deciders" else key


def _status(raw: str) -> tuple[AdrStatus, int | None, str | None]:
    """Status, superseding ADR number and, when the record cannot say all the text says, why.

    Raise ValueError when the text is no status at all.
    """
    try:
        status, superseded = parse_status(raw)
    except ValueError as exc:
        # log4brains links its successor by file name: "superseded by [20201029-slug](…)".
        slug = re.match(r"superseded\s+by\s+\[?\d{8}-", raw.strip(), re.IGNORECASE)
        if raw.strip().casefold().startswith("superseded") and (
                slug or "digits" not in str(exc)):
            return AdrStatus.SUPERSEDED, None, (
                f"status {raw.strip()!r} names no ADR number (kept as superseded; the text is "
                "under More information)")
        raise
    said = Adr(0, "x", status=status, superseded_by=superseded).status_text
    if option_key(raw) != option_key(said):
        return status, superseded, (f"status {raw.strip()!r} read as {said!r} (the text is "
                                    "under More information)")
    return status, superseded, None


def parse_markdown(text: str, source: Path) -> ParsedAdr:
    """Read one ADR file (MADR 2 to 4, Nygard, log4brains); raise MadrError if unreadable."""
    text, comments = _strip_comments(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    meta, first = _front_matter(lines, source)
    doc = _parse(lines, first)
    reader = _Reader(doc, source)
    missing: list[str] = []
    notes = reader.notes
    if comments:
        notes.append(f"{comments} HTML comment{'s' if comments != 1 else ''} skipped "
                     "(template guidance is written as comments)")
    title_section = next((s for s in doc.roots if s.level == 1), None)
    title_number: int | None = None
    if title_section is not None and title_section.title:
        title = title_section.title
        if m := _TITLE_NUMBER.match(title):  # Nygard: "# 2. Use a queue"
            title_number, title = int(m.group(1)), m.group(2).strip()
        elif m := _ESCAPED_NUMBER.match(title):  # a title that starts "2. " itself
            title = f"{m.group(1)}.{m.group(2)}"
    else:
        stem = re.sub(r"^(\d{8}|\d{1,6})(?:[-_ ]|$)", "", source.stem)
        words = " ".join(w for w in re.split(r"[-_ ]+", stem) if w)
        if not words:
            raise MadrError(f"{source.name}, line {first + 1}: no title (a '# Title' heading).")
        title = words[:1].upper() + words[1:]
        notes.append(f"no '# Title' heading: the title {title!r} is taken from the file name")
    fields: dict[str, Any] = dict(meta or {})
    if meta is None:
        missing.append("front matter")
    unknown = [str(k) for k in fields if str(k).casefold() not in (
        "status", "date", "decision-makers", "deciders", "consulted", "informed")]
    if unknown:
        notes.append("front matter not kept: " + ", ".join(unknown))
    if "deciders" in fields and "decision-makers" not in fields:
        fields["decision-makers"] = fields["deciders"]
    # MADR 2 and log4brains keep their metadata as "* Status: accepted" bullets under the
    # title; Nygard writes "Date: 2016-02-12" as a line. Other text there is the intro.
    intro_blocks = doc.preamble + (title_section.blocks if title_section else [])
    lined, intro = _meta_lines(doc, intro_blocks)
    for key, value in lined.items():
        if key in fields and str(fields[key]).strip() != value:
            notes.append(f"{key} {value!r} under the title differs from the front matter's "
                         f"{str(fields[key])!r} (the front matter's kept)")
        fields.setdefault(key, value)
    status, superseded = AdrStatus.PROPOSED, None
    status_text = ""
    raw_status = fields.get("status")
    if isinstance(raw_status, str) and "{" in raw_status:
        notes.append("status is still the template's placeholder (kept as proposed)")
    elif isinstance(raw_status, str) and raw_status.strip():
        try:
            status, superseded, why = _status(raw_status)
            if why:
                notes.append(why)
                status_text = raw_status.strip()
        except ValueError:
            notes.append(f"status {raw_status.strip()!r} is not a MADR status (kept as proposed)")
            status_text = raw_status.strip()
    elif raw_status is not None and not isinstance(raw_status, str):
        notes.append(f"status {raw_status!r} is not a MADR status (kept as proposed)")
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
        title=title,
        status=status,
        superseded_by=superseded,
        decided_on=decided,
        decision_makers=_people(fields.get("decision-makers")),
        consulted=_people(fields.get("consulted")),
        informed=_people(fields.get("informed")),
    )
    if intro:
        adr = replace(adr, context="\n\n".join(intro))
        notes.append("the text between the title and the first section is kept at the start "
                     "of the context")
    if status_text:
        adr = reader.park(adr, "Status", status_text)
    options: dict[str, AdrOption] = {}
    others = [s for s in doc.roots if s is not title_section]
    sections = (title_section.children if title_section else []) + others
    status_section_read = False
    for section in sections:
        name = _norm(section.title)
        if name in ("context and problem statement", "context", "problem statement"):
            adr = replace(adr, context=_join(adr.context, doc.subtree(section)))
        elif name == "decision drivers":
            adr, drivers = reader.items(adr, section)
            adr = replace(adr, drivers=adr.drivers + tuple(drivers))
        elif name == "considered options":
            adr, titles = reader.items(adr, section)
            for option_title in titles:
                key = option_key(option_title)
                if key in options:
                    adr = reader.park(adr, "Considered Options", f"* {option_title}")
                else:
                    options[key] = AdrOption(option_title)
        elif name == "decision outcome":
            adr = _outcome(reader, adr, section)
        elif name == "decision" and not (adr.chosen_option or adr.outcome_reason):
            adr = replace(adr, outcome_reason=doc.subtree(section))  # Nygard's decision
        elif name in ("pros and cons of the options", "pros and cons"):
            adr = reader.park(adr, section.title, doc.own(section))
            for child in section.children:
                detail = reader.option(child)
                key = option_key(child.title)
                if key in options:
                    detail = replace(detail, title=options[key].title)
                options[key] = detail
        elif name in ("more information", "links"):
            adr = replace(adr, more_information=_join(adr.more_information,
                                                      doc.subtree(section)))
        elif name in ("confirmation", "validation") and not adr.confirmation:
            adr = replace(adr, confirmation=doc.subtree(section))
        elif name == "consequences":
            adr = _consequences(reader, adr, section)
        elif name == "status" and not raw_status and not status_section_read:
            status_section_read = True
            adr = _status_section(reader, adr, section)
            if "status" in missing:
                missing.remove("status")
        else:
            adr = reader.park(adr, section.title, doc.subtree(section))
    if raw_status is None and not status_section_read:
        missing.insert(missing.index("date") if "date" in missing else len(missing), "status")
    adr = replace(adr, options=tuple(options.values()))
    if adr.chosen_option and adr.options and _option_match(
            adr.chosen_option, (o.title for o in adr.options)) is None:
        notes.append(f"the chosen option {adr.chosen_option!r} matches none of the considered "
                     "options (kept as written)")
    for label, present in (
        ("context and problem statement", adr.context),
        ("considered options", adr.options),
        ("decision outcome", adr.chosen_option or adr.outcome_reason),
    ):
        if not present:
            missing.append(label)
    placeholders = [str(k) for k, v in fields.items() if isinstance(v, dict)]
    if placeholders or title.startswith("{"):
        notes.append("template placeholders left in " + (", ".join(placeholders) or "the text"))
    if reader.parked:
        notes.append("sections kept under More information: "
                     + ", ".join(dict.fromkeys(reader.parked)))
    number = _FILE_NUMBER.match(source.name)
    if number:
        adr = replace(adr, number=int(number.group(1)))
        if title_number is not None and title_number != adr.number:
            notes.append(f"the title says {title_number}, the file name {adr.number} "
                         "(the file name's number kept)")
    elif title_number is not None:
        adr = replace(adr, number=title_number)
    return ParsedAdr(adr, source, number is not None or title_number is not None,
                     tuple(missing), tuple(notes))


def _status_section(reader: _Reader, adr: Adr, section: _Section) -> Adr:
    """Nygard's ``## Status``: the first paragraph that reads as a status; the rest kept."""
    doc = reader.doc
    paragraphs = [doc.block_text(b) for b in section.blocks]
    chosen: int | None = None  # the paragraph the status says in full
    found = False
    for index, text in enumerate(paragraphs):
        try:
            status, superseded, why = _status(text)
        except ValueError:
            continue  # "Supersedes …", "Amended by …": kept as text
        if found and status is not AdrStatus.SUPERSEDED:
            continue  # the first status stands, unless a later line says superseded
        found = True
        adr = replace(adr, status=status, superseded_by=superseded)
        chosen = None if why else index
        if why:
            reader.notes.append(why)
        if status is AdrStatus.SUPERSEDED:
            break
    if not found and paragraphs:
        reader.notes.append(f"status {paragraphs[0]!r} is not a MADR status (kept as proposed)")
    rest = [t for n, t in enumerate(paragraphs) if n != chosen]
    adr = reader.park(adr, section.title, "\n\n".join(rest))
    for child in section.children:
        adr = reader.park(adr, child.title, doc.subtree(child))
    return adr


def _consequences(reader: _Reader, adr: Adr, section: _Section) -> Adr:
    """Bullets, numbered items and paragraphs each become a consequence."""
    adr, found = reader.items(adr, section, prose=True)
    return replace(adr, consequences=adr.consequences + tuple(found))


def _outcome(reader: _Reader, adr: Adr, section: _Section) -> Adr:
    doc = reader.doc
    text = doc.own(section)
    if m := _CHOSEN.search(text):
        before = text[:m.start()].strip()
        if before:
            adr = reader.park(adr, section.title, before)
        adr = replace(adr, chosen_option=m.group(1).strip(), outcome_reason=m.group(2).strip())
    else:
        adr = replace(adr, outcome_reason=text)
    for child in section.children:
        name = _norm(child.title)
        if name == "consequences":
            adr = _consequences(reader, adr, child)
        elif name in ("positive consequences", "negative consequences"):
            adr, found = reader.items(adr, child, prose=True)
            word = "Good" if name.startswith("positive") else "Bad"
            adr = replace(adr, consequences=adr.consequences + tuple(
                f"{word}, because {i}" for i in found))
        elif name in ("confirmation", "validation") and not adr.confirmation:
            adr = replace(adr, confirmation=doc.subtree(child))
        else:  # any other sub-section is part of the outcome, as written
            heading = doc.lines[child.line].strip()
            adr = replace(adr, outcome_reason=_join(adr.outcome_reason,
                                                    f"{heading}\n\n{doc.subtree(child)}"))
    return adr


def _join(a: str, b: str) -> str:
    if not b.strip():
        return a
    return f"{a}\n\n{b}".strip() if a else b


def _read(path: Path) -> str:
    return read_text(path, limit=5 * 1024 * 1024, error=MadrError)


def _is_adr_name(name: str) -> bool:
    return bool(_FILE_NUMBER.match(name) or _FILE_DATE.match(name))


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Files named, plus ``NNNN-*.md`` and ``YYYYMMDD-*.md`` files in folders named.

    Other files in a folder are skipped, and listed.
    """
    files: list[Path] = []
    notices: list[str] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".md" and p.is_file())
            skipped = [p.name for p in found if not _is_adr_name(p.name)]
            files += [p for p in found if _is_adr_name(p.name)]
            if skipped:
                notices.append(
                    f"{path.name}/: skipped files without an ADR number or date: "
                    + ", ".join(skipped)
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
        for note in item.notes:
            plan.notices.append(f"{item.source.name}: {note}.")
        plan.adrs.append(adr)
    return plan
