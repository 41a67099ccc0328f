import json

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.defaults import ensure_default_project
from annotator.store import Project


@pytest.fixture
def two_coders(tmp_path):
    """The peer-tool case on document 1: 100 characters each, 80 shared -> kappa 0.778 on 1,000 chars."""
    path = ensure_default_project(tmp_path / "p.annotator")
    with Project(path) as p:
        ana, ben = p.ensure_coder("ana"), p.ensure_coder("ben")
        quote = p.code_by_path("quote").id
        p.add_span(1, quote, ana.id, 0, 100)
        p.add_span(1, quote, ben.id, 20, 120)
        for coder in (ana, ben):
            p.set_status(1, coder.id, "done")
    return path


def run(*args):
    result = CliRunner().invoke(cli, ["agreement", *map(str, args)])
    return result


def test_json_shape_and_values(two_coders):
    with Project(two_coders) as p:
        n = p.document(1).char_count
    result = run(two_coders, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["coders"] == ["ana", "ben"] and data["unit"] == "char" and data["documents"] == 1
    quote = data["codes"]["quote"]
    # hand computation: p_o = (n - 40)/n; p_e = pa*pb + (1-pa)*(1-pb), pa = pb = 100/n
    pa = 100 / n
    po, pe = (n - 40) / n, pa * pa + (1 - pa) ** 2
    assert quote["cohen_kappa"] == pytest.approx((po - pe) / (1 - pe))
    assert quote["percent_agreement"] == pytest.approx(po)
    assert quote["units"] == n and quote["documents"] == 1
    assert "fleiss_kappa" not in quote
    assert quote["f1_exact"] == 0.0 and quote["f1_overlap"] == 1.0
    assert "method" in data and "Krippendorff" in data["method"]


def test_only_done_documents_by_default(two_coders):
    with Project(two_coders) as p:
        p.add_span(2, p.code_by_path("claim").id, p.coder_by_name("ana").id, 0, 10)  # doc 2 not done
    data = json.loads(run(two_coders, "--format", "json").output)
    assert data["documents"] == 1 and "claim" not in data["codes"] or data["codes"]["claim"]["documents"] == 1


def test_undefined_is_reported_with_reason(two_coders):
    # nobody coded "casualty figure" on the done document: no variation, so alpha and kappa are undefined
    data = json.loads(run(two_coders, "--codes", "casualty figure", "--format", "json").output)
    figures = data["codes"]["casualty figure"]
    assert figures["krippendorff_alpha"] is None and figures["cohen_kappa"] is None
    assert figures["notes"]["krippendorff_alpha"] and figures["notes"]["cohen_kappa"]
    table = run(two_coders, "--codes", "casualty figure").output
    assert "undefined" in table
    assert f"note: casualty figure, alpha: {figures['notes']['krippendorff_alpha']}" in table


def test_one_coder_is_a_clear_error(tmp_path):
    path = ensure_default_project(tmp_path / "p.annotator")
    with Project(path) as p:
        p.add_span(1, 1, p.ensure_coder("ana").id, 0, 5)
    result = run(path)
    assert result.exit_code == 1
    assert "two or more coders" in result.output and "Traceback" not in result.output


def test_unknown_coder_named(two_coders):
    result = run(two_coders, "--coders", "ana,zoe")
    assert result.exit_code == 1 and "no coder named zoe" in result.output


def test_no_done_documents_says_so(tmp_path):
    path = ensure_default_project(tmp_path / "p.annotator")
    with Project(path) as p:
        for name in ("ana", "ben"):
            p.add_span(1, 1, p.ensure_coder(name).id, 0, 5)
    result = run(path)
    assert result.exit_code == 0 and "No document qualifies" in result.output and "--documents any" in result.output


def test_csv_has_a_row_per_code_and_overall(two_coders):
    lines = run(two_coders, "--format", "csv").stdout.splitlines()  # the method goes to stderr
    assert lines[0].startswith("code,krippendorff_alpha,cohen_kappa")
    assert [l.split(",")[0] for l in lines[1:]] == ["quote", "overall"]
