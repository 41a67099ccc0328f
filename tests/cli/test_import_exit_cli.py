"""`annotator import`: exit status 0 only when everything went in, 3 when files or records
were refused; --skip-bad keeps the good records; a second run adds nothing."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from annotator.cli import EXIT_REFUSED, cli
from annotator.defaults import ensure_default_project
from annotator.store import Project


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def seeds_path(tmp_path):
    return ensure_default_project(tmp_path / "seeds.annotator")


def span_file(path, seeds_path, *, bad: bool):
    with Project(seeds_path) as p:
        doc = p.document(1)
    records = [{"document_sha256": doc.sha256, "coder": "ana", "code": "quote", "start": s, "end": s + 5}
               for s in (0, 10, 20)]
    lines = [json.dumps(r) for r in records]
    if bad:
        lines.insert(1, json.dumps({**records[0], "start": 50, "end": 40}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def spans(seeds_path) -> int:
    with Project(seeds_path) as p:
        return p.span_count()


def test_import_twice_exits_0_and_says_already_present(runner, seeds_path, tmp_path):
    path = span_file(tmp_path / "s.jsonl", seeds_path, bad=False)
    first = runner.invoke(cli, ["import", str(seeds_path), str(path)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(cli, ["import", str(seeds_path), str(path)])
    assert second.exit_code == 0, second.output
    assert "0 spans added, 3 already present" in second.output
    assert spans(seeds_path) == 3


def test_a_bad_line_refuses_the_file_with_status_3_and_skip_bad_keeps_the_rest(runner, seeds_path, tmp_path):
    path = span_file(tmp_path / "s.jsonl", seeds_path, bad=True)
    refused = runner.invoke(cli, ["import", str(seeds_path), str(path)])
    assert refused.exit_code == EXIT_REFUSED == 3, refused.output
    assert f"{path}, line 2: offsets 50:40" in refused.output
    assert "Not everything was imported: 1 of 1 file refused, 1 bad record" in refused.output
    assert spans(seeds_path) == 0
    kept = runner.invoke(cli, ["import", str(seeds_path), str(path), "--skip-bad"])
    assert kept.exit_code == 3 and "3 spans added" in kept.output and "0 of 1 file refused, 1 bad record" in kept.output
    assert spans(seeds_path) == 3
    again = runner.invoke(cli, ["import", str(seeds_path), str(path), "--skip-bad"])
    assert "0 spans added, 3 already present" in again.output and spans(seeds_path) == 3


def test_a_deeply_nested_file_is_refused_and_the_batch_goes_on(runner, seeds_path, tmp_path):
    deep = tmp_path / "a.jsonl"
    deep.write_text("[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    good = span_file(tmp_path / "b.jsonl", seeds_path, bad=False)
    result = runner.invoke(cli, ["import", str(seeds_path), str(deep), str(good), "--as", "spans"])
    assert result.exit_code == 3, result.output
    assert "nested too deeply" in result.output and "Traceback" not in result.output
    assert "3 spans added" in result.output


def test_a_deeply_nested_codebook_is_a_clear_error(runner, seeds_path, tmp_path):
    path = tmp_path / "deep.codebook.json"
    path.write_text('{"format": "annotator-codebook", "codes": ' + "[" * 200_000 + "]" * 200_000 + "}",
                    encoding="utf-8")
    result = runner.invoke(cli, ["codebook", "import", str(seeds_path), str(path)])
    assert result.exit_code == 1 and "nested too deeply" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
