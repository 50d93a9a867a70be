"""Postmortem Markdown: export in the SRE book's template, import that and other templates.

Export writes one file per incident: a YAML front matter block with the
structured fields (number, severity, status, timestamps, impact, SLOs,
components, trigger, responders, contributing factors), then the SRE book's
sections, with action items and the timeline as tables. Export → import gives
back the same incident, and the bytes are deterministic.

Import reads Markdown through markdown-it-py: headings are mapped by name (the
SRE book's, PagerDuty's and the common variants), bold ``Label:`` lines before
the first section and the impact table are read, action items and the timeline
come from tables or lists. Sections it does not know are kept under Supporting
information, and every such section or value is listed in the notices. A file
that is too large, holds NUL bytes or invalid UTF-8, has front matter that is
not a mapping, or has no recognisable postmortem at all is refused by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from sreplan.incidents.model import (
    SECTIONS,
    TIMESTAMPS,
    ActionItem,
    ActionStatus,
    ActionType,
    Factor,
    ImpactKind,
    Incident,
    IncidentError,
    Priority,
    Responder,
    ResponderRole,
    Side,
    Status,
    TimelineEntry,
    clean_line,
    clean_text,
    format_timestamp,
    incident_key,
    parse_timestamp,
)

MAX_BYTES = 5 * 1024 * 1024
FORMAT_MARK = "sreplan-postmortem/1"


class PostmortemError(IncidentError):
    """A file that cannot be imported, named."""


# Export -------------------------------------------------------------------------------

_RISKY_LINE = re.compile(
    r"^( {0,3})(\\*)(#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$|`{3,}|~{3,}|"
    r"<(?:script|pre|style|textarea|!--|\?|![A-Za-z]|!\[CDATA\[))",
    re.IGNORECASE,
)
_ESCAPED_LINE = re.compile(
    r"^( {0,3})\\(\\*(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$|`{3,}|~{3,}|"
    r"<(?:script|pre|style|textarea|!--|\?|![A-Za-z]|!\[CDATA\[)))",
    re.IGNORECASE,
)


class _Dumper(yaml.SafeDumper):
    """Double quotes for any string with a control or line-break character (YAML folds NEL)."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(not c.isprintable() for c in value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _needs_escape(text: str) -> bool:
    return any(_RISKY_LINE.match(line) for line in text.split("\n"))


def _escape(text: str) -> str:
    """A backslash before anything that would end the section (headings, fences, HTML blocks)."""
    return "\n".join(_RISKY_LINE.sub(r"\1\\\2\3", line) for line in text.split("\n"))


def _unescape(text: str) -> str:
    return "\n".join(_ESCAPED_LINE.sub(r"\1\2", line) for line in text.split("\n"))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _stamp(value: datetime | None) -> str | None:
    return value.replace(microsecond=0).isoformat() if value else None


