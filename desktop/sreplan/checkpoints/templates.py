"""Checklist templates: named sets of checkpoint items keyed for idempotent merging."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sreplan.checkpoints.model import Category, CheckpointStatus, OwnerSide, Risk, WaiverReason

# Keys are what makes applying a template twice add nothing twice; keep them stable.
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
FORMAT_VERSION = 1


@dataclass(frozen=True)
class TemplateItem:
    key: str
    phase: str
    title: str
    guidance: str = ""
    category: Category = Category.ARCHITECTURE
    owner_side: OwnerSide = OwnerSide.SHARED
    risk: Risk = Risk.MEDIUM
    status: CheckpointStatus = CheckpointStatus.NOT_STARTED
    waiver_reason: WaiverReason | None = None
    waiver_note: str = ""


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    description: str = ""
    phases: tuple[str, ...] = ()
    items: tuple[TemplateItem, ...] = field(default=())
    builtin: bool = False


def slug(text: str) -> str:
    """A key fragment from free text: "Canary release!" -> "canary-release"."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return cleaned[:60].strip("-") or "item"
