"""Importing files and folders into a project: :func:`import_paths`.

Formats by suffix: ``.txt`` and ``.md`` (plain text), ``.html``/``.htm`` (the
article text of a saved page), ``.json``/``.jsonl``/``.csv`` (one article per
record, see :mod:`annotator.io.articles`), ``.docx``/``.odt``/``.rtf``/``.pdf``
(see :mod:`annotator.io.formats`), and ``.jsonl`` span files (see
:mod:`annotator.io.spans_jsonl`). News-database exports (LexisNexis, Factiva) are
recognised by their content and split into one document per article. Folders are
searched recursively, in sorted order; hidden files are skipped.

Every file is stored in its own savepoint (every record of a file of records in
its own, too; a plain article is one INSERT, atomic without one), so a bad file
leaves the project exactly as it was for that file and the rest of the batch goes
on. A file of records (articles or spans) is all or nothing: one bad record and
the whole file is refused, every bad record listed; ``skip_bad`` keeps the good
records instead. Files are committed in batches of about :data:`BATCH_SECONDS` of
write-lock time (at most :data:`BATCH_FILES` files): each commit is an fsync, and
between batches the write lock is free, so a coder's edit in the window (or a
second import) waits a fraction of a second, not the whole import.

Article files read whole (text, HTML, documents) are read, decoded and parsed in a
worker thread a little ahead of the writes (:mod:`annotator.io.prefetch`); the write
lock is held only to store them, and let go when the next file is not read yet.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.model import NewDocument
from annotator.io.articles import article_from_fields, iter_csv, iter_json, iter_jsonl
from annotator.io.errors import BadRecords, ImportProblem
from annotator.io.formats import DOCUMENT_SUFFIXES, EXPORT_TEXT_SUFFIXES, ParsedFile, read_file
from annotator.io.formats.dumps import dump_text_column, map_dump_fields
from annotator.io.formats.storing import store_parsed
from annotator.io.prefetch import ReadAhead
from annotator.io.reading import forced_encoding, open_text
from annotator.io.spans_jsonl import is_span_record, load_spans
from annotator.store import Project
from annotator.store.analysis import analyse_or_explain
from annotator.store.errors import DuplicateDocument, ProjectError

SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".csv", *DOCUMENT_SUFFIXES)
#: Files per outer transaction (one commit, one fsync) at most ...
BATCH_FILES = 2000
#: ... and a batch is committed once it has held the write lock this long (a file is never split).
BATCH_SECONDS = 0.2
#: "single": a news-database export is read as one article, not split
AS_CHOICES = ("articles", "spans", "single")

#: ``progress(done, total, current_path)``, called after each file; return False to stop.
Progress = Callable[[int, int, Path], Any]
#: What :func:`annotator.io.formats.read_file` makes of an article file, and its warnings.
ReadFile = tuple[ParsedFile | NewDocument, list[str]]
#: Suffixes of article files read whole (ahead of the writes, see :mod:`annotator.io.prefetch`).
READ_WHOLE = DOCUMENT_SUFFIXES + EXPORT_TEXT_SUFFIXES


@dataclass
class ImportReport:
    """What an import did. Paths are strings: the file, or ``"file, line N"`` for a record."""

    documents_added: list[tuple[str, int]] = field(default_factory=list)
    duplicates: list[tuple[str, int]] = field(default_factory=list)
    spans_added: int = 0
    already_present: int = 0  # spans skipped: same guid, or same document, coder, code and range
    files: int = 0  # files read
    refused_files: list[str] = field(default_factory=list)  # nothing from these was imported
    bad_records: int = 0  # records refused (in refused files, or left out with skip_bad)
    not_read: int = 0  # files left unread because the import was stopped
    codes_created: list[str] = field(default_factory=list)
    coders_created: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    near_duplicates: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Everything asked for went in (what was already present counts as in)."""
        return not self.errors and not self.not_read

    def merge(self, other: "ImportReport") -> None:
        for name in ("documents_added", "duplicates", "codes_created", "coders_created", "warnings", "errors",
                     "refused_files", "near_duplicates"):
            items = getattr(other, name)
            if items:
                getattr(self, name).extend(items)
        for name in ("spans_added", "already_present", "files", "bad_records", "not_read"):
            count = getattr(other, name)
            if count:
                setattr(self, name, getattr(self, name) + count)

    def note_near_duplicates(self, project: Project) -> None:
        """List the pairs of near-duplicates (at least 90% shared text, see
        :mod:`annotator.store.duplicates`) among the added documents and the project;
        run after the shared passages are found."""
        from annotator.store.duplicates import near_duplicates
        from annotator.store.exchange import document_titles

        added = {doc_id: label for label, doc_id in self.documents_added}
        if not added:
            return
        titles = document_titles(project)
        for pair in near_duplicates(project, added):
            self.near_duplicates.append(f"document {pair.a_id} ({titles.get(pair.a_id, '')!r}) and document "
                                        f"{pair.b_id} ({titles.get(pair.b_id, '')!r}): {pair.share:.0%} shared")

    def summary(self) -> str:
        """A few lines for a terminal or a message box: what went in, then what was refused,
        then every problem."""
        lines = [f"{_n(len(self.documents_added), 'document')} added, {_n(self.spans_added, 'span')} added, "
                 f"{self.already_present:,} already present, "
                 f"{_n(len(self.duplicates), 'duplicate')} skipped (text already in the project)."]
        if self.ok:
            lines.append(f"Everything was imported ({_n(self.files, 'file')} read).")
        elif not self.errors:
            lines.append(f"Stopped: {self.not_read:,} of {_n(self.files, 'file')} not read.")
        else:
            lines.append(f"Not everything was imported: {len(self.refused_files):,} of {_n(self.files, 'file')} "
                         f"refused, {_n(self.bad_records, 'bad record')}; see the errors below.")
        if self.codes_created:
            lines.append(f"New codes: {', '.join(self.codes_created)}")
        if self.coders_created:
            lines.append(f"New coders: {', '.join(self.coders_created)}")
        if self.near_duplicates:
            lines.append(f"{_n(len(self.near_duplicates), 'near-duplicate pair')} (editions of one story; "
                         "marked in the documents list):")
            lines.extend(f"  {item}" for item in self.near_duplicates)
        for label, items in (("Warning", self.warnings), ("Error", self.errors)):
            if items:
                lines.append(f"{_n(len(items), label.lower())}:")
                lines.extend(f"  {item}" for item in items)
        return "\n".join(lines)


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def collect_files(paths: Iterable[str | Path], report: ImportReport) -> list[Path]:
    """The importable files under *paths* (folders recursively, sorted), each once."""
    out: list[Path] = []
    seen: set[str] = set()

    def add(p: Path, key: str) -> None:
        if key not in seen:
            seen.add(key)
            out.append(p)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _folder_files(path)
            wanted = [(p, key) for p, key in found if p.suffix.lower() in SUFFIXES]
            others = sorted({p.suffix.lower() or "(none)" for p, _ in found if p.suffix.lower() not in SUFFIXES})
            if len(wanted) < len(found):
                report.warnings.append(f"{path}: skipped {_n(len(found) - len(wanted), 'file')} of other types "
                                       f"({', '.join(others)})")
            if not wanted:
                report.errors.append(f"{path}: no files to import (looked for {', '.join(SUFFIXES)})")
                report.refused_files.append(str(path))
            for p, key in wanted:
                add(p, key)
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                add(path, _key(path.resolve()))
            else:
                report.errors.append(f"{path}: cannot import {path.suffix or 'files without a suffix'} "
                                     f"(supported: {', '.join(SUFFIXES)})")
                report.refused_files.append(str(path))
        else:
            report.errors.append(f"{path}: no such file or folder")
            report.refused_files.append(str(path))
    return out


