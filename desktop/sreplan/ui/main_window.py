"""The main window: the plan list, the section editors, menus, undo and the status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSettings,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sreplan.features import create_workspace, open_workspace
from sreplan.kernel import Workspace, WorkspaceError
from sreplan.kernel.lock import is_locked_elsewhere
from sreplan.kernel.workspace import SUFFIX
from sreplan.plans.store import plan_name
from sreplan.ui import bundle_actions, dialogs
from sreplan.ui.navigation import SectionNavigation, ShortcutsDialog, shortcut_rows
from sreplan.ui.operations import Change, Operations
from sreplan.ui.plan_actions import PlanActions
from sreplan.ui.plan_list import PlanFilterModel, PlanListModel
from sreplan.ui.sections import MENU_ENTRIES, SECTIONS, SectionContext, load
from sreplan.ui.views import TableView

MAX_RECENT = 8
FILE_FILTER = f"SRE Plan workspaces (*{SUFFIX});;All files (*)"


class MainWindow(QMainWindow):
    def __init__(self, ws: Workspace, settings: QSettings) -> None:
        super().__init__()
        self.settings = settings
        self.undo_group = QUndoGroup(self)
        self.ws = ws
        self.ops = Operations(ws, self)
        self.plan_id: str | None = None
        self._editors: dict[str, QWidget] = {}
        self.setAcceptDrops(True)
        self.setMinimumSize(720, 480)
        self._build_widgets()
        self.plan_actions = PlanActions(self)
        self._build_menus()
        self._attach(ws)
        self._restore_state()

    # Construction ----------------------------------------------------------

    def _build_widgets(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search plans by name, team or status")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search plans")
        self.plan_view = TableView()
        self.plan_view.setAccessibleName("Plans")
        self.plan_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.plan_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.plan_view.setSortingEnabled(True)
        self.plan_view.verticalHeader().hide()
        self.plan_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.plan_view.setWordWrap(False)
        # Arrows only highlight; Enter, Space or a click shows the highlighted plan, so
        # walking the list from the keyboard never switches plans behind the user's back.
        self.plan_view.activated.connect(self._pick_plan)
        self.plan_view.clicked.connect(self._pick_plan)
        self.plan_view.installEventFilter(self)
        self.new_plan_button = QPushButton("New Plan")
        self.new_plan_button.setAccessibleName("New plan")
        self.portfolio_button = QPushButton("Portfolio: All Plans")
        self.portfolio_button.setToolTip("Every plan at a glance (shown when no plan is selected)")
        self.portfolio_button.clicked.connect(lambda: self.select_plan(None))
        left_layout.addWidget(self.portfolio_button)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.plan_view, 1)
        left_layout.addWidget(self.new_plan_button)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Plan sections")
        for section in SECTIONS:
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(holder, section.title)
        self.tabs.currentChanged.connect(self._ensure_editor)

        self.empty = QLabel()
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(self.tabs)
        self.portfolio: QWidget | None = None  # built when first shown

        self.banner = QLabel()
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Workspace notice")
        self.reopen_button = QPushButton("Reopen for Editing")
        self.reopen_button.setToolTip("The other window or program has let go of the file.")
        self.reopen_button.clicked.connect(self.reopen_for_editing)
        self.reopen_button.hide()
        self.banner_box = QFrame()
        self.banner_box.setObjectName("notice")
        self.banner_box.setStyleSheet(
            "QFrame#notice { background: #fff3cd; } QFrame#notice QLabel { color: #5c4400; }"
        )
        banner_row = QHBoxLayout(self.banner_box)
        banner_row.setContentsMargins(8, 4, 8, 4)
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.reopen_button)
        self.banner_box.hide()
        # While another writer holds the file, look now and then whether it let go.
        self.lock_watch = QTimer(self)
        self.lock_watch.setInterval(2000)
        self.lock_watch.timeout.connect(self._check_lock)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([340, 940])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner_box)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.path_label = QLabel()
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.saved_label = QLabel()
        self.saved_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.path_label, 1)
        self.statusBar().addPermanentWidget(self.saved_label)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "&New Workspace…", self.new_workspace)
        self._action(file_menu, "&Open…", self.choose_and_open, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        file_menu.addSeparator()
        self._action(file_menu, "Save a &Copy As…", self.save_copy, QKeySequence.StandardKey.SaveAs)
        self._action(file_menu, "&Import Plans…", self.import_plans)
        file_menu.addSeparator()
        self._action(
            file_menu, "Export Plan as &Folder…", lambda: bundle_actions.export_folder(self)
        )
        self._action(
            file_menu, "Import Plan from Fol&der…", lambda: bundle_actions.import_folder(self)
        )
        self.file_menu = file_menu
        self._extra_file_separator = file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit_menu = bar.addMenu("&Edit")
        # Our own actions, not QUndoGroup's: Operations reverts first and moves the
        # stack only when that worked, so a failed undo leaves the stack in step.
        undo = QAction("&Undo", self)
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        undo.triggered.connect(lambda: self.ops.undo())
        redo = QAction("&Redo", self)
        redo.setShortcuts(QKeySequence.StandardKey.Redo)
        redo.triggered.connect(lambda: self.ops.redo())
        undo.setEnabled(False)
        redo.setEnabled(False)
        self.undo_group.canUndoChanged.connect(undo.setEnabled)
        self.undo_group.canRedoChanged.connect(redo.setEnabled)
        self.undo_group.undoTextChanged.connect(
            lambda text: undo.setText(f"&Undo {text}" if text else "&Undo")
        )
        self.undo_group.redoTextChanged.connect(
            lambda text: redo.setText(f"&Redo {text}" if text else "&Redo")
        )
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        edit_menu.addSeparator()
        self._action(edit_menu, "&Find Plan", self._focus_search, QKeySequence.StandardKey.Find)

        self.view_menu = bar.addMenu("&View")
        self.navigation = SectionNavigation(self, self.tabs, self.view_menu)
        # Features' View entries (e.g. a meeting mode) follow, after a separator.
        self.view_menu.addSeparator()

        self.plan_menu = bar.addMenu("&Plan")
        self.plan_actions.install(self.plan_menu)
        self.plan_menu.addSeparator()
        self._action(
            self.plan_menu, "Record &Milestone…", lambda: bundle_actions.record_milestone(self)
        )
        self._action(
            self.plan_menu, "C&hanges Since Milestone…", lambda: bundle_actions.show_changes(self)
        )
        self.new_plan_button.clicked.connect(self.plan_actions.new_plan)

        menus = {"file": file_menu, "view": self.view_menu, "plan": self.plan_menu}
        for entry in MENU_ENTRIES:
            target = menus[entry.menu]
            action = QAction(entry.text, self)
            if entry.shortcut:
                action.setShortcuts(QKeySequence.listFromString(entry.shortcut))
            action.triggered.connect(lambda _c=False, h=entry.handler: load(h)(self))
            if target is file_menu:
                target.insertAction(self._extra_file_separator, action)
            else:
                target.addAction(action)

        help_menu = bar.addMenu("&Help")
        self.shortcuts_action = self._action(help_menu, "&Keyboard Shortcuts", self.show_shortcuts)
        self.shortcuts_action.setShortcut(QKeySequence("F1"))
        self.shortcuts_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        help_menu.addSeparator()
        self._action(help_menu, "&About SRE Plan", self.about)

    def _action(
        self, menu: QMenu, text: str, slot: object, shortcut: QKeySequence.StandardKey | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        menu.addAction(action)
        return action

    # Workspace ---------------------------------------------------------------

    def _attach(self, ws: Workspace) -> None:
        """Show ``ws``: new operations, models and editors; the old ones are dropped."""
        self.ws = ws
        old_ops = self.ops
        self.ops = Operations(ws, self)
        if old_ops is not self.ops:
            old_ops.close()
            self.undo_group.removeStack(old_ops.stack)
            old_ops.deleteLater()
        self.undo_group.addStack(self.ops.stack)
        self.undo_group.setActiveStack(self.ops.stack)
        self.ops.changed.connect(self._on_changed)
        self.ops.failed.connect(lambda message: dialogs.show_error(self, "Not saved", message))
        self.plans = PlanListModel(ws)
        self.proxy = PlanFilterModel()
        self.proxy.setSourceModel(self.plans)
        self.plan_view.setModel(self.proxy)
        self.plan_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.plan_view.horizontalHeader()
        # Team and status fit their text; the name takes the rest (eliding, with a
        # tooltip; the shown plan's name is also the window title).
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        for index in range(self.tabs.count()):
            holder = self.tabs.widget(index)
            layout = holder.layout()
            while layout.count():
                item = layout.takeAt(0)
                if item.widget():
                    item.widget().deleteLater()
        self._editors.clear()
        if self.portfolio is not None:
            self.right.removeWidget(self.portfolio)
            self.portfolio.deleteLater()
            self.portfolio = None
        self.banner.setText(ws.notice or "")
        self.banner_box.setVisible(bool(ws.notice))
        self.reopen_button.hide()
        if ws.locked_elsewhere:
            self.lock_watch.start()
        else:
            self.lock_watch.stop()
        self.plan_actions.set_read_only(ws.read_only)
        self.plan_id = None
        first = self.proxy.index(0, 0)
        if first.isValid() and self.proxy.rowCount() == 1:
            self.select_plan(first.data(Qt.ItemDataRole.UserRole))
        else:  # several plans (or none): the workspace opens on the portfolio
            self._show_plan(None)
        self._update_status()
        self._remember_recent(ws.path)

    def open_path(self, path: Path | str, *, create: bool = False) -> bool:
        """Open another workspace in this window; on failure keep the current one."""
        path = Path(path).expanduser().absolute()
        if path == self.ws.path:
            return True
        try:
            ws = open_workspace(path, create=create)
        except WorkspaceError as exc:
            dialogs.show_error(self, "Cannot open workspace", str(exc))
            return False
        self.commit_pending_edit()
        old = self.ws
        self._attach(ws)
        old.close()
        return True

    def _check_lock(self) -> None:
        """Offer Reopen for Editing once the other writer has let go of the file."""
        if not self.ws.locked_elsewhere:
            self.lock_watch.stop()
            return
        free = not is_locked_elsewhere(self.ws.path)
        if free and not self.reopen_button.isVisible():
            self.banner.setText(
                f"{self.ws.path.name} is no longer open elsewhere. Reopen it to make changes."
            )
        self.reopen_button.setVisible(free)

    def reopen_for_editing(self) -> None:
        """Swap the read-only copy for the file itself, now that nobody else writes it."""
        try:
            ws = open_workspace(self.ws.path)
        except WorkspaceError as exc:
            dialogs.show_error(self, "Cannot reopen", str(exc))
            return
        if ws.read_only:
            ws.close()
            self._check_lock()
            return
        plan = self.plan_id
        old = self.ws
        self._attach(ws)
        old.close()
        if plan is not None:
            self.select_plan(plan)

    def choose_and_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open Workspace", str(self.ws.path.parent), FILE_FILTER
        )
        if path:
            self.open_path(path)

    def new_workspace(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New Workspace", str(self.ws.path.parent), FILE_FILTER
        )
        if not path:
            return
        target = Path(path)
        if target.suffix != SUFFIX:
            target = target.with_suffix(SUFFIX)
        if target.absolute() == self.ws.path:
            dialogs.show_error(
                self, "New Workspace", "That workspace is open; choose another name."
            )
            return
        try:
            create_workspace(target, overwrite=True)
        except WorkspaceError as exc:
            dialogs.show_error(self, "New Workspace", str(exc))
            return
        self.open_path(target)

    def save_copy(self) -> None:
        suggestion = self.ws.path.with_name(f"{self.ws.path.stem} copy{SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self, "Save a Copy As", str(suggestion), FILE_FILTER)
        if path:
            try:
                self.ws.save_copy(Path(path))
            except WorkspaceError as exc:
                dialogs.show_error(self, "Save a Copy", str(exc))
                return
            self.statusBar().showMessage(f"Saved a copy as {path}", 5000)

    def import_plans(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import Plans", str(self.ws.path.parent), FILE_FILTER
        )
        if path:
            self.plan_actions.import_from(Path(path))

    # Plans -------------------------------------------------------------------

    def select_plan(self, plan_id: str | None) -> None:
        if plan_id is None:
            self.plan_view.clearSelection()
            # No current row either, so clicking the plan that was open opens it again.
            self.plan_view.selectionModel().setCurrentIndex(
                QModelIndex(), QItemSelectionModel.SelectionFlag.Clear
            )
            self._show_plan(None)
            return
        row = self.plans.row_of(plan_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.plans.index(row, 0))
        if not index.isValid():  # filtered out: clear the search so the plan shows
            self.search.clear()
            index = self.proxy.mapFromSource(self.plans.index(row, 0))
        self._highlight(index)
        self._show_plan(plan_id)

    def _highlight(self, index: QModelIndex) -> None:
        self.plan_view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.plan_view.scrollTo(index)

    def pick_highlighted_plan(self) -> None:
        """With focus in the plan list, a command acts on the highlighted plan: show it
        first, so the confirmation names the plan the user is looking at."""
        if self.plan_view.hasFocus():
            self._pick_plan(self.plan_view.currentIndex())

    def _pick_plan(self, index: QModelIndex) -> None:
        """The user chose the highlighted plan (Enter, Space or a click): show it."""
        plan_id = index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        if plan_id is not None and plan_id != self.plan_id:
            self._show_plan(plan_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.plan_view:
            if event.type() == QEvent.Type.KeyPress:
                assert isinstance(event, QKeyEvent)
                if event.key() == Qt.Key.Key_Space and not event.modifiers():
                    self._pick_plan(self.plan_view.currentIndex())
                    return True
            elif event.type() == QEvent.Type.FocusOut and self.plan_id is not None:
                # Left without choosing: the highlight goes back to the plan shown.
                row = self.plans.row_of(self.plan_id)
                index = self.proxy.mapFromSource(self.plans.index(row, 0))
                if index.isValid() and index.row() != self.plan_view.currentIndex().row():
                    self._highlight(index)
        return super().eventFilter(watched, event)

    def _show_plan(self, plan_id: str | None) -> None:
        self.plan_id = plan_id
        self.plans.set_shown(plan_id)
        self.navigation.set_enabled(plan_id is not None)
        if plan_id is None and self.plans.rowCount():
            self.right.setCurrentWidget(self._portfolio_view())
        elif plan_id is None:
            self.empty.setText("No plans yet. Create one with Plan › New Plan (Ctrl+N).")
            self.right.setCurrentWidget(self.empty)
        else:
            self.right.setCurrentWidget(self.tabs)
            self._ensure_editor(self.tabs.currentIndex())
        for editor in self._editors.values():
            editor.set_plan(plan_id)  # type: ignore[attr-defined]
        self.plan_actions.set_plan(plan_id)
        self._update_title()

    def _portfolio_view(self) -> QWidget:
        """The workspace's portfolio, the view when no plan is selected (built on first use)."""
        if self.portfolio is None:
            from sreplan.portfolio.ui.view import PortfolioView

            view = PortfolioView(self.ops)
            view.open_plan.connect(self.select_plan)
            self.right.addWidget(view)
            self.portfolio = view
        return self.portfolio

    def _ensure_editor(self, index: int) -> None:
        if index < 0 or self.plan_id is None:
            return
        section = SECTIONS[index]
        if section.key in self._editors:
            return
        editor = load(section.factory)(SectionContext(self.ops, self))
        # A scroll area is not a Tab stop of its own (nothing shows focus there); the
        # fields inside are, and it scrolls them into view.
        for area in [editor, *editor.findChildren(QScrollArea)]:
            if isinstance(area, QScrollArea):
                area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.widget(index).layout().addWidget(editor)
        self._editors[section.key] = editor
        editor.set_plan(self.plan_id)

    def editor(self, key: str) -> QWidget:
        """The editor of a section, created if needed (and shown)."""
        for index, section in enumerate(SECTIONS):
            if section.key == key:
                self.tabs.setCurrentIndex(index)
                self._ensure_editor(index)
                return self._editors[key]
        raise KeyError(key)

    def reveal_record(self, key: str, record_id: str) -> None:
        """Open a record in its own section (the Actions section's link back): the section
        is shown, and selects the record when it offers ``reveal(record_id)``."""
        editor = self.editor(key)
        reveal = getattr(editor, "reveal", None)
        if reveal is not None and record_id:
            reveal(record_id)

    def _on_changed(self, change: Change) -> None:
        if change.touches("plans"):
            current = self.plan_id
            self.plans.reload()
            if change.plan_id is not None and self.plans.row_of(change.plan_id) >= 0:
                self.select_plan(change.plan_id)  # e.g. the plan an undo just brought back
            elif current is not None and self.plans.row_of(current) >= 0:
                self.select_plan(current)
            else:
                first = self.proxy.index(0, 0)
                self.select_plan(first.data(Qt.ItemDataRole.UserRole) if first.isValid() else None)
        self._update_status()
        self._update_title()

    def plan_name(self) -> str | None:
        if self.plan_id is None:
            return None
        return plan_name(self.ws, self.plan_id)

    # Chrome ------------------------------------------------------------------

    def _update_title(self) -> None:
        parts = [p for p in (self.plan_name(), self.ws.path.name, "SRE Plan") if p]
        title = " — ".join(parts)
        self.setWindowTitle(f"{title} [read-only]" if self.ws.read_only else title)

    def _update_status(self) -> None:
        self.path_label.setText(str(self.ws.path))
        if self.ws.read_only:
            self.saved_label.setText("Read-only")
        elif self.ws.last_saved is not None:
            local = self.ws.last_saved.astimezone()
            self.saved_label.setText(f"All changes saved at {local:%H:%M:%S}")
        else:
            self.saved_label.setText("All changes are saved as you edit")

    def show_shortcuts(self) -> None:
        """List every shortcut the window's actions carry (nothing kept by hand)."""
        extra = [a for a in self.findChildren(QAction) if a.shortcuts()]
        ShortcutsDialog(shortcut_rows(self.menuBar(), extra), self).exec()

    def about(self) -> None:
        dialogs.show_about(self, str(self.ws.path), self.plan_name())

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _remember_recent(self, path: Path) -> None:
        recent = [p for p in self.recent_files() if p != str(path)]
        recent.insert(0, str(path))
        self.settings.setValue("recent_files", recent[:MAX_RECENT])
        self._fill_recent_menu()

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_files():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(self.recent_files()))

    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(self._default_size())
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def _default_size(self) -> QSize:
        """1280×820, or what a smaller screen has room for (less a title bar): on a
        1280×800 laptop every pixel of width goes to the tables."""
        size = QSize(1280, 820)
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry().size()
            size = size.boundedTo(QSize(available.width(), available.height() - 40))
        return size.expandedTo(self.minimumSize())

    def commit_pending_edit(self) -> None:
        """Let an open cell editor or field save before its workspace goes away."""
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            focused.clearFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.commit_pending_edit()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()
        super().closeEvent(event)
        self.hide()
        self.ops.close()
        self.ws.close()

    # Drag and drop -------------------------------------------------------------

    @staticmethod
    def _dropped_workspace(event: QDragEnterEvent | QDropEvent) -> str | None:
        for url in event.mimeData().urls():
            if url.isLocalFile() and url.toLocalFile().endswith(SUFFIX):
                return url.toLocalFile()
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_workspace(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_workspace(event)
        if path:
            event.acceptProposedAction()
            self.open_path(path)
