"""Stable record ids: UUID text, so plans merge and re-import without duplicates."""

from __future__ import annotations

import re
import uuid

UUID_PATTERN = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE
)
_DEMO_NAMESPACE = uuid.UUID("5f0e9a52-6d1b-4a8e-9b5e-2c7d3f1a8e40")


def new_id() -> str:
    return str(uuid.uuid4())


def stable_id(key: str) -> str:
    """A deterministic id for built-in records (the demo plan, templates)."""
    return str(uuid.uuid5(_DEMO_NAMESPACE, key))
