"""Lay out the print edition piece by piece (see ``pieces``), on every core, reusing the pieces laid out
before.

A piece is laid out in two steps.  ``paginate`` lays it out numbered from
1 and learns what the book needs of it, as plain data (``Laid``): its page
count, the first page of every element, where each page begins (the EPUB's
page list), the page of every index mark, its bookmarks.  Once the pages of
the pieces before it are known, ``finish`` sets its page numbers
(``folios``) and writes its PDF.  A footnote that fell on the page after
its call (a WeasyPrint bug) makes only its own piece be laid out again,
with the call's paragraph opening a page.

The pieces are handed out in page order to worker processes (forked: they
share the document model), each telling the build process what it laid
out; the build process answers with page-number offsets as they become
known, so a worker holds few pieces at a time.  With one worker the same
steps run in this process.  Either way a piece's PDF depends only on the
piece and its offset, so the book's bytes do not depend on the number of
workers.

Every piece's facts and PDF are kept in the output folder's cache
(``cache.Store``), keyed by a digest of everything its layout reads: a
rebuild lays out again only the pieces that changed, and those whose page
numbers moved.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import traceback
from queue import Empty
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable


from edition.pdf import compose, continued, pages, weasy as pdf
from edition.messages import BuildFailed, Message, message
from edition.processes import end_with_parent
from edition.pdf.pages import PageStart
from edition.pdf.pieces import Piece


@dataclass
class Job:
    """A piece to lay out."""

    piece: Piece
    html: Callable[[frozenset], str]    # its HTML, given the notes whose call's paragraph must open a page
    key: str                            # the digest of everything its layout reads
    spots: dict = field(default_factory=dict)      # index mark → pdf.Spot
    notes: list = field(default_factory=list)      # footnotes that must be on their call's page
    sections: set = field(default_factory=set)     # texts and parts whose pages go in the page list
    units: set = field(default_factory=set)        # paragraphs and list items, by id


@dataclass
class Laid:
    """What the book needs to know of a laid-out piece; pages are positions (from 0) within the piece."""

    name: str
    pages: int
    anchors: dict                       # element id → its first page
    starts: list                        # PageStart, folio = the page's position
    trailing: list                      # blank pages at the end (positions), for the page list
    marks: dict                         # index mark → its page
    missing: list                       # index marks not found in the laid-out text
    misplaced: list                     # (note, note's page, call's page) still apart
    bookmarks: list                     # (level, state), in order
    outside: list                       # link targets in other pieces
    messages: list

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Laid":
        data = dict(data)
        data["starts"] = [PageStart(**s) for s in data["starts"]]
        data["messages"] = [Message(**m) for m in data["messages"]]
        return cls(**data)


@dataclass
class Settings:
    base: Path
    folders: list
    identifier: str
    when: datetime
    profile: str
    #: what each page of a PDF draws, for the preflight (``prepress.preflight.walk``, handed in by the build)
    walk: Callable[[Path], list]


@dataclass
class _Held:
    """A paginated piece waiting for its page numbers."""

    rendered: pdf.Rendered
    recorded: list


def paginate(job: Job, settings: Settings, fonts) -> tuple[Laid, _Held]:
    with pdf.Recording() as recorded:
        rendered = pdf.render(job.html(frozenset()), settings.base, settings.folders, fonts)
    misplaced = pdf.misplaced_notes(rendered.document, job.notes)
    push = frozenset()
    if misplaced:
        push = frozenset(note for note, *_ in misplaced)
        with pdf.Recording() as recorded:
            rendered = pdf.render(job.html(push), settings.base, settings.folders, fonts)
        misplaced = pdf.misplaced_notes(rendered.document, job.notes)
    if job.piece.kind == "index":           # headings repeated where subentries run on into a column
        push = frozenset()
        for layouts in range(1, continued.ROUNDS + 1):
            asked = continued.wanted(pdf.column_tops(rendered.document, continued.WITHIN))
            if asked == push:
                break
            if layouts == continued.ROUNDS:
                rendered.messages.append(message("p-007", layouts=layouts, entries=", ".join(sorted(asked ^ push))))
                break
            push = asked
            with pdf.Recording() as recorded:
                rendered = pdf.render(job.html(push), settings.base, settings.folders, fonts)

    def lay_out(html: str):
        with pdf.Recording() as again:
            retried = pdf.render(html, settings.base, settings.folders, fonts)
        return retried, again

    if job.piece.kind == "text":
        rendered, recorded = compose.correct(lambda long=None: job.html(push, long), lay_out, (rendered, recorded),
                                             lambda document: not pdf.misplaced_notes(document, job.notes) or misplaced)
        misplaced = pdf.misplaced_notes(rendered.document, job.notes)
    document = rendered.document
    kept = pdf.first_pages(document).get("piece-end", len(document.pages))   # the end marker's page is dropped
    rendered.document = document = document.copy(document.pages[:kept])
    recorded = recorded[:kept]
    starts, trailing = ([], [])
    if job.sections:
        starts, trailing = pages.page_starts(document, [str(n) for n in range(kept)], job.units, job.sections)
    marks, missing = pdf.place_marks(document, job.spots) if job.spots else ({}, [])
    anchors = pdf.first_pages(document)
    outside = sorted({target for page in document.pages for kind, target, *_ in page.links
                      if kind == "internal" and target not in anchors})
    bookmarks = [(level, state) for page in document.pages for level, _label, _target, state in page.bookmarks]
    laid = Laid(job.piece.name, kept, anchors, starts, trailing, marks, missing,
                [(note, a - 1, b - 1) for note, a, b in misplaced], bookmarks, outside, rendered.messages)
    return laid, _Held(rendered, recorded)


def finish(job: Job, laid: Laid, held: _Held, offset: int, settings: Settings, target: Path) -> list[Message]:
    """Set the piece's page numbers and write its PDF to ``target``, with what its pages draw for the
    preflight (``walked(target)``)."""
    pdf.renumber(held.recorded, offset)
    document = held.rendered.document
    for name in laid.outside:                    # a stand-in, so that WeasyPrint keeps the link
        document.pages[0].anchors.setdefault(name, (0, 0, 0, 0))
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    problems = pdf.write(held.rendered, partial, f"{settings.identifier}#{job.piece.name}", settings.when,
                         settings.profile)
    write_walked(partial, walked(target), settings.walk)
    os.replace(partial, target)
    return problems


def walked(target: Path) -> Path:
    """Where what a piece's PDF draws is kept, beside it."""
    return target.with_suffix(".json")