def _key(resolved: Path | str) -> str:
    """A resolved path as a file's identity (its case ignored where the OS ignores it, as Path equality does)."""
    return os.path.normcase(str(resolved))


def _folder_files(folder: Path) -> list[tuple[Path, str]]:
    """The files under *folder* (``Path.rglob``'s walk: symbolic links to folders are not
    followed, unreadable folders are passed over), hidden ones and those in hidden folders
    left out, in ``sorted`` order of their paths; each with the :func:`_key` of its resolved
    path (to import a file reached twice once). One ``scandir`` per folder, so a big folder
    lists fast."""
    base = str(folder.resolve())
    found: list[tuple[tuple[str, ...], bool]] = []  # (parts under folder, is a symbolic link)

    def walk(directory: str, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
        except (PermissionError, FileNotFoundError, NotADirectoryError):
            return
        for entry in listed:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, (*parts, entry.name))
                elif entry.is_file():
                    found.append(((*parts, entry.name), entry.is_symlink()))
            except OSError:
                continue

    walk(str(folder), ())
    found.sort(key=lambda item: tuple(map(os.path.normcase, item[0])))  # as Path sorts: by parts, case as the OS
    out = []
    for parts, link in found:
        path = folder.joinpath(*parts)
        # below a resolved folder, a path without links in it is already resolved
        out.append((path, _key(path.resolve() if link else os.path.join(base, *parts))))
    return out


