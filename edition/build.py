"""Run the stages: manifest → read → passes → render → EPUB / PDF → validate.

Everything is written into a temporary folder inside the output folder and
moved into place only when every output is made and valid, so a failed build
leaves the last good edition untouched.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from edition import manifest as manifest_module, pdf, validate
from edition.changes import Change
from edition.index import marks as index_marks, terms as index_terms
from edition.messages import BadInput, BuildFailed, Message, message
from edition.model import Edition
from edition.passes import run_passes
from edition.read import read_edition
from edition.render import Renderer, timestamp

STYLES = Path(__file__).resolve().parent.parent / "styles"
FORMATS = ("epub", "pdf")
STEPS = ("read", "clean", "index", "render", "epub", "pdf", "validate")


@dataclass
class Prepared:
    """An edition read and cleaned, ready to render."""

    edition: Edition
    changes: dict[str, list[Change]]
    manifest: manifest_module.Manifest
    warnings: list[Message] = field(default_factory=list)


@dataclass
class Result:
    outputs: list[Path] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    warnings: list[Message] = field(default_factory=list)


def prepare(manifest_path: Path, progress: Callable[[str], None] = lambda step: None,
            with_index: bool = True) -> Prepared:
    """Load the manifest, read the texts, run the passes and mark the index entries (raises BadInput)."""
    manifest = manifest_module.load(manifest_path)
    progress("read")
    edition, changes = read_edition(manifest)
    progress("clean")
    run_passes(edition, changes)
    problems = [p for text in edition.texts for p in text.settings.get("note_problems", []) if p.level == "error"]
    if problems:
        raise BadInput(problems)
    warnings = []
    if manifest.index and with_index:
        progress("index")
        edition.index = index_marks.mark(edition, index_terms.load(manifest.index))
        errors = [p for p in edition.index.problems if p.level == "error"]
        if errors:
            raise BadInput(errors)
        warnings += edition.index.problems
    return Prepared(edition, changes, manifest, warnings)


def check(manifest_path: Path) -> Prepared:
    """Everything but the writing: manifest, sources, passes and templates."""
    prepared = prepare(manifest_path)
    renderer = Renderer(STYLES)
    renderer.book_html(prepared.edition)
    renderer.epub_documents(prepared.edition, "images/cover.png")
    renderer.cover_html(prepared.edition)
    return prepared


def lay_out(edition: Edition, renderer: Renderer, folders: list[Path]) -> pdf.Rendered:
    """Lay out the book; where a footnote fell on the page after its call, lay it out once more with the
    paragraph of that call opening a page (WeasyPrint sets a note that does not fit under its call on the
    next page, without its call)."""
    rendered = pdf.render(renderer.book_html(edition), STYLES, folders)
    note_ids = [note.id for text in edition.texts for note in text.notes] if edition.notes == "footnotes" else []
    misplaced = pdf.misplaced_notes(rendered.document, note_ids)
    if misplaced:
        push = frozenset(note_id for note_id, *_ in misplaced)
        rendered = pdf.render(renderer.book_html(edition, push), STYLES, folders)
        rendered.messages += [message("p-004", note=n, note_page=a, call_page=b)
                              for n, a, b in pdf.misplaced_notes(rendered.document, note_ids)]
    return rendered


def side_outputs(edition: Edition, changes: dict, work: Path, with_epub: bool) -> list[Message]:
    """The review report, and the EPUB (cover, package, EPUBCheck): written into ``work``.

    This runs in a second process while the first lays out the PDF.
    """
    from edition import cover, epub

    renderer = Renderer(STYLES)
    check = None
    if with_epub:
        if edition.cover:
            cover_png = Path(edition.cover).read_bytes()
        else:
            cover_png = cover.draw(renderer.cover_html(edition), STYLES)
        documents = renderer.epub_documents(edition, "images/cover.png")
        epub_path = work / f"{edition.name}.epub"
        epub.write(edition, documents, cover_png, STYLES, epub_path, timestamp(edition))
        check = validate.start_epubcheck(epub_path, work / "epubcheck.json")
    (work / "report.html").write_text(renderer.report_html(edition, changes), encoding="utf-8")
    return validate.finish_epubcheck(check) if check else []


def _second_core() -> None:
    """Keep the background work (and the JVM it starts) off the core that lays out the PDF."""
    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if len(cores) >= 2:
        os.sched_setaffinity(0, cores[1:])


def _first_core(job) -> None:
    """While a background job runs on the other cores, lay out the PDF on the first one."""
    if job is not None and job.pool is not None and hasattr(os, "sched_getaffinity"):
        cores = sorted(os.sched_getaffinity(0))
        if len(cores) >= 2:
            job.cores = cores
            os.sched_setaffinity(0, cores[:1])


class Background:
    """``function(*args)`` run in a forked process (or at once, where fork is missing or not wanted)."""

    def __init__(self, function, *args, parallel: bool):
        self.pool = None
        self.cores: list[int] = []
        if parallel and "fork" in multiprocessing.get_all_start_methods():
            self.pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                                               initializer=_second_core)
            self.future = self.pool.submit(function, *args)
        else:
            self.value = function(*args)

    def result(self):
        if self.pool is None:
            return self.value
        try:
            return self.future.result()
        finally:
            self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        if self.cores:
            os.sched_setaffinity(0, self.cores)
            self.cores = []


def build(manifest_path: Path, out_dir: Path, formats: tuple[str, ...] = FORMATS,
          progress: Callable[[str], None] = lambda step: None) -> Result:
    started = time.perf_counter()
    prepared = prepare(manifest_path, progress)
    edition = prepared.edition
    renderer = Renderer(STYLES)
    result = Result()
    folders = [STYLES, prepared.manifest.root]

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".building-", dir=out_dir))
    except OSError as error:
        raise BuildFailed(message("b-001", path=out_dir, problem=error.strerror or str(error)))
    side_job = None
    try:
        errors: list[Message] = []
        progress("render")
        # The report and the EPUB (cover, package, EPUBCheck) are made in a second process while this one
        # lays out the PDF.
        progress("epub")
        side_job = Background(side_outputs, edition, prepared.changes, work, "epub" in formats,
                              parallel="pdf" in formats)
        if "pdf" in formats:
            progress("pdf")
            _first_core(side_job)
            rendered = lay_out(edition, renderer, folders)
            errors += [m for m in rendered.messages if m.level == "error"]
            result.warnings += [m for m in rendered.messages if m.level != "error"]
            pdf_path = work / f"{edition.name}.pdf"
            errors += pdf.write(rendered, pdf_path, edition.meta.identifier, timestamp(edition))
            result.pages = rendered.pages
            del rendered
        progress("validate")
        if "pdf" in formats:
            errors += validate.check_pdf(pdf_path)
        found = side_job.result()
        errors += [m for m in found if m.level == "error"]
        result.warnings += [m for m in found if m.level != "error"]
        if errors:
            raise BuildFailed(errors)
        os.replace(work / "report.html", out_dir / "report.html")
        for fmt in FORMATS:
            made = work / f"{edition.name}.{fmt}"
            if fmt in formats:
                final = out_dir / made.name
                os.replace(made, final)
                result.outputs.append(final)
    except OSError as error:
        raise BuildFailed(message("b-001", path=getattr(error, "filename", out_dir) or out_dir,
                                  problem=error.strerror or str(error)))
    finally:
        if side_job is not None:
            side_job.close()
        shutil.rmtree(work, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    return result
