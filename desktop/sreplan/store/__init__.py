"""The workspace file: one SQLite document holding any number of plans. No Qt here."""

from .errors import WorkspaceError
from .workspace import Workspace, open_workspace

__all__ = ["Workspace", "WorkspaceError", "open_workspace"]
