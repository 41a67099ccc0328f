"""The reliability report (HTML or Markdown): every figure, its interval, the method, a
ready-to-paste methods paragraph, and what a reviewer needs to re-run it.

All numbers come from one :class:`~annotator.store.reliability.ReliabilityRun`; the
methods paragraph is written from the same objects as the tables. Article text, code
names and coder names are escaped: the report shows them as plain text.
"""

from __future__ import annotations

import html
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from annotator import __version__
from annotator.core.agreement import Disagreement, disagreements
from annotator.core.agreement.bootstrap import Interval
from annotator.core.agreement.confusion import Confusion, code_confusion
from annotator.io.errors import ExportProblem
from annotator.store.exchange import content_hash
from annotator.store.project import Project
from annotator.store.reliability import ALL, ReliabilityRun, run_reliability

NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
MEASURE_LABEL = {"krippendorff_alpha": "Krippendorff's α", "cohen_kappa": "Cohen's κ",
                 "fleiss_kappa": "Fleiss' κ", "unitizing_alpha": "unitizing α_U"}


@dataclass(frozen=True)
class Options:
    """How the figures were asked for: the report's command repeats them."""

    coders: Sequence[str] | None = None
    codes: Sequence[str] | None = None
    unit: str = "char"
    documents: str = "done"
    include_noise: bool = False
    set_name: str | None = None
    resamples: int = 1000
    seed: int | None = None


@dataclass(frozen=True)
class Row:
    """One line of the per-code table."""

    label: str
    figures: dict[str, Any]  # CodeAgreement.as_dict() shape
    intervals: dict[str, Interval]


@dataclass
class Report:
    run: ReliabilityRun
    project_name: str
    content_hash: str
    command: str
    generated: str
    rows: list[Row]
    confusion: Confusion
    largest: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # doc, code, who, not, text
    paragraph: str = ""


def fmt(value: float | None, digits: int = 2) -> str:
    """APA style: no leading zero (.81, -.05); 'n/a' when undefined."""
    if value is None:
        return "n/a"
    text = f"{value:.{digits}f}"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def command_for(project_path: Path, output: Path, options: Options, seed: int | None) -> str:
    parts = ["annotator", "report", str(project_path)]
    if options.set_name == ALL:  # the window's "All documents"
        parts += ["--all-documents"]
    elif options.set_name:
        parts += ["--set", options.set_name]
    if options.coders:
        parts += ["--coders", ",".join(options.coders)]
    if options.codes:
        parts += ["--codes", ",".join(options.codes)]
    if options.unit != "char":
        parts += ["--unit", options.unit]
    if options.documents != "done":
        parts += ["--documents", options.documents]
    if options.include_noise:
        parts.append("--include-noise")
    parts += ["--resamples", str(options.resamples)]
    if seed is not None:
        parts += ["--seed", str(seed)]
    parts += ["-o", str(output)]
    return shlex.join(parts)


def build_report(project: Project, output: Path, options: Options = Options(), *,
                 disagreements_shown: int = 10) -> Report:
    """Compute everything the report shows, from one run."""
    run = run_reliability(project, options.coders, options.codes, unit=options.unit,  # type: ignore[arg-type]
                          documents=options.documents, include_noise=options.include_noise,  # type: ignore[arg-type]
                          set_name=options.set_name, resamples=options.resamples, seed=options.seed)
    return assemble_report(project, output, options, run, report_parts(run, disagreements_shown))


@dataclass(frozen=True)
class ReportParts:
    """The report's slow pure computations (no project access: any thread may run them)."""

    confusion: Confusion
    largest: list[Disagreement]


def report_parts(run: ReliabilityRun, disagreements_shown: int = 10) -> ReportParts:
    """The code confusion and the largest disagreements of *run*'s documents."""
    result = run.result
    used = {d: run.inputs.lengths[d] for d in result.documents}
    excluded = run.inputs.options["excluded"]
    spans = [s for s in run.inputs.spans if s[0] in used]
    confusion = code_confusion(used, spans, result.coders, list(result.codes), excluded=excluded)
    items = disagreements(used, spans, result.coders, codes=list(result.codes), excluded=excluded)
    return ReportParts(confusion, items[:disagreements_shown])


