"""A loaded article: original text, analysis text, and the offset maps between them.

`source` is the file's text exactly as decoded.  `text` is what checks read: for
plain text it is `source`; for Markdown it is `source` with markup blanked out
(same length, so offsets are shared); for HTML it is the extracted article text,
with `src_start`/`src_end` giving each character's span in `source`.

Checks work in `text` offsets and build findings through `Document.span`, which
converts to source offsets and 1-based line/column once, in one place.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import cached_property

from .finding import Position

WORD_RE = re.compile(r"\w+(?:['’\-]\w+)*")
_SENT_END_RE = re.compile(r"[.!?…]+[\"”’»)\]]*\s+")
_ABBREV = frozenset(
    "mr mrs ms dr prof gen col lt sgt capt maj st mt jr sr no vs etc approx dept "
    "gov rep sen pres jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k e.g i.e".split()
)
_QUOTE_PAIRS = (("“", "”"), ("«", "»"), ("„", "“"), ('"', '"'))


@dataclass(frozen=True, slots=True)
class Comment:
    """An HTML/Markdown comment in the source (used for inline suppression)."""

    start: int  # source offsets
    end: int
    body: str


@dataclass(frozen=True, slots=True)
class SourceSpan:
    start: int
    end: int
    begin: Position
    finish: Position


class Document:
    def __init__(
        self,
        path: str,
        source: str,
        text: str | None = None,
        fmt: str = "txt",
        src_start: array | None = None,
        src_end: array | None = None,
        comments: tuple[Comment, ...] = (),
        breaks: frozenset[int] = frozenset(),
    ) -> None:
        self.path = path
        self.source = source
        self.text = source if text is None else text
        self.format = fmt
        self._src_start = src_start
        self._src_end = src_end
        self.comments = comments
        # text offsets where a line break counts as a sentence boundary (Markdown)
        self._breaks = breaks
        if (src_start is None) != (src_end is None):
            raise ValueError("src_start and src_end go together")
        if src_start is None and len(self.text) != len(source):
            raise ValueError("analysis text without an offset map must match the source length")

    def __getstate__(self) -> dict:
        """Pickled (a pool worker sends a document to the main process: see
        pipeline) without the views derived from its text, which the receiver
        computes again when it needs them.  Two go along, as the worker has
        them and they are costly to redo: `normalized`, the text the checks
        read, and where the source's lines start (every finding's position)."""
        return {k: v for k, v in self.__dict__.items() if k not in _DERIVED}

    # ---- offsets -------------------------------------------------------
    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        src = self.source
        for m in re.finditer(r"\r\n|\r|\n", src):
            starts.append(m.end())
        return starts

    def position(self, source_offset: int) -> Position:
        """1-based line and column of a source offset."""
        starts = self._line_starts
        i = bisect.bisect_right(starts, source_offset) - 1
        return Position(i + 1, source_offset - starts[i] + 1)

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        if self._src_start is None:
            return start, end
        if end <= start:
            s = self._src_start[start] if start < len(self.text) else len(self.source)
            return s, s
        return self._src_start[start], self._src_end[end - 1]

    def span(self, start: int, end: int) -> SourceSpan:
        s, e = self.to_source(start, end)
        return SourceSpan(s, e, self.position(s), self.position(e))

    # ---- views ---------------------------------------------------------
    @cached_property
    def normalized(self) -> str:
        """`text` with each character replaced by its compatibility form when that is
        one character (curly quotes, dashes, no-break spaces, full-width letters).
        Same length as `text`, so offsets carry over; never shown to the user."""
        out = []
        for ch in self.text:
            if ch.isascii():
                out.append(ch)
                continue
            n = _CHAR_MAP.get(ch)
            if n is None:
                n = unicodedata.normalize("NFKC", ch)
                if len(n) != 1:
                    n = ch
            out.append(n)
        out = "".join(out)
        return self.text if out == self.text else out  # one string, not two alike (a pickled document sends it once)

    @cached_property
    def tokens(self) -> list[tuple[int, int]]:
        return [m.span() for m in WORD_RE.finditer(self.text)]

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans in `text`: paragraph breaks, then end punctuation."""
        text = self.text
        spans: list[tuple[int, int]] = []
        for para in _paragraphs(text, self.format, self._breaks):
            ps, pe = para
            start = ps
            for m in _SENT_END_RE.finditer(text, ps, pe):
                if _is_abbreviation(text, m.start()):
                    continue
                nxt = text[m.end():m.end() + 1]
                if nxt and not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘«(["):
                    continue
                spans.append(_strip(text, start, m.end()))
                start = m.end()
            if start < pe:
                spans.append(_strip(text, start, pe))
        return [s for s in spans if s[1] > s[0]]

    @cached_property
    def lines(self) -> list[tuple[int, int]]:
        """Spans of the lines of `text` (no line breaks), including empty ones."""
        out, pos = [], 0
        for m in re.finditer(r"\r\n|\r|\n", self.text):
            out.append((pos, m.start()))
            pos = m.end()
        out.append((pos, len(self.text)))
        return out

    @cached_property
    def quoted(self) -> list[tuple[int, int]]:
        """Spans of quotations (inside the quote marks) within each paragraph."""
        spans = []
        text = self.text
        for ps, pe in _paragraphs(text, self.format, self._breaks):
            para = text[ps:pe]
            for open_q, close_q in _QUOTE_PAIRS:
                i = 0
                while True:
                    a = para.find(open_q, i)
                    if a < 0:
                        break
                    b = para.find(close_q, a + 1)
                    if b < 0:
                        # an unclosed quote runs to the paragraph's end (news style)
                        if open_q != '"':
                            spans.append((ps + a + 1, pe))
                        break
                    spans.append((ps + a + 1, ps + b))
                    i = b + 1
        spans.sort()
        return spans

    def in_quote(self, start: int, end: int) -> bool:
        for qs, qe in self.quoted:
            if qs <= start and end <= qe:
                return True
            if qs > start:
                break
        return False


# the cached views a pickled Document leaves out, and the two it keeps (see Document.__getstate__)
_KEPT = frozenset({"normalized", "_line_starts"})
_DERIVED = frozenset(k for k, v in vars(Document).items() if isinstance(v, cached_property)) - _KEPT

_CHAR_MAP = {
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
    "\ufeff": " ", "\u200b": " ", "…": ".",
}


def _paragraphs(text: str, fmt: str, breaks: frozenset[int]):
    """Yield (start, end) of paragraphs. In text and HTML every line break ends a
    paragraph; Markdown wraps lines, so only blank lines and block starts do."""
    if fmt == "md":
        pattern = re.compile(r"\n[ \t]*\n\s*|\n")
        start = 0
        for m in pattern.finditer(text):
            if m.group() == "\n" and m.end() not in breaks and m.start() not in breaks:
                continue
            if m.start() > start:
                yield start, m.start()
            start = m.end()
        if start < len(text):
            yield start, len(text)
        return
    start = 0
    for m in re.finditer(r"[\r\n]+", text):
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if not word:
        return False
    if word == "no":  # "No. 5", but "said no."
        return text[dot + 1:dot + 3].strip()[:1].isdigit()
    # single capital letters are initials ("J. Smith"), known abbreviations stay joined
    return word in _ABBREV or (len(word) == 1 and text[j].isupper())
