"""Hostile and broken inputs: each gets a clear answer, never code run from the output folder, never a wrong
book, never a file lost.  Each test names the input, the exit code and the message it expects."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import zipfile
from pathlib import Path

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
    second = texts[1].read_bytes()
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


# paths, manifests and texts that a build must refuse, at their line

GOOD = SMALL.read_text(encoding="utf-8")


def _run(tmp_path, manifest_text: str, capsys, *extra: str, command: str = "check") -> tuple[int, str]:
    manifest = _copy(tmp_path) if not (tmp_path / "src").exists() else tmp_path / "src" / "small.yaml"
    manifest.write_text(manifest_text, encoding="utf-8")
    code = main([command, str(manifest), *extra])
    return code, capsys.readouterr().err


def test_root_cannot_reach_above_the_folder_named_on_the_command_line(tmp_path, capsys):
    """`root: /` with `file: /etc/passwd`: exit 2, m-009 at the root's line; the password file is read
    nowhere. With --root naming a folder, `root:` may reach that folder and no further."""
    escaping = "root: /\n" + GOOD.replace("file: texts/first.txt", "file: /etc/passwd")
    code, err = _run(tmp_path, escaping, capsys)
    assert code == 2 and ":1:7: m-009 bad value for 'root': '/' leaves" in err, err
    assert "root:x:" not in err
    inner = tmp_path / "src" / "inner"
    inner.mkdir()
    (inner / "small.yaml").write_text("root: ..\n" + GOOD.replace("texts/", "../texts/"), encoding="utf-8")
    assert main(["check", str(inner / "small.yaml")]) == 2
    assert "m-009 bad value for 'root': '..' leaves" in capsys.readouterr().err
    assert main(["check", str(inner / "small.yaml"), "--root", str(tmp_path / "src")]) == 0


def test_manifests_that_take_texts_from_each_other(tmp_path, capsys):
    """A manifest taking a text `from:` itself, or two taking from each other: exit 2, m-009, no recursion."""
    itself = GOOD.replace("  - file: texts/second.txt\n", "  - {from: small.yaml, id: second}\n  - file: texts/second.txt\n", 1)
    code, err = _run(tmp_path, itself, capsys)
    assert code == 2 and "m-009 bad value for 'from': the manifests take texts from each other: small.yaml → small.yaml" in err, err
    (tmp_path / "src" / "other.yaml").write_text(GOOD.replace(
        "  - file: texts/second.txt\n", "  - {from: small.yaml, id: second}\n  - file: texts/second.txt\n", 1),
        encoding="utf-8")
    mutual = GOOD.replace("  - file: texts/second.txt\n", "  - {from: other.yaml, id: second}\n  - file: texts/second.txt\n", 1)
    code, err = _run(tmp_path, mutual, capsys)
    assert code == 2 and "small.yaml → other.yaml → small.yaml" in err, err
    assert "RecursionError" not in err and "internal error" not in err


@pytest.mark.parametrize("name, text, expected", [
    ("nested thousands deep", "edition: " + "[" * 5000 + "]" * 5000 + "\n", "m-007 not valid YAML: lists or mappings nested too deeply"),
    ("an impossible date", GOOD.replace("  date: 2024-05-01\n", "  date: 2024-02-30\n"),
     ":7:9: m-009 bad value for 'date': '2024-02-30' is not a day of the calendar"),
])
def test_manifest_values_that_cannot_be(tmp_path, capsys, name, text, expected):
    code, err = _run(tmp_path, text, capsys)
    assert code == 2 and expected in err and "internal error" not in err, err


@pytest.mark.parametrize("command", ["build", "check", "clean"])
def test_what_is_not_a_regular_file_is_refused(tmp_path, capsys, command):
    """`edition build /dev/zero`, `edition clean /dev/zero`, a FIFO: exit 2 at once, naming the file."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        code = main([command, path] + (["-o", str(tmp_path / "out")] if command == "build" else []))
        err = capsys.readouterr().err
        assert code == 2 and f"{path}: " in err and "not a regular file" in err, err


def test_a_text_too_large_is_refused(tmp_path, capsys):
    big = tmp_path / "big.txt"
    with big.open("wb") as file:
        file.truncate(17 * 1024 * 1024)
    assert main(["clean", str(big)]) == 2
    assert "r-004 cannot read this text: larger than 16 MB" in capsys.readouterr().err


def test_utf16_and_utf32_texts_are_read_by_their_mark(tmp_path, capsys):
    for encoding in ("utf-16", "utf-16-be", "utf-32"):
        text = tmp_path / f"{encoding}.txt"
        data = "Pëtr’s paragraph.\n".encode(encoding)
        text.write_bytes(data if encoding != "utf-16-be" else b"\xfe\xff" + data)
        assert main(["clean", str(text)]) == 0
        out = capsys.readouterr().out
        assert out.startswith("Pëtr’s paragraph.") and "ÿþ" not in out, out