def to_markdown(
    incident: Incident,
    slo_names: Mapping[str, str],
    component_names: Mapping[str, str],
    link_names: Mapping[str, str] | None = None,
) -> str:
    """The incident as a postmortem in the SRE book's template (deterministic text)."""
    links = link_names or {}
    texts = {c: clean_text(getattr(incident, c)) for c, _ in SECTIONS}
    escaped = [c for c, _ in SECTIONS if _needs_escape(texts[c])]
    front: dict[str, Any] = {
        "format": FORMAT_MARK,
        "number": incident.number,
        "title": clean_line(incident.title),
        "severity": incident.severity,
        "status": incident.status.value,
    }
    for column, _ in TIMESTAMPS:
        front[column.removesuffix("_at")] = _stamp(getattr(incident, column))
    front["impact"] = {
        "kind": incident.impact_kind.value,
        "failing_percent": incident.impact_percent,
        "bad_events": incident.bad_events,
        "outage_minutes": incident.outage_minutes,
    }
    front["slos"] = [slo_names.get(s, s) for s in incident.slo_ids]
    front["components"] = [component_names.get(c, c) for c in incident.component_ids]
    front["trigger"] = incident.trigger
    front["root_cause_category"] = incident.root_cause_category
    front["responders"] = [
        {"name": r.name, "role": r.role.value, "side": r.side.value} for r in incident.responders
    ]
    front["contributing_factors"] = [
        {"text": f.text, "catalog": f.catalog_key} for f in incident.factors
    ]
    if escaped:
        front["escaped_sections"] = escaped
    dumped = yaml.dump(
        front, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000
    ).rstrip()
    out = ["---", dumped]
    out += ["---", "", f"# {incident_key(incident.number)}: {_heading_text(incident.title)}", ""]

    def section(level: int, column: str) -> None:
        text = texts[column]
        out.append(f"{'#' * level} {dict(SECTIONS)[column]}")
        out.append("")
        if text:
            out.append(_escape(text) if column in escaped else text)
            out.append("")

    for column in ("summary", "impact", "root_causes", "trigger_text", "resolution", "detection"):
        section(2, column)
    out += ["## Action Items", ""]
    if incident.actions:
        out.append(
            _row(["Action Item", "Type", "Priority", "Owner", "Due", "Status", "Reason", "Link"])
        )
        out.append("|" + "---|" * 8)
        for a in incident.actions:
            link = next(
                (links.get(x, "") for x in (a.checkpoint_id, a.finding_id, a.adr_id) if x), ""
            )
            out.append(
                _row(
                    [
                        a.title,
                        a.kind.label,
                        a.priority.value,
                        a.owner,
                        a.due.isoformat() if a.due else "",
                        a.status.label,
                        a.status_reason,
                        link,
                    ]
                )
            )
        out.append("")
    out += ["## Lessons Learned", ""]
    for column in ("went_well", "went_wrong", "got_lucky"):
        section(3, column)
    out += ["## Timeline", ""]
    if incident.timeline:
        out.append(_row(["Time", "Event", "Source", "Starred"]))
        out.append("|---|---|---|---|")
        for t in incident.timeline:
            out.append(
                _row([format_timestamp(t.at), t.event, t.source, "yes" if t.starred else ""])
            )
        out.append("")
    section(2, "supporting")
    return "\n".join(out).rstrip("\n") + "\n"


def _heading_text(title: str) -> str:
    return clean_line(title).rstrip("#").rstrip() or "Untitled"


def file_name(incident: Incident) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", incident.title.casefold()).strip("-")[:60].strip("-")
    return f"{incident_key(incident.number)}-{slug or 'incident'}.md"


# Import: reading a file -------------------------------------------------------------------


@dataclass(frozen=True)
class ActionDraft:
    item: ActionItem
    link: str = ""  # "checkpoint: title", "finding: title" or "ADR-n: title"


@dataclass
class ParsedPostmortem:
    """What one file holds, before it meets a plan (names not yet resolved to ids)."""

    source: str
    title: str = ""
    number: int | None = None
    severity: str = ""
    status: Status | None = None
    times: dict[str, datetime | None] = field(default_factory=dict)
    impact_kind: ImpactKind | None = None
    impact_percent: float | None = None
    bad_events: float | None = None
    outage_minutes: float | None = None
    slos: list[str] = field(default_factory=list)
    components: list[str] = field(default_factory=list)
    trigger: str = ""
    root_cause_category: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    responders: list[Responder] = field(default_factory=list)
    factors: list[Factor] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    actions: list[ActionDraft] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        self.notices.append(f"{self.source}: {text}")


