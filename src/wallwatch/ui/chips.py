"""Toggle chips for fears, behaviours and body signals, with type-to-filter and inline "+ add".

The picker is one tab stop (its filter box): Tab moves through a form quickly, arrow keys move
among the chips, Space or Enter toggles one, and typing anywhere in it goes to the filter.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QWidget,
    QWidgetItem,
)


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved ``t`` of the way towards ``b`` (for borders and tints that follow the theme)."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def paint_pill(
    painter: QPainter,
    rect: QRectF,
    palette: QPalette,
    *,
    checked: bool,
    hovered: bool = False,
    accent: QColor | None = None,
    dashed: bool = False,
    radius: float | None = None,
) -> QColor:
    """Fill and outline a rounded shape in the palette's colours; returns the text colour."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    fill_colour = accent or palette.color(QPalette.ColorRole.Highlight)
    r = rect.height() / 2 if radius is None else radius
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if checked:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill_colour.lighter(108) if hovered else fill_colour)
        painter.drawRoundedRect(rect, r, r)
        return QColor("#ffffff")
    pen = QPen(mix(base, text, 0.45 if hovered else 0.28), 1.0)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    # Unchosen chips are outlines, so they sit calmly on whatever surface holds them.
    painter.setBrush(mix(base, text, 0.08) if hovered else Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), r, r)
    return text


def paint_focus_ring(painter: QPainter, rect: QRectF, palette: QPalette, radius: float) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), radius, radius)


class FlowLayout(QLayout):
    """Lays items left to right, wrapping to new rows (Qt has no built-in flow layout)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        # Qt asks heightForWidth many times per layout pass; arranging dozens of chips each
        # time was a third of building the Log. Forgotten whenever the layout is invalidated.
        self._heights: dict[int, int] = {}
        self.setContentsMargins(0, 0, 0, 0)

    def invalidate(self) -> None:
        self._heights.clear()
        super().invalidate()

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def insert_widget(self, index: int, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._arrange(QRect(0, 0, width, 0), apply=False)
        return height

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        """Place the visible items in rows (each centred on its row); returns the height."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        rows: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = area.x()
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            if rows[-1] and x + hint.width() > area.right() + 1:
                rows.append([])
                x = area.x()
            rows[-1].append((item, hint))
            x += hint.width() + self._spacing
        y = area.y()
        for row in rows:
            height = max((h.height() for _i, h in row), default=0)
            x = area.x()
            for item, hint in row:
                if apply:
                    item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2), hint))
                x += hint.width() + self._spacing
            y += height + self._spacing
        return max(0, y - self._spacing - rect.y()) + m.bottom()


class Chip(QAbstractButton):
    """One toggle chip. ``new`` chips (typed inline, not yet in the journal) get a dashed edge."""

    def __init__(self, text: str, parent: QWidget | None = None, *, new: bool = False) -> None:
        super().__init__(parent)
        self.setText(text)
        self.new = new
        self.setCheckable(True)
        # Chips are reached with the arrow keys, not Tab: the picker is one tab stop.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.toggled.connect(self._update_accessible)
        self._update_accessible()

    def _update_accessible(self) -> None:
        state = "chosen" if self.isChecked() else "not chosen"
        extra = ", new" if self.new else ""
        self.setAccessibleName(f"{self.text()}, {state}{extra}")

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(fm.horizontalAdvance(f"✓ {self.text()}") + 24, fm.height() + 12)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.toggle()
            return
        super().keyPressEvent(event)

    def label(self) -> str:
        # A check mark shows the choice without relying on colour.
        return f"✓ {self.text()}" if self.isChecked() else self.text()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        pal = self.palette()
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        if self.isChecked():
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            highlight = pal.color(QPalette.ColorRole.Highlight)
            base = pal.color(QPalette.ColorRole.Base)
            painter.setPen(QPen(highlight, 1.2))
            painter.setBrush(mix(base, highlight, 0.32 if self.underMouse() else 0.22))
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), rect.height() / 2, 9999)
            fg = pal.color(QPalette.ColorRole.Text)
        else:
            fg = paint_pill(
                painter, rect, pal, checked=False, hovered=self.underMouse(), dashed=self.new
            )
        if self.hasFocus():
            paint_focus_ring(painter, QRectF(self.rect()), pal, rect.height() / 2 + 1)
        painter.setPen(fg)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.label())


