"""The one place article HTML is cleaned: the body's rules for save, import and
display (docs/architecture.md, "The body editor").

A body holds paragraphs, h2 and h3, bold, italic, links, lists, block quotes,
rules and line breaks, plus two kinds of figure:

- an image from the library:
  ``<figure data-image="42" data-credit="Reuters"><img src="…" alt="…">
  <figcaption>Caption</figcaption></figure>``;
- an embed: ``<figure data-embed="youtube" data-embed-url="URL"><a href="URL">URL</a>
  </figure>``.

`sanitize()` says what it removed, so that nothing is dropped without a word;
`clean_html()` is its HTML alone.
"""

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3

from articles.embeds import embed_blocks, escape_attribute

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "strong",
    "b",
    "em",
    "i",
    "hr",
    "figure",
    "figcaption",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "figure": {"data-image", "data-credit", "data-embed", "data-embed-url"},
    "img": {"src", "alt"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Removed together with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "svg",
    "math",
    "noscript",
    "template",
    "object",
    "embed",
    "textarea",
    "select",
    "video",
    "audio",
    "canvas",
    "head",
    "title",
}
# What an editor is told was removed, by tag: (one, many). Formatting (fonts,
# colours, spans, styles, classes) goes without a word: dropping it is the point.
REPORTED = {
    "iframe": ("iframe", "iframes"),
    "script": ("script", "scripts"),
    "video": ("video", "videos"),
    "audio": ("audio player", "audio players"),
    "object": ("embedded object", "embedded objects"),
    "embed": ("embedded object", "embedded objects"),
    "svg": ("drawing (SVG)", "drawings (SVG)"),
    "canvas": ("drawing (canvas)", "drawings (canvas)"),
    "form": ("form", "forms"),
    "table": ("table (its text is kept)", "tables (their text is kept)"),
}
# A quick look first: most bodies hold none of these, and need no counting.
_REPORTABLE = re.compile(rf"<(?:img|{'|'.join(REPORTED)})\b", re.I)
IMAGE_NOT_IN_LIBRARY = (
    "image not in the media library",
    "images not in the media library",
)
UNKNOWN_EMBED = ("unknown embed (kept as a link)", "unknown embeds (kept as links)")


@dataclass(frozen=True)
class Cleaned:
    """Clean HTML, and what cleaning removed: {(one, many): count}."""

    html: str
    removed: Counter = field(default_factory=Counter)

    def removed_text(self) -> str:
        """ "1 iframe, 2 images not in the media library", or ""."""
        return ", ".join(
            f"{count} {one if count == 1 else many}"
            for (one, many), count in self.removed.items()
        )


def sanitize(value: str) -> Cleaned:
    """Clean `value` to the body's rules and count what had to go."""
    if not value:
        return Cleaned("")
    prepared = _PasteFormatting.rewrite(value)
    cleaned = nh3.clean(
        prepared,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        # "*": none on every tag (nh3 would allow lang and title anywhere).
        attributes={**ALLOWED_ATTRIBUTES, "*": set()},
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )
    removed = Counter()
    seen = _TagCounter.count(value) if _REPORTABLE.search(value) else Counter()
    for tag, label in REPORTED.items():
        if seen[tag]:
            removed[label] += seen[tag]
    if "<img" in cleaned or "<figure" in cleaned or "<figcaption" in cleaned:
        cleaned, structural = _Figures.apply(cleaned)
        removed.update(structural)
    # Embeds (articles/embeds.py): a URL alone on its line becomes one.
    cleaned, refused_embeds = embed_blocks(cleaned)
    removed[UNKNOWN_EMBED] += len(refused_embeds)
    if seen["img"]:
        kept = cleaned.count("<img ")
        if seen["img"] > kept:
            removed[IMAGE_NOT_IN_LIBRARY] += seen["img"] - kept
    return Cleaned(_tidy(cleaned), +removed)


_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|<br>)*</p>")
_BLOCK_END = r"</(?:p|h2|h3|ul|ol|li|blockquote|figure)>"
_STRAY_BREAKS = re.compile(rf"(^|{_BLOCK_END})(?:\s*<br>)+(?=\s*(?:<|$))")


