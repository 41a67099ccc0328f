"""`annotator exclude` (extra copies out of coding and statistics, reversible),
`annotator remove` (asks unless --yes) and `documents` showing the state."""

from __future__ import annotations

from click.testing import CliRunner

from annotator.store.project import Project

STORY = ("The regional government promised an inquiry into the failure of the flood defences on Tuesday. "
         "Residents of three villages were moved to schools and sports halls overnight as the river rose. "
         "Engineers said the barrier had not been inspected since 2015, and the minister refused to comment. ")


def _project_with_copies(tmp_path):
    from annotator.cli import cli

    (tmp_path / "a.txt").write_text("Flood defences fail\n\n" + STORY * 2, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Flood defences fail (regional)\n\n" + STORY * 2 + "Late edition.",
                                    encoding="utf-8")
    (tmp_path / "c.txt").write_text("Something else entirely\n\nA story about the harvest and the rain.",
                                    encoding="utf-8")
    project = tmp_path / "p.annotator"
    result = CliRunner().invoke(cli, ["import", str(project), *(str(tmp_path / n) for n in ("a.txt", "b.txt",
                                                                                              "c.txt"))])
    assert result.exit_code == 0, result.output
    with Project(project) as proj:
        ids = {d.filename.rsplit("/", 1)[-1]: d.id for d in proj.documents()}
    return project, ids


def _excluded(project) -> set[int]:
    from annotator.store.exclusion import excluded_ids

    with Project(project) as proj:
        return excluded_ids(proj)


def test_exclude_duplicates_keeps_the_longest_and_undo_includes(tmp_path):
    from annotator.cli import cli

    project, ids = _project_with_copies(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["exclude", str(project), "--duplicates"])
    assert result.exit_code == 0, result.output
    assert _excluded(project) == {ids["a.txt"]}  # b.txt is the longer edition
    assert f"kept {ids['b.txt']}" in result.output
    listing = runner.invoke(cli, ["documents", str(project)]).output.splitlines()
    (line_a,) = [x for x in listing if x.strip().startswith(str(ids["a.txt"]))]
    assert line_a.endswith(f"excluded (copy of {ids['b.txt']})")
    assert not any("excluded" in x for x in listing if x is not line_a)
    result = runner.invoke(cli, ["exclude", str(project), str(ids["a.txt"]), "--undo"])
    assert result.exit_code == 0 and _excluded(project) == set()


def test_exclude_by_id_and_missing_arguments(tmp_path):
    from annotator.cli import cli

    project, ids = _project_with_copies(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["exclude", str(project)]).exit_code == 2
    missing = runner.invoke(cli, ["exclude", str(project), "999"])
    assert missing.exit_code == 1 and _excluded(project) == set()
    assert runner.invoke(cli, ["exclude", str(project), str(ids["c.txt"])]).exit_code == 0
    assert _excluded(project) == {ids["c.txt"]}


def test_remove_asks_and_lists_what_goes(tmp_path):
    from annotator.cli import cli

    project, ids = _project_with_copies(tmp_path)
    runner = CliRunner()
    with Project(project) as proj:
        coder = proj.ensure_coder("ana")
        code = next(c.id for c in proj.codes() if c.codable)
        proj.add_span(ids["c.txt"], code, coder.id, 0, 9)
    declined = runner.invoke(cli, ["remove", str(project), str(ids["c.txt"])], input="n\n")
    assert declined.exit_code == 0
    assert "'Something else entirely': 1 span by ana" in declined.output and "Nothing was removed" in declined.output
    with Project(project) as proj:
        assert len(proj.documents()) == 3
    done = runner.invoke(cli, ["remove", str(project), str(ids["c.txt"]), str(ids["a.txt"]), "--yes"])
    assert done.exit_code == 0, done.output
    assert "shared passage" in done.output and "Removed 2 documents." in done.output
    with Project(project) as proj:
        assert [d.id for d in proj.documents()] == [ids["b.txt"]]
        assert proj.db.execute("SELECT count(*) FROM spans").fetchone()[0] == 0
        assert proj.db.execute("SELECT count(*) FROM passage_members WHERE document_id != ?",
                               (ids["b.txt"],)).fetchone()[0] == 0
