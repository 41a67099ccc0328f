"""Single-article .docx, .odt, .rtf and .pdf files: exact text, titles, PDF page
furniture kept as noise, and clear refusals for scans and damaged files."""

from __future__ import annotations

from pathlib import Path

import pytest
from formats_fixtures import write_docx, write_odt, write_rtf

from annotator.io.errors import ImportProblem
from annotator.io.formats import read_articles
from annotator.io.formats.pdf import read_pdf
from annotator.io.importer import import_paths
from annotator.store.noise import noise_for

FRENCH = "Le président a déclaré à Genève que la trêve était « fragile »."


def only(project):
    (summary,) = project.documents()
    return project.document(summary.id)


def test_docx_paragraphs_in_order_and_title_from_heading(project, tmp_path):
    path = write_docx(tmp_path / "note.docx", [FRENCH, "", "Zweiter Absatz über Zürich."],
                      heading="Trêve à Genève")
    report = import_paths(project, [path], analyse=False)
    assert report.ok, report.errors
    doc = only(project)
    assert doc.text == f"Trêve à Genève\n{FRENCH}\n\nZweiter Absatz über Zürich."
    assert doc.title == "Trêve à Genève"
    assert doc.filename == "note.docx"


def test_docx_title_from_properties_when_no_heading(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("A first line that is a sentence of the article, not a heading at all.")
    document.core_properties.title = "Title from the properties"
    document.save(str(tmp_path / "props.docx"))
    (item,) = read_articles(tmp_path / "props.docx").articles
    assert item.document.title == "Title from the properties"


def test_docx_table_cells_are_text(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Before the table.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Ville"
    table.cell(0, 1).text = "Genève"
    document.add_paragraph("After the table.")
    document.save(str(tmp_path / "table.docx"))
    (item,) = read_articles(tmp_path / "table.docx").articles
    assert item.document.text == "Before the table.\nVille\nGenève\nAfter the table."


def test_odt_paragraphs_and_heading(project, tmp_path):
    path = write_odt(tmp_path / "note.odt", [FRENCH, "Second paragraphe."], heading="Trêve")
    report = import_paths(project, [path], analyse=False)
    assert report.ok, report.errors
    doc = only(project)
    assert doc.text == f"Trêve\n{FRENCH}\nSecond paragraphe."
    assert doc.title == "Trêve"


def test_rtf_unicode_and_code_page_escapes(project, tmp_path):
    # é, è, « » as \'hh in code page 1252; Ł and ő as \uN? escapes
    path = write_rtf(tmp_path / "note.rtf", ["Łódź and Győr", FRENCH], title="Note sur la trêve")
    assert b"\\u321?" in path.read_bytes() and b"\\'e9" in path.read_bytes()
    report = import_paths(project, [path], analyse=False)
    assert report.ok, report.errors
    doc = only(project)
    assert doc.text == f"Łódź and Győr\n{FRENCH}"
    assert doc.title == "Note sur la trêve"


def test_rtf_raw_bytes_read_in_the_declared_code_page(tmp_path):
    path = tmp_path / "cyr.rtf"
    path.write_bytes(b"{\\rtf1\\ansi\\ansicpg1251 " + "Привет".encode("cp1251") + b"\\par}")
    (item,) = read_articles(path).articles
    assert item.document.text == "Привет"


def test_not_rtf_and_damaged_docx_are_refused_by_name(project, tmp_path):
    fake = tmp_path / "fake.rtf"
    fake.write_text("plain text, not RTF", encoding="utf-8")
    good = write_docx(tmp_path / "good.docx", ["Some text of the article."])
    broken = tmp_path / "broken.docx"
    broken.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    report = import_paths(project, [fake, broken], analyse=False)
    assert project.documents() == []
    assert any("fake.rtf" in e and "not an RTF file" in e for e in report.errors)
    assert any("broken.docx" in e and "damaged or truncated" in e for e in report.errors)


# -- PDF ------------------------------------------------------------------------------------
def _pdf(path: Path, pages: list[list[str]], *, header: str | None = "Le Temps · Genève, juillet 2019",
         footer: bool = True, title: str | None = None) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=11)
    for n, lines in enumerate(pages, 1):
        pdf.add_page()
        if header:
            pdf.set_xy(10, 8)
            pdf.cell(0, 5, header)
        y = 40
        for line in lines:
            pdf.set_xy(10, y)
            pdf.cell(0, 5, line)
            y += 5
        if footer:
            pdf.set_xy(10, 285)
            pdf.cell(0, 5, f"Page {n} of {len(pages)}")
    if title:
        pdf.set_title(title)
    pdf.output(str(path))
    return path


PAGES = [["The gov-", "ernment said the government would act.", "A well-", "known figure spoke; well-known indeed."],
         ["Second page about the président.", "An ambi-", "guous split stays as printed."]]


def test_pdf_text_layer_with_clear_hyphen_joins_only(tmp_path):
    pdf = read_pdf(_pdf(tmp_path / "a.pdf", PAGES, title="Un titre"))
    body = pdf.text
    assert "The government said the government would act." in body  # joined: "government" occurs elsewhere
    assert "A well-\nknown figure spoke; well-known indeed." in body  # "well-known" is a hyphenated word
    assert "An ambi-\nguous split" in body  # neither form occurs elsewhere: not clearly split
    assert body.index("The government") < body.index("Second page")
    assert pdf.title == "Un titre"


def test_pdf_repeating_header_and_footer_kept_as_noise(project, tmp_path):
    path = _pdf(tmp_path / "a.pdf", PAGES)
    report = import_paths(project, [path], analyse=True)
    assert report.ok, report.errors
    doc = only(project)
    regions = [(doc.text[r.start:r.end], r.kind) for r in noise_for(project, doc.id)
               if r.kind in ("page-header", "page-footer")]
    assert regions == [("Le Temps · Genève, juillet 2019", "page-header"), ("Page 1 of 2", "page-footer"),
                       ("Le Temps · Genève, juillet 2019", "page-header"), ("Page 2 of 2", "page-footer")]
    assert doc.text.count("Le Temps · Genève") == 2  # kept in the text
    assert doc.metadata["pages"] == 2


def test_pdf_line_on_one_page_only_is_not_furniture(tmp_path):
    pdf = read_pdf(_pdf(tmp_path / "a.pdf", [["Body one."], ["Body two."]], header=None, footer=False))
    assert pdf.noise == ()


def test_scanned_pdf_asks_for_ocr(project, tmp_path):
    from fpdf import FPDF

    scan = FPDF()
    scan.add_page()
    scan.rect(20, 20, 100, 150, style="F")  # an image of a page, no text
    scan.output(str(tmp_path / "scan.pdf"))
    report = import_paths(project, [tmp_path / "scan.pdf"], analyse=False)
    assert project.documents() == []
    assert any("scan.pdf" in e and "no text layer: run OCR first" in e for e in report.errors)


def test_damaged_pdf_is_refused_by_name(tmp_path):
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.4\n garbage that is no pdf")
    with pytest.raises(ImportProblem, match="bad.pdf.*(not a readable PDF|no text layer)"):
        read_articles(path)


def test_text_is_never_rewritten_after_import(project, tmp_path):
    path = write_docx(tmp_path / "note.docx", ["Line one\twith a tab", "Line two"])
    import_paths(project, [path], analyse=True)
    assert only(project).text == "Line one\twith a tab\nLine two"
