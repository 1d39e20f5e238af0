"""Embeds: posts and videos from six providers, recognised from the URL alone.

`recognise(url)` answers the provider and the canonical URL of a YouTube,
Vimeo, X/Twitter, Telegram, Facebook or Instagram address, or None; it makes no
network call. The sanitiser (articles/sanitize.py) calls `embed_blocks` on its
output: a paragraph holding only a recognised URL becomes an embed figure, and
an embed figure whose URL is not recognised is dropped and reported. The site
shows each figure as a click-to-load facade (`render_facades`, and
static/js/embeds.js), so the reader's browser asks no third party for anything
until the reader clicks.

Plain Python and nh3: no Django here.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

import nh3

# The stored form, exactly (docs/architecture.md, "Embeds"); the link gets
# rel="noopener" like every link the sanitiser writes.
FIGURE = (
    '<figure data-embed="{provider}" data-embed-url="{url}">'
    '<a href="{url}" rel="noopener">{url}</a></figure>'
)
PROVIDER_NAMES = {
    "youtube": "YouTube",
    "vimeo": "Vimeo",
    "x": "X",
    "telegram": "Telegram",
    "facebook": "Facebook",
    "instagram": "Instagram",
}
# Where the frames come from; cms/settings.py's CSP frame-src is this list.
FRAME_ORIGINS = (
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://platform.twitter.com",
    "https://t.me",
    "https://www.facebook.com",
    "https://www.instagram.com",
)
# Videos get a 16:9 frame; posts a tall one.
VIDEO_SHAPED = {"youtube", "vimeo"}
MAX_URL_LENGTH = 2000

YOUTUBE_ID = r"[A-Za-z0-9_-]{10}[AEIMQUYcgkosw048]"  # 64 bits in base64
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}
NOCOOKIE_HOSTS = {"youtube-nocookie.com", "www.youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com"}
X_HOSTS = {
    "x.com",
    "www.x.com",
    "mobile.x.com",
    "twitter.com",
    "www.twitter.com",
    "mobile.twitter.com",
}
TELEGRAM_HOSTS = {"t.me", "telegram.me"}
FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com"}
INSTAGRAM_HOSTS = {"instagram.com", "www.instagram.com"}
# t.me paths that are not channels.
TELEGRAM_RESERVED = {
    "addemoji",
    "addlist",
    "addstickers",
    "addtheme",
    "boost",
    "confirmphone",
    "contact",
    "invoice",
    "joinchat",
    "login",
    "proxy",
    "setlanguage",
    "share",
    "socks",
}

_YOUTUBE_PATH = re.compile(rf"/(?:shorts|embed|live)/({YOUTUBE_ID})/?")
_YOUTU_BE_PATH = re.compile(rf"/({YOUTUBE_ID})/?")
_VIMEO_PATH = re.compile(r"/(\d{1,12})(?:/([0-9a-f]{6,20}))?/?")
_VIMEO_PLAYER_PATH = re.compile(r"/video/(\d{1,12})/?")
_X_PATH = re.compile(r"/([A-Za-z0-9_]{1,15})/status/(\d{1,20})/?")
_TELEGRAM_PATH = re.compile(r"/(?:s/)?([A-Za-z][A-Za-z0-9_]{3,31})/(\d{1,10})/?")
_FACEBOOK_PAGE = r"[A-Za-z0-9][A-Za-z0-9.]{0,79}"
_FACEBOOK_POST_PATH = re.compile(
    rf"/({_FACEBOOK_PAGE})/posts/(\d{{1,25}}|pfbid0[A-Za-z0-9]{{10,80}})/?"
)
_FACEBOOK_VIDEO_PATH = re.compile(rf"/({_FACEBOOK_PAGE})/videos/(\d{{1,25}})/?")
_FACEBOOK_REEL_PATH = re.compile(r"/reel/(\d{1,25})/?")
_DIGITS = re.compile(r"\d{1,25}")
_INSTAGRAM_PATH = re.compile(r"/(p|reel|tv)/([A-Za-z0-9_-]{5,64})/?")


@dataclass(frozen=True, slots=True)
class Embed:
    """A recognised post or video: who hosts it, its canonical URL, the frame
    that shows it."""

    provider: str
    url: str
    frame_url: str

    @property
    def provider_name(self) -> str:
        return PROVIDER_NAMES[self.provider]


def recognise(url: str) -> Embed | None:
    """The embed `url` points at, from the URL alone, or None.

    Strict: http(s) only, the providers' exact host names (no look-alikes, no
    punycode, no user, no port), ASCII only, nothing to be tidied by a browser
    (no whitespace, control characters or backslashes), valid ids.
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if (
        not url
        or len(url) > MAX_URL_LENGTH
        or not url.isascii()
        or not url.isprintable()
        or any(c.isspace() or c == "\\" for c in url)
    ):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    # netloc, not hostname: a user ("x@") or a port (":443") is refused outright.
    host = parts.netloc.lower()
    if parts.scheme.lower() not in ("http", "https") or "@" in host or ":" in host:
        return None
    path = parts.path
    try:
        query = parse_qs(parts.query, strict_parsing=False)
    except ValueError:
        return None

    if host in YOUTUBE_HOSTS:
        if path in ("/watch", "/watch/"):
            ids = query.get("v", [])
            if len(ids) == 1 and re.fullmatch(YOUTUBE_ID, ids[0]):
                return _youtube(ids[0])
            return None
        if match := _YOUTUBE_PATH.fullmatch(path):
            return _youtube(match[1])
        return None
    if host == "youtu.be":
        if match := _YOUTU_BE_PATH.fullmatch(path):
            return _youtube(match[1])
        return None
    if host in NOCOOKIE_HOSTS:
        if (match := _YOUTUBE_PATH.fullmatch(path)) and path.startswith("/embed/"):
            return _youtube(match[1])
        return None
    if host in VIMEO_HOSTS:
        if match := _VIMEO_PATH.fullmatch(path):
            return _vimeo(match[1], match[2])
        return None
    if host == "player.vimeo.com":
        if match := _VIMEO_PLAYER_PATH.fullmatch(path):
            hashes = query.get("h", [])
            secret = hashes[0] if len(hashes) == 1 else None
            if secret is not None and not re.fullmatch(r"[0-9a-f]{6,20}", secret):
                return None
            return _vimeo(match[1], secret)
        return None
    if host in X_HOSTS:
        if match := _X_PATH.fullmatch(path):
            user, status = match[1], match[2]
            return Embed(
                "x",
                f"https://x.com/{user}/status/{status}",
                f"https://platform.twitter.com/embed/Tweet.html?id={status}&dnt=true",
            )
        return None
    if host in TELEGRAM_HOSTS:
        match = _TELEGRAM_PATH.fullmatch(path)
        if match and match[1].lower() not in TELEGRAM_RESERVED:
            canonical = f"https://t.me/{match[1]}/{match[2]}"
            return Embed("telegram", canonical, f"{canonical}?embed=1")
        return None
    if host in FACEBOOK_HOSTS:
        return _facebook(path, query)
    if host in INSTAGRAM_HOSTS:
        if match := _INSTAGRAM_PATH.fullmatch(path):
            kind = "reel" if match[1] == "reel" else "p"
            code = match[2]
            return Embed(
                "instagram",
                f"https://www.instagram.com/{kind}/{code}/",
                f"https://www.instagram.com/p/{code}/embed/",
            )
        return None
    return None