def read_text(path: Path) -> str:
    """The file's text, refused when too large, binary or not UTF-8."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PostmortemError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    if size > MAX_BYTES:
        raise PostmortemError(
            f"{path.name}: {size / 1024 / 1024:.0f} MB is too large for a postmortem "
            f"(at most {MAX_BYTES // 1024 // 1024} MB)."
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PostmortemError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    return decode(data, path.name)


def decode(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise PostmortemError(f"{name}: too large for a postmortem (at most 5 MB).")
    if b"\x00" in data:
        raise PostmortemError(f"{name}: holds NUL bytes; it is not a Markdown text file.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PostmortemError(f"{name}, line {line}: not valid UTF-8 text.") from exc
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def _split_front_matter(text: str, name: str) -> tuple[dict[str, Any] | None, str, int]:
    """(front matter mapping or None, body, line offset of the body)."""
    if not re.match(r"^---[ \t]*\n", text):
        return None, text, 0
    first = text.index("\n") + 1
    end = _FRONT_END.search(text, first)
    if end is None:  # a thematic break at the top, not front matter
        return None, text, 0
    block = text[first : end.start()]
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 2}" if mark is not None else ""
        raise PostmortemError(f"{name}{where}: the front matter is not valid YAML.") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PostmortemError(
            f"{name}: the front matter is a {type(data).__name__}, not a mapping of fields."
        )
    rest = text[end.end() :].removeprefix("\n")
    return data, rest, text[: end.end()].count("\n") + 1


def _key(text: str) -> str:
    text = re.sub(r"[*_`:#]", "", text).replace("’", "'").casefold()
    text = re.sub(r"\(.*?\)", " ", text) if not text.startswith("root cause(") else text
    return " ".join(re.sub(r"[^\w' ]+", " ", text).split())


_ALIASES: dict[str, tuple[str, ...]] = {
    "summary": ("summary", "overview", "issue summary", "executive summary", "summary of impact",
                "incident summary", "brief description", "description"),
    "impact": ("impact", "customer impact", "user impact", "impact on customers",
               "document impact"),
    "root_causes": ("root causes", "root cause", "root cause s", "causes", "cause",
                    "root cause and mitigation", "analysis"),
    "trigger_text": ("trigger",),
    "resolution": ("resolution", "resolution and recovery", "mitigation", "recovery",
                   "resolution and mitigation"),
    "detection": ("detection", "how was it detected", "how it was detected"),
    "went_well": ("what went well", "things that went well", "went well"),
    "went_wrong": ("what went wrong", "what didn't go so well", "what did not go so well",
                   "things that went wrong", "went wrong", "what could have gone better"),
    "got_lucky": ("where we got lucky", "lucky", "where we were lucky"),
    "supporting": ("supporting information", "appendix", "supporting info", "references"),
    "actions": ("action items", "action item", "actions", "corrective and preventative measures",
                "corrective and preventive measures", "next steps", "follow up actions",
                "follow ups", "followups", "follow up", "remediation"),
    "timeline": ("timeline", "chain of events", "incident timeline"),
    "factors": ("contributing factors", "contributing factor"),
    "responders": ("responders", "people involved"),
    "lessons": ("lessons learned", "lessons learnt", "how'd we do", "how did we do",
                "retrospective"),
}  # fmt: skip
_META = ("date", "authors", "author", "status", "by", "name s", "names", "name",
         "last modified", "owner", "postmortem owner", "meeting scheduled for",
         "call recording", "severity", "incident", "incident number")  # fmt: skip
_BY_ALIAS = {alias: key for key, aliases in _ALIASES.items() for alias in aliases}


def section_key(heading: str) -> str | None:
    key = _key(heading)
    if key in _BY_ALIAS:
        return _BY_ALIAS[key]
    if key in _META:
        return "meta:" + key
    return None


_LABEL = re.compile(
    r"^\s{0,3}(?:\*\*|__)?([A-Za-z][A-Za-z ()'’/-]{0,40}?)\s*(?:\*\*|__)?"
    r"\s*:\s*(?:\*\*|__)?\s*(.*)$"
)


@dataclass
class _Heading:
    level: int
    text: str
    start: int  # first line of the heading
    end: int  # line after the heading


def _headings(tokens: list[Token]) -> list[_Heading]:
    found = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0 and token.map:
            inline = tokens[i + 1]
            found.append(
                _Heading(int(token.tag[1]), inline.content.strip(), token.map[0], token.map[1])
            )
    return found


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _tables(text: str) -> list[list[list[str]]]:
    """Every top-level table of the text: rows (header first) of raw cell text."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    row: list[str] | None = None
    for token in _parser().parse(text):
        if token.type == "table_open" and token.level == 0:
            current = []
        elif token.type == "tr_open" and current is not None:
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content.strip())
        elif token.type == "tr_close" and current is not None and row is not None:
            current.append(row)
            row = None
        elif token.type == "table_close" and current is not None and token.level == 0:
            tables.append(current)
            current = None
    return tables


def _list_items(text: str) -> list[str]:
    """Top-level list items' text (first line of each, markers removed)."""
    items = []
    lines = text.split("\n")
    tokens = _parser().parse(text)
    for token in tokens:
        if token.type == "list_item_open" and token.level == 1 and token.map:
            start, end = token.map
            body = [ln for ln in lines[start:end] if ln.strip()]
            if not body:
                continue
            first = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?", "", body[0])
            rest = [ln.strip() for ln in body[1:]]
            items.append(" ".join([first.strip(), *rest]).strip())
    return items


