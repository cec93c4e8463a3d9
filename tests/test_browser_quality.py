"""The built site in a real browser (Debian's chromium through Playwright, as in test_search.py).

One browser for the module; the seeds site (conftest's ``seeds_site``, SITEURL http://example.org)
is served by our preview server (generator.serve) on 127.0.0.1, and chromium resolves the
site's host name to it, so pages load from the site's own URL with no second build.

- Content-Security-Policy: nothing on any page is blocked, search works under it, and the
  browser does enforce it (an inline script is refused).
- Accessibility: axe-core (bundled with axe-playwright-python) finds no serious or critical
  violation on the front page, a story, a tag page, the tags index, the archives, the search
  page with results, About and the 404 page, in the light and the dark colour scheme.
- Layout: at 375 and 1280 px nothing reaches past the right edge; full-page screenshots are
  saved beside the site's output folder (the path is printed).
- Keyboard: Tab from the top reaches every card link, tag link and search box, and every
  focused element shows a focus indicator.
"""

import os
import shutil
import threading
from collections import Counter
from urllib.parse import quote, urlsplit

import pytest

from generator.serve import make_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
# CI sets REQUIRE_BROWSER=1, so a missing chromium fails there instead of skipping.
pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("REQUIRE_BROWSER"),
                                reason="Debian's chromium is not installed (.ci/run installs it)")

SCHEMES = ["light", "dark"]
WIDTHS = [375, 1280]
MISSING = "no-such-page/"


def pages_of(site):
    """name -> path (from the site root) of every kind of page the checks visit."""
    article = sorted(site.articles, key=lambda a: a.url)[0]
    counts = Counter(tag for a in site.articles for tag in a.tags or [])
    tag = max(counts, key=lambda t: (counts[t], str(t)))  # the most used tag: the fullest tag page
    about = next(p for p in site.pages if p.slug == "about")
    return {
        "front": "",
        "article": article.url,
        **({"story": article.story.url, "stories": "stories/"} if getattr(article, "story", None) else {}),
        "tag": tag.url,
        "tags": "tags/",
        "archives": "archives/",
        "search": f"search/?q={quote(str(tag))}",
        "about": about.url,
        "404": MISSING,
    }


class Browsing:
    """The served site, the browser and the pages to visit."""

    def __init__(self, site, browser, port):
        self.site = site
        self.browser = browser
        self.port = port
        self.origin = site.siteurl.rstrip("/")
        self.pages = pages_of(site)

    def context(self, **options):
        """A browser context that may only load the site itself, and records CSP violations."""
        context = self.browser.new_context(**options)
        context.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation', "
            "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
        context.remote = []

        def site_only(route):
            if route.request.url.startswith(self.origin + "/"):
                route.continue_()
            else:  # the site must work offline: nothing may be fetched from elsewhere
                context.remote.append(route.request.url)
                route.abort()

        context.route("**/*", site_only)
        return context

    def visit(self, page, name):
        """Load a page (and, on the search page, wait for the results); return its problems."""
        errors = []
        page.on("pageerror", lambda exc: errors.append(f"script error: {exc}"))
        response = page.goto(f"{self.origin}/{self.pages[name]}")
        expected_status = 404 if name == "404" else 200
        if response is None or response.status != expected_status:
            errors.append(f"status {response and response.status}")
        if name == "search":
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
        page.wait_for_load_state("load")
        errors += [f"CSP: {v}" for v in page.evaluate("window.__csp")]
        return errors


@pytest.fixture(scope="module")
def browsing(seeds_site):
    from playwright.sync_api import sync_playwright

    server = make_server(seeds_site.output, "127.0.0.1", 0)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    host = urlsplit(seeds_site.siteurl)
    assert host.scheme == "http" and host.port is None and not host.path, seeds_site.siteurl
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM or "chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update",
                # The site's host name is our server: real URLs, no second build.
                f"--host-resolver-rules=MAP {host.hostname}:80 127.0.0.1:{port}"])
            try:
                yield Browsing(seeds_site, browser, port)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def artifacts(seeds_site):
    folder = seeds_site.output.parent / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder


# --- Content-Security-Policy --------------------------------------------------------------------


def test_every_page_loads_under_the_policy(browsing):
    context = browsing.context()
    try:
        page = context.new_page()
        problems = {name: found for name in browsing.pages if (found := browsing.visit(page, name))}
        # The policy is enforced: a script added to the page without a file of its own is refused.
        page.evaluate("() => { const s = document.createElement('script');"
                      " s.textContent = 'window.__inline = 1'; document.body.append(s); }")
        page.wait_for_function("() => window.__csp.length > 0")
        assert page.evaluate("window.__inline") is None
        assert page.evaluate("window.__csp")[0].startswith("script-src")
    finally:
        context.close()
    assert problems == {}
    assert context.remote == []


def test_search_works_without_the_web_worker(browsing):
    """Pagefind falls back to WebAssembly on the page itself (no worker): 'wasm-unsafe-eval' at work."""
    context = browsing.context()
    try:
        page = context.new_page()
        page.route("**/pagefind/pagefind-worker.js", lambda route: route.abort())
        problems = browsing.visit(page, "search")  # waits for the results
        results = page.locator(".pagefind-ui__result-link").count()
    finally:
        context.close()
    assert problems == [] and results >= 1


def test_search_page_says_so_when_the_index_is_missing(browsing):
    context = browsing.context()
    try:
        page = context.new_page()
        page.route("**/pagefind/**", lambda route: route.fulfill(status=404, body="missing"))
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{browsing.origin}/search/")
        page.locator(".search-missing").wait_for(state="visible", timeout=5000)
        problems = errors + [f"CSP: {v}" for v in page.evaluate("window.__csp")]
    finally:
        context.close()
    assert problems == []