def _youtube(video_id: str) -> Embed:
    return Embed(
        "youtube",
        f"https://www.youtube.com/watch?v={video_id}",
        f"https://www.youtube-nocookie.com/embed/{video_id}",
    )


def _vimeo(video_id: str, secret: str | None) -> Embed:
    if secret:
        return Embed(
            "vimeo",
            f"https://vimeo.com/{video_id}/{secret}",
            f"https://player.vimeo.com/video/{video_id}?h={secret}&dnt=1",
        )
    return Embed(
        "vimeo",
        f"https://vimeo.com/{video_id}",
        f"https://player.vimeo.com/video/{video_id}?dnt=1",
    )


def _facebook(path: str, query: dict) -> Embed | None:
    if match := _FACEBOOK_POST_PATH.fullmatch(path):
        canonical = f"https://www.facebook.com/{match[1]}/posts/{match[2]}"
        plugin = "post"
    elif match := _FACEBOOK_VIDEO_PATH.fullmatch(path):
        canonical = f"https://www.facebook.com/{match[1]}/videos/{match[2]}"
        plugin = "video"
    elif match := _FACEBOOK_REEL_PATH.fullmatch(path):
        canonical = f"https://www.facebook.com/reel/{match[1]}"
        plugin = "video"
    elif path in ("/watch", "/watch/"):
        ids = query.get("v", [])
        if len(ids) != 1 or not _DIGITS.fullmatch(ids[0]):
            return None
        canonical = f"https://www.facebook.com/watch/?v={ids[0]}"
        plugin = "video"
    else:
        return None
    frame = (
        f"https://www.facebook.com/plugins/{plugin}.php"
        f"?href={quote(canonical, safe='')}"
    )
    return Embed("facebook", canonical, frame)


