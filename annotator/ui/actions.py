"""Every window action declared once (name, text, shortcut); menus and context menus
are built from these declarations, and each feature controller registers the callable
an action runs under its name. A user can override a shortcut in QSettings under
``shortcuts/<name>``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from annotator.ui import plain
from annotator.ui.settings import settings
from annotator.ui.weak import WeakCallback

SEP = "-"


@dataclass(frozen=True)
class ActionSpec:
    name: str  # stable id; the settings key for shortcut overrides
    text: str
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    checkable: bool = False
    tip: str = ""
    panes_only: bool = False  # the key works only while focus is in an article pane (lists have their own)


A = ActionSpec
ACTIONS: tuple[ActionSpec, ...] = (
    # File
    A("new_project", "&New Project…", (QKeySequence.StandardKey.New,)),
    A("open_project", "&Open Project…", (QKeySequence.StandardKey.Open,)),
    A("import_articles", "&Import Articles…", ("Ctrl+I",),
      tip="Import .txt .md .html .json .jsonl .csv files or folders"),
    A("import_articles_encoding", "Import Articles with &Encoding…",
      tip="Import text files read with an encoding you choose, when the detected one garbled their accents"),
    A("import_spans", "Import &Spans (JSONL)…", ("Ctrl+Shift+I",)),
    A("export_csv", "Export Spans as &CSV…", ("Ctrl+E",)),
    A("export_jsonl", "Export Spans as &JSONL…", ("Ctrl+Shift+E",)),
    A("export_matrix", "Export Code &Matrix (CSV)…", (),
      tip="One row per article and coder, one column per code: for SPSS, Stata, R"),
    A("export_qdpx", "Export REFI-QDA &Project (.qdpx)…", (),
      tip="The whole project for MAXQDA, ATLAS.ti, NVivo, QualCoder"),
    A("import_qdpx", "Import REFI-QDA P&roject (.qdpx)…", ()),
    A("merge_projects", "Mer&ge Coders' Projects…", (),
      tip="Bring other coders' project files in: their coders, spans and document status"),
    A("quit", "&Quit", (QKeySequence.StandardKey.Quit, "Ctrl+Q")),
    # Edit (undo/redo come from the undo stack)
    A("delete_span", "&Delete Span", ("Del",), panes_only=True),
    A("find", "&Find in Article…", (QKeySequence.StandardKey.Find, "Ctrl+F")),
    A("find_next", "Find &Next", ("F3",)),
    A("find_previous", "Find Pre&vious", ("Shift+F3",)),
    A("search_corpus", "Searc&h All Articles…", ("Ctrl+Shift+F",),
      tip="Search every article; the hits as a concordance you can sort, open, code and export"),
    # View
    A("add_pane", "&Add Article Pane", ("Ctrl+T",)),
    A("close_pane", "&Close Article Pane", ("Ctrl+W",)),
    A("next_pane", "Next &Pane", ("Ctrl+Tab",)),
    A("next_document", "Next Article in Pane", ("Ctrl+PgDown",)),
    A("previous_document", "Previous Article in Pane", ("Ctrl+PgUp",)),
    A("word_snapping", "&Word Snapping", (), checkable=True,
      tip="Extend selections to whole words"),
    A("show_others", "Show &Other Coders' Spans", ("Ctrl+Shift+O",), checkable=True,
      tip="Blind coding is on while this is off"),
    A("sync_scroll", "&Synchronised Scrolling", (), checkable=True),
    A("zoom_in", "Zoom &In", (QKeySequence.StandardKey.ZoomIn, "Ctrl+=", "Ctrl++")),
    A("zoom_out", "Zoom &Out", (QKeySequence.StandardKey.ZoomOut, "Ctrl+-")),
    A("zoom_reset", "&Reset Zoom", ("Ctrl+0",)),
    A("reset_layout", "Reset &Layout", (),
      tip="Every dock back in its default place and size, the panes even, the window on the screen"),
    A("statistics", "S&tatistics", ("Ctrl+Shift+S",), tip="Coding statistics and plots"),
    A("agreement", "A&greement and Adjudication", ("Ctrl+Shift+G",),
      tip="Inter-coder agreement, disagreements, and adjudication into a consensus coder"),
    A("stop_comparing", "Stop Comparing Coders", (),
      tip="Panes show your own spans again"),
    A("show_passages", "Show Shared &Passages", (), checkable=True,
      tip="Mark the text the articles in the panes share, and link it between panes"),
    A("next_passage", "Next Shared Passage", ("F7",),
      tip="Go to the next passage this article shares with another pane's, and bring that pane level"),
    A("previous_passage", "Previous Shared Passage", ("Shift+F7",)),
    # Code
    A("recode", "&Recode Selected Span…", ("Ctrl+R",)),
    A("grow_end", "Extend Span End", ("Shift+Alt+Right",)),
    A("shrink_end", "Shrink Span End", ("Shift+Alt+Left",)),
    A("grow_start", "Extend Span Start", ("Ctrl+Shift+Alt+Left",)),
    A("shrink_start", "Shrink Span Start", ("Ctrl+Shift+Alt+Right",)),
    A("next_span", "Ne&xt Span", ("Alt+Down",)),
    A("previous_span", "Pre&vious Span", ("Alt+Up",)),
    A("next_uncoded", "Next &Uncoded Article", ("Alt+PgDown",),
      tip="The next article you have not marked done"),
    A("previous_uncoded", "Previous Uncoded Article", ("Alt+PgUp",)),
    A("propagate_span", "&Apply to Matching Passages…", ("Ctrl+Shift+P",),
      tip="Code the matching text in every article that shares the selected span's passage"),
    A("mark_done", "&Mark Article Done", ("Ctrl+D",), checkable=True,
      tip="Mark the article in the current pane done for you"),
    A("mark_noise", "Mark as &Noise", ("Ctrl+Shift+N",), panes_only=True,
      tip="Page clutter: dimmed, and left out of coverage and agreement"),
    A("unmark_noise", "Not Noise", ("Ctrl+Alt+N",), panes_only=True,
      tip="The selection, or the dimmed region under the cursor, counts as article text again"),
    # Coder
    A("switch_coder", "&Switch Coder…", ("Ctrl+Shift+U",)),
)

MENUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("&File", ("new_project", "open_project", "@recent", SEP, "import_articles", "import_articles_encoding", "import_spans",
               "import_qdpx", "merge_projects", SEP, "export_csv", "export_jsonl", "export_matrix", "export_qdpx", SEP, "quit")),
    ("&Edit", ("@undo", "@redo", SEP, "delete_span", SEP, "find", "find_next", "find_previous", "search_corpus")),
    ("&View", ("add_pane", "close_pane", "next_pane", "next_document", "previous_document", SEP,
               "word_snapping", "show_others", "sync_scroll", SEP, "show_passages", "next_passage",
               "previous_passage", SEP, "zoom_in", "zoom_out", "zoom_reset",
               SEP, "statistics", "agreement", "stop_comparing", "@docks", SEP,
               "reset_layout")),
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


def build_actions(owner: QWidget, handlers: dict[str, Callable], specs: tuple[ActionSpec, ...] = ACTIONS,
                  panes: QWidget | None = None) -> dict[str, QAction]:
    """One QAction per spec, running ``handlers[spec.name]`` (checkable actions pass their new
    state), added to *owner* so its shortcut works wherever focus is in the window;
    ``panes_only`` actions are added to *panes* instead, so a list dock's own key (e.g. Delete
    in the span list) is not ambiguous. Every spec needs a handler and every handler a spec."""
    names = {spec.name for spec in specs}
    if names != set(handlers):
        raise ValueError(f"actions without a handler: {sorted(names - set(handlers))}; "
                         f"handlers without an action: {sorted(set(handlers) - names)}")
    actions: dict[str, QAction] = {}
    for spec in specs:
        action = QAction(spec.text, owner)
        action.setObjectName(spec.name)
        action.setShortcuts(shortcuts_for(spec))
        action.setCheckable(spec.checkable)
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(plain.tooltip(spec.tip))
        handler = handlers[spec.name]
        if spec.checkable:
            action.toggled.connect(handler)
        else:
            action.triggered.connect(_Runner(handler, action).run)
        if spec.panes_only and panes is not None:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            panes.addAction(action)
        else:
            owner.addAction(action)
        actions[spec.name] = action
    return actions


class _Runner(QObject):
    """Calls a handler without the ``checked`` argument of ``triggered``; a child of its
    action, so the connection and the handler go when the action goes. A bound method is
    held weakly: the window's own (Quit) would otherwise close a cycle through its action."""

    def __init__(self, handler: Callable[[], object], action: QAction):
        super().__init__(action)
        self.handler = WeakCallback(handler)

    def run(self, _checked: bool = False) -> None:
        self.handler()


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
