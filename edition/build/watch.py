"""`edition watch`: rebuild on every save, and say what changed.

Every half second the digest of everything the build reads (see `cache.py`:
the manifest, its texts, errata and index, the styles and templates) is
taken again; when it differs, the edition is rebuilt, and the watcher
prints what changed in the review report (changes and suspects per text)
and in the text of the book (`diff.py`, between the EPUB before and after).
A build that fails prints its errors and leaves the last good edition in
place; the watcher goes on waiting.  An EPUBCheck is kept warmed up for the
next build (``validate.WarmEpubCheck``), so that a rebuild does not wait for
its start-up.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Callable

from edition.build import cache
from edition.epub import diff
from edition.manifest import load as manifest_module
from edition.check import epubcheck as validate
from edition.build.pipeline import STYLES, build
from edition.messages import EditionError


def watch(manifest: Path, out_dir: Path, formats: tuple = ("epub", "pdf"), interval: float = 0.5,
          rounds: int | None = None, say: Callable[[str], None] = print) -> int:
    """Build, then rebuild whenever an input changes; ``rounds`` bounds the checks (None: until interrupted)."""
    last_digest, last_counts = None, {}
    keep = Path(tempfile.mkdtemp(prefix="edition-watch-"))
    ebooks = any(f in formats for f in ("epub", "kepub", "azw3"))
    warm = validate.WarmEpubCheck() if ebooks else None      # warming up for the next build
    try:
        checks = 0
        while rounds is None or checks < rounds:
            checks += 1
            try:
                now = cache.digest(manifest_module.load(manifest), STYLES, formats, None)
            except EditionError as error:
                now = "bad manifest: " + "; ".join(str(m) for m in error.messages)
            if now != last_digest:
                last_digest = now
                before = keep / "before.epub"
                epub = out_dir / f"{manifest.stem}.epub"
                if epub.exists():
                    shutil.copy(epub, before)
                try:
                    result = build(manifest, out_dir, formats, warm=warm)
                    counts = result.report or last_counts
                except EditionError as error:
                    for line in error.messages:
                        say(f"edition: {line}")
                    say("build failed; the last good edition is kept. Waiting for the next save…")
                else:
                    say(f"{'up to date' if result.up_to_date else 'built'}: {result.pages} pages "
                        f"in {result.seconds:.1f} s")
                    for text, (applied, suspects) in sorted(counts.items()):
                        old = last_counts.get(text)
                        if old is not None and old != (applied, suspects):
                            say(f"report: {text}: {old[0]} → {applied} changes, {old[1]} → {suspects} suspects")
                    last_counts = counts
                    if before.exists() and epub.exists():
                        for line in diff.changes(before, epub):
                            say(f"text: {line}")
                finally:
                    if warm is not None and warm.used:      # one check each: start the next one's, on this EPUB
                        warm.close()
                        warm = validate.WarmEpubCheck(epub if epub.exists() else None)
            if rounds is None or checks < rounds:
                time.sleep(interval)
    except KeyboardInterrupt:
        pass
    finally:
        shutil.rmtree(keep, ignore_errors=True)
        if warm is not None:
            warm.close()
    return 0
