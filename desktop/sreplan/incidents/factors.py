"""Contributing factors tagged with the pattern/antipattern catalog, and the lint rules behind it.

A factor tagged "missing-timeouts" links the incident to that antipattern and
to the architecture lint rule that finds it, so a review can ask: does lint
flag this today?
"""

from __future__ import annotations

from dataclasses import dataclass

from sreplan.architecture.catalog_store import all_entries
from sreplan.architecture.lint import LintRule
from sreplan.kernel.workspace import Workspace

# Catalog key -> the lint rules whose suggestions cite it (see architecture/lint.py).
LINT_RULES: dict[str, tuple[LintRule, ...]] = {
    "single-point-of-failure": (LintRule.SINGLE_POINT_OF_FAILURE, LintRule.UNREPLICATED_STATE),
    "redundancy": (LintRule.SINGLE_POINT_OF_FAILURE,),
    "multi-zone-deployment": (LintRule.SINGLE_POINT_OF_FAILURE,),
    "unbounded-synchronous-chain": (LintRule.DEEP_SYNC_CHAIN,),
    "asynchronous-messaging": (LintRule.DEEP_SYNC_CHAIN, LintRule.DEPENDENCY_CYCLE),
    "timeouts": (LintRule.DEEP_SYNC_CHAIN, LintRule.MISSING_TIMEOUT),
    "dependency-cycle": (LintRule.DEPENDENCY_CYCLE,),
    "missing-timeouts": (LintRule.MISSING_TIMEOUT,),
    "retry-storm": (LintRule.RETRY_WITHOUT_BACKOFF,),
    "retries-with-backoff-and-jitter": (LintRule.RETRY_WITHOUT_BACKOFF,),
    "replicated-data-store": (LintRule.UNREPLICATED_STATE,),
    "untested-backups": (LintRule.UNTESTED_BACKUPS,),
    "tested-restores": (LintRule.UNTESTED_BACKUPS,),
    "graceful-degradation": (LintRule.SLO_UNACHIEVABLE, LintRule.EXTERNAL_WITHOUT_BREAKER),
    "caching": (LintRule.SLO_UNACHIEVABLE,),
    "circuit-breaker": (LintRule.EXTERNAL_WITHOUT_BREAKER,),
}


@dataclass(frozen=True)
class CatalogLink:
    key: str
    name: str
    kind: str  # "Pattern", "Antipattern", ...
    lint_rules: tuple[str, ...]

    @property
    def label(self) -> str:
        text = f"{self.name} ({self.kind.lower()})"
        if self.lint_rules:
            text += "; lint: " + ", ".join(self.lint_rules)
        return text


def catalog_choices(ws: Workspace, plan_id: str) -> list[CatalogLink]:
    """Every catalog entry a factor may be tagged with, antipatterns first."""
    entries = sorted(
        all_entries(ws, plan_id), key=lambda e: (e.kind.value != "antipattern", e.name)
    )
    return [
        CatalogLink(e.key, e.name, e.kind.label, tuple(r.label for r in LINT_RULES.get(e.key, ())))
        for e in entries
    ]


def catalog_link(ws: Workspace, plan_id: str, key: str) -> CatalogLink | None:
    if not key:
        return None
    return next((c for c in catalog_choices(ws, plan_id) if c.key == key), None)
