"""Importing articles: every format, titles, duplicates, bad files left out whole."""

from __future__ import annotations

import codecs
import json
import shutil
from pathlib import Path

import pytest

from annotator.core.text import sha256_text
from annotator.io import importer, reading
from annotator.io.articles import guess_title
from annotator.io.importer import import_paths
from annotator.paths import resources_dir, seeds_dir


def docs(project):
    return [project.document(d.id) for d in project.documents()]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


# -- plain text ---------------------------------------------------------------------------
def test_txt_and_md_become_documents_with_titles(project, tmp_path):
    a = write(tmp_path / "a.txt", "Troops enter Kalbajar region\n\nBody of the article.\n")
    b = write(tmp_path / "b.md", "# Notes from the field\r\nSecond line\r\n")
    report = import_paths(project, [a, b])
    assert report.errors == [] and report.warnings == []
    assert [p for p, _ in report.documents_added] == [str(a), str(b)]
    first, second = docs(project)
    assert first.title == "Troops enter Kalbajar region"
    assert first.filename == "a.txt"
    assert first.text == "Troops enter Kalbajar region\n\nBody of the article.\n"
    assert second.text == "# Notes from the field\nSecond line\n"  # CRLF normalised, markdown kept as text
    assert second.title == "Notes from the field"  # the heading text, without its #


def test_title_falls_back_to_the_file_stem_when_the_first_line_is_long(project, tmp_path):
    long_line = "word " * 60
    path = write(tmp_path / "wire-copy.txt", long_line + "\nshort second line here\n")
    import_paths(project, [path])
    assert docs(project)[0].title == "wire-copy"


def test_guess_title_skips_page_furniture():
    text = ("sb.scorecardresearch\nAdvertisement\n\nPublished 07:40 IST, November 26th 2020\n\n"
            "The real headline is here\n")
    assert guess_title(text, "stem") == "The real headline is here"
    assert guess_title("", "stem") == "stem"
    assert guess_title("x" * 201, "stem") == "stem"
    assert guess_title("a b " + "x" * 196, "stem") == "a b " + "x" * 196


def test_seed_files_import_with_sensible_titles(project):
    manifest = json.loads((resources_dir() / "seeds.json").read_text(encoding="utf-8"))["articles"]
    report = import_paths(project, [seeds_dir()])
    assert report.errors == [] and len(report.documents_added) == 5
    titles = {d.filename: d.title for d in project.documents()}
    # the four with a headline get it; the AP wire copy starts with its first paragraph
    for name, meta in manifest.items():
        expected = name.removesuffix(".txt") if name.startswith("000_") else meta["title"]
        assert titles[name] == expected
    # the text is the file's, normalised: the same sha256 as the default project's seeds
    for d in project.documents():
        raw = (seeds_dir() / d.filename).read_bytes().decode("utf-8-sig")
        assert d.sha256 == sha256_text(raw.replace("\r\n", "\n").replace("\r", "\n"))


def test_seeds_are_duplicates_of_the_default_project(seeded):
    report = import_paths(seeded, [seeds_dir()])
    assert report.documents_added == []
    assert sorted(existing for _, existing in report.duplicates) == [d.id for d in seeded.documents()]
    assert "5 duplicates skipped" in report.summary()


# -- folders, duplicates, bad files ---------------------------------------------------------
def test_folder_is_recursive_sorted_and_skips_hidden_and_other_types(project, tmp_path):
    src = tmp_path / "src"
    write(src / "b" / "2.txt", "second file text here")
    write(src / "a.txt", "first file text here")
    write(src / "b" / "1.txt", "third file text here")
    write(src / ".hidden" / "x.txt", "hidden text here")
    write(src / ".x.txt", "hidden file text")
    write(src / "paper.epub", b"PK\x03\x04")
    report = import_paths(project, [src])
    assert [Path(p).relative_to(src).as_posix() for p, _ in report.documents_added] == ["a.txt", "b/1.txt", "b/2.txt"]
    assert report.warnings == [f"{src}: skipped 1 file of other types (.epub)"]


def test_the_same_file_twice_is_read_once(project, tmp_path):
    src = tmp_path / "src"
    a = write(src / "a.txt", "text of a")
    report = import_paths(project, [a, src, a])
    assert len(report.documents_added) == 1 and report.duplicates == []