def parse_markdown(text: str, source: str) -> ParsedPostmortem:
    """Read one postmortem (see the module doc); refuse a file with none, by name."""
    front, body, _offset = _split_front_matter(text, source)
    parsed = ParsedPostmortem(source=source)
    ours = bool(front and front.get("format") == FORMAT_MARK)
    escaped = set(front.get("escaped_sections") or ()) if ours and front else set()
    if front:
        _read_front(parsed, front)
    lines = body.split("\n")
    headings = _headings(_parser().parse(body))
    recognised = bool(front and ours)
    # The title: the first level-1 heading (or the first heading of all).
    title_heading = next((h for h in headings if h.level == 1), None)
    if title_heading is not None and section_key(title_heading.text) is None:
        title = title_heading.text
        match = re.match(r"^INC[-\s]?(\d+)\s*[:–—-]\s*(.*)$", title, re.IGNORECASE)
        if match:
            parsed.number = parsed.number or int(match.group(1))
            title = match.group(2)
        parsed.title = parsed.title or title.strip()
    else:
        title_heading = None
    sections = [h for h in headings if h is not title_heading]
    # Text before the first section: "Label: value" lines, and a description.
    first_line = sections[0].start if sections else len(lines)
    preamble = lines[:first_line]
    if title_heading is not None and title_heading.start < first_line:
        preamble = lines[: title_heading.start] + lines[title_heading.end : first_line]
    if _read_labels(parsed, preamble):
        recognised = True
    _read_impact_table(parsed, "\n".join(preamble))
    for index, heading in enumerate(sections):
        end = sections[index + 1].start if index + 1 < len(sections) else len(lines)
        content = clean_text("\n".join(lines[heading.end : end]))
        key = section_key(heading.text)
        if key is not None:
            recognised = True
        if key is None:
            if content or heading.level <= 2:
                _keep(parsed, heading, content)
            continue
        if key.startswith("meta:"):
            if content:
                _read_meta(parsed, key.removeprefix("meta:"), heading.text, content)
            continue
        if key == "lessons":
            if content:
                _append(
                    parsed, "went_wrong" if False else "supporting", f"{heading.text}\n\n{content}"
                )
                parsed.note(f"text under “{heading.text}” kept under Supporting information")
            continue
        if key == "actions":
            _read_actions(parsed, content)
        elif key == "timeline":
            _read_timeline(parsed, content, ours)
        elif key == "factors":
            _read_factors(parsed, content)
        elif key == "responders":
            _read_responders(parsed, content)
        else:
            if key == "impact":
                _read_impact_table(parsed, content)
            _append(parsed, key, _unescape(content) if key in escaped else content)
    if not recognised:
        raise PostmortemError(
            f"{source}: no recognisable postmortem (no section such as Summary, Impact, "
            "Root Causes, Timeline or Action Items)."
        )
    if not parsed.title:
        parsed.title = Path(source).stem
        parsed.note(f"no title; named after the file ({parsed.title})")
    return parsed


def _append(parsed: ParsedPostmortem, key: str, text: str) -> None:
    if not text:
        parsed.texts.setdefault(key, "")
        return
    existing = parsed.texts.get(key, "")
    parsed.texts[key] = f"{existing}\n\n{text}" if existing else text


def _keep(parsed: ParsedPostmortem, heading: _Heading, content: str) -> None:
    block = f"{'#' * max(heading.level, 3)} {heading.text}"
    _append(parsed, "supporting", f"{block}\n\n{content}" if content else block)
    parsed.note(
        f"section “{heading.text}” is not one the app knows: kept under Supporting information"
    )


def _read_labels(parsed: ParsedPostmortem, lines: list[str]) -> bool:
    """Bold (or plain) "Label: value" paragraphs before the first section."""
    recognised = False
    loose: list[str] = []
    current: tuple[str, list[str]] | None = None

    def flush() -> None:
        nonlocal recognised, current
        if current is None:
            return
        label, values = current
        value = clean_text("\n".join(values))
        key = section_key(label)
        if key is not None:
            recognised = True
        if key is None:
            loose.append(f"{label}: {value}".rstrip())
        elif key.startswith("meta:"):
            if value:
                _read_meta(parsed, key.removeprefix("meta:"), label, value)
        elif key in dict(SECTIONS):
            _append(parsed, key, value)
        elif value:
            loose.append(f"{label}: {value}")
        current = None

    for line in lines:
        match = _LABEL.match(line)
        if match and (line.lstrip().startswith(("**", "__")) or section_key(match.group(1))):
            flush()
            current = (match.group(1).strip(), [match.group(2)])
        elif not line.strip():
            flush()
        elif current is not None:
            current[1].append(line)
        else:
            loose.append(line)
    flush()
    text = clean_text("\n".join(loose))
    if text and not re.fullmatch(r"(>.*\n?)+", text):
        if "summary" not in parsed.texts:
            _append(parsed, "summary", text)
            parsed.note("text before the first section read as the Summary")
        else:
            _append(parsed, "supporting", text)
            parsed.note("text before the first section kept under Supporting information")
    elif text:
        _append(parsed, "supporting", text)
        parsed.note("a note before the first section kept under Supporting information")
    return recognised


