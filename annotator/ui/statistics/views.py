"""The statistics views, in tab order (importing this loads pyqtgraph)."""

from annotator.ui.statistics.agreement import AgreementView
from annotator.ui.statistics.bars import CodersView, FrequencyView
from annotator.ui.statistics.base import StatsContext, StatView, short_title
from annotator.ui.statistics.heatmap import CooccurrenceView
from annotator.ui.statistics.portrait import PositionsView
from annotator.ui.statistics.reuse import ReuseView

VIEW_CLASSES: tuple[type[StatView], ...] = (FrequencyView, CodersView, PositionsView, CooccurrenceView,
                                             AgreementView, ReuseView)

__all__ = ["VIEW_CLASSES", "AgreementView", "CodersView", "CooccurrenceView", "FrequencyView", "PositionsView",
           "ReuseView", "StatView",
           "StatsContext", "short_title"]
