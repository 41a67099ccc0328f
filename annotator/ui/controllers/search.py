"""Searching all articles: Edit ▸ Search All Articles opens the search dock with the
current selection as its query; an activated hit is shown selected in a pane. The window
builds the dock after its first paint, or when it is first asked for (``window.search_dock``)."""

from __future__ import annotations

from collections.abc import Callable

from annotator.ui.controllers.base import Controller


class SearchController(Controller):
    def __init__(self, window, session, panes):
        super().__init__(window, session)
        self.panes = panes
        self.dock = None  # the Search dock, once the window has built it

    def attach(self, dock) -> None:
        """The Search dock, built: its activated hits open in a pane."""
        self.dock = dock
        dock.hit_activated.connect(self.panes.show_range)

    def handlers(self) -> dict[str, Callable]:
        return {"search_corpus": self.show_search}

    def show_search(self) -> None:
        """The search dock, its query field focused (and holding the words selected in the
        current pane, if any, as a phrase)."""
        dock = self.window.search_dock  # built here if the window has not built it yet
        view = self.panes.view()
        selected = view.textCursor().selectedText().strip() if view is not None else ""
        if selected and "\u2029" not in selected and len(selected) <= 200 and '"' not in selected:
            dock.query.setText(f'"{selected}"' if len(selected.split()) > 1 else selected)
        dock.show()
        dock.raise_()
        dock.focus_query()
