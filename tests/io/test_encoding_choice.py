"""Western European text in a legacy code page decodes as Windows-1252, not as a
Central European look-alike; ``--encoding`` / ``encoding=`` override detection."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.io.importer import import_paths
from annotator.io.reading import detect_encoding, forced_encoding, read_text
from annotator.store.project import Project

FRENCH = "Le président a déclaré à Genève que la trêve était « fragile »\n"


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_french_in_a_western_code_page_is_read_as_cp1252(tmp_path, codec):
    path = tmp_path / "fr.txt"
    path.write_bytes(FRENCH.encode(codec))
    text, encoding, warnings = read_text(path)
    assert text == FRENCH  # not "Genčve … tręve" (cp1250)
    assert encoding == "cp1252"
    assert "cp1252" in warnings[0] and "--encoding" in warnings[0] and "annotator remove" in warnings[0]


@pytest.mark.parametrize("text", [
    "Der Präsident erklärte in Genf, dass die Waffenruhe „brüchig“ sei. Größere Änderungen wären möglich.\n",
    "El presidente declaró en Ginebra que la tregua era «frágil», según el señor Núñez.\n",
])
def test_german_and_spanish_are_cp1252(text):
    assert detect_encoding(text.encode("cp1252")) == "cp1252"


@pytest.mark.parametrize("text", ["Genève et Zürich\n", "Crème brûlée à la française\n"])
def test_a_few_western_words_are_cp1252_too(text):
    assert detect_encoding(text.encode("cp1252")) == "cp1252"


@pytest.mark.parametrize("text, codec", [
    ("Příliš žluťoučký kůň úpěl ďábelské ódy. Vláda České republiky schválila návrh zákona.\n", "cp1250"),
    ("Zażółć gęślą jaźń. Rząd przyjął projekt ustawy budżetowej na przyszły rok, powiedział minister.\n", "cp1250"),
    ("Председатель правительства заявил, что перемирие хрупкое.\n", "cp1251"),
])
def test_central_european_and_cyrillic_keep_their_code_page(text, codec):
    assert detect_encoding(text.encode(codec)) == codec


def test_forced_encoding_overrides_detection_and_warns_nothing(tmp_path):
    path = tmp_path / "cz.txt"
    path.write_bytes(FRENCH.encode("cp1252"))
    with forced_encoding("cp1250"):
        text, encoding, warnings = read_text(path)
    assert encoding == "cp1250" and warnings == [] and "Genčve" in text
    assert read_text(path)[1] == "cp1252"  # outside the block, detection again


def test_import_with_encoding_stores_the_text_so_decoded(tmp_path):
    path = tmp_path / "fr.csv"
    path.write_bytes(("title,text\nTrêve,\"" + FRENCH.strip() + "\"\n").encode("latin-1"))
    with Project(tmp_path / "p.annotator") as project:
        report = import_paths(project, [path], encoding="mac-roman", analyse=False)
        (_, doc_id), = report.documents_added
        assert project.document(doc_id).text == FRENCH.strip().encode("latin-1").decode("mac-roman")
        assert not any("detected" in w for w in report.warnings)


def test_cli_import_encoding_flag_and_unknown_name(tmp_path):
    path = tmp_path / "fr.txt"
    path.write_bytes(FRENCH.encode("cp1252"))
    project = tmp_path / "p.annotator"
    runner = CliRunner()
    bad = runner.invoke(cli, ["import", str(project), str(path), "--encoding", "klingon"])
    assert bad.exit_code == 2 and "unknown encoding 'klingon'" in bad.output
    assert not project.exists()
    ok = runner.invoke(cli, ["import", str(project), str(path), "--encoding", "latin-1"])
    assert ok.exit_code == 0, ok.output
    with Project(project) as proj:
        texts = [proj.document(d.id).text for d in proj.documents() if d.filename.endswith("fr.txt")]
    assert texts == [FRENCH]
