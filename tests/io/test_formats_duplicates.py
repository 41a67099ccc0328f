"""Near-duplicates (editions of one story) flagged after an import, from the shared passages."""

from __future__ import annotations

from click.testing import CliRunner

from annotator.io.importer import import_paths
from annotator.store.duplicates import duplicate_groups, near_duplicates

STORY = ("The regional government promised an inquiry into the failure of the flood defences on Tuesday. "
         "Residents of three villages were moved to schools and sports halls overnight as the river rose. "
         "Engineers said the barrier had not been inspected since 2015, and the minister refused to comment. "
         "Farmers counted their losses while volunteers filled sandbags along the embankment until dawn. ")
OTHER = ("Share prices barely moved after the central bank held its rates on Wednesday afternoon. "
         "Analysts had expected the decision and traders said the market had priced it in weeks ago. "
         "The currency rose slightly against the dollar before falling back in late trading. ")


def editions(folder):
    folder.mkdir()
    (folder / "national.txt").write_text("Flood defences fail\n\n" + STORY * 2, encoding="utf-8")
    (folder / "regional.txt").write_text("Flood defences fail in the north\n\n" + STORY * 2 + "Regional edition.",
                                         encoding="utf-8")
    (folder / "trimmed.txt").write_text("Flood defences fail\n\n" + STORY, encoding="utf-8")  # half the text
    (folder / "markets.txt").write_text("Markets steady\n\n" + OTHER * 2, encoding="utf-8")
    return folder


def test_editions_flagged_in_the_import_summary(project, tmp_path):
    report = import_paths(project, [editions(tmp_path / "in")], analyse=True)
    assert report.ok, report.summary()
    ids = {label.rsplit("/", 1)[-1]: doc_id for label, doc_id in report.documents_added}
    pairs = near_duplicates(project)
    assert [(p.a_id, p.b_id) for p in pairs] == [(ids["national.txt"], ids["regional.txt"])]
    assert pairs[0].share >= 0.9
    (line,) = report.near_duplicates
    assert "Flood defences fail" in line and "Flood defences fail in the north" in line
    assert "1 near-duplicate pair" in report.summary()
    assert duplicate_groups(project) == {ids["national.txt"]: [ids["regional.txt"]],
                                         ids["regional.txt"]: [ids["national.txt"]]}


def test_noise_is_left_out_of_the_share(project, tmp_path, forget_analysis):
    import_paths(project, [editions(tmp_path / "in")], analyse=True)
    assert near_duplicates(project, threshold=0.9)
    assert not near_duplicates(project, threshold=0.999)


def test_cli_summary_names_the_pair(tmp_path):
    from annotator.cli import cli

    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.annotator"), str(editions(tmp_path / "in"))])
    assert result.exit_code == 0, result.output
    assert "near-duplicate pair" in result.output and "Flood defences fail in the north" in result.output