def _read_meta(parsed: ParsedPostmortem, key: str, label: str, value: str) -> None:
    if key == "severity" and not parsed.severity:
        parsed.severity = clean_line(value)
        return
    if key in ("incident", "incident number") and parsed.number is None:
        match = re.search(r"(\d+)", value)
        if match:
            parsed.number = int(match.group(1))
            return
    _append(parsed, "supporting", f"{label}: {value}")
    parsed.note(f"“{label}” is not a field of an incident: kept under Supporting information")


def _read_front(parsed: ParsedPostmortem, front: dict[str, Any]) -> None:
    name = parsed.source

    def text(key: str) -> str:
        value = front.get(key)
        if value is None:
            return ""
        if isinstance(value, dict | list):
            raise PostmortemError(f"{name}: front matter “{key}” must be text.")
        return str(value)

    def number(value: Any, key: str) -> float | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PostmortemError(f"{name}: front matter “{key}” must be a number.")
        return float(value)

    if "number" in front and front["number"] is not None:
        value = front["number"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise PostmortemError(f"{name}: front matter “number” must be a whole number ≥ 1.")
        parsed.number = value
    parsed.title = clean_line(text("title"))
    parsed.severity = clean_line(text("severity"))
    if front.get("status"):
        try:
            parsed.status = Status.parse(text("status"))
        except ValueError as exc:
            raise PostmortemError(f"{name}: front matter “status”: {exc}.") from exc
    for column, _ in TIMESTAMPS:
        key = column.removesuffix("_at")
        value = front.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise PostmortemError(f"{name}: front matter “{key}” needs a time zone offset.")
            parsed.times[column] = value
            continue
        if isinstance(value, date):
            raise PostmortemError(f"{name}: front matter “{key}” needs a time of day and zone.")
        try:
            parsed.times[column] = parse_timestamp(str(value))
        except IncidentError as exc:
            raise PostmortemError(f"{name}: front matter “{key}”: {exc}") from exc
    impact = front.get("impact")
    if impact is not None:
        if not isinstance(impact, dict):
            raise PostmortemError(f"{name}: front matter “impact” must be a mapping.")
        if impact.get("kind"):
            try:
                parsed.impact_kind = ImpactKind.parse(str(impact["kind"]))
            except ValueError as exc:
                raise PostmortemError(f"{name}: front matter “impact.kind”: {exc}.") from exc
        parsed.impact_percent = number(impact.get("failing_percent"), "impact.failing_percent")
        parsed.bad_events = number(impact.get("bad_events"), "impact.bad_events")
        parsed.outage_minutes = number(impact.get("outage_minutes"), "impact.outage_minutes")
    for key, target in (("slos", parsed.slos), ("components", parsed.components)):
        values = front.get(key) or []
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise PostmortemError(f"{name}: front matter “{key}” must be a list of names.")
        target.extend(values)
    parsed.trigger = clean_line(text("trigger"))
    parsed.root_cause_category = clean_line(text("root_cause_category"))
    for i, item in enumerate(front.get("responders") or [], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise PostmortemError(f"{name}: front matter responder {i} needs a name.")
        try:
            role = ResponderRole.parse(str(item.get("role") or "operations"))
            side = Side.parse(str(item.get("side") or "sre"))
        except ValueError as exc:
            raise PostmortemError(f"{name}: front matter responder {i}: {exc}.") from exc
        parsed.responders.append(Responder(item["name"], role, side))
    for i, item in enumerate(front.get("contributing_factors") or [], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise PostmortemError(f"{name}: front matter contributing factor {i} needs text.")
        parsed.factors.append(Factor(item["text"], str(item.get("catalog") or "")))
    known = {
        "format", "number", "title", "severity", "status", "impact", "slos", "components",
        "trigger", "root_cause_category", "responders", "contributing_factors",
        "escaped_sections", *(c.removesuffix("_at") for c, _ in TIMESTAMPS),
    }  # fmt: skip
    for key in front:
        if key not in known:
            value = front[key]
            _append(parsed, "supporting", f"{key}: {value}")
            parsed.note(f"front matter “{key}” is not a field of an incident: kept under "
                        "Supporting information")  # fmt: skip


_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("action item", "action", "item", "title", "description", "task"),
    "kind": ("type", "kind", "category"),
    "priority": ("priority", "prio"),
    "owner": ("owner", "assignee", "who"),
    "due": ("due", "due date", "deadline"),
    "status": ("status", "state"),
    "reason": ("reason", "status reason", "why not"),
    "link": ("link",),
}
_BY_COLUMN = {alias: key for key, aliases in _COLUMNS.items() for alias in aliases}
_STATUS_WORDS = {"todo": "open", "to do": "open", "started": "in_progress", "fixed": "done",
                 "complete": "done", "completed": "done", "closed": "done", "wontfix": "not_doing",
                 "won't fix": "not_doing"}  # fmt: skip


def _read_actions(parsed: ParsedPostmortem, content: str) -> None:
    tables = _tables(content)
    if tables:
        for table in tables:
            _read_action_table(parsed, table)
        return
    items = _list_items(content)
    for item in items:
        parsed.actions.append(ActionDraft(ActionItem(clean_line(item))))
    if not items and content:
        _append(parsed, "supporting", f"### Action Items\n\n{content}")
        parsed.note("action items that are neither a table nor a list kept under "
                    "Supporting information")  # fmt: skip


def _read_action_table(parsed: ParsedPostmortem, table: list[list[str]]) -> None:
    header = [_BY_COLUMN.get(_key(h), "") for h in table[0]]
    if "title" not in header:
        header[0] = "title"
    for row in table[1:]:
        values = {h: (row[i] if i < len(row) else "") for i, h in enumerate(header) if h}
        extra = {
            table[0][i]: row[i] for i, h in enumerate(header) if not h and i < len(row) and row[i]
        }
        title = clean_line(values.get("title", ""))
        if not title:
            continue
        item = ActionItem(title)
        where = f"action item “{title}”"
        if values.get("kind"):
            try:
                item = replace(item, kind=ActionType.parse(values["kind"]))
            except ValueError:
                parsed.note(f"{where}: type “{values['kind']}” not recognised; set to "
                            f"{item.kind.label}")  # fmt: skip
        if values.get("priority"):
            match = re.search(r"P?\s*([0-2])", values["priority"], re.IGNORECASE)
            if match:
                item = replace(item, priority=Priority(f"P{match.group(1)}"))
            else:
                parsed.note(f"{where}: priority “{values['priority']}” not recognised; set to "
                            f"{item.priority.value}")  # fmt: skip
        item = replace(item, owner=clean_line(values.get("owner", "")))
        if values.get("due"):
            try:
                item = replace(item, due=date.fromisoformat(values["due"].strip()))
            except ValueError:
                parsed.note(f"{where}: due date “{values['due']}” is not YYYY-MM-DD; left empty")
        reason = clean_line(values.get("reason", ""))
        if values.get("status"):
            word = values["status"].strip().casefold()
            try:
                status = ActionStatus.parse(_STATUS_WORDS.get(word, word))
            except ValueError:
                status = ActionStatus.OPEN
                parsed.note(f"{where}: status “{values['status']}” not recognised; set to Open")
            if status is ActionStatus.NOT_DOING and not reason:
                status = ActionStatus.OPEN
                parsed.note(f"{where}: “not doing” without a reason; set to Open")
            item = replace(item, status=status)
        item = replace(item, status_reason=reason)
        for column, value in extra.items():
            _append(parsed, "supporting", f"{title}: {column}: {value}")
            parsed.note(f"{where}: column “{column}” kept under Supporting information")
        parsed.actions.append(ActionDraft(item, clean_line(values.get("link", ""))))


_TIME_FIRST = re.compile(
    r"^(?P<stamp>\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:Z|UTC|[+-]\d{2}:?\d{2}))?|"
    r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:Z|UTC|[+-]\d{2}:?\d{2}))?)\s*[-–—:]?\s+(?P<event>.+)$",
    re.IGNORECASE,
)
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def _read_timeline(parsed: ParsedPostmortem, content: str, ours: bool) -> None:
    tables = _tables(content)
    if tables:
        for table in tables:
            for row in table[1:]:
                cells = [*row, "", "", "", ""]
                at = _timeline_time(parsed, cells[0], "")
                event = clean_line(cells[1])
                if not event and at is None:
                    continue
                starred = cells[3].strip().casefold() in ("yes", "y", "★", "*", "x", "true")
                if at is None and cells[0].strip():
                    event = f"{cells[0].strip()} {event}".strip()
                parsed.timeline.append(TimelineEntry(at, event, clean_line(cells[2]), starred))
        return
    day = ""
    zone_hint = ""
    for raw in content.split("\n"):
        line = clean_line(re.sub(r"^[>\s]*(?:[-*+]\s+|\d+[.)]\s+)?[*_]*|[*_]+$", "", raw))
        if not line:
            continue
        match = _TIME_FIRST.match(line)
        if match is None:
            found = _DATE.search(line)
            if found or "all times" in line.casefold():
                if found:
                    day = found.group(1)
                if "utc" in line.casefold():
                    zone_hint = "+00:00"
                parsed.note(f"timeline line “{line}” read as the date or zone of the entries")
                continue
            parsed.timeline.append(TimelineEntry(None, line))
            continue
        stamp = match.group("stamp")
        if not _DATE.match(stamp) and day:
            stamp = f"{day} {stamp}"
        at = _timeline_time(parsed, stamp, zone_hint)
        event = match.group("event") if at is not None else line
        parsed.timeline.append(TimelineEntry(at, clean_line(event)))


