"""No process outlives the command that started it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.helpers import ROOT, SMALL

pytestmark = pytest.mark.slow      # each test builds an edition


def _marked(mark: str) -> list[str]:
    """The command lines of the running processes whose environment carries ``mark``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if mark.encode() in (proc / "environ").read_bytes():
                found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:          # gone meanwhile, or not ours to read
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux's /proc to see the processes")
def test_a_build_leaves_no_process_running(tmp_path):
    """`edition build` starts EPUBCheck's JVM and layout workers; when it returns, none of them runs. Every
    process it starts inherits its environment, so a mark put there finds them all, wherever they went."""
    mark = f"EDITION_TEST_MARK={uuid.uuid4().hex}"
    environment = dict(os.environ, EDITION_TEST_MARK=mark.partition("=")[2])
    done = subprocess.run([sys.executable, "-m", "edition", "build", str(SMALL), "-o", str(tmp_path / "out"),
                           "--workers", "2"], cwd=ROOT, env=environment, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "small.epub").is_file()
    assert _marked(mark) == []


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux's /proc to see the processes")
def test_watch_ends_its_epubcheck_when_it_is_terminated(tmp_path):
    """`edition watch` keeps an EPUBCheck warm between saves; SIGTERM (as a closed terminal or a service
    manager sends) ends the watcher and that EPUBCheck with it."""
    mark = uuid.uuid4().hex
    environment = dict(os.environ, EDITION_TEST_MARK=mark, PYTHONUNBUFFERED="1")
    watcher = subprocess.Popen([sys.executable, "-m", "edition", "watch", str(SMALL), "-o", str(tmp_path / "out"),
                                "--format", "epub"], cwd=ROOT, env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        said = []
        for line in watcher.stdout:                 # the first build
            said.append(line)
            if line.startswith("built"):
                break
        assert any(line.startswith("built") for line in said), said
        deadline = time.monotonic() + 60                # the next build's EPUBCheck is started after the line
        while not any("java" in command for command in _marked(mark)):
            assert time.monotonic() < deadline, "no EPUBCheck waits for the next build"
            time.sleep(0.2)
        watcher.terminate()
        assert watcher.wait(timeout=60) == 0
    finally:
        if watcher.poll() is None:
            watcher.kill()
    assert _marked(mark) == []
