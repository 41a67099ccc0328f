"""Searching all articles: Edit ▸ Search All Articles opens the search dock with the
current selection as its query; an activated hit is shown selected in a pane."""

from __future__ import annotations

from collections.abc import Callable

from annotator.ui.controllers.base import Controller


class SearchController(Controller):
    def __init__(self, window, session, panes, dock):
        super().__init__(window, session)
        self.panes = panes
        self.dock = dock
        dock.hit_activated.connect(panes.show_range)

    def handlers(self) -> dict[str, Callable]:
        return {"search_corpus": self.show_search}

    def show_search(self) -> None:
        """The search dock, its query field focused (and holding the words selected in the
        current pane, if any, as a phrase)."""
        view = self.panes.view()
        selected = view.textCursor().selectedText().strip() if view is not None else ""
        if selected and "\u2029" not in selected and len(selected) <= 200 and '"' not in selected:
            self.dock.query.setText(f'"{selected}"' if len(selected.split()) > 1 else selected)
        self.dock.show()
        self.dock.raise_()
        self.dock.focus_query()
