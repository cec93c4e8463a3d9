"""Local preview of the built site that behaves like GitHub Pages (standard library only).

``python -m generator.serve [OUTPUT_DIR] [--bind HOST] [--port N] [--base-path /news-digest]``
serves a built site the way GitHub Pages does: a missing path gets the site's ``404.html``
with status 404, ``/dir`` redirects to ``/dir/`` when ``dir/index.html`` exists, files get
the content types a browser needs (feeds, Pagefind's index and WebAssembly), and nothing
outside the output folder can be read (``..``, encoded separators, symlinks out of it).
With ``--base-path`` the site lives under that path, as on a project site
(``https://user.github.io/news-digest/``): ``/`` redirects there and anything outside is 404.

``--reload`` (implied by ``--watch DIR``) is the devserver: it keeps serving while it polls
the repo's ``content/``, ``theme/``, ``seeds/``, ``generator/``, the settings files and every
``--watch`` folder (inside the repo or not), and on a change rebuilds with Pelican in a
subprocess (arguments after ``--`` go to Pelican, ``-o OUTPUT_DIR`` is added). A failed
build prints an error and the previous output stays served.

This module must not import Pelican (the build runs as ``python -m pelican``).
"""

from __future__ import annotations

import argparse
import email.utils
import html
import io
import logging
import mimetypes
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.parse
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

log = logging.getLogger("generator.serve")

# Explicit types, so the preview does not depend on the system's mime.types (or a registry).
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",  # feeds and sitemaps, as GitHub Pages serves them
    ".xsl": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
    ".wasm": "application/wasm",
    # Pagefind's index: compressed chunks the search script fetches and decodes itself.
    ".pagefind": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
}
DEFAULT_TYPE = "application/octet-stream"

NOT_FOUND_FALLBACK = "404 Not Found\n\nThere is no page at this address (and the site has no 404.html).\n"

# Build outputs and editor/VCS litter that must never trigger a rebuild.
_IGNORED_NAMES = {"__pycache__", "node_modules"}


def content_type(path: str) -> str:
    """The Content-Type header for a file name."""
    ext = os.path.splitext(path)[1].lower()
    if ext in CONTENT_TYPES:
        return CONTENT_TYPES[ext]
    guessed, _ = mimetypes.guess_type(path)
    return guessed or DEFAULT_TYPE


def normalize_base_path(base_path: str | None) -> str:
    """``news-digest/`` → ``/news-digest``; empty or ``/`` → ``""`` (the site at the root)."""
    segments = [s for s in (base_path or "").strip().split("/") if s]
    for segment in segments:
        if segment in (".", "..") or "\\" in segment or "\x00" in segment or "%" in segment:
            raise ValueError(f"invalid base path: {base_path!r}")
    return "".join("/" + s for s in segments)


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:
        return False


def _path_and_query(raw_path: str) -> tuple[str, str]:
    """The path and query of a request target (``//x/y`` is a path here, not a host)."""
    if not raw_path.startswith("/"):  # absolute form: GET http://host/path
        parts = urllib.parse.urlsplit(raw_path)
        return parts.path, parts.query
    path, _, query = raw_path.partition("?")
    return path.partition("#")[0], query.partition("#")[0]


def _split_request_path(raw_path: str) -> tuple[list[str], bool] | None:
    """Decoded path segments and whether the path ends in ``/``; None for anything unsafe.

    Segments are decoded one by one, so an encoded ``/`` (``%2f``) or ``..`` (``%2e%2e``)
    can never act as a separator; ``.``/``..`` segments, backslashes and NULs are refused.
    """
    path = _path_and_query(raw_path)[0]
    if not path.startswith("/"):
        return None
    segments = []
    for raw in path.split("/"):
        if not raw:
            continue  # "//" collapses, as on GitHub Pages
        segment = urllib.parse.unquote(raw, errors="replace") if "%" in raw else raw
        if segment in (".", "..") or "/" in segment or "\\" in segment or "\x00" in segment:
            return None
        segments.append(segment)
    return segments, path.endswith("/")


