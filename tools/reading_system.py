"""Screenshots of an EPUB in a real reading-system engine: epub.js in headless Chromium.

    python3 tools/reading_system.py build/reader.epub -o build/screenshots [HREF ...]

Opens the book with epub.js (installed once from npm into ~/.cache/edition)
and saves a PNG of each place asked for, by default a chapter opening (with
its small-caps lead-in), a page with note calls and block quotations, the
notes, and the index.  Look at them: EPUBCheck says the file is valid, this
says how it reads.  Needs node/npm and Chromium (Debian: apt install
chromium npm).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

CACHE = Path.home() / ".cache" / "edition" / "epubjs"
PACKAGES = ["epubjs@0.3.93", "jszip@3.10.1", "puppeteer-core@22"]

#: takes pictures once epub.js says the place is displayed (Chromium's own --screenshot does not wait for it)
RUNNER = """
const puppeteer = require("puppeteer-core");
(async () => {
  const [browserPath, base, width, height, ...jobs] = process.argv.slice(2);
  const browser = await puppeteer.launch({ executablePath: browserPath, args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage();
  await page.setViewport({ width: Number(width), height: Number(height) });
  for (let i = 0; i < jobs.length; i += 2) {
    await page.goto(base + "#" + encodeURIComponent(jobs[i]));
    await page.reload();
    await page.waitForFunction("window.shown === true", { timeout: 60000 });
    await page.screenshot({ path: jobs[i + 1] });
  }
  await browser.close();
})().catch(error => { console.error(error.message); process.exit(1); });
"""

VIEWER = """<!DOCTYPE html>
<html><head><meta charset="utf-8"/>
<style>html, body {{ margin: 0; background: #fff; }} #viewer {{ width: {width}px; height: {height}px; }}</style>
<script src="jszip.min.js"></script><script src="epub.min.js"></script></head>
<body><div id="viewer"></div>
<script>
  const book = ePub("book/");
  const rendition = book.renderTo("viewer", {{ width: {width}, height: {height}, spread: "none", flow: "paginated" }});
  const target = decodeURIComponent(location.hash.slice(1));
  window.shown = false;
  rendition.display(target || undefined).then(() => setTimeout(() => {{ window.shown = true; }}, 500));
</script></body></html>
"""


def epubjs() -> Path:
    """The folder holding epub.min.js and jszip.min.js, installed from npm the first time."""
    script = CACHE / "node_modules" / "epubjs" / "dist" / "epub.min.js"
    if not script.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", *PACKAGES], cwd=CACHE,
                       check=True, capture_output=True)
    return CACHE / "node_modules"


def default_places(book: Path) -> list[str]:
    """A chapter opening, a page inside a text with notes, the notes, and the index."""
    names = sorted(p.name for p in (book / "EPUB").glob("*.xhtml"))
    texts = [n for n in names if n not in ("cover.xhtml", "titlepage.xhtml", "colophon.xhtml", "nav.xhtml",
                                          "index.xhtml", "notes.xhtml") and not n.startswith("part-")]
    places = texts[:1]
    with_notes = [n for n in texts if 'epub:type="noteref"' in (book / "EPUB" / n).read_text(encoding="utf-8")]
    if with_notes:
        body = (book / "EPUB" / with_notes[0]).read_text(encoding="utf-8")
        call = body.split('epub:type="noteref"', 1)[0].rsplit("<p", 1)[0]
        anchor = call.rsplit(' id="', 1)[-1].split('"', 1)[0] if ' id="' in call else ""
        places.append(f"{with_notes[0]}#{anchor}" if anchor else with_notes[0])
        places.append(with_notes[0].replace(".xhtml", ".xhtml#") + body.split('epub:type="footnote"', 1)[1]
                      .split('id="', 1)[1].split('"', 1)[0] if 'epub:type="footnote"' in body else with_notes[0])
    if "index.xhtml" in names:
        places.append("index.xhtml")
    return places


def screenshots(epub: Path, out: Path, places: list[str], width: int = 600, height: int = 860) -> list[Path]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        raise SystemExit("reading_system: Chromium is not installed (apt install chromium)")
    modules = epubjs()
    out.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        with zipfile.ZipFile(epub) as archive:
            archive.extractall(site / "book")
        shutil.copy(modules / "epubjs" / "dist" / "epub.min.js", site)
        shutil.copy(modules / "jszip" / "dist" / "jszip.min.js", site)
        (site / "viewer.html").write_text(VIEWER.format(width=width, height=height), encoding="utf-8")
        # epub.js fetches the book's files: serve them over HTTP, as a reading app would load them (from a
        # process of its own, so that serving never waits on this one)
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                                  cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for(port)
        try:
            jobs = []
            for number, place in enumerate(places or default_places(site / "book"), start=1):
                name = out / f"{number:02d}-{place.replace('.xhtml', '').replace('#', '-')[:60]}.png"
                jobs += [place, str(name.resolve())]
                made.append(name)
            (site / "runner.js").write_text(RUNNER, encoding="utf-8")
            subprocess.run(["node", str(site / "runner.js"), browser, f"http://127.0.0.1:{port}/viewer.html",
                            str(width), str(height), *jobs], check=True, timeout=600,
                           env=dict(os.environ, NODE_PATH=str(modules)))
        finally:
            server.terminate()
            server.wait()
    return made


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.05)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("epub", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=Path("build/screenshots"))
    parser.add_argument("places", nargs="*", help="hrefs inside the EPUB (default: opening, notes, index)")
    args = parser.parse_args(argv)
    for path in screenshots(args.epub, args.output, args.places):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
