"""Gather a project's codings for :mod:`annotator.core.agreement` (the UI and the CLI share this)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from annotator.core.agreement import ProjectAgreement, project_agreement, word_tokens
from annotator.core.model import DocStatus
from annotator.store.errors import ProjectError
from annotator.store.exchange import coder_ids_with_spans
from annotator.store.exclusion import excluded_ids
from annotator.store.passages import noise_ranges
from annotator.store.project import Project

METHOD = (
    "Binary per code: each {unit} is a unit, coded 1 for a coder if it lies under one of that coder's "
    "spans of the code, else 0. Krippendorff's alpha (nominal; Krippendorff 2011), Cohen's kappa (two coders) "
    "or Fleiss' kappa (three or more; Fleiss 1971) and percent agreement are computed on these tables. "
    "Unitizing alpha follows Krippendorff (1995, 2004) as in DKPro Agreement, with the documents laid end to end "
    "on one continuum (no gap runs across a document boundary); span F1 matches spans one to one "
    "(exact boundaries, or greatest overlap). Overall: every (code, {unit}) pair is one unit; unitizing alpha "
    "pools disagreements over codes; F1 pools span counts. Documents: {documents}."
)
NOISE_METHOD = {
    False: " Noise (page clutter such as advertisements, links, bylines and time stamps, detected on import "
           "or marked by a coder) was excluded: its characters are cut out of every document before units "
           "are formed, so they are in no denominator.",
    True: " Noise regions were counted as article text, as asked (include noise).",
}


def method_text(unit: str, documents: str, include_noise: bool = False) -> str:
    """The METHOD paragraph for *unit* (``char``/``token``), *documents* (``done``/``any``) and the noise choice."""
    return METHOD.format(
        unit="character" if unit == "char" else "word",
        documents="marked done by every compared coder" if documents == "done"
        else "where every compared coder has at least one span") + NOISE_METHOD[bool(include_noise)]


def compared_coders(project: Project, names: Sequence[str] | None) -> list[str]:
    """The coders to compare: those named, or every coder with at least one span."""
    if names:
        missing = [n for n in names if project.coder_by_name(n) is None]
        if missing:
            known = ", ".join(c.name for c in project.coders()) or "none"
            raise ProjectError(f"no coder named {', '.join(missing)} (coders: {known})")
        chosen = list(dict.fromkeys(names))
    else:
        chosen = coders_with_spans(project)
    if len(chosen) < 2:
        raise ProjectError(f"agreement needs two or more coders with spans; found {len(chosen)}"
                           + (f" ({chosen[0]})" if chosen else ""))
    return chosen


@dataclass(frozen=True)
class AgreementInputs:
    """What :func:`project_agreement` (and the bootstrap) is called with for a project."""

    lengths: dict[int, int]
    spans: list[tuple[int, str, str, int, int]]
    coders: list[str]
    options: dict[str, Any]


def agreement_inputs(
    project: Project,
    coders: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    *,
    unit: Literal["char", "token"] = "char",
    documents: Literal["done", "any"] = "done",
    include_noise: bool = False,
    document_ids: Collection[int] | None = None,
) -> AgreementInputs:
    """Gather the compared coders' spans and the candidate documents (see :func:`project_agreement_for`)."""
    names = compared_coders(project, coders)
    ids = {project.coder_by_name(n).id: n for n in names}
    paths = project.code_paths()
    if codes:
        unknown = [c for c in codes if project.code_by_path(c) is None]
        if unknown:
            raise ProjectError(f"no code {', '.join(repr(c) for c in unknown)} in the codebook")
    excluded = excluded_ids(project)  # extra copies of a story (annotator exclude) are not compared
    lengths = {d.id: d.char_count for d in project.documents() if d.id not in excluded}
    if document_ids is not None:
        wanted = set(document_ids)
        lengths = {d: n for d, n in lengths.items() if d in wanted}
    if documents == "done":
        done = [set(d for d, s in project.statuses(cid).items() if s is DocStatus.DONE) for cid in ids]
        keep = set.intersection(*done)
        lengths = {d: n for d, n in lengths.items() if d in keep}
    marks = ",".join("?" * len(ids))
    rows = project.db.execute(
        f'SELECT document_id, code_id, coder_id, start, "end" FROM spans WHERE coder_id IN ({marks})', tuple(ids))
    spans = [(d, paths[c], ids[r], s, e) for d, c, r, s, e in rows if d in lengths]
    tokens = None
    if unit == "token":
        tokens = {d: word_tokens(project.document(d).text) for d in lengths}
    excluded = None if include_noise else noise_ranges(project, lengths) if len(lengths) <= 30000 else {
        d: r for d, r in noise_ranges(project).items() if d in lengths}
    return AgreementInputs(lengths, spans, names, dict(
        codes=list(codes) if codes else None, unit=unit, tokens=tokens, excluded=excluded,
        require_spans=documents == "any"))