def _timeline_time(parsed: ParsedPostmortem, text: str, zone_hint: str) -> datetime | None:
    if not text.strip():
        return None
    candidate = text.strip()
    if not _DATE.match(candidate):
        parsed.note(f"timeline time “{candidate}” has no date: kept in the event text")
        return None
    try:
        return parse_timestamp(candidate)
    except IncidentError:
        if zone_hint:
            try:
                return parse_timestamp(f"{candidate} {zone_hint}")
            except IncidentError:
                pass
    parsed.note(f"timeline time “{candidate}” has no time zone: kept in the event text")
    return None


def _read_factors(parsed: ParsedPostmortem, content: str) -> None:
    items = _list_items(content)
    if items:
        parsed.factors.extend(Factor(clean_line(i)) for i in items)
    elif content:
        parsed.factors.extend(Factor(p.strip()) for p in re.split(r"\n\s*\n", content) if p.strip())


def _read_responders(parsed: ParsedPostmortem, content: str) -> None:
    for item in _list_items(content) or [ln for ln in content.split("\n") if ln.strip()]:
        role = ResponderRole.OPERATIONS
        for candidate in ResponderRole:
            words = {candidate.label.casefold(), candidate.value.replace("_", " ")}
            if candidate is ResponderRole.INCIDENT_COMMANDER:
                words.add("ic")
            if any(re.search(rf"\b{re.escape(w)}\b", item.casefold()) for w in words):
                role = candidate
                break
        name = clean_line(re.sub(r"\s*[(,–—-].*$", "", item)) or clean_line(item)
        if re.match(r"^(incident commander|ic|communications|scribe|operations)\s*:", item, re.I):
            name = clean_line(item.split(":", 1)[1])
        parsed.responders.append(Responder(name, role, Side.SRE))
        parsed.note(
            f"responder “{name}”: whether SRE or product engineering is not given; set to SRE"
        )


