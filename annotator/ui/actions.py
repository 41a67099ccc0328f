"""Every window action declared once (name, text, shortcut, handler); menus and
context menus are built from these declarations. A user can override a shortcut
in QSettings under ``shortcuts/<name>``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from annotator.ui import plain
from annotator.ui.settings import settings

SEP = "-"


@dataclass(frozen=True)
class ActionSpec:
    name: str  # stable id; the settings key for shortcut overrides
    text: str
    handler: str  # method name on the window
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    checkable: bool = False
    tip: str = ""
    panes_only: bool = False  # the key works only while focus is in an article pane (lists have their own)


A = ActionSpec
ACTIONS: tuple[ActionSpec, ...] = (
    # File
    A("new_project", "&New Project…", "new_project", (QKeySequence.StandardKey.New,)),
    A("open_project", "&Open Project…", "open_project", (QKeySequence.StandardKey.Open,)),
    A("import_articles", "&Import Articles…", "import_articles", ("Ctrl+I",),
      tip="Import .txt .md .html .json .jsonl .csv files or folders"),
    A("import_articles_encoding", "Import Articles with &Encoding…", "import_articles_with_encoding",
      tip="Import text files read with an encoding you choose, when the detected one garbled their accents"),
    A("import_spans", "Import &Spans (JSONL)…", "import_spans", ("Ctrl+Shift+I",)),
    A("export_csv", "Export Spans as &CSV…", "export_csv", ("Ctrl+E",)),
    A("export_jsonl", "Export Spans as &JSONL…", "export_jsonl", ("Ctrl+Shift+E",)),
    A("export_matrix", "Export Code &Matrix (CSV)…", "export_matrix", (),
      tip="One row per article and coder, one column per code: for SPSS, Stata, R"),
    A("export_qdpx", "Export REFI-QDA &Project (.qdpx)…", "export_qdpx", (),
      tip="The whole project for MAXQDA, ATLAS.ti, NVivo, QualCoder"),
    A("import_qdpx", "Import REFI-QDA P&roject (.qdpx)…", "import_qdpx", ()),
    A("merge_projects", "Mer&ge Coders' Projects…", "merge_projects", (),
      tip="Bring other coders' project files in: their coders, spans and document status"),
    A("quit", "&Quit", "close", (QKeySequence.StandardKey.Quit, "Ctrl+Q")),
    # Edit (undo/redo come from the undo stack)
    A("delete_span", "&Delete Span", "delete_span", ("Del",), panes_only=True),
    A("find", "&Find in Article…", "find", (QKeySequence.StandardKey.Find, "Ctrl+F")),
    A("find_next", "Find &Next", "find_next", ("F3",)),
    A("find_previous", "Find Pre&vious", "find_previous", ("Shift+F3",)),
    A("search_corpus", "Searc&h All Articles…", "show_search", ("Ctrl+Shift+F",),
      tip="Search every article; the hits as a concordance you can sort, open, code and export"),
    # View
    A("add_pane", "&Add Article Pane", "add_pane", ("Ctrl+T",)),
    A("close_pane", "&Close Article Pane", "close_pane", ("Ctrl+W",)),
    A("next_pane", "Next &Pane", "next_pane", ("Ctrl+Tab",)),
    A("next_document", "Next Article in Pane", "next_document", ("Ctrl+PgDown",)),
    A("previous_document", "Previous Article in Pane", "previous_document", ("Ctrl+PgUp",)),
    A("word_snapping", "&Word Snapping", "set_word_snapping", (), checkable=True,
      tip="Extend selections to whole words"),
    A("show_others", "Show &Other Coders' Spans", "set_show_others", ("Ctrl+Shift+O",), checkable=True,
      tip="Blind coding is on while this is off"),
    A("sync_scroll", "&Synchronised Scrolling", "set_sync_scroll", (), checkable=True),
    A("zoom_in", "Zoom &In", "zoom_in", (QKeySequence.StandardKey.ZoomIn, "Ctrl+=", "Ctrl++")),
    A("zoom_out", "Zoom &Out", "zoom_out", (QKeySequence.StandardKey.ZoomOut, "Ctrl+-")),
    A("zoom_reset", "&Reset Zoom", "zoom_reset", ("Ctrl+0",)),
    A("statistics", "S&tatistics", "show_statistics", ("Ctrl+Shift+S",), tip="Coding statistics and plots"),
    A("agreement", "A&greement and Adjudication", "show_agreement", ("Ctrl+Shift+G",),
      tip="Inter-coder agreement, disagreements, and adjudication into a consensus coder"),
    A("stop_comparing", "Stop Comparing Coders", "stop_comparing", (),
      tip="Panes show your own spans again"),
    A("show_passages", "Show Shared &Passages", "set_show_passages", (), checkable=True,
      tip="Mark the text the articles in the panes share, and link it between panes"),
    A("next_passage", "Next Shared Passage", "next_passage", ("F7",),
      tip="Go to the next passage this article shares with another pane's, and bring that pane level"),
    A("previous_passage", "Previous Shared Passage", "previous_passage", ("Shift+F7",)),
    # Code
    A("recode", "&Recode Selected Span…", "recode_menu", ("Ctrl+R",)),
    A("grow_end", "Extend Span End", "grow_end", ("Shift+Alt+Right",)),
    A("shrink_end", "Shrink Span End", "shrink_end", ("Shift+Alt+Left",)),
    A("grow_start", "Extend Span Start", "grow_start", ("Ctrl+Shift+Alt+Left",)),
    A("shrink_start", "Shrink Span Start", "shrink_start", ("Ctrl+Shift+Alt+Right",)),
    A("next_span", "Ne&xt Span", "next_span", ("Alt+Down",)),
    A("previous_span", "Pre&vious Span", "previous_span", ("Alt+Up",)),
    A("next_uncoded", "Next &Uncoded Article", "next_uncoded", ("Alt+PgDown",),
      tip="The next article you have not marked done"),
    A("previous_uncoded", "Previous Uncoded Article", "previous_uncoded", ("Alt+PgUp",)),
    A("propagate_span", "&Apply to Matching Passages…", "propagate_span", ("Ctrl+Shift+P",),
      tip="Code the matching text in every article that shares the selected span's passage"),
    A("mark_done", "&Mark Article Done", "mark_done", ("Ctrl+D",), checkable=True,
      tip="Mark the article in the current pane done for you"),
    A("mark_noise", "Mark as &Noise", "mark_noise", ("Ctrl+Shift+N",), panes_only=True,
      tip="Page clutter: dimmed, and left out of coverage and agreement"),
    A("unmark_noise", "Not Noise", "unmark_noise", ("Ctrl+Alt+N",), panes_only=True,
      tip="The selection, or the dimmed region under the cursor, counts as article text again"),
    # Coder
    A("switch_coder", "&Switch Coder…", "switch_coder", ("Ctrl+Shift+U",)),
)

MENUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("&File", ("new_project", "open_project", "@recent", SEP, "import_articles", "import_articles_encoding", "import_spans",
               "import_qdpx", "merge_projects", SEP, "export_csv", "export_jsonl", "export_matrix", "export_qdpx", SEP, "quit")),
    ("&Edit", ("@undo", "@redo", SEP, "delete_span", SEP, "find", "find_next", "find_previous", "search_corpus")),
    ("&View", ("add_pane", "close_pane", "next_pane", "next_document", "previous_document", SEP,
               "word_snapping", "show_others", "sync_scroll", SEP, "show_passages", "next_passage",
               "previous_passage", SEP, "zoom_in", "zoom_out", "zoom_reset",
               SEP, "statistics", "agreement", "stop_comparing", "@docks")),
    ("&Code", ("@codes", SEP, "recode", "delete_span", "propagate_span", SEP, "grow_end", "shrink_end", "grow_start",
               "shrink_start", SEP, "next_span", "previous_span", SEP, "next_uncoded", "previous_uncoded",
               "mark_done", SEP, "mark_noise", "unmark_noise")),
    ("C&oder", ("switch_coder",)),
)

#: What the article view's right-click menu offers, after Copy / Select All.
CONTEXT_MENU: tuple[str, ...] = ("@code_as", "@recode_as", "@delete_span", "propagate_span", SEP, "mark_noise",
                                 "unmark_noise", SEP, "find")


def shortcuts_for(spec: ActionSpec) -> list[QKeySequence]:
    override = settings().value(f"shortcuts/{spec.name}")
    if override:
        return [QKeySequence(str(override))]
    keys: list[QKeySequence] = []
    for key in spec.shortcuts:
        if isinstance(key, QKeySequence.StandardKey):
            keys.extend(QKeySequence.keyBindings(key))
        else:
            keys.append(QKeySequence(key))
    seen: list[QKeySequence] = []
    for k in keys:
        if not k.isEmpty() and k not in seen:
            seen.append(k)
    return seen


def build_actions(owner: QWidget, specs: tuple[ActionSpec, ...] = ACTIONS,
                  panes: QWidget | None = None) -> dict[str, QAction]:
    """One QAction per spec, connected to ``owner.<handler>`` and added to *owner* so its
    shortcut works wherever focus is in the window; ``panes_only`` actions are added to
    *panes* instead, so a list dock's own key (e.g. Delete in the span list) is not ambiguous."""
    actions: dict[str, QAction] = {}
    for spec in specs:
        action = QAction(spec.text, owner)
        action.setObjectName(spec.name)
        action.setShortcuts(shortcuts_for(spec))
        action.setCheckable(spec.checkable)
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(plain.tooltip(spec.tip))
        handler: Callable = getattr(owner, spec.handler)
        if spec.checkable:
            action.toggled.connect(handler)
        else:
            action.triggered.connect(lambda _checked=False, h=handler: h())
        if spec.panes_only and panes is not None:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            panes.addAction(action)
        else:
            owner.addAction(action)
        actions[spec.name] = action
    return actions


def fill_menu(menu: QMenu, items: tuple[str, ...], actions: dict[str, QAction],
              special: dict[str, Callable[[QMenu], None]]) -> None:
    """Add *items* to *menu*: action names, separators, and ``@name`` builders from *special*."""
    for item in items:
        if item == SEP:
            menu.addSeparator()
        elif item.startswith("@"):
            special[item[1:]](menu)
        else:
            menu.addAction(actions[item])