def test_duplicate_texts_are_skipped_and_reported(project, tmp_path):
    src = tmp_path / "src"
    a = write(src / "a.txt", "Same text\n")
    b = write(src / "b.txt", "Same text\r\n")  # the same once normalised
    report = import_paths(project, [a, b])
    (_, first_id), = report.documents_added
    assert report.duplicates == [(str(b), first_id)]
    assert project.document_count() == 1
    again = import_paths(project, [a])
    assert again.documents_added == [] and again.duplicates == [(str(a), first_id)]


def test_bad_files_are_reported_by_name_and_the_rest_is_imported(project, tmp_path, monkeypatch):
    src = tmp_path / "src"
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 1000)
    good = write(src / "good.txt", "a good article")
    empty = write(src / "empty.txt", b"")
    binary = write(src / "binary.txt", b"GIF89a\x00\x01\x02")
    big = write(src / "big.txt", "x" * 1001)
    other = write(src / "notes.docx", b"PK\x03\x04")
    report = import_paths(project, [empty, binary, big, good, other, src / "missing.txt"])
    assert [p for p, _ in report.documents_added] == [str(good)]
    assert len(report.errors) == 5
    for path in (empty, binary, big, other, src / "missing.txt"):
        assert any(e.startswith(str(path)) for e in report.errors), path
    assert any("empty" in e for e in report.errors)
    assert any("binary" in e for e in report.errors)
    assert any("larger than the limit" in e for e in report.errors)
    assert project.document_count() == 1


def test_a_failing_file_leaves_no_document_behind(project, tmp_path):
    src = tmp_path / "src"
    # three good records, then a syntax error in the middle of a CSV quote: the whole file goes
    path = write(src / "broken.csv", 'title,text\nA,first text\nB,second text\nC,"unterminated\n')
    before = project.document_count()
    report = import_paths(project, [path])
    assert report.documents_added == []
    assert project.document_count() == before
    assert len(report.errors) == 1 and str(path) in report.errors[0] and "nothing from this file" in report.errors[0]


def test_a_failing_file_in_a_batch_rolls_back_only_itself(project, tmp_path, monkeypatch):
    src = tmp_path / "src"
    monkeypatch.setattr(importer, "BATCH_FILES", 2)  # several outer transactions
    for i in range(5):
        write(src / f"{i}.txt", f"article number {i}")
    write(src / "2b.json", '[{"text": "record one"}, {"text": ')  # invalid JSON
    report = import_paths(project, [src])
    assert len(report.documents_added) == 5
    assert [e.split(":")[0] for e in report.errors] == [f"{src / '2b.json'}, line 1"]
    assert project.document_count() == 5
    assert all(d.title.startswith("article number") for d in project.documents())


def test_progress_is_called_per_file_and_can_stop(project, tmp_path):
    src = tmp_path / "src"
    for i in range(4):
        write(src / f"{i}.txt", f"article {i} text")
    calls = []
    report = import_paths(project, [src], progress=lambda *args: calls.append(args))
    assert [(d, t, p.name) for d, t, p in calls] == [(1, 4, "0.txt"), (2, 4, "1.txt"), (3, 4, "2.txt"),
                                                    (4, 4, "3.txt")]
    assert len(report.documents_added) == 4

    other = src / "more"
    for i in range(4):
        write(other / f"{i}.txt", f"another article {i}")
    report = import_paths(project, [other], progress=lambda done, total, path: done < 2)
    assert len(report.documents_added) == 2
    assert "stopped after 2 of 4 files" in report.warnings[0]


def test_summary_lists_every_problem(project, tmp_path):
    write(tmp_path / "a.txt", "text")
    write(tmp_path / "b.txt", b"")
    text = import_paths(project, [tmp_path]).summary()
    assert text.splitlines()[0].startswith("1 document added")
    assert "1 error:" in text and "b.txt: is empty" in text


# -- HTML ---------------------------------------------------------------------------------
PAGE = """<!doctype html>
<html><head>
<title>Troops enter Kalbajar | Example News</title>
<meta property="og:title" content="Troops enter Kalbajar">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://example.org/og">
<link rel="canonical" href="https://example.org/kalbajar">
<meta property="article:published_time" content="2020-11-25T10:00:00Z">
<style>p { color: red }</style>
<script>var tracking = "SECRET";</script>
</head><body>
<header><a href="/">Home</a> Subscribe</header>
<nav><ul><li>World</li><li>Sport</li></ul></nav>
<article>
  <h1>Troops enter Kalbajar</h1>
  <p>Azerbaijani <b>troops</b> entered the
     <a href="/k">Kalbajar</a> region&nbsp;on Wednesday.</p>
  <p>Residents <i>burned</i> their homes.<br>Some left earlier.</p>
  <script>alert("x")</script>
  <aside>Related: something else</aside>
  <form><input name="q"> Search</form>
  <noscript>Enable JS</noscript><iframe src="ad"></iframe>
</article>
<footer>Copyright</footer>
</body></html>"""


