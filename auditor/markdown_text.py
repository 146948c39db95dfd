"""Markdown: blank out markup so checks read prose, keeping every offset.

Markup characters become spaces (line breaks stay), so the analysis text has
the same length as the source and a finding's offsets are the file's offsets.
"""
from __future__ import annotations

import re

from .document import Comment, Document

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---[ \t]*(?:\n|\Z)", re.S)
_FENCE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$", re.S | re.M)
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_CODE = re.compile(r"`[^`\n]+`")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\](\([^)\n]*\)|\[[^\]\n]*\])")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[^\n]*$", re.M)
_BLOCK_MARK = re.compile(r"^([ \t]*)(#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,3}[.)][ \t]+)", re.M)
_HEADING_TAIL = re.compile(r"[ \t]+#+[ \t]*$", re.M)
_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_]))")
_RULE = re.compile(r"^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$", re.M)


def _blank(buf: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if buf[i] not in "\r\n":
            buf[i] = " "


def mask(path: str, source: str) -> Document:
    buf = list(source)
    comments = []
    breaks: set[int] = set()
    code_blocks = []
    for pat in (_FRONT_MATTER, _FENCE):
        for m in pat.finditer(source):
            code_blocks.append(m.span())
            _blank(buf, *m.span())
    for m in _COMMENT.finditer(source):
        # a comment shown inside a code block is an example, not a directive
        if not any(s <= m.start() < e for s, e in code_blocks):
            comments.append(Comment(m.start(), m.end(), m.group(1)))
        _blank(buf, *m.span())
    for pat in (_TAG, _CODE, _IMAGE, _REF_DEF, _RULE):
        for m in pat.finditer(source):
            _blank(buf, *m.span())
    for m in _LINK.finditer(source):
        _blank(buf, m.start(), m.start() + 1)  # "["
        _blank(buf, m.start(1) + len(m.group(1)), m.end())  # "](url)"
    for m in _BLOCK_MARK.finditer(source):
        _blank(buf, m.start(2), m.end(2))
        # a heading, quote or list item is a block of its own
        breaks.add(m.start())
        if m.start() > 0:
            breaks.add(m.start() - 1)
        eol = source.find("\n", m.end())
        if eol >= 0:
            breaks.add(eol)
    for m in _HEADING_TAIL.finditer(source):
        line_start = source.rfind("\n", 0, m.start()) + 1
        if source.startswith("#", line_start):
            _blank(buf, *m.span())
    text = "".join(buf)
    masked = list(text)
    for m in _EMPHASIS.finditer(text):
        _blank(masked, *m.span())
    text = "".join(masked)
    return Document(path, source, text, fmt="md", comments=tuple(comments),
                    breaks=frozenset(breaks))
