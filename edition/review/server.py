"""`edition review`: the desk, a local web page over one edition.

Starlette (a small ASGI toolkit: routing, requests, responses, nothing else) served by uvicorn, on
127.0.0.1 only, on a port the system gives, with a random token in the address: every request carries
it (the page sends it as a header) and is refused without it.  The page is one template in
``styles/templates/desk.html`` with plain JavaScript in ``styles/templates/desk/``; nothing is fetched from
the network.

A decision is written at once (``decisions.py``); then the edition is rebuilt in the background by a
child process running ``edition build`` (the cache makes that the text concerned, and the pages it
moves), so that requests are never blocked; a decision made while a build runs starts one more when it
ends.  The page asks for the state every second while a build runs.  Ctrl-C or SIGTERM ends the server:
the build running is ended with it (and its own processes with it, ``processes.py``), and the temporary
folder goes.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import io
import secrets
import shutil
import socket
import sys
import tempfile
import time
from pathlib import Path

import jinja2
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from edition.build import pipeline
from edition.epub import diff
from edition.messages import BadInput, EditionError, message
from edition.render.styles import STYLES
from edition.review import view
from edition.review.decisions import Desk


class Session:
    """The desk over one manifest: its decisions, its background builds, what the page shows."""

    def __init__(self, manifest: Path, out_dir: Path, root: Path | None = None, formats: str = "epub,pdf"):
        self.manifest, self.out_dir, self.root, self.formats = manifest.resolve(), out_dir.resolve(), root, formats
        loaded = pipeline.load(self.manifest, root)
        self.source_root = loaded.root
        self.desk = Desk(self.manifest, root)
        self.token = secrets.token_urlsafe(24)
        self.keep = Path(tempfile.mkdtemp(prefix="edition-review-"))
        self.building: asyncio.subprocess.Process | None = None
        self.again = False
        self.builds = 0                         # builds finished
        self.last = "not built yet"             # what the last build said
        self.first_epub: Path | None = None     # the EPUB as the desk found it, for the diff
        self.task: asyncio.Task | None = None

    @property
    def epub(self) -> Path:
        return self.out_dir / f"{self.manifest.stem}.epub"

    @property
    def pdf(self) -> Path:
        return self.out_dir / f"{self.manifest.stem}.pdf"

    def close(self) -> None:
        shutil.rmtree(self.keep, ignore_errors=True)

    # the background build

    def rebuild(self) -> None:
        """Build again, now or when the build running ends."""
        if self.building is not None or (self.task is not None and not self.task.done()):
            self.again = True
            return
        self.task = asyncio.get_running_loop().create_task(self._build())

    async def _build(self) -> None:
        while True:
            self.again = False
            command = ["-c", "import sys; from edition.processes import end_with_parent; end_with_parent(); "
                             "from edition.cli import main; sys.exit(main(sys.argv[1:]))",
                       "build", str(self.manifest), "-o", str(self.out_dir), "--format", self.formats]
            if self.root is not None:
                command += ["--root", str(self.root)]
            started = time.perf_counter()
            self.building = await asyncio.create_subprocess_exec(sys.executable, *command,
                                                                 stdout=asyncio.subprocess.PIPE,
                                                                 stderr=asyncio.subprocess.STDOUT)
            try:
                said, _ = await self.building.communicate()
            finally:
                code, self.building = self.building.returncode, None
            lines = said.decode("utf-8", "replace").strip().splitlines()
            self.last = (f"built in {time.perf_counter() - started:.1f} s" if code == 0 else
                         "the build failed: " + " ".join(lines[-3:]))
            self.builds += 1
            if code == 0 and self.first_epub is None and self.epub.exists():
                self.first_epub = self.keep / "first.epub"
                shutil.copy(self.epub, self.first_epub)
            if not self.again:
                return

    async def stop(self) -> None:
        """End the build running, if any, and wait for it."""
        if self.building is not None and self.building.returncode is None:
            self.building.terminate()
            with contextlib.suppress(ProcessLookupError):
                await self.building.wait()
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task

    # what the page reads

    def state(self) -> dict:
        found = view.state(view.load_report(self.out_dir), self.desk.review_path)
        changed = []
        if self.first_epub is not None and self.epub.exists():
            changed = diff.changes(self.first_epub, self.epub)
        return {**found, "building": self.building is not None or self.again, "builds": self.builds,
                "last": self.last, "undo": len(self.desk.done), "changed": changed}

    def entry(self, key: str) -> dict:
        for entry in view.load_report(self.out_dir)["entries"]:
            if entry["key"] == key:
                return entry
        raise BadInput(message("d-004", key=key))

    def page_png(self, label: str) -> bytes | None:
        """The printed page ``label`` of the last build's PDF, as a PNG."""
        import pikepdf
        import pypdfium2

        if not self.pdf.is_file():
            return None
        with pikepdf.open(self.pdf) as document:
            index = next((i for i, page in enumerate(document.pages) if page.label == label), None)
        if index is None:
            return None
        pdf = pypdfium2.PdfDocument(str(self.pdf))
        try:
            image = pdf[index].render(scale=1.6).to_pil()
            out = io.BytesIO()
            image.save(out, "PNG")
            return out.getvalue()
        finally:
            pdf.close()


