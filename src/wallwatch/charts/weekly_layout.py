"""Constrained layout that settles: lay the figure out once, then keep the axes where they are.

Constrained layout measures every label of every panel, twice, on each draw: more than half
of the weekly chart's drawing time. The weekly chart's margins only change when the figure is
resized or when the labels at its edges change, so this engine lays out on the first draw and
again only after :meth:`SettlingLayout.unsettle` or a change of the figure's size; in between
the axes keep the positions it gave them. A single draw (a saved file, a report page) is laid
out exactly as by ``ConstrainedLayoutEngine``.
"""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine


class SettlingLayout(ConstrainedLayoutEngine):
    def __init__(self, **kwargs: Any) -> None:
        self._laid_out_for: tuple[float, float, float] | None = None
        super().__init__(**kwargs)

    def set(
        self,
        *,
        h_pad: float | None = None,
        w_pad: float | None = None,
        hspace: float | None = None,
        wspace: float | None = None,
        rect: tuple[float, float, float, float] | None = None,
    ) -> None:
        """Change the layout's parameters (pads, spacing, rect): the next draw lays out anew.

        Keyword-only with defaults, as in the base class (which reads its ``__kwdefaults__``).
        """
        super().set(h_pad=h_pad, w_pad=w_pad, hspace=hspace, wspace=wspace, rect=rect)
        self.unsettle()

    def unsettle(self) -> None:
        """Lay the figure out again at its next draw (something that sets the margins changed)."""
        self._laid_out_for = None

    @property
    def settled(self) -> bool:
        return self._laid_out_for is not None

    def execute(self, fig: Figure) -> Any:
        width, height = fig.get_size_inches()
        size = (float(width), float(height), float(fig.dpi))
        if size == self._laid_out_for:
            return None
        # Constrained layout refines the axes' current positions in two passes, so where it
        # starts matters: start from the grid's own positions, as in a new figure.
        for ax in fig.axes:
            spec = ax.get_subplotspec()
            if spec is not None:
                ax.set_subplotspec(spec)
        result = super().execute(fig)
        self._laid_out_for = size
        return result
