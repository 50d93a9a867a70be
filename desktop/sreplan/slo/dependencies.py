"""Can an SLO be met given what it depends on? Serial and redundant availability."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sreplan.kernel.availability import composite_availability, redundant_availability


@dataclass(frozen=True)
class DependencyPart:
    name: str
    availability: float  # percent, one replica
    replicas: int = 1

    @property
    def effective(self) -> float:
        """Percent availability of the part with its replicas."""
        return redundant_availability(self.availability / 100.0, self.replicas) * 100.0


@dataclass(frozen=True)
class DependencyCheck:
    target: float
    ceiling: float | None  # percent the dependencies allow at best; None without any
    parts: tuple[DependencyPart, ...]

    @property
    def achievable(self) -> bool:
        return self.ceiling is None or self.target <= self.ceiling + 1e-12

    @property
    def warning(self) -> str | None:
        if self.achievable or self.ceiling is None:
            return None
        weakest = min(self.parts, key=lambda p: p.effective)
        return (
            f"The target {self.target:g} % exceeds what the dependencies allow: "
            f"{self.ceiling:.4f} % at best (weakest: {weakest.name or 'unnamed'} at "
            f"{weakest.effective:.4f} %). Add redundancy, relax the target or "
            "negotiate a stronger dependency SLO."
        )


def check_dependencies(target: float, parts: Sequence[DependencyPart]) -> DependencyCheck:
    if not parts:
        return DependencyCheck(target, None, ())
    ceiling = composite_availability((p.availability / 100.0, p.replicas) for p in parts) * 100.0
    return DependencyCheck(target, ceiling, tuple(parts))
