"""Errors the user can act on, kept apart from bugs (which get a report, not a dialog)."""

from __future__ import annotations


class WorkspaceError(Exception):
    """A problem with a workspace file or its contents, phrased for the user."""


class ReadOnlyError(WorkspaceError):
    """A write was attempted on a workspace opened read-only."""