def assemble_report(project: Project, output: Path, options: Options, run: ReliabilityRun, parts: ReportParts,
                    *, project_hash: str | None = None) -> Report:
    """The report of *run* (its intervals included) and *parts*; reads titles and texts from
    *project* (on the thread that owns its connection). *project_hash*: the content hash taken
    when the figures were, if the caller has it."""
    result, b = run.result, run.intervals
    rows = [Row(str(c), a.as_dict(), b.codes.get(c, {}) if b else {}) for c, a in result.codes.items()]
    rows.append(Row("overall (pooled)", result.overall.as_dict(), b.overall if b else {}))
    if len(result.codes) > 1:
        rows.append(Row("mean over codes", dict(run.mean_over_codes), b.mean_over_codes if b else {}))
    largest = []
    for item in parts.largest:  # only the documents shown are read
        doc = project.document(item.document)
        title = doc.title or doc.filename or f"document {doc.id}"
        text = doc.text[item.start:item.end]
        largest.append((f"{title} [{item.document}] {item.start}:{item.end}", str(item.code),
                        ", ".join(map(str, item.marked_by)), ", ".join(map(str, item.not_marked_by)),
                        text if len(text) <= 300 else text[:299] + "…"))
    seed = b.seed if b else None
    set_name = run.document_set.name if run.document_set else options.set_name
    command = command_for(Path(project.path.name), output, Options(**{**options.__dict__, "set_name": set_name}),
                          seed)
    report = Report(run, project.path.name, project_hash or content_hash(project), command,
                    datetime.now(timezone.utc).isoformat(timespec="seconds"), rows, parts.confusion, largest)
    report.paragraph = methods_paragraph(run, project.document_count())
    return report


def _ci(i: Interval | None, digits: int = 2) -> str:
    return "" if i is None or i.low is None else f"[{fmt(i.low, digits)}, {fmt(i.high, digits)}]"


def methods_paragraph(run: ReliabilityRun, corpus: int) -> str:
    """The paragraph for a paper's methods section, from the run's own figures."""
    result, b, s = run.result, run.intervals, run.document_set
    n = len(result.documents)
    coders = len(result.coders)
    who = NUMBER_WORDS.get(coders, str(coders))
    if s is not None and s.recipe.get("population"):
        share = s.size / s.recipe["population"] if s.recipe["population"] else 0
        sample = f"a random sample of n = {s.size} articles ({share:.0%} of {s.recipe['population']:,})"
        if s.recipe.get("stratify"):
            sample += f", stratified by {s.recipe['stratify']}"
        sample += f" (seed {s.seed})"

    elif s is not None:
        sample = f"the n = {n} articles of the set '{s.name}'"
    else:
        sample = f"n = {n} of the corpus's {corpus:,} articles" + (
            " (those every coder marked done)" if run.documents == "done"
            else " (those in which every coder marked something)")
    unit = "character" if run.unit == "char" else "word"
    if n == 0:
        return ("No article qualifies for the reliability assessment yet: "
                + ("none is marked done by every compared coder." if run.documents == "done"
                   else "in none did every compared coder mark something."))
    alpha = result.overall.krippendorff_alpha.value
    text = f"Intercoder reliability was assessed on {sample}, coded independently by {who} coders"
    if s is not None and s.recipe.get("population") and n != s.size:
        text += (f"; the n = {n} of them " + ("that every coder marked done" if run.documents == "done"
                                              else "in which every coder marked something") + " were analysed")
    text += (". "
             f"Each code was treated as a binary variable per {unit} (marked or not). ")
    if alpha is None:
        text += f"Krippendorff's α (nominal, {unit} units) was undefined: {result.overall.krippendorff_alpha.reason}. "
    else:
        text += f"Krippendorff's α (nominal, {unit} units), pooled over codes, was {fmt(alpha)}"
        if b is not None and "krippendorff_alpha" in b.overall:
            i = b.overall["krippendorff_alpha"]
            if i.low is not None:
                text += (f", 95% CI {_ci(i)}; the probability that α falls below .667 was "
                         f"{fmt(i.q.get(0.667), 3)} and below .800 {fmt(i.q.get(0.8), 3)}")
        text += ". "
    defined = [(c, a.krippendorff_alpha.value) for c, a in result.codes.items() if a.krippendorff_alpha.defined]
    if len(defined) > 1:
        low, high = min(defined, key=lambda x: x[1]), max(defined, key=lambda x: x[1])
        text += (f"The mean of the per-code α over {len(defined)} codes was "
                 f"{fmt(run.mean_over_codes.get('krippendorff_alpha'))}; per code, α ranged from "
                 f"{fmt(low[1])} ({low[0]}) to {fmt(high[1])} ({high[0]}). ")
    kappa_name = "cohen_kappa" if coders == 2 else "fleiss_kappa"
    kappa = getattr(result.overall, kappa_name)
    ua = result.overall.unitizing_alpha
    extra = []
    if kappa is not None and kappa.defined:
        extra.append(f"{MEASURE_LABEL[kappa_name]} {fmt(kappa.value)}"
                     + (f" {_ci(b.overall.get(kappa_name))}" if b else ""))
    if ua.defined:
        extra.append(f"Krippendorff's unitizing α_U (span boundaries, documents laid end to end) {fmt(ua.value)}"
                     + (f" {_ci(b.overall.get('unitizing_alpha'))}" if b else ""))
    if extra:
        text += "Pooled over codes, " + " and ".join(extra) + ". "
    if b is not None:
        text += (f"Confidence intervals are percentile intervals from a bootstrap over documents "
                 f"({b.resamples:,} resamples, seed {b.seed}), since characters within an article are not "
                 f"independent. ")
    if not run.include_noise:
        text += "Page clutter (advertisements, links, bylines) was excluded before computing agreement. "
    text += f"Figures were computed with annotator {__version__}."
    return text


