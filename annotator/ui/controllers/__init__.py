"""Feature controllers: each owns one feature's actions and state over the typed
:class:`~annotator.ui.session.Session`; :class:`~annotator.ui.main_window.MainWindow`
only composes them with the docks, the menus and the layout."""

from annotator.ui.controllers.base import Controller

__all__ = ["Controller"]
