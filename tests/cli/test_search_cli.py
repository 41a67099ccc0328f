"""annotator search: table, csv, json; bad queries as one-line errors."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.defaults import ensure_default_project


@pytest.fixture
def seeds_path(tmp_path):
    return ensure_default_project(tmp_path / "seeds.annotator")


def run(*args):
    return CliRunner().invoke(cli, ["search", *map(str, args)])


def test_table_aligns_hits_and_names_article_and_outlet(seeds_path):
    result = run(seeds_path, '"Kalbajar region"')
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    rows = [line for line in lines if "│" in line]
    assert rows and all("Kalbajar region" in r for r in rows)
    columns = {r.index("Kalbajar region") for r in rows}
    assert len(columns) == 1  # every hit starts in the same column
    assert any("Arab News" in r for r in rows) or any("Republic World" in r for r in rows)
    assert lines[-1] == f"{len(rows)} hits in {len({r.split('│')[1] for r in rows})} articles"


def test_csv_has_a_header_and_the_hits(seeds_path):
    result = run(seeds_path, "advert*", "--format", "csv", "--include-noise")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {r["hit"].lower() for r in rows} == {"advertisement"}
    assert set(rows[0]) == {"document_id", "article", "outlet", "start", "end", "left", "hit", "right"}


def test_json_is_a_list_of_hits_and_limit_is_reported(seeds_path):
    result = run(seeds_path, "azerbaijani", "--format", "json", "--limit", "2")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) == 2 and hits[0]["hit"] == "Azerbaijani" and hits[0]["outlet"]
    assert "first 2 of" in result.stderr


def test_regex_mode(seeds_path):
    result = run(seeds_path, r"\d+ (?:hours|Russian|people)", "--regex", "--format", "json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) >= 2 and all(h["hit"].split()[0].isdigit() for h in hits)


@pytest.mark.parametrize("args, message", [
    (['"Kalbajar region'], "unclosed quotation mark"),
    (["..."], "no word to search for"),
    (["(ab", "--regex"], "invalid regular expression '(ab'"),
])
def test_bad_queries_fail_with_one_line(seeds_path, args, message):
    result = run(seeds_path, *args)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_no_hits(seeds_path):
    result = run(seeds_path, "zeppelin")
    assert result.exit_code == 0 and "No hits for 'zeppelin'" in result.output


def test_a_backtracking_regex_is_stopped_with_a_clear_message(tmp_path, monkeypatch):
    import annotator.core.search as core_search
    from annotator.core.model import NewDocument
    from annotator.store import Project

    monkeypatch.setattr(core_search, "REGEX_SECONDS", 0.3)
    path = tmp_path / "h.annotator"
    with Project(path) as p:
        p.add_document(NewDocument(text="a" * 80 + "!", title="Hostile"))
    result = CliRunner().invoke(cli, ["search", str(path), r"(a|aa)+$", "--regex"])
    assert result.exit_code == 1 and "took more than 0.3 seconds and was stopped" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("regex", [False, True])
def test_hits_in_page_clutter_are_left_out_unless_asked_for(seeds_path, regex):
    query = "(?i)advertisement" if regex else "advertisement"
    flags = ["--regex"] if regex else []
    left_out = run(seeds_path, query, *flags, "--format", "json")
    assert left_out.exit_code == 0, left_out.output
    assert json.loads(left_out.stdout) == []  # every "Advertisement" line of the seeds is clutter
    included = run(seeds_path, query, *flags, "--format", "json", "--include-noise")
    assert len(json.loads(included.stdout)) == 7  # 3 in Global News, 2 in Republic World, 2 in WION