def test_command_line_values_that_cannot_be(tmp_path, capsys):
    """--workers -1, and two manifests that would build into the same folder: exit 2, one line, nothing
    built."""
    manifest = _copy(tmp_path)
    assert main(["build", str(manifest), "-o", str(tmp_path / "out"), "--workers", "-1"]) == 2
    assert "m-009 bad value for '--workers': -1" in capsys.readouterr().err
    twin = tmp_path / "b" / "small.yaml"
    shutil.copytree(manifest.parent, twin.parent)
    assert main(["build", str(manifest), str(twin), "-o", str(tmp_path / "out")]) == 2
    assert "would both build into" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name, change, expected", [
    ("an id that names a generated document", ("    id: second\n", "    id: nav\n"),
     ":20:5: m-009 bad value for 'id': 'nav' names a document the builder makes"),
    ("a title whose id would be one", ("    title: First <Text> & More\n", "    title: Index\n"),
     "'index' names a document the builder makes"),
    ("an erratum with nothing before", ("    omit: [\"First <Text> & More\"]\n",
                                        "    omit: [\"First <Text> & More\"]\n    errata: [{before: '', after: X, count: 4}]\n"),
     "m-009 bad value for 'before': it is empty"),
    ("a text left empty by its lines", ("    end: \"END HERE\"\n", "    end: \"START HERE\"\n"),
     "r-005 the text 'The Second Text' is empty after its start, end and omit"),
    ("margins wider than the page", ("edition:\n", "print: {trim: A6, margins: {inside: 60mm, outside: 50mm}}\nedition:\n"),
     ":1:28: m-009 bad value for 'margins': they leave -5 × 120.6 mm of a 105 × 148 mm page"),
    ("a page of 1 mm", ("edition:\n", "print: {trim: 1x1mm}\nedition:\n"),
     ":1:15: m-009 bad value for 'trim': 1 × 1 mm; a page is 50 to 1000 mm on each side"),
])
def test_manifest_decisions_that_cannot_be_carried_out(tmp_path, capsys, name, change, expected):
    assert change[0] in GOOD, name
    code, err = _run(tmp_path, GOOD.replace(change[0], change[1], 1), capsys)
    assert code == 2 and expected in err and "internal error" not in err, err


def test_a_cover_that_is_no_image(tmp_path, capsys):
    manifest = _copy(tmp_path)
    (manifest.parent / "cover.png").write_text("<html>not an image</html>", encoding="utf-8")
    code, err = _run(tmp_path, GOOD.replace("edition:\n", "edition:\n  cover: cover.png\n", 1), capsys)
    assert code == 2 and "m-009 bad value for 'cover': cover.png is neither a PNG nor a JPEG image" in err, err


