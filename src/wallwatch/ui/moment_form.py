"""The form for one moment, used to log a new one (Log area) and to edit one (History).

It turns what was entered into a :class:`MomentDraft` and shows validation errors beside the
fields they belong to; saving is the caller's business, through the journal's services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QObject,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from wallwatch.charts.palette import OPENED_COLOUR, WITHDREW_COLOUR
from wallwatch.domain.model import (
    INTENSITY_MAX,
    INTENSITY_MIN,
    Direction,
    FieldError,
    MomentDraft,
    TagKind,
    WantedCloseness,
)
from wallwatch.services.errors import ValidationFailed
from wallwatch.ui.chips import ChipPicker, mix
from wallwatch.ui.person_picker import PersonPicker
from wallwatch.ui.rating_input import (
    RatingInput,
    SegmentedChoice,
    WhenInput,
    has_command_modifier,
)
from wallwatch.ui.theme import chart_palette, is_dark

if TYPE_CHECKING:
    from wallwatch.services import Journal

# How each field's problems are worded beside it: "<subject> <message>."
_SUBJECTS = {
    "direction": "Direction",
    "intensity": "Intensity",
    "person": "The name",
    "fears": "A fear",
    "behaviours": "A behaviour",
    "body_signals": "A body signal",
    "wanted_closeness": "This answer",
    "loneliness": "Loneliness",
    "resentment": "Resentment",
    "connection": "Connection",
    "note": "The note",
    "wish": "This text",
    "occurred_at": "The time",
}


def describe(field: str, message: str) -> str:
    """A field's error as one sentence, e.g. "The name is longer than 80 characters."."""
    subject = _SUBJECTS.get(field, field.replace("_", " ").capitalize())
    text = message if message[:1].isupper() else f"{subject} {message}"
    return text if text.endswith((".", "?", "!")) else text + "."


