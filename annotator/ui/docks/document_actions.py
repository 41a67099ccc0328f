"""The documents dock's edits of whole articles: exclude the extra copies of a
near-duplicate group (keeping the longest), exclude or include again the selected
articles, and remove them (after a question listing what goes). Each is one undoable
step over a store operation (:mod:`annotator.store.exclusion`, :mod:`annotator.store.removal`)."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from annotator.store.exclusion import ExcludeDocuments, duplicate_components, exclude_extra_copies, excluded_ids
from annotator.store.removal import RemoveDocuments, preview_removal
from annotator.ui import plain

#: How many documents the removal question lists one by one.
LISTED = 12


class DocumentActions:
    """Builds the menu entries and runs the edits for *dock* (a DocumentsDock)."""

    def __init__(self, dock: QWidget, session) -> None:
        self.dock = dock
        self.session = session

    # -- what the menu offers ------------------------------------------------------
    def targets(self, doc_id: int, selected: list[int]) -> list[int]:
        """The documents an action on *doc_id*'s row applies to: the selection when the row is in it."""
        return selected if doc_id in selected and len(selected) > 1 else [doc_id]

    def add_to_menu(self, menu: QMenu, doc_id: int, selected: list[int]) -> None:
        project = self.session.project
        ids = self.targets(doc_id, selected)
        excluded = excluded_ids(project)
        groups = duplicate_components(project, [doc_id], self.dock.near_duplicate_groups())
        menu.addSeparator()
        if groups:
            ops = exclude_extra_copies(project, groups)
            pending = [op for op in ops if set(op.document_ids) - excluded]
            keep = ops[0].kept_id if ops else None
            act = menu.addAction(plain.action_text(f"Exclude Extra Copies (keep #{keep})"),
                                 lambda: self.exclude_extra_copies(doc_id))
            act.setEnabled(bool(pending))
            act.setToolTip(plain.tooltip("Leave the other editions of this story out of coding and statistics; "
                                         "no text is deleted, and Include Again brings them back"))
        if any(d in excluded for d in ids):
            menu.addAction("Include Again", lambda: self.include(ids))
        if any(d not in excluded for d in ids):
            what = "Article" if len(ids) == 1 else f"{len(ids)} Articles"
            menu.addAction(f"Exclude {what} from Coding and Statistics", lambda: self.exclude(ids))
        menu.addAction("Remove Article…" if len(ids) == 1 else f"Remove {len(ids)} Articles…",
                       lambda: self.remove(ids))

    # -- the edits -------------------------------------------------------------------
    def exclude_extra_copies(self, doc_id: int) -> bool:
        """Exclude the other copies of *doc_id*'s near-duplicate group, keeping the longest (one undo step)."""
        project = self.session.project
        ops = exclude_extra_copies(project, duplicate_components(project, [doc_id], self.dock.near_duplicate_groups()))
        if not ops:
            return False
        op = ops[0]
        op.document_ids = sorted(set(op.document_ids) - excluded_ids(project))
        return bool(op.document_ids) and self.session.push(op)

    def exclude(self, ids: list[int]) -> bool:
        return self.session.push(ExcludeDocuments(list(ids)))

    def include(self, ids: list[int]) -> bool:
        return self.session.push(ExcludeDocuments(list(ids), exclude=False))

    def remove(self, ids: list[int]) -> bool:
        """Ask, listing what goes (every coder's spans), then remove (undoable)."""
        previews = preview_removal(self.session.project, ids)
        lines = [p.describe() for p in previews[:LISTED]]
        if len(previews) > LISTED:
            lines.append(f"… and {len(previews) - LISTED} more")
        text = ("Remove these articles with their spans (every coder's), noise regions, statuses and "
                "shared passages?\n\n" + "\n".join(lines) + "\n\nEdit ▸ Undo brings them back.")
        answer = plain.ask(self.dock, "Remove Articles", text)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.session.push(RemoveDocuments(list(ids)))
