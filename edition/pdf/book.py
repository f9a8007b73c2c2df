"""The print edition: its pieces laid out stage by stage (``pieces``, ``layout``), then put together
(``merge``).

``PrintBook.body()`` lays out the texts and parts, and the notes at the end
of the book; ``front()`` lays out the front matter, whose contents now knows
every page, and marks in the model where each printed page begins (for the
EPUB's page list); ``index_pages()`` gives the page of every index mark;
``index(groups)`` lays out the index; ``write(path)`` puts the pieces
together.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Callable, Protocol

from edition.pdf import layout, merge, pages, pieces as pieces_module, weasy as pdf
from edition.index.locators import Page
from edition.messages import Message, message
from edition.model.nodes import Edition
from edition.pdf.pieces import BODY, FRONT, INDEX, NOTES, Piece
from edition.render.html import Renderer


class PieceStore(Protocol):
    """Where laid-out pieces are kept between builds (the build's cache, ``build.cache.Store``)."""

    def facts(self, key: str) -> dict | None: ...
    def remember(self, key: str, facts: dict) -> None: ...
    def pdf(self, key: str, offset: int) -> Path: ...
    def walked(self, path: Path) -> list | None: ...
    def seal(self, path: Path) -> None: ...
    def has(self, key: str, offset: int) -> bool: ...


class PrintBook:
    def __init__(self, edition: Edition, renderer: Renderer, settings: layout.Settings, store: PieceStore,
                 code: str, workers: int):
        self.edition, self.renderer, self.settings, self.store = edition, renderer, settings, store
        self.code, self.workers = code, workers
        self.order = pieces_module.split(edition)
        self.units = pages.name_units(edition)      # ids on every paragraph: where the pages begin is read by them
        self.laid: dict[str, layout.Laid] = {}
        self.counts: dict[str, int] = {}
        self.offsets: dict[str, int] = {}
        self.keys: dict[str, str] = {}
        self.messages: list[Message] = []
        self.laid_out = 0           # pieces laid out by this build (the others came from the cache)

    # the stages

    def body(self) -> None:
        self._stage(BODY)
        self._stage(NOTES)

    def front(self) -> None:
        self._stage(FRONT)
        self._mark_pages()

    def index(self, groups: list, meanwhile: Callable[[], None] | None = None) -> None:
        """Lay out the index; ``meanwhile`` runs in this process while a worker lays it out (the EPUB)."""
        self._stage(INDEX, groups, meanwhile)

    def write(self, target: Path) -> int:
        parts = [merge.Source(self.store.pdf(self.keys[p.name], self.offsets[p.name]),
                              [tuple(b) for b in self.laid[p.name].bookmarks], set(self.laid[p.name].outside),
                              ("r", 1) if p.roman else ("D", self.offsets[p.name] + 1))
                 for p in self.order]
        return merge.join(parts, target)

    def walked(self) -> list[list[dict]]:
        """What each piece's pages draw, in order, for the book's preflight (walked as each was written)."""
        found = []
        for piece in self.order:
            pdf_path = self.store.pdf(self.keys[piece.name], self.offsets[piece.name])
            path = layout.walked(pdf_path)
            walk = self.store.walked(path)
            if walk is None:                     # a piece cached before it was walked, or its walk damaged
                walk = layout.write_walked(pdf_path, path, self.settings.walk)
                self.store.seal(path)
            found.append(walk)
        return found

    # what the pieces give the book

    def folio(self, piece: Piece, position: int) -> str:
        """The printed number of a piece's page (``position`` from 0 within the piece)."""
        return pieces_module.folio(piece, self.offsets[piece.name], position)

    def folios(self) -> dict[str, str]:
        """The printed page of every element laid out so far (its first page)."""
        found = {}
        for piece in self.order:
            if piece.name in self.laid and piece.name in self.offsets:
                for element, position in self.laid[piece.name].anchors.items():
                    found.setdefault(element, self.folio(piece, position))
        return found

    def index_pages(self) -> dict[str, Page] | None:
        """The page of every index mark (None without an index)."""
        if not self.edition.index:
            return None
        found, before = {}, 0
        for piece in self.order:
            laid = self.laid.get(piece.name)
            if laid is None:
                continue
            for mark, position in laid.marks.items():
                found[mark] = Page(before + position, self.folio(piece, position))
            before += laid.pages
        return found

    def _mark_pages(self) -> None:
        """Where each printed page begins, marked in the model (a blank page: where the next begins)."""
        starts: list[pages.PageStart] = []
        blanks: list[str] = []
        for piece in self.order:
            laid = self.laid.get(piece.name)
            if laid is None or not (laid.starts or laid.trailing):
                continue
            here = [replace(s, folio=self.folio(piece, int(s.folio))) for s in laid.starts]
            if here and blanks:
                starts += [replace(here[0], folio=folio) for folio in blanks]
            starts += here
            blanks = [self.folio(piece, int(position)) for position in laid.trailing]
        pages.mark_pages(self.edition, starts)

    # laying out a stage

    def _jobs(self, stage: int, groups: list) -> list[layout.Job]:
        edition, jobs = self.edition, []
        folios = self.folios() if stage in (NOTES, FRONT) else {}
        if stage == FRONT:              # the contents gives the pages of the notes and the index, laid out later
            for name in ("book-notes", "index"):
                if name in self.offsets:
                    folios[name] = str(self.offsets[name] + 1)
        for piece in self.order:
            if piece.stage != stage:
                continue
            html = self.renderer.piece_html(edition, piece, folios=folios, index_groups=groups)

            def make(push, long=None, piece=piece, html=html):
                if not push and not long:
                    return html
                return self.renderer.piece_html(edition, piece, push, folios, groups, long=long)

            spots = self._spots(piece)
            key = hashlib.sha256("\0".join([self.code, repr(self.settings.when), self.settings.identifier,
                                            self.settings.profile, html, repr(sorted(spots.items()))]).encode())
            self.keys[piece.name] = key.hexdigest()
            texts = [piece.text] if piece.text else edition.front if piece.kind == "front" else []
            notes = [n.id for text in texts for n in text.notes] if edition.notes == "footnotes" else []
            sections = {text.id for text in texts} | ({piece.part.id} if piece.part else set())
            jobs.append(layout.Job(piece, make, key.hexdigest(), spots, notes, sections, self.units))
        return jobs

    def _spots(self, piece: Piece) -> dict[str, pdf.Spot]:
        index = self.edition.index
        if not index:
            return {}
        if piece.kind == "notes":
            return {o.mark: pdf.Spot(o.element, o.words, o.nth) for o in index.occurrences if o.note}
        texts = {piece.text.id} if piece.text else {t.id for t in self.edition.front} if piece.kind == "front" else set()
        return {o.mark: pdf.Spot(o.element, o.words, o.nth) for o in index.occurrences
                if o.text in texts and not (o.note and self.edition.notes_at_end)}

    def _stage(self, stage: int, groups: list = (), meanwhile: Callable[[], None] | None = None) -> None:
        jobs = self._jobs(stage, groups)
        fresh = []
        for job in jobs:
            facts = self.store.facts(job.key)
            if facts is None:
                fresh.append(job)
            else:
                self.laid[job.piece.name] = layout.Laid.from_json(facts)
                self.counts[job.piece.name] = self.laid[job.piece.name].pages
        self._run(fresh, meanwhile)
        # pieces from the cache whose page numbers moved are laid out again
        self._offsets()
        laid_now = {job.piece.name for job in fresh}
        stale = [job for job in jobs if job.piece.name not in laid_now
                 and not self.store.has(job.key, self.offsets[job.piece.name])]
        self._run(stale)
        for job in jobs:
            laid = self.laid[job.piece.name]
            self.messages += laid.messages
            self.messages += [message("p-004", note=note, note_page=self.folio(job.piece, a),
                                      call_page=self.folio(job.piece, b)) for note, a, b in laid.misplaced]
            self.messages += [message("p-005", mark=mark, element=job.spots[mark].element) for mark in laid.missing]

    def _offsets(self) -> dict[str, int]:
        self.offsets.update(pieces_module.offsets(self.order, self.counts))
        return self.offsets

    def _run(self, jobs: list[layout.Job], meanwhile: Callable[[], None] | None = None) -> None:
        """Lay out the jobs; ``meanwhile`` runs in this process while a worker lays them out (first, with
        one worker: this process then lays them out)."""
        if meanwhile is not None and (not jobs or self.workers == 1):
            meanwhile()
            meanwhile = None
        if not jobs:
            return

        def offset_of(name: str) -> int | None:
            return self._offsets().get(name) if name in self.counts else None

        run = layout.Run(jobs, self.settings, self.counts, offset_of,
                         lambda job, offset: self.store.pdf(job.key, offset), self.workers)
        run(meanwhile)
        for job in jobs:
            self.laid[job.piece.name] = run.laid[job.piece.name]
            self.store.remember(job.key, run.laid[job.piece.name].to_json())
            written = self.store.pdf(job.key, self._offsets()[job.piece.name])
            self.store.seal(written)                      # the PDF and its walk, as the worker wrote them
            self.store.seal(layout.walked(written))
        self.messages += run.messages
        self.laid_out += len(jobs)
