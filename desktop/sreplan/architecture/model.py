"""The architecture inventory: components, the dependencies between them, and their choices."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sreplan.kernel.choices import Choice


class ComponentKind(Choice):
    SERVICE = "service", "Service"
    DATABASE = "database", "Database"
    CACHE = "cache", "Cache"
    QUEUE = "queue", "Queue / stream"
    LOAD_BALANCER = "load_balancer", "Load balancer"
    EDGE = "edge", "CDN / edge"
    BATCH = "batch", "Batch job"
    EXTERNAL = "external", "External dependency"


class Replication(Choice):
    NONE = "none", "None"
    ASYNC = "async", "Async"
    SYNC = "sync", "Sync"


class Backups(Choice):
    NONE = "none", "None"
    UNTESTED = "untested", "Untested"
    TESTED = "tested", "Tested"


class Tristate(Choice):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Unknown"


class CallMode(Choice):
    SYNC = "sync", "Sync"
    ASYNC = "async", "Async"


class Criticality(Choice):
    CRITICAL = "critical", "Critical"
    DEGRADABLE = "degradable", "Degradable"


class RetryPolicy(Choice):
    """ "Retries with backoff: yes / no / unknown", where "no" splits into none and naive."""

    BACKOFF = "backoff", "With backoff"
    NO_BACKOFF = "no_backoff", "Without backoff"
    NONE = "none", "No retries"
    UNKNOWN = "unknown", "Unknown"


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    kind: ComponentKind = ComponentKind.SERVICE
    owner_team: str = ""
    instances: int = 1
    zones: tuple[str, ...] = ()
    stateful: bool = False
    replication: Replication = Replication.NONE
    backups: Backups = Backups.NONE
    backups_tested_on: date | None = None
    deployment: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Dependency:
    """``source`` calls or needs ``target``."""

    id: str
    source_id: str
    target_id: str
    mode: CallMode = CallMode.SYNC
    criticality: Criticality = Criticality.CRITICAL
    timeout: Tristate = Tristate.UNKNOWN
    retries: RetryPolicy = RetryPolicy.UNKNOWN
    circuit_breaker: Tristate = Tristate.UNKNOWN
    notes: str = ""

    @property
    def critical_sync(self) -> bool:
        return self.mode is CallMode.SYNC and self.criticality is Criticality.CRITICAL


@dataclass(frozen=True)
class Inventory:
    """A plan's components and dependencies, as the lint and the diagram read them."""

    components: tuple[Component, ...] = ()
    dependencies: tuple[Dependency, ...] = field(default=())

    def by_id(self) -> dict[str, Component]:
        return {c.id: c for c in self.components}


def parse_zones(text: str) -> tuple[str, ...]:
    """Zones typed as "eu-west-1a, eu-west-1b" (commas, semicolons or new lines), de-duplicated."""
    seen: dict[str, None] = {}
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        if part.strip():
            seen.setdefault(part.strip(), None)
    return tuple(seen)


def component_error(name: str, instances: int, taken_names: set[str]) -> str | None:
    """The inline message for a component's name and instance count, or None when fine."""
    if not name.strip():
        return "A component needs a name."
    if name.strip().casefold() in taken_names:
        return f"There is already a component named {name.strip()!r} in this plan."
    if instances < 0:
        return "Instances cannot be negative."
    return None


def dependency_error(source_id: str, target_id: str, existing: set[tuple[str, str]]) -> str | None:
    """Self-dependencies and duplicates are refused; cycles are allowed (the lint flags them)."""
    if source_id == target_id:
        return "A component cannot depend on itself."
    if (source_id, target_id) in existing:
        return "That dependency is already recorded."
    return None
