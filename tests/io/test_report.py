"""The reliability report's parts: the methods paragraph, number style, re-run command, content hash."""

from pathlib import Path

import pytest
from reliability_study import make_study

from annotator.io.report import Options, build_report, command_for, content_hash, fmt, methods_paragraph
from annotator.store import Project
from annotator.store.reliability import DEFAULT_SEED, SEED_SETTING, bootstrap_seed, run_reliability
from annotator.store.sets import create_set


@pytest.fixture
def study(tmp_path):
    with Project(make_study(tmp_path / "study.annotator")) as p:
        yield p


def test_fmt_is_apa_style():
    assert fmt(0.8123) == ".81" and fmt(-0.05) == "-.05" and fmt(1.0) == "1.00" and fmt(None) == "n/a"
    assert fmt(0.0004, 3) == ".000"


def test_default_seed_is_fixed_and_nothing_is_written(study):
    assert bootstrap_seed(study) == DEFAULT_SEED == bootstrap_seed(study)
    assert bootstrap_seed(study, 99) == 99 and bootstrap_seed(study) == DEFAULT_SEED
    assert study.setting(SEED_SETTING) == ""  # computing intervals writes nothing
    study.set_setting(SEED_SETTING, "7")  # a team may fix its own seed in the project
    assert bootstrap_seed(study) == 7


def test_paragraph_reads_the_runs_own_figures(study):
    create_set(study, "rel", list(range(1, 13)), purpose="reliability", seed=3,
               recipe={"size": "30%", "population": 40, "stratify": "outlet"})
    run = run_reliability(study, resamples=300, seed=8)
    text = methods_paragraph(run, study.document_count())
    alpha = run.result.overall.krippendorff_alpha.value
    ci = run.intervals.overall["krippendorff_alpha"]
    assert f"was {fmt(alpha)}, 95% CI [{fmt(ci.low)}, {fmt(ci.high)}]" in text
    assert "random sample of n = 12 articles (30% of 40), stratified by outlet (seed 3)" in text
    assert "three coders" in text and "Fleiss' κ" in text and "1,000" not in text and "300 resamples" in text
    assert f"mean of the per-code α over {len(run.result.codes)} codes was " \
           f"{fmt(run.mean_over_codes['krippendorff_alpha'])}" in text


def test_command_and_hash(study, tmp_path):
    cmd = command_for(Path("study.annotator"), Path("r.html"),
                      Options(coders=["ana", "ben"], documents="any", set_name="rel 1"), 5)
    assert cmd == ("annotator report study.annotator --set 'rel 1' --coders ana,ben --documents any "
                   "--resamples 1000 --seed 5 -o r.html")
    before = content_hash(study)
    study.set_setting("anything", "x")  # settings (the stored seed) leave the hash alone
    assert content_hash(study) == before
    study.add_span(20, study.code_by_path("quote").id, study.coder_by_name("ana").id, 0, 4)
    assert content_hash(study) != before


def test_report_names_version_set_seed_and_command(study, tmp_path):
    create_set(study, "reliability-1", list(range(1, 13)), purpose="reliability", seed=3,
               recipe={"size": "12", "population": 40})
    report = build_report(study, tmp_path / "r.md", Options(resamples=100, seed=4))
    assert "--set reliability-1" in report.command and "--seed 4" in report.command
    assert report.run.document_set.name == "reliability-1" and len(report.content_hash) == 64
    assert report.rows[-1].label == "mean over codes" and report.rows[-2].label == "overall (pooled)"
    assert report.largest and all(len(r) == 5 for r in report.largest)
