"""The main window: navigation, menus and shortcuts. It wires areas together and holds no
feature logic; journal switching and start-up belong to ``wallwatch.app``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from wallwatch import APP_NAME
from wallwatch.ui.area import Area
from wallwatch.ui.context import AreaContext, JournalEvents
from wallwatch.ui.worker import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QPaintEvent

    from wallwatch.services import Journal
    from wallwatch.ui.areas import Areas

# (key, title, shortcut). Areas are built from ui.areas once a journal is open.
NAVIGATION = (
    ("log", "Log", "Ctrl+1"),
    ("history", "History", "Ctrl+2"),
    ("weekly", "Weekly", "Ctrl+3"),
    ("patterns", "Patterns", "Ctrl+4"),
    ("steps", "Steps", "Ctrl+5"),
    ("settings", "Settings", "Ctrl+,"),
)


NAV_STYLE = """
QListWidget#navigation { border: none; padding-top: 14px; background: palette(alternate-base); }
QListWidget#navigation::item { padding-left: 14px; margin: 2px 10px; border-radius: 6px; }
QListWidget#navigation::item:hover:!selected { background: palette(midlight); }
QListWidget#navigation::item:selected { background: palette(highlight);
                                        color: palette(highlighted-text); }
"""


class MessagePage(QWidget):
    """A quiet full-page message: shown while the journal opens, or when it cannot be."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        # The heading is centred by stretches, not setAlignment(): this page shows before the
        # first paint, and the first use of PySide6's ``Qt`` namespace (AlignCenter lives
        # there) costs ~20 ms of start-up. The body is only ever set later.
        self.heading = QLabel(self)
        self.heading.setObjectName("messageHeading")
        self.body = QLabel(self)
        self.body.setWordWrap(True)
        heading_row = QHBoxLayout()
        heading_row.addStretch(1)
        heading_row.addWidget(self.heading)
        heading_row.addStretch(1)
        layout.addLayout(heading_row)
        layout.addWidget(self.body)
        self.actions_row = QHBoxLayout()
        self.actions_row.addStretch(1)
        self.actions_row.addStretch(1)
        layout.addLayout(self.actions_row)
        layout.addStretch(2)

    def show_message(self, heading: str, body: str) -> None:
        self.heading.setText(heading)
        self.body.setText(body)
        if body:  # an explanation people may want to copy
            from PySide6.QtCore import Qt

            self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


