"""A small, polite HTTP client over urllib.

Only http and https; a User-Agent naming the tool; a timeout and a size limit on every response;
a delay between requests to one host (longer when robots.txt asks for a Crawl-delay); robots.txt
obeyed; retries with exponential backoff on 5xx, 429 and timeouts; conditional GET (ETag and
Last-Modified) for the caller that keeps the validators. Every failure is a :class:`FetchError`
whose message says why.
"""

import email.utils
import http.client
import socket
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .urls import is_web_url, scheme_of

AGENT = "news-digest-ingest"
USER_AGENT = f"{AGENT}/0.1 (feed and page ingester of the News Digest site generator; Python urllib)"
MAX_BYTES = 5_000_000
ROBOTS_MAX_BYTES = 512_000
MAX_CRAWL_DELAY = 60.0
MAX_RETRY_WAIT = 60.0
ACCEPT_ANY = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, " \
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.9, text/plain;q=0.8, */*;q=0.5"


class FetchError(Exception):
    """A URL could not be fetched; ``str(err)`` is the reason, for a warning."""


class _Retryable(FetchError):
    def __init__(self, reason, retry_after=None):
        super().__init__(reason)
        self.retry_after = retry_after


@dataclass
class Response:
    url: str  # after redirects
    status: int
    headers: dict = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    @property
    def not_modified(self):
        return self.status == 304

    @property
    def content_type(self):
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self):
        for param in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "charset":
                return value.strip().strip("\"'") or None
        return None

    @property
    def etag(self):
        return self.headers.get("etag", "")

    @property
    def last_modified(self):
        return self.headers.get("last-modified", "")


