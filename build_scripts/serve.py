"""serve: build, serve site/ on a local address, and rebuild when a source file changes."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading
import time
from pathlib import Path

from .config import SettingsError
from .pipeline import build_site       # the plain path: serve holds a server thread, and never forks

ROOT = Path(__file__).resolve().parent.parent
WATCHED = ("profiles", "docs", "data", "schemas", "build_scripts", "stories", "partners", "portal.yml", "mkdocs.yml")


def snapshot() -> dict:
    """Modification times of every watched file: cheap enough to take every second."""
    seen = {}
    for name in WATCHED:
        path = ROOT / name
        files = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for f in files:
            try:
                seen[f] = f.stat().st_mtime_ns
            except OSError:
                pass
    return seen


# Injected into HTML as it is served (never written into site/): reload when a rebuild finished.
RELOAD = b"""<script>(()=>{let v=null;setInterval(async()=>{try{const r=await fetch("/__build");const t=await r.text();
if(v!==null&&t!==v)location.reload();v=t}catch(e){}},1000)})()</script>"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    build_id = "0"

    def log_message(self, fmt, *args):   # quiet: the build's own output matters more
        pass

    def do_GET(self):
        if self.path == "/__build":
            return self._send(type(self).build_id.encode(), "text/plain")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file() and self.path.endswith(("/", ".html")):
            return self._send(path.read_bytes().replace(b"</body>", RELOAD + b"</body>", 1), "text/html; charset=utf-8")
        super().do_GET()

    def send_error(self, code, message=None, explain=None):
        """A missing page gets the site's own 404 page, as the published site would show it."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        self._send(page.read_bytes(), "text/html; charset=utf-8", status=404)

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class PortInUse(Exception):
    """The address to serve on is taken (most often by another `make serve`)."""


def serve(host: str = "127.0.0.1", port: int = 8000, today: dt.date | None = None, site: Path = ROOT / "site") -> int:
    handler = functools.partial(type("Handler", (_Handler,), {}), directory=str(site))
    try:                                   # take the port first: a busy one is told at once, not after a build
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as e:
        raise PortInUse(f"{host}:{port} is already in use ({e.strerror}). Stop the other server, "
                        f"or pick another port: make serve PORT={port + 1}") from e
    try:
        if build_site(site, today=today) != 0 and not site.exists():
            server.server_close()
            return 1
    except BaseException:
        server.server_close()
        raise
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving http://{host}:{port}/ (Ctrl+C to stop). Rebuilding when profiles, docs or data change.")
    before = snapshot()
    try:
        while True:
            time.sleep(1)
            now = snapshot()
            if now != before:
                before = now
                print("Change seen: rebuilding...")
                try:
                    if build_site(site, today=today) == 0:
                        handler.func.build_id = str(time.time_ns())
                except SettingsError as e:     # keep serving the last good site until the file is mended
                    print(f"error: {e}\nThe last good site is still served; fix the file to rebuild.")
    except KeyboardInterrupt:
        print("Stopped.")
    finally:
        server.shutdown()
    return 0