class ChipPicker(QWidget):
    """Choose any number of names from suggestions, or add new ones by typing them."""

    sig_changed = Signal()

    def __init__(self, noun: str, parent: QWidget | None = None, *, max_visible: int = 12) -> None:
        super().__init__(parent)
        self.noun = noun
        self.max_visible = max_visible
        self._chips: list[Chip] = []
        self._known: set[str] = set()
        self._expanded = False
        self._primary = max_visible
        self.flow = FlowLayout(self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Find or add…")
        self.filter.setToolTip(
            f"Type to find a {noun}; Enter chooses the first match or adds a new {noun}. "
            "Arrow keys move between chips, Space chooses."
        )
        self.filter.setAccessibleName(f"Find or add a {noun}")
        self.filter.setClearButtonEnabled(True)
        self.filter.setFixedWidth(150)
        self.filter.textChanged.connect(self._relayout)
        self.filter.installEventFilter(self)
        self.add_chip = Chip("", self, new=True)
        self.add_chip.setCheckable(False)
        self.add_chip.clicked.connect(self._add_typed)
        self.add_chip.installEventFilter(self)
        self.more_chip = Chip("", self)
        self.more_chip.setCheckable(False)
        self.more_chip.clicked.connect(self._toggle_more)
        self.more_chip.installEventFilter(self)
        # The filter comes first so it stays put while the chips after it are filtered.
        self.flow.addWidget(self.filter)
        self.flow.addWidget(self.add_chip)
        self.flow.addWidget(self.more_chip)
        self.setFocusProxy(self.filter)
        self._relayout()

    # -- options and selection ---------------------------------------------------------------
    def options(self) -> list[str]:
        return [c.text() for c in self._chips]

    def set_options(self, names: Sequence[str], *, visible: int | None = None) -> None:
        """Offer ``names`` in this order; chosen chips stay chosen (and stay, if not offered).

        Only the first ``visible`` (at most ``max_visible``) show until "more…" is pressed;
        typing in the filter searches them all.
        """
        self._primary = min(visible if visible is not None else self.max_visible, self.max_visible)
        chosen = self.selected()
        self._known = {n.casefold() for n in names}
        for chip in self._chips:
            self._drop(chip)
        self._chips = []
        wanted = list(names) + [n for n in chosen if n.casefold() not in self._known]
        for name in wanted:
            self._make_chip(name, new=False).setChecked(name in chosen)
        self._relayout()

    def selected(self) -> list[str]:
        return [c.text() for c in self._chips if c.isChecked()]

    def set_selected(self, names: Sequence[str]) -> None:
        """Choose exactly ``names`` (e.g. a moment being edited); unknown ones are added."""
        folded = {n.casefold() for n in names}
        for chip in self._chips:
            chip.setChecked(chip.text().casefold() in folded)
        present = {c.text().casefold() for c in self._chips}
        for name in names:
            if name.casefold() not in present:
                self._make_chip(name, new=False).setChecked(True)
                self._known.add(name.casefold())
        self._relayout()
        self.sig_changed.emit()

    def new_names(self) -> list[str]:
        """Chosen names the journal does not know yet (created when the moment is saved)."""
        return [c.text() for c in self._chips if c.isChecked() and c.new]

    def clear(self) -> None:
        for chip in [c for c in self._chips if c.new]:
            self._chips.remove(chip)
            self._drop(chip)
        for chip in self._chips:
            chip.setChecked(False)
        self._expanded = False
        self.filter.clear()
        self._relayout()

    def visible_chips(self) -> list[Chip]:
        return [c for c in self._chips if not c.isHidden()]

    # -- internals -----------------------------------------------------------------------------
    def _make_chip(self, name: str, *, new: bool) -> Chip:
        chip = Chip(name, self, new=new)
        chip.toggled.connect(lambda _on: self.sig_changed.emit())
        chip.installEventFilter(self)
        self._chips.append(chip)
        self.flow.insert_widget(len(self._chips), chip)  # after the filter
        chip.show()
        return chip

    def _drop(self, chip: Chip) -> None:
        self.flow.removeWidget(chip)
        chip.hide()  # deleteLater waits for the event loop; it must not show until then
        chip.deleteLater()

    def _find(self, name: str) -> Chip | None:
        folded = name.strip().casefold()
        return next((c for c in self._chips if c.text().casefold() == folded), None)

    def _relayout(self) -> None:
        needle = self.filter.text().strip().casefold()
        shown = 0
        hidden_count = 0
        for chip in self._chips:
            if needle:
                visible = needle in chip.text().casefold()
            else:
                visible = chip.isChecked() or self._expanded or shown < self._primary
                if not visible:
                    hidden_count += 1
            chip.setHidden(not visible)
            shown += int(visible)
        typed = self.filter.text().strip()
        self.add_chip.setText(f"+ Add “{typed}”")
        self.add_chip.setHidden(not typed or self._find(typed) is not None)
        self.add_chip.setToolTip(f"Add “{typed}” as a new {self.noun} (Enter)")
        if needle:
            self.more_chip.hide()
        elif self._expanded:
            self.more_chip.setText("Show fewer")
            self.more_chip.setVisible(len(self._chips) > self._primary)
        else:
            self.more_chip.setText(f"{hidden_count} more…")
            self.more_chip.setVisible(hidden_count > 0)
        self.flow.invalidate()
        # A new height for this width must reach every enclosing layout; Qt only tells the
        # direct parent, which keeps the old height when the picker sits in a wrapper.
        widget: QWidget | None = self
        while widget is not None and not widget.isWindow():
            widget.updateGeometry()
            widget = widget.parentWidget()

    def _toggle_more(self) -> None:
        self._expanded = not self._expanded
        self._relayout()

    def _add_typed(self) -> None:
        typed = " ".join(self.filter.text().split())
        if not typed:
            return
        chip = self._find(typed)
        if chip is None:
            chip = self._make_chip(typed, new=typed.casefold() not in self._known)
            chip.setToolTip(f"New {self.noun}: added to your journal when you save")
        chip.setChecked(True)
        self.filter.clear()

    def _choose_from_filter(self) -> None:
        typed = self.filter.text().strip()
        if not typed:
            return
        exact = self._find(typed)
        matches = self.visible_chips()
        if exact is not None:
            exact.setChecked(True)
        elif matches:
            matches[0].setChecked(True)
        else:
            self._add_typed()
            return
        self.filter.clear()

    def _navigable(self) -> list[QAbstractButton]:
        items: list[QAbstractButton] = list(self.visible_chips())
        items += [b for b in (self.add_chip, self.more_chip) if not b.isHidden()]
        return items

    def _move(self, current: QAbstractButton, key: int) -> None:
        items = self._navigable()
        if current not in items:
            return
        i = items.index(current)
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            j = i + (1 if key == Qt.Key.Key_Right else -1)
            if 0 <= j < len(items):
                items[j].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        # Up/Down: the nearest chip in the row above or below; above the first row, the filter.
        here = current.geometry()
        rows = sorted({w.geometry().y() for w in items})
        r = rows.index(here.y()) + (1 if key == Qt.Key.Key_Down else -1)
        if r < 0:
            self.filter.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if r >= len(rows):
            return
        row = [w for w in items if w.geometry().y() == rows[r]]
        best = min(row, key=lambda w: abs(w.geometry().center().x() - here.center().x()))
        best.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if watched is self.filter:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
                self._choose_from_filter()
                return True
            if key == Qt.Key.Key_Down and plain and self._navigable():
                self._navigable()[0].setFocus(Qt.FocusReason.OtherFocusReason)
                return True
            if key == Qt.Key.Key_Escape and self.filter.text():
                self.filter.clear()
                return True
            return False
        if isinstance(watched, QAbstractButton) and plain:
            arrows = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)
            if key in arrows:
                self._move(watched, key)
                return True
            if event.text().isprintable() and event.text().strip():
                # Typing on a chip goes on in the filter, as in a list with type-ahead.
                self.filter.setFocus(Qt.FocusReason.OtherFocusReason)
                self.filter.insert(event.text())
                return True
        return False
