"""The ``annotator`` command. With no subcommand it opens the window; subcommands run headless.

No Qt is imported at module level: the window is loaded only when it is opened.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click

from annotator import __version__

PROJECT = click.Path(dir_okay=False, path_type=Path)
#: Exit status of ``import`` when some files or records were refused (the rest went in); 1 is
#: a command that failed as a whole, 2 a usage error (click's).
EXIT_REFUSED = 3
RAW_CSV_HELP = ("CSV: write every cell exactly as stored, for R or Python. By default a text cell starting "
                "with = + - @, a tab or a carriage return gets a ' in front, so a spreadsheet shows it as "
                "text instead of running it as a formula.")
# how REFI-QDA offsets may be read: "auto", tool presets, every reading (no Qt, no store)
REFI_OFFSET_CHOICES = [
    "auto", "standard", "maxqda", "qualcoder", "atlas", "nvivo", "raw", "normalized",
    *(f"{u}-crlf{n}{b}" for b in ("", "-bom") for u in ("cp", "utf16") for n in (2, 1))]
EXISTING_PROJECT = click.Path(exists=True, dir_okay=False, path_type=Path)


_OUR_ERRORS = (("annotator.store.errors", "ProjectError"), ("annotator.core.codebook", "CodebookError"),
               ("annotator.io.errors", "ImportProblem"), ("annotator.io.errors", "ExportProblem"),
               ("annotator.io.refi.common", "RefiError"))


def _our_errors() -> tuple[type[Exception], ...]:
    """Our error classes among the modules loaded: one that is not loaded raised nothing, and a
    command does not pay for importing (say) the REFI-QDA reader to catch its error."""
    return tuple(getattr(sys.modules[m], n) for m, n in _OUR_ERRORS if m in sys.modules)


def friendly(fn):
    """Turn our own errors (bad input, bad project file) into a one-line message, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BrokenPipeError:
            quiet_broken_pipe()
        except _our_errors() as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")) from None
        except sqlite3.Error as exc:  # a damaged page met half-way, a disk that filled up, a lock...
            from annotator.store.errors import failure_cause

            where = kwargs.get("project")
            raise click.ClickException(f"{where}: {failure_cause(exc)}" if where else failure_cause(exc)) from None

    return wrapper


