"""Fast, stable interactive figures: sliders that move the lines of an existing figure.

How an update works (``LiveFigure.refresh``):
1. the parts that never change (axes, grid, data, contours) are rendered once and kept as a
   bitmap (the "background");
2. on a slider move, only the moving artists get new data (``line.set_data``);
3. the background is pasted back and just those artists are drawn on it (blitting);
4. the bitmap goes to the browser as a quickly compressed PNG in an ``ipywidgets.Image``.
No new figure is ever created, so 500 moves leave no pile of figures behind.

Sliders use ``continuous_update=True``: ipywidgets keeps at most one change in flight to the
kernel and sends only the latest value once the kernel is free, so a fast drag never queues
a backlog.
"""
from __future__ import annotations

import base64
import io
import re

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage


def figure_png(fig: Figure, canvas: FigureCanvasAgg | None = None) -> bytes:
    """The figure's current bitmap as PNG bytes (fast zlib level 1: plots compress well anyway)."""
    canvas = canvas or FigureCanvasAgg(fig)
    width, height = canvas.get_width_height(physical=True)
    bitmap = PILImage.frombuffer("RGBA", (width, height), bytes(canvas.buffer_rgba()), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    bitmap.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


class LiveFigure:
    """A matplotlib figure shown as an image widget and updated in place by blitting.

    Usage: build ``fig`` and its artists, mark the ones that move with ``animated=[...]``,
    then in a slider callback call ``artist.set_data(...)`` and ``live.refresh()``.
    Call ``live.redraw_all()`` instead if something in the background changed (e.g. limits).
    """

    def __init__(self, fig: Figure, animated: list) -> None:
        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)
        self.animated = list(animated)
        for artist in self.animated:
            artist.set_animated(True)
        width_px = round(fig.get_figwidth() * fig.dpi)  # natural size: never blown up past it, shrunk on narrow screens
        self.image = widgets.Image(format="png", layout=widgets.Layout(width=f"{width_px}px", max_width="100%", height="auto"))
        self.redraw_all()

    def redraw_all(self) -> None:
        """Render the static background again, then the moving artists on top."""
        self.canvas.draw()  # animated artists are skipped by a full draw
        self._background = self.canvas.copy_from_bbox(self.fig.bbox)
        self.refresh()

    def refresh(self) -> None:
        """Paste the background back, draw only the moving artists, send the new picture."""
        self.canvas.restore_region(self._background)
        for artist in self.animated:
            self.fig.draw_artist(artist)
        self.image.value = figure_png(self.fig, self.canvas)


class Explorer:
    """Sliders + a live figure + a status line, shown with a static picture of the first state.

    ``display(explorer)`` (or leaving it last in a cell) outputs one bundle holding the live
    widget *and* a PNG of its initial state: JupyterLab shows the live widget, while GitHub,
    nbviewer and the HTML edition (which cannot run widgets) show the picture, and nbval
    compares only the stable text description.
    """

    def __init__(self, controls: list[widgets.Widget], live: LiveFigure, update, description: str) -> None:
        self.controls = controls
        self.live = live
        self.status = widgets.HTML()
        self.description = description
        self._update = update
        self.ui = widgets.VBox([widgets.HBox(controls), self.status, live.image])
        for control in controls:
            control.observe(self._on_change, names="value")
        self.update()

    def _on_change(self, _change) -> None:
        self.update()

    def update(self) -> None:
        """Recompute from the controls' values, move the artists, refresh the picture and status."""
        status = self._update(*(c.value for c in self.controls))
        self.status.value = status or ""
        self.live.refresh()

    def _repr_mimebundle_(self, **kwargs) -> dict:
        bundle = self.ui._repr_mimebundle_(**kwargs) or {}
        bundle["image/png"] = base64.b64encode(self.live.image.value).decode("ascii")
        status = re.sub(r"<[^>]+>", "", self.status.value).strip()
        bundle["text/plain"] = (f"{self.description} (interactive in JupyterLab; picture shows its starting state)"
                                + (f"\n{status}" if status else ""))
        return bundle


def log_slider(description: str, value: float, min_exp: float, max_exp: float, steps_per_decade: int = 10) -> widgets.FloatLogSlider:
    """A log-scale slider from 10**min_exp to 10**max_exp that cannot reach an invalid value."""
    return widgets.FloatLogSlider(value=value, base=10, min=min_exp, max=max_exp, step=1 / steps_per_decade,
                                  description=description, continuous_update=True, readout_format=".2e",
                                  style={"description_width": "initial"})


def int_slider(description: str, value: int, min_value: int, max_value: int, step: int = 1) -> widgets.IntSlider:
    """An integer slider (e.g. epochs) whose range is fixed to valid values."""
    return widgets.IntSlider(value=value, min=min_value, max=max_value, step=step, description=description,
                             continuous_update=True, style={"description_width": "initial"})


def float_slider(description: str, value: float, min_value: float, max_value: float, step: float) -> widgets.FloatSlider:
    """A linear slider (e.g. w or b) whose range is fixed to valid values."""
    return widgets.FloatSlider(value=value, min=min_value, max=max_value, step=step, description=description,
                               continuous_update=True, style={"description_width": "initial"})
