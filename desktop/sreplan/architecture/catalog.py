"""Patterns and antipatterns catalog entries, built in or added by the user."""

from __future__ import annotations

from dataclasses import dataclass

from sreplan.kernel.choices import Choice


class EntryKind(Choice):
    PATTERN = "pattern", "Pattern"
    ANTIPATTERN = "antipattern", "Antipattern"
    CLOUD_NATIVE = "cloud_native", "Cloud-native concern"


@dataclass(frozen=True)
class CatalogEntry:
    key: str  # a slug for built-in entries, "user:<id>" for the plan's own
    name: str
    kind: EntryKind
    summary: str
    applies_when: str
    what_to_check: tuple[str, ...]
    checkpoint_category: str
    built_in: bool = True

    def matches(self, text: str) -> bool:
        wanted = text.strip().casefold()
        return not wanted or any(
            wanted in part.casefold()
            for part in (
                self.name,
                self.summary,
                self.applies_when,
                self.checkpoint_category,
                *self.what_to_check,
            )
        )
