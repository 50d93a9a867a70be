"""The workspace file: one SQLite document holding any number of plans. No Qt here."""

from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.workspace import Workspace, open_workspace

__all__ = ["Workspace", "WorkspaceError", "open_workspace"]
