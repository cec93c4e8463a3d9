"""The local preview server (generator.serve): GitHub Pages behaviour, safety, the devserver's watcher.

Real sockets on 127.0.0.1 (port 0) against a tiny site written into tmp_path; no Pelican build.
"""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.serve import Watcher, make_server, pelican_command, snapshot  # noqa: E402

SECRET = "TOP-SECRET-CONTENT-do-not-serve"
NOT_FOUND_BODY = "<!doctype html><title>Page not found</title><h1>Custom 404 page</h1>"
INDEX_BODY = "<!doctype html><title>Front</title><h1>Front page</h1>"
SUB_BODY = "<!doctype html><title>Sub</title><h1>Sub page</h1>"
FEED_BODY = '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>'


def write_site(base: Path, with_404: bool = True) -> Path:
    """A tiny built site in ``base/site`` and a secret file beside it (outside the site)."""
    site = base / "site"
    (site / "sub").mkdir(parents=True)
    (site / "empty").mkdir()  # a folder without index.html
    (site / "pagefind").mkdir()
    (site / "index.html").write_text(INDEX_BODY, encoding="utf-8")
    if with_404:
        (site / "404.html").write_text(NOT_FOUND_BODY, encoding="utf-8")
    (site / "sub" / "index.html").write_text(SUB_BODY, encoding="utf-8")
    (site / "feed.xml").write_text(FEED_BODY, encoding="utf-8")
    (site / "app.js").write_text("console.log('hi');\n", encoding="utf-8")
    (site / "style.css").write_text("body{}\n", encoding="utf-8")
    (site / "data.json").write_text("{}\n", encoding="utf-8")
    (site / "icon.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    (site / "mod.wasm").write_bytes(b"\0asm\1\0\0\0")
    (site / "pagefind" / "pagefind.en.pf_meta").write_bytes(b"\x1f\x8b meta")
    (site / "pagefind" / "fragment" / "x.pf_fragment").parent.mkdir()
    (site / "pagefind" / "fragment" / "x.pf_fragment").write_bytes(b"\x1f\x8b frag")
    (base / "secret").write_text(SECRET, encoding="utf-8")
    (base / "outside").mkdir()
    (base / "outside" / "index.html").write_text(SECRET, encoding="utf-8")
    os.symlink(base / "secret", site / "leak.html")  # a file symlink out of the site
    os.symlink(base / "outside", site / "leakdir")  # a folder symlink out of the site
    os.symlink(site / "sub" / "index.html", site / "alias.html")  # a symlink inside is fine
    return site


class Running:
    """A started preview server; ``port``, ``get()`` and ``raw()`` talk to it."""

    def __init__(self, root, base_path=""):
        self.server = make_server(root, "127.0.0.1", 0, base_path)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def get(self, path, method="GET", headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, dict(resp.getheaders()), resp.read()
        finally:
            conn.close()

    def raw(self, target: bytes) -> bytes:
        """Send a request line exactly as given (no client-side normalisation) and return the reply."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(b"GET " + target + b" HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def site(tmp_path):
    return write_site(tmp_path)


@pytest.fixture
def server(site):
    running = Running(site)
    yield running
    running.stop()


@pytest.fixture
def based(site):
    running = Running(site, "/news-digest/")
    yield running
    running.stop()


# --- GitHub Pages behaviour ----------------------------------------------------------------------


def test_front_page_and_sub_page(server):
    status, headers, body = server.get("/")
    assert status == 200 and body.decode() == INDEX_BODY
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Length"] == str(len(INDEX_BODY))
    assert server.get("/sub/")[2].decode() == SUB_BODY
    assert server.get("/sub/index.html")[2].decode() == SUB_BODY
    assert server.get("/?q=1")[2].decode() == INDEX_BODY
    assert server.get("/alias.html")[2].decode() == SUB_BODY  # symlink inside the site
    assert server.get("/alias")[2].decode() == SUB_BODY  # /page from page.html, as on Pages


@pytest.mark.parametrize("path", ["/nope/", "/nope", "/sub/nope.html", "/feed.xml/", "/empty/", "/empty"])
def test_unknown_path_gets_the_site_404_page(server, path):
    status, headers, body = server.get(path)
    assert status == 404
    assert body.decode() == NOT_FOUND_BODY
    assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_404_without_a_404_page_is_plain(tmp_path):
    running = Running(write_site(tmp_path, with_404=False))
    try:
        status, headers, body = running.get("/nope/")
    finally:
        running.stop()
    assert status == 404
    assert headers["Content-Type"].startswith("text/plain")
    assert b"Not Found" in body


def test_folder_without_slash_redirects(server):
    status, headers, _ = server.get("/sub")
    assert status == 301 and headers["Location"] == "/sub/"
    status, headers, _ = server.get("/sub?x=1")
    assert status == 301 and headers["Location"] == "/sub/?x=1"
    # "//x" is a path, never a redirect to another host.
    status, headers, _ = server.get("//sub")
    assert status == 301 and headers["Location"] == "/sub/"
    assert server.get("//example.com/sub")[0] == 404


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/feed.xml", ("application/xml", "application/atom+xml", "application/rss+xml")),
        ("/app.js", ("text/javascript", "application/javascript")),
        ("/mod.wasm", ("application/wasm",)),
        ("/pagefind/pagefind.en.pf_meta", ("application/octet-stream",)),
        ("/pagefind/fragment/x.pf_fragment", ("application/octet-stream",)),
        ("/data.json", ("application/json",)),
        ("/style.css", ("text/css",)),
        ("/icon.svg", ("image/svg+xml",)),
    ],
)
def test_content_types(server, path, expected):
    status, headers, body = server.get(path)
    assert status == 200 and body
    assert headers["Content-Type"].split(";")[0] in expected
    assert "Content-Encoding" not in headers  # Pagefind decompresses its chunks itself


def test_head_has_headers_and_no_body(server):
    status, headers, body = server.get("/feed.xml", method="HEAD")
    assert status == 200 and body == b""
    assert headers["Content-Length"] == str(len(FEED_BODY))
    assert headers["Content-Type"].startswith("application/xml")
    status, headers, body = server.get("/nope/", method="HEAD")
    assert status == 404 and body == b"" and headers["Content-Length"] == str(len(NOT_FOUND_BODY))
    status, headers, body = server.get("/sub", method="HEAD")
    assert status == 301 and headers["Location"] == "/sub/"


def test_conditional_get(server):
    _, headers, _ = server.get("/feed.xml")
    status, _, body = server.get("/feed.xml", headers={"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""
    status, _, body = server.get("/feed.xml", headers={"If-None-Match": '"other"'})
    assert status == 200 and body.decode() == FEED_BODY


# --- Nothing outside the output folder -----------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        b"/../secret",
        b"/sub/../../secret",
        b"/%2e%2e/secret",
        b"/%2E%2E/secret",
        b"/%2e%2e%2fsecret",
        b"/sub/..%2f..%2fsecret",
        b"/sub/%2e%2e%2f%2e%2e%2fsecret",
        b"/..%5csecret",
        b"/..\\secret",
        b"/sub/..\\..\\secret",
        b"/secret%00.html",
        b"/%00",
        b"/leak.html",
        b"/leakdir/",
        b"/leakdir/index.html",
        b"/leakdir",
        b"//../secret",
        b"http://127.0.0.1/../secret",
        b"/" + b"..%2f" * 20 + b"etc/passwd",
    ],
)
def test_no_file_outside_the_site_is_served(server, target):
    reply = server.raw(target)
    assert reply.startswith(b"HTTP/1.0 404") or reply.startswith(b"HTTP/1.1 404"), reply[:80]
    assert SECRET.encode() not in reply
    assert b"root:" not in reply


def test_base_path(based):
    status, headers, _ = based.get("/")
    assert status == 301 and headers["Location"] == "/news-digest/"
    status, headers, _ = based.get("/news-digest")
    assert status == 301 and headers["Location"] == "/news-digest/"
    status, _, body = based.get("/news-digest/")
    assert status == 200 and body.decode() == INDEX_BODY
    status, headers, _ = based.get("/news-digest/sub")
    assert status == 301 and headers["Location"] == "/news-digest/sub/"
    assert based.get("/news-digest/sub/")[2].decode() == SUB_BODY
    status, headers, _ = based.get("/news-digest/feed.xml")
    assert status == 200 and headers["Content-Type"].startswith("application/xml")
    # Inside the base path a missing page gets the site's 404 page.
    status, _, body = based.get("/news-digest/nope/")
    assert status == 404 and body.decode() == NOT_FOUND_BODY
    # Outside it, nothing of the site is served.
    for path in ("/sub/", "/feed.xml", "/index.html", "/news-digestX/", "/news/digest/", "/404.html"):
        status, _, body = based.get(path)
        assert status == 404, path
        assert body.decode() not in (INDEX_BODY, SUB_BODY, FEED_BODY), path
    for target in (b"/news-digest/../secret", b"/news-digest/%2e%2e/secret", b"/news-digest/leak.html"):
        reply = based.raw(target)
        assert b" 404 " in reply.split(b"\r\n", 1)[0] and SECRET.encode() not in reply


def test_concurrent_requests(server):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only, never a proxy
    expected = {"/": INDEX_BODY, "/sub/": SUB_BODY, "/feed.xml": FEED_BODY}
    paths = list(expected) * 67  # 201 requests

    def fetch(path):
        with opener.open(f"http://127.0.0.1:{server.port}{path}", timeout=30) as resp:
            return path, resp.status, resp.read().decode()

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(fetch, paths))
    assert len(results) == len(paths)
    for path, status, body in results:
        assert status == 200 and body == expected[path]


def test_requests_are_served_in_parallel(server):
    """A client that connects and says nothing must not block everyone else."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10):
        status, _, body = server.get("/")
    assert status == 200 and body.decode() == INDEX_BODY


def test_serve_module_imports_no_pelican():
    code = (
        "import sys, generator.serve; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('pelican', 'markupsafe', 'jinja2')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


def test_command_line_help():
    out = subprocess.run(
        [sys.executable, "-m", "generator.serve", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0 and "--base-path" in out.stdout and "--watch" in out.stdout


def test_command_line_serves_and_stops_on_sigterm(site):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.serve", str(site), "--port", str(port), "--base-path", "/news-digest"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/news-digest/nope/")
                resp = conn.getresponse()
                status, body = resp.status, resp.read().decode()
                conn.close()
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        assert status == 404 and body == NOT_FOUND_BODY
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert "Serving" in err and "/news-digest/nope/" in err  # one log line per request


# --- The devserver's watcher ---------------------------------------------------------------------


def _touch(path: Path, text: str):
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))  # coarse clocks see it too


def _marker_command(marker: Path, exit_code: int = 0):
    code = (
        f"import pathlib, sys; p = pathlib.Path({str(marker)!r}); "
        f"p.write_text(p.read_text() + 'x' if p.exists() else 'x'); sys.exit({exit_code})"
    )
    return [sys.executable, "-c", code]


def test_snapshot_sees_changes_and_skips_litter(tmp_path):
    src = tmp_path / "src"
    (src / "sport").mkdir(parents=True)
    (src / "sport" / "001.txt").write_text("a", encoding="utf-8")
    first = snapshot([src, tmp_path / "missing.py"])
    assert snapshot([src, tmp_path / "missing.py"]) == first
    (src / ".#001.txt").write_text("lock", encoding="utf-8")
    (src / "__pycache__").mkdir()
    (src / "__pycache__" / "x.pyc").write_bytes(b"")
    assert snapshot([src, tmp_path / "missing.py"]) == first
    (src / "sport" / "002.txt").write_text("b", encoding="utf-8")
    assert snapshot([src, tmp_path / "missing.py"]) != first
    (tmp_path / "missing.py").write_text("", encoding="utf-8")
    second = snapshot([src, tmp_path / "missing.py"])
    (src / "sport" / "002.txt").unlink()
    assert snapshot([src, tmp_path / "missing.py"]) != second
    # The excluded output folder never counts.
    (src / "output").mkdir()
    third = snapshot([src], exclude=[src / "output"])
    (src / "output" / "index.html").write_text("built", encoding="utf-8")
    assert snapshot([src], exclude=[src / "output"]) == third


def test_watcher_rebuilds_when_an_external_folder_changes(tmp_path):
    external = tmp_path / "elsewhere" / "corpora" / "bbc"  # a folder outside any repo
    (external / "tech").mkdir(parents=True)
    article = external / "tech" / "001.txt"
    article.write_text("Title\n\nBody.\n", encoding="utf-8")
    marker = tmp_path / "built"
    watcher = Watcher([external], _marker_command(marker), debounce=0.05)
    assert watcher.poll() is None and not marker.exists()  # nothing changed yet

    _touch(article, "Title\n\nBody, edited.\n")
    assert watcher.poll() is True
    assert marker.read_text() == "x"
    assert watcher.poll() is None  # one change, one build

    (external / "tech" / "002.txt").write_text("New\n\nStory.\n", encoding="utf-8")
    assert watcher.poll() is True
    assert marker.read_text() == "xx"


def test_watch_loop_rebuilds_in_the_background(tmp_path):
    external = tmp_path / "ext"
    external.mkdir()
    marker = tmp_path / "built"
    watcher = Watcher([external], _marker_command(marker), interval=0.05, debounce=0.05)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    try:
        (external / "new.txt").write_text("Title\n\nBody.\n", encoding="utf-8")
        deadline = time.monotonic() + 30
        while not marker.exists():
            assert time.monotonic() < deadline, "no rebuild after a change in a watched folder"
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()


def test_failed_build_keeps_serving_the_previous_output(tmp_path, site):
    external = tmp_path / "ext"
    external.mkdir()
    (external / "a.txt").write_text("a", encoding="utf-8")
    marker = tmp_path / "tried"
    running = Running(site)
    try:
        watcher = Watcher([external], _marker_command(marker, exit_code=1), debounce=0.05)
        _touch(external / "a.txt", "changed")
        assert watcher.poll() is False
        assert marker.exists() and watcher.failures == 1
        status, _, body = running.get("/")
        assert status == 200 and body.decode() == INDEX_BODY
        # A missing build program is a failed build too, not a dead watcher.
        broken = Watcher([external], [str(tmp_path / "no-such-program")], debounce=0.05)
        _touch(external / "a.txt", "changed again")
        assert broken.poll() is False
        assert running.get("/sub/")[0] == 200
    finally:
        running.stop()


def test_pelican_command_builds_into_the_served_folder(tmp_path):
    out = str(tmp_path / "out")
    cmd = pelican_command(out)
    assert cmd[:3] == [sys.executable, "-m", "pelican"]
    assert cmd[3:] == ["-s", "pelicanconf.py", "-o", out]
    cmd = pelican_command(out, ["-s", "publishconf.py", "-e", 'SITEURL="http://127.0.0.1:8000/x"'])
    assert cmd[-2:] == ["-o", out] and 'SITEURL="http://127.0.0.1:8000/x"' in cmd
    assert pelican_command(out, ["-o", "elsewhere"])[-2:] == ["-o", "elsewhere"]
