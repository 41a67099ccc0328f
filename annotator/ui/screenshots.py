"""The README's screenshots, rendered from the code as it is, so they cannot go stale.

    python -m annotator.ui.screenshots resources/          # the README's images
    python -m annotator.ui.screenshots shots/ --only workspace,search

Builds a demo project from the seeds in a temporary folder: the default codebook, the five
seed articles with the page clutter and shared passages import finds, three coders
(ana, ben, chen) with spans of every code that mostly but not always agree, two articles
marked done by every coder, and one adjudicated disagreement (a consensus span). Then it
opens the real window offscreen at 1600x1000 and saves one PNG per view:

    workspace     two articles side by side, spans of every code, a quote nested in a claim
    passages      the AP wire copy beside Global News, one shared passage lit
    search        the Search dock: every hit of "Kalbajar" in context
    statistics    Statistics, Code positions: every article, three coders
    reuse         Statistics, Reuse: each article's share found elsewhere
    agreement     Agreement, Figures: per code between ana and ben, one code's per-article rows
    adjudication  Agreement, Disagreements: one decided, the next selected

Nothing is read from or written to the user's settings or data folder. A test runs it into
a temporary folder (tests/ui/test_screenshots.py); regenerate the README's images with the
first command whenever the window changes, and look at them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SIZE = (1600, 1000)
SHOTS = ("workspace", "passages", "search", "statistics", "reuse", "agreement", "adjudication")
CODERS = ("ana", "ben", "chen")
AP_TITLE = "Aliyev vows to rebuild Kalbajar"
GLOBAL_TITLE = "Azerbaijani leader promises"


@dataclass(frozen=True)
class Coding:
    document: int
    code: str
    start: int
    end: int
    attributes: dict | None = None


# -- the demo project ----------------------------------------------------------------------
_SENTENCE = re.compile(r"\S.*?(?:[.!?][\"”’]?(?=\s+[A-Z\"“])|$)", re.MULTILINE)
_QUOTED = re.compile(r"[\"“][^\"“”\n]{12,}?[\"”]")
_CASUALTY = re.compile(r"(?i)\b(kill\w*|dead|deaths?|died|wounded|casualt\w*|displaced|refugees)\b")
_TERRITORY = re.compile(r"(?i)\b(turned over|hand(?:ed)? over|ceded|withdr[ae]w\w*|recaptured|takeover)\b")
_CLAIM = re.compile(r"(?i)\b(officials said|ministry said|vowed|claimed|announced|according to|promised)\b")


_CLAUSE_EDGE = re.compile(r"[,;:—–]\s|\s[—–]\s")


def _coded_part(sentence: str) -> tuple[str, int, int] | None:
    """(code, start, end) within *sentence*: a claim is the whole sentence; a casualty figure
    or a territorial change only the clause that holds it, as the codebook asks."""
    if _QUOTED.search(sentence):
        return None  # the quotation is coded as a quote
    for code, pattern in (("casualty figure", _CASUALTY), ("territorial change", _TERRITORY)):
        m = pattern.search(sentence)
        if m:
            edges = [0] + [e.end() for e in _CLAUSE_EDGE.finditer(sentence)] + [len(sentence) + 2]
            start = max(e for e in edges if e <= m.start())
            end = min(e for e in edges if e > m.end()) - 2
            return code, start, max(end, m.end())
    if _CLAIM.search(sentence):
        return "claim", 0, len(sentence)
    return None


def gold_codings(project) -> list[Coding]:
    """A plausible coding of every article: quotations as quotes, and sentences that report
    harm, a change of control or an attributed statement as the matching code. Noise (page
    clutter) is never coded."""
    codings: list[Coding] = []
    for summary in project.documents():
        doc = project.document(summary.id)
        noise = [(n.start, n.end) for n in _noise(project, doc.id)]
        for m in _QUOTED.finditer(doc.text):
            if not _in_noise(noise, m.start(), m.end()):
                codings.append(Coding(doc.id, "quote", m.start(), m.end(), {"speaker": _speaker(doc.text, m.end())}))
        for m in _SENTENCE.finditer(doc.text):
            part = _coded_part(m.group())
            if part is None:
                continue
            code, start, end = part[0], m.start() + part[1], m.start() + part[2]
            start += len(doc.text[start:end]) - len(doc.text[start:end].lstrip())
            end -= len(doc.text[start:end]) - len(doc.text[start:end].rstrip(" ,;:"))
            if not 15 <= end - start <= 320 or _in_noise(noise, start, end):
                continue
            codings.append(Coding(doc.id, code, start, end))
        if doc.title.startswith(AP_TITLE):  # a claim around the quote: the nesting the view must show
            needle = "let no one have doubts about that, and life will return there,\" President Ilham Aliyev said"
            if needle in doc.text:
                at = doc.text.index(needle)
                codings.append(Coding(doc.id, "claim", at, at + len(needle), {"claimant": "Ilham Aliyev"}))
    return codings


def _noise(project, doc_id: int) -> list:
    from annotator.store.noise import noise_for

    return noise_for(project, doc_id)


def _in_noise(noise: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in noise)


def _speaker(text: str, after: int) -> str:
    m = re.match(r"[^.\n]{0,40}?\b(?:said|says)\b\s+([A-Z][\w.-]+(?:\s+[A-Z][\w.-]+){0,2})", text[after:after + 80])
    if m:
        return m.group(1)
    m = re.match(r"[,\s]*([A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,2})\s+said", text[after:after + 60])
    return m.group(1) if m else ""


def coder_variant(gold: list[Coding], text_of: Callable[[int], str], seed: int) -> list[Coding]:
    """One coder's version of *gold*: most spans as they are, some missed, some a few words
    shorter or longer, a few under another code, the way real coders differ."""
    rng = random.Random(seed)
    codes = ["claim", "quote", "casualty figure", "territorial change"]
    out: list[Coding] = []
    for c in gold:
        roll = rng.random()
        if roll < 0.10:
            continue  # missed
        start, end, code = c.start, c.end, c.code
        if roll < 0.30:  # boundaries a word or two off
            text = text_of(c.document)
            start = _shift_start(text, start, rng.choice((-2, -1, 0, 1, 2)))
            end = _shift_end(text, end, rng.choice((-2, -1, 0, 1, 2)))
            if end - start < 10:
                start, end = c.start, c.end
        elif roll < 0.36 and code != "quote":
            code = rng.choice([x for x in codes if x not in (code, "quote")])
        out.append(Coding(c.document, code, start, end, c.attributes))
    return out


_WORD = re.compile(r"[^\s]+")


def _shift_start(text: str, start: int, words: int) -> int:
    """A span's start moved *words* whole words (negative: earlier), on the same line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    starts = [m.start() for m in _WORD.finditer(text, line_start, len(text) if line_end < 0 else line_end)]
    if start not in starts:
        return start
    return starts[max(0, min(len(starts) - 1, starts.index(start) + words))]