class _WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) URLs only (urllib alone would also follow ftp)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_web_url(newurl):
            raise FetchError(f"refused a redirect to a non-http(s) URL ({scheme_of(newurl) or 'relative'})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _retry_after(value):
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class _Robots:
    """One site's robots.txt rules: allow all, disallow all, or a parsed file."""

    def __init__(self, parser=None, allow=True, note=""):
        self.parser, self.allow, self.note = parser, allow, note

    def can_fetch(self, url):
        return self.parser.can_fetch(AGENT, url) if self.parser else self.allow

    def crawl_delay(self):
        delay = self.parser.crawl_delay(AGENT) if self.parser else None
        try:
            return min(float(delay), MAX_CRAWL_DELAY) if delay else 0.0
        except (TypeError, ValueError):
            return 0.0


class Fetcher:
    """HTTP GET with the politeness rules above. ``sleep`` and ``clock`` are injectable for tests."""

    def __init__(self, *, user_agent=USER_AGENT, timeout=20.0, max_bytes=MAX_BYTES, delay=1.0, retries=2,
                 backoff=1.0, robots=True, sleep=time.sleep, clock=time.monotonic):
        self.user_agent = user_agent
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.delay = delay
        self.retries = retries
        self.backoff = backoff
        self.robots = robots
        self._sleep = sleep
        self._clock = clock
        self._last = {}  # host -> clock() of the last request sent there
        self._robots = {}  # scheme://host:port -> _Robots or FetchError
        self._opener = urllib.request.build_opener(_WebOnlyRedirects)
        self.requests = 0

    def get(self, url, *, etag="", last_modified="", accept=ACCEPT_ANY):
        """GET ``url``; a 304 answer to the conditional headers is a Response with ``not_modified``."""
        if not is_web_url(url):
            scheme = scheme_of(url)
            raise FetchError(f"refused a {scheme}: URL (only http and https are fetched)" if scheme
                             else "not an absolute http(s) URL")
        if self.robots:
            rules = self._robots_for(url)
            if not rules.can_fetch(url):
                raise FetchError("disallowed by robots.txt" + (f" ({rules.note})" if rules.note else ""))
        headers = {"User-Agent": self.user_agent, "Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._with_retries(url, headers, self.max_bytes)

    # --- robots.txt -------------------------------------------------------------------------------------------

    def _origin(self, url):
        parts = urlsplit(url)
        return f"{parts.scheme.lower()}://{parts.netloc.lower().rpartition('@')[2]}"

    def _robots_for(self, url):
        origin = self._origin(url)
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        rules = self._robots[origin]
        if isinstance(rules, FetchError):
            raise FetchError(f"site unreachable (robots.txt: {rules})")
        return rules

    def _load_robots(self, origin):
        """RFC 9309: a 4xx means no rules; a 5xx (after retries) means the whole site is off limits."""
        headers = {"User-Agent": self.user_agent, "Accept": "text/plain, */*;q=0.5"}
        try:
            # Rules past the first 500 KiB may be ignored (RFC 9309 2.5).
            resp = self._with_retries(origin + "/robots.txt", headers, ROBOTS_MAX_BYTES, truncate=True)
        except _Retryable as err:
            return _Robots(allow=False, note=f"robots.txt failed: {err}")
        except FetchError as err:
            if str(err).startswith("HTTP 4"):
                return _Robots(allow=True)
            return err
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(resp.body.decode("utf-8", errors="replace").splitlines())
        return _Robots(parser)

    # --- requests ---------------------------------------------------------------------------------------------

    def _wait_turn(self, url):
        host = urlsplit(url).netloc.lower()
        delay = self.delay
        rules = self._robots.get(self._origin(url))
        if isinstance(rules, _Robots):
            delay = max(delay, rules.crawl_delay())
        last = self._last.get(host)
        if last is not None:
            wait = last + delay - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last[host] = self._clock()

    def _with_retries(self, url, headers, limit, truncate=False):
        attempts = self.retries + 1
        for attempt in range(attempts):
            self._wait_turn(url)
            try:
                return self._once(url, headers, limit, truncate)
            except _Retryable as err:
                if attempt == attempts - 1:
                    raise _Retryable(f"{err} (tried {attempts} times)") from None
                wait = err.retry_after if err.retry_after is not None else self.backoff * 2 ** attempt
                self._sleep(min(wait, MAX_RETRY_WAIT))
        raise AssertionError("unreachable")

    def _once(self, url, headers, limit, truncate=False):
        self.requests += 1
        request = urllib.request.Request(url, headers=headers)
        try:
            resp = self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as err:
            with err:
                if err.code == 304:
                    headers_304 = {k.lower(): v for k, v in err.headers.items()}
                    return Response(getattr(err, "url", None) or url, 304, headers_304)
                reason = f"HTTP {err.code} {err.reason}".strip()
                if err.code >= 500 or err.code == 429:
                    raise _Retryable(reason, _retry_after(err.headers.get("Retry-After"))) from None
                raise FetchError(reason) from None
        except urllib.error.URLError as err:
            if isinstance(err.reason, (TimeoutError, socket.timeout)):
                raise _Retryable(f"timed out after {self.timeout:g} s") from None
            raise FetchError(f"unreachable ({err.reason})") from None
        except TimeoutError:
            raise _Retryable(f"timed out after {self.timeout:g} s") from None
        except (http.client.HTTPException, OSError, ValueError) as err:
            raise FetchError(f"request failed ({type(err).__name__}: {err})") from None
        with resp:
            headers_out = {k.lower(): v for k, v in resp.headers.items()}
            length = headers_out.get("content-length", "")
            if length.isdigit() and int(length) > limit and not truncate:
                raise FetchError(f"larger than the {limit} byte limit ({length} bytes)")
            chunks, size = [], 0
            try:
                while True:
                    chunk = resp.read(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > limit:
                        if truncate:
                            chunks[-1] = chunk[: len(chunk) - (size - limit)]
                            break
                        raise FetchError(f"larger than the {limit} byte limit")
            except TimeoutError:
                raise _Retryable(f"timed out after {self.timeout:g} s while reading") from None
            except (http.client.HTTPException, OSError) as err:
                raise FetchError(f"read failed ({type(err).__name__}: {err})") from None
            return Response(resp.geturl(), resp.status, headers_out, b"".join(chunks))
