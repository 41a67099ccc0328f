"""Fixtures for the REFI-QDA tests: a project with everything an export carries,
schema validators, and helpers to build archives by hand."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xmlschema

from annotator.core.codebook import AttributeField
from annotator.core.model import NewDocument
from annotator.core.text import normalize_text
from annotator.store import Project
from annotator.store.spans import SpanRecord
from refi_helpers import RAW_ARTICLE

# REFI's schemas (MIT-licensed, notice inside), copied from the REFI-QDA 1.0 release
SCHEMAS = Path(__file__).parent / "data"



@pytest.fixture(scope="session")
def project_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "Project.xsd"))


@pytest.fixture(scope="session")
def codebook_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "Codebook.xsd"))


@pytest.fixture
def validate_qdpx(project_schema):
    """Check an exported archive against Project.xsd; returns its project.qde bytes."""

    def check(path: Path) -> bytes:
        with zipfile.ZipFile(path) as z:
            qde = z.read("project.qde")
        project_schema.validate(qde.decode("utf-8"))
        return qde

    return check


@pytest.fixture
def rich(seeded: Project) -> Project:
    """The seeded project plus nested codes, two coders, memos, attribute values,
    metadata of every type, and an article whose file had a BOM, CRLF and emoji."""
    p = seeded
    with p.transaction():
        actor = p.add_code("actor", description="Who acts.\nTwo lines & <markup>.", color="#123ABC", shortcut="a",
                           attributes=(AttributeField("role", "choice", ("state", "person")),
                                       AttributeField("weight", "number")))
        state = p.add_code("state", parent_id=actor.id, color="#00AA00")
        p.add_code("ministry", parent_id=state.id, description="A ministry")
        p.add_code("person", parent_id=actor.id)
        doc = p.add_document(NewDocument(
            normalize_text(RAW_ARTICLE), title="Emoji & CRLF “article”", source="Wire",
            url="https://example.org/a?x=1&y=2",
            published="20 Nov 2020", filename="windows.txt",
            metadata={"words": 25, "score": 0.1, "paywall": False, "section": "world", "tags": ["a", "b"],
                      "URL": "shadow of a standard name", "empty": ""},
        ))
        alice, bob = p.ensure_coder("alice"), p.ensure_coder("Bob Ö")
        codes = {path: cid for cid, path in p.code_paths().items()}
        text = p.document(doc).text
        at = text.index
        records = [
            SpanRecord(doc, codes["actor/state/ministry"], alice.id, at("Officials"), at("Officials") + 9,
                       memo="ministry?\nsecond line", created="2024-01-02T03:04:05+00:00",
                       modified="2024-01-03T00:00:00+00:00"),
            SpanRecord(doc, codes["actor"], bob.id, at("😀"), at("handover") + 8,
                       attributes={"role": "state", "weight": 2.5}),
            SpanRecord(doc, codes["quote"], alice.id, at("“We"), at("return,”") + 8, attributes={"speaker": "Aliyev"},
                       memo="annotator-data: looks like data but is a memo"),
            SpanRecord(doc, codes["quote"], bob.id, at("“We"), at("Café") + 4, memo="  spaces kept  "),
            SpanRecord(doc, codes["actor/person"], bob.id, at("𝄞"), len(text)),
        ]
        seeds = [d.id for d in p.documents()][:2]
        seed_text = p.document(seeds[0]).text
        records += [
            SpanRecord(seeds[0], codes["claim"], alice.id, 0, 40, attributes={"claimant": "AP"}),
            SpanRecord(seeds[0], codes["casualty figure"], bob.id, 10, len(seed_text),
                       attributes={"who": "civilians", "figure": "hundreds"}),
            SpanRecord(seeds[1], codes["territorial change"], bob.id, 5, 25,
                       memo="memo with\ttab and\r\nwindows and\rold mac line ends"),
        ]
        p.add_spans(records)
        p.ensure_coder("carol")  # a coder with no spans is still a user
        p.set_status(doc, bob.id, "done")
        p.set_status(seeds[1], bob.id, "done")
        p.set_status(seeds[1], alice.id, "done")
    return p


@pytest.fixture
def coded(project: Project) -> Project:
    """The convention texts coded on whole words by two coders, with a memo, attribute
    values and times, the way a researcher's project looks."""
    from conventions import TEXTS, spans_of

    p = project
    codes = {path: cid for cid, path in p.code_paths().items()}
    ana, ben = p.ensure_coder("Ana"), p.ensure_coder("Ben")
    with p.transaction():
        records = []
        for name, text in TEXTS.items():
            doc = p.add_document(NewDocument(text, title=name, source="Wire"))
            for n, (start, end) in enumerate(spans_of(name)):
                quote = n % 3 == 0
                records.append(SpanRecord(
                    doc, codes["quote" if quote else "claim"], (ana if n % 2 else ben).id, start, end,
                    memo="checked twice\nwith a second line" if n == 1 else "",
                    attributes={"speaker": "the mayor"} if quote else None,
                    created=f"2026-12-0{1 + n % 5}T19:57:40+00:00", modified="2026-12-06T20:00:00+00:00"))
        p.add_spans(records)
    return p
