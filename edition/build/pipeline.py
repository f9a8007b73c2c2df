"""Run the stages: manifest → read → passes → render → EPUB / PDF → validate.

Everything is written into a temporary folder inside the output folder and
moved into place only when every output is made and valid, so a failed build
leaves the last good edition untouched.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import multiprocessing
import os
import pickle
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from edition.prepress import bleed
from edition.prepress import binding
from edition.build import cache
from edition.prepress import impose
from edition.pdf import layout
from edition.manifest import load as manifest_module
from edition.pdf import weasy as pdf
from edition.pdf import pieces
from edition.prepress import preflight
from edition.check import spare
from edition.check import epubcheck as validate
from edition.pdf.book import PrintBook
from edition.model.changes import Change
from edition.index import marks as index_marks, terms as index_terms
from edition.messages import BadInput, BuildFailed, Message, message
from edition.model.nodes import Edition
from edition.clean.passes import lexicon_for, run_passes
from edition.read.texts import read_edition
from edition.manifest.load import DEFAULT_BLEED
from edition.render.html import Renderer, build_index_groups, timestamp
from edition.build.result import FORMATS, Result

STYLES = cache.STYLES
#: each format's file name after the edition's name
SUFFIXES = {"epub": ".epub", "pdf": ".pdf", "kepub": ".kepub.epub", "azw3": ".azw3"}
EBOOKS = ("epub", "kepub", "azw3")           # the formats made from the EPUB
STEPS = ("read", "clean", "index", "render", "epub", "pdf", "validate")


@dataclass
class Prepared:
    """An edition read and cleaned, ready to render."""

    edition: Edition
    changes: dict[str, list[Change]]
    manifest: manifest_module.Manifest
    warnings: list[Message] = field(default_factory=list)


def prepare(manifest_path: Path, progress: Callable[[str], None] = lambda step: None,
            with_index: bool = True, store: cache.Store | None = None, code: str = "",
            workers: int = 1) -> Prepared:
    """Load the manifest, read the texts, run the passes and mark the index entries (raises BadInput).

    With a ``store``, a text cleaned (and marked) by an earlier build from the same text, settings and
    lexicon (and the same ``code`` and index file) is taken from it, and the others are kept there."""
    manifest = manifest_module.load(manifest_path)
    progress("read")
    edition, changes = read_edition(manifest)
    index = index_terms.load(manifest.index) if manifest.index and with_index else None
    progress("clean")
    done = None
    if store is None:
        run_passes(edition, changes)
    else:
        done = clean_with_cache(edition, changes, store, code, workers, index)
    problems = [p for text in edition.texts for p in text.settings.get("note_problems", []) if p.level == "error"]
    if problems:
        raise BadInput(problems)
    warnings = []
    if index is not None:
        progress("index")
        edition.index = index_marks.mark(edition, index, manifest.index_shared, done)
        errors = [p for p in edition.index.problems if p.level == "error"]
        if errors:
            raise BadInput(errors)
        warnings += edition.index.problems
        if not edition.index.occurrences:      # nothing to index: no index rather than an empty one
            edition.index = None
    return Prepared(edition, changes, manifest, warnings)


_CLEANING: tuple = ()      # (edition, lexicon, marker) for the processes that clean texts: they inherit it


def _clean(item: tuple) -> tuple:
    """One text through the passes and the index, in a forked process."""
    return _clean_here(*_CLEANING, *item)


def _clean_here(edition: Edition, lexicon, marker, text, cleaned: bool, read_changes: list) -> tuple:
    """One text through the passes (unless ``cleaned`` already) and the index's marking (with a ``marker``):
    the text as cleaned with all its changes (pickled, before marking), the passes' changes, the text as
    marked, and its occurrences and problems."""
    text_changes = [] if cleaned else run_passes(edition, {}, [text], lexicon)[text.id]
    before = b"" if cleaned else pickle.dumps((text, read_changes + text_changes), protocol=pickle.HIGHEST_PROTOCOL)
    found = marker.text(text) if marker is not None else None
    return before, text_changes, text, found


def clean_with_cache(edition: Edition, changes: dict, store: cache.Store, code: str, workers: int = 1,
                     index: index_terms.IndexFile | None = None) -> dict[str, tuple]:
    """Run the passes over the texts the store does not hold as cleaned, and mark the index's entries in
    those it does not hold as marked (on ``workers`` processes); take the others from it.  Each text is
    cleaned alone with the lexicon learned from all of them as read, and marked alone, so the result does
    not depend on which process did it.  Returns the occurrences and problems of each text marked."""
    global _CLEANING
    keys = cache.text_keys(edition.texts, code)
    marks_key = cache.index_key(index) if index is not None else ""
    as_read, lexicon = list(edition.texts), None
    todo, done = [], {}
    for texts in [edition.front] + [part.texts for part in edition.parts]:
        for position, text in enumerate(texts):
            key = keys[text.id]
            marked = store.text(key + marks_key, "marked") if index is not None else None
            if marked is not None:
                texts[position], changes[text.id], done[text.id] = marked
                continue
            cleaned = store.text(key)
            if cleaned is not None:
                texts[position], changes[text.id] = cleaned
                if index is None:
                    continue
            else:
                lexicon = lexicon or lexicon_for(as_read)           # learned from every text as read
            todo.append((texts, position, texts[position], cleaned is not None))
    marker = index_marks.Marker(index) if index is not None and todo else None
    workers = min(workers, len(todo))
    items = [(text, cleaned, changes.get(text.id, [])) for _, _, text, cleaned in todo]
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods() \
            and not multiprocessing.current_process().daemon:
        _CLEANING = (edition, lexicon, marker)
        try:
            with concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) \
                    as pool:
                results = list(pool.map(_clean, items))
        finally:
            _CLEANING = ()
    else:
        results = [_clean_here(edition, lexicon, marker, *item) for item in items]
    for (texts, position, _, cleaned), (before, text_changes, text, found) in zip(todo, results):
        texts[position] = text
        key = keys[text.id]
        if not cleaned:
            changes[text.id] = changes.get(text.id, []) + text_changes
            store.remember_text(key, before)
        if found is not None:
            done[text.id] = found
            store.remember_text(key + marks_key, pickle.dumps((text, changes[text.id], found),
                                                              protocol=pickle.HIGHEST_PROTOCOL), "marked")
    return done


def check(manifest_path: Path) -> Prepared:
    """Everything but the writing: manifest, sources, passes and templates."""
    prepared = prepare(manifest_path)
    renderer = Renderer(STYLES)
    renderer.epub_documents(prepared.edition, "images/cover.png")
    groups = build_index_groups(prepared.edition, None)[0] if prepared.edition.index else []
    for piece in pieces.split(prepared.edition):
        renderer.piece_html(prepared.edition, piece, index_groups=groups)
    renderer.cover_html(prepared.edition)
    return prepared


def print_production(edition: Edition, renderer: Renderer, pdf_path: Path, pages: int,
                     folders: list[Path]) -> list[Message]:
    """What the binding asks beside the book, and the boxes a printer reads, in the build's folder:

    - saddle-stitch: the front and back covers as the outer pages, the count padded to a multiple of four,
      and NAME-booklet.pdf, the pages imposed two-up in booklet order;
    - perfect: NAME-cover.pdf, back, spine and front on one sheet with bleed and crop marks;
    - bleed and crop marks on the book itself when the manifest asks.

    The book is opened once, each step edits it in memory, and it is written once (when a step changed it).
    The trim each step works to is the manifest's (the edition's), not read back from the PDF.
    """
    import io

    import pikepdf

    printing = edition.printing
    when = timestamp(edition)
    profile = "print" if printing.profile == "print" else "plain"
    messages: list[Message] = []
    if printing.binding == "perfect":
        sheet = pdf.render(renderer.cover_sheet_html(edition, pages), STYLES, folders)
        messages += sheet.messages
        sheet_path = pdf_path.with_name(f"{edition.name}-cover.pdf")
        written = io.BytesIO()
        messages += pdf.write(sheet, written, edition.meta.identifier + "#cover", when, profile)
        with pikepdf.open(written) as cover:
            spine = binding.spine_width(pages, printing.ppi, printing.caliper)
            bleed.set_boxes(cover, binding.cover_trim(edition.trim, spine), printing.bleed or DEFAULT_BLEED, True)
            _save(cover, sheet_path)
    if printing.binding != "saddle-stitch" and not (printing.bleed or printing.marks):
        return messages                     # the book as laid out
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as book:
        if printing.binding == "saddle-stitch":
            covers = pdf.render(renderer.cover_pages_html(edition), STYLES, folders)
            messages += covers.messages
            written = io.BytesIO()
            messages += pdf.write(covers, written, edition.meta.identifier + "#covers", when, profile)
            with pikepdf.open(written) as outer:
                binding.saddle_stitch(book, outer)
                version = max(book.pdf_version, outer.pdf_version, key=lambda v: tuple(map(int, v.split("."))))
                booklet = impose.booklet(book, printing.creep, binding.booklet_sheet(edition.trim), edition.trim)
                try:
                    impose.save(booklet, pdf_path.with_name(f"{edition.name}-booklet.pdf"), version)
                finally:
                    booklet.close()
                if printing.bleed or printing.marks:
                    bleed.set_boxes(book, edition.trim, printing.bleed, printing.marks)
                _save(book, pdf_path, version)      # (before the covers it took pages from are closed)
        else:
            bleed.set_boxes(book, edition.trim, printing.bleed, printing.marks)
            _save(book, pdf_path)
    return messages


def _save(document, target: Path, version: str = "") -> None:
    """Write a PDF as the book's pieces are joined (``merge.join``): the same content, the same bytes; its
    version at least ``version`` (that of a PDF it took pages from)."""
    import pikepdf

    document.save(target, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                  min_version=version)


def draw_cover(edition: Edition) -> bytes:
    from edition.pdf import cover

    if edition.cover:
        return Path(edition.cover).read_bytes()
    return cover.draw(Renderer(STYLES).cover_html(edition), STYLES)


def ebooks(edition: Edition, changes: dict, work: Path, cover_png: bytes | None, index_groups: list,
           by_page: bool, index_flags: list, others: tuple = (),
           warm: validate.WarmEpubCheck | None = None) -> tuple:
    """The review report, and the EPUB when given its cover, with the formats made from it (``others``:
    kepub, azw3), written into ``work``; EPUBCheck is handed the EPUB (``warm``, or a run of its own) and
    goes on while the build lays out the index and writes the PDF.

    Returns EPUBCheck's run (None without an EPUB), for ``validate.finish_epubcheck``, and the problems.
    """
    from edition.epub import package as epub
    from edition.epub import kepub

    renderer = Renderer(STYLES)
    check = None
    problems: list[Message] = []
    if cover_png is not None:
        documents = renderer.epub_documents(edition, "images/cover.png", index_groups if edition.index else None,
                                            by_page)
        epub_path = work / f"{edition.name}.epub"
        epub.write(edition, documents, cover_png, STYLES, epub_path, timestamp(edition))
        check = validate.start_epubcheck(epub_path, work / "epubcheck.json", warm)
        if "kepub" in others:
            kepub.kepub(epub_path, work / f"{edition.name}.kepub.epub")
        if "azw3" in others:
            problem = kepub.azw3(epub_path, work / f"{edition.name}.azw3")
            if problem:
                problems.append(message("b-002", format="AZW3", problem=problem))
    (work / "report.html").write_text(renderer.report_html(edition, changes, index_flags), encoding="utf-8")
    return check, problems


def default_workers() -> int:
    """As many layout workers as this process may use cores."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Background:
    """``function(*args)`` run in a forked process (or at once, where fork is missing or not wanted)."""

    def __init__(self, function, *args, parallel: bool):
        self.pool = None
        if parallel and "fork" in multiprocessing.get_all_start_methods():
            self.pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
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


