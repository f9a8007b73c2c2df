"""Benchmark: the build of an edition against one bare WeasyPrint render of the same HTML, and its rebuilds.

Runs, each in a process of its own measured the same way (wall time with Python's start-up, peak memory of
the process and every process it starts; see measure.py):

  1. a full build, `python -m edition build MANIFEST --force` (EPUB, PDF, cover, EPUBCheck, PDF checks;
     --force: the cache is not read);
  2. a rebuild with nothing changed;
  3. a rebuild after one erratum added to one text (the texts' copy in a temporary folder);
  4. a bare WeasyPrint render of the whole book's HTML, written to PDF.

Each build starts its own EPUBCheck (before its imports) and ends it before it returns.

Prints the medians, the ratios and when each stage of a build began. Usage:

    python bench/build_time.py [--runs N] [--workers N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from measure import run  # noqa: E402  (bench/measure.py, beside this script)

BARE = """
import sys, weasyprint
html = open(sys.argv[1], encoding="utf-8").read()
weasyprint.HTML(string=html, base_url=sys.argv[2]).write_pdf(sys.argv[3])
"""

#: the erratum the rebuild measures: one word of one text (and taken out again on the next run)
ERRATA = "errata/shachtman-kerensky-debate.yaml"
ERRATUM = "\n- before: the Kornilov affair\n  after: the Kornilov putsch\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0, help="layout workers (default: one per core)")
    args = parser.parse_args()

    from edition.build.pipeline import STYLES, prepare
    from edition.render.html import Renderer

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source"
        shutil.copytree(ROOT / "source", source)
        manifest = str(source / "reader.yaml")
        html_file = Path(tmp) / "book.html"
        html_file.write_text(Renderer(STYLES).book_html(prepare(Path(manifest)).edition), encoding="utf-8")
        edition = [sys.executable, "-m", "edition", "build", manifest, "-o", tmp + "/out"]
        if args.workers:
            edition += ["--workers", str(args.workers)]
        errata = source / ERRATA
        original = errata.read_text(encoding="utf-8")
        full, same, erratum, bare = [], [], [], []
        run(edition + ["--force"], cwd=ROOT)                    # the cache and the page cache warmed
        for number in range(args.runs):
            full.append(run(edition + ["--force"], cwd=ROOT))
            same.append(run(edition, cwd=ROOT))
            errata.write_text(original + ERRATUM, encoding="utf-8")
            erratum.append(run(edition, cwd=ROOT))
            errata.write_text(original, encoding="utf-8")
            bare.append(run([sys.executable, "-c", BARE, str(html_file), STYLES.as_uri() + "/",
                             tmp + "/bare.pdf"], cwd=ROOT))
        marks = stages(Path(manifest), args.workers)

    def median(runs):
        return statistics.median(r[0] for r in runs)

    def peak(runs):
        return max(r[1] for r in runs)

    full_s, bare_s = median(full), median(bare)
    print(f"default reader ({args.runs} runs, medians; wall time with Python's start-up)")
    print(f"  full build            {full_s:6.2f} s   peak {peak(full):5.0f} MiB   (EPUB + PDF + cover + EPUBCheck)")
    print(f"  nothing changed       {median(same):6.2f} s   {median(same) / full_s:6.0%} of the full build  (target ≤ 10%)")
    print(f"  one erratum           {median(erratum):6.2f} s   {median(erratum) / full_s:6.0%} of the full build  (target ≤ 40%)")
    print(f"bare WeasyPrint         {bare_s:6.2f} s   peak {peak(bare):5.0f} MiB   (the whole book's HTML, PDF only)")
    print(f"full build / bare       {full_s / bare_s:6.2f}×  (target ≤ 1.3×)")
    print("stages of one full build, in this process (seconds from the start of build()):")
    print("  " + marks)


def stages(manifest: Path, workers: int) -> str:
    """When each stage of a build began: where the time beyond the bare render goes."""
    from edition.build.pipeline import build

    marks = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        build(manifest, Path(tmp), progress=lambda step: marks.append((step, time.perf_counter() - started)),
              workers=workers)
    total = time.perf_counter() - started
    return "  ".join(f"{step} {at:.2f}" for step, at in marks) + f"  done {total:.2f}"


if __name__ == "__main__":
    main()
