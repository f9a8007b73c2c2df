"""The editor's desk in a real browser: Playwright drives Debian's Chromium through one editor's session on
a small edition (reject, accept, edit, undo), and the files written, the rebuilt EPUB and the queue are
checked.  With EDITION_SCREENSHOTS=1 the screenshots go to docs/images/ for the README."""

from __future__ import annotations

import json
import re
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from edition.build.pipeline import check
from tests.editions.test_processes import _marked
from tests.helpers import ROOT, epub_files

pytestmark = pytest.mark.slow      # builds an edition, starts a browser

CHROMIUM = Path("/usr/bin/chromium")
DESK = ROOT / "tests" / "fixtures" / "desk"


def _state(base: str, token: str) -> dict:
    with urllib.request.urlopen(f"{base}/api/state?token={token}", timeout=30) as response:
        return json.load(response)


def _built(base: str, token: str, after: int, timeout: float = 300) -> dict:
    """The state once the builds started after ``after`` builds are done."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = _state(base, token)
        if state["builds"] > after and not state["building"]:
            assert state["last"].startswith("built"), state["last"]
            return state
        time.sleep(0.3)
    raise AssertionError("the desk's rebuild did not end")


def _text(out: Path) -> str:
    return " ".join(" ".join(epub_files(out / "desk.epub").values()).split())


def test_the_desk(tmp_path):
    playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the test extra)")
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's Chromium: apt-get install chromium")
    folder = tmp_path / "desk"
    shutil.copytree(DESK, folder)
    manifest, errata, reviewed = folder / "desk.yaml", folder / "errata" / "wages.yaml", folder / "desk.review.yaml"
    out = tmp_path / "build"
    mark = uuid.uuid4().hex
    server = subprocess.Popen([sys.executable, "-m", "edition", "review", str(manifest), "-o", str(out),
                               "--no-browser"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, env=dict(os.environ, PYTHONUNBUFFERED="1", EDITION_TEST_MARK=mark))
    try:
        address = server.stdout.readline().split(" is at ")[1].split()[0]
        base, token = address.split("/?token=")
        assert base.startswith("http://127.0.0.1:")
        # without the token, nothing is read or written
        for request in (urllib.request.Request(f"{base}/api/state"),
                        urllib.request.Request(f"{base}/api/undo", data=b"", method="POST"),
                        urllib.request.Request(f"{base}/api/decide?token=wrong", method="POST",
                                               data=json.dumps({"key": "x", "action": "accept"}).encode())):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=30)
            assert refused.value.code == 403
        state = _built(base, token, 0)
        left = state["left"]
        # the static report: the same marking, the printed pages, the queue lowest confidence first
        report = (out / "report.html").read_text(encoding="utf-8")
        queue_part = report[report.index('id="queue"'):report.index('id="wages"')]
        assert "rests on the <del>rn</del><ins>m</ins>onopoly of the" in report
        assert 'sat<del><span class="odd" title="U+00A0 no-break space">⍽</span></del><ins> </ins>at' in report
        assert '<td class="page">p. 3</td>' in report and '<td class="page">p. 1</td>' in report  # the letter: p. 3
        shown = [int(p) for p in re.findall(r'<td class="sure">(\d+)%</td>', queue_part)]
        assert shown and shown == sorted(shown)
        confidences = [e["confidence"] for e in state["entries"]]
        assert confidences == sorted(confidences) and left == len(state["entries"]) > 5
        manifest_before, errata_before = manifest.read_bytes(), errata.read_bytes()

        with playwright.sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM))
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(address)
            page.wait_for_selector("#queue li")
            assert page.inner_text("#left") == f"{left} left to review"
            queue = page.locator("#queue li")

            # reject the OCR pass's "rnonopoly" → "monopoly": a keep word, written into the manifest's list
            page.select_option("#f-pass", "correct_ocr_words")
            page.select_option("#f-rule", "OCR non-word")
            assert "rnonopoly" in queue.first.inner_text() or "rn" in queue.first.inner_html()
            assert "<del>rn</del><ins>m</ins>onopoly" in queue.first.inner_html()   # the changed letters only
            page.keyboard.press("r")
            page.wait_for_function(f"document.querySelector('#left').textContent === '{left - 1} left to review'")
            assert manifest.read_text(encoding="utf-8") == manifest_before.decode().replace(
                'keep: [Shachtman]', 'keep: [Shachtman, "rnonopoly"]')
            builds = _built(base, token, 1)["builds"]
            assert "rests on the rnonopoly of the means" in _text(out)

            # accept the masthead's removal: the review file only
            page.select_option("#f-rule", "")
            page.select_option("#f-pass", "remove_boilerplate")
            page.select_option("#f-rule", "masthead")
            queue.first.get_by_role("button", name="Accept (a)").click()           # the mouse works too
            page.wait_for_function(f"document.querySelector('#left').textContent === '{left - 2} left to review'")
            review = reviewed.read_text(encoding="utf-8")
            assert "decision: accepted" in review and "pass: remove_boilerplate" in review
            assert "decision: rejected" in review and "rnonopoly" in review
            after_accept = {path: path.read_bytes() for path in (manifest, errata, reviewed)}

            # edit "tbe creation": an erratum in the editor's words, appended to the text's errata file
            page.select_option("#f-pass", "correct_ocr_words")
            page.select_option("#f-rule", "OCR misreading")
            page.keyboard.press("e")
            page.wait_for_selector("#edit[open]")
            passage = page.input_value("#edit-before")
            assert "it is tbe creation" in passage
            page.fill("#edit-after", passage.replace("tbe creation", "the making"))
            if os.environ.get("EDITION_SCREENSHOTS"):
                page.screenshot(path=str(ROOT / "docs" / "images" / "desk-edit.png"))
            page.keyboard.press("Control+Enter")
            page.wait_for_function(f"document.querySelector('#left').textContent === '{left - 3} left to review'")
            written = errata.read_text(encoding="utf-8")
            assert written.startswith(errata_before.decode())                       # comments and order kept
            assert f'before: "{passage}"' in written and "the making" in written
            builds = _built(base, token, builds)["builds"]
            assert "it is the making of laws" in _text(out)
            assert "edition diff" in page.inner_text("#changed-pane")
            page.wait_for_function("document.querySelector('#changed').textContent.includes('making')")

            # undo the edit: its files as they were, byte for byte; the text back
            page.keyboard.press("u")
            page.wait_for_function(f"document.querySelector('#left').textContent === '{left - 2} left to review'")
            assert {path: path.read_bytes() for path in (manifest, errata, reviewed)} == after_accept
            _built(base, token, builds)
            assert "it is the creation of laws" in _text(out) and "the making" not in _text(out)
            check(manifest)                                                         # `edition check` clean

            # the screenshots for the README: the queue and the text, and a page of the PDF
            page.select_option("#f-pass", "")
            page.select_option("#f-rule", "")
            page.locator("#f-decided").check()
            page.wait_for_timeout(300)
            if os.environ.get("EDITION_SCREENSHOTS"):
                page.screenshot(path=str(ROOT / "docs" / "images" / "desk.png"))
            queue.first.locator("a.page").click()
            page.wait_for_function("document.querySelector('#page-image').naturalWidth > 0")
            browser.close()
        assert manifest.read_bytes() != manifest_before
    finally:
        server.send_signal(signal.SIGINT)                                          # Ctrl-C
        try:
            server.wait(timeout=60)
        finally:
            if server.poll() is None:
                server.kill()
    assert server.returncode == 0, server.stdout.read()
    assert _marked(mark) == []                                                  # nothing left running
