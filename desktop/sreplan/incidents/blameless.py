"""The blamelessness check: suggestions beside the postmortem, never blocking.

It looks for names of people (the plan's stakeholders and the responders) in
root causes and contributing factors; for phrases that assign blame anywhere
in the postmortem (a list the plan can edit); and for root causes that stop at
a person instead of a system condition. Each suggestion quotes the sentence and
proposes a question framed around the system. A suggestion dismissed with a
reason stays dismissed while its sentence is unchanged (the fingerprint).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sreplan.incidents.model import SECTIONS, Incident
from sreplan.kernel.choices import Choice


class BlameRule(Choice):
    NAME = "name", "Names a person"
    PHRASE = "phrase", "Assigns blame"
    STOPS_AT_PERSON = "person_root_cause", "Root cause stops at a person"


@dataclass(frozen=True)
class BlameSuggestion:
    rule: BlameRule
    where: str  # the section or "Contributing factor 2"
    sentence: str
    term: str  # the name or phrase found
    question: str

    @property
    def fingerprint(self) -> str:
        text = f"{self.rule.value}\n{self.where}\n{self.term.casefold()}\n{self.sentence}"
        return hashlib.sha1(text.encode()).hexdigest()[:16]

    @property
    def message(self) -> str:
        if self.rule is BlameRule.NAME:
            return f"{self.where} names {self.term}: describe the role and the system instead."
        if self.rule is BlameRule.PHRASE:
            return f"{self.where} says “{self.term}”, which assigns blame."
        return f"{self.where}: this root cause stops at a person."


_QUESTIONS = {
    "human error": "Which condition of the system made this error possible, and what would "
    "have caught it before it reached users?",
    "should have": "What made the right action hard to see or to take at the time?",
    "failed to": "What would have guarded against missing this step (automation, a check, "
    "a safer default)?",
    "forgot to": "What would have reminded people of this step, or made it unnecessary?",
    "careless": "What pressures or missing safeguards shaped the decision at the time?",
    "negligence": "What pressures or missing safeguards shaped the decision at the time?",
}
_GENERIC = "What condition of the system, not an attribute of a person, explains this?"
_NAME_QUESTION = (
    "What in the system let this happen to anyone in that role? Name the role and the "
    "condition (“the on-call engineer”, “the deploy tool allowed…”) instead of the person."
)
_PERSON_QUESTION = (
    "Why could this action cause an outage? Keep asking until you reach a condition of the "
    "system or the process that you can change."
)

_PERSON_START = re.compile(
    r"^(?:the |an? |our )?(?:on-?call(?:er)?|engineer|operator|developer|admin(?:istrator)?|"
    r"sre|someone|somebody|a person|person|he|she|they|i|we|user)\b",
    re.IGNORECASE,
)
_SYSTEM_WORDS = re.compile(
    r"\b(because|since|allowed|let|lacked|lacking|without|no|missing|system|process|tool|"
    r"tooling|alert|test|tests|check|checks|config(?:uration)?|automation|guard|validation|"
    r"default|runbook|pipeline|review)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    parts = (p.strip(" \t-*•>#") for p in _SENTENCE.split(text))
    return [p.strip() for p in parts if p and p.strip()]


def _name_terms(people: Iterable[str]) -> list[tuple[str, re.Pattern[str]]]:
    """Full names (any case) and first or last names of three letters or more (as written)."""
    terms: list[tuple[str, re.Pattern[str]]] = []
    seen: set[str] = set()
    for person in people:
        full = " ".join(person.split())
        if not full:
            continue
        candidates: list[tuple[str, int]] = [(full, re.IGNORECASE)]
        tokens = [t for t in re.split(r"[\s.]+", full) if len(t) >= 3 and t[:1].isupper()]
        if len(tokens) > 1:
            candidates += [(t, 0) for t in tokens]
        for term, flags in candidates:
            if term.casefold() in seen:
                continue
            seen.add(term.casefold())
            terms.append((term, re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", flags)))
    return terms


def check(
    incident: Incident,
    people: Sequence[str],
    phrases: Sequence[str],
    dismissed: Mapping[str, str] | None = None,
) -> list[BlameSuggestion]:
    """Every suggestion for the postmortem not dismissed, in reading order."""
    found: list[BlameSuggestion] = []
    labels = dict(SECTIONS)
    analysed: list[tuple[str, str]] = [(labels["root_causes"], incident.root_causes)]
    analysed += [
        (f"Contributing factor {i}", f.text) for i, f in enumerate(incident.factors, start=1)
    ]
    names = _name_terms(people)
    for where, text in analysed:
        for sentence in sentences(text):
            for term, pattern in names:
                if pattern.search(sentence):
                    found.append(
                        BlameSuggestion(BlameRule.NAME, where, sentence, term, _NAME_QUESTION)
                    )
                    break
    everywhere = [(labels[c], getattr(incident, c)) for c, _ in SECTIONS]
    everywhere += analysed[1:]
    phrase_patterns = [
        (p, re.compile(rf"(?<!\w){re.escape(p.strip())}(?!\w)", re.IGNORECASE))
        for p in phrases
        if p.strip()
    ]
    for where, text in everywhere:
        for sentence in sentences(text):
            for phrase, pattern in phrase_patterns:
                if pattern.search(sentence):
                    question = _QUESTIONS.get(phrase.strip().casefold(), _GENERIC)
                    found.append(
                        BlameSuggestion(BlameRule.PHRASE, where, sentence, phrase, question)
                    )
    name_patterns = [p for _, p in names]
    for sentence in sentences(incident.root_causes):
        starts_with_person = _PERSON_START.match(sentence) or any(
            p.match(sentence) for p in name_patterns
        )
        if starts_with_person and not _SYSTEM_WORDS.search(sentence):
            found.append(
                BlameSuggestion(
                    BlameRule.STOPS_AT_PERSON, labels["root_causes"], sentence, "", _PERSON_QUESTION
                )
            )
    dismissed = dismissed or {}
    unique: dict[str, BlameSuggestion] = {}
    for s in found:
        if s.fingerprint not in dismissed:
            unique.setdefault(s.fingerprint, s)
    return list(unique.values())