def section_heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionHeading")
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() + 1)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def field_label(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
    """A field's label; its ``&`` letter with Alt puts the keyboard in the field."""
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label


class ErrorLabel(QLabel):
    """A problem shown right under the field it belongs to; hidden when there is none."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, text: str | None) -> None:
        self.setText(text or "")
        self.setVisible(bool(text))
        self._recolour()

    def _recolour(self) -> None:
        colour = "#f0a29c" if is_dark(QApplication.palette()) else "#a8322a"
        pal = QPalette()
        pal.setColor(QPalette.ColorRole.WindowText, QColor(colour))
        self.setPalette(pal)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._recolour()  # the theme changed: pick the red that reads on it
        return handled


def card_surface(pal: QPalette) -> QColor:
    """Light: the paper-white base. Dark: a little above the window, so that input fields
    (drawn in the darker base colour) still read as wells."""
    if is_dark(pal):
        return mix(pal.color(QPalette.ColorRole.Window), pal.color(QPalette.ColorRole.Text), 0.05)
    return pal.color(QPalette.ColorRole.Base)


class Card(QWidget):
    """A calm raised surface grouping related parts of a page (follows light and dark)."""

    def __init__(self, parent: QWidget | None = None, margins: int = 22) -> None:
        super().__init__(parent)
        self.setContentsMargins(margins, margins, margins, margins)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(
            mix(card_surface(self.palette()), self.palette().color(QPalette.ColorRole.Text), 0.13)
        )
        painter.setBrush(card_surface(self.palette()))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 10, 10)


def _names(picker: ChipPicker) -> tuple[str, ...]:
    # In the order a saved moment lists them, so an unchanged edit compares equal.
    return tuple(sorted(picker.selected(), key=str.casefold))


class MomentForm(QWidget):
    """Everything about one moment. Ctrl+Enter emits ``sig_submit``; ``draft()`` reads it."""

    sig_submit = Signal()
    sig_edited = Signal()

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self._leaning: dict[str, Direction | None] = {}
        self._errors: dict[str, ErrorLabel] = {}
        self._targets: dict[str, QWidget] = {}
        self._cells: dict[str, QWidget] = {}
        self._build()
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(seq), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.sig_submit.emit)
        self.reload_vocabulary()
        self.clear()

    # -- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        # One grid keeps every label in line: [label | field | label | field].
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnMinimumWidth(2, 0)
        self._grid = grid
        row = 0

        grid.addWidget(section_heading("What happened", self), row, 0, 1, 2)
        grid.addWidget(section_heading("Inside", self), row, 2, 1, 2)
        row += 1
        self.direction = SegmentedChoice[Direction](
            [(Direction.WITHDREW, "&Withdrew", "w"), (Direction.OPENED, "&Opened up", "o")],
            accessible_name="Direction: withdrew or opened up",
            accents={Direction.WITHDREW: WITHDREW_COLOUR, Direction.OPENED: OPENED_COLOUR},
            parent=self,
        )
        self.direction.setToolTip("W: withdrew · O: opened up · 1–5: intensity")
        self.direction.installEventFilter(self)
        self.intensity = SegmentedChoice[int](
            [(n, str(n), str(n)) for n in range(INTENSITY_MIN, INTENSITY_MAX + 1)],
            accessible_name="Intensity, 1 (slight) to 5 (overwhelming)",
            parent=self,
        )
        self.intensity.setToolTip("How strong it was: 1 slight … 5 overwhelming (keys 1–5)")
        self.person = PersonPicker(self)
        colours = chart_palette()
        self.ratings = {
            name: RatingInput(title, colour, self)
            for name, title, colour in (
                ("loneliness", "Loneliness", colours.loneliness),
                ("resentment", "Resentment", colours.resentment),
                ("connection", "Connection", colours.connection),
            )
        }
        self.closeness = SegmentedChoice[WantedCloseness](
            [(w, w.label, w.label[0]) for w in WantedCloseness],
            accessible_name="Did part of you want closeness right then?",
            allow_none=True,
            parent=self,
        )
        question = "Did part of you want closeness right then? (Y / N / U; Delete: no answer)"
        self.closeness.setToolTip(question)
        self.closeness_label = field_label("W&anted closeness?", self.closeness, self)
        self.closeness_label.setToolTip(question)
        # Tab follows creation order: down the left column, then the right one.
        left: list[tuple[str | QLabel, QWidget, str]] = [
            ("Direction", self.direction, "direction"),
            ("&Intensity", self.intensity, "intensity"),
            ("&Person", self.person, "person"),
        ]
        right: list[tuple[str | QLabel, QWidget, str]] = [
            ("&Loneliness", self.ratings["loneliness"], "loneliness"),
            ("Re&sentment", self.ratings["resentment"], "resentment"),
            ("&Connection", self.ratings["connection"], "connection"),
            # Last, so hiding it (for an opening-up) leaves no hole in the column.
            (self.closeness_label, self.closeness, "wanted_closeness"),
        ]
        for i, (label, widget, field) in enumerate(left):
            self._place(row + i, 0, label, widget, field)
        for i, (label, widget, field) in enumerate(right):
            self._place(row + i, 2, label, widget, field)
        self.closeness_widgets = (self.closeness_label, self._cells["wanted_closeness"])
        row += max(len(left), len(right))

        row = self._gap(row)
        grid.addWidget(section_heading("What was going on", self), row, 0, 1, 4)
        row += 1
        self.fears = ChipPicker("fear", self)
        self.behaviours = ChipPicker("behaviour", self)
        self.body = ChipPicker("body signal", self)
        for label, picker, field in (
            ("Fea&rs", self.fears, "fears"),
            ("&Behaviours", self.behaviours, "behaviours"),
            ("Bod&y signals", self.body, "body_signals"),
        ):
            self._place(row, 0, label, picker, field, span=3)
            row += 1

        row = self._gap(row)
        grid.addWidget(section_heading("Reflection", self), row, 0, 1, 4)
        row += 1
        self.note = self._text("note", "No&te", "What happened, in your own words")
        self.wish = self._text("wish", "What I wish I had &done", "What you might try next time")
        grid.addWidget(self._stacked("No&te", self.note, "note"), row, 0, 1, 2)
        grid.addWidget(self._stacked("What I wish I had &done", self.wish, "wish"), row, 2, 1, 2)
        row += 1
        self.when = WhenInput(self)
        self._place(row, 0, "Whe&n", self.when, "occurred_at", span=3, buddy=self.when.edit)

        self.direction.sig_changed.connect(self._on_direction_changed)
        for signal in (
            self.intensity.sig_changed,
            self.person.sig_changed,
            self.fears.sig_changed,
            self.behaviours.sig_changed,
            self.body.sig_changed,
            self.closeness.sig_changed,
            self.note.textChanged,
            self.wish.textChanged,
            self.when.sig_changed,
            *(r.sig_changed for r in self.ratings.values()),
        ):
            signal.connect(lambda *_args: self.sig_edited.emit())

    def _gap(self, row: int) -> int:
        self._grid.setRowMinimumHeight(row, 10)
        return row + 1

    def _with_error(self, widget: QWidget, field: str) -> QWidget:
        """The field with its (usually hidden) error line right under it."""
        cell = QWidget(self)
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(3)
        box.addWidget(widget)
        err = ErrorLabel(cell)
        box.addWidget(err)
        self._errors[field], self._targets[field], self._cells[field] = err, widget, cell
        return cell

    def _place(
        self,
        row: int,
        col: int,
        label: str | QLabel,
        widget: QWidget,
        field: str,
        *,
        span: int = 1,
        buddy: QWidget | None = None,
    ) -> None:
        if isinstance(label, str):
            label = field_label(label, buddy or widget, self)
        # Top-aligned, centred on the control's first line: an error line appearing under the
        # control must not pull its label away from it.
        first_line = (widget.focusProxy() or widget).sizeHint().height()
        label.setContentsMargins(0, max(0, (first_line - label.sizeHint().height()) // 2), 0, 0)
        self._grid.addWidget(
            label, row, col, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
        )
        self._grid.addWidget(
            self._with_error(widget, field), row, col + 1, 1, span, Qt.AlignmentFlag.AlignTop
        )

    def _text(self, field: str, label: str, placeholder: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setTabChangesFocus(True)  # Tab moves on; the text keeps its own line breaks
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(label.replace("&", ""))
        lines = edit.fontMetrics().lineSpacing()
        edit.setFixedHeight(lines * 3 + 14)
        return edit

    def _stacked(self, label: str, edit: QPlainTextEdit, field: str) -> QWidget:
        box = QWidget(self)
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(4)
        col.addWidget(field_label(label, edit, box))
        col.addWidget(self._with_error(edit, field))
        return box

    # -- vocabulary ----------------------------------------------------------------------------
    def reload_vocabulary(self) -> None:
        """Re-read people and tags (their order follows recent and frequent use)."""
        self.person.set_people([p.name for p in self.journal.people.by_use()])
        self.fears.set_options(self.journal.tags.suggestions(TagKind.FEAR))
        self.body.set_options(self.journal.tags.suggestions(TagKind.BODY))
        self._leaning = {t.name: t.direction for t in self.journal.tags.all(TagKind.BEHAVIOUR)}
        self._offer_behaviours()

    def _offer_behaviours(self) -> None:
        direction = self.direction.value()
        names = self.journal.tags.suggestions(TagKind.BEHAVIOUR, direction)
        fitting = sum(1 for n in names if self._leaning.get(n) in (None, direction))
        self.behaviours.set_options(names, visible=fitting if direction else None)

    def _on_direction_changed(self, direction: Direction | None) -> None:
        for widget in self.closeness_widgets:
            widget.setVisible(direction is Direction.WITHDREW)
        accents = {Direction.WITHDREW: WITHDREW_COLOUR, Direction.OPENED: OPENED_COLOUR}
        self.intensity.set_accent(accents.get(direction) if direction else None)
        self._offer_behaviours()
        self._errors["direction"].show_error(None)
        self.sig_edited.emit()

    # -- reading and writing -------------------------------------------------------------------
    def draft(self) -> MomentDraft:
        """What is entered, as a draft; raises :class:`ValidationFailed` naming the fields.

        Every problem is reported at once, so a person does not fix them one save at a time.
        """
        direction = self.direction.value()
        draft = MomentDraft(
            occurred_at=self.when.value(),
            # A stand-in lets the other fields be checked while the direction is missing.
            direction=direction or Direction.WITHDREW,
            intensity=self.intensity.value() or 3,
            person=self.person.name(),
            fears=_names(self.fears),
            behaviours=_names(self.behaviours),
            body_signals=_names(self.body),
            wanted_closeness=self.closeness.value() if direction is Direction.WITHDREW else None,
            loneliness=self.ratings["loneliness"].value(),
            resentment=self.ratings["resentment"].value(),
            connection=self.ratings["connection"].value(),
            note=self.note.toPlainText().strip(),
            wish=self.wish.toPlainText().strip(),
        )
        errors = draft.validate()
        if direction is None:
            errors.insert(0, FieldError("direction", "Choose whether you withdrew or opened up."))
        if errors:
            raise ValidationFailed(errors)
        return draft

    def set_draft(self, draft: MomentDraft) -> None:
        """Show ``draft`` (e.g. a moment being edited); its time is kept, not "now"."""
        self.clear_errors()
        self.direction.set_value(draft.direction)
        self.intensity.set_value(draft.intensity)
        self.person.set_name(draft.person)
        self.fears.set_selected(draft.fears)
        self.behaviours.set_selected(draft.behaviours)
        self.body.set_selected(draft.body_signals)
        self.closeness.set_value(draft.wanted_closeness)
        for name, rating in self.ratings.items():
            rating.set_value(getattr(draft, name))
        self.note.setPlainText(draft.note)
        self.wish.setPlainText(draft.wish)
        self.when.set_value(draft.occurred_at)

    def clear(self) -> None:
        """Back to a blank form whose time follows the clock."""
        self.clear_errors()
        self.direction.reset()
        self._on_direction_changed(None)
        self.intensity.set_value(3)
        self.person.clear()
        for picker in (self.fears, self.behaviours, self.body):
            picker.clear()
        self.closeness.set_value(None)
        for rating in self.ratings.values():
            rating.set_value(None)
        self.note.clear()
        self.wish.clear()
        self.when.set_value(None)

    def new_vocabulary(self) -> bool:
        """Whether saving would add a person or a tag the journal does not have yet."""
        pickers = (self.fears, self.behaviours, self.body)
        return self.person.is_new() or any(p.new_names() for p in pickers)

    # -- errors and focus ----------------------------------------------------------------------
    def show_errors(self, failure: ValidationFailed) -> None:
        """Show each problem beside its field and put the keyboard on the first one."""
        self.clear_errors()
        first: QWidget | None = None
        for field, label in self._errors.items():
            messages = failure.for_field(field)
            if messages:
                label.show_error(" ".join(describe(field, m) for m in messages))
                if first is None:
                    first = self._targets[field]
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def unplaced_errors(self, failure: ValidationFailed) -> list[str]:
        """Problems with no field in this form (shown by the caller, e.g. near its button)."""
        return [describe(e.field, e.message) for e in failure.errors if e.field not in self._errors]

    def clear_errors(self) -> None:
        for label in self._errors.values():
            label.show_error(None)

    def error_text(self, field: str) -> str:
        label = self._errors[field]
        return label.text() if not label.isHidden() else ""

    def focus_first(self) -> None:
        self.direction.setFocus(Qt.FocusReason.OtherFocusReason)

    def start_now(self) -> None:
        """Make the time follow the clock again (a fresh entry)."""
        self.when.set_value(None)

    def stop_timers(self) -> None:
        self.when.stop()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The shortcut covers an active window; keys that reach a field of an inactive one
        # (some platforms, embedded use) bubble up here unhandled, so Ctrl+Enter still saves.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.sig_submit.emit()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Digits on the direction control set the intensity: "w 4" without a Tab in between.
        if (
            watched is self.direction
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and not has_command_modifier(event)
            and event.text().isdigit()
            and INTENSITY_MIN <= int(event.text()) <= INTENSITY_MAX
        ):
            self.intensity.set_value(int(event.text()))
            return True
        return False