# -- writing ---------------------------------------------------------------------------------
_TABLE_MEASURES = ("krippendorff_alpha", "cohen_kappa", "fleiss_kappa", "unitizing_alpha")


def _table(report: Report) -> tuple[list[str], list[list[str]]]:
    present = [m for m in _TABLE_MEASURES if any(m in r.figures for r in report.rows)]
    header = ["code"]
    for m in present:
        header += [MEASURE_LABEL[m], "95% CI"]
        if m == "krippendorff_alpha":
            header += ["q(α<.667)", "q(α<.800)", "jackknife SE"]
    header += ["F1 exact", "F1 overlap", "% agreement", "units"]
    body = []
    for r in report.rows:
        cells = [r.label]
        for m in present:
            i = r.intervals.get(m)
            cells += [fmt(r.figures.get(m), 3), _ci(i, 3)]
            if m == "krippendorff_alpha":
                cells += [fmt(i.q.get(0.667), 3) if i and i.q else "", fmt(i.q.get(0.8), 3) if i and i.q else "",
                          fmt(i.jackknife_se, 3) if i and i.jackknife_se is not None else ""]
        for m in ("f1_exact", "f1_overlap", "percent_agreement"):
            cells.append(fmt(r.figures[m], 3) if m in r.figures else "")
        cells.append(f"{r.figures['units']:,}" if isinstance(r.figures.get("units"), int) else "")
        body.append(cells)
    return header, body


def _confusion_rows(report: Report) -> tuple[list[str], list[list[str]]]:
    codes = [str(c) for c in report.confusion.codes]
    header = ["marked → instead", *codes, "(nothing)"]
    body = []
    for a, code in enumerate(codes):
        body.append([code, *("—" if a == b else f"{int(report.confusion.swaps[a, b]):,}" for b in range(len(codes))),
                     f"{int(report.confusion.missed[a]):,}"])
    return header, body


def _facts(report: Report) -> list[tuple[str, str]]:
    run, b, s = report.run, report.run.intervals, report.run.document_set
    facts = [("Coders", ", ".join(map(str, run.result.coders))),
             ("Documents", f"{len(run.result.documents):,}"
              + (f" (of the {run.candidates:,} in play; {run.dropped:,} dropped)" if run.dropped else "")),
             ("Units", f"{'characters' if run.unit == 'char' else 'words'}: {run.result.overall.units // max(1, len(run.result.codes)):,}"
              f" per code"),
             ("Document set", s.describe() if s else "none: every document of the project"),
             ("Intervals", f"{b.resamples:,} resamples, seed {b.seed}" if b else "none (--resamples 0)"),
             ("annotator version", __version__),
             ("Project", report.project_name),
             ("Project content hash (sha256)", report.content_hash),
             ("Generated", report.generated),
             ("Re-run with", report.command)]
    return facts


