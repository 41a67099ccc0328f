"""A regex search is bounded: a time limit with a clear message, and a cancel callback."""

from __future__ import annotations

import pytest

from annotator.core.search import SearchCancelled, SearchError, compile_regex, scan_regex

ROWS = [(1, "a" * 80 + "!", "Hostile", "AP"), (2, "aaa and more", "Other", "AP")]


def test_a_backtracking_pattern_is_stopped_with_a_message():
    with pytest.raises(SearchError, match=r"took more than 0.3 seconds and was stopped.*\(a\+\)\+") as err:
        scan_regex(compile_regex(r"(a|aa)+$"), ROWS, limit=10, seconds=0.3)
    assert not isinstance(err.value, SearchCancelled)


def test_the_issues_pattern_finishes():
    scan = scan_regex(compile_regex(r"(a+)+$"), ROWS, limit=10, seconds=5)
    assert scan.total == 0 and scan.complete


def test_cancelled_is_checked_before_each_article():
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(SearchCancelled):
        scan_regex(compile_regex(r"a+"), ROWS, limit=10, cancelled=cancelled)
    assert len(calls) == 2


def test_hits_and_counts_as_before():
    scan = scan_regex(compile_regex(r"a+"), ROWS, limit=2)
    assert [(h.document_id, h.start, h.end) for h in scan.hits] == [(1, 0, 80), (2, 0, 3)]
    assert (scan.total, scan.documents) == (3, 2)
