"""Corpus search over the FTS5 index, and "code all hits" as one undoable operation."""

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.model import NewDocument
from annotator.core.search import SearchError
from annotator.store import Project
from annotator.store.search import CodeHits, hit_ranges, search


def texts(project, result):
    return [project.document(h.document_id).text[h.start:h.end] for h in result.hits]


@pytest.fixture
def corpus(project, make_doc):
    a = make_doc("😀 Talks in GENÈVE: the civil\nwar ended. Civil wars end; civilians return.", "A")
    b = make_doc("In Geneve the peace talks resumed. The war? Over.", "B")
    c = make_doc("Nothing to see here: Genf, Ginevra.", "C")
    return project, a, b, c


def test_words_match_any_case_and_diacritics_at_code_point_offsets(corpus):
    project, a, b, _c = corpus
    for query in ("geneve", "GENÈVE", "Genève"):
        result = search(project, query)
        assert [(h.document_id, h.hit) for h in result.hits] == [(a, "GENÈVE"), (b, "Geneve")]
        assert texts(project, result) == ["GENÈVE", "Geneve"]  # offsets count the emoji as one
    hit = search(project, "geneve").hits[0]
    assert (hit.title, hit.left, hit.right) == ("A", "😀 Talks in ", ": the civil ⏎ war ended. Civil wars end; civilians return.")


def test_phrases_cross_line_breaks_and_respect_word_boundaries(corpus):
    project, a, _b, _c = corpus
    result = search(project, '"civil war"')
    assert texts(project, result) == ["civil\nwar"]
    assert result.hits[0].hit == "civil ⏎ war"
    assert texts(project, search(project, "war")) == ["war", "war"]  # not "wars"


def test_prefix_queries(corpus):
    project, _a, _b, _c = corpus
    assert texts(project, search(project, "civil*")) == ["civil", "Civil", "civilians"]
    assert texts(project, search(project, '"civil wa"*')) == ["civil\nwar", "Civil wars"]


def test_every_item_must_occur_and_each_occurrence_is_a_hit(corpus):
    project, _a, b, _c = corpus
    result = search(project, "peace war")
    assert [h.document_id for h in result.hits] == [b, b]
    assert texts(project, result) == ["peace", "war"]
    assert (result.total, result.documents, result.truncated) == (2, 1, False)


def test_nothing_found_and_fts_syntax_is_harmless(corpus):
    project, *_ = corpus
    for query in ("ukraine", "war OR peace", "NEAR(war, peace)", "text:war", "^war", "war NOT peace"):
        result = search(project, query)
        assert result.truncated is False
    assert search(project, "ukraine").summary() == "0 hits in 0 articles"


def test_bad_queries_raise_a_plain_message(corpus):
    project, *_ = corpus
    with pytest.raises(SearchError, match="unclosed quotation mark"):
        search(project, '"civil war')
    with pytest.raises(SearchError, match="no word"):
        search(project, "...")
    with pytest.raises(SearchError, match="invalid regular expression"):
        search(project, "[a-", regex=True)


@pytest.fixture
def many(project, make_doc):
    ids = [make_doc(f"Report {i}. The war goes on; war again, and the war after that. Peace talks {i}.", f"R{i}")
           for i in range(12)]
    return project, ids


@pytest.mark.parametrize("query", ["war", "wa*", "war peace", '"the war"'])
def test_limit_lists_the_first_hits_and_counts_them_all(many, query):
    project, ids = many
    full = search(project, query, limit=10_000)
    assert not full.truncated and full.total == len(full.hits) > 5
    cut = search(project, query, limit=5)
    assert cut.hits == full.hits[:5]
    assert (cut.total, cut.documents, cut.truncated) == (full.total, full.documents, True)
    assert cut.summary().startswith(f"first 5 of {full.total:,} hits in 12 articles")


def test_a_text_holding_the_marker_character_is_still_searched_right(project, make_doc):
    doc = make_doc("odd \ufdd0 war \ufdd1 war \ufdd0 end")
    result = search(project, "war")
    assert [(h.start, h.end) for h in result.hits] == [(6, 9), (12, 15)]
    assert texts(project, result) == ["war", "war"] and result.hits[0].document_id == doc


def test_regex_mode_scans_the_raw_text(corpus):
    project, a, b, _c = corpus
    result = search(project, r"Gen\w+", regex=True)
    assert texts(project, result) == ["Geneve", "Genf"]  # case-sensitive: not GENÈVE
    assert texts(project, search(project, r"(?i)gen[eè]ve", regex=True)) == ["GENÈVE", "Geneve"]
    result = search(project, r"\w+", regex=True, limit=3)
    assert len(result.hits) == 3 and result.truncated and result.total > 20 and result.documents == 3


