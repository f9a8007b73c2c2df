"""Hostile and broken inputs: each gets a clear answer, never code run from the output folder, never a wrong
book, never a file lost.  Each test names the input, the exit code and the message it expects."""

from __future__ import annotations

import json
import pickle
import shutil
import zipfile

import pytest

from edition.build import cache
from edition.build.data import dumps, loads
from edition.cli import main
from edition.model.nodes import Emph, Paragraph, Str
from tests.helpers import SMALL


def _copy(tmp_path):
    folder = tmp_path / "src"
    shutil.copytree(SMALL.parent, folder)
    return folder / "small.yaml"


class _Planted:
    """What a pickle planted in the cache would run when unpickled."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


# the cache holds data, not code

def test_the_cache_format_makes_only_the_builders_data():
    paragraph = Paragraph([Str("a "), Emph([Str("b")])], "t.txt", 3)
    value = ([paragraph, paragraph], {"keep": {"Stalinoid"}, (1, 2): None})
    back = loads(dumps(value))
    assert back == value and back[0][0] is back[0][1]            # shared as it was
    for planted in (b'{"@c": "Popen", "@n": 0, "f": {}}', b'{"@c": "Paragraph", "@n": 0, "f": {"x": 1}}',
                    b'{"@r": 7}', pickle.dumps(["data"])):
        with pytest.raises((ValueError, UnicodeDecodeError)):
            loads(planted)
    with pytest.raises(ValueError):
        dumps(_Planted("x"))


@pytest.mark.parametrize("record", ["garbage{", "[]", "null", '{"inputs": 3}', '{"outputs": {"../x": "y"}}'])
def test_a_damaged_build_record_is_no_record(tmp_path, record):
    """.edition-cache.json holding garbage, an empty list, null or the wrong shapes: no 'up to date', no
    internal error."""
    (tmp_path / cache.RECORD).write_text(record, encoding="utf-8")
    assert cache.up_to_date(tmp_path, "digest") is None


@pytest.mark.slow
def test_a_tampered_cache_is_never_trusted(tmp_path, capsys):
    """Entries of the cache changed by another hand — a pickle planted where a text was kept, two kept texts
    swapped, the cover image and a piece's PDF cut short as a kill during their write leaves them — are made
    again: exit 0, one line (b-003) naming them, and the book is the one a build without the cache makes.
    Nothing planted runs."""
    manifest = _copy(tmp_path)
    out = tmp_path / "out"
    assert main(["build", str(manifest), "-o", str(out), "--format", "epub,pdf"]) == 0
    store = out / ".edition-cache"
    texts = sorted(store.glob("text-*.json"))
    assert len(texts) == 2 and not list(store.glob("*.pickle"))
    marker = tmp_path / "ran"
    first, second = texts[0].read_bytes(), texts[1].read_bytes()
    texts[0].write_bytes(second)                                    # swapped
    texts[1].write_bytes(pickle.dumps(_Planted(marker)))          # planted
    image = next(store.glob("image-*.png"))
    image.write_bytes(image.read_bytes()[:100])                    # cut short
    piece = max(store.glob("*.pdf"), key=lambda p: p.stat().st_size)
    piece.write_bytes(piece.read_bytes()[:1000])
    (out / "small.epub").unlink()                                  # so that the next build reads the cache
    capsys.readouterr()
    assert main(["build", str(manifest), "-o", str(out), "--format", "epub,pdf"]) == 0
    err = capsys.readouterr().err
    assert not marker.exists()
    assert "b-003 4 entries of the build cache did not match their seals" in err, err
    fresh = tmp_path / "fresh"
    assert main(["build", str(manifest), "-o", str(fresh), "--format", "epub,pdf", "--force"]) == 0
    assert (out / "small.pdf").read_bytes() == (fresh / "small.pdf").read_bytes()
    with zipfile.ZipFile(out / "small.epub") as made, zipfile.ZipFile(fresh / "small.epub") as expected:
        assert {n: made.read(n) for n in made.namelist()} == {n: expected.read(n) for n in expected.namelist()}


@pytest.mark.slow
def test_a_cache_folder_that_is_a_link_is_left_alone(tmp_path, capsys):
    """OUT/.edition-cache a symbolic link to another folder: the build uses no cache there and deletes
    nothing of it (exit 0, one line b-004)."""
    manifest = _copy(tmp_path)
    out, elsewhere = tmp_path / "out", tmp_path / "documents"
    elsewhere.mkdir()
    (elsewhere / "thesis.docx").write_bytes(b"years of work")
    (elsewhere / ("0" * 64 + ".json")).write_text("{}", encoding="utf-8")   # named like an entry, even
    out.mkdir()
    (out / ".edition-cache").symlink_to(elsewhere)
    assert main(["build", str(manifest), "-o", str(out), "--format", "epub"]) == 0
    assert "b-004" in capsys.readouterr().err
    assert sorted(p.name for p in elsewhere.iterdir()) == ["0" * 64 + ".json", "thesis.docx"]
    assert json.loads((elsewhere / ("0" * 64 + ".json")).read_text(encoding="utf-8")) == {}