def quiet_broken_pipe() -> NoReturn:
    """The reader of our output went away (``annotator search ... | head``): stop without a
    word and exit 0, as the reader asked for no more. Standard output is pointed at the null
    device first, so the interpreter's last flush cannot complain either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test runner's buffer)
        pass
    sys.exit(0)


def is_stdout(path: Path | None) -> bool:
    """``-o -`` means standard output, for every command that writes a file."""
    return path is not None and str(path) == "-"


@contextmanager
def file_or_stdout(path: Path, suffix: str = "") -> Iterator[Path]:
    """The file to write: *path* itself, or for ``-`` a temporary file (named with *suffix*, so
    writers that go by the name pick the format) whose bytes are copied to standard output."""
    if not is_stdout(path):
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="annotator-") as tmp:
        temporary = Path(tmp) / f"stdout{suffix}"
        yield temporary
        sys.stdout.flush()
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:
            sys.stdout.write(temporary.read_bytes().decode("utf-8", "replace"))
        else:
            stream.write(temporary.read_bytes())
            stream.flush()


def find_coder(proj, name: str, *, create: bool):
    """The coder called *name*; a new one only when the user said so (--new-coder), so a typo
    never creates a coder silently. The error lists the coders there are."""
    found = proj.coder_by_name(name.strip())
    if found is not None:
        return found
    if create:
        return proj.ensure_coder(name.strip())
    names = ", ".join(sorted(c.name for c in proj.coders())) or "none yet"
    raise click.ClickException(f"{proj.path.name} has no coder {name.strip()!r} (coders: {names}); "
                               f"check the spelling, or add --new-coder to create it")


def open_project(path: Path, *, create: bool = False, write: bool | None = None):
    """The project for a command. Read commands (neither *create* nor *write*) open it
    read-only: their run never changes a byte of the file, and a project on a read-only
    disk works. Writing commands wait for another writer's lock (saying so after a
    second) and refuse a damaged file before writing to it."""
    from annotator.store import Project
    from annotator.store.opening import check_integrity

    if not (create or write):
        return Project(path, read_only=True, read_only_reason="a command that only reads")
    proj = Project(path, create=create)
    proj.on_lock_wait = _lock_notice(path)
    try:
        check_integrity(proj.db, path)
    except BaseException:
        proj.close()
        raise
    return proj


def _lock_notice(path: Path):
    told = False

    def notice(waited: float) -> None:
        nonlocal told
        if waited >= 1.0 and not told:
            told = True
            click.echo(f"Waiting for {path.name}: another program is writing to it…", err=True)

    return notice


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--project", "project_path", type=PROJECT, default=None,
              help="Project file to open in the window (default: the default project in your data folder).")
@click.option("--create", is_flag=True,
              help="With --project: create the project, with the default codebook, if it does not exist.")
@click.version_option(__version__, prog_name="annotator")
@click.pass_context
def cli(ctx: click.Context, project_path: Path | None, create: bool) -> None:
    """Code news articles by hand: highlight spans, tag them with a codebook, export, compare coders.

    With no command, opens the window. Every edit is saved at once.
    """
    if ctx.invoked_subcommand is None:
        from annotator.ui.app import run

        sys.exit(run(project_path, create=create))


@cli.command("import")
@click.argument("project", type=PROJECT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--text-column", help="CSV: the column holding the article text (default: found by header).")
@click.option("--as", "as_", type=click.Choice(["articles", "spans", "single"]),
              help="Read .jsonl files as articles or as spans (default: spans when records carry start/end/code); "
                   "'single': a LexisNexis or Factiva export stays one article instead of being split.")
@click.option("--skip-bad", is_flag=True,
              help="Keep the good records of a file with bad ones (default: such a file is refused whole, "
                   "every bad line listed).")
@click.option("--refi-offsets", default="auto", show_default=True, metavar="READING",
              type=click.Choice(REFI_OFFSET_CHOICES, case_sensitive=False),
              help="How a .qdpx counts selection offsets: auto decides per source from the selections' names, else"
                   " from how many start and end at word boundaries; standard (code points, a CRLF as 2; MAXQDA),"
                   " qualcoder and atlas (a CRLF as 1), nvivo (UTF-16 units), raw (BOM counted), or"
                   " cp|utf16-crlf1|crlf2[-bom].")
@click.option("--encoding", metavar="NAME",
              help="Read text files (.txt .md .html .csv .json .jsonl) with this encoding instead of detecting it,"
                   " e.g. cp1252, latin-1, utf-8 (a byte-order mark still wins).")
@friendly
def import_cmd(project: Path, paths: tuple[Path, ...], text_column: str | None, as_: str | None,
               skip_bad: bool, refi_offsets: str, encoding: str | None) -> None:
    """Import articles (.txt .md .html .json .jsonl .csv .docx .odt .rtf .pdf, folders recursively),
    spans (.jsonl), or REFI-QDA projects (.qdpx from MAXQDA, ATLAS.ti, NVivo, QualCoder ...).
    LexisNexis and Factiva exports are split into one document per article.

    PROJECT is created, with the default codebook, if it does not exist. A file with a bad
    record imports nothing unless --skip-bad; spans already in the project are skipped.
    Exit status: 0 when everything went in, 3 when some files or records were refused
    (a damaged .qdpx, or one imported in part, counts as refused).

    \b
    Example:  annotator import study.annotator articles/ extra.csv --text-column body
              annotator import study.annotator from-maxqda.qdpx
    """
    from annotator.defaults import install_default_codebook
    from annotator.io.importer import import_paths
    from annotator.io.refi import import_qdpx
    from annotator.io.refi.common import RefiError

    if encoding:
        from annotator.io.reading import check_encoding

        try:
            check_encoding(encoding)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--encoding") from None
    is_new = not project.exists()
    qdpx = [p for p in paths if p.suffix.lower() == ".qdpx"]
    paths = tuple(p for p in paths if p.suffix.lower() != ".qdpx")
    archives_refused = archives_partial = 0
    with open_project(project, create=True) as proj:
        if is_new and not qdpx:
            install_default_codebook(proj)
        for archive in qdpx:
            try:
                refi = import_qdpx(proj, archive, offsets=refi_offsets.lower())
            except (RefiError, OSError) as exc:  # like an unreadable article file: refused, the rest goes on
                click.echo(f"Error: {_qdpx_failure(archive, exc)}", err=True)
                archives_refused += 1
                continue
            click.echo(refi.summary())
            archives_partial += refi.refused() > 0
        report = None
        if paths:
            with click.progressbar(length=1, label="Importing", file=sys.stderr,
                                   show_pos=True, item_show_func=lambda p: p and Path(p).name) as bar:

                def progress(done: int, total: int, current: object) -> None:
                    bar.length = max(total, 1)
                    bar.update(done - bar.pos, str(current))

                report = import_paths(proj, list(paths), progress=progress, text_column=text_column, as_=as_,
                                      analyse=False, skip_bad=skip_bad, encoding=encoding)
        _analyse_pending(proj)
        if report is not None:
            report.note_near_duplicates(proj)
    if archives_refused or archives_partial:
        click.echo(_qdpx_verdict(len(qdpx), archives_refused, archives_partial), err=True)
    if report is not None:
        click.echo(report.summary())
    if archives_refused or archives_partial or (report is not None and not report.ok):
        sys.exit(EXIT_REFUSED)


def _qdpx_failure(archive: Path, exc: Exception) -> str:
    """One line naming the .qdpx and why it was not imported (the project is unchanged by it)."""
    if isinstance(exc, OSError):
        return f"{archive}: not imported, cannot read it: {exc.strerror or exc}"
    message = str(exc)
    return message if str(archive) in message else f"{archive}: {message}"


def _qdpx_verdict(total: int, refused: int, partial: int) -> str:
    parts = []
    if refused:
        parts.append(f"{refused} of {total} .qdpx file{'s' * (total != 1)} refused")
    if partial:
        parts.append(f"{partial} .qdpx file{'s' * (partial != 1)} imported in part (see 'not imported' above)")
    return "Not everything was imported: " + ", ".join(parts) + "."


def _analyse_pending(proj) -> None:
    """Page clutter and shared passages for the articles that have not been through
    them yet, with a progress bar; a failure is a warning (the import stands)."""
    from annotator.store.analysis import analyse_or_explain, analysis_pending

    if not analysis_pending(proj):
        return
    with click.progressbar(length=1, label="Finding clutter and shared passages", file=sys.stderr,
                           show_pos=True) as bar:

        def progress(done: int, total: int, label: str) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        problem = analyse_or_explain(proj, progress=progress)
    if problem:
        click.echo(f"Warning: {problem.replace('PROJECT', str(proj.path))}", err=True)


@cli.command("export")
@click.argument("project", type=EXISTING_PROJECT)
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "matrix", "qdpx"]), required=True,
              help="csv or jsonl: one row per span; matrix: one row per document and coder, one column per "
                   "code (for SPSS, Stata, R); qdpx: the whole project for other QDA tools (REFI-QDA).")
@click.option("--value", type=click.Choice(["count", "presence", "coverage"]), default="count", show_default=True,
              help="matrix: number of spans, 0/1, or share of the document's characters under the code.")
@click.option("--pooled", is_flag=True, help="matrix: one row per document, all selected coders' spans together.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default, or -: standard output).")
@click.option("--coder", multiple=True, help="Only this coder's spans (repeatable).")
@click.option("--code", multiple=True, help="Only this code, with its child codes (full path; repeatable).")
@click.option("--document", multiple=True, help="Only this document: id, file name or title (repeatable).")
@click.option("--bom", is_flag=True, help="CSV: start with a UTF-8 byte order mark (for Excel).")
@click.option("--include-noise", is_flag=True,
              help="matrix coverage: count noise (page clutter: ads, links, bylines...) as article text; "
                   "by default it is left out of both the characters under a code and the document's length.")
@click.option("--raw-csv", is_flag=True, help=RAW_CSV_HELP)
@friendly
def export_cmd(project: Path, fmt: str, value: str, pooled: bool, output: Path | None, coder: tuple[str, ...],
               code: tuple[str, ...], document: tuple[str, ...], bom: bool, include_noise: bool,
               raw_csv: bool) -> None:
    """Export coded spans, one row per span, for R, Python, SPSS or a spreadsheet.

    CSV is safe to open in a spreadsheet: a text cell starting with = + - @, a tab or a
    carriage return gets a ' in front. --raw-csv (or --format jsonl) keeps the exact text.

    \b
    Example:  annotator export study.annotator --format csv -o spans.csv --coder ana
              annotator export study.annotator --format matrix --value coverage -o matrix.csv
              annotator export study.annotator --format qdpx -o study.qdpx
    """
    from annotator.io.export import export_spans

    filters = dict(coders=list(coder) or None, codes=list(code) or None, documents=list(document) or None)
    if include_noise and fmt != "matrix":
        raise click.UsageError("--include-noise applies to --format matrix (its coverage) only")
    if raw_csv and fmt not in ("csv", "matrix"):
        raise click.UsageError("--raw-csv applies to --format csv and matrix (JSONL is always exact)")
    if fmt == "qdpx":
        if output is None or any(filters.values()) or bom:
            raise click.UsageError("--format qdpx writes the whole project: give -o FILE.qdpx (or - for "
                                   "standard output) and no filters")
        from annotator.io.refi import export_qdpx

        with open_project(project) as proj, file_or_stdout(output, ".qdpx") as target:
            export_qdpx(proj, target, name=project.stem if is_stdout(output) else None)
        click.echo(f"wrote {'the archive to standard output' if is_stdout(output) else output}", err=True)
        return
    if fmt == "matrix":
        if document:
            raise click.UsageError("--format matrix has a row for every document; --document does not apply")
        from annotator.io.matrix import write_matrix

        def write(proj, out):  # noqa: ANN001
            return write_matrix(proj, out, value=value, per_coder=not pooled, coders=filters["coders"],
                                codes=filters["codes"], bom=bom, include_noise=include_noise, raw=raw_csv)
    else:
        def write(proj, out):  # noqa: ANN001
            return export_spans(proj, fmt, out, bom=bom, raw=raw_csv, **filters)
    with open_project(project) as proj:
        if output is None or is_stdout(output):
            n = write(proj, sys.stdout)
        else:
            from annotator.io.atomic import replaced_atomically

            with replaced_atomically(output) as out:  # no half-written export under the real name
                n = write(proj, out)
    click.echo(f"exported {n} {'rows' if fmt == 'matrix' else 'spans'}", err=True)


@cli.command("stats")
@click.argument("project", type=EXISTING_PROJECT)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--plot", type=click.Choice(["frequencies", "coders", "positions", "cooccurrence", "reuse"]),
              help="Draw this plot instead (offscreen, no window needed); give -o FILE.png or .svg "
                   "(or - for PNG on standard output).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Image file for --plot (-: standard output, PNG).")
@click.option("--size", default="1200x700", show_default=True, help="Plot size in pixels, WIDTHxHEIGHT.")
@click.option("--include-noise", is_flag=True,
              help="Count noise (page clutter: ads, links, bylines...) as text: in the characters column, in "
                   "the coverage of plots and in code positions. By default the parts of spans on noise, and "
                   "noise in the articles' length, are left out.")
@click.option("--raw-csv", is_flag=True, help=RAW_CSV_HELP)
@friendly
def stats_cmd(project: Path, fmt: str, plot: str | None, output: Path | None, size: str,
              include_noise: bool, raw_csv: bool) -> None:
    """Spans per code, per coder, per document; or one of the statistics view's plots as an image.

    \b
    Example:  annotator stats study.annotator --format csv > counts.csv
              annotator stats study.annotator --plot frequencies -o frequencies.png
    """
    from annotator.core.spreadsheet import SpreadsheetWriter
    from annotator.store.statistics import span_counts

    if plot:
        if output is None:
            raise click.UsageError(f"--plot needs a file to draw into: -o {plot}.png (or .svg; "
                                   "- writes PNG to standard output)")
        width, sep, height = size.lower().partition("x")
        if not (sep and width.isdigit() and height.isdigit() and int(width) > 0 and int(height) > 0):
            raise click.BadParameter(f"{size!r}: write WIDTHxHEIGHT in pixels, e.g. 1200x700", param_hint="--size")
        from annotator.ui.statistics.render import render_plot

        with open_project(project) as proj, file_or_stdout(output, ".png") as target:
            render_plot(proj, plot, target, int(width), int(height), include_noise=include_noise)
        click.echo(f"wrote {'PNG to standard output' if is_stdout(output) else output}", err=True)
        return
    from annotator.store.exclusion import excluded_ids

    with open_project(project) as proj:
        rows = span_counts(proj, include_noise=include_noise)
        n_docs = proj.document_count() - len(excluded_ids(proj))  # extra copies excluded count nowhere
    header = ["document_id", "document", "coder", "code", "spans", "characters"]
    values = [[r.document_id, r.document_title, r.coder, r.code, r.spans, r.characters] for r in rows]
    if fmt == "json":
        click.echo(json.dumps([dict(zip(header, v)) for v in values], ensure_ascii=False, indent=1))
    elif fmt == "csv":
        writer = SpreadsheetWriter(sys.stdout, raw=raw_csv, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(values)
    else:
        if not rows:
            click.echo(f"No spans yet ({n_docs} documents).")
            return
        shown = [[str(v[0]), _clip(v[1], 40), v[2], v[3], str(v[4]), str(v[5])] for v in values]
        widths = [max(len(h), *(len(s[i]) for s in shown)) for i, h in enumerate(header)]
        click.echo("  ".join(h.ljust(w) for h, w in zip(header, widths)))
        for s in shown:
            click.echo("  ".join(c.rjust(w) if c.isdigit() else c.ljust(w) for c, w in zip(s, widths)))
        totals: dict[tuple[str, str], int] = {}
        for r in rows:
            totals[(r.coder, r.code)] = totals.get((r.coder, r.code), 0) + r.spans
        click.echo(f"\nTotal: {sum(r.spans for r in rows)} spans in {len({r.document_id for r in rows})} of {n_docs} documents")
        for (coder, code), n in sorted(totals.items()):
            click.echo(f"  {coder:<16} {code:<30} {n:>7}")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@cli.command("status")
@click.argument("project", type=EXISTING_PROJECT)
@click.argument("document")
@click.argument("status", type=click.Choice(["done", "in-progress", "not-started"]))
@click.option("--coder", required=True, help="The coder whose status changes.")
@click.option("--new-coder", is_flag=True, help="Create the coder if the project has none of that name.")
@friendly
def status_cmd(project: Path, document: str, status: str, coder: str, new_coder: bool) -> None:
    """Mark a document done, in progress or not started for one coder.

    DOCUMENT is an id, sha256, file name or title.

    \b
    Example:  annotator status study.annotator 3 done --coder ana
    """
    with open_project(project, write=True) as proj:
        doc = proj.find_document(document)
        who = find_coder(proj, coder, create=new_coder)
        previous = proj.set_status(doc.id, who.id, status)
    click.echo(f"{doc.title} [{doc.id}] for {who.name}: {previous.value} -> {status}")


_MEASURES = [("krippendorff_alpha", "alpha"), ("cohen_kappa", "Cohen k"), ("fleiss_kappa", "Fleiss k"),
             ("unitizing_alpha", "u-alpha"), ("f1_exact", "F1 exact"), ("f1_overlap", "F1 overlap"),
             ("percent_agreement", "% agree")]


@cli.command("agreement")
@click.argument("project", type=EXISTING_PROJECT)
@click.option("--coders", help="Comma-separated coder names (default: every coder with spans).")
@click.option("--codes", help="Comma-separated code paths (default: every code the coders used).")
@click.option("--unit", type=click.Choice(["char", "token"]), default="char", show_default=True,
              help="Unit of the binary measures: characters or words.")
@click.option("--documents", "docs", type=click.Choice(["done", "any"]), default="done", show_default=True,
              help="done: documents every compared coder marked done; any: documents where each has a span "
                   "(warns with the number dropped: leaving out empty documents inflates agreement).")
@click.option("--set", "set_name", metavar="NAME",
              help="Only the documents of this document set (default: the newest reliability sample, if any).")
@click.option("--all-documents", is_flag=True, help="Use every document, even when a reliability set exists.")
@click.option("--resamples", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Document-level bootstrap resamples for the 95%% intervals (0: no intervals).")
@click.option("--seed", type=click.IntRange(min=0), help="Bootstrap seed (default: a fixed seed, printed with "
              "the intervals, so every run gives the same figures).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--include-noise", is_flag=True,
              help="Count noise (page clutter: ads, links, bylines...) as text. By default noise is cut out of "
                   "every document before units are formed, so it is in no denominator.")
@click.option("--raw-csv", is_flag=True, help=RAW_CSV_HELP)
@friendly
def agreement_cmd(project: Path, coders: str | None, codes: str | None, unit: str, docs: str,
                  set_name: str | None, all_documents: bool, resamples: int, seed: int | None, fmt: str,
                  include_noise: bool, raw_csv: bool) -> None:
    """Inter-coder agreement per code, overall (pooled) and the mean over codes, with 95% intervals
    from a document-level bootstrap and the units and documents behind each figure.

    Undefined figures (e.g. no variation) are reported as undefined with the reason.
    When the project has a reliability sample (annotator sample), only its documents count.

    \b
    Example:  annotator agreement study.annotator --coders ana,ben --format json
              annotator agreement study.annotator --set reliability-1 --resamples 5000 --seed 7
    """
    from annotator.store.reliability import ALL, run_reliability

    if set_name and all_documents:
        raise click.UsageError("give --set NAME or --all-documents, not both")
    with open_project(project) as proj:
        run = run_reliability(proj, _split(coders), _split(codes), unit=unit, documents=docs,
                              include_noise=include_noise, set_name=ALL if all_documents else set_name,
                              resamples=resamples, seed=seed)
    if fmt != "json":  # JSON carries them under "warnings"
        for warning in run.warnings:
            click.echo(f"Warning: {warning}", err=True)
    _print_agreement(run, fmt, raw_csv)


def _split(value: str | None) -> list[str] | None:
    return [x.strip() for x in value.split(",") if x.strip()] if value else None


def _agreement_rows(run) -> list[tuple[str, dict]]:
    data = run.result.as_dict()
    rows = list(data["codes"].items()) + [("overall", data["overall"])]
    if len(data["codes"]) > 1:
        rows.append(("mean over codes", {**run.mean_over_codes, "units": "", "documents": ""}))
    return rows


def _print_agreement(run, fmt: str, raw_csv: bool = False) -> None:
    from annotator.core.spreadsheet import SpreadsheetWriter

    data = run.result.as_dict()
    method = run.method()
    intervals = run.intervals.as_dict() if run.intervals is not None else None
    if fmt == "json":
        click.echo(json.dumps({**data, "mean_over_codes": run.mean_over_codes,
                               "document_set": run.document_set.name if run.document_set else None,
                               "documents_dropped": run.dropped, "warnings": run.warnings,
                               "intervals": intervals, "method": method}, ensure_ascii=False, indent=1))
        return
    names = [m for m, _ in _MEASURES if m in data["overall"]]
    rows = _agreement_rows(run)
    if fmt == "csv":
        click.echo(method, err=True)  # method, resamples and seed: beside the table, not in it
        writer = SpreadsheetWriter(sys.stdout, raw=raw_csv, lineterminator="\n")
        extra = _interval_columns(run)
        writer.writerow(["code", *names, "units", "documents", *extra])
        for code, f in rows:
            writer.writerow([code, *("" if f.get(m) is None else f"{f[m]:.6f}" for m in names), f["units"],
                             f["documents"], *_interval_cells(run, code, extra)])
        return
    where = f"   set: {run.document_set.name}" if run.document_set else ""
    click.echo(f"Coders: {', '.join(data['coders'])}   unit: {run.unit}   documents: {data['documents']}"
               f"{where}   noise: {'included' if run.include_noise else 'excluded'}")
    if data["documents"] == 0:
        click.echo("No document qualifies" + (" (none is marked done by every compared coder; "
                                              "try --documents any)" if run.documents == "done" else "."))
        return
    labels = dict(_MEASURES)
    width = max(len("overall"), *(len(c) for c, _ in rows))
    click.echo(" ".join(["code".ljust(width), *(labels[m].rjust(10) for m in names), "units".rjust(10)]))
    notes: list[str] = []
    for code, f in rows:
        cells = []
        for m in names:
            if f.get(m) is None:
                cells.append(("undefined" if m in f or code != "mean over codes" else "").rjust(10))
                if code != "mean over codes":
                    notes.append(f"{code}, {labels[m]}: {f.get('notes', {}).get(m, 'undefined')}")
            else:
                cells.append(f"{f[m]:10.3f}")
        click.echo(" ".join([code.ljust(width), *cells, f"{f['units']:>10}"]))
    for note in notes:
        click.echo(f"  note: {note}")
    if run.intervals is not None:
        click.echo("")
        for line in interval_table(run):
            click.echo(line)
    click.echo("\n" + click.wrap_text(method, width=100))


_INTERVAL_MEASURES = (("krippendorff_alpha", "alpha"), ("cohen_kappa", "Cohen k"), ("fleiss_kappa", "Fleiss k"),
                      ("unitizing_alpha", "u-alpha"))


def _interval_sources(run) -> list[tuple[str, dict]]:
    b = run.intervals
    rows = [(str(c), ms) for c, ms in b.codes.items()] + [("overall", b.overall)]
    if len(b.codes) > 1:
        rows.append(("mean over codes", b.mean_over_codes))
    return rows


def _interval_columns(run) -> list[str]:
    if run.intervals is None:
        return []
    cols = []
    for m, _ in _INTERVAL_MEASURES:
        if m in run.intervals.overall:
            cols += [f"{m}_ci_low", f"{m}_ci_high", f"{m}_jackknife_se"]
            if m.endswith("alpha"):
                cols += [f"{m}_q_below_0.667", f"{m}_q_below_0.800"]
    return cols


def _interval_cells(run, code: str, columns: list[str]) -> list[str]:
    if not columns:
        return []
    source = dict(_interval_sources(run)).get(code, {})
    cells = []
    for col in columns:
        measure = next(m for m, _ in _INTERVAL_MEASURES if col.startswith(m + "_"))
        key = col[len(measure) + 1:].replace("q_below_", "q_below_")
        value = source[measure].as_dict().get(key) if measure in source else None
        cells.append("" if value is None else f"{value:.6f}")
    return cells


def interval_table(run) -> list[str]:
    """The intervals as text lines: one per code and measure."""
    b = run.intervals
    lines = [f"{b.level:.0%} intervals: document-level bootstrap, {b.resamples:,} resamples, seed {b.seed}; "
             f"jackknife SE over {b.documents:,} documents"]
    rows = _interval_sources(run)
    width = max(len("code"), *(len(c) for c, _ in rows))
    lines.append(f"{'code'.ljust(width)} {'measure':<9} {'estimate':>9} {'95% CI':>17} {'q<.667':>7} "
                 f"{'q<.800':>7} {'jack SE':>8}")
    for code, ms in rows:
        for m, label in _INTERVAL_MEASURES:
            if m not in ms:
                continue
            i = ms[m]
            est = "undefined" if i.estimate is None else f"{i.estimate:.3f}"
            ci = "" if i.low is None else f"[{i.low:.3f}, {i.high:.3f}]"
            q = [f"{i.q[x]:.3f}" if x in i.q else "" for x in (0.667, 0.8)]
            se = "" if i.jackknife_se is None else f"{i.jackknife_se:.3f}"
            lines.append(f"{code.ljust(width)} {label:<9} {est:>9} {ci:>17} {q[0]:>7} {q[1]:>7} {se:>8}"
                         + (f"  ({i.undefined} resamples undefined)" if i.undefined else ""))
            code = ""
    return lines


@cli.command("sample")
@click.argument("project", type=EXISTING_PROJECT)
@click.option("--size", required=True, help="How many documents: a number (50) or a share of all (10%).")
@click.option("--stratify", metavar="outlet|month|FIELD",
              help="Draw from each outlet, month (YYYY-MM) or metadata field's value in proportion to its size.")
@click.option("--seed", type=click.IntRange(min=0), help="Random seed (default: drawn at random); stored with the set.")
@click.option("--name", required=True, help="Name of the new document set, e.g. reliability-1.")
@click.option("--purpose", default="reliability", show_default=True,
              help="reliability (agreement and report use the newest such set), training, or any word.")
@friendly
def sample_cmd(project: Path, size: str, stratify: str | None, seed: int | None, name: str, purpose: str) -> None:
    """Draw a reproducible random sample of documents and store it as a named document set.

    The seed and how the sample was drawn are stored with the set, so a reviewer can draw it again.

    \b
    Example:  annotator sample study.annotator --size 50 --stratify outlet --seed 7 --name reliability-1
              annotator sample study.annotator --size 10% --name training --purpose training
    """
    from annotator.core.sampling import SamplingError, parse_size
    from annotator.store.sets import sample_set

    try:
        how_many = parse_size(size)
    except SamplingError as exc:
        raise click.BadParameter(str(exc), param_hint="--size") from None
    with open_project(project, write=True) as proj:
        drawn = sample_set(proj, name, how_many, stratify=stratify, seed=seed, purpose=purpose)
    click.echo(drawn.describe())
    click.echo(f"Draw it again with: annotator sample PROJECT --size {size}"
               + (f" --stratify {stratify}" if stratify else "") + f" --seed {drawn.seed} --name NEW-NAME")


@cli.command("assign")
@click.argument("project", type=EXISTING_PROJECT)
@click.option("--set", "set_name", required=True, help="The document set to give out.")
@click.option("--coders", required=True, help="Comma-separated coder names.")
@click.option("--new-coder", is_flag=True, help="Create the coders the project does not have yet.")
@click.option("--split", is_flag=True,
              help="Split the set between the coders, no overlap, balanced by length "
                   "(replaces the set's earlier assignments). Default: every coder gets the whole set.")
@friendly
def assign_cmd(project: Path, set_name: str, coders: str, new_coder: bool, split: bool) -> None:
    """Give a document set to coders: all of it to each (a reliability sample, coded blind), or --split.

    Each coder then sees the documents in an "assigned to me" queue in the window, and
    `annotator package --coder NAME` writes a project holding only their documents.

    \b
    Example:  annotator assign study.annotator --set reliability-1 --coders ana,ben,cem --new-coder
              annotator assign study.annotator --set rest --coders ana,ben --split
    """
    from annotator.store.sets import assign

    with open_project(project, write=True) as proj:
        if not new_coder:
            for name in _split(coders) or []:
                find_coder(proj, name, create=False)
        shares = assign(proj, set_name, _split(coders) or [], split=split)
        lengths = {d.id: d.char_count for d in proj.documents()}
    for coder, docs in shares.items():
        click.echo(f"{coder}: {len(docs)} documents, {sum(lengths[d] for d in docs):,} characters")


@cli.command("sets")
@click.argument("project", type=EXISTING_PROJECT)
@click.option("--show", metavar="NAME", help="List this set's documents and who is assigned each.")
@friendly
def sets_cmd(project: Path, show: str | None) -> None:
    """List the document sets (samples, shares) with their seeds and assignments.

    \b
    Example:  annotator sets study.annotator
              annotator sets study.annotator --show reliability-1
    """
    from annotator.store.sets import assignments, document_sets, find_set, set_documents

    with open_project(project) as proj:
        if show:
            found = find_set(proj, show)
            docs = {d.id: d for d in proj.documents()}
            who: dict[int, list[str]] = {}
            for coder, ids in assignments(proj, found.id).items():
                for d in ids:
                    who.setdefault(d, []).append(coder)
            click.echo(found.describe())
            for d in set_documents(proj, found.id):
                click.echo(f"{d:>5}  {_clip(docs[d].title, 50):<50}  {_clip(docs[d].source, 20):<20}  "
                           f"{', '.join(who.get(d, [])) or '(unassigned)'}")
            return
        sets = document_sets(proj)
        if not sets:
            click.echo("No document sets yet (annotator sample PROJECT --size 50 --name reliability-1).")
        for found in sets:
            given = assignments(proj, found.id)
            click.echo(found.describe() + (f"; assigned: {', '.join(f'{c} ({len(d)})' for c, d in given.items())}"
                                           if given else "; not assigned"))


@cli.command("report")
@click.argument("project", type=EXISTING_PROJECT)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="reliability.html or reliability.md")
@click.option("--set", "set_name", metavar="NAME",
              help="The document set (default: the newest reliability sample, if any, else every document).")
@click.option("--all-documents", is_flag=True, help="Use every document, even when a reliability set exists.")
@click.option("--coders", help="Comma-separated coder names (default: every coder with spans).")
@click.option("--codes", help="Comma-separated code paths (default: every code the coders used).")
@click.option("--unit", type=click.Choice(["char", "token"]), default="char", show_default=True)
@click.option("--documents", "docs", type=click.Choice(["done", "any"]), default="done", show_default=True)
@click.option("--include-noise", is_flag=True, help="Count noise (page clutter) as text.")
@click.option("--resamples", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Document-level bootstrap resamples (0: no intervals).")
@click.option("--seed", type=click.IntRange(min=0), help="Bootstrap seed (default: a fixed seed, printed in the report).")
@friendly
def report_cmd(project: Path, output: Path, set_name: str | None, all_documents: bool, coders: str | None,
               codes: str | None, unit: str, docs: str, include_noise: bool, resamples: int,
               seed: int | None) -> None:
    """Write a reliability report: coders, documents and units; per code alpha with its 95% interval
    and q values, kappa, unitizing alpha, F1, percent agreement; a code-confusion table; the largest
    disagreements with their text; the method; a ready-to-paste methods paragraph; and the version,
    project hash, set, seed and command to re-run it.

    \b
    Example:  annotator report study.annotator --set reliability-1 -o reliability.html
              annotator report study.annotator -o reliability.md
    """
    from annotator.io.report import Options, build_report, write_report
    from annotator.store.reliability import ALL

    if set_name and all_documents:
        raise click.UsageError("give --set NAME or --all-documents, not both")
    options = Options(_split(coders), _split(codes), unit, docs, include_noise,
                      ALL if all_documents else set_name, resamples, seed)
    if not is_stdout(output) and output.suffix.lower() not in (".html", ".htm", ".md"):
        raise click.BadParameter("write the report as .html or .md (or - for Markdown on standard output)",
                                 param_hint="-o")
    with open_project(project) as proj:
        report = build_report(proj, output, options)
    with file_or_stdout(output, ".md") as target:
        write_report(report, target)
    for warning in report.run.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if is_stdout(output):  # the paragraph is in the report on standard output
        return
    click.echo(f"wrote {output}", err=True)
    click.echo(report.paragraph)


@cli.command("package")
@click.argument("project", type=EXISTING_PROJECT)
@click.option("--coder", required=True, help="The coder whose assigned documents go into the package.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The package to write, e.g. ana.annotator (replaced if it exists; -: standard output).")
@friendly
def package_cmd(project: Path, coder: str, output: Path) -> None:
    """Write a project file for one coder: only their assigned documents, the codebook, their own
    spans and statuses; no other coder's spans or names (blind by construction).

    The coder opens it with `annotator --project ana.annotator`; `annotator merge` brings the work back.

    \b
    Example:  annotator package study.annotator --coder ana -o ana.annotator
              annotator merge study.annotator ana.annotator
    """
    from annotator.io.package import write_package

    with open_project(project) as proj, file_or_stdout(output, ".annotator") as target:
        report = write_package(proj, coder, target)
        summary = report.summary().replace(f"wrote {target}", "wrote to standard output")
    click.echo(summary, err=is_stdout(output))


@cli.command("merge")
@click.argument("project", type=PROJECT)
@click.argument("others", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--rename", multiple=True, metavar="OLD=NEW",
              help="Bring a coder of the other files in under another name (resolves a name clash; repeatable).")
@friendly
def merge_cmd(project: Path, others: tuple[Path, ...], rename: tuple[str, ...]) -> None:
    """Bring coders' own project files into PROJECT: their coders, spans and document status.

    Documents are matched by their text (never by name), codes by path (missing ones are
    created and reported), coders stay distinct. Merging the same file twice adds nothing;
    the other files are never changed.

    \b
    Example:  annotator merge team.annotator ana.annotator ben.annotator
    """
    from annotator.io.merge import merge_projects

    renames = {}
    for item in rename:
        old, sep, new = item.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise click.BadParameter(f"{item!r}: write OLD=NEW", param_hint="--rename")
        renames[old.strip()] = new.strip()
    with open_project(project, create=True) as proj:
        report = merge_projects(proj, list(others), rename=renames or None)
        _analyse_pending(proj)
    click.echo(report.summary())
    if not report.ok:
        sys.exit(1)


@cli.command("align")
@click.argument("project", type=EXISTING_PROJECT)
@click.option("--rebuild", is_flag=True, help="Forget every shared passage and align the whole project again.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(min=0), default=30, show_default=True,
              help="table: show at most N pairs and N articles (0: all). json lists everything.")
@friendly
def align_cmd(project: Path, rebuild: bool, fmt: str, limit: int) -> None:
    """Find the passages articles share (wire copy, reused paragraphs), then summarise:
    pairs of articles with their shared passages and characters, and each article's
    share of reused vs own text (noise left out).

    Only articles not aligned yet are compared (against all others), unless --rebuild.

    \b
    Example:  annotator align study.annotator
              annotator align study.annotator --format json > reuse.json
    """
    from annotator.store.alignment import align_documents, shared_pair_count, shared_pairs
    from annotator.store.noise import detect_noise
    from annotator.store.passages import reuse_shares

    with open_project(project, write=True) as proj:
        with click.progressbar(length=1, label="Aligning", file=sys.stderr, show_pos=True,
                               item_show_func=lambda label: label) as bar:

            def progress(done: int, total: int, label: str) -> None:
                bar.length = max(total, 1)
                bar.update(done - bar.pos, label)

            detect_noise(proj)  # clutter first, so it never becomes a shared passage
            report = align_documents(proj, rebuild=rebuild, progress=progress)
        docs = {d.id: d for d in proj.documents()}
        # the table shows the top pairs only: a wire story in 500 outlets is 124,750 pairs
        pairs = shared_pairs(proj, limit=limit or None) if fmt == "table" else shared_pairs(proj)
        pair_total = shared_pair_count(proj) if fmt == "table" else len(pairs)
        shares = reuse_shares(proj)
    click.echo(report.summary(), err=fmt == "json")
    articles = sorted(shares.values(), key=lambda s: (-s.reused_share, s.document_id))

    def name(doc_id: int) -> dict:
        d = docs[doc_id]
        return {"id": d.id, "title": d.title, "outlet": d.source}

    if fmt == "json":
        click.echo(json.dumps({
            "pairs": [{"a": name(p.a_id), "b": name(p.b_id), "passages": p.passages, "a_chars": p.a_chars,
                       "b_chars": p.b_chars, "identical_chars": p.identical_chars} for p in pairs],
            "articles": [{**name(s.document_id), "text_chars": s.text_chars, "reused_chars": s.reused_chars,
                          "own_chars": s.own_chars, "reused_share": round(s.reused_share, 4),
                          "partners": s.partners} for s in articles]}, ensure_ascii=False, indent=1))
        return
    shown = pairs[:limit] if limit else pairs
    listed = articles[:limit] if limit else articles

    def label(doc_id: int) -> str:
        d = docs[doc_id]
        return _clip(f"[{d.id}] " + (f"{d.source}: " if d.source else "") + d.title, 50)

    more = f" (top {len(shown)} shown)" if len(shown) < pair_total else ""
    click.echo(f"\n{pair_total} pairs of articles share passages{more}")
    if shown:
        click.echo(f"{'passages':>8}  {'shared chars':>12}  {'article':<50}  article")
        for p in shown:
            click.echo(f"{p.passages:>8}  {p.identical_chars:>12,}  {label(p.a_id):<50}  {label(p.b_id)}")
    more = f" (top {len(listed)} of {len(articles)})" if len(listed) < len(articles) else ""
    click.echo(f"\nReused vs own text per article, noise left out{more}")
    click.echo(f"{'reused':>7}  {'own chars':>9}  {'reused chars':>12}  {'partners':>8}  article")
    for s in listed:
        click.echo(f"{s.reused_share:>7.0%}  {s.own_chars:>9,}  {s.reused_chars:>12,}  {s.partners:>8}  "
                   f"{label(s.document_id)}")


@cli.command("documents")
@click.argument("project", type=EXISTING_PROJECT)
@friendly
def documents_cmd(project: Path) -> None:
    """List the documents of a project with their ids.

    \b
    Example:  annotator documents study.annotator
    """
    from annotator.store.exclusion import exclusions

    with open_project(project) as proj:
        excluded = exclusions(proj)
        for d in proj.documents():
            state = ""
            if d.id in excluded:
                kept = excluded[d.id].kept_id
                state = f"  excluded (copy of {kept})" if kept else "  excluded"
            click.echo(f"{d.id:>5}  {_clip(d.title, 60):<60}  {_clip(d.source, 24):<24}  {d.published:<10}  "
                       f"{d.char_count:>7} chars{state}")


@cli.command("exclude")
@click.argument("project", type=EXISTING_PROJECT)
@click.argument("documents", nargs=-1)
@click.option("--duplicates", is_flag=True,
              help="Exclude the extra copies of every near-duplicate group (of DOCUMENTS, or of the whole project):"
                   " the longest copy is kept, the first imported among equals.")
@click.option("--undo", is_flag=True, help="Include the DOCUMENTS (or, with --duplicates, their groups) again.")
@friendly
def exclude_cmd(project: Path, documents: tuple[str, ...], duplicates: bool, undo: bool) -> None:
    """Exclude documents from coding and statistics, or include them again (--undo).

    An excluded article keeps its text, spans and statuses; it leaves the statistics, agreement,
    span counts, the matrix export and the coders' queues, and `documents` marks it.
    It is still found by search and exported with its spans. DOCUMENT is an id, sha256, file name or title.

    \b
    Example:  annotator exclude study.annotator --duplicates
              annotator exclude study.annotator 12 13
              annotator exclude study.annotator 12 --undo
    """
    from annotator.store.exclusion import ExcludeDocuments, duplicate_components, exclude_extra_copies

    if not documents and not duplicates:
        raise click.UsageError("name the documents to exclude, or give --duplicates")
    with open_project(project, write=True) as proj:
        ids = [proj.find_document(ref).id for ref in documents]
        if duplicates:
            groups = duplicate_components(proj, ids or None)
            if not groups:
                click.echo("No near-duplicates found" + (" among those documents." if ids else "."))
                return
            ops = ([ExcludeDocuments(sorted({d for g in groups for d in g}), exclude=False)] if undo
                   else exclude_extra_copies(proj, groups))
        else:
            ops = [ExcludeDocuments(ids, exclude=not undo)]
        with proj.transaction():
            for op in ops:
                op.apply(proj)
        for op in ops:
            names = ", ".join(f"{d} ({_clip(proj.document(d).title, 40)})" for d in sorted(set(op.document_ids)))
            kept = f"; kept {op.kept_id}" if op.kept_id else ""
            click.echo(f"{'Included again' if undo else 'Excluded'}: {names}{kept}")


@cli.command("remove")
@click.argument("project", type=EXISTING_PROJECT)
@click.argument("documents", nargs=-1, required=True)
@click.option("--yes", "-y", is_flag=True, help="Remove without asking.")
@friendly
def remove_cmd(project: Path, documents: tuple[str, ...], yes: bool) -> None:
    """Remove documents with their spans (every coder's), noise regions, statuses and shared passages.

    Lists what goes and asks first, unless --yes. Article text never changes after import, so
    removing a mis-imported article and importing it again (e.g. with --encoding) is how an
    import is redone. DOCUMENT is an id, sha256, file name or title.

    \b
    Example:  annotator remove study.annotator 12 13
    """
    from annotator.store.removal import preview_removal, remove_documents

    with open_project(project, write=True) as proj:
        ids = sorted({proj.find_document(ref).id for ref in documents})
        previews = preview_removal(proj, ids)
        click.echo(f"To be removed ({len(previews)} document{'s' * (len(previews) != 1)}):")
        for p in previews:
            click.echo(f"  {p.describe()}")
        if not yes and not click.confirm("Remove them? This cannot be undone here", default=False):
            click.echo("Nothing was removed.")
            return
        remove_documents(proj, ids)
    click.echo(f"Removed {len(ids)} document{'s' * (len(ids) != 1)}.")


@cli.command("search")
@click.argument("project", type=EXISTING_PROJECT)
@click.argument("query")
@click.option("--regex", is_flag=True,
              help="QUERY is a Python regular expression, matched against the raw text (case-sensitive; "
                   "start it with (?i) to ignore case).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=1000, show_default=True, help="List at most N hits.")
@click.option("--context", type=click.IntRange(min=0, max=1000), default=60, show_default=True,
              help="Characters of context either side of a hit.")
@click.option("--include-noise", is_flag=True,
              help="Also list hits in page clutter (noise regions: bylines, captions, share buttons ...), "
                   "which are left out by default.")
@click.option("--raw-csv", is_flag=True, help=RAW_CSV_HELP)
@friendly
def search_cmd(project: Path, query: str, regex: bool, fmt: str, limit: int, context: int,
               include_noise: bool, raw_csv: bool) -> None:
    """Search every article: each hit with its left and right context (a concordance), article and outlet.

    Words match in any case and with or without accents (geneve finds Genève); "quoted words"
    are a phrase, across line breaks; a trailing * is a prefix (terr* finds territory, terrain).
    Every word, phrase or prefix must occur in an article; each occurrence is a hit.
    Hits in page clutter (noise) are left out unless --include-noise.

    \b
    Example:  annotator search study.annotator '"peace deal" ceasefire'
              annotator search study.annotator 'withdr*' --format csv > hits.csv
              annotator search study.annotator '\\d+ (?:soldiers|troops)' --regex
    """
    from annotator.core.search import SearchError, write_csv
    from annotator.store.search import search, with_real_text

    with open_project(project) as proj:
        try:
            result = search(proj, query, regex=regex, limit=limit, context=context, include_noise=include_noise)
        except SearchError as exc:
            raise click.ClickException(str(exc)) from None
        # data holds the real text, line breaks and all; the table keeps the one-line display
        hits = result.hits if fmt == "table" else with_real_text(proj, result.hits, context)
    if fmt == "json":
        click.echo(json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=1))
    elif fmt == "csv":
        write_csv(hits, sys.stdout, raw=raw_csv)
    else:
        _hits_table(result, context)
    if fmt != "table" and result.truncated:
        click.echo(f"{result.summary()} (--limit to list more)", err=True)


def _hits_table(result, context: int) -> None:
    """Left context right-aligned against the hit, like a concordancer."""
    if not result.hits:
        click.echo(f"No hits for {result.query!r}.")
        return
    side = max(12, min(context, 40))
    hit_width = min(30, max(len(h.hit) for h in result.hits))
    title_width = min(36, max(len(h.title) for h in result.hits))
    for h in result.hits:
        left = h.left if len(h.left) <= side else "…" + h.left[-(side - 1):]
        right = _clip(h.right, side)
        click.echo(f"{left:>{side}}  {_clip(h.hit, hit_width):<{hit_width}}  {right:<{side}} │ "
                   f"{_clip(h.title, title_width):<{title_width}} │ {_clip(h.outlet, 20)}")
    note = " (--limit to list more)" if result.truncated else ""
    click.echo(f"\n{result.summary()}{note}")


@cli.group("codebook")
def codebook_group() -> None:
    """Export or import a project's codebook (the same JSON format as resources/default.codebook.json)."""


@codebook_group.command("export")
@click.argument("project", type=EXISTING_PROJECT)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default, or -: standard output).")
@click.option("--format", "fmt", type=click.Choice(["json", "qdc", "md", "html"]), default="json", show_default=True,
              help="json: annotator's codebook file; qdc: REFI-QDA codebook for other QDA tools; "
                   "md or html: a printable coding manual.")
