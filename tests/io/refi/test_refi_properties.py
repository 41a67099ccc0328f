"""Round trips of generated projects: any text, span, memo or attribute value comes back."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from refi_helpers import snapshot

from annotator.core.codebook import AttributeField
from annotator.core.model import NewDocument
from annotator.io.refi import export_qdpx, import_qdpx
from annotator.store import Project
from annotator.store.spans import SpanRecord

CHARS = st.sampled_from(list("ab .\n\t<&>\"'") + ["😀", "𝄞", "漢", "\u0301", "👩‍💻", "🇦🇿", "\u00a0", "\r", "\u2028"])
TEXT = st.lists(CHARS, max_size=12).map("".join)
MEMO = st.one_of(TEXT, st.builds(lambda a, b: f"{a}annotator-data: {b}", TEXT, TEXT),
                 st.just("annotator-data: {\"attributes\": {}}"))
counter = itertools.count()


@st.composite
def projects(draw):
    doc_text = st.lists(CHARS.filter(lambda c: c != "\r"), min_size=1, max_size=40).map("".join)
    docs = draw(st.lists(doc_text, min_size=1, max_size=3, unique=True))
    spans = []
    for i, text in enumerate(docs):
        for _ in range(draw(st.integers(0, 4))):
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, len(text)))
            spans.append((i, start, end, draw(st.integers(0, 1)), draw(MEMO), draw(st.one_of(st.none(), TEXT))))
    return docs, spans


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(projects())
def test_generated_projects_round_trip(tmp_path, data):
    docs, spans = data
    n = next(counter)
    with Project(tmp_path / f"a{n}.annotator") as a, Project(tmp_path / f"b{n}.annotator") as b:
        parent = a.add_code("parent", attributes=(AttributeField("note", "text"),))
        child = a.add_code("child & <kid>", parent_id=parent.id)
        coders = [a.ensure_coder("one"), a.ensure_coder("two")]
        ids = [a.add_document(NewDocument(t, title=t[:5], metadata={"k": t})) for t in docs]
        a.add_spans([SpanRecord(ids[d], (parent, child)[c].id, coders[c].id, s, e, memo=memo,
                                attributes={"note": v} if v and c == 0 else None)
                     for d, s, e, c, memo, v in spans])
        import_qdpx(b, export_qdpx(a, tmp_path / f"x{n}.qdpx"))
        assert snapshot(b) == snapshot(a)
