"""The command line: parse arguments, call the library, print, return an exit code.

Exit codes: 0 success, 1 the build failed, 2 bad input (manifest, sources,
arguments).  Errors are one line each, naming file and line; a traceback is
shown only with ``--debug``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from edition import __version__
from edition.messages import BadInput, EditionError, message

DEFAULT_MANIFEST = Path("source/reader.yaml")


def _manifest_argument(command: argparse.ArgumentParser, several: bool = False) -> None:
    if several:
        command.add_argument("manifest", nargs="*", type=Path, default=[DEFAULT_MANIFEST], metavar="MANIFEST",
                             help=f"the edition's manifest (default: {DEFAULT_MANIFEST}); several build one "
                                  "after another, each into a folder of its own under DIR, with a summary")
    else:
        command.add_argument("manifest", nargs="?", type=Path, default=DEFAULT_MANIFEST, metavar="MANIFEST",
                             help=f"the edition's manifest (default: {DEFAULT_MANIFEST})")
    command.add_argument("--root", type=Path, metavar="FOLDER",
                         help="the folder the manifest's paths may reach (default: the manifest's own); a "
                              "manifest's 'root:' may name a folder above its own only up to this one")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="edition",
        description="Turn raw, extracted texts into finished books: an EPUB 3 for e-readers and a "
                    "print-ready PDF, from a YAML manifest.",
        epilog="Exit codes: 0 success, 1 build failed, 2 bad input. See docs/manifest.md for the manifest format.",
    )
    parser.add_argument("--version", action="version", version=f"edition {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback when something fails")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser(
        "build", help="build an edition (EPUB and PDF)",
        description="Read the manifest and its texts, clean them, and write the EPUB and the PDF into "
                    "the output folder. Outputs are replaced only when the whole build succeeds.")
    _manifest_argument(build, several=True)
    build.add_argument("-o", "--output", type=Path, default=Path("build"), metavar="DIR",
                       help="folder to write into (default: build)")
    build.add_argument("--format", default="epub,pdf", metavar="LIST",
                       help="comma-separated formats to write: epub, pdf, kepub (Kobo), azw3 (Kindle, needs "
                            "Calibre) (default: epub,pdf)")
    build.add_argument("--force", action="store_true",
                       help="build even when nothing the build reads has changed since the last build")
    build.add_argument("--workers", type=int, default=0, metavar="N",
                       help="processes laying out the PDF's pieces (default: one per core)")
    build.add_argument("--profile", choices=("print", "print-cmyk", "screen", "plain"),
                       help="the PDF's profile, over the manifest's: print (PDF/X-4), print-cmyk (PDF/X-4 in "
                            "CMYK, with Ghostscript), screen (PDF/UA-1), plain")

    check = commands.add_parser(
        "check", help="check a manifest and its texts without rendering",
        description="Validate the manifest, read every text and run the passes and templates, "
                    "writing nothing. Exits 2 and lists every problem if anything is wrong.")
    _manifest_argument(check)

    index = commands.add_parser(
        "index", help="work on the back-of-book index",
        description="Tools for the index file (see docs/manifest.md, 'The index file').")
    index_commands = index.add_subparsers(dest="index_command", metavar="ACTION", required=True)
    suggest = index_commands.add_parser(
        "suggest", help="draft an index file from the texts",
        description="Propose index entries from the cleaned texts: people (surname first), organisations, "
                    "acronyms, places and recurring ideas, with their counts and the forms seen, as an index "
                    "file to edit. Runs offline.")
    _manifest_argument(suggest)
    suggest.add_argument("--min", type=int, default=2, metavar="N", help="leave out what occurs fewer than N times "
                                                                         "(default 2)")

    watch = commands.add_parser(
        "watch", help="rebuild on every save, and say what changed",
        description="Build the edition, then rebuild it whenever a file it reads changes (manifest, texts, "
                    "errata, index, templates, styles), printing what changed in the review report and in the "
                    "text. Stop with Ctrl-C.")
    _manifest_argument(watch)
    watch.add_argument("-o", "--output", type=Path, default=Path("build"), metavar="DIR",
                       help="folder to write into (default: build)")
    watch.add_argument("--format", default="epub,pdf", metavar="LIST", help="formats, as for build")

    review = commands.add_parser(
        "review", help="the editor's desk: review every change of the clean-up in a browser, and decide",
        description="Serve a page on 127.0.0.1 (with a random token in its address) showing each text beside its "
                    "raw source with every change marked, and a queue of the changes and suspects to check, lowest "
                    "confidence first. Accept, reject or edit each: the decisions are written into the manifest's "
                    "own files (errata, keep words, NAME.review.yaml) and the edition is rebuilt in the background. "
                    "Stop with Ctrl-C.")
    _manifest_argument(review)
    review.add_argument("-o", "--output", type=Path, default=Path("build"), metavar="DIR",
                        help="the build folder (default: build)")
    review.add_argument("--no-browser", action="store_true", help="print the address, do not open a browser")

    diff = commands.add_parser(
        "diff", help="what changed in the text between two editions",
        description="Compare the text of two EPUBs (or of the EPUBs in two build folders), document by "
                    "document, and print each changed passage word by word: a changelog for a new printing.")
    diff.add_argument("old", type=Path, metavar="OLD", help="the earlier EPUB or build folder")
    diff.add_argument("new", type=Path, metavar="NEW", help="the later EPUB or build folder")

    clean = commands.add_parser(
        "clean", help="clean one raw text and print it (no manifest, no errata)",
        description="Run the clean-up engine alone on any text file and print the result in the source "
                    "format: one paragraph per line, paragraphs separated by a blank line.")
    clean.add_argument("file", type=Path, nargs="?", metavar="FILE", help="the raw text")
    shown = clean.add_mutually_exclusive_group()
    shown.add_argument("--diff", action="store_true", help="show what changed, word by word")
    shown.add_argument("--json", action="store_true", help="list every change as JSON (rule, line, before, after, "
                                                           "confidence)")
    shown.add_argument("--rules", action="store_true", help="list the passes, a line each")
    shown.add_argument("--chapters", action="store_true", help="list the chapters that 'split: chapters' would "
                                                               "cut the text into: line, id, title, words")
    clean.add_argument("--skip", default="", metavar="PASSES", help="comma-separated passes not to run")

    preflight = commands.add_parser(
        "preflight", help="check a PDF as a print shop would",
        description="Check a PDF for print: embedded fonts, page boxes and sizes, bleed, page count, image "
                    "resolution, colour (no RGB with --cmyk) and missing glyphs. Prints a line per finding; "
                    "exits 1 if any fails.")
    preflight.add_argument("file", type=Path, metavar="FILE", help="the PDF")
    preflight.add_argument("--trim", metavar="SIZE", help="expected trim size: A5, 6x9in, 148x210mm, …")
    preflight.add_argument("--bleed", metavar="LEN", help="bleed needed on every side: 3mm, 0.125in, 9pt")
    preflight.add_argument("--cmyk", action="store_true", help="fail on any RGB colour or image")
    preflight.add_argument("--multiple-of", type=int, default=1, metavar="N",
                           help="the page count must be a multiple of N (4 for saddle-stitching)")
    preflight.add_argument("--min-dpi", type=int, default=300, metavar="N",
                           help="lowest effective image resolution (default 300)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "clean":
            return _clean(args)
        if args.command == "index":
            return _index(args)
        if args.command == "diff":
            return _diff(args)
        if args.command == "watch":
            return _watch(args)
        if args.command == "review":
            return _review(args)
        if args.command == "preflight":
            return _preflight(args)
        return _check(args)
    except EditionError as error:
        if args.debug:
            raise
        for line in error.messages:
            print(f"edition: {line}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("edition: interrupted; outputs left as they were", file=sys.stderr)
        return 1
    except Exception as error:  # a bug: say so plainly, without a traceback unless asked
        if args.debug:
            raise
        print(f"edition: internal error: {type(error).__name__}: {error} (run with --debug for details)",
              file=sys.stderr)
        return 1


def _formats(value: str) -> tuple[str, ...]:
    from edition.messages import message
    from edition.build.result import FORMATS

    formats = tuple(f.strip() for f in value.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise BadInput(message("m-009", key="--format",
                               problem=f"{', '.join(unknown) or 'nothing'}; choose from {', '.join(FORMATS)}"))
    return formats


def _build(args) -> int:
    formats = _formats(args.format)
    if args.workers < 0:
        raise BadInput(message("m-009", key="--workers", problem=f"{args.workers}: give 0 (one per core) or more"))
    if len(args.manifest) == 1:
        return _build_one(args.manifest[0], args.output, formats, args.profile, force=args.force,
                          workers=args.workers, root=args.root)
    folders: dict[str, Path] = {}
    for manifest in args.manifest:
        if manifest.stem in folders and folders[manifest.stem].resolve() != manifest.resolve():
            raise BadInput(message("m-009", key="MANIFEST", problem=f"{folders[manifest.stem]} and {manifest} would "
                                   f"both build into {args.output / manifest.stem}; rename one, or build them "
                                   "one at a time into other folders"))
        folders[manifest.stem] = manifest
    # several editions: each into its own folder; a failing one does not stop the others
    rows, worst = [], 0
    for manifest in args.manifest:
        try:
            code = _build_one(manifest, args.output / manifest.stem, formats, args.profile, rows, args.force,
                              args.workers, args.root)
        except EditionError as error:
            for line in error.messages:
                print(f"edition: {line}", file=sys.stderr)
            rows.append((manifest.stem, f"failed ({len(error.messages)} problems)", "", ""))
            code = error.exit_code
        worst = max(worst, code)
    width = max(len(name) for name, *_ in rows)
    print(f"\n{'edition':<{width}}  {'result':<24} {'pages':>5} {'time':>7}")
    for name, status, pages, seconds in rows:
        print(f"{name:<{width}}  {status:<24} {pages:>5} {seconds:>7}")
    failed = sum(1 for row in rows if row[1].startswith("failed"))
    print(f"{len(rows) - failed} built, {failed} failed")
    return worst


def _build_one(manifest: Path, output: Path, formats: tuple, profile: str | None, rows: list | None = None,
               force: bool = False, workers: int = 0, root: Path | None = None) -> int:
    from edition.build import build_edition

    result = build_edition(manifest, output, formats, profile, force, workers, sys.stderr, root)
    for warning in result.warnings:
        print(f"edition: {warning}", file=sys.stderr)
    written = ", ".join(str(p) for p in result.outputs)
    pages = f", {result.pages} pages" if result.pages else ""
    if result.pieces and result.laid_out < result.pieces:
        pages += f" ({result.laid_out} of {result.pieces} pieces laid out again, the others from the cache)"
    done = "up to date (nothing it reads has changed):" if result.up_to_date else "wrote"
    print(f"{done} {written}{pages} in {result.seconds:.1f} s")
    if rows is not None:
        rows.append((manifest.stem, "up to date" if result.up_to_date else f"ok, {len(result.outputs)} files", str(result.pages or ""),
                     f"{result.seconds:.1f} s"))
    return 0


def _watch(args) -> int:
    import signal

    from edition.build.watch import watch

    def interrupt(signum, frame):              # SIGTERM ends the watcher as Ctrl-C does: its EPUBCheck with it
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    return watch(args.manifest, args.output, _formats(args.format), root=args.root)


def _review(args) -> int:
    import signal

    from edition.review.server import serve

    def interrupt(signum, frame):              # SIGTERM ends the desk as Ctrl-C does
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    return serve(args.manifest, args.output, args.root, open_browser=not args.no_browser,
                 say=lambda line: print(line, flush=True))


def _diff(args) -> int:
    from edition.epub.diff import changes

    lines = changes(args.old, args.new)
    for line in lines:
        print(line)
    print(f"{len(lines)} changes" if lines else "no change in the text")
    return 0


def _check(args) -> int:
    from edition.build.pipeline import check

    prepared = check(args.manifest, args.root)
    texts = prepared.edition.texts
    changes = sum(len(c) for c in prepared.changes.values())
    for warning in prepared.warnings:
        print(f"edition: {warning}", file=sys.stderr)
    index = ""
    if prepared.edition.index:
        marked = prepared.edition.index
        index = (f", {sum(1 for _ in marked.file.all_entries())} index entries marked "
                 f"{len(marked.occurrences)} times")
    print(f"{args.manifest}: ok — {len(texts)} texts, {sum(len(t.blocks) for t in texts)} blocks, "
          f"{changes} changes by the passes{index}")
    return 0


def _index(args) -> int:
    from edition.build.pipeline import prepare
    from edition.index import suggest

    prepared = prepare(args.manifest, with_index=False, root=args.root)
    sys.stdout.write(suggest.draft(prepared.edition, max(1, args.min)))
    return 0


def _clean(args) -> int:
    from edition.clean import standalone as clean

    if args.rules:
        for name, summary in clean.rules():
            print(f"{name:<32} {summary}")
        return 0
    if args.file is None:
        print("edition clean: give the FILE to clean (or --rules)", file=sys.stderr)
        return 2
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    result = clean.clean_file(args.file, skip, chapters=args.chapters)
    if args.chapters:
        problems = [p for text in result.chapters for p in text.problems if p.code == "c-002"]
        for problem in problems:
            print(problem, file=sys.stderr)
        for text in result.chapters if not problems else []:
            print(f"{text.first_line:>6}  {text.id:<24} {text.title}  ({clean.word_count(text)} words)")
        return 1 if problems else 0
    if args.json:
        import json

        print(json.dumps([c.as_dict() for c in result.changes], ensure_ascii=False, indent=1))
    elif args.diff:
        sys.stdout.write(clean.word_diff(result.raw_lines, result.text))
    else:
        sys.stdout.write(result.text)
    return 0


def _preflight(args) -> int:
    from edition.prepress import preflight

    expect = preflight.parse_expect(args.trim, args.bleed, args.cmyk, args.multiple_of, args.min_dpi)
    findings = preflight.preflight(args.file, expect)
    print(preflight.report(findings))
    return 0 if all(f.ok for f in findings) else 1
