"""annotator: code news articles by hand, side by side, and never lose a span."""

__version__ = "0.1.0"