# --- Accessibility ------------------------------------------------------------------------------


def _axe_script():
    from importlib.resources import files

    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_serious_accessibility_violations(browsing, scheme):
    axe = _axe_script()
    assert "axe v" in axe[:100]
    context = browsing.context(color_scheme=scheme)
    serious, minor, problems = [], Counter(), {}
    try:
        page = context.new_page()
        for name in browsing.pages:
            if found := browsing.visit(page, name):
                problems[name] = found
            assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
            page.evaluate(axe)
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            assert len(result["passes"]) > 10, f"axe did not run on {name}"
            for v in result["violations"]:
                if v["impact"] in ("serious", "critical"):
                    for node in v["nodes"]:
                        message = "; ".join(c["message"] for c in node["any"] + node["all"] + node["none"])
                        serious.append(f"{name}: {v['id']} ({v['impact']}) at {node['target']}: {message}")
                else:
                    minor[f"{v['id']} ({v['impact']})"] += len(v["nodes"])
    finally:
        context.close()
    print(f"axe, {scheme} scheme, {len(browsing.pages)} pages: {len(serious)} serious or critical, "
          f"others: {dict(minor) or 'none'}")
    assert problems == {}
    assert not serious, "\n".join(serious)


# --- Layout -------------------------------------------------------------------------------------

# Elements reaching past the left or right edge of the viewport, unless a scrolling or clipping
# ancestor (a <pre> with overflow-x: auto, a visually hidden label) keeps them inside.
OVERFLOW_JS = """
() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body && a !== root; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== "visible" || s.clip !== "auto" && s.position === "absolute") return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const outside = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if ((r.right > width + 0.5 || r.left < -0.5) && !clipped(el)) {
      outside.push(`${name(el)} spans ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: width, outside: outside.slice(0, 10)};
}
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_overflows_horizontally(browsing, artifacts, width):
    context = browsing.context(viewport={"width": width, "height": 800})
    overflow, problems = {}, {}
    try:
        page = context.new_page()
        for name in browsing.pages:
            if found := browsing.visit(page, name):
                problems[name] = found
            box = page.evaluate(OVERFLOW_JS)
            assert box["clientWidth"] == width
            if box["scrollWidth"] > box["clientWidth"] or box["outside"]:
                overflow[name] = box
            page.screenshot(path=artifacts / f"{width}-{name}.png", full_page=True)
    finally:
        context.close()
    print(f"screenshots: {artifacts}")
    assert problems == {}
    assert overflow == {}
    assert len(list(artifacts.glob(f"{width}-*.png"))) == len(browsing.pages)


def test_the_overflow_check_sees_overflow(browsing):
    context = browsing.context(viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        browsing.visit(page, "front")
        page.evaluate("() => { const d = document.createElement('div'); d.className = 'too-wide';"
                      " d.textContent = 'x'; d.style.width = '500px'; document.querySelector('main').append(d); }")
        box = page.evaluate(OVERFLOW_JS)
    finally:
        context.close()
    assert box["scrollWidth"] > 375 and any(o.startswith("div.too-wide") for o in box["outside"])


# --- Keyboard -----------------------------------------------------------------------------------

MARK_JS = """
(selector) => {
  const wanted = [...document.querySelectorAll(selector)];
  wanted.forEach((el, i) => { el.dataset.kb = String(i); });
  const focusable = document.querySelectorAll(
    "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])");
  return {wanted: wanted.map((el) => el.outerHTML.slice(0, 120)), focusable: focusable.length};
}
"""

FOCUSED_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
  return {kb: el.dataset.kb ?? null, what: el.outerHTML.slice(0, 100), ring, visible: r.width > 1 && r.height > 1};
}
"""

# Card links, tag links and search boxes: the header's on every page, Pagefind's on the search page.
TARGETS = ".card-title a, a.tag, #site-search-q, input.pagefind-ui__search-input"


def tab_through(page):
    """Press Tab from the top of the page until focus comes round; what was wanted and what was focused."""
    marked = page.evaluate(MARK_JS, TARGETS)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    focused = []
    for _ in range(marked["focusable"] + 5):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED_JS)
        if now is None or (focused and now["what"] == focused[0]["what"]):
            break
        focused.append(now)
    return marked["wanted"], focused


def test_tab_reaches_every_link_and_shows_focus(browsing):
    context = browsing.context(viewport={"width": 1280, "height": 800})
    missed, unmarked, reached = {}, {}, Counter()
    try:
        page = context.new_page()
        for name in ("front", "article", "tag", "tags", "search"):
            browsing.visit(page, name)
            wanted, focused = tab_through(page)
            assert wanted, f"nothing to reach on {name}"
            seen = {f["kb"] for f in focused}
            if lost := [w for i, w in enumerate(wanted) if str(i) not in seen]:
                missed[name] = lost
            if bad := [f["what"] for f in focused if not (f["ring"] and f["visible"])]:
                unmarked[name] = bad
            reached[name] = len(focused)
    finally:
        context.close()
    print(f"keyboard: elements reached by Tab per page: {dict(reached)}")
    assert missed == {}, "not reached by Tab"
    assert unmarked == {}, "focused without a visible focus indicator"
    assert reached["front"] >= 10


def test_the_focus_check_sees_a_missing_indicator(browsing):
    context = browsing.context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        browsing.visit(page, "front")
        page.evaluate("() => document.querySelectorAll('a').forEach((a) => { a.style.outline = 'none'; })")
        _, focused = tab_through(page)
    finally:
        context.close()
    assert focused and not any(f["ring"] for f in focused if f["what"].startswith("<a"))