def write_walked(pdf_path: Path, path: Path, walk: Callable[[Path], list]) -> list[dict]:
    """Walk a piece's PDF for the preflight (``walk``) and keep what it found at ``path``."""
    pages = walk(pdf_path)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(pages), encoding="utf-8")
    os.replace(partial, path)
    return pages


class Run:
    """Lay out jobs (in page order) and write their PDFs: ``target(job, offset)`` names each PDF, and
    ``offset_of(name)`` gives a piece's offset once the counts it needs (``counts``, filled in as pieces
    are laid out) are known, else None."""

    def __init__(self, jobs: list[Job], settings: Settings, counts: dict, offset_of: Callable,
                 target: Callable[[Job, int], Path], workers: int):
        self.jobs, self.settings, self.counts = jobs, settings, counts
        self.offset_of, self.target = offset_of, target
        self.workers = max(1, min(workers, len(jobs)))
        self.laid: dict[str, Laid] = {}
        self.messages: list[Message] = []

    def __call__(self, meanwhile: Callable[[], None] | None = None) -> dict[str, Laid]:
        """Lay the jobs out; ``meanwhile`` runs in this process once the workers are started (or first,
        where the jobs are laid out in this process: one worker and nothing to do meanwhile, or no fork)."""
        if (not self.jobs or (self.workers == 1 and meanwhile is None)
                or "fork" not in multiprocessing.get_all_start_methods()
                or multiprocessing.current_process().daemon):     # a daemon (a pool's worker) has no children
            if meanwhile is not None:
                meanwhile()
            self._here()
        else:
            self._forked(meanwhile)
        return self.laid

    def _here(self) -> None:
        fonts = pdf.fonts()
        held: dict[str, tuple] = {}
        for job in self.jobs:
            laid, state = paginate(job, self.settings, fonts)
            self._laid(laid)
            held[job.piece.name] = (job, laid, state)
            for name in [n for n in held if self.offset_of(n) is not None]:
                job, laid, state = held.pop(name)
                offset = self.offset_of(name)
                self.messages += finish(job, laid, state, offset, self.settings, self.target(job, offset))
        if held:
            raise RuntimeError(f"no page numbers for {sorted(held)}")

    def _laid(self, laid: Laid) -> None:
        self.laid[laid.name] = laid
        self.counts[laid.name] = laid.pages

    def _forked(self, meanwhile: Callable[[], None] | None) -> None:
        context = multiprocessing.get_context("fork")
        queue = context.Queue()
        turn = context.Value("i", 0)
        pipes = [context.Pipe() for _ in range(self.workers)]
        processes = [context.Process(target=self._work, args=(n, turn, queue, pipes[n][1]), daemon=True)
                     for n in range(self.workers)]
        for process in processes:
            process.start()
        holder: dict[str, int] = {}
        running = self.workers
        try:
            if meanwhile is not None:
                meanwhile()
            while running:
                try:
                    kind, *rest = queue.get(timeout=0.5)
                except Empty:               # a worker that died without a word (killed) fails the build
                    dead = [p for p in processes if not p.is_alive() and p.exitcode != 0]
                    if dead:
                        raise BuildFailed(message("b-007", status=dead[0].exitcode))
                    continue
                if kind == "laid":
                    worker, laid = rest
                    self._laid(laid)
                    holder[laid.name] = worker
                    for name in [n for n in holder if self.offset_of(n) is not None]:
                        pipes[holder.pop(name)][0].send((name, self.offset_of(name)))
                elif kind == "written":
                    self.messages += rest[0]
                elif kind == "done":
                    running -= 1
                elif kind == "unwritten":
                    raise BuildFailed(message("b-001", path=rest[0], problem=rest[1]))
                else:
                    raise RuntimeError(f"a layout worker failed:\n{rest[0]}")
        finally:
            for process in processes:
                if process.is_alive() and running:
                    process.terminate()
                process.join()

    def _work(self, worker: int, turn, queue, pipe) -> None:
        end_with_parent()
        try:
            fonts = pdf.fonts()
            held: dict[str, tuple] = {}

            def write(wait: bool) -> None:
                while held and (wait or pipe.poll()):
                    name, offset = pipe.recv()
                    job, laid, state = held.pop(name)
                    queue.put(("written", finish(job, laid, state, offset, self.settings, self.target(job, offset))))
                    wait = False

            while True:
                with turn.get_lock():
                    number = turn.value
                    turn.value += 1
                if number >= len(self.jobs):
                    break
                job = self.jobs[number]
                laid, state = paginate(job, self.settings, fonts)
                held[job.piece.name] = (job, laid, state)
                queue.put(("laid", worker, laid))
                write(False)
            while held:
                write(True)
            queue.put(("done", worker))
        except OSError as error:                 # a full disk, a folder gone: said as the build says it
            queue.put(("unwritten", str(error.filename or self.settings.base), error.strerror or str(error)))
        except BaseException:
            queue.put(("failed", traceback.format_exc()))