def app(session: Session) -> Starlette:
    """The desk's routes; every one asks for the session's token."""
    templates = jinja2.Environment(loader=jinja2.FileSystemLoader(STYLES / "templates"), autoescape=True)

    def allowed(request: Request) -> bool:
        given = request.headers.get("x-desk-token") or request.query_params.get("token", "")
        return hmac.compare_digest(given.encode(), session.token.encode())

    def guarded(handler):
        async def run(request: Request):
            if not allowed(request):
                return Response("refused: this address needs the desk's token (see the line `edition review` "
                                "printed)", status_code=403)
            try:
                return await handler(request)
            except EditionError as error:
                return JSONResponse({"error": "; ".join(str(m) for m in error.messages)}, status_code=409)
        return run

    async def page(request: Request):
        html = templates.get_template("desk.html").render(
            token=session.token, manifest=session.manifest.name,
            script=(STYLES / "templates" / "desk" / "desk.js").read_text(encoding="utf-8"),
            style=(STYLES / "templates" / "desk" / "desk.css").read_text(encoding="utf-8"))
        return HTMLResponse(html)

    async def state(request: Request):
        return JSONResponse(await asyncio.to_thread(session.state))

    async def text(request: Request):
        report = view.load_report(session.out_dir)
        html = await asyncio.to_thread(view.text_html, report, request.path_params["id"], session.source_root)
        return HTMLResponse(str(html))

    async def passage(request: Request):
        entry = session.entry(request.path_params["key"])
        return JSONResponse({"passage": await asyncio.to_thread(session.desk.passage, entry)})

    async def decide(request: Request):
        asked = await request.json()
        entry = session.entry(str(asked.get("key", "")))
        action = asked.get("action")
        if action == "accept":
            decision = await asyncio.to_thread(session.desk.accept, entry)
        elif action == "reject":
            decision = await asyncio.to_thread(session.desk.reject, entry)
        elif action == "edit":
            decision = await asyncio.to_thread(session.desk.edit, entry, str(asked.get("before", "")),
                                               str(asked.get("after", "")))
        else:
            return JSONResponse({"error": f"no action {action!r}: accept, reject or edit"}, status_code=400)
        if set(decision.files) != {session.desk.review_path}:
            session.rebuild()
        return JSONResponse({"done": decision.what, "files": sorted(p.name for p in decision.files)})

    async def undo(request: Request):
        decision = await asyncio.to_thread(session.desk.undo)
        if set(decision.files) != {session.desk.review_path}:
            session.rebuild()
        return JSONResponse({"undone": decision.what, "key": decision.key})

    async def page_image(request: Request):
        png = await asyncio.to_thread(session.page_png, request.path_params["label"])
        if png is None:
            return Response("no such page in the last build's PDF", status_code=404)
        return Response(png, media_type="image/png")

    @contextlib.asynccontextmanager
    async def lifespan(_):
        session.rebuild()                       # up to date in a moment, or built
        try:
            yield
        finally:
            await session.stop()

    return Starlette(routes=[
        Route("/", guarded(page)),
        Route("/api/state", guarded(state)),
        Route("/api/text/{id}", guarded(text)),
        Route("/api/passage/{key}", guarded(passage)),
        Route("/api/decide", guarded(decide), methods=["POST"]),
        Route("/api/undo", guarded(undo), methods=["POST"]),
        Route("/page/{label}.png", guarded(page_image)),
    ], lifespan=lifespan)


def serve(manifest: Path, out_dir: Path, root: Path | None = None, open_browser: bool = True,
          say=print, formats: str = "epub,pdf") -> int:
    """Serve the desk until Ctrl-C or SIGTERM; prints its address (and opens it in a browser)."""
    session = Session(manifest, out_dir, root, formats)
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listening.bind(("127.0.0.1", 0))
    listening.listen(128)                      # connections wait from now on, before uvicorn is up
    port = listening.getsockname()[1]
    address = f"http://127.0.0.1:{port}/?token={session.token}"
    say(f"the desk for {manifest} is at {address} (Ctrl-C ends it)")
    server = uvicorn.Server(uvicorn.Config(app(session), log_level="warning", lifespan="on",
                                            timeout_graceful_shutdown=5))
    if open_browser:
        import webbrowser

        webbrowser.open(address)
    try:
        server.run(sockets=[listening])
    except KeyboardInterrupt:                   # (uvicorn raises the signal again once it has shut down)
        pass
    finally:
        listening.close()
        session.close()
    return 0
