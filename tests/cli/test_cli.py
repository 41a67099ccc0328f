import json
import sqlite3

import click
import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.codebook import parse_codebook
from annotator.defaults import ensure_default_project
from annotator.store import Project


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def seeds_path(tmp_path):
    return ensure_default_project(tmp_path / "seeds.annotator")


def all_commands(group: click.Group, prefix=()):
    for name, cmd in group.commands.items():
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from all_commands(cmd, prefix + (name,))


def test_every_command_has_help_text(runner):
    assert cli.help
    for path, cmd in all_commands(cli):
        assert cmd.help and len(cmd.help) > 20, f"{' '.join(path)} has no help"
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, result.output


def test_default_project_is_created_once(tmp_path):
    path = ensure_default_project(tmp_path / "d.annotator")
    ensure_default_project(path)
    from annotator.defaults import populate_default
    with Project(path) as p:
        populate_default(p)  # even repopulating adds nothing
        assert p.document_count() == 5
        assert [c.name for c in p.codes()] == ["claim", "quote", "casualty figure", "territorial change"]
        titles = {d.filename: (d.title, d.source) for d in p.documents()}
    assert titles["004_a079e1f06cb16a1b.txt"] == ("Azerbaijani troops enter further territory ceded by Armenia", "Arab News")
    assert titles["001_62e07c1b8d989d3a.txt"][1] == "Global News"


def test_documents_lists_seeds(runner, seeds_path):
    result = runner.invoke(cli, ["documents", str(seeds_path)])
    assert result.exit_code == 0
    assert "Arab News" in result.output and result.output.count("\n") == 5


def test_status_sets_and_reports(runner, seeds_path):
    result = runner.invoke(cli, ["status", str(seeds_path), "004_a079e1f06cb16a1b.txt", "done", "--coder", "ana",
                                 "--new-coder"])
    assert result.exit_code == 0, result.output
    assert "not-started -> done" in result.output
    with Project(seeds_path) as p:
        ana = p.coder_by_name("ana")
        assert p.statuses(ana.id) == {5: "done"}


def test_status_unknown_document_is_a_clear_error(runner, seeds_path):
    result = runner.invoke(cli, ["status", str(seeds_path), "nope", "done", "--coder", "ana"])
    assert result.exit_code == 1
    assert "no document matches 'nope'" in result.output
    assert "Traceback" not in result.output


def test_stats_table_csv_json(runner, seeds_path):
    with Project(seeds_path) as p:
        ana, ben = p.ensure_coder("ana"), p.ensure_coder("ben")
        quote, claim = p.code_by_path("quote"), p.code_by_path("claim")
        p.add_span(1, quote.id, ana.id, 0, 10)
        p.add_span(1, quote.id, ana.id, 20, 25)
        p.add_span(1, claim.id, ben.id, 0, 4)
        p.add_span(2, quote.id, ben.id, 5, 9)
    out = runner.invoke(cli, ["stats", str(seeds_path), "--format", "json"])
    rows = json.loads(out.output)
    assert [(r["document_id"], r["coder"], r["code"], r["spans"], r["characters"]) for r in rows] == [
        (1, "ana", "quote", 2, 15), (1, "ben", "claim", 1, 4), (2, "ben", "quote", 1, 4)]
    csv_out = runner.invoke(cli, ["stats", str(seeds_path), "--format", "csv"]).output.splitlines()
    assert csv_out[0] == "document_id,document,coder,code,spans,characters" and len(csv_out) == 4
    table = runner.invoke(cli, ["stats", str(seeds_path)]).output
    assert "Total: 4 spans in 2 of 5 documents" in table


def test_stats_of_empty_project(runner, seeds_path):
    result = runner.invoke(cli, ["stats", str(seeds_path)])
    assert result.exit_code == 0 and "No spans yet (5 documents)" in result.output


def test_codebook_export_import_round_trip(runner, seeds_path, tmp_path):
    out = tmp_path / "cb.json"
    assert runner.invoke(cli, ["codebook", "export", str(seeds_path), "-o", str(out)]).exit_code == 0
    specs = parse_codebook(out.read_text(encoding="utf-8"))
    assert [s.name for s in specs] == ["claim", "quote", "casualty figure", "territorial change"]
    fresh = tmp_path / "fresh.annotator"
    result = runner.invoke(cli, ["codebook", "import", str(fresh), str(out)])
    assert result.exit_code == 0 and "added 4 codes" in result.output
    again = runner.invoke(cli, ["codebook", "export", str(fresh)])
    assert again.output == out.read_text(encoding="utf-8")


def test_codebook_import_bad_file_names_it(runner, seeds_path, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "annotator-codebook", "codes": [{"name": "x", "color": "blue"}]}')
    result = runner.invoke(cli, ["codebook", "import", str(seeds_path), str(bad)])
    assert result.exit_code == 1
    assert str(bad) in result.output and "#RRGGBB" in result.output and "Traceback" not in result.output


