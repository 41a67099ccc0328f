"""Noise left out of coverage and agreement denominators by default, counted on request."""

from __future__ import annotations

import io

import numpy as np
import pytest

from annotator.core.model import NewDocument
from annotator.core.statistics import SpanTable, frequencies
from annotator.io.matrix import write_matrix
from annotator.store import Project
from annotator.store.agreement import method_text, project_agreement_for
from annotator.store.noise import MarkNoise, detect_noise
from annotator.store.statistics import Filters, FrequencyCache, StatisticsData
from annotator.store.statistics import span_counts

TEXT = "News one is here.\nAdvertisement\nNews two is here and it is longer.\n"
AD = (18, 31)  # "Advertisement"


def test_core_coverage_leaves_excluded_characters_out_of_both_sides() -> None:
    spans = SpanTable.from_tuples([(1, 7, 1, 5, 15), (1, 7, 1, 12, 30), (1, 7, 2, 50, 70)])
    plain = frequencies(spans, {1: 100}, [7], [1, 2])
    assert plain.covered[:, 0, 0].tolist() == [25, 20]
    cut = frequencies(spans, {1: 100}, [7], [1, 2], excluded={1: [(10, 20), (55, 60)]})
    assert cut.lengths.tolist() == [85]
    assert cut.covered[:, 0, 0].tolist() == [15, 15]  # [5,30) less [10,20); [50,70) less [55,60)
    assert cut.pooled_covered[0, 0] == 30
    assert cut.counts.tolist() == plain.counts.tolist()  # spans still count
    assert np.allclose(cut.coverage()[:, 0, 0], [100 * 15 / 85, 100 * 15 / 85])


def test_core_coverage_with_several_documents_and_regions_spanning_many_spans() -> None:
    spans = SpanTable.from_tuples([(2, 7, 1, 0, 10), (3, 7, 1, 0, 10), (3, 7, 1, 2, 4), (3, 7, 1, 6, 8)])
    cut = frequencies(spans, {2: 10, 3: 10}, [7], [1], excluded={3: [(1, 7)], 9: [(0, 5)]})
    assert cut.lengths.tolist() == [10, 4]
    assert cut.covered[0, :, 0].tolist() == [10, 4]


@pytest.fixture
def noisy(project: Project):
    doc = project.add_document(NewDocument(text=TEXT, title="t"))
    detect_noise(project)
    ana, ben = project.ensure_coder("ana"), project.ensure_coder("ben")
    quote = project.code_by_path("quote").id
    project.add_span(doc, quote, ana.id, 0, 31)  # news one + the ad
    project.add_span(doc, quote, ben.id, 0, 17)  # news one only
    for c in (ana, ben):
        project.set_status(doc, c.id, "done")
    return project, doc, ana.id, ben.id, quote


def test_statistics_coverage_excludes_noise_unless_included(noisy) -> None:
    project, doc, ana, _ben, quote = noisy
    data = StatisticsData.load(project)
    cache = FrequencyCache(data)
    k, c = list(cache.table.codes).index(quote), list(cache.table.coders).index(ana)
    n = len(TEXT) - (AD[1] - AD[0])
    assert cache.table.lengths.tolist() == [n]
    assert cache.table.covered[c, 0, k] == 18  # 0:31 without the 13 characters of the ad
    cache.set_filters(Filters(include_noise=True))
    assert cache.table.lengths.tolist() == [len(TEXT)] and cache.table.covered[c, 0, k] == 31
    # a noise edit reaches the tables through the change it announces
    cache.set_filters(Filters())
    changes = []
    project.subscribe(changes.append)
    MarkNoise(doc, 0, 5).apply(project)
    for change in changes:
        data.apply(change)
        cache.apply(change)
    assert cache.table.lengths.tolist() == [n - 5] and cache.table.covered[c, 0, k] == 13


def test_agreement_cuts_noise_out_unless_included(noisy) -> None:
    project = noisy[0]
    cut = project_agreement_for(project, ["ana", "ben"], ["quote"])
    whole = project_agreement_for(project, ["ana", "ben"], ["quote"], include_noise=True)
    # the coders disagree only on the ad (and the newline before it): cut out, they nearly agree
    assert cut.codes["quote"].units == len(TEXT) - 13
    assert whole.codes["quote"].units == len(TEXT)
    assert cut.codes["quote"].percent_agreement.value > whole.codes["quote"].percent_agreement.value
    assert "excluded" in method_text("char", "done") and "Noise" in method_text("char", "done")
    assert "counted as article text" in method_text("char", "done", include_noise=True)


def test_span_counts_characters_leave_the_part_on_noise_out(noisy) -> None:
    project = noisy[0]
    rows = {r.coder: r.characters for r in span_counts(project)}
    assert rows == {"ana": 18, "ben": 17}
    assert {r.coder: r.characters for r in span_counts(project, include_noise=True)} == {"ana": 31, "ben": 17}


def test_matrix_coverage_excludes_noise_unless_included(noisy) -> None:
    project = noisy[0]

    def coverage(**kw) -> dict[str, str]:
        out = io.StringIO()
        write_matrix(project, out, value="coverage", **kw)
        lines = out.getvalue().splitlines()
        header = lines[0].split(",")
        return {row.split(",")[header.index("coder")]: row.split(",")[header.index("quote")] for row in lines[1:]}

    n = len(TEXT) - 13
    assert coverage() == {"ana": f"{18 / n:.6f}", "ben": f"{17 / n:.6f}"}
    assert coverage(include_noise=True) == {"ana": f"{31 / len(TEXT):.6f}", "ben": f"{17 / len(TEXT):.6f}"}
