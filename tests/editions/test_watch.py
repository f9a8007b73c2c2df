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
    folder = tmp_path / "src"
    shutil.copytree(SMALL.parent, folder)
    said: list[str] = []
    worker = threading.Thread(target=watch, args=(folder / "small.yaml", tmp_path / "out", ("epub",), 0.2, 60,
                                                  said.append))
    worker.start()
    for _ in range(200):                        # the first build
        if any(line.startswith("built") for line in said):
            break
        time.sleep(0.1)
    text = folder / "texts" / "first.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("A closing paragraph", "A final paragraph"),
                    encoding="utf-8")
    worker.join(timeout=120)
    assert sum(line.startswith("built") for line in said) == 2, said
    assert any("A [-closing-]{+final+} paragraph" in line for line in said if line.startswith("text: ")), said
