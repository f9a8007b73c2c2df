"""Benchmark: the whole build of an edition against one bare WeasyPrint render of the same HTML.

Runs, in separate processes measured the same way (wall time, peak memory):
  1. `python -m edition build MANIFEST` (EPUB, PDF, cover, EPUBCheck, PDF checks);
  2. a bare WeasyPrint render of the very HTML the build lays out, written to PDF.
Prints both times, their ratio and the peak memory of each. Usage:

    python bench/build_time.py [MANIFEST] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import sys, weasyprint
html = open(sys.argv[1], encoding="utf-8").read()
weasyprint.HTML(string=html, base_url=sys.argv[2]).write_pdf(sys.argv[3])
"""


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest", nargs="?", default="source/reader.yaml")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from edition.build import STYLES, prepare
    from edition.render import Renderer

    prepared = prepare(Path(args.manifest))
    html = Renderer(STYLES).book_html(prepared.edition)
    with tempfile.TemporaryDirectory() as tmp:
        html_file = Path(tmp) / "book.html"
        html_file.write_text(html, encoding="utf-8")
        builds, bares = [], []
        for _ in range(args.runs):
            builds.append(measure([sys.executable, "-m", "edition", "build", args.manifest, "-o", tmp + "/out"]))
            bares.append(measure([sys.executable, "-c", BARE, str(html_file), STYLES.as_uri() + "/", tmp + "/bare.pdf"]))
    build_s = statistics.median(b[0] for b in builds)
    bare_s = statistics.median(b[0] for b in bares)
    print(f"manifest            {args.manifest} ({args.runs} runs, medians)")
    print(f"edition build       {build_s:6.2f} s   peak {max(b[1] for b in builds):6.0f} MiB   (EPUB + PDF + cover + EPUBCheck)")
    print(f"bare WeasyPrint     {bare_s:6.2f} s   peak {max(b[1] for b in bares):6.0f} MiB   (same HTML, PDF only)")
    print(f"ratio               {build_s / bare_s:6.2f}×  (target ≤ 1.3×)")
    print("stages of one build, in this process (seconds from the start of build()):")
    print("  " + stages(Path(args.manifest)))


def stages(manifest: Path) -> str:
    """When each stage of a build began: where the time beyond the bare render goes."""
    from edition.build import build

    marks = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        build(manifest, Path(tmp), progress=lambda step: marks.append((step, time.perf_counter() - started)))
    total = time.perf_counter() - started
    return "  ".join(f"{step} {at:.2f}" for step, at in marks) + f"  done {total:.2f}"


if __name__ == "__main__":
    main()
