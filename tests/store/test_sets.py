"""Document sets: sampling (reproducible, stratified), assignment (whole or split), queues."""

import pytest
from reliability_study import OUTLETS, make_study

from annotator.core.model import DocStatus
from annotator.core.sampling import SamplingError, Size, allocate, draw_sample, parse_size, split_balanced
from annotator.store import Project, ProjectError
from annotator.store.sets import (
    assign, assignments, create_set, document_sets, find_set, queue, reliability_set, sample_set, set_documents,
)


@pytest.fixture
def study(tmp_path):
    with Project(make_study(tmp_path / "study.annotator")) as p:
        yield p


def test_parse_size():
    assert parse_size("50") == Size(count=50) and parse_size(" 10% ").fraction == pytest.approx(0.1)
    assert Size(fraction=0.1).of(40) == 4 and str(Size(fraction=0.1)) == "10%"
    for bad in ("0", "-3", "abc", "0%", "120%"):
        with pytest.raises(SamplingError):
            parse_size(bad)


def test_allocation_is_proportional_and_exact():
    assert allocate([10, 10, 20], 8) == [2, 2, 4]
    assert sum(allocate([3, 5, 7, 11], 9)) == 9
    with pytest.raises(SamplingError):
        allocate([1, 2], 4)


def test_draw_is_reproducible_from_its_seed():
    population = [(i, i % 3) for i in range(90)]
    a = draw_sample(population, Size(count=12), seed=42)
    assert a == draw_sample(population, Size(count=12), seed=42)
    assert a != draw_sample(population, Size(count=12), seed=43)
    assert len(set(a)) == 12 and [sum(1 for d in a if d % 3 == k) for k in range(3)] == [4, 4, 4]


def test_split_is_balanced_by_length_without_overlap():
    docs = [(i, n) for i, n in enumerate([100, 90, 80, 70, 60, 50, 40, 30, 20, 10])]
    shares = split_balanced(docs, ["ana", "ben"])
    assert sorted(shares["ana"] + shares["ben"]) == list(range(10))
    totals = [sum(dict(docs)[d] for d in shares[c]) for c in ("ana", "ben")]
    assert abs(totals[0] - totals[1]) <= 10


def test_sample_is_stored_with_its_seed_and_recipe(study):
    drawn = sample_set(study, "reliability-1", Size(fraction=0.25), stratify="outlet", seed=7)
    assert drawn.size == 10 and drawn.seed == 7 and drawn.purpose == "reliability"
    assert drawn.recipe["stratify"] == "outlet" and drawn.recipe["population"] == 40
    outlets = {d.id: d.source for d in study.documents()}
    ids = set_documents(study, drawn.id)
    assert sorted(outlets[d] for d in ids) == sorted(OUTLETS * 2 + ("Daily", "Herald"))
    again = sample_set(study, "again", Size(fraction=0.25), stratify="outlet", seed=drawn.seed)
    assert set_documents(study, again.id) == ids  # a reviewer re-draws the same sample
    assert reliability_set(study).name == "again"
    assert [s.name for s in document_sets(study)] == ["reliability-1", "again"]


def test_stratify_by_month_and_metadata_field(study):
    by_month = sample_set(study, "m", Size(count=6), stratify="month", seed=1)
    months = {d.id: d.published[:7] for d in study.documents()}
    assert sorted(months[d] for d in set_documents(study, by_month.id)) == ["2024-01"] * 2 + ["2024-02"] * 2 + ["2024-03"] * 2
    sample_set(study, "s", Size(count=4), stratify="section", seed=1)
    with pytest.raises(ProjectError, match="section"):
        sample_set(study, "bad", Size(count=4), stratify="nope", seed=1)


def test_names_and_sizes_are_checked(study):
    sample_set(study, "r", Size(count=5), seed=1)
    with pytest.raises(ProjectError, match="exists already"):
        sample_set(study, "r", Size(count=5), seed=1)
    with pytest.raises(ProjectError, match="cannot draw 99"):
        sample_set(study, "big", Size(count=99), seed=1)
    with pytest.raises(ProjectError, match="no document set named 'zz'"):
        find_set(study, "zz")
    assert [s.name for s in document_sets(study)] == ["r"]  # nothing half-written


def test_assign_whole_set_and_split(study):
    drawn = create_set(study, "rel", [1, 2, 3, 4], purpose="reliability")
    assign(study, "rel", ["ana", "ben", "dan"])
    given = assignments(study, drawn.id)
    assert given == {"ana": [1, 2, 3, 4], "ben": [1, 2, 3, 4], "dan": [1, 2, 3, 4]}
    assert study.coder_by_name("dan") is not None
    rest = create_set(study, "rest", list(range(5, 25)), purpose="share")
    shares = assign(study, "rest", ["ana", "ben"], split=True)
    assert not set(shares["ana"]) & set(shares["ben"]) and len(shares["ana"]) + len(shares["ben"]) == 20
    assign(study, "rest", ["ana", "ben", "cem"], split=True)  # split again: replaces, still no overlap
    again = assignments(study, rest.id)
    assert sum(len(v) for v in again.values()) == 20


def test_queue_lists_each_assigned_document_once_with_status(study):
    create_set(study, "a", [3, 1, 2])
    create_set(study, "b", [2, 9])
    assign(study, "a", ["ana"])
    assign(study, "b", ["ana"])
    ana = study.coder_by_name("ana").id
    study.set_status(9, ana, "done")
    q = queue(study, ana)
    assert [i.document_id for i in q] == [3, 1, 2, 9]
    assert q[3].status is DocStatus.DONE and q[3].set_name == "b"
    # docs 1-3 were marked done by make_study
    assert sum(i.status is DocStatus.DONE for i in q) == 4


def test_deleting_a_document_drops_it_from_sets_and_assignments(study):
    created = create_set(study, "a", [1, 2])
    assign(study, "a", ["ana"])
    with study.transaction():
        study.db.execute("DELETE FROM documents WHERE id = 2")
    assert set_documents(study, created.id) == [1] and assignments(study, created.id) == {"ana": [1]}