def _holds_spans(path: Path) -> bool:
    """Whether the first record of a JSONL file is a span record."""
    try:
        with open_text(path, newline=None) as (stream, _, _):
            for line in stream:
                if line.strip():
                    record = json.loads(line)
                    return isinstance(record, dict) and is_span_record(record)
    except (ImportProblem, ValueError, OSError, RecursionError):
        return False  # the article reader reports the problem
    return False


def _import_records(project: Project, path: Path, text_column: str | None, out: ImportReport,
                    skip_bad: bool) -> None:
    """The articles of a file of records; :class:`BadRecords` (the caller rolls back) when
    some records are bad, unless *skip_bad*."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text_key, records = iter_csv(path, out.warnings, text_column or dump_text_column(path))
    else:
        text_key = text_column or "text"
        records = iter_jsonl(path, out.warnings) if suffix == ".jsonl" else iter_json(path, out.warnings)
    where_key = "record" if suffix == ".json" else "line"
    for number, rec in records:
        label = f"{path}, {where_key} {number}"
        if isinstance(rec, ImportProblem):
            out.errors.append(str(rec))
            continue
        try:
            fields = map_dump_fields(rec) if suffix == ".csv" else rec  # Media Cloud / GDELT column names
            doc = article_from_fields(fields, text_key, path, f"{path.stem} {where_key} {number}",
                                      **{where_key: number})
            out.documents_added.append((label, project.add_document(doc)))
        except ImportProblem as exc:
            out.errors.append(str(exc))
        except DuplicateDocument as exc:
            out.duplicates.append((label, exc.existing_id))
        except ProjectError as exc:
            out.errors.append(f"{label}: {exc}")
    out.bad_records = len(out.errors)
    if out.errors and not skip_bad:
        raise BadRecords(path, out.errors, len(out.documents_added) + len(out.duplicates))


def _import_file(project: Project, path: Path, kind: str, text_column: str | None, skip_bad: bool,
                 out: ImportReport, single: bool = False, ahead: ReadAhead[ReadFile] | None = None) -> None:
    """One file, in its own savepoint (a plain article: one statement), into *out*. Raises
    :class:`ImportProblem` or :class:`BadRecords` (nothing kept) for a bad file. *single*: a
    news-database export stays one article. *ahead*: where an article file read whole was
    read (else it is read here)."""
    if kind == "articles" and path.suffix.lower() in READ_WHOLE:
        found, warnings = ahead.take(path) if ahead is not None else read_file(path, single=single)
        out.warnings.extend(warnings)
        if isinstance(found, ParsedFile):
            with project.transaction():
                store_parsed(project, path, found, out)
            return
        try:  # one statement (add_document), so no savepoint of its own
            out.documents_added.append((str(path), project.add_document(found)))
        except DuplicateDocument as exc:
            out.duplicates.append((str(path), exc.existing_id))
        return
    with project.transaction():
        if kind == "spans":
            load = load_spans(project, path, iter_jsonl(path, out.warnings), skip_bad=skip_bad)
            out.spans_added, out.already_present = load.spans_added, load.already_present
            out.codes_created, out.coders_created, out.errors = load.codes_created, load.coders_created, load.errors
            out.bad_records = len(load.errors)
            if load.already_present:
                out.warnings.append(f"{path}: {_n(load.already_present, 'span')} already in the project "
                                    "(same guid, or same document, coder, code and range) skipped")
        else:  # .json, .jsonl, .csv
            _import_records(project, path, text_column, out, skip_bad)


def import_paths(
    project: Project,
    paths: Iterable[str | Path],
    *,
    progress: Progress | None = None,
    text_column: str | None = None,
    as_: str | None = None,
    analyse: bool = True,
    skip_bad: bool = False,
    encoding: str | None = None,
) -> ImportReport:
    """Import files and folders into *project*; never raises for a bad file (see the report).

    ``text_column`` names the text column of CSV files (or the text key of JSON records);
    ``as_`` ("articles" or "spans") says how to read ``.jsonl`` files instead of looking
    at their first record. Article files are imported before span files, so spans can
    refer to documents of the same import.

    ``analyse``: afterwards, find the new articles' page clutter and the passages they
    share with the project (:mod:`annotator.store.analysis`). A failure there is a
    warning: the articles stay imported and ``annotator align`` finishes the job.

    ``skip_bad``: load the good records of a file with bad ones (default: refuse the file).

    ``encoding``: read every text file with this encoding instead of detecting it
    (:func:`annotator.io.reading.forced_encoding`); an unknown name raises ValueError."""
    if encoding:
        with forced_encoding(encoding):
            return import_paths(project, paths, progress=progress, text_column=text_column, as_=as_,
                                analyse=analyse, skip_bad=skip_bad)
    if as_ not in (None, *AS_CHOICES):
        raise ValueError(f"as_ must be one of {', '.join(AS_CHOICES)}, not {as_!r}")
    single = as_ == "single"
    if single:
        as_ = None
    if isinstance(paths, (str, Path)):
        paths = [paths]
    report = ImportReport()
    files = collect_files(paths, report)
    kinds: dict[Path, str] = {}
    for path in files:
        if path.suffix.lower() == ".jsonl":
            kinds[path] = as_ or ("spans" if _holds_spans(path) else "articles")
        elif as_ == "spans":
            report.errors.append(f"{path}: only .jsonl files hold spans")
            report.refused_files.append(str(path))
        else:
            kinds[path] = "articles"
    ordered = [p for p in files if kinds.get(p) == "articles"] + [p for p in files if kinds.get(p) == "spans"]
    total = len(ordered)
    report.files = total + len(report.refused_files)
    done = 0
    stopped = False
    whole = [p for p in ordered if kinds[p] == "articles" and p.suffix.lower() in READ_WHOLE]
    with ReadAhead(lambda p: read_file(p, single=single), whole) as ahead:
        while done < total and not stopped:
            ahead.wait(ordered[done])  # the write lock is taken once there is something to write
            with project.transaction():
                started, first = time.monotonic(), done
                while done < total:
                    path = ordered[done]
                    report.merge(_guarded(project, path, kinds[path], text_column, skip_bad, single, ahead))
                    done += 1
                    if progress is not None and progress(done, total, path) is False:
                        stopped = True
                        break
                    if done - first >= BATCH_FILES or time.monotonic() - started >= BATCH_SECONDS:
                        break
                    if done < total and not ahead.ready(ordered[done]):
                        break  # the next file is still being read: let go of the lock meanwhile
    if stopped and done < total:
        report.warnings.append(f"import stopped after {done} of {_n(total, 'file')}; the rest were not read")
        report.not_read = total - done
    if analyse and report.documents_added:
        problem = analyse_or_explain(project, [doc_id for _, doc_id in report.documents_added])
        if problem:
            report.warnings.append(problem)
        else:
            report.note_near_duplicates(project)
    return report


def _guarded(project: Project, path: Path, kind: str, text_column: str | None, skip_bad: bool,
             single: bool = False, ahead: ReadAhead[ReadFile] | None = None) -> ImportReport:
    """:func:`_import_file`, with any failure turned into error lines naming the file
    (and every bad record); the file then counts as refused, its warnings kept."""
    out = ImportReport()
    try:
        _import_file(project, path, kind, text_column, skip_bad, out, single, ahead)
        return out
    except BadRecords as exc:
        errors = [*exc.errors, str(exc)]
        bad = len(exc.errors)
    except ImportProblem as exc:
        errors, bad = [f"{exc} (nothing from this file was imported)"], 0
    except (ProjectError, sqlite3.Error, OSError) as exc:
        errors, bad = [f"{path}: {exc} (nothing from this file was imported)"], 0
    except RecursionError:
        errors, bad = [f"{path}: nested too deeply to read (nothing from this file was imported)"], 0
    except Exception as exc:  # a bug must not cost the user the rest of the batch, nor show a traceback
        errors, bad = [f"{path}: could not be imported because of an internal error "
                       f"({type(exc).__name__}: {exc}); please report it (nothing from this file was imported)"], 0
    failed = ImportReport(warnings=out.warnings, errors=errors, refused_files=[str(path)], bad_records=bad)
    return failed
