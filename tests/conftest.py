"""Shared fixtures: the default reader and the small fixture edition, each built once per run."""

from __future__ import annotations

import pytest

from edition.build.pipeline import build
from tests.helpers import READER, SMALL, page_texts


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
