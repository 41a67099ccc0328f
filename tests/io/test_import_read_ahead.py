"""The article import reads files ahead in a worker thread and stores a plain article
without a savepoint of its own (issue 17): what it stores, reports and finds must be
what the plain path gives, file by file, one savepoint each (reproduced here)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from formats_fixtures import factiva_html, nexis_txt, write_docx

from annotator.io import formats, importer, prefetch
from annotator.io.articles import read_document_file
from annotator.io.errors import ImportProblem
from annotator.io.formats import read_articles
from annotator.io.formats.storing import store_parsed
from annotator.io.importer import ImportReport, collect_files, import_paths
from annotator.io.reading import forced_encoding, read_text
from annotator.store import Project
from annotator.store.errors import DuplicateDocument
from annotator.store.noise import detect_noise
from annotator.store.search import search

ARTICLE = ("Troops enter Kalbajar\n\nBy Jane Doe\nUpdated 10:42 GMT\n\n"
           "The president said on Wednesday that forces would rebuild the region after troops entered "
           "territory ceded in a truce. Residents returned to villages and homes.\n\nAdvertisement\n\n"
           "Officials reported hundreds of refugees at the border, ministry officials said. (AP Photo/Jane Doe)\n")


def corpus(root: Path) -> Path:
    """Every kind of article file, good and bad, in nested folders."""
    folder = root / "in"

    def put(name: str, content: str | bytes) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    for i in range(40):
        put(f"wire/{i:02d}.txt", ARTICLE.replace("Kalbajar", f"Kalbajar {i}") + f"Paragraph number {i}.\n")
    put("wire/dup.txt", ARTICLE.replace("Kalbajar", "Kalbajar 3") + "Paragraph number 3.\n")  # same text as 03
    put("latin.txt", "Genève talks\n\nLe président a déclaré à Genève que la trêve était fragile.\n"
        .encode("cp1252"))
    put("notes.md", "# Notes from *the* field\r\n\r\nSecond line of the notes.\r\n")
    put("page.html", "<html><head><title>Troops enter Kalbajar | Example News</title></head><body><nav>Home</nav>"
        "<article><h1>Troops enter Kalbajar</h1><p>The president said the region would be rebuilt.</p>"
        "<p>Residents returned on Thursday.</p></article></body></html>")
    put("empty.txt", b"")
    put("binary.txt", b"\x00\x01\x02 not text")
    put("blank.md", "   \n\n")
    put("exports/nexis.txt", nexis_txt())
    put("exports/factiva.html", factiva_html())
    put("exports/broken-nexis.txt", nexis_txt(truncate=True))
    put("records/feed.jsonl", "\n".join(json.dumps({"title": f"Record {i}", "text": f"record text {i} " * 20})
                                        for i in range(3)))
    put("records/table.csv", "title,text\nA,first row text\nB,second row text\n")
    put(".hidden/skip.txt", "never imported")
    write_docx(folder / "exports/report.docx", ["A report in Word", "Its one paragraph of text."])
    return folder


def _read_articles(path: Path, warnings: list[str]):
    """:func:`read_articles`, with a text export recognised by looking at every line."""
    if path.suffix.lower() not in (".txt", ".md"):
        return read_articles(path, warnings=warnings)
    text, _, found = read_text(path)
    parsed = formats._split(path, text.split("\n"))
    if parsed is not None:
        warnings.extend(found)
    return parsed


def plain_import(project: Project, folder: Path) -> ImportReport:
    """The import as it was before reading ahead: each file read when its turn comes,
    stored in its own savepoint, one transaction for the lot."""
    report = ImportReport()
    files = collect_files([folder], report)
    report.files = len(files)
    with project.transaction():
        for path in files:
            out = ImportReport()
            try:
                if path.suffix.lower() in (".json", ".jsonl", ".csv"):
                    with project.transaction():
                        importer._import_records(project, path, None, out, False)
                else:
                    parsed = _read_articles(path, out.warnings)
                    with project.transaction():
                        if parsed is not None:
                            store_parsed(project, path, parsed, out)
                        else:
                            doc = read_document_file(path, out.warnings)
                            try:
                                out.documents_added.append((str(path), project.add_document(doc)))
                            except DuplicateDocument as exc:
                                out.duplicates.append((str(path), exc.existing_id))
            except ImportProblem as exc:
                out = ImportReport(warnings=out.warnings, errors=[f"{exc} (nothing from this file was imported)"],
                                   refused_files=[str(path)])
            report.merge(out)
    return report


def stored(project: Project) -> dict[str, object]:
    """Everything the import leaves behind, guids and time stamps aside."""
    db = project.db
    assert db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')") is not None
    finds = {}
    for query in ("president", "Kalbajar", "Genève", "geneve", "record", "rows", "Word", "talks", "refugees"):
        result = search(project, query, limit=10_000)
        finds[query] = [(h.document_id, h.start, h.end) for h in result.hits]
    return {
        "documents": db.execute("SELECT id, title, source, url, published, filename, text, sha256, char_count,"
                                " metadata FROM documents ORDER BY id").fetchall(),
        "noise": db.execute('SELECT document_id, start, "end", kind, origin FROM noise ORDER BY 1, 2').fetchall(),
        "fts_rows": db.execute("SELECT rowid FROM documents_fts ORDER BY rowid").fetchall(),
        "search": finds,
    }


def outcome(report: ImportReport) -> tuple:
    return (report.documents_added, report.duplicates, report.warnings, report.errors, report.refused_files)


@pytest.mark.parametrize("chunk, budget", [(prefetch.CHUNK, prefetch.BUDGET_BYTES), (1, 1), (3, 2_000)])
def test_reading_ahead_stores_and_reports_what_the_plain_path_does(tmp_path, monkeypatch, chunk, budget):
    monkeypatch.setattr(prefetch, "CHUNK", chunk)
    monkeypatch.setattr(prefetch, "BUDGET_BYTES", budget)
    monkeypatch.setattr(importer, "BATCH_FILES", 7)  # several batches
    folder = corpus(tmp_path)
    with Project(tmp_path / "ahead.annotator") as ahead, Project(tmp_path / "plain.annotator") as plain:
        got = import_paths(ahead, [folder], analyse=False)
        want = plain_import(plain, folder)
        assert outcome(got) == outcome(want)
        assert len(got.documents_added) >= 45 and got.duplicates and got.errors and got.warnings
        assert {"nexis.txt, article 3", "factiva.html, article 3"} <= {label.split("/")[-1]
                                                                     for label, _ in got.documents_added}
        for project, report in ((ahead, got), (plain, want)):
            detect_noise(project, [doc_id for _, doc_id in report.documents_added])
        assert stored(ahead) == stored(plain)


def test_a_forced_encoding_holds_in_the_reading_thread(tmp_path):
    folder = corpus(tmp_path)
    with Project(tmp_path / "ahead.annotator") as ahead, Project(tmp_path / "plain.annotator") as plain:
        got = import_paths(ahead, [folder], analyse=False, encoding="cp1250")
        with forced_encoding("cp1250"):
            want = plain_import(plain, folder)
        assert outcome(got) == outcome(want)
        assert stored(ahead) == stored(plain)
        latin = next(d for d in ahead.documents() if d.filename == "latin.txt")
        assert "Genčve" in ahead.document(latin.id).text  # read as the encoding asked for, not detected


def test_a_file_that_fails_in_the_reading_thread_is_reported_and_the_rest_imported(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.txt").write_text(f"Article {i}\n\nwith its own text {i}", encoding="utf-8")
    real = importer.read_file

    def failing(path: Path, *, single: bool = False):
        if path.name == "2.txt":
            raise RuntimeError("disk on fire")
        return real(path, single=single)

    monkeypatch.setattr(importer, "read_file", failing)
    with Project(tmp_path / "p.annotator") as project:
        report = import_paths(project, [folder], analyse=False)
        assert [Path(p).name for p, _ in report.documents_added] == ["0.txt", "1.txt", "3.txt", "4.txt"]
        assert report.errors == [f"{folder / '2.txt'}: could not be imported because of an internal error "
                                 "(RuntimeError: disk on fire); please report it (nothing from this file was imported)"]


def test_stopping_leaves_what_was_read_ahead_out(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(200):
        (folder / f"{i:03d}.txt").write_text(f"Article {i}\n\nwith its own text {i}", encoding="utf-8")
    with Project(tmp_path / "p.annotator") as project:
        report = import_paths(project, [folder], analyse=False, progress=lambda done, total, path: done < 3)
        assert project.document_count() == 3 and report.not_read == 197


def _rglob_files(folder: Path) -> list[tuple[Path, str]]:
    """What collect_files found with ``Path.rglob`` before it listed folders with scandir."""
    found = sorted(p for p in folder.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    return [(p, os.path.normcase(str(p.resolve()))) for p in found]


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symbolic links")
def test_folders_are_listed_as_rglob_lists_them(tmp_path):
    folder = tmp_path / "in"
    for rel in ("a/x.txt", "a-b/y.txt", "A/z.txt", "b.txt", "B.TXT", ".hid/q.txt", "c/.h.txt", "c/d/e/f.md",
                "c/d/img.png", "z.html", "a/b/c.csv"):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text("some words of text", encoding="utf-8")
    os.symlink(folder / "a", folder / "linked-folder")  # not followed
    os.symlink(folder / "b.txt", folder / "linked.txt")  # a second way to the same file
    os.symlink(folder / "missing", folder / "broken.txt")
    os.mkfifo(folder / "pipe.txt")
    assert importer._folder_files(folder) == _rglob_files(folder)
    report = ImportReport()
    files = collect_files([folder, folder / "a", folder / "linked.txt"], report)
    assert [str(p.relative_to(folder)) for p in files] == [
        "A/z.txt", "B.TXT", "a/b/c.csv", "a/x.txt", "a-b/y.txt", "b.txt", "c/d/e/f.md", "z.html"]
    assert report.warnings == [f"{folder}: skipped 1 file of other types (.png)"]
