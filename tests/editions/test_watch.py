"""`edition watch`: a save rebuilds the edition and says what changed."""

from __future__ import annotations

import shutil
import threading
import time

import pytest

from edition.build.watch import watch
from tests.helpers import SMALL

pytestmark = pytest.mark.slow      # each test builds an edition


def test_a_save_rebuilds_and_shows_the_change(tmp_path):
    """The watcher builds, a save of a text rebuilds it and prints the changed passage; setting ``stop`` ends
    it, with its EPUBCheck."""
    folder = tmp_path / "src"
    shutil.copytree(SMALL.parent, folder)
    said: list[str] = []
    stop = threading.Event()
    worker = threading.Thread(target=watch, args=(folder / "small.yaml", tmp_path / "out", ("epub",), said.append,
                                                  stop))
    worker.start()
    try:
        for _ in range(1200):                        # the first build
            if any(line.startswith("built") for line in said):
                break
            time.sleep(0.1)
        text = folder / "texts" / "first.txt"
        text.write_text(text.read_text(encoding="utf-8").replace("A closing paragraph", "A final paragraph"),
                        encoding="utf-8")
        for _ in range(1200):                        # the rebuild
            if sum(line.startswith("built") for line in said) == 2:
                break
            time.sleep(0.1)
    finally:
        stop.set()
        worker.join(timeout=60)
    assert not worker.is_alive()
    assert sum(line.startswith("built") for line in said) == 2, said
    assert any("A [-closing-]{+final+} paragraph" in line for line in said if line.startswith("text: ")), said
