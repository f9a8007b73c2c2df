"""No process outlives the command that started it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from tests.helpers import READER, ROOT, SMALL

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


def _children(pid: int, mark: str) -> list[int]:
    """The marked processes whose parent is ``pid``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if parent == pid and mark.encode() in (proc / "environ").read_bytes():
                found.append(int(proc.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def _start(tmp_path, manifest, mark: str, *extra: str) -> subprocess.Popen:
    environment = dict(os.environ, EDITION_TEST_MARK=mark, TMPDIR=str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return subprocess.Popen([sys.executable, "-m", "edition", "build", str(manifest), "-o", str(tmp_path / "out"),
                             *extra], cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _wait_for(condition, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.02)
    return None


@pytest.mark.parametrize("where", ["layout", "clean"])
def test_a_killed_worker_fails_the_build_and_keeps_the_last_edition(tmp_path, monkeypatch, capsys, where):
    """A worker process killed (kill -9) while it lays out a piece or cleans a text: the build stops (exit 1,
    b-007), never hangs, and the last edition stays as it was; WeasyPrint's temporary folders go too."""
    import signal

    from edition.build import pipeline
    from edition.cli import main
    from edition.pdf import layout

    out = tmp_path / "out"
    assert main(["build", str(SMALL), "-o", str(out)]) == 0
    made = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    parent = os.getpid()

    def killed(*args):
        if os.getpid() != parent:                       # in the worker, not in this process
            os.kill(os.getpid(), signal.SIGKILL)
        return original(*args)

    original = layout.paginate if where == "layout" else pipeline._clean_here
    monkeypatch.setattr(layout if where == "layout" else pipeline, "paginate" if where == "layout" else "_clean_here",
                        killed)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    started = time.monotonic()
    capsys.readouterr()
    assert main(["build", str(SMALL), "-o", str(out), "--force", "--workers", "2"]) == 1
    assert time.monotonic() - started < 120
    assert "b-007 a worker process of the build ended with exit code" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == made
    assert [p.name for p in (tmp_path / "tmp").iterdir()] == []


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux's /proc to see the processes")
def test_the_workers_end_when_the_build_is_killed(tmp_path):
    """kill -9 of the build itself (a CI timeout, a closed terminal): its workers and EPUBCheck's JVM end
    with it."""
    import signal

    mark = uuid.uuid4().hex
    build = _start(tmp_path, READER, mark, "--workers", "2")
    try:
        assert _wait_for(lambda: len(_children(build.pid, mark)) >= 2), "no workers seen"
        os.kill(build.pid, signal.SIGKILL)
        build.wait(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
    assert _wait_for(lambda: _marked(mark) == [], 30), _marked(mark)


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux's /proc to see the processes")
def test_a_build_killed_at_any_moment_leaves_the_last_edition(tmp_path):
    """kill -9 of a build at several moments (reading, cleaning, laying out, checking, writing): each time the
    last edition is as it was, nothing the build started is left running, and the next build is the book
    a build from nothing makes."""
    import signal

    out = tmp_path / "out"
    made = subprocess.run([sys.executable, "-m", "edition", "build", str(SMALL), "-o", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stderr
    last = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".edition-lock"}
    for delay in (0.3, 0.8, 1.5, 2.5, 4.0, 6.0):
        mark = uuid.uuid4().hex
        build = _start(tmp_path, SMALL, mark, "--force")
        time.sleep(delay)
        os.kill(build.pid, signal.SIGKILL)
        build.wait(timeout=60)
        now = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".edition-lock"}
        assert now == last or build.returncode == 0, delay      # intact, unless the build had finished
        last = now
        assert _wait_for(lambda: _marked(mark) == [], 30), (delay, _marked(mark))
    again = subprocess.run([sys.executable, "-m", "edition", "build", str(SMALL), "-o", str(out), "--format",
                            "epub,pdf"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert not list(out.glob(".building-*"))
    fresh = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "edition", "build", str(SMALL), "-o", str(fresh)], cwd=ROOT, check=True,
                   capture_output=True, timeout=600)
    assert (out / "small.pdf").read_bytes() == (fresh / "small.pdf").read_bytes()
