"""Run the stages: manifest → read → passes → render → EPUB / PDF → validate.

Everything is written into a temporary folder inside the output folder and
moved into place only when every output is made and valid, so a failed build
leaves the last good edition untouched.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import io
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pikepdf

from edition.prepress import binding, bleed, cmyk, impose, preflight
from edition.build import cache, data, folder
from edition.pdf import layout, pieces, weasy as pdf
from edition.manifest import load as manifest_module, review
from edition.check import epubcheck as validate
from edition.pdf.book import PrintBook
from edition.model.changes import Change
from edition.index import marks as index_marks, terms as index_terms
from edition.messages import BadInput, BuildFailed, Message, message
from edition.model.nodes import Edition
from edition.clean import chapters
from edition.clean.passes import lexicon_for, run_passes, unknown_passes
from edition.read.texts import read_edition
from edition.manifest.load import Manifest
from edition.units import DEFAULT_BLEED
from edition.processes import end_with_parent
from edition.render import styles
from edition.clean.report import texts as report_texts
from edition.render.cover import cover_trim, spine_width
from edition.render.glyphs import undrawable
from edition.render.html import Renderer, build_index_groups, source_date_epoch, timestamp
from edition.build.result import FORMATS, Result

STYLES = styles.STYLES
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


def load(manifest: Path | Manifest, root: Path | None = None) -> Manifest:
    """The manifest, loaded and checked (raises BadInput), with its texts' ``skip:`` lists checked too;
    ``root``: the folder its paths may reach at most (default: its own)."""
    if not isinstance(manifest, Manifest):
        manifest = manifest_module.load(manifest, root)
    source_date_epoch()                     # the build's dates: a SOURCE_DATE_EPOCH that is none stops it here
    problems = unknown_passes(manifest)
    if problems:
        raise BadInput(problems)
    review.reviewed(review.path_for(manifest.path))     # the review file, if any, is one (m-014)
    return manifest


def read(manifest: Manifest) -> Prepared:
    """Phase read: every text of the edition as read, with the changes reading made (lines left out)."""
    edition, changes = read_edition(manifest)
    return Prepared(edition, changes, manifest)


def clean(prepared: Prepared, store: cache.Store | None = None, code: str = "", workers: int = 1,
          index: index_terms.IndexFile | None = None) -> dict | None:
    """Phase clean: every text through the passes (raises BadInput on a note problem).  With a ``store``,
    a text cleaned (and marked for the ``index``) by an earlier build from the same text, settings and
    lexicon and the same ``code`` is taken from it, and the others are kept there; returns the texts
    marked meanwhile (for ``index``), or None without a store."""
    edition = prepared.edition
    done = None
    if store is None:
        run_passes(edition, prepared.changes)
        chapters.split_texts(edition, prepared.changes)
    else:
        done = clean_with_cache(edition, prepared.changes, store, code, workers, index)
    problems = [p for text in edition.texts for p in text.problems if p.level == "error"]
    problems += chapters.clashes(edition)
    if problems:
        raise BadInput(problems)
    return done


def index(prepared: Prepared, terms: index_terms.IndexFile, done: dict | None = None) -> None:
    """Phase index: mark the index file's entries in the texts (those not in ``done`` already)."""
    edition = prepared.edition
    edition.index = index_marks.mark(edition, terms, prepared.manifest.index_shared, done)
    errors = [p for p in edition.index.problems if p.level == "error"]
    if errors:
        raise BadInput(errors)
    prepared.warnings += edition.index.problems
    if not edition.index.occurrences:      # nothing to index: no index rather than an empty one
        edition.index = None


def prepare(manifest: Path | Manifest, progress: Callable[[str], None] = lambda step: None,
            with_index: bool = True, store: cache.Store | None = None, code: str = "",
            workers: int = 1, root: Path | None = None) -> Prepared:
    """The phases read, clean and index: the edition ready to render (raises BadInput)."""
    manifest = load(manifest, root)
    progress("read")
    prepared = read(manifest)
    terms = index_terms.load(manifest.index) if manifest.index and with_index else None
    progress("clean")
    done = clean(prepared, store, code, workers, terms)
    if terms is not None:
        progress("index")
        index(prepared, terms, done)
    return prepared


