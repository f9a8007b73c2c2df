"""Shared fixtures: the default reader and the small fixture edition, each built once per run."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from edition.build.pipeline import build

# no spare EPUBCheck left waiting by the command's builds (edition/spare.py; its own test turns it on)
os.environ["EDITION_SPARE_EPUBCHECK"] = "0"

ROOT = Path(__file__).resolve().parent.parent
READER = ROOT / "source" / "reader.yaml"
SMALL = ROOT / "tests" / "fixtures" / "small" / "small.yaml"


def page_texts(pdf: Path) -> list[str]:
    """The text of every page of a PDF, as laid out."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return [document[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(document))]
    finally:
        document.close()


def destination_pages(pdf: Path) -> dict[str, int]:
    """The page (from 0) of each of a PDF's named destinations."""
    with pikepdf.open(pdf) as document:
        pages = {page.obj.objgen: number for number, page in enumerate(document.pages)}
        names = document.Root.get("/Names", {}).get("/Dests")
        found = {}
        for name, destination in (pikepdf.NameTree(names).items() if names is not None else ()):
            if isinstance(destination, pikepdf.Dictionary):
                destination = destination.D
            found[name] = pages.get(destination[0].objgen, -1)
        return found


def epub_files(epub: Path) -> dict[str, str]:
    with zipfile.ZipFile(epub) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.endswith((".xhtml", ".opf", ".ncx", ".xml"))}


@pytest.fixture(scope="session")
def reader(tmp_path_factory):
    """The default reader, built for real (EPUBCheck and the PDF checks run inside the build)."""
    out = tmp_path_factory.mktemp("reader")
    result = build(READER, out)
    return result, out


@pytest.fixture(scope="session")
def reader_pages(reader):
    result, out = reader
    return page_texts(out / "reader.pdf")


@pytest.fixture(scope="session")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("small")
    result = build(SMALL, out)
    return result, out