def build(manifest_path: Path, out_dir: Path, formats: tuple[str, ...] = ("epub", "pdf"),
          progress: Callable[[str], None] = lambda step: None, profile: str | None = None,
          force: bool = False, workers: int = 0, warm: validate.WarmEpubCheck | None = None) -> Result:
    """Build the edition into ``out_dir`` (see the module's docstring). ``warm``: an EPUBCheck already
    started (the caller closes it); else, when an e-book is asked for, the spare one left by an earlier
    build (``spare``) is claimed, or one is started here."""
    started = time.perf_counter()
    inputs, record = cache.unchanged(manifest_path, out_dir, STYLES, formats, profile)
    if record is not None and not force:     # nothing the build reads has changed, and the outputs are as made
        return Result.unchanged(out_dir, record, started)
    # EPUBCheck's start-up (about 4 s), while the texts are read and laid out
    own = None
    if warm is None and any(fmt in formats for fmt in EBOOKS):
        own = spare.claim() or validate.WarmEpubCheck()
    try:
        return _build(manifest_path, out_dir, formats, progress, profile, force, workers, started, inputs,
                      warm or own)
    finally:
        if own is not None:
            own.close()


def _build(manifest_path: Path, out_dir: Path, formats: tuple[str, ...], progress, profile: str | None,
           force: bool, workers: int, started: float, inputs: str,
           warm: validate.WarmEpubCheck | None) -> Result:
    store = cache.Store(out_dir, read=not force)
    code = cache.code_digest(STYLES)
    workers = workers or default_workers()
    prepared = prepare(manifest_path, progress, store=store, code=cache.code_digest(None), workers=workers)
    edition = prepared.edition
    if profile:
        edition.printing.profile = profile
    renderer = Renderer(STYLES)
    result = Result(warnings=list(prepared.warnings))
    result.report = {text: (sum(1 for c in records if c.applied), sum(1 for c in records if not c.applied))
                     for text, records in prepared.changes.items()}
    folders = [STYLES, prepared.manifest.root]

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".building-", dir=out_dir))
    except OSError as error:
        raise BuildFailed(message("b-001", path=out_dir, problem=error.strerror or str(error)))
    cover_job = check = cover_png = None
    try:
        errors: list[Message] = []
        progress("render")
        parallel = "pdf" in formats
        # The cover is drawn in a second process while the PDF's body is laid out; then the EPUB (whose index
        # gives the printed pages) is made and handed to EPUBCheck, which checks it while the index is laid out.
        if any(fmt in formats for fmt in EBOOKS):
            cover_key = hashlib.sha256((code + renderer.cover_html(edition) + edition.cover).encode()).hexdigest()
            cover_png = None if edition.cover else store.image(cover_key)
            if cover_png is None:
                cover_job = Background(draw_cover, edition, parallel=parallel)
        printed = pages = None
        if "pdf" in formats:
            progress("pdf")
            settings = layout.Settings(STYLES, folders, edition.meta.identifier, timestamp(edition),
                                       edition.printing.profile)
            printed = PrintBook(edition, renderer, settings, store, code, workers)
            printed.body()
            printed.front()
            pages = printed.index_pages()
        groups, flags = build_index_groups(edition, pages) if edition.index else ([], [])
        if cover_job is not None:
            cover_png = cover_job.result()
            if not edition.cover:
                store.remember_image(cover_key, cover_png)
        progress("epub")
        problems: list[Message] = []

        def make_ebooks() -> None:
            nonlocal check
            check, made = ebooks(edition, prepared.changes, work, cover_png, groups, pages is not None, flags,
                                 tuple(f for f in formats if f in ("kepub", "azw3")), warm)
            problems.extend(made)

        if printed is None:
            make_ebooks()
        else:           # the EPUB is made (and handed to EPUBCheck) while a worker lays out the index
            printed.index(groups, make_ebooks)
        errors += [m for m in problems if m.level == "error"]
        result.warnings += [m for m in problems if m.level != "error"]
        if printed is not None:
            errors += [m for m in printed.messages if m.level == "error"]
            result.warnings += [m for m in printed.messages if m.level != "error"]
            result.laid_out, result.pieces = printed.laid_out, len(printed.order)
            pdf_path = work / f"{edition.name}.pdf"
            result.pages = printed.write(pdf_path)
            extra = print_production(edition, renderer, pdf_path, result.pages, folders)
            errors += [m for m in extra if m.level == "error"]
        progress("validate")
        if "pdf" in formats:
            # the pages are the pieces' as they were walked, unless covers or crop marks were added
            walked = None if edition.printing.binding == "saddle-stitch" or edition.printing.marks \
                else printed.walked()
            errors += validate.check_pdf(pdf_path, preflight.Expect(
                trim=edition.trim, bleed=edition.printing.bleed or None,
                multiple_of=4 if edition.printing.binding == "saddle-stitch" else 1), walked)
            for extra in sorted(work.glob(f"{edition.name}-*.pdf")):
                errors += validate.check_pdf(extra)
        found = validate.finish_epubcheck(check) if check is not None else []
        check = None
        errors += [m for m in found if m.level == "error"]
        result.warnings += [m for m in found if m.level != "error"]
        if errors:
            raise BuildFailed(errors)
        os.replace(work / "report.html", out_dir / "report.html")
        for fmt in FORMATS:
            made = work / f"{edition.name}{SUFFIXES[fmt]}"
            if fmt in formats:
                final = out_dir / made.name
                os.replace(made, final)
                result.outputs.append(final)
        for extra in sorted(work.glob(f"{edition.name}-*.pdf")):      # the booklet, the cover
            os.replace(extra, out_dir / extra.name)
            result.outputs.append(out_dir / extra.name)
        cache.remember(out_dir, inputs, result.outputs + [out_dir / "report.html"], result.pages)
        store.prune()
    except OSError as error:
        raise BuildFailed(message("b-001", path=getattr(error, "filename", out_dir) or out_dir,
                                  problem=error.strerror or str(error)))
    finally:
        if cover_job is not None:
            cover_job.close()
        if check is not None and check.process is not None:      # a build that failed before EPUBCheck's end
            check.process.kill()
            check.process.wait()

        shutil.rmtree(work, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    return result