def test_not_a_project_is_a_clear_error(runner, tmp_path):
    other = tmp_path / "x.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (a)")
    conn.commit()
    conn.close()
    result = runner.invoke(cli, ["stats", str(other)])
    assert result.exit_code == 1 and "not an annotator project" in result.output


def test_import_creates_project_with_codebook_and_reports(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Kalbajar handed over\n\nBody with 😀 text.\r\n", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (folder / "dup.txt").write_text("Kalbajar handed over\n\nBody with 😀 text.\n", encoding="utf-8")
    proj = tmp_path / "new.annotator"
    result = runner.invoke(cli, ["import", str(proj), str(folder)])
    assert result.exit_code == 3, result.output  # b.txt was refused: not everything went in
    assert "1 document added" in result.output or "1 documents added" in result.output
    assert "b.txt" in result.output and "1 error" in result.output  # the refused file is named
    with Project(proj) as p:
        assert p.document_count() == 1
        assert p.documents()[0].title == "Kalbajar handed over"
        assert p.document(1).text == "Kalbajar handed over\n\nBody with 😀 text.\n"
        assert [c.name for c in p.codes()][:4] == ["claim", "quote", "casualty figure", "territorial change"]


def test_export_import_spans_round_trip_through_the_cli(runner, seeds_path, tmp_path):
    with Project(seeds_path) as p:
        ana = p.ensure_coder("ana")
        quote = p.code_by_path("quote")
        text = p.document(1).text
        start = text.index("We will restore Kalbajar")
        p.add_span(1, quote.id, ana.id, start, start + 24, attributes={"speaker": "Ilham Aliyev"}, memo="lede")
        p.add_span(2, p.code_by_path("claim").id, ana.id, 0, 11)
    out = tmp_path / "spans.jsonl"
    result = runner.invoke(cli, ["export", str(seeds_path), "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records[0]["text"] == "We will restore Kalbajar" and records[0]["attributes"] == {"speaker": "Ilham Aliyev"}
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith((".part", ".partial"))] == []

    fresh = tmp_path / "fresh.annotator"
    ensure_default_project(fresh)
    result = runner.invoke(cli, ["import", str(fresh), str(out)])
    assert result.exit_code == 0, result.output
    with Project(seeds_path) as a, Project(fresh) as b:
        def key(p):
            names = {c.id: c.name for c in p.coders()}
            paths = p.code_paths()
            return sorted((s.document_id, paths[s.code_id], names[s.coder_id], s.start, s.end, s.text, s.memo,
                           s.attributes) for s in p.spans_where())
        assert key(a) == key(b) and len(key(b)) == 2


def test_export_csv_with_bom_and_filters(runner, seeds_path, tmp_path):
    with Project(seeds_path) as p:
        ana, ben = p.ensure_coder("ana"), p.ensure_coder("ben")
        p.add_span(1, p.code_by_path("quote").id, ana.id, 0, 4)
        p.add_span(1, p.code_by_path("claim").id, ben.id, 0, 4)
    out = tmp_path / "x.csv"
    result = runner.invoke(cli, ["export", str(seeds_path), "--format", "csv", "-o", str(out), "--bom", "--coder", "ben"])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and ",ben,claim," in lines[1]


def test_import_of_only_bad_files_fails_with_message(runner, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = runner.invoke(cli, ["import", str(tmp_path / "p.annotator"), str(bad)])
    assert result.exit_code == 3
    assert "empty.txt" in result.output and "Traceback" not in result.output


def test_qdpx_export_import_through_the_cli(runner, seeds_path, tmp_path):
    with Project(seeds_path) as p:
        p.add_span(1, p.code_by_path("quote").id, p.ensure_coder("ana").id, 0, 20, memo="m")
    out = tmp_path / "study.qdpx"
    result = runner.invoke(cli, ["export", str(seeds_path), "--format", "qdpx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    fresh = tmp_path / "fresh.annotator"
    result = runner.invoke(cli, ["import", str(fresh), str(out)])
    assert result.exit_code == 0, result.output
    with Project(seeds_path) as a, Project(fresh) as b:
        assert [(s.guid, s.start, s.end, s.text, s.memo) for s in a.spans_where()] == \
               [(s.guid, s.start, s.end, s.text, s.memo) for s in b.spans_where()]
        assert b.document_count() == 5


def test_qdpx_export_refuses_filters(runner, seeds_path, tmp_path):
    result = runner.invoke(cli, ["export", str(seeds_path), "--format", "qdpx", "-o", str(tmp_path / "x.qdpx"),
                                 "--coder", "ana"])
    assert result.exit_code == 2 and "whole project" in result.output


def test_qdpx_import_of_garbage_is_a_clear_error(runner, tmp_path):
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"not a zip")
    result = runner.invoke(cli, ["import", str(tmp_path / "p.annotator"), str(bad)])
    assert result.exit_code == 3 and "bad.qdpx" in result.output and "Traceback" not in result.output


def test_qdc_codebook_round_trip(runner, seeds_path, tmp_path):
    out = tmp_path / "cb.qdc"
    assert runner.invoke(cli, ["codebook", "export", str(seeds_path), "--format", "qdc", "-o", str(out)]).exit_code == 0
    fresh = tmp_path / "fresh.annotator"
    result = runner.invoke(cli, ["codebook", "import", str(fresh), str(out)])
    assert result.exit_code == 0, result.output
    with Project(seeds_path) as a, Project(fresh) as b:
        assert [(c.name, c.color, c.description) for c in a.codes()] == [(c.name, c.color, c.description) for c in b.codes()]


def test_merge_two_coders_files(runner, tmp_path):
    files = []
    for name, (start, end) in {"ana": (0, 10), "ben": (5, 15)}.items():
        path = ensure_default_project(tmp_path / f"{name}.annotator")
        with Project(path) as p:
            p.add_span(2, p.code_by_path("claim").id, p.ensure_coder(name).id, start, end)
        files.append(path)
    team = ensure_default_project(tmp_path / "team.annotator")
    result = runner.invoke(cli, ["merge", str(team), *map(str, files)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(cli, ["merge", str(team), *map(str, files)])
    assert again.exit_code == 0
    with Project(team) as p:
        got = sorted((p.coder(s.coder_id).name, s.document_id, s.start, s.end) for s in p.spans_where())
    assert got == [("ana", 2, 0, 10), ("ben", 2, 5, 15)]


def test_merge_bad_rename_and_bad_file(runner, tmp_path):
    team = ensure_default_project(tmp_path / "team.annotator")
    other = ensure_default_project(tmp_path / "other.annotator")
    assert runner.invoke(cli, ["merge", str(team), str(other), "--rename", "ana"]).exit_code == 2
    junk = tmp_path / "junk.annotator"
    junk.write_text("hello")
    result = runner.invoke(cli, ["merge", str(team), str(junk)])
    assert result.exit_code == 1 and "junk.annotator" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["frequencies", "coders", "positions", "cooccurrence", "reuse"])
def test_stats_plot_writes_png_of_requested_size(runner, seeds_path, tmp_path, kind):
    from PySide6.QtGui import QImage

    with Project(seeds_path) as p:
        p.add_span(1, p.code_by_path("quote").id, p.ensure_coder("ana").id, 0, 30)
        p.add_span(1, p.code_by_path("claim").id, p.ensure_coder("ana").id, 10, 50)
    out = tmp_path / f"{kind}.png"
    result = runner.invoke(cli, ["stats", str(seeds_path), "--plot", kind, "-o", str(out), "--size", "800x500"])
    assert result.exit_code == 0, result.output
    image = QImage(str(out))
    assert (image.width(), image.height()) == (800, 500)
    colours = {image.pixel(x, y) for x in range(0, 800, 3) for y in range(0, 500, 3)}
    assert len(colours) > 3  # drawn, not blank


def test_stats_plot_needs_output(runner, seeds_path):
    result = runner.invoke(cli, ["stats", str(seeds_path), "--plot", "coders"])
    assert result.exit_code == 2 and "-o coders.png" in result.output and "--size" not in result.output


def test_matrix_export(runner, seeds_path, tmp_path):
    import csv

    with Project(seeds_path) as p:
        ana = p.ensure_coder("ana")
        quote = p.code_by_path("quote").id
        p.add_span(1, quote, ana.id, 0, 10)
        p.add_span(1, quote, ana.id, 5, 20)
        n = p.document(1).char_count
    out = tmp_path / "m.csv"
    result = runner.invoke(cli, ["export", str(seeds_path), "--format", "matrix", "--value", "coverage", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 5 and rows[0]["coder"] == "ana"
    assert float(rows[0]["quote"]) == pytest.approx(20 / n, abs=1e-6)  # overlap counted once
    assert float(rows[1]["quote"]) == 0


def test_coding_manual(runner, seeds_path, tmp_path):
    with Project(seeds_path) as p:
        p.add_span(1, p.code_by_path("quote").id, p.ensure_coder("ana").id, 0, 14)
    out = tmp_path / "manual.html"
    result = runner.invoke(cli, ["codebook", "export", str(seeds_path), "--format", "html", "--examples", "2",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "casualty figure" in html and "BAKU, Azerbaij" in html
    md = runner.invoke(cli, ["codebook", "export", str(seeds_path), "--format", "md"]).output
    assert "territorial change" in md and "speaker" in md
