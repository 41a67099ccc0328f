"""The statistics dock: code frequencies, coders compared, code positions, co-occurrence.

Importing this package does not import pyqtgraph; the dock loads it when it is
first created (see :mod:`annotator.ui.statistics._pg`), so start-up stays fast.
"""

from annotator.ui.statistics.dock import StatisticsDock
from annotator.ui.statistics.render import PLOT_KINDS, render_plot

__all__ = ["PLOT_KINDS", "StatisticsDock", "render_plot"]
