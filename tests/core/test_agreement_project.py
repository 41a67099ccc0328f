"""Agreement on project data: the vectorised figures equal the generic coefficients applied
to per-character (or per-token) tables built the slow, obvious way."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agreement_reference import ualpha_reference  # the slow reference, shared (same folder)
from annotator.core.agreement import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
    project_agreement,
    span_f1,
    unitizing_alpha,
)


def test_peer_tool_case():
    """1,000 characters, 100 coded by each coder, 80 by both: kappa 0.778 (peer: 0.660)."""
    result = project_agreement(
        {"d": 1000}, [("d", "quote", "ana", 0, 100), ("d", "quote", "ben", 20, 120)], ["ana", "ben"]
    )
    quote = result.codes["quote"]
    assert round(quote.cohen_kappa.value, 3) == 0.778
    assert quote.cohen_kappa.expected == pytest.approx(0.82)  # .1 * .1 + .9 * .9
    assert quote.percent_agreement.value == pytest.approx(0.96)
    assert quote.fleiss_kappa is None
    assert (quote.units, quote.documents) == (1000, 1)
    assert quote.f1_exact.f1.value == 0.0 and quote.f1_overlap.f1.value == 1.0


def test_json_shape_and_notes():
    result = project_agreement(
        {"a": 50, "b": 40},
        [("a", "quote", "ana", 0, 10), ("a", "quote", "ben", 0, 10), ("b", "quote", "ben", 3, 9)],
        ["ana", "ben"],
        codes=["quote", "actor"],
    )
    shape = json.loads(json.dumps(result.as_dict()))
    assert shape["coders"] == ["ana", "ben"] and shape["unit"] == "char"
    assert shape["documents"] == 2
    quote, actor = shape["codes"]["quote"], shape["codes"]["actor"]
    assert set(quote) >= {"cohen_kappa", "krippendorff_alpha", "unitizing_alpha", "f1_exact",
                          "f1_overlap", "percent_agreement", "units", "documents"}
    assert "fleiss_kappa" not in quote and quote["units"] == 90
    assert actor["cohen_kappa"] is None and "no variation" in actor["notes"]["cohen_kappa"]
    assert actor["unitizing_alpha"] is None
    assert "no coder marked" in actor["notes"]["unitizing_alpha"]
    assert actor["percent_agreement"] == 1.0
    assert shape["overall"]["units"] == 180
    doc_b = result.per_document["b"].codes["quote"]
    assert doc_b.krippendorff_alpha.documents == 1 and doc_b.units == 40


def test_three_coders_report_fleiss_not_cohen():
    spans = [("d", "q", c, 0, 10 + i) for i, c in enumerate("xyz")]
    q = project_agreement({"d": 30}, spans, list("xyz")).codes["q"]
    assert q.cohen_kappa is None and q.fleiss_kappa.defined


def test_require_spans_and_usage_errors():
    spans = [("a", "q", "x", 0, 5), ("a", "q", "y", 0, 5), ("b", "q", "x", 0, 5)]
    assert project_agreement({"a": 10, "b": 10}, spans, ["x", "y"],
                             require_spans=True).documents == ("a",)
    with pytest.raises(ValueError):
        project_agreement({"a": 10}, spans, ["x"])
    with pytest.raises(ValueError):
        project_agreement({"a": 3}, spans, ["x", "y"])  # span beyond the document
    with pytest.raises(ValueError):
        project_agreement({"a": 10}, spans, ["x", "y"], unit="token")
    with pytest.raises(ValueError, match="no token boundaries"):
        project_agreement({"a": 10}, spans, ["x", "y"], unit="token", tokens={})


# --- random projects against the slow, obvious construction ---------------------------------


@st.composite
def projects(draw):
    n_docs = draw(st.integers(1, 3))
    coders = ["x", "y", "z"][: draw(st.integers(2, 3))]
    codes = ["p", "q"]
    docs = {f"d{i}": draw(st.integers(1, 40)) for i in range(n_docs)}
    spans = []
    for d, n in docs.items():
        for _ in range(draw(st.integers(0, 8))):
            s = draw(st.integers(0, n - 1))
            e = draw(st.integers(s + 1, min(n, s + 15)))
            spans.append((d, draw(st.sampled_from(codes)), draw(st.sampled_from(coders)), s, e))
    excluded = {}
    if draw(st.booleans()):
        for d, n in docs.items():
            s = draw(st.integers(0, n - 1))
            excluded[d] = [(s, draw(st.integers(s, n)))]
    tokens = {}
    for d, n in docs.items():
        cuts = sorted(set(draw(st.lists(st.integers(0, n), max_size=12))))
        tokens[d] = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    unit = draw(st.sampled_from(["char", "token"]))
    return docs, spans, coders, codes, excluded, tokens, unit


def _tables(docs, spans, coders, codes, excluded, tokens, unit):
    """{(doc, code): coders x units 0/1 array} built position by position."""
    out = {}
    for d, n in docs.items():
        keep = np.ones(n, bool)
        for s, e in excluded.get(d, ()):
            keep[s:e] = False
        for c in codes:
            rows = []
            for r in coders:
                on = np.zeros(n, bool)
                for dd, cc, rr, s, e in spans:
                    if (dd, cc, rr) == (d, c, r):
                        on[s:e] = True
                if unit == "char":
                    rows.append(on[keep])
                else:
                    rows.append(np.array([on[s:e].any() for s, e in tokens[d] if keep[s:e].all()],
                                         bool))
            out[d, c] = np.array(rows, dtype=int).reshape(len(coders), -1)
    return out


def _same(ours, theirs):
    assert ours.defined == theirs.defined, (ours, theirs)
    if ours.defined:
        assert ours.value == pytest.approx(theirs.value, abs=1e-9)
    assert ours.units == theirs.units


@settings(max_examples=200, deadline=None)
@given(projects())
def test_binary_measures_equal_generic_coefficients(case):
    docs, spans, coders, codes, excluded, tokens, unit = case
    result = project_agreement(docs, spans, coders, codes=codes, unit=unit, tokens=tokens,
                               excluded=excluded)
    tables = _tables(docs, spans, coders, codes, excluded, tokens, unit)

    def check(figures, table):
        if table.shape[1] == 0:
            assert not figures.krippendorff_alpha.defined
            return
        _same(figures.krippendorff_alpha, krippendorff_alpha(table))
        _same(figures.percent_agreement, percent_agreement(table))
        if len(coders) == 2:
            _same(figures.cohen_kappa, cohen_kappa(table[0].tolist(), table[1].tolist()))
        else:
            _same(figures.fleiss_kappa, fleiss_kappa(ratings=table))

    for c in codes:
        check(result.codes[c], np.hstack([tables[d, c] for d in docs]))
        for d in docs:
            check(result.per_document[d].codes[c], tables[d, c])
    check(result.overall, np.hstack([tables[k] for k in tables]))


def _mapped_spans(docs, spans, excluded, tokens, unit):
    """Spans as unit intervals per (doc), the slow way: positions of kept units covered."""
    out = []
    for d, c, r, s, e in spans:
        n = docs[d]
        keep = np.ones(n, bool)
        for xs, xe in excluded.get(d, ()):
            keep[xs:xe] = False
        if unit == "char":
            index = np.cumsum(keep) - 1
            covered = [index[p] for p in range(s, e) if keep[p]]
        else:
            kept = [t for t in tokens[d] if keep[t[0]:t[1]].all()]
            covered = [i for i, (ts, te) in enumerate(kept) if ts < e and te > s]
        if covered:
            out.append((d, c, r, min(covered), max(covered) + 1))
    return out


@settings(max_examples=200, deadline=None)
@given(projects())
def test_unitizing_and_f1_equal_the_single_continuum_functions(case):
    docs, spans, coders, codes, excluded, tokens, unit = case
    result = project_agreement(docs, spans, coders, codes=codes, unit=unit, tokens=tokens,
                               excluded=excluded)
    mapped = _mapped_spans(docs, spans, excluded, tokens, unit)
    tables = _tables(docs, spans, coders, codes, excluded, tokens, unit)
    for d in docs:
        length = tables[d, codes[0]].shape[1]
        these = [(r, c, s, e) for dd, c, r, s, e in mapped if dd == d]
        if length == 0:
            continue
        single = unitizing_alpha(these, length, coders=coders)
        for c in codes:
            ours = result.per_document[d].codes[c].unitizing_alpha
            theirs = single.codes.get(c)
            if theirs is None:
                assert not ours.defined and "no coder marked" in ours.reason
            else:
                _same(ours, theirs)
    if len(coders) == 2:
        for match in ("exact", "overlap"):
            a = [(d, c, s, e) for d, c, r, s, e in mapped if r == coders[0]]
            b = [(d, c, s, e) for d, c, r, s, e in mapped if r == coders[1]]
            theirs = span_f1(a, b, match=match)
            ours = getattr(result.overall, f"f1_{match}")
            assert (ours.matched, ours.spans_a, ours.spans_b) == (
                theirs.overall.matched, theirs.overall.spans_a, theirs.overall.spans_b)
            for c in codes:
                if c in theirs.codes:
                    ours_c = getattr(result.codes[c], f"f1_{match}")
                    assert ours_c.matched == theirs.codes[c].matched


def test_unitizing_across_documents_equals_one_document_when_there_is_one():
    spans = [("d", "q", "x", 2, 9), ("d", "q", "y", 3, 9), ("d", "q", "y", 20, 25)]
    ours = project_agreement({"d": 40}, spans, ["x", "y"]).codes["q"].unitizing_alpha
    theirs = unitizing_alpha([(r, c, s, e) for _, c, r, s, e in spans], 40).codes["q"]
    assert ours.value == pytest.approx(theirs.value)


def _union_strict(intervals):
    """Merge overlapping intervals (touching ones stay apart), the slow way."""
    out = []
    for s, e in sorted(intervals):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


@settings(max_examples=200, deadline=None)
@given(projects())
def test_unitizing_per_code_across_documents(case):
    docs, spans, coders, codes, excluded, tokens, unit = case
    result = project_agreement(docs, spans, coders, codes=codes, unit=unit, tokens=tokens,
                               excluded=excluded)
    mapped = _mapped_spans(docs, spans, excluded, tokens, unit)
    tables = _tables(docs, spans, coders, codes, excluded, tokens, unit)
    lengths = {d: tables[d, codes[0]].shape[1] for d in docs}
    sums_o = sums_e = 0.0
    for c in codes:
        per_doc = {
            d: (lengths[d], {r: _union_strict([(s, e) for dd, cc, rr, s, e in mapped
                                               if (dd, cc, rr) == (d, c, r)]) for r in coders})
            for d in docs
        }
        ours = result.codes[c].unitizing_alpha
        if sum(lengths.values()) == 0 or not any(u for _, cd in per_doc.values()
                                                 for u in cd.values()):
            assert not ours.defined
            continue
        d_o, d_e = ualpha_reference(per_doc, coders)
        sums_o, sums_e = sums_o + d_o, sums_e + d_e
        if d_e == 0:  # e.g. every coder marked the one and only unit
            assert not ours.defined and "expected disagreement is 0" in ours.reason
            continue
        assert ours.value == pytest.approx(1 - d_o / d_e, abs=1e-9)
        assert ours.observed == pytest.approx(d_o, abs=1e-12)
    if sums_e > 0:
        assert result.overall.unitizing_alpha.value == pytest.approx(1 - sums_o / sums_e, abs=1e-9)