_IMPACT_ROWS = {
    "impact started": "started_at", "impact start": "started_at", "started": "started_at",
    "start": "started_at", "detected": "detected_at", "acknowledged": "acknowledged_at",
    "mitigated": "mitigated_at", "resolved": "resolved_at", "end": "resolved_at",
    "failing share": "percent", "requests failing": "percent", "error rate": "percent",
    "failing": "percent", "bad events": "bad_events", "failed requests": "bad_events",
    "outage minutes": "outage_minutes", "full outage": "outage_minutes",
}  # fmt: skip


def _read_impact_table(parsed: ParsedPostmortem, content: str) -> None:
    for table in _tables(content):
        for row in table:
            if len(row) < 2:
                continue
            target = _IMPACT_ROWS.get(_key(row[0]))
            value = row[1].strip()
            if target is None or not value:
                continue
            try:
                if target.endswith("_at"):
                    if target not in parsed.times:
                        parsed.times[target] = parse_timestamp(value)
                else:
                    number = float(re.sub(r"[%,\s]|min(ute)?s?$", "", value))
                    if target == "percent" and parsed.impact_percent is None:
                        parsed.impact_percent = number
                        parsed.impact_kind = parsed.impact_kind or ImpactKind.FAILING_SHARE
                    elif target == "bad_events" and parsed.bad_events is None:
                        parsed.bad_events = number
                        parsed.impact_kind = parsed.impact_kind or ImpactKind.BAD_EVENTS
                    elif target == "outage_minutes" and parsed.outage_minutes is None:
                        parsed.outage_minutes = number
                        parsed.impact_kind = parsed.impact_kind or ImpactKind.FULL_OUTAGE
            except (IncidentError, ValueError):
                parsed.note(f"impact table “{row[0]}”: “{value}” not read; it stays in the text")