def test_html_gives_the_readable_article_text_and_metadata(project, tmp_path):
    path = write(tmp_path / "page.html", PAGE)
    report = import_paths(project, [path])
    assert report.errors == []
    doc = docs(project)[0]
    assert doc.text == ("Troops enter Kalbajar\n\n"
                        "Azerbaijani troops entered the Kalbajar region on Wednesday.\n\n"
                        "Residents burned their homes.\nSome left earlier.")
    for furniture in ("SECRET", "alert", "Home", "Sport", "Related", "Search", "Enable JS", "Copyright", "color"):
        assert furniture not in doc.text
    assert doc.title == "Troops enter Kalbajar"
    assert doc.source == "Example News"
    assert doc.url == "https://example.org/kalbajar"
    assert doc.published == "2020-11-25T10:00:00Z"
    assert doc.filename == "page.html"


def test_html_fallbacks_title_h1_og_url_and_time(project, tmp_path):
    page = ('<html><head><title> Page  title </title><meta property="og:url" content="https://x.org/a"></head>'
            '<body><h1>Heading</h1><div>Para <span>one</span></div><div>Para two</div>'
            '<time datetime="2020-11-26">26 Nov</time></body></html>')
    import_paths(project, [write(tmp_path / "p.htm", page)])
    doc = docs(project)[0]
    assert doc.title == "Page title"
    assert doc.url == "https://x.org/a"
    assert doc.published == "2020-11-26"
    assert doc.text == "Heading\n\nPara one\n\nPara two\n\n26 Nov"
    no_title = "<html><body><h1>Only heading</h1><p>text</p></body></html>"
    import_paths(project, [write(tmp_path / "q.html", no_title)])
    assert docs(project)[1].title == "Only heading"


def test_html_without_readable_text_is_refused(project, tmp_path):
    path = write(tmp_path / "empty.html", "<html><head><script>x()</script></head><body><nav>menu</nav></body></html>")
    report = import_paths(project, [path])
    assert project.document_count() == 0
    assert "no readable text" in report.errors[0] and str(path) in report.errors[0]


def test_latin1_html_is_read_with_a_warning(project, tmp_path):
    body = "<p>Le président a déclaré que la région serait reconstruite après le départ des troupes.</p>" * 3
    path = write(tmp_path / "fr.html", f"<html><body>{body}</body></html>".encode("latin-1"))
    report = import_paths(project, [path])
    assert "président" in docs(project)[0].text
    assert len(report.warnings) == 1 and str(path) in report.warnings[0]


