"""Word-level diffs of text, for history and edit conflicts.

Bodies are compared as what a reader reads, not as markup: `body_as_text`
turns the sanitised HTML into text with each paragraph, heading, list item or
quote on a line of its own. Texts are compared line by line first (so a long
body with one changed paragraph costs little), then word by word inside the
lines that changed. The HTML made here is escaped text in <del>/<ins>.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from html import unescape

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

EQUAL, DELETE, INSERT = "equal", "delete", "insert"

# Where a line ends in a body: after a block, or at a line break.
BLOCK_END = re.compile(
    r"<br\s*/?>|</(?:p|h[1-6]|li|blockquote|pre|figcaption|figure|div|tr)\s*>", re.I
)
TAG = re.compile(r"<[^>]*>")
# Words (with inner apostrophes and hyphens), runs of space, single marks.
TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|[^\S\n]+|\n|[^\w\s]", re.UNICODE)


def body_as_text(html: str) -> str:
    """A body as text, one block (paragraph, heading, item) per line."""
    text = unescape(TAG.sub("", BLOCK_END.sub("\n", html or "")))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) pieces, op one of equal, delete, insert; a replacement is
    its deletion then its insertion. Adjacent pieces of one op are merged."""
    old_lines, new_lines = (old or "").split("\n"), (new or "").split("\n")
    ops: list[tuple[str, str]] = []
    lines = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        # Each block of lines is followed by the newline that ends it, unless
        # it is the last; the separator belongs to the block before it.
        before = _join(old_lines, i1, i2)
        after = _join(new_lines, j1, j2)
        if tag == "equal":
            ops.append((EQUAL, before))
        elif tag == "replace":
            ops.extend(_words(before, after))
        elif tag == "delete":
            ops.append((DELETE, before))
        else:
            ops.append((INSERT, after))
    return _merged(ops)


def side_by_side(old: str, new: str) -> tuple[SafeString, SafeString]:
    """The old text with deletions marked, and the new with insertions."""
    left, right = [], []
    for op, text in word_diff(old, new):
        if op in (EQUAL, DELETE):
            left.append(_marked(op, text))
        if op in (EQUAL, INSERT):
            right.append(_marked(op, text))
    return mark_safe("".join(left)), mark_safe("".join(right))


def inline(old: str, new: str) -> SafeString:
    """One text with deletions and insertions marked in place."""
    return mark_safe("".join(_marked(op, text) for op, text in word_diff(old, new)))


def _join(lines: list[str], start: int, end: int) -> str:
    text = "\n".join(lines[start:end])
    if end < len(lines) and end > start:
        text += "\n"
    return text


def _words(old: str, new: str) -> list[tuple[str, str]]:
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    ops = []
    words = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in words.get_opcodes():
        if tag == "equal":
            ops.append((EQUAL, "".join(a[i1:i2])))
            continue
        if tag in ("replace", "delete"):
            ops.append((DELETE, "".join(a[i1:i2])))
        if tag in ("replace", "insert"):
            ops.append((INSERT, "".join(b[j1:j2])))
    return ops


def _merged(ops: list[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: list[tuple[str, str]] = []
    for op, text in ops:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    # A deletion and an insertion next to each other read best in that order.
    for n in range(len(merged) - 1):
        if merged[n][0] == INSERT and merged[n + 1][0] == DELETE:
            merged[n], merged[n + 1] = merged[n + 1], merged[n]
    return merged


def _marked(op: str, text: str) -> str:
    if op == DELETE:
        return f"<del>{escape(text)}</del>"
    if op == INSERT:
        return f"<ins>{escape(text)}</ins>"
    return escape(text)