# Import: meeting a plan ---------------------------------------------------------------------


@dataclass
class ImportPlan:
    """Every file read and matched to the plan: ``incidents`` to write, ``notices`` to tell."""

    incidents: list[Incident]
    notices: list[str]


def build_incidents(
    parsed_files: Sequence[ParsedPostmortem],
    plan_id: str,
    *,
    taken_numbers: set[int],
    severities: Sequence[str],
    slos: Mapping[str, str],  # casefolded name or title -> id
    components: Mapping[str, str],
    links: Mapping[str, tuple[str, str]],  # casefolded link text -> (kind, id)
    new_id: Callable[[], str],
) -> ImportPlan:
    incidents: list[Incident] = []
    notices: list[str] = []
    taken = set(taken_numbers)
    for p in parsed_files:
        number = p.number
        if number is None or number in taken:
            fresh = max(taken, default=0) + 1
            if number is not None:
                p.note(f"{incident_key(number)} already exists in the plan: imported as "
                       f"{incident_key(fresh)}")  # fmt: skip
            number = fresh
        taken.add(number)
        severity = p.severity
        if severity not in severities:
            fallback = severities[len(severities) // 2]
            if severity:
                p.note(f"severity “{severity}” is not on the plan's scale: set to {fallback}")
            else:
                p.note(f"no severity given: set to {fallback}")
            severity = fallback
        status = p.status
        if status is None:
            status = Status.RESOLVED
            p.note("no status given: set to Resolved")
        slo_ids = _resolve(p, p.slos, slos, "SLO")
        component_ids = _resolve(p, p.components, components, "component")
        actions = []
        for draft in p.actions:
            item = draft.item
            if draft.link:
                found = links.get(draft.link.casefold())
                if found is None:
                    p.note(f"action item “{item.title}”: link “{draft.link}” matches nothing "
                           "in the plan; not linked")  # fmt: skip
                else:
                    kind, target = found
                    if kind == "checkpoint":
                        item = replace(item, checkpoint_id=target)
                    elif kind == "finding":
                        item = replace(item, finding_id=target)
                    else:
                        item = replace(item, adr_id=target)
            actions.append(replace(item, id=new_id()))
        values: dict[str, Any] = dict(
            id=new_id(),
            plan_id=plan_id,
            number=number,
            title=p.title,
            severity=severity,
            status=status,
            impact_kind=p.impact_kind or ImpactKind.FAILING_SHARE,
            impact_percent=p.impact_percent,
            bad_events=p.bad_events,
            outage_minutes=p.outage_minutes,
            trigger=p.trigger,
            root_cause_category=p.root_cause_category,
            slo_ids=tuple(slo_ids),
            component_ids=tuple(component_ids),
            responders=tuple(replace(r, id=new_id()) for r in p.responders),
            factors=tuple(replace(f, id=new_id()) for f in p.factors),
            timeline=tuple(replace(t, id=new_id()) for t in p.timeline),
            actions=tuple(actions),
        )
        values.update({c: p.times.get(c) for c, _ in TIMESTAMPS})
        values.update({c: p.texts.get(c, "") for c, _ in SECTIONS})
        incident = Incident(**values)
        incidents.append(incident)
        notices.extend(p.notices)
    return ImportPlan(incidents, notices)


def _resolve(
    p: ParsedPostmortem, names: Sequence[str], known: Mapping[str, str], what: str
) -> list[str]:
    ids: list[str] = []
    for name in names:
        found = known.get(name.strip().casefold())
        if found is None:
            p.note(f"{what} “{name}” is not in the plan: not linked")
        elif found not in ids:
            ids.append(found)
    return ids
