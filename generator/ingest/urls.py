"""URLs: only http and https, and a canonical form (tracking parameters stripped, fragment dropped)."""

import re
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

WEB_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Query parameters that only say where a click came from; they never change the page.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid", "ttclid",
    "li_fat_id", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp",
    "hsctatracking", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "rb_clickid", "s_cid",
    "ref_src", "ref_url", "cmpid", "ncid", "ocid", "sr_share", "spm", "wt.mc_id", "at_medium", "at_campaign",
    "cmp", "icid", "xtor", "guccounter", "guce_referrer", "guce_referrer_sig",
})
TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "hsa_")


def scheme_of(url):
    """The URL's scheme in lower case ('' for a relative URL or a plain path)."""
    match = _SCHEME.match((url or "").strip())
    return match.group(1).lower() if match else ""


def looks_like_url(text):
    """True for ``scheme:…`` strings (but not Windows drive paths such as ``C:\\feeds``)."""
    scheme = scheme_of(text)
    return bool(scheme) and len(scheme) > 1


def is_web_url(url):
    """True for an absolute http(s) URL with a host."""
    try:
        parts = urlsplit((url or "").strip())
        return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)
    except ValueError:
        return False


def _is_tracking(name):
    name = unquote(name).strip().lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def canonical_url(url, base=None):
    """The canonical form of an http(s) ``url`` (resolved against ``base``), or None for other URLs.

    Scheme and host are lower-cased, default ports, credentials, the fragment and tracking parameters
    (``utm_*``, ``fbclid``, …) are dropped; the remaining query keeps its order and encoding.
    """
    url = " ".join((url or "").split())
    if not url:
        return None
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = parts.hostname
    if scheme not in WEB_SCHEMES or not host:
        return None
    netloc = f"[{host}]" if ":" in host else host
    if port and port != {"http": 80, "https": 443}[scheme]:
        netloc += f":{port}"
    query = "&".join(p for p in parts.query.split("&") if p and not _is_tracking(p.split("=", 1)[0]))
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def host_of(url):
    """The host name of a URL ('' when it has none)."""
    try:
        return urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