def _tidy(value: str) -> str:
    """Without empty paragraphs, line breaks between blocks (Google Docs puts
    a <br> between them) and the whitespace a pasted document starts or ends
    with."""
    if "<p>" in value or "<br>" in value:
        value = _EMPTY_PARAGRAPH.sub("", value)
        value = _STRAY_BREAKS.sub(r"\1", value)
    return value.strip()


def clean_html(value: str) -> str:
    """Return `value` with everything outside the body's rules removed.

    script, style, iframe, svg and math go with their content; links keep only
    http(s)/mailto targets and get rel="noopener"; an image is kept only as a
    figure from the library.
    """
    return sanitize(value).html


def paragraphs_to_html(paragraphs: list[str] | tuple[str, ...]) -> str:
    """Plain-text paragraphs as escaped <p> elements."""
    return "\n".join(f"<p>{html.escape(text, quote=False)}</p>" for text in paragraphs)


# --- Before nh3: what pasted documents mean by their styles -----------------

_BOLD = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)\b", re.I)
_NOT_BOLD = re.compile(r"font-weight\s*:\s*(normal|[1-4]00)\b", re.I)
_ITALIC = re.compile(r"font-style\s*:\s*italic\b", re.I)
_NOT_ITALIC = re.compile(r"font-style\s*:\s*normal\b", re.I)
_WORD_LIST_BULLET = re.compile(r"mso-list\s*:\s*ignore", re.I)
HEADING_LEVELS = {"h1": "h2", "h4": "h3", "h5": "h3", "h6": "h3"}


class _PasteFormatting(HTMLParser):
    """Rewrites what Google Docs and Word put on the clipboard into plain tags,
    before nh3 drops their styles:

    - Google Docs wraps everything in ``<b style="font-weight:normal"
      id="docs-internal-guid-…">``: a ``<b>``/``<strong>`` styled not bold is
      unwrapped (otherwise the whole paste would turn bold);
    - Google Docs marks bold and italic on spans (``font-weight:700``,
      ``font-style:italic``): they become ``<strong>`` and ``<em>``;
    - Word's list bullets (``<span style='mso-list:Ignore'>·</span>``) go;
    - h1 becomes h2, and h4–h6 h3, the body's two levels of subheading.

    Everything else is passed on as it came, for nh3 to judge.
    """

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out = []
        self.stack = []  # (tag, end tags to write, drop content)
        self.dropping = 0

    @classmethod
    def rewrite(cls, value: str) -> str:
        if "style" not in value and not re.search(r"<h[1456]", value, re.I):
            return value
        parser = cls()
        parser.feed(value)
        parser.close()
        return "".join(parser.out)

    def _write(self, text):
        if not self.dropping:
            self.out.append(text)

    def handle_starttag(self, tag, attrs):
        style = dict(attrs).get("style") or ""
        if tag in ("b", "strong") and _NOT_BOLD.search(style):
            self.stack.append((tag, "", False))
            return
        if tag == "span":
            if _WORD_LIST_BULLET.search(style):
                self.stack.append((tag, "", True))
                self.dropping += 1
                return
            opens, closes = "", ""
            if _BOLD.search(style):
                opens, closes = opens + "<strong>", "</strong>" + closes
            if _ITALIC.search(style):
                opens, closes = opens + "<em>", "</em>" + closes
            self._write(opens)
            self.stack.append((tag, closes, False))
            return
        if tag in ("i", "em") and _NOT_ITALIC.search(style):
            self.stack.append((tag, "", False))
            return
        if tag in HEADING_LEVELS:
            self._write(f"<{HEADING_LEVELS[tag]}>")
            self.stack.append((tag, f"</{HEADING_LEVELS[tag]}>", False))
            return
        self._write(self.get_starttag_text())
        if tag in ("b", "strong", "i", "em"):
            self.stack.append((tag, f"</{tag}>", False))

    def handle_startendtag(self, tag, attrs):
        self._write(self.get_starttag_text())

    def handle_endtag(self, tag):
        tracked = tag in ("b", "strong", "span", "i", "em", *HEADING_LEVELS)
        if tracked:
            # Only the nearest few: a stray end tag must not scan a deep stack.
            for index in range(len(self.stack) - 1, max(-1, len(self.stack) - 65), -1):
                if self.stack[index][0] == tag:
                    _, closes, drops = self.stack.pop(index)
                    if drops:
                        self.dropping -= 1
                    else:
                        self._write(closes)
                    return
            return
        self._write(f"</{tag}>")

    def handle_data(self, data):
        self._write(data)

    def handle_entityref(self, name):
        self._write(f"&{name};")

    def handle_charref(self, name):
        self._write(f"&#{name};")

    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass

    def unknown_decl(self, data):
        pass

    def handle_pi(self, data):
        pass