def _shift_end(text: str, end: int, words: int) -> int:
    """A span's end moved *words* whole words (negative: earlier), on the same line."""
    line_start = text.rfind("\n", 0, max(0, end - 1)) + 1
    line_end = text.find("\n", end)
    ends = [m.end() for m in _WORD.finditer(text, line_start, len(text) if line_end < 0 else line_end)]
    if end not in ends:
        return end
    return ends[max(0, min(len(ends) - 1, ends.index(end) + words))]


def build_demo(path: Path) -> None:
    """The demo project at *path*: seeds, three coders' spans, statuses (see the module doc)."""
    from annotator.core.model import DocStatus
    from annotator.defaults import populate_default
    from annotator.store import Project

    with Project(path) as project:
        populate_default(project)
        gold = gold_codings(project)
        texts = {d.id: project.document(d.id).text for d in project.documents()}
        code_ids = {c.name: c.id for c in project.codes()}
        for n, name in enumerate(CODERS):
            coder = project.ensure_coder(name).id
            spans = gold if name == "ana" else coder_variant(gold, texts.__getitem__, seed=11 + n)
            seen: set[tuple[int, str, int, int]] = set()
            for c in spans:
                if (key := (c.document, c.code, c.start, c.end)) in seen:
                    continue
                seen.add(key)
                project.add_span(c.document, code_ids[c.code], coder, c.start, c.end, attributes=c.attributes)
            for doc in (_doc(project, AP_TITLE), _doc(project, GLOBAL_TITLE)):
                project.set_status(doc, coder, DocStatus.DONE)


