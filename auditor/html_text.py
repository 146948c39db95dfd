"""Main article text out of an HTML page, with every character mapped back to
its place in the original file.

Uses the standard library's HTML tokenizer (`html.parser`), which reports the
source position of each token; character references are decoded here so each
decoded character keeps the span of its `&...;` in the source.
"""
from __future__ import annotations

import html
import re
from array import array
from html.parser import HTMLParser

from .document import Comment, Document

# content that is never article text
_SKIP = frozenset(
    "head script style noscript template svg math iframe object embed button select "
    "textarea nav aside form dialog".split()
)
# page chrome: skipped unless it sits inside the article itself
_CHROME = frozenset(("header", "footer"))
_CONTENT = frozenset(("article", "main"))
_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol br tr td th table blockquote section article main "
    "figure figcaption pre dd dt dl hr header footer title caption address details summary".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_WS = re.compile(r"\s+")


class _Extractor(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.newline_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.stack: list[str] = []
        self.skip = 0
        self.content_depth = 0
        self.pre = 0
        self.chars: list[str] = []
        self.starts = array("q")
        self.ends = array("q")
        self.in_content: list[bool] = []  # per character
        self.saw_content = False
        self.comments: list[Comment] = []

    # position of the token being handled, as an absolute source offset
    def _here(self) -> int:
        line, col = self.getpos()
        return self.newline_starts[line - 1] + col

    def _emit(self, chars: str, start: int, end: int) -> None:
        for ch in chars:
            self.chars.append(ch)
            self.starts.append(start)
            self.ends.append(end)
            self.in_content.append(self.content_depth > 0)

    def _break(self, at: int) -> None:
        # paragraph separator, zero-width in the source
        if self.chars and self.chars[-1] != "\n":
            self._emit("\n", at, at)

    def _hidden(self) -> bool:
        return self.skip > 0

    def handle_starttag(self, tag, attrs):
        at = self._here()
        if tag in _BLOCK:
            self._break(at)
        if tag in _VOID:
            return
        self.stack.append(tag)
        if tag in _SKIP or (tag in _CHROME and self.content_depth == 0):
            self.skip += 1
        elif tag in _CONTENT:
            self.content_depth += 1
            self.saw_content = True
        elif tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self._break(self._here())

    def handle_endtag(self, tag):
        at = self._here()
        if tag not in self.stack:
            return  # stray end tag
        while self.stack:
            top = self.stack.pop()
            if top in _SKIP or (top in _CHROME and self.content_depth == 0 and self.skip):
                self.skip -= 1
            elif top in _CONTENT:
                self.content_depth -= 1
            elif top == "pre":
                self.pre -= 1
            if top == tag:
                break
        if tag in _BLOCK:
            self._break(at)

    def handle_data(self, data):
        if self._hidden():
            return
        at = self._here()
        if self.pre:
            for i, ch in enumerate(data):
                self._emit(ch, at + i, at + i + 1)
            return
        pos = 0
        for m in _WS.finditer(data):
            for i in range(pos, m.start()):
                self._emit(data[i], at + i, at + i + 1)
            prev = self.chars[-1] if self.chars else "\n"
            if not prev.isspace():
                self._emit(" ", at + m.start(), at + m.end())
            pos = m.end()
        for i in range(pos, len(data)):
            self._emit(data[i], at + i, at + i + 1)

    def _reference(self, raw_prefix: str, name: str) -> None:
        if self._hidden():
            return
        at = self._here()
        end = at + len(raw_prefix) + len(name)
        if self.source.startswith(";", end):
            end += 1
        decoded = html.unescape(self.source[at:end])
        decoded = decoded.replace("\u00a0", " ") if decoded == "\u00a0" else decoded
        self._emit(decoded, at, end)

    def handle_entityref(self, name):
        self._reference("&", name)

    def handle_charref(self, name):
        self._reference("&#", name)

    def handle_comment(self, data):
        at = self._here()
        end = self.source.find("-->", at)
        end = len(self.source) if end < 0 else end + 3
        self.comments.append(Comment(at, end, data))


def extract(path: str, source: str) -> Document:
    p = _Extractor(source)
    p.feed(source)
    p.close()
    keep = range(len(p.chars))
    if p.saw_content:
        keep = [i for i in keep if p.in_content[i]]
    chars: list[str] = []
    starts, ends = array("q"), array("q")
    for i in keep:
        ch = p.chars[i]
        if ch == "\n" and (not chars or chars[-1] == "\n"):
            continue
        if ch == " " and chars and chars[-1] == "\n":
            continue
        if ch == "\n" and chars and chars[-1] == " ":
            # drop a trailing space before a paragraph break
            chars.pop()
            starts.pop()
            ends.pop()
        chars.append(ch)
        starts.append(p.starts[i])
        ends.append(p.ends[i])
    while chars and chars[-1] in "\n ":
        chars.pop()
        starts.pop()
        ends.pop()
    text = "".join(chars)
    return Document(path, source, text, fmt="html", src_start=starts, src_end=ends,
                    comments=tuple(p.comments))
