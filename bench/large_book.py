"""Benchmark: a book N times the default reader (default 10), its texts repeated as separate chapters.

    python3 bench/large_book.py [--times N]

Makes the book in a temporary folder (the reader's sources copied N times,
so that no text is given twice), builds it (EPUB and PDF, with the reader's
index shared; --force, so from nothing), renders the same book HTML with
bare WeasyPrint, each in a process of its own, and prints times, pages and
peak memory (of each process with the processes it starts, see
measure.py): how the builder holds up when an edition grows.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

from measure import run  # bench/measure.py, beside this script

ROOT = Path(__file__).resolve().parent.parent


def make_book(folder: Path, times: int) -> Path:
    shutil.copytree(ROOT / "source", folder, dirs_exist_ok=True)
    reader = yaml.safe_load((folder / "reader.yaml").read_text(encoding="utf-8"))
    parts = []
    for copy_number in range(1, times + 1):
        for part in reader["parts"]:
            part = copy.deepcopy(part)
            part["title"] = f"{part['title']} ({copy_number})"
            for text in part["texts"]:
                source = folder / text["file"]
                twin = source.with_name(f"{source.stem}-{copy_number}{source.suffix}")
                if not twin.exists():
                    shutil.copy(source, twin)
                text["file"] = str(twin.relative_to(folder))
                text["id"] = f"{text['id']}-{copy_number}"
            parts.append(part)
    reader["parts"] = parts
    reader["edition"]["title"] = f"{reader['edition']['title']} ×{times}"
    reader["index"] = {"file": "index.yaml", "shared": True}
    reader["print"].pop("binding", None)
    manifest = folder / "large.yaml"
    manifest.write_text(yaml.safe_dump(reader, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return manifest


#: CPU seconds of the child and the processes it waited for (the layout workers, EPUBCheck's JVM)
CPU_TIME = """
import resource
def CPU():
    return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
"""

CHILD_BUILD = CPU_TIME + """
import sys, time
from pathlib import Path
from edition.build.pipeline import build, prepare, STYLES
before = CPU()
started = time.perf_counter()
result = build(Path(sys.argv[1]), Path(sys.argv[2]), force=True, workers=int(sys.argv[3]))
print(time.perf_counter() - started, result.pages, CPU() - before)
"""

CHILD_BARE = CPU_TIME + """
import sys, time
from pathlib import Path
from edition.build.pipeline import prepare, STYLES
from edition.render.html import Renderer
import weasyprint
prepared = prepare(Path(sys.argv[1]))
html = Renderer(STYLES).book_html(prepared.edition)
before = CPU()
started = time.perf_counter()
weasyprint.HTML(string=html, base_url=STYLES.as_uri() + "/").write_pdf(sys.argv[2])
print(time.perf_counter() - started, 0, CPU() - before)
"""


def child(code: str, *args: str) -> tuple[float, int, float, float]:
    """(seconds inside the child, pages, peak MiB of the child and its processes, their CPU seconds)."""
    _, memory, out = run([sys.executable, "-c", code, *args], cwd=ROOT)
    seconds, pages, cpu = out.split()[-3:]
    return float(seconds), int(pages), memory, float(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--workers", type=int, default=0, help="layout workers (default: one per core)")
    args = parser.parse_args()
    workers = args.workers or len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as folder:
        manifest = make_book(Path(folder) / "src", args.times)
        build_s, pages, build_mem, build_cpu = child(CHILD_BUILD, str(manifest), str(Path(folder) / "out"),
                                                     str(workers))
        bare_s, _, bare_mem, bare_cpu = child(CHILD_BARE, str(manifest), str(Path(folder) / "bare.pdf"))
    print(f"book                 {args.times}× the default reader, {pages} pages")
    print(f"edition build        {build_s:7.1f} s   peak {build_mem:6.0f} MiB   (EPUB + PDF + index + EPUBCheck; "
          f"{workers} layout workers; the build alone, without Python's start-up)")
    print(f"bare WeasyPrint      {bare_s:7.1f} s   peak {bare_mem:6.0f} MiB   (same HTML without the index, PDF "
          f"only; the render alone)")
    print(f"ratio                {build_s / bare_s:7.2f}×  (target ≤ 0.7× with two cores)")
    print(f"CPU time             {build_cpu:7.1f} s for the build (all its processes), {bare_cpu:.1f} s for the bare "
          f"render: on {workers} cores the build needs at least {build_cpu / workers:.1f} s "
          f"({build_cpu / workers / bare_s:.2f}× the bare render)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