@pytest.mark.parametrize("value", ["abc", "-5", "99999999999999"])
def test_a_source_date_epoch_that_is_no_date(tmp_path, capsys, monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    manifest = _copy(tmp_path)
    assert main(["build", str(manifest), "-o", str(tmp_path / "out"), "--format", "epub"]) == 2
    assert f"b-006 SOURCE_DATE_EPOCH={value!r} is not a date" in capsys.readouterr().err
    assert not (tmp_path / "out" / "small.epub").exists()


def test_a_change_of_source_date_epoch_is_a_change(tmp_path, monkeypatch):
    manifest = _copy(tmp_path)
    from edition.manifest import load as manifest_module

    loaded = manifest_module.load(manifest)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = cache.digest(loaded, tmp_path, ("epub",), None)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert cache.digest(loaded, tmp_path, ("epub",), None) != first


@pytest.mark.slow
def test_two_builds_into_one_folder(tmp_path, capsys):
    """While a build holds the output folder, a second one stops at once (exit 1, b-005) and writes nothing;
    the temporary folder a killed build left behind is removed by the next build; a JPEG cover is packed as
    a JPEG (EPUBCheck passes inside the build)."""
    import fcntl

    manifest = _copy(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".edition-lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("4242")
        held.flush()
        assert main(["build", str(manifest), "-o", str(out), "--format", "epub"]) == 1
        assert "b-005 another build is writing into" in capsys.readouterr().err
    assert not (out / "small.epub").exists()
    (out / ".building-killed").mkdir()
    (out / ".building-killed" / "small.pdf").write_bytes(b"half")
    from PIL import Image

    Image.new("RGB", (160, 256), "darkred").save(manifest.parent / "cover.jpg", "JPEG")
    manifest.write_text(GOOD.replace("edition:\n", "edition:\n  cover: cover.jpg\n", 1), encoding="utf-8")
    assert main(["build", str(manifest), "-o", str(out), "--format", "epub"]) == 0
    assert not (out / ".building-killed").exists()
    with zipfile.ZipFile(out / "small.epub") as epub:
        assert "EPUB/images/cover.jpg" in epub.namelist()
        assert 'media-type="image/jpeg"' in epub.read("EPUB/content.opf").decode()


# other commands

def test_diff_of_broken_epubs(tmp_path, capsys):
    """`edition diff` on a zip that is no EPUB, an EPUB whose spine names nothing, and a zip bomb (a document
    inflating to 70 MB): exit 2, one line; what it inflates is bounded."""
    def epub(name: str, members: dict) -> Path:
        path = tmp_path / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, data in members.items():
                archive.writestr(member, data)
        return path

    opf = ('<package xmlns="http://www.idpf.org/2007/opf"><manifest><item id="a" href="a.xhtml"/></manifest>'
           '<spine><itemref idref="{ref}"/></spine></package>')
    cases = {
        "no.epub": {"mimetype": "application/epub+zip"},
        "spine.epub": {"content.opf": opf.format(ref="missing")},
        "bomb.epub": {"content.opf": opf.format(ref="a"), "a.xhtml": b"<html>" + b" " * (70 * 1024 * 1024)},
    }
    good = epub("good.epub", {"content.opf": opf.format(ref="a"), "a.xhtml": "<html xmlns='http://www.w3.org/1999/xhtml'/>"})
    for name, members in cases.items():
        assert main(["diff", str(good), str(epub(name, members))]) == 2, name
        err = capsys.readouterr().err
        assert "is not a readable EPUB" in err and "internal error" not in err, err


def test_many_editions_of_one_name_or_one_failing(tmp_path):
    """build_with_dask: two manifests that would build into one folder are refused before anything is built;
    an edition that fails comes back as a failed result beside the others."""
    pytest.importorskip("dask")
    from edition.build.distributed import build_task, build_with_dask
    from edition.messages import BadInput

    manifest = _copy(tmp_path)
    twin = tmp_path / "b" / "small.yaml"
    shutil.copytree(manifest.parent, twin.parent)
    with pytest.raises(BadInput, match="would both build into"):
        build_with_dask([manifest, twin], tmp_path / "out")
    manifest.write_text(GOOD.replace("  date: 2024-05-01\n", "  date: 2024-02-30\n"), encoding="utf-8")
    failed = build_task(str(manifest), str(tmp_path / "out"), ("epub",))
    assert not failed["ok"] and failed["exit_code"] == 2 and "not a day of the calendar" in failed["errors"][0]


@pytest.mark.slow
def test_an_epub_that_was_not_checked_is_not_made(tmp_path, capsys, monkeypatch):
    """Where EPUBCheck cannot run (no Java), the build fails (exit 1, e-002) rather than write an EPUB that
    was never validated."""
    from edition.check import epubcheck

    monkeypatch.setattr(epubcheck, "java_and_jar", lambda: None)
    manifest = _copy(tmp_path)
    assert main(["build", str(manifest), "-o", str(tmp_path / "out"), "--format", "epub"]) == 1
    assert "e-002 EPUBCheck could not run: java is not on PATH" in capsys.readouterr().err
    assert not (tmp_path / "out" / "small.epub").exists()


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_full_disk_is_said_in_one_line(tmp_path, capsys, monkeypatch, workers):
    """The disk fills while a piece's PDF is written (in this process or in a worker): exit 1, one line naming
    the file and saying the last edition is kept, no traceback."""
    import errno

    from edition.pdf import weasy

    def full(rendered, target, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    manifest = _copy(tmp_path)
    monkeypatch.setattr(weasy, "write", full)
    assert main(["build", str(manifest), "-o", str(tmp_path / "out"), "--force", "--workers", workers]) == 1
    err = capsys.readouterr().err
    assert "b-001 could not write" in err and "No space left on device; the last edition is kept as it was" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err


def test_a_character_the_fonts_lack_is_named_at_its_line(tmp_path, capsys):
    """An emoji and a private-use character left by OCR: `edition check` (and the build) stop with exit 2,
    one line each naming the raw file and line, before any page is laid out."""
    manifest = _copy(tmp_path)
    text = manifest.parent / "texts" / "first.txt"
    lines = text.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, start=1) if len(line.split()) > 5)
    lines[number - 1] += " \U0001F600 and \ue000"
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["check", str(manifest)]) == 2
    err = capsys.readouterr().err
    assert f"texts/first.txt:{number}: r-006 the character '😀' (U+1F600, GRINNING FACE) is in none of the book's" in err
    assert "(U+E000, unnamed)" in err and "internal error" not in err, err