class _TagCounter(HTMLParser):
    """Counts start tags in the HTML as it came, to say what was removed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.seen = Counter()

    @classmethod
    def count(cls, value: str) -> Counter:
        parser = cls()
        parser.feed(value)
        parser.close()
        return parser.seen

    def handle_starttag(self, tag, attrs):
        self.seen[tag] += 1


# --- After nh3: the two kinds of figure -------------------------------------


@dataclass
class _Node:
    tag: str
    attrs: dict
    children: list


class _Figures(HTMLParser):
    """Keeps figures to the two shapes the body allows (see the module's
    docstring) and images only inside a library figure.

    Runs on nh3's output, which is well formed, so a small tree does.
    """

    VOID = {"br", "hr", "img"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("", {}, [])
        self.stack = [self.root]

    @classmethod
    def apply(cls, value: str) -> tuple[str, Counter]:
        parser = cls()
        parser.feed(value)
        parser.close()
        removed = Counter()
        children = parser._clean(parser.root.children, removed, in_figure=False)
        return "".join(_serialize(child) for child in children), removed

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, dict(attrs), [])
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(_Node(tag, dict(attrs), []))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)

    def _clean(self, children, removed, *, in_figure):
        result = []
        for child in children:
            if isinstance(child, str):
                result.append(child)
            elif child.tag == "figure":
                result.extend(self._figure(child, removed))
            elif child.tag == "img":
                continue  # counted by sanitize(): not from the library
            elif child.tag == "figcaption" and not in_figure:
                # A caption out of its figure is just a paragraph.
                result.append(
                    _Node(
                        "p",
                        {},
                        self._clean(child.children, removed, in_figure=in_figure),
                    )
                )
            else:
                child.children = self._clean(
                    child.children, removed, in_figure=in_figure
                )
                result.append(child)
        return result

    def _figure(self, figure, removed):
        attrs = figure.attrs
        image = attrs.get("data-image") or ""
        if image:
            img = next(
                (c for c in figure.children if isinstance(c, _Node) and c.tag == "img"),
                None,
            )
            if image.isdigit() and img is not None and img.attrs.get("src"):
                kept = {"data-image": image}
                if attrs.get("data-credit"):
                    kept["data-credit"] = attrs["data-credit"]
                children = [
                    _Node(
                        "img",
                        {"src": img.attrs["src"], "alt": img.attrs.get("alt", "")},
                        [],
                    )
                ]
                caption = next(
                    (
                        c
                        for c in figure.children
                        if isinstance(c, _Node) and c.tag == "figcaption"
                    ),
                    None,
                )
                if caption is not None:
                    text = _text(caption).strip()
                    if text:
                        children.append(_Node("figcaption", {}, [text]))
                return [_Node("figure", kept, children)]
            # Not a library image after all: its img (if any) is reported as one.
            return self._unwrapped(figure, removed)
        if "data-embed" in attrs or "data-embed-url" in attrs:
            # Checked and rewritten to its stored form by embed_blocks().
            kept = {k: attrs[k] for k in ("data-embed", "data-embed-url") if k in attrs}
            children = self._clean(figure.children, removed, in_figure=True)
            return [_Node("figure", kept, children)]
        return self._unwrapped(figure, removed)

    def _unwrapped(self, figure, removed):
        """A figure of neither kind: its content stays, as paragraphs."""
        return self._clean(figure.children, removed, in_figure=False)


def _text(node) -> str:
    if isinstance(node, str):
        return node
    return "".join(_text(child) for child in node.children)


def _escape_text(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\xa0", "&nbsp;")
    )


def _serialize(node) -> str:
    if isinstance(node, str):
        return _escape_text(node)
    attrs = "".join(
        f' {name}="{escape_attribute(v or "")}"' for name, v in node.attrs.items()
    )
    if node.tag in _Figures.VOID:
        return f"<{node.tag}{attrs}>"
    inner = "".join(_serialize(child) for child in node.children)
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"