def _quote_path(segments: list[str]) -> str:
    """The URL path of a folder: ``/a/b/`` from ``["a", "b"]`` (``/`` for none)."""
    return "".join("/" + urllib.parse.quote(s, safe="!$&'()*+,;=:@~") for s in segments) + "/"


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server that knows its site folder and base path."""

    daemon_threads = True  # a slow client never keeps Ctrl-C waiting
    request_queue_size = 64

    def __init__(self, address, handler, root: str, base_path: str = ""):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.root = os.path.abspath(root)
        self.base_path = normalize_base_path(base_path)
        super().__init__(address, handler)

    def server_bind(self):
        # HTTPServer.server_bind would resolve the host name (socket.getfqdn), which can
        # stall without DNS; the preview only needs the bound address.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def finish_request(self, request, client_address):
        self.RequestHandlerClass(request, client_address, self, directory=self.root)

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return  # the browser went away mid-response: nothing to report
        super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{port}{self.base_path}/"


class PreviewHandler(SimpleHTTPRequestHandler):
    """GitHub Pages semantics on top of the standard library's static file handler."""

    server: PreviewServer
    server_version = "NewsDigestPreview"

    # --- routing ------------------------------------------------------------------------------

    def send_head(self):
        """Send the status and headers; return a file object with the body (or None)."""
        parsed = _split_request_path(self.path)
        if parsed is None:
            return self._not_found()
        segments, trailing_slash = parsed
        query = _path_and_query(self.path)[1]

        base = [s for s in self.server.base_path.split("/") if s]
        if base:
            if not segments:
                return self._redirect(_quote_path(base), query)
            if segments[: len(base)] != base:
                return self._not_found(outside_base=True)
            segments = segments[len(base) :]

        root = os.path.realpath(self.server.root)
        if not os.path.isdir(root):
            return self._not_found()
        wanted = os.path.join(root, *segments)
        target = os.path.realpath(wanted)
        if not _inside(target, root):
            return self._not_found()

        if os.path.isdir(target):
            index = os.path.realpath(os.path.join(target, "index.html"))
            if not (_inside(index, root) and os.path.isfile(index)):
                return self._not_found()  # no directory listings, as on GitHub Pages
            if not trailing_slash:
                return self._redirect(_quote_path(base + segments), query)
            return self._send_file(index)
        if os.path.isfile(target) and not trailing_slash:
            return self._send_file(target)
        # GitHub Pages also serves /about from about.html.
        if segments and not trailing_slash:
            html_file = os.path.realpath(wanted + ".html")
            if _inside(html_file, root) and os.path.isfile(html_file):
                return self._send_file(html_file)
        return self._not_found()

    # --- responses ----------------------------------------------------------------------------

    def _send_file(self, path: str, status: HTTPStatus = HTTPStatus.OK):
        try:
            f = open(path, "rb")  # noqa: SIM115 - handed to do_GET/do_HEAD, which close it
        except OSError:
            return self._not_found()
        try:
            st = os.fstat(f.fileno())
            etag = f'"{st.st_mtime_ns:x}-{st.st_size:x}"'
            if status == HTTPStatus.OK and self._not_modified(etag, st.st_mtime):
                f.close()
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.send_header("ETag", etag)
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                return None
            self.send_response(status)
            self.send_header("Content-Type", content_type(path))
            self.send_header("Content-Length", str(st.st_size))
            self.send_header("Last-Modified", self.date_time_string(st.st_mtime))
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "no-cache")  # a rebuild shows on the next reload
            self.end_headers()
            return f
        except BaseException:
            f.close()
            raise

    def _not_modified(self, etag: str, mtime: float) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return etag in [t.strip() for t in if_none_match.split(",")] or if_none_match.strip() == "*"
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since:
            try:
                since = email.utils.parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError, IndexError, OverflowError):
                return False
            if since is None or since.tzinfo is None:
                return False
            return int(mtime) <= since.timestamp()
        return False

    def _send_bytes(self, status: HTTPStatus, body: bytes, ctype: str, extra: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        return io.BytesIO(body)

    def _redirect(self, location: str, query: str = ""):
        if query:
            location += "?" + query
        body = f'<!doctype html><title>Moved</title><a href="{html.escape(location)}">Moved here</a>\n'
        return self._send_bytes(
            HTTPStatus.MOVED_PERMANENTLY, body.encode(), "text/html; charset=utf-8", {"Location": location}
        )

    def _not_found(self, outside_base: bool = False):
        if not outside_base:
            root = os.path.realpath(self.server.root)
            page = os.path.realpath(os.path.join(root, "404.html"))
            if _inside(page, root) and os.path.isfile(page):
                return self._send_file(page, HTTPStatus.NOT_FOUND)
        body = NOT_FOUND_FALLBACK
        if outside_base:
            body += f"\nThe site is served under {self.server.base_path}/\n"
        return self._send_bytes(HTTPStatus.NOT_FOUND, body.encode(), "text/plain; charset=utf-8")

    # --- logging ------------------------------------------------------------------------------

    def log_request(self, code="-", size="-"):
        code = getattr(code, "value", code)
        log.info('%s "%s" %s', self.address_string(), self.requestline, code)

    def log_error(self, format, *args):
        log.warning("%s %s", self.address_string(), format % args)

    def log_message(self, format, *args):
        log.info("%s %s", self.address_string(), format % args)


def make_server(root, host: str = "127.0.0.1", port: int = 8000, base_path: str = "") -> ThreadingHTTPServer:
    """A preview server for the site in ``root`` (not started: call ``serve_forever``)."""
    return PreviewServer((host, port), PreviewHandler, os.fspath(root), base_path)


# --- devserver: poll for changes, rebuild in a subprocess ----------------------------------------


def snapshot(paths, exclude=()) -> tuple:
    """A sorted, comparable picture of every file under ``paths``: (path, mtime_ns, size).

    Directories are walked with ``os.scandir`` (symlinks followed, each real folder once);
    dot-files, ``__pycache__`` and the ``exclude`` folders (the output, the NLP cache) are
    skipped. A missing path is recorded as missing, so creating it counts as a change.
    """
    excluded = {os.path.realpath(p) for p in exclude}
    entries = []
    seen = set()

    def walk(directory):
        real = os.path.realpath(directory)
        if real in seen or real in excluded:
            return
        seen.add(real)
        try:
            with os.scandir(directory) as it:
                children = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        for entry in children:
            if entry.name.startswith(".") or entry.name in _IGNORED_NAMES or entry.name.endswith(("~", ".pyc")):
                continue
            try:
                if entry.is_dir():
                    walk(entry.path)
                else:
                    st = entry.stat()
                    entries.append((entry.path, st.st_mtime_ns, st.st_size))
            except OSError:
                continue  # vanished while we looked; the next poll sees it

    for path in sorted(os.fspath(p) for p in paths):
        if os.path.isdir(path):
            entries.append((path, "dir", 0))
            walk(path)
        else:
            try:
                st = os.stat(path)
                entries.append((path, st.st_mtime_ns, st.st_size))
            except OSError:
                entries.append((path, "missing", 0))
    return tuple(entries)


class Watcher:
    """Rebuilds the site with ``build_cmd`` whenever a file under ``paths`` changes."""

    def __init__(self, paths, build_cmd, exclude=(), interval: float = 0.5, debounce: float = 0.5):
        self.paths = [os.path.abspath(p) for p in paths]
        self.build_cmd = [os.fspath(c) for c in build_cmd]
        self.exclude = [os.path.abspath(p) for p in exclude]
        self.interval = interval
        self.debounce = debounce
        self.builds = 0
        self.failures = 0
        self._proc = None
        self._last = snapshot(self.paths, self.exclude)

    def changed(self) -> bool:
        """Whether anything changed since the last look; waits until edits settle (debounce)."""
        now = snapshot(self.paths, self.exclude)
        if now == self._last:
            return False
        # An editor or a git checkout writes many files: wait for quiet (at most ~10 s).
        for _ in range(20):
            time.sleep(self.debounce)
            later = snapshot(self.paths, self.exclude)
            if later == now:
                break
            now = later
        self._last = now  # edits made during the build trigger the next one
        return True

    def build(self) -> bool:
        """Run the build; on failure print why and keep the previous output."""
        log.warning("Change detected; rebuilding: %s", " ".join(self.build_cmd))
        started = time.monotonic()
        self.builds += 1
        try:
            self._proc = subprocess.Popen(self.build_cmd)
            returncode = self._proc.wait()
        except OSError as exc:
            returncode, reason = None, str(exc)
        else:
            reason = f"exit status {returncode}"
        finally:
            self._proc = None
        if returncode != 0:
            self.failures += 1
            log.error("Build failed (%s); still serving the previous output.", reason)
            return False
        log.warning("Rebuilt in %.1f s.", time.monotonic() - started)
        return True

    def poll(self) -> bool | None:
        """One look: None when nothing changed, else whether the rebuild succeeded."""
        if not self.changed():
            return None
        return self.build()

    def close(self) -> None:
        """Stop a build that is still running (the server is shutting down)."""
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()

    def run(self, stop: threading.Event) -> None:
        while not stop.wait(self.interval):
            try:
                self.poll()
            except Exception:  # never let the watcher die silently behind a running server
                log.exception("Watcher error")


def default_watch_paths(repo: str = ".") -> list[str]:
    """What the devserver always watches in the repo: articles, pages, theme, seeds, plugin, settings."""
    names = ["content", "theme", "seeds", "generator", "pelicanconf.py", "publishconf.py"]
    return [os.path.join(os.path.abspath(repo), n) for n in names]


def pelican_command(output: str, pelican_args=()) -> list[str]:
    """``python -m pelican`` with the given arguments (default ``-s pelicanconf.py``), into ``output``."""
    args = list(pelican_args) or ["-s", "pelicanconf.py"]
    if not any(a in ("-o", "--output") or a.startswith("--output=") for a in args):
        args += ["-o", output]
    return [sys.executable, "-m", "pelican", *args]


# --- command line --------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m generator.serve",
        description="Serve a built site like GitHub Pages; with --reload/--watch, rebuild on changes.",
        epilog="Arguments after -- are passed to Pelican for rebuilds (default: -s pelicanconf.py).",
    )
    p.add_argument("output", nargs="?", default="output", help="the built site (default: output)")
    p.add_argument("--bind", "-b", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", "-p", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    p.add_argument("--base-path", default="", help="serve the site under this path, e.g. /news-digest")
    p.add_argument("--reload", action="store_true", help="rebuild with Pelican when the repo's sources change")
    p.add_argument(
        "--watch", action="append", default=[], metavar="DIR", help="also watch DIR (repeatable; implies --reload)"
    )
    p.add_argument("--quiet", "-q", action="store_true", help="do not log each request")
    return p


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    pelican_args = []
    if "--" in argv:
        cut = argv.index("--")
        argv, pelican_args = argv[:cut], argv[cut + 1 :]
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")

    output = os.path.abspath(args.output)
    reload_ = args.reload or bool(args.watch)
    watcher = None
    if reload_:
        build_cmd = pelican_command(output, pelican_args)
        missing = [w for w in args.watch if not os.path.isdir(w)]
        if missing:
            log.error("--watch: not a folder: %s", ", ".join(missing))
            return 2
        watcher = Watcher(default_watch_paths() + args.watch, build_cmd, exclude=[output, os.path.abspath("cache")])
        if not os.path.isdir(output) and not watcher.build():
            log.error("The first build failed and there is nothing to serve yet; watching anyway.")
    elif not os.path.isdir(output):
        log.error("No site at %s: build it first (make html).", output)
        return 2

    try:
        server = make_server(output, args.bind, args.port, args.base_path)
    except ValueError as exc:
        log.error("%s", exc)
        return 2
    except OSError as exc:
        log.error("Cannot listen on %s:%s (%s); try another PORT=.", args.bind, args.port, exc.strerror or exc)
        return 1

    def _stop(signum, frame):
        # One signal stops the server; a second (make forwards SIGTERM to its children,
        # a terminal sends Ctrl-C to the whole group) must not interrupt the shutdown.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when started ignoring it
        signal.signal(signal.SIGINT, _stop)
    stop = threading.Event()
    if watcher is not None:
        threading.Thread(target=watcher.run, args=(stop,), name="watcher", daemon=True).start()
        watched = ", ".join(os.path.relpath(p) if _inside(p, os.getcwd()) else p for p in watcher.paths)
        log.warning("Watching %s", watched)
    log.warning("Serving %s at %s (Ctrl-C to stop)", os.path.relpath(output), server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        log.warning("Stopped.")
    finally:
        stop.set()
        server.server_close()
        if watcher is not None:
            watcher.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
