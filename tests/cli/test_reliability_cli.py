"""From an imported corpus to a reliability report on the command line: sample, assign,
agreement with intervals, report, package and merge."""

import json
import re

import pytest
from click.testing import CliRunner
from reliability_study import make_study

from annotator.cli import cli
from annotator.store import Project
from annotator.store.reliability import DEFAULT_SEED
from annotator.store.sets import find_set, set_documents


def run(*args, ok=True):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def study(tmp_path):
    return make_study(tmp_path / "study.annotator")


def test_sample_stores_the_seed_and_redraws_the_same_documents(study):
    out = run("sample", study, "--size", "25%", "--stratify", "outlet", "--seed", "7", "--name", "reliability-1").output
    assert "10 documents" in out and "seed 7" in out and "--seed 7" in out
    run("sample", study, "--size", "25%", "--stratify", "outlet", "--seed", "7", "--name", "again")
    with Project(study) as p:
        assert set_documents(p, find_set(p, "reliability-1").id) == set_documents(p, find_set(p, "again").id)
    bad = run("sample", study, "--size", "ten", "--name", "x", ok=False)
    assert bad.exit_code == 2 and "percentage" in bad.output
    clash = run("sample", study, "--size", "3", "--name", "again", ok=False)
    assert clash.exit_code == 1 and "exists already" in clash.output and "Traceback" not in clash.output


def test_assign_whole_and_split_then_list(study):
    run("sample", study, "--size", "8", "--seed", "1", "--name", "rel")
    out = run("assign", study, "--set", "rel", "--coders", "ana,ben,cem", "--new-coder").output
    assert out.count("8 documents") == 3
    run("sample", study, "--size", "20", "--seed", "2", "--name", "rest", "--purpose", "share")
    split = run("assign", study, "--set", "rest", "--coders", "ana,ben", "--split").output
    counts = [int(n) for n in re.findall(r"(\d+) documents", split)]
    assert sum(counts) == 20
    listing = run("sets", study).output
    assert "rel (reliability): 8 documents" in listing and "ana (8)" in listing and "rest (share)" in listing
    assert "ana, ben, cem" in run("sets", study, "--show", "rel").output
    assert run("assign", study, "--set", "nope", "--coders", "ana", ok=False).exit_code == 1


def agreement(study, *args):
    return json.loads(run("agreement", study, "--format", "json", "--resamples", "200", *args).stdout)


def test_agreement_reports_intervals_with_method_and_seed(study):
    data = agreement(study, "--seed", "5")
    iv = data["intervals"]
    assert iv["resamples"] == 200 and iv["seed"] == 5 and "seed 5" in data["method"]
    assert "bootstrap" in data["method"] and "laid end to end" in data["method"]
    alpha = iv["overall"]["krippendorff_alpha"]
    assert alpha["ci_low"] <= data["overall"]["krippendorff_alpha"] <= alpha["ci_high"]
    assert alpha["estimate"] == pytest.approx(data["overall"]["krippendorff_alpha"])
    assert set(alpha) >= {"q_below_0.667", "q_below_0.800", "jackknife_se"}
    assert "fleiss_kappa" in iv["codes"]["quote"] and "unitizing_alpha" in iv["mean_over_codes"]
    assert data["mean_over_codes"]["krippendorff_alpha"] == pytest.approx(
        sum(c["krippendorff_alpha"] for c in data["codes"].values()) / len(data["codes"]))
    assert agreement(study, "--seed", "5")["intervals"] == iv  # the seed reproduces them
    # no --seed: a fixed seed is used (and printed), so a re-run gives the same figures
    first = agreement(study)
    assert agreement(study)["intervals"] == first["intervals"] and first["intervals"]["seed"] == DEFAULT_SEED
    table = run("agreement", study, "--resamples", "100").output
    assert f"95% intervals: document-level bootstrap, 100 resamples, seed {DEFAULT_SEED}" in table
    assert "mean over codes" in table and "q<.667" in table


def test_reliability_set_is_used_by_default(study):
    run("sample", study, "--size", "12", "--seed", "3", "--name", "rel")
    with Project(study) as p:
        chosen = set(set_documents(p, find_set(p, "rel").id))
    data = agreement(study)
    assert data["document_set"] == "rel" and data["documents"] == len(chosen & set(range(1, 13)))
    assert agreement(study, "--all-documents")["documents"] == 12
    assert "set: rel" in run("agreement", study, "--resamples", "0").output


