"""Document-level bootstrap: point estimates equal project_agreement's, a document drawn twice
counts like a copy of it, the seed reproduces the intervals, and the interval width matches
the sampling distribution simulated from the same process."""

import numpy as np
import pytest

from annotator.core.agreement import project_agreement
from annotator.core.agreement.bootstrap import (
    _code_terms, bootstrap_agreement, doc_stats, figures, leave_one_out, resample_weights,
)
from annotator.core.agreement.project import prepare

MEASURES = ("krippendorff_alpha", "cohen_kappa", "fleiss_kappa", "unitizing_alpha")


def random_project(rng, n_docs=25, n_coders=2, codes="abz", agree=0.0):
    docs = {f"d{i}": int(rng.integers(40, 300)) for i in range(n_docs)}
    spans = []
    for d, length in docs.items():
        shared = [(int(rng.integers(0, length - 1)), int(rng.integers(1, 50)), codes[rng.integers(len(codes))])
                  for _ in range(rng.integers(0, 5))]
        for c in range(n_coders):
            for s, w, code in shared:
                if rng.random() < agree:
                    spans.append((d, code, f"r{c}", s, min(length, s + w)))
            for _ in range(rng.integers(0, 4)):
                s = int(rng.integers(0, length - 1))
                spans.append((d, codes[rng.integers(len(codes))], f"r{c}", s, int(min(length, s + rng.integers(1, 60)))))
    return docs, spans, [f"r{c}" for c in range(n_coders)]


def point(docs, spans, coders, weights=None):
    p = prepare(docs, spans, coders)
    st = doc_stats(p)
    w = np.ones((1, len(p.doc_ids))) if weights is None else weights(p)
    return p, figures(st, w, _code_terms(st, len(p.codes)))


@pytest.mark.parametrize("n_coders", [2, 3])
def test_unit_weights_reproduce_every_point_estimate(n_coders):
    rng = np.random.default_rng(n_coders)
    docs, spans, coders = random_project(rng, n_coders=n_coders, agree=0.6)
    expected = project_agreement(docs, spans, coders, per_document=False)
    p, got = point(docs, spans, coders)
    checked = 0
    for i, code in enumerate(p.codes):
        for m in MEASURES:
            a = getattr(expected.codes[code], m)
            if a is not None:
                assert got[(m, i)][0] == pytest.approx(a.value, rel=1e-12, abs=1e-12)
                checked += 1
    for m in MEASURES:
        a = getattr(expected.overall, m)
        if a is not None:
            assert got[(m, -1)][0] == pytest.approx(a.value, rel=1e-12, abs=1e-12)
            per_code = [getattr(expected.codes[c], m).value for c in p.codes]
            assert got[(m, -2)][0] == pytest.approx(np.mean([v for v in per_code if v is not None]))
    assert checked >= 6


def test_a_document_drawn_twice_counts_like_its_copy():
    """Reweighting is exact: weight 2 on a document equals adding a copy of it (alpha_U's
    cross-document unit-gap terms included), weight 0 equals leaving it out."""
    rng = np.random.default_rng(7)
    docs, spans, coders = random_project(rng, n_coders=3, agree=0.5)
    copy = dict(docs, dup=docs["d3"])
    copy_spans = spans + [("dup", *s[1:]) for s in spans if s[0] == "d3"]
    without = {d: n for d, n in docs.items() if d != "d5"}
    expected2 = project_agreement(copy, copy_spans, coders, per_document=False)
    expected0 = project_agreement(without, [s for s in spans if s[0] != "d5"], coders, per_document=False)

    def weights(value, doc):
        def make(p):
            w = np.ones((1, len(p.doc_ids)))
            w[0, p.doc_ids.index(doc)] = value
            return w
        return make

    p, got2 = point(docs, spans, coders, weights(2, "d3"))
    _, got0 = point(docs, spans, coders, weights(0, "d5"))
    for i, code in enumerate(p.codes):
        for m in ("krippendorff_alpha", "fleiss_kappa", "unitizing_alpha"):
            for expected, got in ((expected2, got2), (expected0, got0)):
                a = getattr(expected.codes[code], m)
                assert (a.value is None and np.isnan(got[(m, i)][0])) or got[(m, i)][0] == pytest.approx(a.value)