@click.option("--examples", type=click.IntRange(min=0), default=0, show_default=True,
              help="md/html: up to N example spans per code from the project.")
@click.option("--coder", help="md/html: take the examples from this coder only.")
@friendly
def codebook_export(project: Path, output: Path | None, fmt: str, examples: int, coder: str | None) -> None:
    """Write the codebook (codes, definitions, colours, shortcuts, attribute fields), or the coding manual.

    \b
    Example:  annotator codebook export study.annotator -o study.codebook.json
              annotator codebook export study.annotator --format qdc -o study.qdc
              annotator codebook export study.annotator --format html --examples 3 -o manual.html
    """
    from annotator.core.codebook import dump_codebook

    if is_stdout(output) and fmt != "qdc":
        output = None
    if fmt in ("md", "html"):
        import io

        from annotator.io.manual import write_manual

        buffer = io.StringIO()
        with open_project(project) as proj:
            write_manual(proj, buffer, fmt, examples=examples, coder=coder)
        if output is None:
            click.echo(buffer.getvalue(), nl=False)
        else:
            output.write_text(buffer.getvalue(), encoding="utf-8")
            click.echo(f"wrote {output}", err=True)
        return

    if fmt == "qdc":
        if output is None:
            raise click.UsageError("--format qdc needs -o FILE.qdc (or - for standard output)")
        from annotator.io.refi import export_qdc

        with open_project(project) as proj, file_or_stdout(output, ".qdc") as target:
            export_qdc(proj, target)
        click.echo(f"wrote {'the codebook to standard output' if is_stdout(output) else output}", err=True)
        return
    with open_project(project) as proj:
        text = dump_codebook(proj.codebook_specs())
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@codebook_group.command("import")
@click.argument("project", type=PROJECT)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@friendly
def codebook_import(project: Path, file: Path) -> None:
    """Merge a codebook file (.json, or REFI-QDA .qdc) into PROJECT (created if missing): codes are matched by path.

    \b
    Example:  annotator codebook import study.annotator team.codebook.json
    """
    from annotator.core.codebook import CodebookError, parse_codebook

    if file.suffix.lower() == ".qdc":
        from annotator.io.refi import import_qdc

        with open_project(project, create=True) as proj:
            click.echo(import_qdc(proj, file).summary())
        return
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodebookError(f"{file}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    specs = parse_codebook(text, str(file))
    with open_project(project, create=True) as proj:
        added, updated = proj.import_codebook(specs)
    click.echo(f"added {len(added)} codes, updated {len(updated)}" + (": " + ", ".join(added + updated) if added or updated else ""))


def main() -> None:
    cli(prog_name="annotator")


if __name__ == "__main__":
    main()
