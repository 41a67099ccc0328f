"""``annotator import --refi-offsets``: the reading is chosen on the command line and
the summary says how offsets were read."""

from __future__ import annotations

from click.testing import CliRunner
from conventions import NVIVO, SEGMENTS, build

from annotator.cli import REFI_OFFSET_CHOICES, cli
from annotator.io.refi.offsets import CHOICES
from annotator.store import Project


def test_the_command_line_offers_every_reading():
    assert sorted(REFI_OFFSET_CHOICES) == sorted(CHOICES)


def test_auto_says_how_offsets_were_read(tmp_path):
    path = build(tmp_path / "nvivo.qdpx", NVIVO)
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.annotator"), str(path)])
    assert result.exit_code == 0, result.output
    assert "offsets read as UTF-16 units, a CRLF as 2, BOM not counted in all 2 sources (15/15 segments fit)" in (
        result.output)
    with Project(tmp_path / "p.annotator") as p:
        assert sorted(s.text for s in p.spans_where()) == sorted(t for seg in SEGMENTS.values() for t in seg)


def test_a_forced_reading_is_used(tmp_path):
    path = build(tmp_path / "nvivo.qdpx", NVIVO)
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.annotator"), str(path), "--refi-offsets", "atlas"])
    # the forced reading misplaces selections, some are left out: imported in part, status 3
    assert result.exit_code == 3 and "imported in part" in result.output, result.output
    assert "offsets read as code points, a CRLF as 1, BOM not counted (as chosen)" in result.output
    assert "warning: weak evidence" in result.output and "'ceasefire.txt'" in result.output
    with Project(tmp_path / "p.annotator") as p:
        assert sorted(s.text for s in p.spans_where()) != sorted(t for seg in SEGMENTS.values() for t in seg)


def test_an_unknown_reading_is_refused(tmp_path):
    path = build(tmp_path / "nvivo.qdpx", NVIVO)
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.annotator"), str(path), "--refi-offsets", "utf8"])
    assert result.exit_code == 2 and "utf8" in result.output
