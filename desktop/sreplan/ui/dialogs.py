"""Message boxes that never interpret user text as markup."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from sreplan import __version__


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    box = _box(parent, QMessageBox.Icon.Warning, title, text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    box = _box(parent, QMessageBox.Icon.Information, title, text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    ok = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(ok)
    box.exec()
    return box.clickedButton() is ok


def ask_conflict(parent: QWidget | None, plan_name: str) -> str | None:
    """For an imported plan already here: "keep_both", "replace", or None to cancel."""
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        "Plan already in this workspace",
        f"The plan “{plan_name}” is already in this workspace.\n\n"
        "Keep both (the imported copy gets a new identity), or replace the plan here "
        "with the imported one?",
    )
    keep = box.addButton("Keep Both", QMessageBox.ButtonRole.AcceptRole)
    replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(keep)
    box.exec()
    clicked = box.clickedButton()
    if clicked is keep:
        return "keep_both"
    if clicked is replace:
        return "replace"
    return None


def about_text(path: str, plan_name: str | None) -> str:
    lines = [
        f"SRE Plan {__version__}",
        "Plan SRE engagements offline: reliability goals, checkpoints, architecture "
        "reviews, capacity and reports.",
        "",
        f"Workspace: {path}",
    ]
    if plan_name is not None:
        lines.append(f"Plan: {plan_name}")
    return "\n".join(lines)


def show_about(parent: QWidget | None, path: str, plan_name: str | None) -> None:
    box = _box(parent, QMessageBox.Icon.NoIcon, "About SRE Plan", about_text(path, plan_name))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setObjectName("about")
    box.exec()
