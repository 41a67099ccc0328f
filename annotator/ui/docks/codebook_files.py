"""Codebook files from the codebook dock: export (annotator JSON, REFI-QDA .qdc, the
printable coding manual as HTML or Markdown) and import (.json or .qdc, merged by path)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from annotator.store.codebook_edits import ImportCodebook
from annotator.store.operations import Operation
from annotator.ui import plain

EXPORT_FILTERS = {
    "Annotator codebook (*.codebook.json)": ".codebook.json",
    "REFI-QDA codebook (*.qdc)": ".qdc",
    "Coding manual, HTML (*.html)": ".html",
    "Coding manual, Markdown (*.md)": ".md",
}


def export_codebook(parent: QWidget, project, path: str | None = None, examples: int = 3) -> Path | None:
    """Write the codebook in the format its file name says; returns the path, or None if cancelled/failed."""
    if path is None:
        suggested = str(project.path.with_suffix(".codebook.json"))
        path, _ = QFileDialog.getSaveFileName(parent, "Export Codebook", suggested, ";;".join(EXPORT_FILTERS))
    if not path:
        return None
    target = Path(path)
    name = target.name.lower()
    try:
        if name.endswith(".qdc"):
            from annotator.io.refi import export_qdc

            export_qdc(project, target)
        elif name.endswith((".html", ".htm", ".md")):
            import io

            from annotator.io.manual import write_manual

            buffer = io.StringIO()
            write_manual(project, buffer, "md" if name.endswith(".md") else "html", examples=examples)
            target.write_text(buffer.getvalue(), encoding="utf-8")
        else:
            from annotator.core.codebook import dump_codebook

            target.write_text(dump_codebook(project.codebook_specs()), encoding="utf-8")
    except Exception as exc:  # shown in words; nothing in the project changed
        plain.message(parent, "Export failed", f"The codebook was not exported.\n\n{exc}", warning=True)
        return None
    return target


def import_codebook(parent: QWidget, project, path: str | None = None,
                    push: Callable[[Operation], bool] | None = None) -> str | None:
    """Merge a .json or .qdc codebook into the project as one undoable step (*push*: the
    session's, which puts it on the undo stack); returns the summary shown, or None."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(parent, "Import Codebook", str(project.path.parent),
                                              "Codebooks (*.json *.qdc);;All files (*)")
    if not path:
        return None
    source = Path(path)

    def merge(target) -> str:
        if source.suffix.lower() == ".qdc":
            from annotator.io.refi import import_qdc

            return import_qdc(target, source).summary()
        from annotator.core.codebook import parse_codebook

        added, updated = target.import_codebook(parse_codebook(source.read_text(encoding="utf-8-sig"), str(source)))
        return f"{len(added)} codes added, {len(updated)} updated."

    op = ImportCodebook(merge, label=f"Import codebook {source.name}")
    if push is not None:
        done = push(op)
    else:
        try:
            op.apply(project)
            done = True
        except Exception:  # noqa: BLE001  told below; the store merged in one transaction
            done = False
    if not done:  # the merge ran in one transaction: a failure changes nothing
        if op.error is not None:
            plain.message(parent, "Import failed", f"The codebook is unchanged.\n\n{op.error}", warning=True)
        return None
    plain.message(parent, "Codebook imported", op.summary)
    return op.summary