def _md_cell(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def write_markdown(report: Report, out: TextIO) -> None:
    def table(header: list[str], body: list[list[str]]) -> None:
        out.write("| " + " | ".join(map(_md_cell, header)) + " |\n")
        out.write("|" + "|".join("---" for _ in header) + "|\n")
        for row in body:
            out.write("| " + " | ".join(map(_md_cell, row)) + " |\n")
        out.write("\n")

    out.write("# Intercoder reliability report\n\n")
    for k, v in _facts(report):
        out.write(f"- **{k}:** `{v}`\n" if k == "Re-run with" else f"- **{k}:** {_md_cell(v)}\n")
    out.write("\n")
    for w in report.run.warnings:
        out.write(f"> **Warning:** {_md_cell(w)}\n\n")
    out.write("## Methods paragraph (ready to paste)\n\n" + report.paragraph + "\n\n")
    out.write("## Agreement per code\n\n")
    table(*_table(report))
    out.write("## Code confusion (characters)\n\nRows: the code one coder marked; columns: what another coder "
              "marked there instead (counted from both coders' side).\n\n")
    table(*_confusion_rows(report))
    out.write("## Largest disagreements\n\n")
    table(["where", "code", "marked by", "not by", "text"], [list(r) for r in report.largest])
    out.write("## Method\n\n" + report.run.method() + "\n")


_CSS = ("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222;line-height:1.45}"
        "table{border-collapse:collapse;margin:1em 0;font-size:.92em}td,th{border:1px solid #ccc;padding:3px 7px;"
        "text-align:right;vertical-align:top}td:first-child,th:first-child{text-align:left}"
        ".text td:last-child{text-align:left;white-space:pre-wrap}.para{background:#f5f5f0;padding:1em;border:1px "
        "solid #ddd}.warn{color:#8a5a00}code{font-size:.9em}dt{font-weight:bold}dd{margin:0 0 .4em 1.5em}")


def write_html(report: Report, out: TextIO) -> None:
    e = html.escape

    def table(header: list[str], body: list[list[str]], cls: str = "") -> None:
        out.write(f"<table class='{cls}'><tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr>\n")
        for row in body:
            out.write("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>\n")
        out.write("</table>\n")

    out.write("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
              f"<title>Intercoder reliability: {e(report.project_name)}</title><style>{_CSS}</style></head><body>\n")
    out.write("<h1>Intercoder reliability report</h1>\n<dl>")
    for k, v in _facts(report):
        out.write(f"<dt>{e(k)}</dt><dd>" + (f"<code>{e(v)}</code>" if k == "Re-run with" else e(v)) + "</dd>")
    out.write("</dl>\n")
    for w in report.run.warnings:
        out.write(f"<p class='warn'>Warning: {e(w)}</p>\n")
    out.write(f"<h2>Methods paragraph (ready to paste)</h2>\n<p class='para'>{e(report.paragraph)}</p>\n")
    out.write("<h2>Agreement per code</h2>\n")
    table(*_table(report))
    out.write("<h2>Code confusion (characters)</h2>\n<p>Rows: the code one coder marked; columns: what another "
              "coder marked there instead (counted from both coders' side).</p>\n")
    table(*_confusion_rows(report))
    out.write("<h2>Largest disagreements</h2>\n")
    table(["where", "code", "marked by", "not by", "text"], [list(r) for r in report.largest], "text")
    out.write(f"<h2>Method</h2>\n<p>{e(report.run.method())}</p>\n</body></html>\n")


def write_report(report: Report, path: Path) -> None:
    """Write *report* to *path* as HTML (.html/.htm) or Markdown (.md), atomically."""
    from annotator.io.atomic import replaced_atomically

    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".md"):
        raise ExportProblem(f"{path}: write the report as .html or .md")
    with replaced_atomically(path) as out:
        (write_markdown if suffix == ".md" else write_html)(report, out)