# -- JSON and JSONL -----------------------------------------------------------------------
def test_jsonl_records_become_documents_with_their_fields(project, tmp_path):
    lines = [
        {"text": "First text\r\nwith CRLF", "title": "One", "source": "AP", "url": "https://a", "date": "2020-11-25",
         "metadata": {"lang": "en"}, "section": "World"},
        {"text": "Second text", "published": "2020-11-26", "outlet": "Reuters"},
        {"text": "Headline line\nbody"},
    ]
    path = write(tmp_path / "a.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    report = import_paths(project, [path])
    assert report.errors == []
    assert [p for p, _ in report.documents_added] == [f"{path}, line {n}" for n in (1, 2, 3)]
    one, two, three = docs(project)
    assert (one.text, one.title, one.source, one.url, one.published) == (
        "First text\nwith CRLF", "One", "AP", "https://a", "2020-11-25")
    assert one.metadata == {"lang": "en", "section": "World"}
    assert (two.source, two.published, two.title) == ("Reuters", "2020-11-26", "Second text")
    assert three.title == "Headline line"


def test_jsonl_bad_lines_are_reported_with_line_numbers_and_with_skip_bad_the_rest_loaded(project, tmp_path):
    content = "\n".join([
        '{"text": "good one"}',
        '{"text": "broken',
        '["not", "an", "object"]',
        '{"title": "no text"}',
        '{"text": ""}',
        '{"text": 42}',
        '{"text": "good two"}',
    ])
    path = write(tmp_path / "a.jsonl", content)
    report = import_paths(project, [path], skip_bad=True)
    assert len(report.documents_added) == 2
    lines = [e.split(":")[0] for e in report.errors]
    assert lines == [f"{path}, line {n}" for n in (2, 3, 4, 5, 6)]
    assert "not valid JSON" in report.errors[0]
    assert "no 'text' field" in report.errors[2]


def test_nul_in_a_record_text_is_refused(project, tmp_path):
    path = write(tmp_path / "a.jsonl", json.dumps({"text": "before\u0000after"}) + "\n" + json.dumps({"text": "ok"}))
    report = import_paths(project, [path], skip_bad=True)
    assert len(report.documents_added) == 1
    assert report.errors == [f"{path}, line 1: 'text' contains NUL characters"]


def test_utf16_text_with_nul_characters_is_refused(project, tmp_path):
    path = write(tmp_path / "a.txt", "nul \x00 inside".encode("utf-16"))
    report = import_paths(project, [path])
    assert project.document_count() == 0 and "NUL characters" in report.errors[0]


def test_json_list_or_single_record(project, tmp_path):
    many = write(tmp_path / "many.json", json.dumps([{"text": "alpha text"}, {"text": "beta text"}, "junk"]))
    one = write(tmp_path / "one.json", json.dumps({"text": "gamma text", "title": "G"}))
    report = import_paths(project, [many, one], skip_bad=True)
    assert [p for p, _ in report.documents_added] == [f"{many}, record 1", f"{many}, record 2", str(one) + ", record 1"]
    assert report.errors == [f"{many}, record 3: expected a JSON object, found str"]
    assert docs(project)[2].title == "G"


def test_invalid_json_names_file_and_line(project, tmp_path):
    path = write(tmp_path / "bad.json", '[\n{"text": "a"},\n{"text": }\n]')
    report = import_paths(project, [path])
    assert project.document_count() == 0
    assert report.errors[0].startswith(f"{path}, line 3: not valid JSON")


def test_text_key_can_be_named_for_json(project, tmp_path):
    path = write(tmp_path / "a.jsonl", json.dumps({"body": "the body", "text": "not this"}))
    import_paths(project, [path], text_column="body")
    assert docs(project)[0].text == "the body"
    assert docs(project)[0].metadata == {"text": "not this"}


# -- CSV ----------------------------------------------------------------------------------
def test_csv_with_quoted_newlines_and_named_columns(project, tmp_path):
    content = ('Title,Body,Outlet,URL,Date,Section\r\n'
               'One,"First paragraph.\r\n\r\nSecond, with comma and ""quotes"".",AP,https://a,2020-11-25,World\r\n'
               'Two,Plain body,Reuters,,,\r\n')
    path = write(tmp_path / "a.csv", content)
    report = import_paths(project, [path])
    assert report.errors == []
    assert [p for p, _ in report.documents_added] == [f"{path}, line 2", f"{path}, line 5"]
    one, two = docs(project)
    assert one.text == 'First paragraph.\n\nSecond, with comma and "quotes".'
    assert (one.title, one.source, one.url, one.published, one.metadata) == (
        "One", "AP", "https://a", "2020-11-25", {"Section": "World"})
    assert (two.title, two.source, two.metadata) == ("Two", "Reuters", {})


def test_csv_semicolons_bom_and_text_column_option(project, tmp_path):
    content = "id;article_text;headline\n1;Texte français;Titre\n"
    path = write(tmp_path / "excel.csv", codecs.BOM_UTF8 + content.encode("utf-8"))
    report = import_paths(project, [path], text_column="article_text")
    assert report.errors == []
    doc = docs(project)[0]
    assert (doc.text, doc.title, doc.metadata) == ("Texte français", "Titre", {"id": "1"})


def test_csv_without_a_text_column_names_the_columns(project, tmp_path):
    path = write(tmp_path / "a.csv", "title,words\nx,y\n")
    report = import_paths(project, [path])
    assert "has no text column" in report.errors[0] and "title, words" in report.errors[0]
    report = import_paths(project, [path], text_column="nope")
    assert "has no column 'nope'" in report.errors[0]


def test_csv_malformed_rows_are_reported_with_line_numbers(project, tmp_path):
    content = ('title,text\n'
               'A,good one\n'
               'B,too,many\n'
               '\n'
               'C,"multi\nline text"\n'
               'D\n'
               'E,\n'
               'F,good two\n')
    path = write(tmp_path / "a.csv", content)
    report = import_paths(project, [path], skip_bad=True)
    assert [p for p, _ in report.documents_added] == [f"{path}, line 2", f"{path}, line 5", f"{path}, line 9"]
    assert [e.split(":")[0] for e in report.errors] == [f"{path}, line {n}" for n in (3, 7, 8)]
    assert "has 3 fields, the header has 2" in report.errors[0]
    assert "'text' is empty" in report.errors[2]


def test_csv_in_latin1_is_detected(project, tmp_path):
    rows = "".join(f"Titre {i},Le président a déclaré que la région serait reconstruite {i}\n" for i in range(5))
    path = write(tmp_path / "a.csv", ("title,text\n" + rows).encode("latin-1"))
    report = import_paths(project, [path])
    assert len(report.documents_added) == 5
    assert "président" in docs(project)[0].text
    assert str(path) in report.warnings[0]


def test_csv_undecodable_bytes_late_in_the_file_roll_back_the_file(project, tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "SAMPLE_BYTES", 32)
    path = write(tmp_path / "a.csv", b"title,text\nA,plain ascii text\nB,more ascii text\nC,bad \xff\xfe bytes\n")
    report = import_paths(project, [path])
    assert project.document_count() == 0
    assert str(path) in report.errors[0] and "undecodable" in report.errors[0]


def test_import_paths_checks_as_(project, tmp_path):
    with pytest.raises(ValueError):
        import_paths(project, [], as_="codes")
    txt = write(tmp_path / "a.txt", "text")
    report = import_paths(project, [txt], as_="spans")
    assert report.errors == [f"{txt}: only .jsonl files hold spans"]


def test_seed_copy_in_a_folder_with_crlf_is_a_duplicate(seeded, tmp_path):
    src = sorted(seeds_dir().glob("*.txt"))[1]
    copy = tmp_path / "copy.txt"
    copy.write_bytes(codecs.BOM_UTF8 + src.read_bytes().replace(b"\n", b"\r\n"))
    report = import_paths(seeded, [copy])
    assert report.documents_added == [] and len(report.duplicates) == 1
    shutil.rmtree(tmp_path / "home", ignore_errors=True)


def test_an_internal_error_in_one_file_is_reported_and_the_batch_goes_on(project, tmp_path, monkeypatch):
    from annotator.io import articles

    real = articles.extract_html

    def broken(markup):
        if "boom" in markup:
            raise TypeError("unexpected")
        return real(markup)

    monkeypatch.setattr(articles, "extract_html", broken)
    bad = write(tmp_path / "src" / "a.html", "<p>boom</p>")
    good = write(tmp_path / "src" / "b.html", "<p>fine text</p>")
    report = import_paths(project, [bad, good])
    assert [p for p, _ in report.documents_added] == [str(good)]
    assert report.errors[0].startswith(f"{bad}: could not be imported because of an internal error (TypeError")


def test_html_takes_the_longest_article_not_a_teaser(project, tmp_path):
    page = ("<html><body><article><p>Teaser of another story</p></article>"
            "<article><h1>Main</h1><p>The main story, which is much longer than the teaser above it.</p></article>"
            "</body></html>")
    import_paths(project, [write(tmp_path / "p.html", page)])
    assert docs(project)[0].text == "Main\n\nThe main story, which is much longer than the teaser above it."


def test_a_single_path_is_not_taken_for_a_list_of_characters(project, tmp_path):
    path = write(tmp_path / "one.txt", "just one file")
    assert len(import_paths(project, str(path)).documents_added) == 1


def test_csv_article_longer_than_the_csv_module_default_field_limit(project, tmp_path):
    long_text = "word " * 60_000  # 300,000 characters; the csv module's default limit is 131,072
    path = write(tmp_path / "long.csv", f'title,text\nLong,"{long_text}"\n')
    report = import_paths(project, [path])
    assert report.errors == [] and docs(project)[0].text == long_text


def test_import_finds_the_new_articles_clutter_and_shared_passages(project):
    from annotator.paths import seeds_dir

    report = import_paths(project, [seeds_dir()])
    assert len(report.documents_added) == 5 and not report.warnings
    assert project.db.execute("SELECT count(*) FROM noise").fetchone()[0] > 20
    assert project.db.execute("SELECT count(*) FROM passage_members").fetchone()[0] > 20


def test_a_failure_finding_passages_is_a_warning_and_the_articles_stay(project, tmp_path, monkeypatch):
    import annotator.store.analysis as analysis
    from annotator.store.errors import ProjectError

    def broken(*args, **kwargs):
        raise ProjectError("disk I/O error")

    monkeypatch.setattr("annotator.store.alignment.align_documents", broken)
    (tmp_path / "a.txt").write_text("An article about the handover of Lachin.\n", encoding="utf-8")
    report = import_paths(project, [tmp_path / "a.txt"])
    assert len(report.documents_added) == 1 and project.document_count() == 1
    assert any("disk I/O error" in w and "annotator align" in w for w in report.warnings)