# -- stored bodies -------------------------------------------------------------

# Run on the sanitiser's output: every tag is well formed, attribute values are
# double-quoted with `"` escaped, and text holds no raw `<`.
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/"]+(?:="[^"]*")?)*)\s*/?>')
_ATTRIBUTE = re.compile(r'([^\s=/"]+)(?:="([^"]*)")?')
_VOID = {"br", "hr", "img", "wbr", "col", "source", "area", "input"}


def _attributes(text: str) -> dict[str, str]:
    return {
        name.lower(): html.unescape(value or "")
        for name, value in _ATTRIBUTE.findall(text)
    }


def figure_html(embed: Embed) -> str:
    """The stored form of an embed."""
    return FIGURE.format(provider=embed.provider, url=escape_attribute(embed.url))


def escape_attribute(value: str) -> str:
    """As nh3 escapes an attribute value, < > and no-break spaces included, so
    cleaning a body again changes nothing (articles.sanitize uses it too)."""
    return (
        value.replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\xa0", "&nbsp;")
    )


def link_paragraph(url: str) -> str:
    """A paragraph holding a link to `url`, as the sanitiser writes it (so
    cleaning it again changes nothing), or "" when `url` is not a web address
    the sanitiser would keep."""
    if not _is_web_address(url):
        return ""
    text = url.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    link = nh3.clean(
        f'<a href="{escape_attribute(url)}">{text}</a>',
        tags={"a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="noopener",
    )
    return f"<p>{link}</p>" if " href=" in link else ""


def _lone_url(inner: str) -> tuple[str, bool] | None:
    """The URL a paragraph's inner HTML holds and nothing else, and whether it
    is already a link: as text, or as one link whose text is its address."""
    inner = inner.replace("&nbsp;", " ").strip()
    if "<" not in inner:
        text = html.unescape(inner).strip()
        if text and not any(c.isspace() for c in text):
            return text, False
        return None
    match = re.fullmatch(r"<a\b([^>]*)>([^<]*)</a>", inner)
    if match is None:
        return None
    href = _attributes(match[1]).get("href", "")
    text = html.unescape(match[2]).strip()
    return (href, True) if href and text == href else None


def _is_web_address(url: str) -> bool:
    """An absolute http(s) URL a browser will not tidy into another one."""
    if not url.isprintable() or any(c.isspace() or c == "\\" for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _is_embed_figure(attrs: dict[str, str]) -> bool:
    return "data-embed" in attrs or "data-embed-url" in attrs


def _walk(body: str, on_paragraph, on_embed) -> str:
    """Rebuild `body`, letting `on_paragraph(inner)` replace a top-level <p>
    and `on_embed(attrs)` replace an embed figure (with everything inside it);
    each returns the replacement, or None to keep the element as it is."""
    out: list[str] = []
    depth = 0  # open elements
    pos = 0
    # The element being read: (tag, start offset, attributes, inner start).
    pending = None
    nested = 0  # same-name elements opened inside the pending one
    for match in _TAG.finditer(body):
        closing, name = match[1] == "/", match[2].lower()
        if pending is not None:
            kind = pending[0]
            if name == kind and not closing:
                nested += 1
            elif name == kind and closing:
                if nested:
                    nested -= 1
                else:
                    _, start, attrs, inner_start = pending
                    pending = None
                    depth -= 1
                    if kind == "p":
                        replacement = on_paragraph(body[inner_start : match.start()])
                    else:
                        replacement = on_embed(attrs)
                    if replacement is not None:
                        out.append(body[pos:start])
                        out.append(replacement)
                        pos = match.end()
                    continue
            if name not in _VOID:
                depth += -1 if closing else 1
            continue
        if closing:
            depth -= 1
            continue
        if name in _VOID:
            continue
        if name == "p" and depth == 0:
            pending = ("p", match.start(), {}, match.end())
        elif name == "figure":
            attrs = _attributes(match[3])
            if _is_embed_figure(attrs):
                pending = ("figure", match.start(), attrs, match.end())
        depth += 1
        nested = 0
    out.append(body[pos:])
    return "".join(out)


def embed_blocks(body: str) -> tuple[str, list[str]]:
    """`body` (sanitised HTML) with each top-level paragraph holding only a
    recognised URL made an embed figure, and each embed figure rewritten to its
    stored form. An embed figure whose URL is not recognised becomes a link
    (or goes, when its URL is not a web address). Also returns the URLs of the
    embeds refused, for the editor to be told."""
    refused: list[str] = []

    def on_paragraph(inner: str) -> str | None:
        found = _lone_url(inner)
        if found is None:
            return None
        url, is_link = found
        if embed := recognise(url):
            return figure_html(embed)
        if not is_link:
            # Any other address alone on its line becomes an ordinary link.
            return link_paragraph(url) or None
        return None

    def on_embed(attrs: dict[str, str]) -> str:
        url = attrs.get("data-embed-url", "").strip()
        if embed := recognise(url):
            return figure_html(embed)
        refused.append(url)
        return link_paragraph(url)

    if "http" not in body and "data-embed" not in body:
        return body, refused
    return _walk(body, on_paragraph, on_embed), refused


# -- display -------------------------------------------------------------------

FACADE = (
    '<figure class="embed embed--{provider}" data-embed="{provider}" '
    'data-embed-frame="{frame}" data-embed-shape="{shape}">'
    '<p class="embed__provider">{name}</p>'
    '<p class="embed__url"><a href="{url}" rel="noopener">{url}</a></p>'
    '<button type="button" class="embed__load" data-embed-load hidden>'
    "Load {name} content</button>"
    '<p class="embed__note" hidden>Loading it lets {name} set cookies and see '
    "your visit.</p></figure>"
)


def facade_html(embed: Embed) -> str:
    """The click-to-load card for an embed: a link, and a button (shown by
    static/js/embeds.js) that swaps in the provider's frame."""
    return FACADE.format(
        provider=embed.provider,
        name=embed.provider_name,
        url=html.escape(embed.url, quote=True),
        frame=html.escape(embed.frame_url, quote=True),
        shape="video" if embed.provider in VIDEO_SHAPED else "post",
    )


def render_facades(body: str) -> str:
    """A stored body with each embed figure shown as its facade (a figure
    whose URL is no longer recognised shows as a plain link)."""
    if "data-embed" not in body:
        return body

    def on_embed(attrs: dict[str, str]) -> str:
        url = attrs.get("data-embed-url", "").strip()
        if embed := recognise(url):
            return facade_html(embed)
        return link_paragraph(url)

    return _walk(body, lambda inner: None, on_embed)
