"""The one error model: everything a user may see derives from :class:`UserError`.

A ``UserError`` names what is wrong and where, in words the user can act on; the
CLI prints it as one line (exit 2) and the app shows it in a dialog. Any other
exception is a bug: it reaches the crash report, never a "could not be saved".
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix or must know about, phrased for them."""


class WorkspaceError(UserError):
    """A problem with a workspace file or its contents."""


class StoredValueError(WorkspaceError, ValueError):
    """A value in the file that this version cannot read (damage, or another tool's edit)."""


class ReadOnlyError(WorkspaceError):
    """A write was attempted on a workspace opened read-only."""


class CancelledError(UserError):
    """The user cancelled a long job; nothing was written."""