@pytest.mark.parametrize("n_coders", [2, 3])
def test_leave_one_out_agrees_with_explicit_weights(n_coders):
    """The jackknife's closed form (total less one document) gives the figures of the
    explicit leave-one-out weight matrix."""
    rng = np.random.default_rng(10 + n_coders)
    p = prepare(*random_project(rng, n_docs=15, n_coders=n_coders, agree=0.6))
    st = doc_stats(p)
    n = len(p.doc_ids)
    explicit = figures(st, 1.0 - np.eye(n), _code_terms(st, len(p.codes)))
    closed = figures(st, leave_one_out(), _code_terms(st, len(p.codes)))
    for key in explicit:
        np.testing.assert_allclose(closed[key], explicit[key], rtol=1e-10, atol=1e-12)


def test_resample_weights_draw_n_documents_each():
    w = resample_weights(30, 50, seed=3)
    assert w.shape == (50, 30) and (w.sum(axis=1) == 30).all()
    assert (w == resample_weights(30, 50, seed=3)).all() and not (w == resample_weights(30, 50, seed=4)).all()


def test_the_seed_makes_intervals_reproducible():
    rng = np.random.default_rng(1)
    p = prepare(*random_project(rng, agree=0.7))
    a = bootstrap_agreement(p, resamples=300, seed=11)
    b = bootstrap_agreement(p, resamples=300, seed=11)
    c = bootstrap_agreement(p, resamples=300, seed=12)
    assert a.as_dict() == b.as_dict()
    assert a.overall["krippendorff_alpha"].low != c.overall["krippendorff_alpha"].low
    assert a.seed == 11 and a.resamples == 300 and "seed 11" in a.method() and "300 resamples" in a.method()


def test_interval_brackets_the_estimate_and_q_is_a_share():
    rng = np.random.default_rng(2)
    p = prepare(*random_project(rng, n_docs=40, agree=0.8))
    b = bootstrap_agreement(p, resamples=400, seed=1)
    for figures_ in [*b.codes.values(), b.overall, b.mean_over_codes]:
        for name, i in figures_.items():
            if i.estimate is None:
                continue
            assert i.low <= i.estimate + 0.05 and i.high >= i.estimate - 0.05
            assert i.low <= i.high and i.jackknife_se > 0
            if name.endswith("alpha"):
                assert set(i.q) == {0.667, 0.8} and 0 <= i.q[0.667] <= i.q[0.8] <= 1
            else:
                assert i.q == {}


def test_interval_width_matches_the_simulated_sampling_distribution():
    """Draw many projects from one process of clustered coding (each article's spans shared
    or not as a whole); the spread of alpha across them is its true sampling SD. The bootstrap
    SD and the jackknife SE of single projects estimate it; resampling characters would not
    (the characters of one article move together)."""
    rng = np.random.default_rng(2024)
    alphas, boot_sd, jack_se = [], [], []
    for _ in range(40):
        docs, spans, coders = random_project(rng, n_docs=30, codes="a", agree=0.7)
        alphas.append(project_agreement(docs, spans, coders, per_document=False).codes["a"].krippendorff_alpha.value)
        p = prepare(docs, spans, coders)
        st = doc_stats(p)
        w = resample_weights(len(p.doc_ids), 300, seed=int(rng.integers(1 << 30)))
        values = figures(st, w, _code_terms(st, 1))[("krippendorff_alpha", 0)]
        boot_sd.append(np.nanstd(values))
        if len(boot_sd) <= 10:
            jack_se.append(bootstrap_agreement(p, resamples=10, seed=1).codes["a"]["krippendorff_alpha"].jackknife_se)
    true_sd = np.std(alphas)
    assert 0.7 < np.mean(boot_sd) / true_sd < 1.4
    assert 0.6 < np.mean(jack_se) / true_sd < 1.6


def test_no_documents_gives_empty_intervals():
    p = prepare({}, [], ["x", "y"])
    b = bootstrap_agreement(p, resamples=10, seed=1)
    assert b.overall == {} and b.documents == 0
    with pytest.raises(ValueError):
        bootstrap_agreement(p, resamples=0)