def test_documents_any_warns_and_does_not_depend_on_codes(study):
    with Project(study) as p:
        ana, ben = p.coder_by_name("ana"), p.coder_by_name("ben")
        p.add_span(30, p.code_by_path("claim").id, ana.id, 0, 5)  # only ana marked doc 30
        p.add_span(31, p.code_by_path("claim").id, ana.id, 0, 5)
        p.add_span(31, p.code_by_path("quote").id, ben.id, 0, 5)  # ben marked doc 31, but another code
    result = run("agreement", study, "--documents", "any", "--coders", "ana,ben", "--resamples", "0")
    assert "Warning: --documents any dropped 27 of 40 documents" in result.output
    full = agreement(study, "--documents", "any", "--coders", "ana,ben", "--resamples", "0")
    alone = agreement(study, "--documents", "any", "--coders", "ana,ben", "--codes", "claim", "--resamples", "0")
    assert full["documents"] == alone["documents"] == 13
    assert alone["codes"]["claim"] == full["codes"]["claim"]
    assert full["documents_dropped"] == 27 and full["warnings"]


@pytest.mark.parametrize("suffix", ["html", "md"])
def test_report_numbers_come_from_the_same_computation(study, tmp_path, suffix):
    run("sample", study, "--size", "12", "--seed", "3", "--name", "reliability-1")
    with Project(study) as p:
        ids = set_documents(p, find_set(p, "reliability-1").id)
        for coder in p.coders():
            for d in ids:
                p.set_status(d, coder.id, "done")
    data = agreement(study, "--seed", "11")
    out = tmp_path / f"reliability.{suffix}"
    printed = run("report", study, "--resamples", "200", "--seed", "11", "-o", out).output
    text = out.read_text(encoding="utf-8")
    alpha = data["overall"]["krippendorff_alpha"]
    ci = data["intervals"]["overall"]["krippendorff_alpha"]
    apa = lambda v: f"{v:.2f}".replace("0.", ".", 1)  # noqa: E731
    sentence = f"was {apa(alpha)}, 95% CI [{apa(ci['ci_low'])}, {apa(ci['ci_high'])}]"
    assert sentence in text and sentence in printed
    assert "random sample of n = 12 articles (30% of 40)" in text and "seed 3" in text and "three coders" in text
    assert "--set reliability-1" in text and "--seed 11" in text and "0.1.0" in text
    assert "content hash" in text and "Code confusion" in text and "Largest disagreements" in text
    assert "laid end to end" in text and "mean over codes" in text
    if suffix == "html":
        assert text.startswith("<!DOCTYPE html>") and "<script" not in text


def test_report_escapes_article_text(study, tmp_path):
    with Project(study) as p:
        from annotator.core.model import NewDocument

        text = "<script>alert(1)</script> & " + "filler " * 40
        doc = p.add_document(NewDocument(text=text, title="<b>x</b>"))
        for name in ("ana", "ben"):
            c = p.coder_by_name(name)
            p.add_span(doc, p.code_by_path("quote").id, c.id, 0, 3 if name == "ana" else len(text))
            p.set_status(doc, c.id, "done")
    out = tmp_path / "r.html"
    run("report", study, "--coders", "ana,ben", "--resamples", "0", "-o", out)
    html = out.read_text(encoding="utf-8")
    assert "</script>" not in html and "alert(1)&lt;/script&gt; &amp; filler" in html
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_report_refuses_other_suffixes(study, tmp_path):
    result = run("report", study, "-o", tmp_path / "r.pdf", ok=False)
    assert result.exit_code == 2 and ".html or .md" in result.output


def test_package_then_merge_on_the_command_line(study, tmp_path):
    run("sample", study, "--size", "6", "--seed", "1", "--name", "rel")
    run("assign", study, "--set", "rel", "--coders", "ana,ben", "--new-coder")
    pkg = tmp_path / "ana.annotator"
    assert "6 documents for ana" in run("package", study, "--coder", "ana", "-o", pkg).output
    with Project(pkg) as p:
        assert [c.name for c in p.coders()] == ["ana"]
        assert p.db.execute("SELECT count(DISTINCT coder_id) FROM spans").fetchone()[0] <= 1
    assert "already present" in run("merge", study, pkg).output
    assert run("package", study, "--coder", "cem", "-o", tmp_path / "c.annotator", ok=False).exit_code == 1
