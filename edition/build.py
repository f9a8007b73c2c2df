"""Run the stages: manifest → read → passes → render → EPUB / PDF → validate.

Everything is written into a temporary folder inside the output folder and
moved into place only when every output is made and valid, so a failed build
leaves the last good edition untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from edition import cover, epub, manifest as manifest_module, pdf, validate
from edition.changes import Change
from edition.messages import BuildFailed, Message, message
from edition.model import Edition
from edition.passes import run_passes
from edition.read import read_edition
from edition.render import Renderer, timestamp

STYLES = Path(__file__).resolve().parent.parent / "styles"
FORMATS = ("epub", "pdf")
STEPS = ("read", "clean", "render", "epub", "pdf", "validate")


@dataclass
class Prepared:
    """An edition read and cleaned, ready to render."""

    edition: Edition
    changes: dict[str, list[Change]]
    manifest: manifest_module.Manifest


@dataclass
class Result:
    outputs: list[Path] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    warnings: list[Message] = field(default_factory=list)
    changes: dict = field(default_factory=dict)


def prepare(manifest_path: Path, progress: Callable[[str], None] = lambda step: None) -> Prepared:
    """Load the manifest, read the texts and run the passes (raises BadInput)."""
    manifest = manifest_module.load(manifest_path)
    progress("read")
    edition, changes = read_edition(manifest)
    progress("clean")
    run_passes(edition, changes)
    return Prepared(edition, changes, manifest)


def check(manifest_path: Path) -> Prepared:
    """Everything but the writing: manifest, sources, passes and templates."""
    prepared = prepare(manifest_path)
    renderer = Renderer(STYLES)
    renderer.book_html(prepared.edition)
    renderer.epub_documents(prepared.edition, "images/cover.png")
    renderer.cover_html(prepared.edition)
    return prepared


def build(manifest_path: Path, out_dir: Path, formats: tuple[str, ...] = FORMATS,
          progress: Callable[[str], None] = lambda step: None) -> Result:
    started = time.perf_counter()
    prepared = prepare(manifest_path, progress)
    edition = prepared.edition
    renderer = Renderer(STYLES)
    result = Result(changes=prepared.changes)
    folders = [STYLES, prepared.manifest.root]

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".building-", dir=out_dir))
    except OSError as error:
        raise BuildFailed(message("b-001", path=out_dir, problem=error.strerror or str(error)))
    try:
        errors: list[Message] = []
        progress("render")
        book_html = renderer.book_html(edition) if "pdf" in formats else ""
        epub_check = None
        if "epub" in formats:
            if edition.cover:
                cover_png = Path(edition.cover).read_bytes()
            else:
                cover_png = cover.draw(renderer.cover_html(edition), STYLES)
            documents, _ = renderer.epub_documents(edition, "images/cover.png")
            progress("epub")
            epub_path = work / f"{edition.name}.epub"
            epub.write(edition, documents, cover_png, STYLES, epub_path, timestamp(edition))
            epub_check = validate.start_epubcheck(epub_path, work / "epubcheck.json")
        if "pdf" in formats:
            progress("pdf")
            rendered = pdf.render(book_html, STYLES, folders)
            errors += [m for m in rendered.messages if m.level == "error"]
            result.warnings += [m for m in rendered.messages if m.level != "error"]
            pdf_path = work / f"{edition.name}.pdf"
            pdf.write(rendered, pdf_path, edition.meta.identifier, timestamp(edition))
            result.pages = rendered.pages
            del rendered
        progress("validate")
        if "pdf" in formats:
            errors += validate.check_pdf(pdf_path)
        if epub_check is not None:
            found = validate.finish_epubcheck(epub_check)
            errors += [m for m in found if m.level == "error"]
            result.warnings += [m for m in found if m.level != "error"]
        if errors:
            raise BuildFailed(errors)
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
        shutil.rmtree(work, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    return result
