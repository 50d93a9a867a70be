"""Review sessions and their findings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sreplan.architecture.lint import Risk
from sreplan.kernel.choices import Choice


class SessionType(Choice):
    DESIGN = "design", "Design review"
    PRR = "prr", "Production-readiness review"
    LAUNCH = "launch", "Launch review"
    POST_INCIDENT = "post_incident", "Post-incident review"


class FindingKind(Choice):
    PATTERN = "pattern", "Pattern in place"
    ANTIPATTERN = "antipattern", "Antipattern found"
    RISK = "risk", "Risk"
    QUESTION = "question", "Open question"


class FindingStatus(Choice):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    RESOLVED = "resolved", "Resolved"
    ACCEPTED_RISK = "accepted_risk", "Accepted risk"

    @property
    def is_open(self) -> bool:
        return self in (FindingStatus.OPEN, FindingStatus.IN_PROGRESS)


@dataclass(frozen=True)
class Finding:
    id: str
    title: str
    description: str = ""
    kind: FindingKind = FindingKind.RISK
    risk: Risk = Risk.MEDIUM
    recommendation: str = ""
    owner: str = ""
    due: date | None = None
    status: FindingStatus = FindingStatus.OPEN
    status_reason: str = ""
    session_id: str | None = None
    checkpoint_id: str | None = None
    adr_id: str | None = None
    lint_key: str | None = None


def finding_error(title: str, status: FindingStatus, reason: str) -> str | None:
    """The inline message for a finding, or None when it can be saved."""
    if not title.strip():
        return "A finding needs a title."
    if status is FindingStatus.ACCEPTED_RISK and not reason.strip():
        return "Say why the risk is accepted: a reason is required."
    return None


@dataclass(frozen=True)
class ReviewSession:
    id: str
    title: str
    held_on: date | None = None
    kind: SessionType = SessionType.DESIGN
    agenda: str = ""
    notes: str = ""
