"""The JSONL span format: import rules, rejections with line numbers, and the export round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.codebook import AttributeField
from annotator.core.model import NewDocument
from annotator.core.text import normalize_text
from annotator.defaults import install_default_codebook
from annotator.io.export import export_spans
from annotator.io.importer import import_paths
from annotator.io.spans_jsonl import FIELDS, is_span_record
from annotator.store import Project

EMOJI_TEXT = "Aliyev 😀 said: \"We will rebuild 𝒦albajar\" — 🇦🇿 flags waved.\nNext line ✓ 𝄞 done.\n"


def write_jsonl(path: Path, records: list[dict | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def span_tuples(project: Project) -> list[tuple]:
    """Everything the format promises to preserve, independent of ids."""
    paths = project.code_paths()
    coders = {c.id: c.name for c in project.coders()}
    docs = {d.id: d.sha256 for d in project.documents()}
    return sorted((docs[s.document_id], paths[s.code_id], coders[s.coder_id], s.start, s.end, s.text, s.memo,
                   json.dumps(s.attributes, sort_keys=True), s.guid, s.created, s.modified)
                  for s in project.spans_where())


def rec(doc, start, end, **extra) -> dict:
    base = {"document_sha256": doc.sha256, "coder": "ana", "code": "quote", "start": start, "end": end,
            "text": doc.text[start:end]}
    base.update(extra)
    return base


@pytest.fixture
def doc(project, make_doc):
    return project.document(make_doc("The president said: we will rebuild the region. " * 3, "D"))


def test_span_records_are_recognised_by_start_end_code():
    assert is_span_record({"start": 0, "end": 1, "code": "x"})
    assert not is_span_record({"text": "an article", "start": 0})


def test_a_span_file_loads_creating_coders_and_codes(project, doc, tmp_path):
    path = write_jsonl(tmp_path / "spans.jsonl", [
        rec(doc, 0, 13, memo="m", attributes={"speaker": "president"}),
        rec(doc, 4, 13, coder="ben", code="actors/politician"),
        rec(doc, 21, 46, code="actors"),
    ])
    report = import_paths(project, [path])
    assert report.errors == []
    assert report.spans_added == 3
    assert report.coders_created == ["ana", "ben"]
    assert report.codes_created == ["actors", "actors/politician"]
    assert "New codes: actors, actors/politician" in report.summary()
    spans = project.spans_where()
    assert [(s.start, s.end, s.text) for s in spans] == [(0, 13, "The president"), (4, 13, "president"),
                                                         (21, 46, doc.text[21:46])]
    assert spans[0].memo == "m" and spans[0].attributes == {"speaker": "president"}
    politician = project.code_by_path("actors/politician")
    assert politician.parent_id == project.code_by_path("actors").id


def test_document_id_is_used_when_no_hash_is_given(project, doc, tmp_path):
    r = rec(doc, 0, 3)
    del r["document_sha256"]
    r["document_id"] = doc.id
    report = import_paths(project, [write_jsonl(tmp_path / "s.jsonl", [r])])
    assert report.spans_added == 1 and report.errors == []


def test_the_hash_wins_over_the_id(project, doc, make_doc, tmp_path):
    other = make_doc("Another article entirely.", "O")
    report = import_paths(project, [write_jsonl(tmp_path / "s.jsonl", [rec(doc, 0, 3, document_id=other)])])
    assert report.spans_added == 1
    assert project.spans_where()[0].document_id == doc.id


def test_bad_records_are_rejected_with_line_numbers_and_with_skip_bad_the_rest_loaded(project, doc, tmp_path):
    records = [
        rec(doc, 0, 3),                                            # 1 ok
        rec(doc, 0, 3, text="XYZ"),                                # 2 text differs
        rec(doc, 5, 3),                                            # 3 start after end
        rec(doc, 0, 10_000),                                       # 4 past the end
        {**rec(doc, 0, 3), "document_sha256": "0" * 64},           # 5 unknown document
        {**rec(doc, 0, 3), "document_sha256": None, "document_id": 999},  # 6 unknown id
        rec(doc, 0, 3, attributes={"colour": "red"}),              # 7 undeclared attribute
        "{not json",                                               # 8
        {**rec(doc, 0, 3), "start": "0"},                          # 9 offsets not numbers
        rec(doc, 0, 3, coder=""),                                  # 10 no coder
        rec(doc, 0, 3, code="a//b"),                               # 11 empty code name
        rec(doc, 4, 13, guid="G1"),                                # 12 ok
        rec(doc, 4, 13, guid="G1"),                                # 13 guid repeated
        rec(doc, 4, 13, memo=5),                                   # 14 memo not a string
        rec(doc, 4, 13, attributes=["x"]),                         # 15 attributes not an object
        {**rec(doc, 4, 13), "start": True},                        # 16 a bool is not an offset
    ]
    path = write_jsonl(tmp_path / "spans.jsonl", records)
    report = import_paths(project, [path], skip_bad=True)
    assert report.spans_added == 2 and report.bad_records == 14 and report.refused_files == []
    lines = [int(e.split(", line ")[1].split(":")[0]) for e in report.errors]
    assert lines == list(range(2, 12)) + [13, 14, 15, 16]
    assert all(e.startswith(f"{path}, line ") for e in report.errors)
    by_line = dict(zip(lines, report.errors))
    assert "'text' does not match the document at 0:3" in by_line[2] and "'XYZ'" in by_line[2]
    assert "outside the document" in by_line[3] and "outside the document" in by_line[4]
    assert "no document with sha256" in by_line[5]
    assert "no document with id 999" in by_line[6]
    assert "no attribute 'colour'" in by_line[7]
    assert "not valid JSON" in by_line[8]
    assert "repeats line 12" in by_line[13]


def test_choice_attribute_values_are_validated(project, doc, tmp_path):
    path = write_jsonl(tmp_path / "s.jsonl", [
        rec(doc, 0, 3, code="casualty figure", attributes={"who": "civilians"}),
        rec(doc, 0, 3, code="casualty figure", attributes={"who": "aliens"}),
    ])
    report = import_paths(project, [path], skip_bad=True)
    assert report.spans_added == 1
    assert len(report.errors) == 1 and ", line 2:" in report.errors[0] and "must be one of" in report.errors[0]


def test_created_codes_declare_the_attributes_their_spans_use(project, doc, tmp_path):
    path = write_jsonl(tmp_path / "s.jsonl", [
        rec(doc, 0, 3, code="new/child", attributes={"n": 3, "who": "x"}),
        rec(doc, 4, 9, code="new/child", attributes={"n": 4.5}),
    ])
    report = import_paths(project, [path])
    assert report.errors == [] and report.spans_added == 2
    assert project.code_by_path("new/child").attributes == (AttributeField("n", "number"),
                                                            AttributeField("who", "text"))


def test_loading_the_same_file_twice_adds_nothing(project, doc, tmp_path):
    path = write_jsonl(tmp_path / "s.jsonl", [rec(doc, 0, 3, guid="A"), rec(doc, 4, 9, guid="B")])
    assert import_paths(project, [path]).spans_added == 2
    again = import_paths(project, [path])
    assert again.spans_added == 0 and again.errors == []
    assert "2 spans already in the project" in again.warnings[0]
    assert project.span_count() == 2


def test_a_file_with_only_bad_records_changes_nothing(project, doc, tmp_path):
    before = (project.span_count(), project.coders(), project.codes())
    path = write_jsonl(tmp_path / "s.jsonl", [rec(doc, 0, 3, text="no", code="brand/new", coder="zed"),
                                              {**rec(doc, 0, 3, code="other/new", coder="zed"), "start": -1}])
    report = import_paths(project, [path], skip_bad=True)
    assert report.spans_added == 0 and len(report.errors) == 2
    # codes and coders are created only for records that load
    assert report.codes_created == [] and report.coders_created == []
    assert (project.span_count(), project.coders(), project.codes()) == before


def test_spans_refer_to_documents_of_the_same_import(project, tmp_path):
    text = "An article imported together with its spans."
    articles = write_jsonl(tmp_path / "z_articles.jsonl", [{"text": text, "title": "T"}])
    from annotator.core.text import sha256_text
    spans = write_jsonl(tmp_path / "a_spans.jsonl", [
        {"document_sha256": sha256_text(text), "coder": "ana", "code": "quote", "start": 0, "end": 10,
         "text": text[:10]}])
    report = import_paths(project, [spans, articles])
    assert report.errors == [] and len(report.documents_added) == 1 and report.spans_added == 1


def test_as_overrides_detection(project, doc, tmp_path):
    path = write_jsonl(tmp_path / "s.jsonl", [rec(doc, 0, 3)])
    report = import_paths(project, [path], as_="articles")
    assert report.spans_added == 0 and "no 'text' field" not in "".join(report.errors)
    # read as an article, the record's "text" is the three characters
    assert any(t.text == doc.text[:3] for t in map(project.document, [d.id for d in project.documents()]))
    articles = write_jsonl(tmp_path / "a.jsonl", [{"text": "article text"}])
    report = import_paths(project, [articles], as_="spans")
    assert report.spans_added == 0
    assert "names no document" in report.errors[0] and ", line 1:" in report.errors[0]


# -- round trip -----------------------------------------------------------------------------
def populate(project: Project, texts: list[str]) -> list[int]:
    return [project.add_document(NewDocument(text=normalize_text(t), title=f"doc {i}")) for i, t in enumerate(texts)]


def test_export_then_import_gives_identical_spans_with_emoji_and_crlf(project, tmp_path):
    crlf_source = tmp_path / "crlf.txt"
    crlf_source.write_bytes("Line one\r\nLine two 😀\r\n\r\nLine 𝄞 four\r\n".encode("utf-8"))
    import_paths(project, [crlf_source])
    (doc_id,) = populate(project, [EMOJI_TEXT])
    crlf_id = project.documents()[0].id
    ana, ben = project.ensure_coder("ana"), project.ensure_coder("ben")
    quote, claim = project.code_by_path("quote"), project.code_by_path("claim")
    child = project.add_code("sub code", parent_id=quote.id)
    text = project.document(doc_id).text
    start = text.index("😀")
    project.add_span(doc_id, quote.id, ana.id, start, start + 1, memo="emoji ✓", attributes={"speaker": "Əliyev"})
    project.add_span(doc_id, child.id, ben.id, text.index("𝒦"), text.index("𝒦") + 8)
    crlf_text = project.document(crlf_id).text
    assert "\r" not in crlf_text
    project.add_span(crlf_id, claim.id, ana.id, crlf_text.index("Line two"), crlf_text.index("four") + 4,
                     attributes={"claimant": "x"}, memo="multi\nline")

    out = tmp_path / "spans.jsonl"
    assert export_spans(project, "jsonl", out) == 3
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert list(first)[:len(FIELDS) - 5] == list(FIELDS[:len(FIELDS) - 5])
    assert set(FIELDS) <= set(first)

    fresh = Project(tmp_path / "fresh.annotator")
    try:
        install_default_codebook(fresh)
        import_paths(fresh, [crlf_source])
        populate(fresh, [EMOJI_TEXT])
        report = import_paths(fresh, [out])
        assert report.errors == [] and report.spans_added == 3
        assert report.codes_created == ["quote/sub code"] and report.coders_created == ["ana", "ben"]
        assert span_tuples(fresh) == span_tuples(project)
    finally:
        fresh.close()


def test_a_crlf_span_text_does_not_match_the_lf_document(project, tmp_path):
    crlf = tmp_path / "a.txt"
    crlf.write_bytes(b"one\r\ntwo\r\n")
    import_paths(project, [crlf])
    d = project.document(project.documents()[0].id)
    path = write_jsonl(tmp_path / "s.jsonl", [{"document_sha256": d.sha256, "coder": "a", "code": "quote",
                                               "start": 0, "end": 5, "text": "one\r\n"}])
    report = import_paths(project, [path])
    assert report.spans_added == 0 and ", line 1:" in report.errors[0] and "does not match" in report.errors[0]


# no NUL: the importers refuse it (SQLite's substr stops at NUL, see test_nul_in_a_record_text_is_refused)
_texts = st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                          min_size=1, max_size=60),
                  min_size=1, max_size=3, unique_by=normalize_text)


@st.composite
def corpora(draw):
    texts = [t for t in draw(_texts) if normalize_text(t)]
    if not texts:
        texts = ["fallback text"]
    texts = list(dict.fromkeys(normalize_text(t) for t in texts))
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        i = draw(st.integers(0, len(texts) - 1))
        n = len(texts[i])
        start = draw(st.integers(0, n - 1))
        end = draw(st.integers(start + 1, n))
        spans.append((i, start, end, draw(st.sampled_from(["quote", "claim", "quote/inner", "new code/leaf"])),
                      draw(st.sampled_from(["ana", "ben", "Zoë"])), draw(st.text(max_size=10))))
    return texts, spans


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpora())
def test_property_export_import_preserves_spans(tmp_path_factory, data):
    texts, spans = data
    tmp = tmp_path_factory.mktemp("rt")
    with Project(tmp / "a.annotator") as source, Project(tmp / "b.annotator") as target:
        for p in (source, target):
            install_default_codebook(p)
        ids = populate(source, texts)
        populate(target, list(reversed(texts)))  # different ids, same texts
        for i, start, end, path, coder, memo in spans:
            code = source.code_by_path(path)
            if code is None:
                parent = source.code_by_path(path.split("/")[0]) or source.add_code(path.split("/")[0])
                code = source.add_code(path.split("/")[1], parent_id=parent.id)
            source.add_span(ids[i], code.id, source.ensure_coder(coder).id, start, end, memo=memo)
        out = tmp / "spans.jsonl"
        assert export_spans(source, "jsonl", out) == len(spans)
        if not spans:
            assert out.read_bytes() == b""
            return
        report = import_paths(target, [out])
        assert report.errors == []
        assert span_tuples(target) == span_tuples(source)


def test_a_span_file_the_store_refuses_leaves_no_code_or_coder_behind(project, doc, tmp_path, monkeypatch):
    from annotator.store.errors import ProjectError

    def refuse(records):
        list(records)
        raise ProjectError("spans not loaded: disk trouble")

    before = (project.codes(), project.coders())
    monkeypatch.setattr(project, "add_spans", refuse)
    path = write_jsonl(tmp_path / "s.jsonl", [rec(doc, 0, 3, code="fresh/code", coder="newbie")])
    report = import_paths(project, [path])
    assert report.spans_added == 0 and report.codes_created == [] and report.coders_created == []
    assert report.errors == [f"{path}: spans not loaded: disk trouble "
                             "(nothing from this file was imported)"]
    assert (project.codes(), project.coders()) == before


def test_generated_guids_are_unique_upper_case_version_4_uuids():
    import uuid

    from annotator.io.spans_jsonl import _new_guids

    guids = list(_new_guids(2345))
    assert len(guids) == len(set(guids)) == 2345
    for g in guids[:50] + guids[-50:]:
        parsed = uuid.UUID(g)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and str(parsed).upper() == g


def test_spans_without_guid_get_one(project, doc, tmp_path):
    import_paths(project, [write_jsonl(tmp_path / "s.jsonl", [rec(doc, 0, 3), rec(doc, 4, 9)])])
    guids = [s.guid for s in project.spans_where()]
    assert len(set(guids)) == 2 and all(len(g) == 36 and g == g.upper() for g in guids)
