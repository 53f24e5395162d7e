"""The History table widget: calm looks, columns that fit the window, a header menu.

Until the person drags a column edge, the columns share the width by weight so the note keeps a
readable share at any window size; once they do, their widths are kept (and remembered).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSettings,
    Qt,
)
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from wallwatch.ui.history_model import HEADERS, Column, HistoryModel, paint_pips

STATE_KEY = "history/header"
USER_SIZED_KEY = "history/columns_sized_by_hand"

# Columns whose content has a natural width.
_FIXED = {
    Column.WHEN: 126,
    Column.DIRECTION: 98,
    Column.INTENSITY: 68,
    Column.LONELINESS: 56,
    Column.RESENTMENT: 56,
    Column.CONNECTION: 62,
}
# Columns that share what is left: (weight, narrowest). The note, last, takes the rest.
_FLEX = {
    Column.PERSON: (0.6, 64),
    Column.FEARS: (0.9, 84),
    Column.BEHAVIOURS: (0.9, 84),
    Column.NOTE: (2.0, 120),
}


class _CalmDelegate(QStyledItemDelegate):
    """Cells without the dotted focus frame (the row highlight already shows where one is);
    intensity is drawn as pips in the colour of the text around it."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.state &= ~QStyle.StateFlag.State_HasFocus

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        if index.column() != Column.INTENSITY:
            return
        model = index.model()
        moment = model.moment_at(index.row()) if isinstance(model, HistoryModel) else None
        if moment is not None:
            selected = bool(option.state & QStyle.StateFlag.State_Selected)
            role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            paint_pips(painter, option.rect, moment.intensity, option.palette.color(role))


class HistoryTable(QTableView):
    def __init__(self, model: HistoryModel, view_state: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self._view_state = view_state
        self._fitting = False
        self._sized_by_hand = False
        self.setModel(model)
        self.setItemDelegate(_CalmDelegate(self))
        self.setAccessibleName("Moments")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(max(30, self.fontMetrics().height() + 16))
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionsMovable(False)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setMinimumSectionSize(40)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)
        header.sectionResized.connect(self._on_section_resized)
        self.viewport().installEventFilter(self)
        self._restore()
        self.show_sort_order(newest_first=True)

    def show_sort_order(self, *, newest_first: bool) -> None:
        order = Qt.SortOrder.DescendingOrder if newest_first else Qt.SortOrder.AscendingOrder
        self.horizontalHeader().setSortIndicator(Column.WHEN, order)

    # -- column widths -----------------------------------------------------------------------
    def fit_columns(self) -> None:
        """Share the width between columns by weight (unless the person sized them)."""
        if self._sized_by_hand:
            return
        shown = [c for c in Column if not self.isColumnHidden(c)]
        spare = self.viewport().width() - sum(_FIXED[c] for c in shown if c in _FIXED)
        flex = [c for c in shown if c in _FLEX]
        total = sum(_FLEX[c][0] for c in flex) or 1.0
        self._fitting = True
        try:
            for column in shown:
                if column in _FIXED:
                    self.setColumnWidth(column, _FIXED[column])
                elif column is not Column.NOTE:  # the last section stretches by itself
                    weight, narrowest = _FLEX[column]
                    self.setColumnWidth(column, max(narrowest, int(spare * weight / total)))
        finally:
            self._fitting = False

    def reset_columns(self) -> None:
        self._sized_by_hand = False
        self._fitting = True
        try:
            for column in Column:
                self.setColumnHidden(column, False)
        finally:
            self._fitting = False
        self.fit_columns()

    @property
    def sized_by_hand(self) -> bool:
        return self._sized_by_hand

    def _on_section_resized(self, section: int, _old: int, _new: int) -> None:
        # The stretching last section resizes itself with the window: that is not the person.
        if not self._fitting and section != Column.NOTE and self.horizontalHeader().isVisible():
            self._sized_by_hand = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    # -- header menu: which columns show -----------------------------------------------------
    def header_menu(self) -> QMenu:
        menu = QMenu(self)
        for column in Column:
            if column in (Column.WHEN, Column.NOTE):
                continue  # without these a row means nothing
            action = menu.addAction(HEADERS[column][0])
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(column))
            action.toggled.connect(lambda on, c=column: self._show_column(c, on))
        menu.addSeparator()
        menu.addAction("Reset columns", self.reset_columns)
        return menu

    def _show_column(self, column: Column, shown: bool) -> None:
        self._fitting = True
        try:
            self.setColumnHidden(column, not shown)
        finally:
            self._fitting = False
        self.fit_columns()

    def _on_header_menu(self, pos: QPoint) -> None:
        menu = self.header_menu()
        menu.exec(self.horizontalHeader().mapToGlobal(pos))
        menu.deleteLater()

    # -- remembered between runs -------------------------------------------------------------
    def _restore(self) -> None:
        for column, width in _FIXED.items():
            self.setColumnWidth(column, width)
        state = self._view_state.value(STATE_KEY)
        if state is not None:
            self._fitting = True
            try:
                self.horizontalHeader().restoreState(state)
            finally:
                self._fitting = False
        self._sized_by_hand = str(self._view_state.value(USER_SIZED_KEY, "false")) == "true"

    def remember(self) -> None:
        self._view_state.setValue(STATE_KEY, self.horizontalHeader().saveState())
        self._view_state.setValue(USER_SIZED_KEY, "true" if self._sized_by_hand else "false")
