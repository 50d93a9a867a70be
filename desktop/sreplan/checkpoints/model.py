"""SDLC checkpoints: the vocabulary of a production-readiness checklist item.

Statuses, risks, categories and waiver reasons are stored by key and shown by
label; the waiver reasons are the ones AWS Well-Architected lets a team record
when it decides a best practice does not apply to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sreplan.kernel.choices import Choice

DEFAULT_PHASES: tuple[str, ...] = ("Design", "Development", "Testing", "Deployment", "Operations")


class CheckpointStatus(Choice):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    BLOCKED = "blocked", "Blocked"
    WAIVED = "waived", "Waived"
    NOT_APPLICABLE = "not_applicable", "Not applicable"

    @property
    def counts_toward_gate(self) -> bool:
        """Waived and Not applicable items are left out of the percentage done."""
        return self not in (CheckpointStatus.WAIVED, CheckpointStatus.NOT_APPLICABLE)

    @property
    def is_open(self) -> bool:
        return self.counts_toward_gate and self is not CheckpointStatus.DONE


# The quick keyboard cycle covers the everyday path; Waived needs a reason, so it is
# never reached by cycling.
_CYCLE = (CheckpointStatus.NOT_STARTED, CheckpointStatus.IN_PROGRESS, CheckpointStatus.DONE)


def next_status(status: CheckpointStatus) -> CheckpointStatus:
    """Not started → In progress → Done → Not started; any other status goes to In progress."""
    if status in _CYCLE:
        return _CYCLE[(_CYCLE.index(status) + 1) % len(_CYCLE)]
    return CheckpointStatus.IN_PROGRESS


class Risk(Choice):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Category(Choice):
    ARCHITECTURE = "architecture", "Architecture & dependencies"
    MONITORING = "monitoring", "Monitoring & alerting"
    CAPACITY = "capacity", "Capacity & performance"
    CHANGE = "change", "Change management"
    RELIABILITY = "reliability", "Reliability & failover"
    SECURITY = "security", "Security"
    BACKUP_DR = "backup_dr", "Data backup & disaster recovery"
    EMERGENCY = "emergency", "Emergency response & on-call"
    DOCUMENTATION = "documentation", "Documentation & runbooks"


class OwnerSide(Choice):
    SRE = "sre", "SRE"
    PRODUCT = "product", "Product engineering"
    SHARED = "shared", "Shared"


class WaiverReason(Choice):
    OUT_OF_SCOPE = "out_of_scope", "Out of scope"
    BUSINESS_PRIORITIES = "business_priorities", "Business priorities"
    ARCHITECTURE_CONSTRAINTS = "architecture_constraints", "Architecture constraints"
    OTHER = "other", "Other"


@dataclass(frozen=True)
class Phase:
    id: str
    plan_id: str
    name: str
    position: int = 0


@dataclass(frozen=True)
class Checkpoint:
    id: str
    plan_id: str
    phase_id: str
    title: str
    guidance: str = ""
    category: Category = Category.ARCHITECTURE
    owner_side: OwnerSide = OwnerSide.SHARED
    owner: str = ""
    status: CheckpointStatus = CheckpointStatus.NOT_STARTED
    waiver_reason: WaiverReason | None = None
    waiver_note: str = ""
    risk: Risk = Risk.MEDIUM
    due_date: date | None = None
    evidence: str = ""
    notes: str = ""
    template_key: str | None = None
    position: int = 0
    updated_at: str = ""


def waiver_error(
    status: CheckpointStatus, reason: WaiverReason | None, note: str = ""
) -> str | None:
    """Why this status/reason pair is refused, or None when it is acceptable."""
    if status is not CheckpointStatus.WAIVED:
        return None
    if reason is None:
        return "A Waived item needs a reason: out of scope, business priorities, "\
            "architecture constraints, or other with text."
    if reason is WaiverReason.OTHER and not note.strip():
        return "A waiver for another reason needs the reason written out."
    return None


def waiver_text(reason: WaiverReason | None, note: str) -> str:
    """The waiver as a person reads it: "Business priorities – launch first"."""
    if reason is None:
        return ""
    note = note.strip()
    if reason is WaiverReason.OTHER and note:
        return note
    return f"{reason.label} – {note}" if note else reason.label