_CLEANING: tuple = ()      # (edition, lexicon, marker) for the processes that clean texts: they inherit it


def _clean(item: tuple) -> tuple:
    """One text through the passes and the index, in a forked process."""
    return _clean_here(*_CLEANING, *item)


def _clean_here(edition: Edition, lexicon, marker, text, cleaned: list | None, read_changes: list) -> tuple:
    """One text through the passes and cut into its chapters where the manifest asks (unless ``cleaned``
    already: its pieces, each with its changes), and each piece through the index's marking (with a
    ``marker``): the pieces as cleaned with their changes (``data.dumps``, before marking), the pieces and
    their changes, and each piece's occurrences and problems (or None)."""
    if cleaned is None:
        changes = {text.id: read_changes + run_passes(edition, {}, [text], lexicon)[text.id]}
        pieces = chapters.cut(text, changes)
        cleaned = [(piece, changes[piece.id]) for piece in pieces]
        before = data.dumps(cleaned)
    else:
        before = b""
    found = [marker.text(piece) for piece, _ in cleaned] if marker is not None else None
    return before, cleaned, found


def clean_with_cache(edition: Edition, changes: dict, store: cache.Store, code: str, workers: int = 1,
                     index: index_terms.IndexFile | None = None) -> dict[str, tuple]:
    """Run the passes over the texts the store does not hold as cleaned, and mark the index's entries in
    those it does not hold as marked (on ``workers`` processes); take the others from it.  Each text is
    cleaned alone with the lexicon learned from all of them as read, and marked alone, so the result does
    not depend on which process did it.  A text the manifest splits is held as its pieces, and they take its
    place.  Returns the occurrences and problems of each text marked."""
    global _CLEANING
    keys = cache.text_keys(edition.texts, code)
    marks_key = cache.index_key(index) if index is not None else ""
    as_read, lexicon = list(edition.texts), None
    todo, done, placed = [], {}, {}

    def place(texts, position, pieces) -> None:
        placed[id(texts), position] = [piece for piece, *_ in pieces]
        for piece, piece_changes, *found in pieces:
            changes[piece.id] = piece_changes
            if found:
                done[piece.id] = found[0]

    lists = [edition.front] + [part.texts for part in edition.parts]
    for texts in lists:
        for position, text in enumerate(texts):
            key = keys[text.id]
            marked = store.text(key + marks_key, "marked") if index is not None else None
            if marked is not None:
                changes.pop(text.id, None)
                place(texts, position, marked)
                continue
            cleaned = store.text(key)
            if cleaned is not None:
                changes.pop(text.id, None)
                if index is None:
                    place(texts, position, cleaned)
                    continue
            else:
                lexicon = lexicon or lexicon_for(as_read)           # learned from every text as read
            todo.append((texts, position, text, cleaned))
    marker = index_marks.Marker(index) if index is not None and todo else None
    workers = min(workers, len(todo))
    items = [(text, cleaned, changes.pop(text.id, [])) for _, _, text, cleaned in todo]
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods() \
            and not multiprocessing.current_process().daemon:
        _CLEANING = (edition, lexicon, marker)
        try:
            with concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                                        initializer=end_with_parent) as pool:
                results = list(pool.map(_clean, items))
        except concurrent.futures.process.BrokenProcessPool:
            raise BuildFailed(message("b-007", status="?"))
        finally:
            _CLEANING = ()
    else:
        results = [_clean_here(edition, lexicon, marker, *item) for item in items]
    for (texts, position, text, cleaned), (before, cut, found) in zip(todo, results):
        key = keys[text.id]
        if cleaned is None:
            store.remember_text(key, before)
        if found is not None:
            cut = [(chapter, changes, marks) for (chapter, changes), marks in zip(cut, found)]
            store.remember_text(key + marks_key, data.dumps(cut), "marked")
        place(texts, position, cut)
    for texts in lists:
        texts[:] = [piece for position, text in enumerate(texts) for piece in placed.get((id(texts), position), [text])]
    return done