def test_search_works_on_a_read_only_project(corpus, tmp_path):
    project, *_ = corpus
    with Project(project.path, read_only=True) as ro:
        assert search(ro, "geneve").total == 2
        assert search(ro, "gen*").total == 3
        assert search(ro, "gen*", limit=1).total == 3  # counted from the vocabulary (temp tables only)
        assert search(ro, "geneve talks", limit=1).total == 4  # counted by highlighting the rest


# -- code all hits ------------------------------------------------------------------------------

@pytest.fixture
def coding(corpus):
    project, a, b, c = corpus
    ana, ben = project.ensure_coder("ana"), project.ensure_coder("ben")
    claim, quote = project.code_by_path("claim"), project.code_by_path("quote")
    return project, a, b, ana, ben, claim, quote


def spans(project, coder, code):
    return [(s.document_id, s.start, s.end, s.text) for s in project.spans_where(
        "coder_id = ? AND code_id = ?", (coder.id, code.id))]


def test_code_hits_codes_each_hit_skipping_those_already_coded(coding):
    project, a, b, ana, ben, claim, quote = coding
    result = search(project, "war*")
    ranges = hit_ranges(result.hits)
    assert len(ranges) == 3
    first, second, third = ranges
    project.add_span(first[0], claim.id, ana.id, first[1], first[2])  # the same range: skipped
    project.add_span(second[0], claim.id, ana.id, second[1] - 6, second[2] + 4)  # covers the hit: skipped
    project.add_span(third[0], quote.id, ana.id, third[1], third[2])  # another code: coded anyway
    project.add_span(third[0], claim.id, ben.id, third[1], third[2])  # another coder: coded anyway
    before = project.spans_where()
    changes = []
    project.subscribe(changes.append)
    op = CodeHits(claim.id, ana.id, ranges + [third])  # a hit listed twice is coded once
    op.apply(project)
    assert (len(op.created), op.skipped) == (1, 3)
    assert [s.text for s in op.created] == ["war"]
    assert len(changes) == 1 and changes[0].kind == "spans"
    assert project.status(third[0], ana.id).value == "in-progress"
    after = project.spans_where()
    op.revert(project)
    assert project.spans_where() == before
    op.apply(project)  # redo: the same spans, ids and all
    assert project.spans_where() == after


def test_code_hits_undo_removes_all_in_one_step_and_redo_restores_ids(coding):
    project, a, b, ana, ben, claim, quote = coding
    ranges = hit_ranges(search(project, "civil* geneve").hits)
    op = CodeHits(quote.id, ana.id, ranges)
    op.apply(project)
    created = spans(project, ana, quote)
    assert [t for *_r, t in created] == ["GENÈVE", "civil", "Civil", "civilians"]
    ids = [s.id for s in op.created]
    op.revert(project)
    assert spans(project, ana, quote) == []
    op.apply(project)
    assert sorted(s.id for s in project.spans_where("coder_id = ?", (ana.id,))) == sorted(ids)
    assert spans(project, ana, quote) == created


# -- the hits FTS5 marks agree with an independent reading of the text --------------------------

_WORDS = ["war", "War", "WÄR", "wär", "warfare", "Wàrs", "peace", "Péace", "talks", "tálks", "😀", "x"]
_GLUE = [" ", "\n", "\n\n", ", ", "-", "'", "’", " — ", ".", "_"]


def _fold(token: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", token) if not unicodedata.combining(c)).lower()


def _expected(text: str, word: str, prefix: bool) -> list[tuple[int, int]]:
    """Tokens as unicode61 reads Latin text: runs of letters and digits (not _), folded."""
    out = []
    for m in re.finditer(r"[^\W_]+", text):
        t = _fold(m.group())
        if t == word or (prefix and t.startswith(word)):
            out.append(m.span())
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GLUE)), min_size=1, max_size=25),
       query=st.sampled_from([("war", False), ("peace", False), ("talks", False), ("war", True)]))
def test_hits_agree_with_an_independent_tokenisation(tmp_path_factory, parts, query):
    text = "".join(w + g for w, g in parts)
    word, prefix = query
    with Project(tmp_path_factory.mktemp("p") / "p.annotator") as project:
        project.add_document(NewDocument(text=text))
        result = search(project, word + ("*" if prefix else ""), limit=10_000)
        assert [(h.start, h.end) for h in result.hits] == _expected(text, word, prefix)
        assert result.total == len(result.hits)