def _doc(project, title: str) -> int:
    return next(d.id for d in project.documents() if d.title.startswith(title))


# -- rendering -------------------------------------------------------------------------------
@contextmanager
def _isolated(tmp: Path) -> Iterator[None]:
    """Settings and user data inside *tmp*: a screenshot run never sees or changes the user's."""
    from PySide6.QtCore import QSettings

    from annotator.ui.settings import reset

    saved = {var: os.environ.get(var) for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME")}
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data")):
        os.environ[var] = str(tmp / sub)
    reset()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qsettings"))
    try:
        yield
    finally:
        reset()
        for var, value in saved.items():
            if value is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = value


def _settle(rounds: int = 6) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    for _ in range(rounds):
        loop = QEventLoop()
        QTimer.singleShot(30, loop.quit)  # let timers (debounced refreshes) fire, then paint
        loop.exec()
        QCoreApplication.processEvents()


def _save(widget, out: Path) -> Path:
    _settle()
    image = widget.grab().toImage()
    if (image.width(), image.height()) != SIZE:  # a screen too small shrinks the window to fit it
        raise RuntimeError(f"{out.name}: rendered at {image.width()}x{image.height()}, not {SIZE[0]}x{SIZE[1]}")
    if not image.save(str(out)):
        raise OSError(f"{out}: could not write the image")
    return out


class Renderer:
    """The window over the demo project; one method per screenshot."""

    def __init__(self, project_path: Path):
        from annotator.store import Project
        from annotator.ui.main_window import MainWindow
        from annotator.ui.session import Session

        self.project = Project(project_path)
        self.session = Session(self.project, "ana")
        self.window = MainWindow(self.session, restore=False)
        self.window.resize(*SIZE)
        self.window.show()
        self.ap = _doc(self.project, AP_TITLE)
        self.global_news = _doc(self.project, GLOBAL_TITLE)

    def close(self) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent
        from PySide6.QtWidgets import QDockWidget

        for dock in self.window.findChildren(QDockWidget):  # statistics, agreement float: top-level windows
            dock.setFloating(False)
        self.window.close()
        self.session.close()
        self.project.close()
        self.window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def _two_panes(self) -> None:
        w = self.window
        while len(w.panes) > 1:
            w.pane_control.close_pane(w.panes[-1])
        w.panes[0].open_document(self.ap)
        w.pane_control.add_pane(self.global_news)
        w.pane_control.set_current(w.panes[0])

    def _fixed_size(self, widget) -> None:
        widget.resize(*SIZE)
        _settle(2)

    def workspace(self, out: Path) -> Path:
        self._two_panes()
        pane = self.window.panes[0]
        text = pane.view.doc.text
        quote = next(s for s in self.project.spans_where("document_id = ? AND coder_id = ?",
                                                          (self.ap, self.session.coder.id))
                     if s.code_id == self.project.code_by_path("quote").id and text[s.start] in "\"“")
        self.session.select_span(quote.id)
        pane.view.show_span(quote.id)
        pane.view.verticalScrollBar().setValue(0)
        self.window.spans_dock.show()
        self.window.spans_dock.raise_()
        return _save(self.window, out)

    def passages(self, out: Path) -> Path:
        self._two_panes()
        self.session.select_span(-1)
        left = self.window.panes[0]
        marks = self.window.passages.marks_of(left).marks
        shown = marks[min(2, len(marks) - 1)] if marks else None
        if shown is not None:
            self.window.passages.set_current(frozenset({shown.passage.id}))
            left.view.verticalScrollBar().setValue(0)
        return _save(self.window, out)

    def search(self, out: Path) -> Path:
        from PySide6.QtCore import Qt

        self._two_panes()
        dock = self.window.search_dock
        dock.show()
        dock.raise_()
        self.window.resizeDocks([dock], [420], Qt.Orientation.Vertical)  # room for a page of hits
        dock.query.setText("Kalbajar")
        dock.run_search("Kalbajar")
        return _save(self.window, out)

    def _statistics(self, tab_title: str, out: Path) -> Path:
        dock = self.window.statistics.show()  # opens floating (ui/docks/placement.py)
        self._fixed_size(dock)
        tabs = dock.tabs
        index = next(i for i in range(tabs.count()) if tabs.tabText(i) == tab_title)
        tabs.setCurrentIndex(index)
        _settle()
        dock.flush()
        path = _save(dock, out)
        dock.hide()
        return path

    def statistics(self, out: Path) -> Path:
        return self._statistics("Code positions", out)

    def reuse(self, out: Path) -> Path:
        return self._statistics("Reuse", out)

    def _agreement(self):
        dock = self.window.agreement.show()  # opens floating (ui/docks/placement.py)
        self._fixed_size(dock)
        dock.set_coders(["ana", "ben"])
        dock.recompute(force=True)
        dock.intervals.wait()  # the 95% intervals come from a worker thread
        _settle()
        return dock

    def agreement(self, out: Path) -> Path:
        dock = self._agreement()
        dock.tabs.setCurrentIndex(0)
        view = dock.figures_view
        flags = view.selectionModel().SelectionFlag.ClearAndSelect | view.selectionModel().SelectionFlag.Rows
        view.selectionModel().setCurrentIndex(dock.figures.index(0, 0), flags)  # with its per-article rows
        return _save(dock, out)

    def adjudication(self, out: Path) -> Path:
        dock = self._agreement()
        dock.tabs.setCurrentIndex(1)
        view = dock.disagreement_view
        flags = view.selectionModel().SelectionFlag.ClearAndSelect | view.selectionModel().SelectionFlag.Rows
        rows = dock.disagreements.rowCount()
        if rows:
            view.selectionModel().setCurrentIndex(dock.disagreements.index(min(2, rows - 1), 0), flags)
            _settle(2)
            dock.panel.accept_buttons["ana"].click()  # one decision: a consensus span, undoable
            _settle(2)
            view.selectionModel().setCurrentIndex(dock.disagreements.index(0, 0), flags)
        return _save(dock, out)


def _quiet(mode, context, message) -> None:
    """The offscreen platform's notes on every shown window and raise(): not news here."""
    if "propagateSizeHints" not in message and "does not support raise" not in message:
        print(message, file=sys.stderr)


def _offscreen_screen(folder: Path) -> None:
    """Offscreen Qt's screen is 800x800 unless told otherwise, and the window keeps itself on
    its screen: give it a 1920x1080 one (no effect once the application exists)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    if platform != "offscreen":
        return
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "offscreen", "x": 0, "y": 0, "width": 1920, "height": 1080,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def render_all(out_dir: Path, only: tuple[str, ...] = SHOTS) -> list[Path]:
    """Build the demo project and save the screenshots named in *only* into *out_dir*."""
    from PySide6.QtCore import qInstallMessageHandler
    out_dir.mkdir(parents=True, exist_ok=True)
    unknown = [name for name in only if name not in SHOTS]
    if unknown:
        raise ValueError(f"unknown screenshot {', '.join(unknown)} (one of {', '.join(SHOTS)})")
    with tempfile.TemporaryDirectory(prefix="annotator-shots-") as tmp, _isolated(Path(tmp)):
        _offscreen_screen(Path(tmp))
        from annotator.ui.app import application

        application()
        demo = Path(tmp) / "demo.annotator"
        build_demo(demo)
        previous = qInstallMessageHandler(_quiet)
        renderer = Renderer(demo)
        try:
            return [getattr(renderer, name)(out_dir / f"screenshot-{name}.png") for name in SHOTS if name in only]
        finally:
            renderer.close()
            qInstallMessageHandler(previous)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m annotator.ui.screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder for the PNG files (e.g. resources/)")
    parser.add_argument("--only", default=",".join(SHOTS), help=f"comma-separated, of: {', '.join(SHOTS)}")
    args = parser.parse_args(argv)
    only = tuple(x.strip() for x in args.only.split(",") if x.strip())
    try:
        for path in render_all(args.out_dir, only):
            print(f"wrote {path}")
    except (ValueError, OSError) as exc:
        print(f"screenshots: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
