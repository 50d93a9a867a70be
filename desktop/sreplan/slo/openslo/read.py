"""Reading OpenSLO YAML into SRE Plan's records, strictly and with exact error locations.

Every problem names the file, the document number (1-based, in ``---`` order)
and the field path, e.g. ``slos.yaml, document 2, spec.objectives[0].target``.
A problem that makes the meaning uncertain refuses the whole import; anything
merely unused (unknown fields, notification targets) becomes a warning.
"""

from __future__ import annotations

from typing import Any

from sreplan.kernel.inputs import load_yaml_all
from sreplan.slo.openslo.kinds import PARSERS
from sreplan.slo.openslo.model import (
    API_V1,
    API_V1ALPHA,
    IGNORED_KINDS,
    KINDS,
    OpenSloError,
    ParsedOpenSlo,
    Reader,
    Where,
)


def load_documents(text: str, file: str) -> list[tuple[int, Any]]:
    """The non-empty YAML documents of ``text`` with their 1-based numbers."""
    docs = load_yaml_all(text, file, error=OpenSloError)
    found = [(i + 1, d) for i, d in enumerate(docs) if d is not None]
    if not found:
        raise OpenSloError(f"{file}: holds no OpenSLO documents")
    return found


# Referenced kinds first, so a reference may sit anywhere in the files.
_ORDER = {"Service": 0, "SLI": 1, "AlertCondition": 2, "AlertPolicy": 3, "SLO": 4}


def parse_files(files: list[tuple[str, str]]) -> ParsedOpenSlo:
    """Parse (file name, text) pairs together; raise OpenSloError on the first problem."""
    parsed = ParsedOpenSlo()
    queue: list[tuple[int, Reader, dict[str, Any], Where, bool]] = []
    for file, text in files:
        for number, doc in load_documents(text, file):
            where = Where(file, number)
            reader = Reader(where, parsed.warnings)
            data = reader.mapping(doc, where)
            api = data.get("apiVersion")
            if api not in (API_V1, API_V1ALPHA):
                shown = "missing" if api is None else repr(api)
                raise reader.fail(
                    where.at("apiVersion"),
                    f"{shown}; SRE Plan reads openslo/v1 (and openslo/v1alpha)",
                )
            kind = data.get("kind")
            if kind in IGNORED_KINDS:
                parsed.warnings.append(
                    f"{where}: {kind} documents are not used by SRE Plan, skipped"
                )
                continue
            if kind not in KINDS:
                shown = "missing" if kind is None else repr(kind)
                raise reader.fail(
                    where.at("kind"), f"{shown} is not a kind SRE Plan imports ({', '.join(KINDS)})"
                )
            if api == API_V1ALPHA and kind not in ("SLO", "Service"):
                raise reader.fail(where.at("kind"), f"{kind} does not exist in openslo/v1alpha")
            reader.mapping(data, where, ("apiVersion", "kind", "metadata", "spec"))
            queue.append((_ORDER[str(kind)], reader, data, where, api == API_V1ALPHA))
    for _, reader, data, where, alpha in sorted(queue, key=lambda item: item[0]):
        PARSERS[str(data["kind"])](reader, data, where, parsed, alpha)
    if not parsed.slos and not parsed.services and not parsed.slis and not parsed.policies:
        raise OpenSloError(
            f"{', '.join(f for f, _ in files)}: holds no SLOs, SLIs, services or alert policies"
        )
    return parsed
