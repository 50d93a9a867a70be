"""Load-test benchmarks and their verdict against the target."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sreplan.capacity.model import Scenario


@dataclass(frozen=True)
class Benchmark:
    """A load test: what was asked for (target) and what was measured."""

    id: str
    plan_id: str
    resource_id: str | None
    name: str
    scenario: Scenario = Scenario.LOAD
    run_on: date | None = None
    evidence_url: str = ""
    target_percentile: str = "p99"
    target_latency_ms: float | None = None
    target_throughput: float | None = None
    max_error_pct: float | None = None
    instances: int = 1
    measured_latency_ms: float | None = None
    measured_throughput: float | None = None
    measured_error_pct: float | None = None
    notes: str = ""

    @property
    def throughput_per_instance(self) -> float | None:
        if self.measured_throughput is None or self.instances < 1:
            return None
        return self.measured_throughput / self.instances

    def target_text(self, unit: str = "RPS") -> str:
        parts = []
        if self.target_latency_ms is not None:
            parts.append(f"{self.target_percentile} < {self.target_latency_ms:,.0f} ms")
        if self.target_throughput is not None:
            parts.append(f"at {self.target_throughput:,.0f} {unit}".strip())
        if self.max_error_pct is not None:
            parts.append(f"errors ≤ {self.max_error_pct:g}%")
        return " ".join(parts) or "no target"

    def results_text(self, unit: str = "RPS") -> str:
        parts = []
        if self.measured_latency_ms is not None:
            parts.append(f"{self.target_percentile} {self.measured_latency_ms:,.0f} ms")
        if self.measured_throughput is not None:
            parts.append(f"{self.measured_throughput:,.0f} {unit} on {self.instances}".strip())
        if self.measured_error_pct is not None:
            parts.append(f"errors {self.measured_error_pct:g}%")
        return ", ".join(parts) or "no results"


@dataclass(frozen=True)
class Verdict:
    passed: bool | None  # None: not enough measured to judge
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return {True: "Pass", False: "Fail", None: "Not judged"}[self.passed]


def verdict(b: Benchmark) -> Verdict:
    """Pass when every target that was set is met by a measured result."""
    failures: list[str] = []
    checked = 0
    missing: list[str] = []
    if b.target_latency_ms is not None:
        if b.measured_latency_ms is None:
            missing.append("latency")
        else:
            checked += 1
            if b.measured_latency_ms > b.target_latency_ms:
                failures.append(
                    f"{b.target_percentile} {b.measured_latency_ms:,.0f} ms is over "
                    f"{b.target_latency_ms:,.0f} ms"
                )
    if b.target_throughput is not None:
        if b.measured_throughput is None:
            missing.append("throughput")
        else:
            checked += 1
            if b.measured_throughput < b.target_throughput:
                failures.append(
                    f"throughput {b.measured_throughput:,.0f} is under {b.target_throughput:,.0f}"
                )
    if b.max_error_pct is not None:
        if b.measured_error_pct is None:
            missing.append("error rate")
        else:
            checked += 1
            if b.measured_error_pct > b.max_error_pct:
                failures.append(f"errors {b.measured_error_pct:g}% over {b.max_error_pct:g}%")
    if failures:
        return Verdict(False, tuple(failures))
    if missing or checked == 0:
        why = f"no measured {', '.join(missing)}" if missing else "no target set"
        return Verdict(None, (why,))
    return Verdict(True, ("every target met",))
