"""Broken manifests: each gives one clear line naming file, line and column, and exit code 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edition.cli import main
from tests.helpers import SMALL

GOOD = SMALL.read_text(encoding="utf-8")


def run(tmp_path: Path, manifest_text: str, capsys, command="check") -> tuple[int, str]:
    folder = tmp_path / "ed"
    if not folder.exists():
        shutil.copytree(SMALL.parent, folder)
    manifest = folder / "small.yaml"
    manifest.write_text(manifest_text, encoding="utf-8")
    code = main([command, str(manifest)] + (["-o", str(tmp_path / "out")] if command == "build" else []))
    return code, capsys.readouterr().err


CASES = [
    ("unknown key", GOOD.replace("    author: Ann Author\n", "    autor: Ann Author\n"),
     ":23:5: m-001 unknown key 'autor' — did you mean 'author'?"),
    ("wrong type", GOOD.replace("    date: 1901\n", "    date: [1901]\n"),
     ":18:11: m-002 'date' must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not a list"),
    ("bad date", GOOD.replace("  date: 2024-05-01\n", "  date: 1st May\n"),
     ":7:9: m-009 bad value for 'date': '1st May' is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ("missing title", GOOD.replace("  title: A Small Test Edition\n", ""),
     ":2:3: m-003 missing required key 'title' in edition"),
    ("missing file", GOOD.replace("texts/second.txt", "texts/absent.txt"),
     ":20:11: m-004 file not found: texts/absent.txt"),
    ("leaves the folder", GOOD.replace("texts/second.txt", "../../etc/passwd"),
     ":20:11: m-005 path ../../etc/passwd leaves the manifest's folder"),
    ("duplicate text", GOOD.replace("    id: second\n", "    id: first-text-more\n"),
     ":20:5: m-006 text 'first-text-more' appears twice (first at line 13)"),
    ("yaml syntax", GOOD.replace("  subjects: [Testing]\n", "  subjects: [Testing\n"),
     ":12:6: m-007 not valid YAML: expected ',' or ']'"),
    ("duplicate key", GOOD.replace("  publisher: Test Press\n", "  publisher: Test Press\n  publisher: Again\n"),
     ":6:3: m-008 key 'publisher' given twice (first at line 5)"),
    ("start not found", GOOD.replace('start: "START HERE"', 'start: "BEGIN HERE"'),
     ":24:12: m-010 start 'BEGIN HERE' not found in second.txt"),
    ("stale omit", GOOD.replace('omit: ["START HERE", "END HERE", 7]', 'omit: ["START HERE", "END HERE", "Gone"]'),
     ":26:38: m-010 omit line 'Gone' not found"),
    ("bad trim", GOOD + "print:\n  trim: A9\n",
     ":29:9: m-009 bad value for 'trim': 'A9' is not one of"),
    ("top-level typo", GOOD.replace("texts:\n", "textz:\n"),
     ":12:1: m-001 unknown key 'textz' — did you mean 'texts'?"),
    ("no texts", GOOD[:GOOD.index("texts:\n")],
     "m-011 the manifest has no texts"),
]


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
def test_broken_manifest(tmp_path, capsys, name, text, expected):
    code, err = run(tmp_path, text, capsys)
    assert code == 2, err
    assert expected in err, err
    assert "Traceback" not in err
    assert err.startswith("edition: ") and "small.yaml" in err


def test_all_problems_reported_at_once(tmp_path, capsys):
    text = GOOD.replace("    author: Ann Author\n", "    autor: Ann Author\n").replace("  date: 2024-05-01\n", "")
    code, err = run(tmp_path, text, capsys)
    assert code == 2
    assert "m-001" in err and "m-003 missing required key 'date'" in err


def test_missing_manifest(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nowhere.yaml")]) == 2
    assert "m-012 cannot read manifest" in capsys.readouterr().err


def test_source_not_utf8_is_read_as_windows_1252(tmp_path, capsys):
    folder = tmp_path / "ed"
    shutil.copytree(SMALL.parent, folder)
    (folder / "texts" / "first.txt").write_bytes("First <Text> & More\n\nCaf\xe9 au lait, \x93quoted\x94.\n".encode("latin-1"))
    assert main(["check", str(folder / "small.yaml")]) == 0, capsys.readouterr().err
    from edition.build.pipeline import prepare

    prepared = prepare(folder / "small.yaml")
    first = prepared.edition.texts[0]
    assert "Café au lait, “quoted”." in [p for b in first.blocks for p in [_text(b)]]
    assert any(c.rule.startswith("read as windows-1252") for c in prepared.changes[first.id])


def _text(block):
    from edition.model.walk import plain

    return plain(block.inlines)


@pytest.mark.slow
def test_failed_build_leaves_last_good_edition(tmp_path, capsys):
    code, err = run(tmp_path, GOOD, capsys, command="build")
    assert code == 0, err
    out = tmp_path / "out"
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert set(before) == {"small.epub", "small.pdf", "report.html", "report.json", ".edition-cache.json", ".edition-lock"}
    assert {p.name for p in out.iterdir() if p.is_dir()} == {".edition-cache"}     # the laid-out pieces
    code, err = run(tmp_path, GOOD.replace("texts/second.txt", "texts/absent.txt"), capsys, command="build")
    assert code == 2
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


@pytest.mark.slow
def test_failure_after_rendering_leaves_outputs_untouched(tmp_path, capsys, monkeypatch):
    from edition.check import epubcheck as validate
    from edition.messages import message

    code, _ = run(tmp_path, GOOD, capsys, command="build")
    out = tmp_path / "out"
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    changed = GOOD.replace("A Small Test Edition", "A Changed Title")
    monkeypatch.setattr(validate, "check_pdf", lambda path, expect=None, walked=None: [
        message("p-006", check="fonts", detail="FakeFont is not embedded (pages 1–3)")])
    code, err = run(tmp_path, changed, capsys, command="build")
    assert code == 1
    assert "p-006 preflight fonts: FakeFont is not embedded (pages 1–3)" in err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_help_is_complete(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "build" in text and "check" in text and "Exit codes" in text
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    text = capsys.readouterr().out
    for option in ("MANIFEST", "-o DIR", "--format"):
        assert option.split()[0] in text


def test_bad_format(tmp_path, capsys):
    assert main(["build", str(SMALL), "--format", "mobi", "-o", str(tmp_path)]) == 2
    assert "m-009 bad value for '--format': mobi" in capsys.readouterr().err