def check(manifest_path: Path | Manifest, root: Path | None = None) -> Prepared:
    """Everything but the writing: manifest, sources, passes and templates."""
    prepared = prepare(manifest_path, root=root)
    missing = undrawable(prepared.edition, STYLES / "fonts")
    if missing:
        raise BadInput(missing)
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
    printing = edition.printing
    when = timestamp(edition)
    profile = "print" if printing.profile in ("print", "print-cmyk") else "plain"
    messages: list[Message] = []
    if printing.binding == "perfect":
        sheet = pdf.render(renderer.cover_sheet_html(edition, pages), STYLES, folders)
        messages += sheet.messages
        sheet_path = pdf_path.with_name(f"{edition.name}-cover.pdf")
        written = io.BytesIO()
        messages += pdf.write(sheet, written, edition.meta.identifier + "#cover", when, profile)
        with pikepdf.open(written) as cover:
            spine = spine_width(pages, printing.ppi, printing.caliper)
            bleed.set_boxes(cover, cover_trim(edition.trim, spine), printing.bleed or DEFAULT_BLEED, True)
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
                booklet = impose.booklet(book, printing.creep, _booklet_sheet(edition), edition.trim,
                                         printing.bleed, bool(printing.bleed or printing.marks))
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


def _booklet_sheet(edition: Edition) -> tuple[float, float] | None:
    """The paper a pamphlet's booklet is imposed on: the office paper of its trim (A5 pages on A4), or, when
    that has no room for the bleed and the marks around the pair of pages (a cover that bleeds), a sheet
    the pair with its bleed and slug (None)."""
    sheet = binding.booklet_sheet(edition.trim)
    printing = edition.printing
    marks = bool(printing.bleed or printing.marks)
    if sheet is not None and not impose.room(edition.trim, sheet, printing.bleed, marks):
        return None
    return sheet


def _save(document, target: Path, version: str = "") -> None:
    """Write a PDF as the book's pieces are joined (``merge.join``): the same content, the same bytes; its
    version at least ``version`` (that of a PDF it took pages from)."""
    document.save(target, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                  min_version=version)


def draw_cover(edition: Edition) -> bytes:
    from edition.pdf import cover_image

    if edition.cover:
        return Path(edition.cover).read_bytes()
    return cover_image.draw(Renderer(STYLES).cover_html(edition), STYLES)


def ebooks(edition: Edition, changes: dict, work: Path, cover_png: bytes | None, index_groups: list,
           by_page: bool, index_flags: list, others: tuple = (),
           warm: validate.WarmEpubCheck | None = None, reviewed: dict | None = None) -> tuple:
    """The review report (``report.html``, and its entries as ``report.json`` for ``edition review``; the
    changes ``reviewed`` left out of its queue), and the EPUB when given its cover, with the formats made from it (``others``:
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
        documents = renderer.epub_documents(edition, epub.cover_name(cover_png), index_groups if edition.index else None,
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
    html, found = renderer.report_html(edition, changes, index_flags, reviewed)
    (work / "report.html").write_text(html, encoding="utf-8")
    (work / "report.json").write_text(json.dumps({"title": edition.meta.title, "entries": [e.as_dict() for e in found],
                                                  "texts": report_texts(edition)},
                                                 ensure_ascii=False), encoding="utf-8")
    return check, problems


def default_workers() -> int:
    """As many layout workers as this process may use cores."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Background:
    """``function(*args)`` run in a forked process (or at once, where fork is missing or not wanted)."""

    def __init__(self, function, *args, parallel: bool):
        self.pool = None
        if parallel and "fork" in multiprocessing.get_all_start_methods():
            self.pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                                               initializer=end_with_parent)
            self.future = self.pool.submit(function, *args)
        else:
            self.value = function(*args)

    def result(self):
        if self.pool is None:
            return self.value
        try:
            return self.future.result()
        except concurrent.futures.process.BrokenProcessPool:
            raise BuildFailed(message("b-007", status="?"))
        finally:
            self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


