"""News-database exports split into one document per article (LexisNexis Nexis Uni
DOCX/RTF, LexisNexis Academic TXT, Factiva RTF/HTML), damaged exports, --as single,
and Media Cloud / GDELT CSV dumps."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from formats_fixtures import (
    ACCESSIONS, STORIES, factiva_date, factiva_html, factiva_plain_rtf, factiva_rtf, nexis_txt, nexis_uni_paragraphs,
    write_docx, write_rtf,
)

from annotator.io.importer import import_paths
from annotator.store import Project


def docs(project):
    return [project.document(d.id) for d in sorted(project.documents(), key=lambda d: d.id)]


def nexis_body(story) -> str:
    return story.title + "\n\n" + "\n".join(story.body)


def check_common(documents, stories=STORIES) -> None:
    assert [d.title for d in documents] == [s.title for s in stories]
    assert [d.source for d in documents] == [s.outlet for s in stories]
    assert [d.published for d in documents] == [s.iso for s in stories]
    assert [d.metadata.get("byline", "") for d in documents] == [s.byline for s in stories]
    assert "byline" not in documents[1].metadata  # the article without one


@pytest.mark.parametrize("suffix", [".docx", ".rtf"])
def test_nexis_uni_split_with_metadata(project, tmp_path, suffix):
    paragraphs = nexis_uni_paragraphs()
    path = (write_docx if suffix == ".docx" else write_rtf)(tmp_path / f"Files (3){suffix}", paragraphs)
    report = import_paths(project, [path], analyse=False)
    assert report.ok and not report.warnings, report.summary()
    documents = docs(project)
    check_common(documents)
    assert [d.text for d in documents] == [nexis_body(s) for s in STORIES]
    first, _, third = documents
    assert first.metadata["section"] == "Monde; Pg. 4"
    assert first.metadata["length"] == "27 words"
    assert first.metadata["language"] == "ENGLISH"
    assert first.metadata["copyright"] == "Copyright 2019 Le Temps (Genève) All Rights Reserved"
    assert third.metadata["edition"] == "Final Edition"
    for d in documents:  # the cover list and the markers are not article text
        assert "Job Number" not in d.text and "End of Document" not in d.text and "Body" not in d.text.split("\n")


def test_nexis_uni_truncated_keeps_complete_articles_and_reports_the_broken_one(project, tmp_path):
    path = write_rtf(tmp_path / "cut.rtf", nexis_uni_paragraphs(truncate=True))
    report = import_paths(project, [path], analyse=False)
    assert [d.title for d in docs(project)] == [s.title for s in STORIES[:2]]
    (error,) = report.errors
    assert "cut.rtf, article 3" in error and "Markets steady" in error and "End of Document" in error
    (warning,) = report.warnings
    assert "Documents (3)" in warning and "2 complete articles" in warning and "Flood defences" in warning


def test_nexis_uni_count_mismatch_warns_naming_what_was_found(project, tmp_path):
    path = write_docx(tmp_path / "n.docx", nexis_uni_paragraphs(declared=5))
    report = import_paths(project, [path], analyse=False)
    assert len(project.documents()) == 3
    (warning,) = report.warnings
    assert "(5)" in warning and "3 complete articles" in warning
    assert all(s.title in warning for s in STORIES)


def test_as_single_keeps_an_export_whole_and_ordinary_docx_stays_one(project, tmp_path):
    export = write_docx(tmp_path / "n.docx", nexis_uni_paragraphs())
    plain = write_docx(tmp_path / "plain.docx", ["Body", "A paragraph mentioning End of Document in passing."])
    report = import_paths(project, [plain], analyse=False)
    assert report.ok and len(project.documents()) == 1
    report = import_paths(project, [export], as_="single", analyse=False)
    assert report.ok and len(project.documents()) == 2
    whole = docs(project)[1]
    assert whole.text.startswith("Date and Time:") and whole.text.count("End of Document") == 3


def test_cli_as_single(tmp_path):
    from annotator.cli import cli

    export = write_docx(tmp_path / "n.docx", nexis_uni_paragraphs())
    target = tmp_path / "p.annotator"
    result = CliRunner().invoke(cli, ["import", str(target), str(export), "--as", "single"])
    assert result.exit_code == 0, result.output
    with Project(target) as p:
        assert len(p.documents()) == 1
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "q.annotator"), str(export)])
    assert result.exit_code == 0, result.output
    assert "3 documents added" in result.output


def test_nexis_academic_txt(project, tmp_path):
    path = tmp_path / "LN.TXT"
    path.write_bytes(nexis_txt().encode("utf-8-sig"))
    report = import_paths(project, [path], analyse=False)
    assert report.ok and not report.warnings, report.summary()
    documents = docs(project)
    check_common(documents)
    # the body as the file has it (blank lines between paragraphs), the header fields out
    assert [d.text for d in documents] == [s.title + "\n\n" + "\n\n".join(s.body) for s in STORIES]
    assert documents[0].metadata["section"] == "MONDE; PG. 4"
    assert documents[0].metadata["copyright"] == "Copyright 2019 Le Temps (Genève) All Rights Reserved"
    assert documents[2].metadata["edition"] == "Final Edition"
    assert documents[2].metadata["load_date"] == "July 8, 2019"


def test_nexis_academic_txt_truncated(project, tmp_path):
    path = tmp_path / "LN.txt"
    path.write_text(nexis_txt(truncate=True), encoding="utf-8")
    report = import_paths(project, [path], analyse=False)
    assert len(project.documents()) == 2
    assert any("article 3" in e and "3 of 3 DOCUMENTS" in e and "truncated" in e for e in report.errors)
    assert any("(3)" in w and "2 complete articles" in w for w in report.warnings)


def test_plain_txt_is_not_mistaken_for_an_export(project, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("LENGTH: of the bridge\n\nThe bridge is 1 of 3 documents we checked.\n", encoding="utf-8")
    import_paths(project, [path], analyse=False)
    assert docs(project)[0].text == path.read_text(encoding="utf-8")


def test_factiva_rtf_with_indexing(project, tmp_path):
    path = tmp_path / "Factiva-20190708.rtf"
    path.write_bytes(factiva_rtf())
    report = import_paths(project, [path], analyse=False)
    assert report.ok, report.summary()
    documents = docs(project)
    check_common(documents)
    assert [d.text for d in documents] == [nexis_body(s) for s in STORIES]
    first = documents[0].metadata
    assert first["accession"] == ACCESSIONS[0]
    assert first["length"] == "27 words" and first["language"] == "English"
    assert first["copyright"] == "(c) 2019 Le Temps (Genève)"
    assert first["subjects"] == "gpol : Domestic Politics | gcat : Political/General News"
    assert first["date_line"] == factiva_date(STORIES[0])
    assert documents[2].metadata["edition"] == "Final Edition"


def test_factiva_rtf_truncated(project, tmp_path):
    path = tmp_path / "f.rtf"
    path.write_bytes(factiva_rtf(truncate=True))
    report = import_paths(project, [path], analyse=False)
    assert len(project.documents()) == 2
    (error,) = report.errors
    assert "article 3" in error and "Markets steady" in error and "Document <accession number>" in error


def test_factiva_html(project, tmp_path):
    path = tmp_path / "Factiva.html"
    path.write_text(factiva_html(), encoding="utf-8")
    report = import_paths(project, [path], analyse=False)
    assert report.ok, report.summary()
    documents = docs(project)
    check_common(documents)
    assert [d.text for d in documents] == [nexis_body(s) for s in STORIES]
    assert documents[1].metadata["accession"] == ACCESSIONS[1]


def test_factiva_html_truncated(project, tmp_path):
    path = tmp_path / "Factiva.html"
    path.write_text(factiva_html(truncate=True), encoding="utf-8")
    report = import_paths(project, [path], analyse=False)
    assert len(project.documents()) == 2
    assert any("article 3" in e and "accession number" in e for e in report.errors)


# -- CSV dumps ---------------------------------------------------------------------------------
def test_media_cloud_csv_columns_mapped_without_flags(project, tmp_path):
    path = tmp_path / "mc.csv"
    path.write_text("stories_id,publish_date,title,url,language,media_id,media_name,media_url,story_text\n"
                    "1,2019-07-01 09:20:00,Trêve à Genève,https://letemps.ch/a,fr,7,Le Temps (Genève),"
                    "https://letemps.ch,\"Le président a parlé.\"\n", encoding="utf-8")
    report = import_paths(project, [path], analyse=False)
    assert report.ok, report.summary()
    (doc,) = docs(project)
    assert (doc.title, doc.source, doc.url, doc.published) == (
        "Trêve à Genève", "Le Temps (Genève)", "https://letemps.ch/a", "2019-07-01")
    assert doc.text == "Le président a parlé."
    assert doc.metadata["publish_date_original"] == "2019-07-01 09:20:00"
    assert doc.metadata["language"] == "fr" and doc.metadata["stories_id"] == "1"


def test_gdelt_csv_columns_mapped(project, tmp_path):
    path = tmp_path / "gdelt.csv"
    path.write_text("DATE,SourceCommonName,DocumentIdentifier,Title,text\n"
                    "20190702T101500Z,sueddeutsche.de,https://sz.de/x,Hochwasser im Norden,Die Flüsse stiegen.\n",
                    encoding="utf-8")
    report = import_paths(project, [path], analyse=False)
    assert report.ok, report.summary()
    (doc,) = docs(project)
    assert (doc.title, doc.source, doc.url, doc.published) == (
        "Hochwasser im Norden", "sueddeutsche.de", "https://sz.de/x", "2019-07-02")
    assert doc.metadata["date_original"] == "20190702T101500Z"


def test_export_cut_inside_its_only_article_is_still_recognised(project, tmp_path):
    uni = write_docx(tmp_path / "uni.docx", nexis_uni_paragraphs(STORIES[:1], truncate=True))
    factiva = tmp_path / "f.rtf"
    factiva.write_bytes(factiva_rtf(STORIES[:1], truncate=True))
    report = import_paths(project, [uni, factiva], analyse=False)
    assert project.documents() == []  # nothing imported as one giant article
    assert any("uni.docx, article 1" in e and "End of Document" in e for e in report.errors)
    assert any("f.rtf, article 1" in e and "Document <accession number>" in e for e in report.errors)


def test_nexis_uni_graphic_captions_are_not_body(project, tmp_path):
    paragraphs = nexis_uni_paragraphs(STORIES[:1])
    at = paragraphs.index("Classification")
    paragraphs[at:at] = ["Graphic", "Negotiators in Geneva. Photo: AFP"]
    import_paths(project, [write_docx(tmp_path / "g.docx", paragraphs)], analyse=False)
    assert docs(project)[0].text == nexis_body(STORIES[0])


def test_nexis_uni_pdf_split_when_its_text_layer_keeps_the_lines(project, tmp_path):
    from fpdf import FPDF

    stories = STORIES[:2]  # the PDF core font holds Latin-1 only
    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    pdf.add_page()
    for paragraph in nexis_uni_paragraphs(stories):
        pdf.multi_cell(0, 5, paragraph or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "uni.pdf"))
    report = import_paths(project, [tmp_path / "uni.pdf"], analyse=False)
    assert report.ok and not report.warnings, report.summary()
    documents = docs(project)
    check_common(documents, stories)
    assert [d.text for d in documents] == [nexis_body(s) for s in stories]


def test_factiva_rtf_without_indexing(project, tmp_path):
    path = tmp_path / "Factiva-plain.rtf"
    path.write_bytes(factiva_plain_rtf())
    report = import_paths(project, [path], analyse=False)
    assert report.ok, report.summary()
    documents = docs(project)
    check_common(documents)
    assert [d.text for d in documents] == [nexis_body(s) for s in STORIES]
    first = documents[0].metadata
    assert (first["accession"], first["language"], first["length"]) == (ACCESSIONS[0], "English", "27 words")
    assert first["copyright"] == "(c) 2019 Le Temps (Genève)" and first["time"] == "09:20"
    assert documents[2].metadata["edition"] == "Final Edition"


def test_factiva_rtf_without_indexing_truncated(project, tmp_path):
    path = tmp_path / "cut.rtf"
    path.write_bytes(factiva_plain_rtf(truncate=True))
    report = import_paths(project, [path], analyse=False)
    assert len(project.documents()) == 2
    (error,) = report.errors
    assert "article 3" in error and "Markets steady" in error


@pytest.mark.parametrize(("line", "iso"), [
    ("July 1, 2019 Monday 9:20 AM GMT", "2019-07-01"),
    ("January 11, 2010 Monday", "2010-01-11"),
    ("1 July 2019", "2019-07-01"),
    ("1. Juli 2019 Montag", "2019-07-01"),
    ("5 décembre 2019", "2019-12-05"),
    ("20190702T101500Z", "2019-07-02"),
    ("2019-07-01 09:20:00", "2019-07-01"),
    ("February 30, 2019", ""),
    ("no date here", ""),
])
def test_iso_dates(line, iso):
    from annotator.io.formats.dates import iso_date

    assert iso_date(line) == iso
