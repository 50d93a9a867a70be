"""Meeting mode: a full-screen window the lead projects while the review runs.

View › Meeting Mode (F11 or Ctrl+M) opens it in place of the main window for the selected
plan; Esc (or F11, Ctrl+M) closes it and the main window comes back as it was (its size,
state, plan list and selection are never touched). On screen: the session's
agenda with the current item and its timer, the diagram with the component under
discussion outlined, finding and decision capture, and the session's live notes. Every
change is an Edit through Operations, like everywhere else, so Ctrl+Z undoes it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFont,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sreplan.architecture import meeting_edits
from sreplan.architecture.agenda import follow_up_title
from sreplan.architecture.lint import Risk
from sreplan.architecture.session_store import next_session, session_row, session_titles
from sreplan.architecture.ui.diagram import DiagramView
from sreplan.architecture.ui.meeting_agenda import AgendaPanel
from sreplan.architecture.ui.meeting_capture import (
    DecisionCapture,
    FindingCapture,
    SessionLog,
    chosen_decision,
    session_log_view,
)
from sreplan.kernel.ids import new_id
from sreplan.ui.fields import FieldBinder, plain_label
from sreplan.ui.operations import Change, Operations
from sreplan.ui.tones import mute

if TYPE_CHECKING:
    from sreplan.ui.main_window import MainWindow

# The type size of meeting mode, in percent of the size chosen for the screen's height.
TEXT_ZOOM_KEY = "meeting/text_zoom"
TEXT_ZOOM_DEFAULT = 100
TEXT_ZOOM_RANGE = (60, 250)
TEXT_ZOOM_STEP = 10
# Keystrokes in the notes are one undo step until the typing pauses this long.
NOTES_BURST_MS = 1500

HINTS = (
    "Alt+↓/↑ next/previous item · Ctrl+Enter item done · Ctrl+G add item · Ctrl+K component · "
    "Ctrl+F finding, Ctrl+1/2/3 its risk · Ctrl+D decision, Ctrl+Shift+A make it an ADR · "
    "Ctrl+T notes · Ctrl+Shift+N new session · Ctrl+Z undo · Ctrl+=/Ctrl+− zoom, Ctrl+0 fit · "
    "Ctrl+Alt+=/− text size · Esc leaves"
)


def base_point_size(screen_height: int) -> float:
    """Type for the back of the room: about 24 pt on a 1080-line screen, 16 pt on 720."""
    return min(max(screen_height / 45.0, 11.0), 40.0)


class MeetingScreen(QWidget):
    """The meeting, full screen; ``open`` shows it for a plan, ``leave`` hides it."""

    left = Signal()

    def __init__(
        self,
        ops: Operations,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ops = ops
        self._settings = settings
        self._today = today
        self.plan_id: str | None = None
        self.setWindowTitle("Meeting Mode — SRE Plan")
        self.setAccessibleName("Meeting mode")

        self.plan_label = plain_label()
        self.plan_label.setAccessibleName("Plan")
        self.session_combo = QComboBox()
        self.session_combo.setAccessibleName("Review session")
        self.session_combo.activated.connect(lambda _i: self._session_changed())
        self.new_session = QLineEdit()
        self.new_session.setAccessibleName("New session title")
        self.new_session.setPlaceholderText("The new session's title: Enter starts it, Esc cancels")
        self.new_session.returnPressed.connect(self.start_session)
        self.new_session.installEventFilter(self)
        self.new_session.hide()

        self.agenda = AgendaPanel(ops, clock)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Session notes")
        self.notes.setPlaceholderText("Notes for this session (Ctrl+T): saved as you type")
        self.notes.setTabChangesFocus(True)
        self.binder = FieldBinder(ops, "review_sessions", self)
        self.binder.text(self.notes, "notes", "Session Notes")
        self._notes_burst = QTimer(self)
        self._notes_burst.setSingleShot(True)
        self._notes_burst.setInterval(NOTES_BURST_MS)
        self._notes_burst.timeout.connect(ops.seal)
        self.notes.textChanged.connect(self._notes_burst.start)

        self.diagram = DiagramView(ops, wheel_zooms=True)
        self.diagram.caption.hide()  # the figure's own legend says it in fewer words
        self.finding = FindingCapture(ops, today)
        self.finding.component_id = self.agenda.component_under_discussion
        self.decision = DecisionCapture(ops)
        self.decision.agenda_item_id = lambda: (
            self.agenda.current_item.id if self.agenda.current_item else None
        )
        self.log = SessionLog(ops)
        self.log_view = session_log_view(self.log)
        self.status = plain_label()
        self.status.setAccessibleName("What was just saved")
        self.status.setWordWrap(True)
        self.finding.said.connect(self.status.setText)
        self.decision.said.connect(self.status.setText)
        self.close_review = QPushButton("Close Review && Record &Milestone")
        self.close_review.setToolTip(
            "Keep the plan as it is now, named after this session, to see later what changed"
        )
        self.close_review.clicked.connect(self.close_session)
        self.hints = plain_label(HINTS)
        self.hints.setWordWrap(True)
        mute(self.hints)

        self._build_layout()
        self._build_shortcuts()
        ops.changed.connect(self._on_changed)

    # Construction ------------------------------------------------------------------

    def _build_layout(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.plan_label, 1)
        header.addWidget(plain_label("Session"))
        header.addWidget(self.session_combo, 1)
        header.addWidget(self.close_review)

        agenda_box = QGroupBox("Agenda")
        QVBoxLayout(agenda_box).addWidget(self.agenda)
        notes_box = QGroupBox("Notes")
        QVBoxLayout(notes_box).addWidget(self.notes)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(agenda_box)
        left.addWidget(notes_box)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)

        diagram_box = QGroupBox("Architecture")
        QVBoxLayout(diagram_box).addWidget(self.diagram)

        log_box = QGroupBox("Taken in this session")
        QVBoxLayout(log_box).addWidget(self.log_view)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.finding)
        right_layout.addWidget(self.decision)
        right_layout.addWidget(log_box, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for part in (left, diagram_box, right):
            self.splitter.addWidget(part)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.new_session)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.hints)

    def _build_shortcuts(self) -> None:
        keys: list[tuple[Iterable[str], Callable[[], object]]] = [
            (("Esc", "F11", "Ctrl+M"), self.leave),
            (("Alt+Down",), lambda: self.agenda.step(1)),
            (("Alt+Up",), lambda: self.agenda.step(-1)),
            (("Ctrl+Return", "Ctrl+Enter"), self.agenda.toggle_done),
            (("Ctrl+G",), lambda: self._focus(self.agenda.add_edit)),
            (("Ctrl+K",), lambda: self._focus(self.agenda.component_combo)),
            (("Ctrl+F",), lambda: self._focus(self.finding.title_edit)),
            (("Ctrl+D",), lambda: self._focus(self.decision.title_edit)),
            (("Ctrl+T",), lambda: self._focus(self.notes)),
            (("Ctrl+Shift+A",), self.make_adr),
            (("Ctrl+Shift+N",), self.ask_new_session),
            (("Ctrl+=", "Ctrl++"), self.diagram.zoom_in),
            (("Ctrl+-",), self.diagram.zoom_out),
            (("Ctrl+0",), self.diagram.zoom_to_fit),
            (("Ctrl+Alt+=", "Ctrl+Alt++"), lambda: self.change_text_size(TEXT_ZOOM_STEP)),
            (("Ctrl+Alt+-",), lambda: self.change_text_size(-TEXT_ZOOM_STEP)),
            (("Ctrl+Alt+0",), lambda: self.change_text_size(0)),
        ]
        for risk, key in ((Risk.HIGH, "Ctrl+1"), (Risk.MEDIUM, "Ctrl+2"), (Risk.LOW, "Ctrl+3")):
            keys.append(((key,), partial(self.finding.set_risk, risk)))
        for sequences, slot in keys:
            for sequence in sequences:
                shortcut = QShortcut(QKeySequence(sequence), self)
                shortcut.activated.connect(slot)

    @staticmethod
    def _focus(widget: QWidget) -> None:
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        elif isinstance(widget, QPlainTextEdit):  # notes are added to, at the end
            widget.moveCursor(QTextCursor.MoveOperation.End)

    # Showing -----------------------------------------------------------------------

    def open(self, plan_id: str, plan_name: str, undo: Iterable[QAction] = ()) -> None:
        """Show the meeting of ``plan_id`` full screen, on the screen of the parent window."""
        for action in undo:
            if action not in self.actions():
                self.addAction(action)  # Ctrl+Z and Ctrl+Y reach the shared undo stack
        self.plan_id = plan_id
        self.plan_label.setText(plan_name)
        self._fill_sessions(prefer_upcoming=True)
        self.diagram.set_plan(plan_id)
        self._session_changed()
        parent = self.parentWidget()
        screen = parent.screen() if parent is not None else self.screen()
        self.setScreen(screen)
        # The screen's whole area even where no window manager applies the full-screen state.
        area = screen.geometry()
        self.setGeometry(area)
        self.apply_text_size()
        self.showFullScreen()
        self.activateWindow()
        if parent is not None:
            parent.hide()  # the plan list and menus are off screen; leave() shows them again
        width = area.width()
        self.splitter.setSizes([width * 25 // 100, width * 48 // 100, width * 27 // 100])
        self.diagram.zoom_to_fit()
        self.agenda.resume()
        self.finding.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def leave(self) -> None:
        """Back to the main window, as it was; a field being typed in saves first."""
        if self.new_session.isVisible():
            self.new_session.hide()
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            focused.clearFocus()
        self.ops.seal()
        self.agenda.pause()
        parent = self.parentWidget()
        if parent is not None:
            parent.show()  # before this hides: closing the last window would quit the app
            parent.activateWindow()
        self.hide()
        self.left.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.isVisible():
            self.leave()
        super().closeEvent(event)

    # Type size -----------------------------------------------------------------------

    @property
    def text_zoom(self) -> int:
        value = self._settings.value(TEXT_ZOOM_KEY, TEXT_ZOOM_DEFAULT)
        try:
            zoom = int(str(value))
        except ValueError:
            zoom = TEXT_ZOOM_DEFAULT
        return min(max(zoom, TEXT_ZOOM_RANGE[0]), TEXT_ZOOM_RANGE[1])

    def change_text_size(self, step: int) -> None:
        """Larger or smaller type (0: back to the default), remembered in the settings."""
        zoom = TEXT_ZOOM_DEFAULT if step == 0 else self.text_zoom + step
        zoom = min(max(zoom, TEXT_ZOOM_RANGE[0]), TEXT_ZOOM_RANGE[1])
        self._settings.setValue(TEXT_ZOOM_KEY, zoom)
        self.apply_text_size()

    def apply_text_size(self) -> None:
        screen = self.screen()
        height = screen.geometry().height() if screen is not None else 1080
        points = base_point_size(height) * self.text_zoom / 100
        font = QFont(self.font())
        font.setPointSizeF(points)
        self.setFont(font)
        title = QFont(font)
        title.setPointSizeF(points * 1.25)
        title.setBold(True)
        self.plan_label.setFont(title)
        hint = QFont(font)
        hint.setPointSizeF(max(points * 0.6, 9.0))
        self.hints.setFont(hint)

    # Sessions ------------------------------------------------------------------------

    @property
    def session_id(self) -> str | None:
        value = self.session_combo.currentData()
        return str(value) if value else None

    def _fill_sessions(self, *, prefer_upcoming: bool = False, choose: str | None = None) -> None:
        ws, plan_id = self.ops.ws, self.plan_id
        current = choose or (None if prefer_upcoming else self.session_id)
        sessions = session_titles(ws, plan_id) if plan_id else []
        if current not in {sid for sid, _, _ in sessions} and plan_id is not None:
            upcoming = next_session(ws, plan_id, self._today())
            current = upcoming.id if upcoming else None
        was = self.session_combo.blockSignals(True)
        self.session_combo.clear()
        if not sessions:
            self.session_combo.addItem("No sessions yet: Ctrl+Shift+N starts one", None)
        for sid, title, held_on in sessions:
            self.session_combo.addItem(f"{title} · {held_on or 'undated'}", sid)
        self.session_combo.setCurrentIndex(max(0, self.session_combo.findData(current)))
        self.session_combo.blockSignals(was)

    def _session_changed(self) -> None:
        sid, pid = self.session_id, self.plan_id
        self.agenda.set_session(pid, sid)
        for capture in (self.finding, self.decision):
            capture.plan_id, capture.session_id = pid, sid
        self.log.set_session(pid, sid)
        self._load_notes()
        self._highlight()
        writable = not self.ops.read_only
        self.finding.setEnabled(writable and pid is not None)
        self.decision.setEnabled(writable and sid is not None)
        self.close_review.setEnabled(writable and sid is not None)

    def _load_notes(self) -> None:
        sid = self.session_id
        self.binder.load(session_row(self.ops.ws, sid) if sid else None, sid, self.plan_id)
        if sid is None:
            self.notes.clear()
        self.notes.setReadOnly(sid is None or self.ops.read_only)

    def _highlight(self) -> None:
        self.diagram.set_highlight(self.agenda.component_under_discussion())

    def _on_changed(self, change: Change) -> None:
        if self.plan_id is None:
            return
        if change.touches("review_sessions"):
            before = self.session_id
            self._fill_sessions()
            if self.session_id != before:
                self._session_changed()
                return
            self._load_notes()
        if change.touches("agenda_items", "components", "review_sessions"):
            self._highlight()

    def ask_new_session(self) -> None:
        """Offer a title for a follow-up of the shown session (Enter starts it)."""
        if self.plan_id is None or self.ops.read_only:
            return
        row = session_row(self.ops.ws, self.session_id) if self.session_id else None
        self.new_session.setText(follow_up_title(row["title"] if row else None))
        self.new_session.show()
        self._focus(self.new_session)

    def start_session(self) -> str | None:
        """Start the new session, its agenda the open items of the shown one, and show it."""
        title = self.new_session.text().strip()
        if self.plan_id is None or not title:
            return None
        session_id = new_id()
        edit = meeting_edits.start_follow_up(
            self.plan_id, session_id, title, self._today(), self.session_id
        )
        if not self.ops.run(edit):
            return None
        self.new_session.hide()
        self._fill_sessions(choose=session_id)
        self._session_changed()
        self.finding.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return session_id

    def close_session(self) -> None:
        """Close the review with a milestone of the plan, named after it (one undo step)."""
        from sreplan.ui.bundle_actions import record_session_milestone

        if self.plan_id is None or self.session_id is None:
            return
        self.status.setText(record_session_milestone(self.ops, self.plan_id, self.session_id))

    def make_adr(self) -> int | None:
        return self.decision.make_adr(chosen_decision(self.log_view, self.log))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in the new-session title cancels it rather than leaving meeting mode."""
        if watched is self.new_session and event.type() in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    self.new_session.hide()
                    self.finding.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False


def toggle_meeting_mode(window: MainWindow) -> None:
    """View › Meeting Mode: open meeting mode for the selected plan, or leave it."""
    screen = window.findChild(MeetingScreen)
    if screen is not None and screen.isVisible():
        screen.leave()
        return
    if window.plan_id is None:
        window.statusBar().showMessage("Select a plan to run its review meeting.", 5000)
        return
    if screen is not None and screen.ops is not window.ops:  # another workspace since
        screen.deleteLater()
        screen = None
    if screen is None:
        screen = MeetingScreen(window.ops, window.settings, window)
    screen.open(window.plan_id, window.plan_name() or "", (window.undo_action, window.redo_action))
