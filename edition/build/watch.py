"""`edition watch`: rebuild on every save, and say what changed.

The watcher builds the edition, then waits for the operating system to say
that a file the build reads was saved (``watchfiles``: the manifest, its
texts, errata, index file and cover, the styles), takes the digest of the
build's inputs again (see `cache.py`) and, when it differs, rebuilds and
prints what changed in the review report (changes and suspects per text)
and in the text of the book (`diff.py`, between the EPUB before and after).
A build that fails prints its errors and leaves the last good edition in
place; the watcher goes on waiting.  An EPUBCheck is kept warmed up for the
next build (``epubcheck.WarmEpubCheck``), so that a rebuild does not wait
for its start-up; it ends when the watcher ends (Ctrl-C, SIGTERM, ``stop``).
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path
from typing import Callable

import watchfiles

from edition.build import cache
from edition.build.pipeline import STYLES, build
from edition.check import epubcheck
from edition.epub import diff
from edition.manifest import load as manifest_module
from edition.messages import EditionError


def inputs(manifest: Path, root: Path | None = None) -> tuple[set[Path], set[Path]]:
    """The files a build of ``manifest`` reads besides the styles, and the folders to watch for them."""
    try:
        named = set(cache.files(manifest_module.load(manifest, root)))
    except EditionError:                        # a manifest that does not load: watch it, and its folder
        named = set()
    named.add(manifest.resolve())
    folders = {STYLES.resolve()} | {path.parent for path in named}
    return named, {f for f in folders if not any(f != o and f.is_relative_to(o) for o in folders)}


class Watcher:
    """One watch: the last build's digest and report, the EPUB before, the EPUBCheck kept warm."""

    def __init__(self, manifest: Path, out_dir: Path, formats: tuple, say: Callable[[str], None],
                 root: Path | None = None):
        self.manifest, self.out_dir, self.formats, self.say, self.root = manifest, out_dir, formats, say, root
        self.digest, self.counts = None, {}
        self.keep = Path(tempfile.mkdtemp(prefix="edition-watch-"))
        ebooks = any(f in formats for f in ("epub", "kepub", "azw3"))
        self.warm = epubcheck.WarmEpubCheck() if ebooks else None      # warming up for the next build

    def close(self) -> None:
        shutil.rmtree(self.keep, ignore_errors=True)
        if self.warm is not None:
            self.warm.close()

    def changed(self) -> bool:
        try:
            now = cache.digest(manifest_module.load(self.manifest, self.root), STYLES, self.formats, None)
        except EditionError as error:
            now = "bad manifest: " + "; ".join(str(m) for m in error.messages)
        if now == self.digest:
            return False
        self.digest = now
        return True

    def rebuild(self) -> None:
        before = self.keep / "before.epub"
        epub = self.out_dir / f"{self.manifest.stem}.epub"
        if epub.exists():
            shutil.copy(epub, before)
        try:
            result = build(self.manifest, self.out_dir, self.formats, warm=self.warm, root=self.root)
            counts = result.report or self.counts
        except EditionError as error:
            for line in error.messages:
                self.say(f"edition: {line}")
            self.say("build failed; the last good edition is kept. Waiting for the next save…")
        else:
            self.say(f"{'up to date' if result.up_to_date else 'built'}: {result.pages} pages "
                     f"in {result.seconds:.1f} s")
            for text, (applied, suspects) in sorted(counts.items()):
                old = self.counts.get(text)
                if old is not None and old != (applied, suspects):
                    self.say(f"report: {text}: {old[0]} → {applied} changes, {old[1]} → {suspects} suspects")
            self.counts = counts
            if before.exists() and epub.exists():
                for line in diff.changes(before, epub):
                    self.say(f"text: {line}")
        finally:
            if self.warm is not None and self.warm.used:     # one check each: start the next one's, on this EPUB
                self.warm.close()
                self.warm = epubcheck.WarmEpubCheck(epub if epub.exists() else None)


def watch(manifest: Path, out_dir: Path, formats: tuple = ("epub", "pdf"), say: Callable[[str], None] = print,
          stop: threading.Event | None = None, root: Path | None = None) -> int:
    """Build, then rebuild whenever a file the build reads is saved, until interrupted or ``stop`` is set."""
    watcher = Watcher(manifest, out_dir, formats, say, root)
    try:
        watcher.changed()
        watcher.rebuild()
        while stop is None or not stop.is_set():
            named, folders = inputs(manifest, root)
            read = lambda change, path: Path(path) in named or Path(path).is_relative_to(STYLES)  # noqa: E731
            # every 5 s of quiet the digest is taken once more: a save made while the watch was starting counts
            for _ in watchfiles.watch(*folders, watch_filter=read, stop_event=stop, debounce=200, step=50,
                                      rust_timeout=5000, yield_on_timeout=True):
                if watcher.changed():
                    watcher.rebuild()
                if inputs(manifest, root) != (named, folders):     # the manifest names other files now
                    break
    except KeyboardInterrupt:
        pass
    finally:
        watcher.close()
    return 0
