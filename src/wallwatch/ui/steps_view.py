"""The Steps area: small practice steps, this week's progress, streaks, and how met weeks compare.

Steps are listed on the left (arrow keys move between them); the chosen step's details and
actions sit on the right. The comparison follows the Patterns rules: every figure shows the
counts behind it, a group below the minimum sample says how many weeks it still needs, and the
p-value is offered in a tooltip rather than as a headline.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from wallwatch.domain.model import TagKind
from wallwatch.domain.patterns import InsufficientData
from wallwatch.domain.steps import (
    MEASURE_LABELS,
    STEP_TEXT_MAX,
    TARGET_MAX,
    TARGET_MIN,
    MeasureComparison,
    Step,
    StepDraft,
    StepOverview,
    StepStatus,
    WeeksMean,
)
from wallwatch.services.errors import JournalError, NotFound, ValidationFailed
from wallwatch.ui.area import Area
from wallwatch.ui.context import AreaContext
from wallwatch.ui.moment_form import Card, ErrorLabel, section_heading

NO_ONE = "No one in particular"
NO_FEAR = "No particular fear"
CAUTION = "These figures describe your records; they do not show that the step caused a change."


def progress_text(overview: StepOverview) -> str:
    week = overview.this_week
    return f"{week.done} of {week.target} this week"


def streak_text(weeks: int) -> str:
    if weeks == 0:
        return "No streak yet"
    return f"{weeks} week{'s' if weeks != 1 else ''} met in a row"


def tags_text(step: Step) -> str:
    parts = []
    if step.person:
        parts.append(f"with {step.person}")
    if step.fear:
        parts.append(f"fear: {step.fear}")
    if step.status is not StepStatus.ACTIVE:
        parts.append(step.status.label.lower())
    return " · ".join(parts)


def group_text(group: WeeksMean | InsufficientData) -> str:
    """A mean with its counts, or honestly how far the group is from the minimum."""
    if isinstance(group, InsufficientData):
        return f"Not enough weeks yet — {group.have} of the {group.needed} needed"
    values = f", {group.values} values" if group.values != group.weeks else ""
    return f"{group.mean:.1f}  (n = {group.weeks} week{'s' if group.weeks != 1 else ''}{values})"


def difference_text(m: MeasureComparison) -> tuple[str, str]:
    """The difference shown, and the tooltip carrying its p-value."""
    if m.difference is None or m.test is None:
        return "—", "A difference is shown once both groups have enough weeks."
    kind = "exact" if m.test.exact else f"{m.test.permutations} seeded shuffles"
    tip = f"p = {m.test.p_value:.3f} (permutation test, {kind})."
    if not m.notable:
        tip += " Small enough to be chance."
    return f"{m.difference:+.1f}", tip


class StepDialog(QDialog):
    """Add a step, or change one: its words, person, fear and weekly target."""

    def __init__(self, ctx: AreaContext, step: Step | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.step = step
        self.saved: Step | None = None
        self.setWindowTitle("Change step" if step else "New practice step")
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        self.text = QLineEdit(self)
        self.text.setMaxLength(STEP_TEXT_MAX)
        self.text.setPlaceholderText("Something small and concrete")
        self.person = self._names_combo(NO_ONE, [p.name for p in ctx.journal.people.all()])
        fears = [t.name for t in ctx.journal.tags.all(TagKind.FEAR)]
        self.fear = self._names_combo(NO_FEAR, fears)
        self.target = QSpinBox(self)
        self.target.setRange(TARGET_MIN, TARGET_MAX)
        self.target.setSuffix(" times a week")
        form.addRow("&Step:", self.text)
        form.addRow("&Person:", self.person)
        form.addRow("&Fear:", self.fear)
        form.addRow("&Target:", self.target)
        self.problem = ErrorLabel(self)
        form.addRow(self.problem)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = QPushButton("Cancel", self)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        self.save_button = QPushButton("Save step", self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        row.addWidget(cancel)
        row.addWidget(self.save_button)
        form.addRow(row)
        if step is not None:
            self.text.setText(step.text)
            self.person.setCurrentText(step.person or "")
            self.fear.setCurrentText(step.fear or "")
            self.target.setValue(step.target_per_week)
        self.text.setFocus()

    def _names_combo(self, none: str, names: list[str]) -> QComboBox:
        combo = QComboBox(self)
        combo.setEditable(True)  # a new name may be typed; it is created on use
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(sorted(names, key=str.casefold))
        combo.setCurrentIndex(-1)
        edit = combo.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(none)
        return combo

    def draft(self) -> StepDraft:
        def name(combo: QComboBox) -> str | None:
            return combo.currentText().strip() or None

        return StepDraft(self.text.text(), name(self.person), name(self.fear), self.target.value())

    def save(self) -> bool:
        steps = self.ctx.journal.steps
        try:
            draft = self.draft()
            if self.step is None:
                self.saved = steps.add(draft)
            else:
                self.saved = steps.edit(self.step.id, draft)
        except ValidationFailed as exc:
            self.problem.show_error(f"The step could not be saved: {exc}")
            return False
        except (JournalError, NotFound) as exc:
            self.problem.show_error(str(exc))
            return False
        self.accept()
        return True


class StepsView(Area):
    title = "Steps"

    def __init__(self, ctx: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._overviews: list[StepOverview] = []
        self._build()
        ctx.events.sig_moments_changed.connect(self.refresh)
        ctx.events.sig_settings_changed.connect(self.refresh)
        self.refresh()

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 22, 28, 22)
        outer.setSpacing(12)
        head = QHBoxLayout()
        heading = QLabel("Practice steps", self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        heading.setFont(font)
        head.addWidget(heading)
        head.addStretch(1)
        self.show_archived = QCheckBox("Show a&rchived", self)
        self.show_archived.toggled.connect(self.refresh)
        self.add_button = QPushButton("&Add step…", self)
        self.add_button.clicked.connect(self.add_step)
        head.addWidget(self.show_archived)
        head.addWidget(self.add_button)
        outer.addLayout(head)

        body = QHBoxLayout()
        body.setSpacing(16)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Steps")
        self.list.setMinimumWidth(260)
        self.list.setMaximumWidth(380)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.currentRowChanged.connect(self._show_current)
        body.addWidget(self.list, 2)
        self.detail = Card(self)
        body.addWidget(self.detail, 3)
        outer.addLayout(body, 1)
        # A calm empty state in place of an empty list: what a step is, and one way to start.
        self.empty_panel = QWidget(self)
        empty = QVBoxLayout(self.empty_panel)
        empty.addStretch(1)
        empty_title = QLabel("No practice steps yet", self.empty_panel)
        title_font = empty_title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.2)
        title_font.setBold(True)
        empty_title.setFont(title_font)
        empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label = QLabel(
            "A step is something small you want to practise, such as "
            "“tell Sam one thing that worried me”, with how often a week you mean to do it.",
            self.empty_panel,
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        first = QPushButton("Add your first step…", self.empty_panel)
        first.clicked.connect(self.add_step)
        empty.addWidget(empty_title)
        empty.addWidget(self.empty_label)
        empty.addSpacing(8)
        empty.addWidget(first, 0, Qt.AlignmentFlag.AlignHCenter)
        empty.addStretch(2)
        body.addWidget(self.empty_panel, 5)
        self.problem = ErrorLabel(self)
        outer.addWidget(self.problem)
        self._build_detail()

    def _build_detail(self) -> None:
        col = QVBoxLayout(self.detail)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(8)
        self.step_title = QLabel(self.detail)
        self.step_title.setWordWrap(True)
        font = self.step_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.step_title.setFont(font)
        self.step_tags = QLabel(self.detail)
        self.step_tags.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.step_progress = QLabel(self.detail)
        self.step_streak = QLabel(self.detail)
        for label in (self.step_title, self.step_tags, self.step_progress, self.step_streak):
            col.addWidget(label)
        actions = QHBoxLayout()
        self.done_button = QPushButton("&Done today", self.detail)
        self.done_button.setToolTip("Count one doing of this step today")
        self.done_button.clicked.connect(self.tick_today)
        self.edit_button = QPushButton("&Edit…", self.detail)
        self.edit_button.clicked.connect(self.edit_step)
        self.pause_button = QPushButton("&Pause", self.detail)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.archive_button = QPushButton("Arc&hive", self.detail)
        self.archive_button.clicked.connect(self.toggle_archive)
        for button in (self.done_button, self.edit_button, self.pause_button):
            actions.addWidget(button)
        actions.addWidget(self.archive_button)
        actions.addStretch(1)
        col.addLayout(actions)
        col.addSpacing(10)
        col.addWidget(section_heading("Met weeks and the others", self.detail))
        self.weeks_label = QLabel(self.detail)
        self.weeks_label.setWordWrap(True)
        col.addWidget(self.weeks_label)
        self.compare_grid = QGridLayout()
        self.compare_grid.setHorizontalSpacing(14)
        self.compare_grid.setVerticalSpacing(6)
        col.addLayout(self.compare_grid)
        self.caution = QLabel(CAUTION, self.detail)
        self.caution.setWordWrap(True)
        self.caution.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        col.addWidget(self.caution)
        col.addStretch(1)

    # -- reading -------------------------------------------------------------------------------
    def on_shown(self) -> None:
        self.refresh()

    def shutdown(self) -> None:
        self.ctx.events.sig_moments_changed.disconnect(self.refresh)
        self.ctx.events.sig_settings_changed.disconnect(self.refresh)

    def refresh(self, *_args: object, select: int | None = None) -> None:
        keep = select if select is not None else self.current_step_id()
        try:
            self._overviews = self.ctx.journal.steps.overview(
                include_archived=self.show_archived.isChecked()
            )
        except (JournalError, NotFound) as exc:
            self.problem.show_error(str(exc))
            return
        self.problem.show_error(None)
        self.list.blockSignals(True)
        self.list.clear()
        row_to_select = 0
        for row, ov in enumerate(self._overviews):
            lines = [ov.step.text, f"{progress_text(ov)} · {streak_text(ov.streak.weeks)}"]
            if tags_text(ov.step):
                lines.append(tags_text(ov.step))
            item = QListWidgetItem("\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, ov.step.id)
            if ov.step.status is not StepStatus.ACTIVE:
                item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
            self.list.addItem(item)
            if ov.step.id == keep:
                row_to_select = row
        has = bool(self._overviews)
        if has:
            self.list.setCurrentRow(row_to_select)
        self.list.blockSignals(False)
        self.detail.setVisible(has)
        self.list.setVisible(has)
        self.empty_panel.setVisible(not has)
        if has:
            self._show_current(row_to_select)

    def current_step_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _current(self) -> StepOverview | None:
        row = self.list.currentRow()
        return self._overviews[row] if 0 <= row < len(self._overviews) else None

    def _show_current(self, _row: int) -> None:
        ov = self._current()
        if ov is None:
            return
        step = ov.step
        active = step.status is StepStatus.ACTIVE
        self.step_title.setText(step.text)
        self.step_tags.setText(tags_text(step) or "Not tied to a person or a fear")
        self.step_progress.setText(progress_text(ov) + ("  ✓ met" if ov.this_week.met else ""))
        self.step_streak.setText(streak_text(ov.streak.weeks))
        self.done_button.setEnabled(active)
        self.pause_button.setText("&Resume" if step.status is StepStatus.PAUSED else "&Pause")
        self.pause_button.setEnabled(step.status is not StepStatus.ARCHIVED)
        archived = step.status is StepStatus.ARCHIVED
        self.archive_button.setText("Un&archive" if archived else "Arc&hive")
        self._show_comparison(step.id)

    def _show_comparison(self, step_id: int) -> None:
        while self.compare_grid.count():
            taken = self.compare_grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()  # gone at once, not only when the deferred delete runs
                widget.deleteLater()
        try:
            comp = self.ctx.journal.steps.comparison(step_id)
        except (JournalError, NotFound) as exc:
            self.problem.show_error(str(exc))
            return
        self.weeks_label.setText(
            f"{comp.weeks_met} of {len(comp.weeks)} complete weeks met"
            if comp.weeks
            else "No complete weeks yet: the comparison starts after this week."
        )
        for col, text in enumerate(("", "Met weeks", "Other weeks", "Difference")):
            self.compare_grid.addWidget(self._cell(text, bold=True), 0, col)
        for row, m in enumerate(comp.measures, start=1):
            diff, tip = difference_text(m)
            cells = (MEASURE_LABELS[m.measure], group_text(m.met), group_text(m.not_met), diff)
            for col, text in enumerate(cells):
                cell = self._cell(text)
                if col == 3:
                    cell.setToolTip(tip)
                self.compare_grid.addWidget(cell, row, col)

    def _cell(self, text: str, *, bold: bool = False) -> QLabel:
        label = QLabel(text, self.detail)
        label.setWordWrap(True)
        if bold:
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        return label

    # -- actions -------------------------------------------------------------------------------
    def add_step(self) -> None:
        dialog = StepDialog(self.ctx, None, self)
        dialog.finished.connect(lambda _r: self._after_dialog(dialog))
        dialog.open()

    def edit_step(self) -> None:
        ov = self._current()
        if ov is None:
            return
        dialog = StepDialog(self.ctx, ov.step, self)
        dialog.finished.connect(lambda _r: self._after_dialog(dialog))
        dialog.open()

    def _after_dialog(self, dialog: StepDialog) -> None:
        if dialog.saved is not None:
            self._changed(dialog.saved.id)
        dialog.deleteLater()

    def tick_today(self) -> None:
        self._act(lambda step: self.ctx.journal.steps.tick(step.id))

    def toggle_pause(self) -> None:
        steps = self.ctx.journal.steps
        self._act(
            lambda step: (
                steps.resume(step.id) if step.status is StepStatus.PAUSED else steps.pause(step.id)
            )
        )

    def toggle_archive(self) -> None:
        steps = self.ctx.journal.steps
        self._act(
            lambda step: (
                steps.resume(step.id)
                if step.status is StepStatus.ARCHIVED
                else steps.archive(step.id)
            )
        )

    def _act(self, do: Callable[[Step], object]) -> None:
        ov = self._current()
        if ov is None:
            return
        try:
            do(ov.step)
        except ValidationFailed as exc:
            self.problem.show_error(f"That did not work: {exc}")
            return
        except (JournalError, NotFound) as exc:
            self.problem.show_error(str(exc))
            return
        self._changed(ov.step.id)

    def _changed(self, step_id: int) -> None:
        self.refresh(select=step_id)
        self.list.setFocus()
