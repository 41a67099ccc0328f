"""Hostile HTML: deep nesting is read completely or refused in words, never cut short silently;
a page of many tags is read whole. (Its speed and memory are measured in bench/bench_html.py.)"""

from __future__ import annotations

from annotator.io.html_text import MAX_DEPTH, extract_html
from annotator.io.importer import import_paths


def nested(depth: int) -> str:
    return "<html><body>" + "<div>w " * depth + "end" + "</div>" * depth + "</body></html>"


def test_a_page_nested_1500_deep_imports_completely(project, tmp_path):
    path = tmp_path / "deep.html"
    path.write_text(nested(1_500), encoding="utf-8")
    report = import_paths(project, [path])
    assert report.errors == []
    text = project.document(report.documents_added[0][1]).text
    assert text.split("\n\n") == ["w"] * 1_499 + ["w end"]


def test_a_page_nested_deeper_than_the_parser_reads_is_refused_and_the_batch_goes_on(project, tmp_path):
    deep = tmp_path / "a_deep.html"
    deep.write_text(nested(MAX_DEPTH + 100), encoding="utf-8")
    good = tmp_path / "b_good.html"
    good.write_text("<html><body><p>An ordinary article about the ceasefire.</p></body></html>", encoding="utf-8")
    report = import_paths(project, [deep, good])
    assert len(report.documents_added) == 1 and report.refused_files == [str(deep)]
    assert report.errors == [f"{deep}: the page nests elements more than {MAX_DEPTH} levels deep; it cannot be "
                             "read completely (nothing from this file was imported)"]


def test_a_page_of_200000_tags_is_read_whole():
    page = "<html><body>" + "<p>word <b>bold</b> <!-- c --> tail</p>" * 50_000 + "</body></html>"
    text = extract_html(page).text
    assert text.split("\n\n") == ["word bold tail"] * 50_000


def test_dropped_furniture_keeps_the_text_after_it_and_comments_hide_only_themselves():
    page = ("<html><head><title>T</title></head><body><p>one<script>x()</script> two<!-- hidden --> three"
            "<nav>menu</nav> four</p><article><p>short</p></article><article><p>the long one</p>"
            "<article><p>inner</p></article></article></body></html>")
    found = extract_html(page)
    assert found.title == "T"
    assert found.text == "the long one\n\ninner"
    body_only = extract_html(page.replace("<article>", "<div>").replace("</article>", "</div>"))
    assert body_only.text.split("\n\n")[0] == "one two three four"
