"""Many editions in one run, and what changed between two editions."""

from __future__ import annotations

import shutil

import pytest

from edition.cli import main
from tests.helpers import SMALL

pytestmark = pytest.mark.slow      # each test builds an edition


def test_several_editions_build_on_past_a_failing_one(tmp_path, capsys):
    folder = tmp_path / "src"
    shutil.copytree(SMALL.parent, folder)
    shutil.copy(folder / "small.yaml", folder / "second.yaml")
    (folder / "broken.yaml").write_text("edition: {title: Broken}\n", encoding="utf-8")
    manifests = [str(folder / name) for name in ("small.yaml", "broken.yaml", "second.yaml")]
    code = main(["build", *manifests, "-o", str(tmp_path / "out"), "--format", "epub"])
    out, err = capsys.readouterr()
    assert code == 2                                          # the worst exit code of the editions
    assert "broken.yaml:1:10: m-003 missing required key 'date' in edition" in err
    assert (tmp_path / "out" / "small" / "small.epub").exists()
    assert (tmp_path / "out" / "second" / "second.epub").exists()
    table = out[out.index("edition "):]
    assert "small " in table and "broken " in table and "failed (1 problems)" in table
    assert "2 built, 1 failed" in out


def test_diff_shows_what_changed_in_the_text(tmp_path, capsys):
    folder = tmp_path / "src"
    shutil.copytree(SMALL.parent, folder)
    manifest = str(folder / "small.yaml")
    assert main(["build", manifest, "-o", str(tmp_path / "first"), "--format", "epub"]) == 0
    text = folder / "texts" / "first.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("A closing paragraph", "A final paragraph"),
                    encoding="utf-8")
    assert main(["build", manifest, "-o", str(tmp_path / "second"), "--format", "epub"]) == 0
    capsys.readouterr()
    assert main(["diff", str(tmp_path / "first"), str(tmp_path / "second" / "small.epub")]) == 0
    out = capsys.readouterr().out
    assert "first-text-more.xhtml ¶" in out and "A [-closing-]{+final+} paragraph" in out and "1 changes" in out
    assert main(["diff", str(tmp_path / "first"), str(tmp_path / "first")]) == 0
    assert "no change in the text" in capsys.readouterr().out
    assert main(["diff", str(tmp_path / "first"), str(folder / "small.yaml")]) == 2


def test_editions_as_tasks_on_dask(tmp_path):
    import pytest

    pytest.importorskip("dask")
    from edition.build.distributed import build_task, build_with_dask

    folder = tmp_path / "src"
    shutil.copytree(SMALL.parent, folder)
    shutil.copy(folder / "small.yaml", folder / "second.yaml")
    (folder / "broken.yaml").write_text("edition: {title: Broken}\n", encoding="utf-8")
    manifests = [folder / name for name in ("small.yaml", "broken.yaml", "second.yaml")]
    results = build_with_dask(manifests, tmp_path / "out", ("epub",))
    assert [r["ok"] for r in results] == [True, False, True]
    assert results[1]["exit_code"] == 2 and "m-003" in results[1]["errors"][0]
    assert (tmp_path / "out" / "second" / "second.epub").exists()
    again = build_task(str(manifests[0]), str(tmp_path / "out" / "small"), ("epub",))   # a task is pure:
    assert again["up_to_date"] and again["outputs"] == results[0]["outputs"]             # nothing to redo
