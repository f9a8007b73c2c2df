"""Build an edition: the phases (``pipeline``), the cache, watching, many editions at once.

``build_edition`` is what the command runs.  It is light to import: it knows a build is up to date
(nothing it reads has changed) before it imports the builder, and starts EPUBCheck's JVM before the
builder's imports, since its start-up takes longer than anything but the layout.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TextIO

from edition.build import cache, folder
from edition.build.result import Result
from edition.check import epubcheck
from edition.manifest import load as manifest_module
from edition.render.styles import STYLES


def build_edition(manifest_path: Path, output: Path, formats: tuple, profile: str | None = None,
                  force: bool = False, workers: int = 0, progress_to: TextIO | None = None,
                  root: Path | None = None) -> Result:
    """Build one edition unless it is up to date, with a progress bar on ``progress_to`` (a terminal);
    ``root``: the folder the manifest's paths may reach at most (default: the manifest's own)."""
    started = time.perf_counter()
    manifest = manifest_module.load(manifest_path, root)        # once per build: handed to the builder
    inputs, record = cache.unchanged(manifest, output, STYLES, formats, profile)      # digested once per build
    if record is not None and not force:
        folder.clear_leftovers(output)
        return Result.unchanged(output, record, started)
    warm = epubcheck.WarmEpubCheck() if any(f in formats for f in ("epub", "kepub", "azw3")) else None
    try:
        from edition.build.pipeline import STEPS, build
        from edition.progress import Progress

        with Progress(STEPS, progress_to) as progress:
            result = build(manifest, output, formats, progress.step, profile=profile, force=force,
                           workers=workers, warm=warm, inputs=inputs)
    finally:
        if warm is not None:
            warm.close()
    result.seconds = time.perf_counter() - started
    return result