@dataclass
class Run:
    """What the phases of one build share: its settings, the edition as prepared, and what each phase made.

    The phases, in order (``build``): read, clean and index (``prepare``), render, pdf, epub (made while
    the pdf phase lays out the index), prepress, check and write.  Each writes into ``work``, a temporary
    folder in the output folder that only the write phase moves into place."""

    out_dir: Path
    formats: tuple[str, ...]
    progress: Callable[[str], None]
    store: cache.Store
    code: str
    workers: int
    warm: validate.WarmEpubCheck | None
    prepared: Prepared | None = None
    work: Path | None = None
    result: Result = field(default_factory=Result)
    errors: list[Message] = field(default_factory=list)
    cover_job: Background | None = None
    cover_key: str = ""
    cover_png: bytes | None = None
    printed: PrintBook | None = None
    pages: list | None = None           # the index's pages, once the PDF's body and front are laid out
    check: validate.EpubCheckRun | None = None
    pdf_path: Path | None = None
    lock: object = None                 # the output folder's lock file, open while the build writes there
    tempdir: str | None = None          # the temporary folder before the build's own (``tempfile.tempdir``)
    renderer: Renderer = field(default_factory=lambda: Renderer(STYLES))

    @property
    def edition(self) -> Edition:
        return self.prepared.edition

    @property
    def folders(self) -> list[Path]:
        """The folders the layout may read files from."""
        return [STYLES, self.prepared.manifest.root]

    def sort(self, messages: list[Message]) -> None:
        """Errors fail the build; the rest are its warnings."""
        self.errors += [m for m in messages if m.level == "error"]
        self.result.warnings += [m for m in messages if m.level != "error"]


def build(manifest: Path | Manifest, out_dir: Path, formats: tuple[str, ...] = ("epub", "pdf"),
          progress: Callable[[str], None] = lambda step: None, profile: str | None = None,
          force: bool = False, workers: int = 0, warm: validate.WarmEpubCheck | None = None,
          root: Path | None = None, inputs: str | None = None) -> Result:
    """Build the edition into ``out_dir`` (see the module's docstring) from its manifest (a path, or loaded
    once by the caller). ``warm``: an EPUBCheck already started (the caller closes it); else, when an
    e-book is asked for, one is started here and ended before this returns. ``inputs``: the digest of what
    the build reads, when the caller took it (and so knows the build is not up to date)."""
    started = time.perf_counter()
    manifest = load(manifest, root)
    if inputs is None:                      # (the command digests the inputs before it imports the builder)
        inputs, record = cache.unchanged(manifest, out_dir, STYLES, formats, profile)
        if record is not None and not force:     # nothing the build reads has changed, the outputs are as made
            folder.clear_leftovers(out_dir)
            return Result.unchanged(out_dir, record, started)
    if (profile or manifest.printing.get("profile")) == "print-cmyk" and "pdf" in formats:
        cmyk.require()                      # before anything is made: what to install, not a half-made build
    # EPUBCheck's start-up (about 4 s), while the texts are read and laid out
    own = validate.WarmEpubCheck() if warm is None and any(fmt in formats for fmt in EBOOKS) else None
    workers = workers or default_workers()
    run = Run(out_dir, formats, progress, cache.Store(out_dir, read=not force), cache.code_digest(STYLES),
              workers, warm or own)
    try:
        run.lock = folder.lock(out_dir)     # before the cache is read or written: one build at a time here
        run.prepared = prepare(manifest, progress, store=run.store, code=cache.code_digest(None), workers=workers)
        missing = undrawable(run.edition, STYLES / "fonts") if "pdf" in formats else []
        if missing:                         # a character the print edition could not draw: at its raw line
            raise BadInput(missing)
        if profile:
            run.edition.printing.profile = profile
        run.result.warnings += run.prepared.warnings
        run.result.report = {text: (sum(1 for c in records if c.applied), sum(1 for c in records if not c.applied))
                             for text, records in run.prepared.changes.items()}
        run.work = _work_folder(out_dir)
        # what WeasyPrint (its fonts) and the workers leave in the temporary folder goes with the build's
        (run.work / "tmp").mkdir()
        run.tempdir, tempfile.tempdir = tempfile.tempdir, str(run.work / "tmp")
        try:
            render(run)
            pdf_phase(run)
            prepress(run)
            check_phase(run)
            write(run, inputs)
        except OSError as error:
            raise BuildFailed(message("b-001", path=getattr(error, "filename", out_dir) or out_dir,
                                      problem=error.strerror or str(error)))
    finally:
        _end(run)
        if own is not None:
            own.close()
    if not run.store.usable:
        run.result.warnings.append(message("b-004", folder=run.store.folder))
    if run.store.damaged:
        run.result.warnings.append(message("b-003", count=len(run.store.damaged),
                                           names=", ".join(sorted(run.store.damaged)[:5])))
    run.result.seconds = time.perf_counter() - started
    return run.result


