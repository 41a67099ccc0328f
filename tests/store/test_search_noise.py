"""Corpus search leaves hits in page clutter (noise regions) out unless asked: neither listed
nor counted, in word and regex mode; a "not noise" line is searched like text."""

from __future__ import annotations

import pytest

from annotator.store.noise import detect_noise, mark_noise, unmark_noise
from annotator.store.search import COUNT_DOCUMENTS, search


@pytest.fixture
def cluttered(project, make_doc):
    a = make_doc("Troops entered Kalbajar.\nAdvertisement\nTroops left Aghdam.\nShare on Facebook", "A")
    b = make_doc("Advertisement\nNothing about troops here.", "B")
    c = make_doc("Advertisement\nAdvertisement revenue fell.", "C")
    detect_noise(project)
    return project, a, b, c


@pytest.mark.parametrize("regex", [False, True])
def test_hits_in_noise_are_left_out_by_default(cluttered, regex):
    project, a, b, c = cluttered
    query = "(?i)advertisement" if regex else "advertisement"
    result = search(project, query, regex=regex)
    assert [(h.document_id, h.start) for h in result.hits] == [(c, 14)]  # "Advertisement revenue" is text
    assert (result.total, result.documents, result.truncated, result.include_noise) == (1, 1, False, False)
    everything = search(project, query, regex=regex, include_noise=True)
    assert len(everything.hits) == 4 and everything.total == 4 and everything.include_noise


def test_a_hit_overlapping_noise_is_left_out(cluttered):
    project, a, _b, _c = cluttered
    assert search(project, '"aghdam share"').hits == ()  # the phrase runs into the share button line
    assert len(search(project, '"aghdam share"', include_noise=True).hits) == 1


def test_noise_marked_by_hand_and_cleared_lines(cluttered):
    project, a, _b, c = cluttered
    mark_noise(project, a, 0, 24)  # "Troops entered Kalbajar."
    assert [h.hit for h in search(project, "troops").hits] == ["Troops", "troops"]
    unmark_noise(project, c, 0, 13)  # the coder says this "Advertisement" is text
    assert [(h.document_id, h.start) for h in search(project, "advertisement").hits] == [(c, 0), (c, 14)]


def test_counts_stay_exact_when_the_limit_cuts_the_list(cluttered):
    project, a, b, c = cluttered
    result = search(project, "troops", limit=1)
    assert (len(result.hits), result.total, result.documents, result.truncated) == (1, 3, 2, True)
    assert result.summary() == "first 1 of 3 hits in 2 articles"


def test_too_many_articles_to_count_say_so_rather_than_count_clutter(project, make_doc):
    for i in range(COUNT_DOCUMENTS + 5):
        make_doc(f"Advertisement\nStory {i} about troops.", f"d{i}")
    detect_noise(project)
    result = search(project, "troops", limit=3)
    assert len(result.hits) == 3 and result.total is None and result.truncated
    assert "of more" in result.summary()
    assert search(project, "advertisement", limit=3).hits == ()
    assert search(project, "troops", limit=3, include_noise=True).total == COUNT_DOCUMENTS + 5