class MainWindow(QMainWindow):
    sig_first_paint = Signal()
    sig_switch_journal = Signal(bool)  # True: the demo journal; False: the person's own
    sig_area_changed = Signal(str)

    def __init__(self, view_state: QSettings, icon: QIcon | None = None) -> None:
        super().__init__()
        self.view_state = view_state
        self.setWindowTitle(APP_NAME)
        if icon is not None:
            self.setWindowIcon(icon)
        self.setMinimumSize(QSize(760, 520))
        self.undo_stack = QUndoStack(self)
        self.events = JournalEvents(self)
        self.tasks = TaskRunner(self)
        self.ctx: AreaContext | None = None
        self.areas: Areas | dict[str, Area] = {}
        self._painted = False
        self._menus_filled = False
        self._extra_file_actions: list[tuple[QAction, str]] = []
        self._build_shell()
        self._build_menus()
        self._restore_geometry()

    # -- layout ------------------------------------------------------------------------------
    def _build_shell(self) -> None:
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.nav = QListWidget(central)
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(150)
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setAccessibleName("Areas")
        self.nav.setStyleSheet(NAV_STYLE)
        for _key, title, shortcut in NAVIGATION:
            item = QListWidgetItem(title)  # row i is NAVIGATION[i]
            item.setToolTip(f"{title} ({QKeySequence(shortcut).toString()})")
            item.setSizeHint(QSize(130, 38))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._on_nav_row_changed)
        self.stack = QStackedWidget(central)
        self.message_page = MessagePage(self.stack)
        self.message_page.show_message("Opening your journal…", "")
        self.stack.addWidget(self.message_page)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.setEnabled(False)

    def _action(
        self,
        menu: QMenu,
        text: str,
        shortcut: str | QKeySequence.StandardKey | None,
        slot: Callable[[], object],
        *,
        needs_journal: bool = True,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        action.setProperty("needs_journal", needs_journal)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        """The menu titles now; their actions once the window has painted (see
        :meth:`ensure_menus`): the first shortcut set makes PySide6 build its whole ``Qt``
        namespace, ~20 ms that need not come before the window appears."""
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.edit_menu = bar.addMenu("&Edit")
        self.view_menu = bar.addMenu("&View")
        self.help_menu = bar.addMenu("&Help")

    @property
    def menus_filled(self) -> bool:
        return self._menus_filled

    def ensure_menus(self) -> None:
        """Fill the menus (once): right after the first paint, or sooner when needed."""
        if self._menus_filled:
            return
        self._menus_filled = True
        self._fill_menus()
        for action, shortcut in self._extra_file_actions:
            self._insert_file_action(action, shortcut)
        self._set_journal_actions_enabled(self.ctx is not None)

    def add_file_action(self, action: QAction, shortcut: str) -> None:
        """Put ``action`` in the File menu just above Quit, with ``shortcut`` (for the app's
        wiring, e.g. "Lock now"); it works from when the menus are filled."""
        self.addAction(action)
        if self._menus_filled:
            self._insert_file_action(action, shortcut)
        else:
            self._extra_file_actions.append((action, shortcut))

    def _insert_file_action(self, action: QAction, shortcut: str) -> None:
        action.setShortcut(QKeySequence(shortcut))
        actions = self.file_menu.actions()
        self.file_menu.insertAction(actions[-1] if actions else None, action)

    def _fill_menus(self) -> None:
        file_menu, edit_menu = self.file_menu, self.edit_menu
        view_menu, help_menu = self.view_menu, self.help_menu
        self.act_new = self._action(file_menu, "&New moment", "Ctrl+N", self.new_moment)
        self.act_export = self._action(file_menu, "&Export CSV…", "Ctrl+E", self.export_csv)
        self.act_report = self._action(
            file_menu, "Export &report…", "Ctrl+Shift+E", self.export_report
        )
        file_menu.addSeparator()
        self.act_demo = self._action(
            file_menu, "Explore the &demo journal", None, lambda: self.sig_switch_journal.emit(True)
        )
        self.act_real = self._action(
            file_menu, "Return to &my journal", None, lambda: self.sig_switch_journal.emit(False)
        )
        file_menu.addSeparator()
        self._action(
            file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close, needs_journal=False
        )

        self.act_undo = self.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.act_redo = self.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.act_undo)
        edit_menu.addAction(self.act_redo)
        edit_menu.addSeparator()
        self.act_find = self._action(edit_menu, "&Find in history…", "Ctrl+F", self.find)

        self.area_actions: dict[str, QAction] = {}
        for key, title, shortcut in NAVIGATION:
            self.area_actions[key] = self._action(
                view_menu, title, shortcut, lambda k=key: self.show_area(k)
            )

        self._action(
            help_menu, "WallWatch &help and about", "F1", self.show_help, needs_journal=False
        )

    def _set_journal_actions_enabled(self, enabled: bool) -> None:
        for action in self.findChildren(QAction):
            if action.property("needs_journal"):
                action.setEnabled(enabled)
        self.nav.setEnabled(enabled)
        if enabled and self.ctx is not None:
            self.act_demo.setVisible(not self.ctx.is_demo)
            self.act_real.setVisible(self.ctx.is_demo)

    # -- journal -----------------------------------------------------------------------------
    def attach(self, journal: Journal, *, is_demo: bool) -> None:
        """Build the areas over an open journal (called by the app once it has opened)."""
        from wallwatch.ui.areas import Areas

        self.detach()
        self.ensure_menus()
        self.ctx = AreaContext(
            journal, is_demo, self.events, self.undo_stack, self.tasks, self.view_state
        )
        from wallwatch.domain.settings import THEME
        from wallwatch.ui.theme import follow_journal_theme

        follow_journal_theme(str(journal.settings.get(THEME)))  # before the first area shows
        self.areas = Areas(self.ctx, self.stack)  # each area is built when first shown
        title = APP_NAME
        if is_demo:
            title += " — DEMO journal (sample data, not yours)"
        self.setWindowTitle(title)
        self._set_journal_actions_enabled(True)
        last = str(self.view_state.value("window/area", "log"))
        self.show_area(last if last in self.areas else "log")

    def journal_ready(self) -> None:
        """The journal is fully open: build what must run without being shown (Settings keeps
        the daily reminder)."""
        if self.ctx is not None and not isinstance(self.areas, dict):
            self.areas["settings"]

    def detach(self) -> None:
        """Remove the areas (before the app closes or switches journals)."""
        # Let running work finish and deliver its results while the areas still exist.
        self.tasks.wait()
        QCoreApplication.sendPostedEvents()
        for area in self._built_areas().values():
            area.shutdown()
            self.stack.removeWidget(area)
            area.deleteLater()
        self.areas = {}
        self.ctx = None
        self.undo_stack.clear()
        self._set_journal_actions_enabled(False)

    def show_problem(self, heading: str, body: str) -> None:
        self.detach()
        self.message_page.show_message(heading, body)
        self.stack.setCurrentWidget(self.message_page)

    def show_page(self, page: QWidget) -> None:
        """Show a full page in place of the areas (the recovery page); its owner deletes it."""
        self.detach()
        self.ensure_menus()
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)

    # -- navigation and actions --------------------------------------------------------------
    def _built_areas(self) -> dict[str, Area]:
        areas = self.areas
        return areas.built() if not isinstance(areas, dict) else dict(areas)

    def current_area_key(self) -> str | None:
        widget = self.stack.currentWidget()
        for key, area in self._built_areas().items():
            if area is widget:
                return key
        return None

    def show_area(self, key: str) -> Area | None:
        if key not in self.areas:
            return None
        area = self.areas[key]
        keys = [k for k, _t, _s in NAVIGATION]
        if key in keys and self.nav.currentRow() != keys.index(key):
            self.nav.setCurrentRow(keys.index(key))  # re-enters via _on_nav_row_changed
            return area
        self.stack.setCurrentWidget(area)
        self.view_state.setValue("window/area", key)
        area.on_shown()
        self.sig_area_changed.emit(key)
        return area

    def _on_nav_row_changed(self, row: int) -> None:
        if 0 <= row < len(NAVIGATION):
            self.show_area(NAVIGATION[row][0])

    def new_moment(self) -> None:
        area = self.show_area("log")
        if area is not None:
            area.begin_new_moment()

    def find(self) -> None:
        area = self.show_area("history")
        if area is not None:
            area.focus_search()

    def export_csv(self) -> None:
        if self.ctx is None:
            return
        from wallwatch.ui.export_dialog import ExportDialog

        ExportDialog(self.ctx, self).open()

    def export_report(self) -> None:
        if self.ctx is None:
            return
        from wallwatch.ui.report_dialog import ReportDialog

        ReportDialog(self.ctx, self).open()

    def show_help(self) -> None:
        from wallwatch.ui.about import AboutDialog

        AboutDialog(self).open()

    # -- window state ------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.view_state.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1040, 720)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.ensure_menus)
            self.sig_first_paint.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.view_state.setValue("window/geometry", self.saveGeometry())
        key = self.current_area_key()
        if key:
            self.view_state.setValue("window/area", key)
        self.view_state.sync()
        self.detach()
        super().closeEvent(event)