def _work_folder(out_dir: Path) -> Path:
    """A new temporary folder in the output folder; those a killed build left behind go."""
    folder.clear(out_dir)
    try:
        return Path(tempfile.mkdtemp(prefix=".building-", dir=out_dir))
    except OSError as error:
        raise BuildFailed(message("b-001", path=out_dir, problem=error.strerror or str(error)))


def render(run: Run) -> None:
    """Phase render: the EPUB's cover image, from the cache or drawn in a second process while the PDF's
    body is laid out."""
    run.progress("render")
    edition = run.edition
    if any(fmt in run.formats for fmt in EBOOKS):
        run.cover_key = hashlib.sha256((run.code + run.renderer.cover_html(edition)
                                        + edition.cover).encode()).hexdigest()
        run.cover_png = None if edition.cover else run.store.image(run.cover_key)
        if run.cover_png is None:
            run.cover_job = Background(draw_cover, edition, parallel="pdf" in run.formats)


def pdf_phase(run: Run) -> None:
    """Phase pdf: the print edition laid out piece by piece (body, front matter, the index's pages); the
    EPUB (whose index gives the printed pages) is made and handed to EPUBCheck while the index is laid out."""
    edition = run.edition
    if "pdf" in run.formats:
        run.progress("pdf")
        settings = layout.Settings(STYLES, run.folders, edition.meta.identifier, timestamp(edition),
                                   edition.printing.profile, preflight.walk)
        run.printed = PrintBook(edition, run.renderer, settings, run.store, run.code, run.workers)
        run.printed.body()
        run.printed.front()
        run.pages = run.printed.index_pages()
    groups, flags = build_index_groups(edition, run.pages) if edition.index else ([], [])
    if run.cover_job is not None:
        run.cover_png = run.cover_job.result()
        if not edition.cover:
            run.store.remember_image(run.cover_key, run.cover_png)
    if run.printed is None:
        epub_phase(run, groups, flags)
    else:
        run.printed.index(groups, lambda: epub_phase(run, groups, flags))
        run.sort(run.printed.messages)
        run.result.laid_out, run.result.pieces = run.printed.laid_out, len(run.printed.order)


def epub_phase(run: Run, groups: list, flags: list) -> None:
    """Phase epub: the review report, the EPUB and the formats made from it, handed to EPUBCheck."""
    run.progress("epub")
    run.check, problems = ebooks(run.edition, run.prepared.changes, run.work, run.cover_png, groups,
                                 run.pages is not None, flags,
                                 tuple(f for f in run.formats if f in ("kepub", "azw3")), run.warm,
                                 review.reviewed(review.path_for(run.prepared.manifest.path)))
    run.sort(problems)


