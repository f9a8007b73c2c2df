"""The build cache: nothing changed, nothing done; any change to what a build reads, a full build."""

from __future__ import annotations

import shutil

import pytest

from edition.build import cache
from edition.manifest import load as manifest_module
from edition.build.pipeline import STYLES, build
from tests.helpers import SMALL

pytestmark = pytest.mark.slow      # each test builds an edition


def _copy(tmp_path):
    folder = tmp_path / "src"
    shutil.copytree(SMALL.parent, folder)
    return folder / "small.yaml"


def test_a_rebuild_with_nothing_changed_does_nothing(tmp_path):
    manifest = _copy(tmp_path)
    out = tmp_path / "out"
    first = build(manifest, out, ("epub",))
    made = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    again = build(manifest, out, ("epub",))
    assert again.up_to_date and not first.up_to_date and again.seconds < first.seconds / 10
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == made
    assert [p.name for p in again.outputs] == ["small.epub"]

    text = manifest.parent / "texts" / "second.txt"                 # one byte of a source
    text.write_bytes(text.read_bytes().replace(b"begins", b"starts"))
    assert not build(manifest, out, ("epub",)).up_to_date
    assert build(manifest, out, ("epub",)).up_to_date
    (out / "small.epub").write_bytes(b"not the book")                  # an output touched by hand
    assert not build(manifest, out, ("epub",)).up_to_date
    assert not build(manifest, out, ("epub", "kepub")).up_to_date     # other formats asked for
    (out / cache.RECORD).unlink()                                      # the record deleted: a full build
    assert not build(manifest, out, ("epub", "kepub")).up_to_date


def test_every_input_is_in_the_digest(tmp_path, monkeypatch):
    manifest_path = _copy(tmp_path)
    styles = tmp_path / "styles"
    shutil.copytree(STYLES, styles)

    def digest():
        return cache.digest(manifest_module.load(manifest_path), styles, ("epub", "pdf"), None)

    seen = {digest()}
    changes = [
        lambda: (styles / "templates" / "text.html").write_text(
            (styles / "templates" / "text.html").read_text() + "\n", encoding="utf-8"),          # a template
        lambda: (styles / "book.css").write_text((styles / "book.css").read_text() + "p{}", encoding="utf-8"),
        lambda: manifest_path.write_text(manifest_path.read_text().replace("Test Press", "Other Press"),
                                         encoding="utf-8"),                                          # a field
        lambda: manifest_path.write_text(manifest_path.read_text().replace(
            "    omit: [\"First <Text> & More\"]",
            "    omit: [\"First <Text> & More\"]\n    errata: [\"closing → final\"]"), encoding="utf-8"),  # an erratum
        lambda: (manifest_path.parent / "texts" / "first.txt").write_bytes(
            (manifest_path.parent / "texts" / "first.txt").read_bytes() + b" "),                    # a source byte
        lambda: monkeypatch.setattr(cache, "__version__", "99.0"),                                   # the version
    ]
    for change in changes:
        change()
        now = digest()
        assert now not in seen
        seen.add(now)
    assert digest() in seen                                            # and it is stable
    assert cache.digest(manifest_module.load(manifest_path), styles, ("epub",), None) not in seen
    assert cache.digest(manifest_module.load(manifest_path), styles, ("epub", "pdf"), "print") not in seen