def project_agreement_for(
    project: Project,
    coders: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    *,
    unit: Literal["char", "token"] = "char",
    documents: Literal["done", "any"] = "done",
    per_document: bool = True,
    include_noise: bool = False,
    document_ids: Collection[int] | None = None,
) -> ProjectAgreement:
    """Agreement between *coders* (names) on *codes* (paths; default all used).

    ``documents="done"``: only documents every compared coder has marked done;
    ``"any"``: documents where each compared coder has at least one span (of any code).
    *document_ids*: only these documents (a document set) are candidates.
    Noise regions are cut out of the documents unless *include_noise*.
    """
    inputs = agreement_inputs(project, coders, codes, unit=unit, documents=documents,
                              include_noise=include_noise, document_ids=document_ids)
    return project_agreement(inputs.lengths, inputs.spans, inputs.coders, per_document=per_document,
                             **inputs.options)


# -- the defaults and the empty state the window shares (agreement dock, statistics tab) ----------

def coders_with_spans(project: Project) -> list[str]:
    """The names of the coders with at least one span, in the project's coder order."""
    with_spans = coder_ids_with_spans(project)
    return [c.name for c in project.coders() if c.id in with_spans]


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _either(fixes: list[str]) -> str:
    fixes = [f for f in fixes if f]
    return (fixes[0] if len(fixes) == 1 else ", ".join(fixes[:-1]) + " or " + fixes[-1]) + "."


def why_no_documents(project: Project, coders: Sequence[str], documents: Literal["done", "any"],
                     document_ids: Collection[int] | None = None, set_name: str | None = None,
                     any_choice: str = "count documents where every coder has a span") -> str:
    """Why no document qualifies for agreement between *coders* (names), naming the coders at
    fault, and what to do about it. *document_ids*: the candidates (a document set's, named
    *set_name*); None: every document. *any_choice*: how to say "use documents='any'"."""
    candidates = set(document_ids) if document_ids is not None else {d.id for d in project.documents()}
    if not candidates:
        return f"The set {set_name!r} holds no documents." if set_name else "The project has no documents yet."
    where = f" in the set {set_name!r}" if set_name else ""
    whole = "count all documents instead of the set" if set_name else ""
    ids = {n: c.id for n in coders if (c := project.coder_by_name(n)) is not None}
    if documents == "done":
        have = {n: {d for d, s in project.statuses(i).items() if s is DocStatus.DONE and d in candidates}
                for n, i in ids.items()}
        any_rule = any_choice
    else:
        have = {n: {r[0] for r in project.db.execute("SELECT DISTINCT document_id FROM spans WHERE coder_id = ?",
                                                      (i,)) if r[0] in candidates} for n, i in ids.items()}
        any_rule = ""
    missing = [n for n in coders if not have.get(n)]
    if missing:
        who = _names(missing)
        one = len(missing) == 1
        verb = "has" if one else "have"
        as_who = f"as {who}" if one else "as each of them"
        untick = f"untick {who}" if len(coders) - len(missing) >= 2 else ""
        if documents == "done":
            return (f"{who} {verb} marked no document done{where}. To see figures: "
                    + _either([f"mark the coded articles done {as_who} (Ctrl+D)", untick, any_rule, whole]))
        return f"{who} {verb} no spans{where}. To see figures: " + _either([f"code articles {as_who}", untick, whole])
    everyone = _names(list(coders))
    if documents == "done":
        return (f"No document{where} is marked done by all of {everyone}: each marked others. To see figures: "
                + _either(["mark the same articles done", any_rule, whole]))
    return (f"No document{where} has spans of all of {everyone}: each coded others. To see figures: "
            + _either(["code the same articles", whole]))


def codings_fingerprint(project: Project, coder_ids: Sequence[int]) -> tuple[int, int, tuple]:
    """What agreement figures of *coder_ids* rest on, hashed: their spans, their document
    statuses, and the noise regions (any noise edit changes it). Equal fingerprints: the
    figures need not be computed again."""
    marks = ",".join("?" * len(coder_ids))
    spans = project.db.execute(f'SELECT id, document_id, code_id, start, "end" FROM spans WHERE coder_id IN'
                               f" ({marks}) ORDER BY id", list(coder_ids)).fetchall()
    status = project.db.execute(f"SELECT document_id, coder_id, status FROM doc_status WHERE coder_id IN"
                                f" ({marks}) ORDER BY 1, 2", list(coder_ids)).fetchall()
    noise = project.db.execute("SELECT count(*), total(id), max(id) FROM noise").fetchone()
    return hash(tuple(spans)), hash(tuple(status)), tuple(noise)