def prepress(run: Run) -> None:
    """Phase prepress: the PDF written whole, with what its binding asks (covers, booklet) and its boxes."""
    if run.printed is None:
        return
    run.pdf_path = run.work / f"{run.edition.name}.pdf"
    run.result.pages = run.printed.write(run.pdf_path)
    run.sort(print_production(run.edition, run.renderer, run.pdf_path, run.result.pages, run.folders))
    if run.edition.printing.profile == "print-cmyk":
        for made in [run.pdf_path, *sorted(run.work.glob(f"{run.edition.name}-*.pdf"))]:
            cmyk.convert(made)


def check_phase(run: Run) -> None:
    """Phase check: the preflight on every PDF, and EPUBCheck's findings; raises BuildFailed on an error."""
    run.progress("validate")
    edition = run.edition
    if run.pdf_path is not None:
        # the pages are the pieces' as they were walked, unless covers or crop marks were added
        walked = None if edition.printing.binding == "saddle-stitch" or edition.printing.marks \
            or edition.printing.profile == "print-cmyk" else run.printed.walked()
        cmyk_press = edition.printing.profile == "print-cmyk"
        run.errors += validate.check_pdf(run.pdf_path, preflight.Expect(
            trim=edition.trim, bleed=edition.printing.bleed or None,
            cmyk=cmyk_press, multiple_of=4 if edition.printing.binding == "saddle-stitch" else 1), walked)
        for extra in sorted(run.work.glob(f"{edition.name}-*.pdf")):
            run.errors += validate.check_pdf(extra, _extra_expect(edition, extra, cmyk_press))
    if run.check is not None:
        found, run.check = validate.finish_epubcheck(run.check), None
        run.sort(found)
    if run.errors:
        raise BuildFailed(run.errors)


def _extra_expect(edition: Edition, extra: Path, cmyk_press: bool) -> preflight.Expect:
    """What the preflight wants of a PDF beside the book: a booklet's sheets hold two pages with the book's
    bleed around them, a cover sheet has its bleed."""
    if extra.name.endswith("-booklet.pdf"):
        return preflight.Expect(trim=(2 * edition.trim[0], edition.trim[1]), bleed=edition.printing.bleed or None,
                                cmyk=cmyk_press)
    if extra.name.endswith("-cover.pdf"):
        return preflight.Expect(bleed=edition.printing.bleed or DEFAULT_BLEED, cmyk=cmyk_press)
    return preflight.Expect(cmyk=cmyk_press)


def write(run: Run, inputs: str) -> None:
    """Phase write: every output moved into place, the inputs' digest remembered, the cache pruned."""
    out_dir, edition, result = run.out_dir, run.edition, run.result
    os.replace(run.work / "report.html", out_dir / "report.html")
    os.replace(run.work / "report.json", out_dir / "report.json")
    for fmt in FORMATS:
        made = run.work / f"{edition.name}{SUFFIXES[fmt]}"
        if fmt in run.formats:
            final = out_dir / made.name
            os.replace(made, final)
            result.outputs.append(final)
    for extra in sorted(run.work.glob(f"{edition.name}-*.pdf")):      # the booklet, the cover
        os.replace(extra, out_dir / extra.name)
        result.outputs.append(out_dir / extra.name)
    cache.remember(out_dir, inputs, result.outputs + [out_dir / "report.html", out_dir / "report.json"],
                   result.pages)
    run.store.prune()


def _end(run: Run) -> None:
    """After a build, made or failed: no process of its own left running, no temporary folder left."""
    if run.cover_job is not None:
        run.cover_job.close()
    if run.check is not None and run.check.process is not None:      # a build that failed before EPUBCheck's end
        run.check.process.kill()
        run.check.process.wait()
    if run.work is not None:
        tempfile.tempdir = run.tempdir
        shutil.rmtree(run.work, ignore_errors=True)
    if run.lock is not None:
        run.lock.close()                    # the lock goes with it
